import type { DocumentSummary } from '../store/types.js';

/**
 * "Hi", "Thanks", "What can you do?": a new user's first words to a chat box are often not a question about the
 * documents, and "The documents never use “Hi”" answers none of them. These are read before any search and
 * answered with what the assistant does and holds.
 */

/** What a message that asks nothing of the documents says. */
export type SmallTalk = 'greeting' | 'thanks' | 'help';

const GREETING = /^(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening|day)|greetings|bonjour|hola|salut)(?:\s+(?:there|all|everyone))?$/i;
const THANKS = /^(?:thanks?(?:\s+(?:you|a\s+lot|so\s+much))?|thank\s+you(?:\s+(?:very|so)\s+much)?|cheers|great|perfect|ok(?:ay)?(?:\s+thanks?)?|bye|goodbye|merci|gracias)$/i;
const HELP =
  /^(?:help|\?|what\s+(?:can|do)\s+(?:you|i)\s+(?:do|ask)(?:\s+(?:here|you))?|who\s+are\s+you|what\s+are\s+you|what\s+is\s+this|how\s+does\s+(?:this|it)\s+work|how\s+do\s+i\s+use\s+(?:this|you|it)|what\s+is\s+in\s+(?:the|your|this)\s+(?:database|collection|index|corpus|system))$/i;
/** "Which documents are in the database?", "What years are covered?": the collection itself, which the reply names. */
const COLLECTION =
  /^(?:what|which)\s+(?:years?|period|documents?|texts?|sources?|files?|records?)\s+(?:are|is|do\s+you|does\s+(?:it|this))\s+(?:covered|included|cover|have|hold|know|contain|searched|in\s+(?:the|your|this)\s+(?:database|collection|index|corpus|system))$/i;

/**
 * Whether a message greets, thanks or asks for help rather than asking about the documents; null when it asks
 * something else (a single word such as "naloxone" is a search).
 * @example
 * readSmallTalk('Hi!'); // 'greeting'
 * readSmallTalk('What can you do?'); // 'help'
 * readSmallTalk('What was said about naloxone?'); // null
 */
export function readSmallTalk(message: string): SmallTalk | null {
  const text = message.trim().replace(/[\s!.?,:;)(]+$/u, '').replace(/^[\s¡¿]+/u, '').replace(/\s+/g, ' ');
  if (text === '' && /\?/.test(message)) return 'help';
  if (GREETING.test(text)) return 'greeting';
  if (THANKS.test(text)) return 'thanks';
  if (HELP.test(text) || COLLECTION.test(text)) return 'help';
  return null;
}

/**
 * The years on record in words: "2019 to 2023", or the one year.
 * @example
 * yearRange([2019, 2020, 2023]); // '2019 to 2023'
 */
export function yearRange(years: readonly number[]): string {
  const first = years[0];
  const last = years.at(-1);
  return first === last ? `${first}` : `${first} to ${last}`;
}

/** "E/CN.7/2024/CRP.5", or "3 documents" for more. */
function documentsNamed(documents: readonly DocumentSummary[]): string {
  if (documents.length === 1) return documents[0]!.symbol ?? documents[0]!.title;
  return `${documents.length} documents`;
}

/**
 * The reply to a message that asks nothing of the documents: what the assistant does, with the documents it
 * holds and their years, and what to ask.
 * @example
 * smallTalkReply('thanks', documents, [2019, 2023]); // "You are welcome. …"
 */
export function smallTalkReply(talk: SmallTalk, documents: readonly DocumentSummary[], years: readonly number[]): string {
  if (talk === 'thanks') return 'You are welcome. Ask another question about the documents whenever you like.';
  const held = years.length === 0 ? documentsNamed(documents) : `${documentsNamed(documents)}, covering ${yearRange(years)}`;
  const opening = talk === 'greeting' ? 'Hello. ' : '';
  return (
    `${opening}Ask a question about the documents (${held}) and the reply quotes the sentences that answer it, each with ` +
    'its citation, or says plainly that the documents do not. Ask what was said about a topic, in a given year or ' +
    'over the years, who chaired or spoke at a meeting, or what a paragraph says; follow-ups such as "And in the ' +
    'year before?" keep the topic.'
  );
}
