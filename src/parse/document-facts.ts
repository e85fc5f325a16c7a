import { BodyRegistry, type Body } from '../domain/bodies.js';
import type { BlockStream, TextBlock } from './blocks.js';
import { MONTHS } from './months.js';

/**
 * What a UN document prints about itself on its first page: its symbol ("E/CN.7/2024/CRP.5", also in every
 * page's running header), the "Distr.: General" date line, the issuing body and its session
 * ("Commission on Narcotic Drugs", "Sixty-seventh session").
 */
export interface DocumentFacts {
  symbol: string | null;
  /** ISO date ("2024-03-04"). */
  date: string | null;
  body: string | null;
  /** As printed, in lower case: "sixty-seventh session". */
  session: string | null;
  /** What the document was adopted as, when it says so: "CND resolution 67/99", "decision 66/1". */
  adoptedAs: string | null;
}

/** The masthead is on the first page: this many blocks is more than any first page holds before the body. */
const MASTHEAD_BLOCKS = 40;

/**
 * A UN document symbol: series letters, then slash-separated parts ("E/CN.7/2024/CRP.5", "A/RES/78/1",
 * "E/2024/28", "UNODC/CND/2024/1").
 */
const SYMBOL = /\b[A-Z]{1,6}(?:\/[A-Z0-9][A-Za-z0-9.-]*)+\/[A-Z0-9][A-Za-z0-9.-]*\b/;
/** "4 March 2024", alone on its line or after "Distr.: General": the date of issue. */
const DATE_LINE = new RegExp(`^(?:Distr\\.?:?\\s*[A-Za-z]+[,;]?\\s*)?(\\d{1,2})\\s+(${MONTHS.join('|')})\\s+((?:19|20)\\d{2})\\.?$`, 'i');
const SESSION_LINE = /^([A-Za-z]+(?:[-\s][a-z]+)?|\d{1,3}(?:st|nd|rd|th))\s+session$/i;
/** "Commission on Narcotic Drugs resolution 67/99", "Resolution 67/99. Promoting …": a heading naming the adopted text. */
const ADOPTED_AS = /^(?:(.+?)\s+)?(resolution|decision)\s+(\d{1,3}\/\d{1,4})(?=$|[.:\s])/i;

/** "Commission on Narcotic Drugs Sixty-seventh session": a body and its session set on one line, or run together by a reader. */
const BODY_AND_SESSION = /^(.+?)\s+((?:[A-Za-z]+(?:-[a-z]+)?|\d{1,3}(?:st|nd|rd|th))\s+session)$/i;

/** A masthead block as the lines it holds: itself, or a body's name and its session when they run together. */
function mastheadLines(text: string, bodies: BodyRegistry): string[] {
  const joined = BODY_AND_SESSION.exec(text.trim());
  return joined && bodies.named(joined[1]!) ? [joined[1]!, joined[2]!] : [text];
}

function isoDate(day: string, month: string, year: string): string {
  return `${year}-${String(MONTHS.indexOf(month.toLowerCase()) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * Reads the facts from the first page's blocks and the running headers. The symbol printed in the masthead or
 * the header wins over symbols cited further down (a footnote citing the agenda "E/CN.7/2024/1").
 * @example
 * readDocumentFacts(readMarkdown('E/CN.7/2024/L.9\n\nDistr.: General, 4 March 2024\n\n...', 'l9.md')).date; // "2024-03-04"
 */
export function readDocumentFacts(stream: BlockStream, bodies: BodyRegistry = BodyRegistry.shipped()): DocumentFacts {
  const masthead = stream.blocks.slice(0, MASTHEAD_BLOCKS).filter((b): b is TextBlock => b.kind === 'text');
  const facts: DocumentFacts = { symbol: null, date: null, body: null, session: null, adoptedAs: null };
  let adopted: { by: Body | null; kind: string; number: string } | null = null;
  for (const line of stream.furniture) facts.symbol ??= SYMBOL.exec(line)?.[0] ?? null;
  /** The last body named before the session line: the one whose session it is. */
  let bodyOfSession: string | null = null;
  for (const text of masthead.flatMap((b) => mastheadLines(b.text, bodies))) {
    // A symbol is a line of its own in the masthead, not one cited in a sentence or a footnote ("* E/CN.7/2024/1.").
    if (SYMBOL.exec(text)?.[0] === text.trim()) facts.symbol ??= text.trim();
    const date = DATE_LINE.exec(text.replace(/\s+/g, ' '));
    if (date) facts.date ??= isoDate(date[1]!, date[2]!, date[3]!);
    const body = bodies.named(text.replace(/[.,]$/, ''));
    if (body) {
      facts.body ??= body.name;
      if (facts.session === null) bodyOfSession = body.name;
    }
    if (SESSION_LINE.test(text)) facts.session ??= text.toLowerCase();
    const match = ADOPTED_AS.exec(text);
    // "Commission on Narcotic Drugs resolution 67/99", or "Resolution 67/99. …" under the body's name.
    const by = match?.[1] === undefined ? null : bodies.named(match[1]);
    if (match && by !== undefined) adopted ??= { by, kind: match[2]!.toLowerCase(), number: match[3]! };
  }
  // A masthead names the principal organ ("Economic and Social Council") above the body that issues the
  // document and whose session follows ("Commission on Narcotic Drugs", "Sixty-seventh session").
  if (facts.session !== null && bodyOfSession !== null) facts.body = bodyOfSession;
  if (adopted) {
    const by = adopted.by ?? (facts.body ? bodies.named(facts.body) : undefined);
    // Named as people cite it, by the body's short name: "CND resolution 67/99".
    facts.adoptedAs = `${by ? `${by.shortNames[0] ?? by.name} ` : ''}${adopted.kind} ${adopted.number}`;
  }
  return facts;
}
