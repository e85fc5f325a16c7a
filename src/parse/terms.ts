import { stemmer } from 'stemmer';
import { eng as englishStopWords } from 'stopword';

/** Words of a question that ask rather than say what it is about. */
const QUESTION_WORDS = new Set([
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'said', 'say', 'says', 'tell', 'told',
  'discussed', 'discuss', 'mentioned', 'mention', 'mentions', 'mentioning', 'regarding', 'concerning', 'year', 'years', 'session', 'sessions',
  'did', 'does', 'do', 'was', 'were', 'is', 'are', 'the', 'a', 'an', 'in', 'on', 'of', 'about',
  'date', 'dates', 'happen', 'happened', 'take', 'took', 'place', 'according',
  // Speaking itself, which the record writes as who spoke ("speakers", "statements"): "Which countries spoke in
  // 2021?" asks which countries, and was refused because the record never writes "spoke".
  'speak', 'spoke', 'spoken', 'speaking',
]);
/** Indefinite pronouns and fillers the stop-word list lacks: "did anyone ever flag…" is not about anyone. */
const FILLER_WORDS = new Set([
  'anyone', 'anybody', 'someone', 'somebody', 'everyone', 'everybody', 'anything', 'something', 'everything', 'nothing',
  'ever', 'really', 'else', 'just', 'even', 'whether', 'thing', 'things', 'kind', 'sort', 'lot',
  // Verbs that only carry another ("do they want to legalise…", "are drugs getting stronger", "trying to stop"):
  // WordNet reads "want" as lack and need, "getting" as acquiring and "trying" as a trial, which the record has
  // in other senses. The record uses none of them.
  'want', 'wants', 'wanted', 'wanting', 'get', 'gets', 'getting', 'got', 'gotten', 'try', 'tries', 'tried', 'trying', 'seem', 'seems', 'going',
  // "What is being done about meth?": done is no deed of its own.
  'done', 'doing',
]);
/**
 * Prepositions and connectives the stop-word list lacks: "drug use among homeless people" is not about "among",
 * which the record writes in "among others" and "among young people" alike.
 */
const FUNCTION_WORDS = new Set([
  'among', 'amongst', 'amid', 'within', 'across', 'throughout', 'toward', 'towards', 'upon', 'onto', 'via', 'despite',
  'beside', 'besides', 'during', 'along', 'unlike', 'versus', 'whereas', 'although', 'though', 'unless', 'until', 'whilst',
  'hence', 'thus', 'therefore', 'however', 'moreover', 'furthermore',
]);
const STOP_WORDS = new Set([...englishStopWords, ...QUESTION_WORDS, ...FILLER_WORDS, ...FUNCTION_WORDS]);

/** Contractions whose stem is not the word before the apostrophe. */
const IRREGULAR_NEGATIONS: Record<string, string> = { won: 'will', can: 'can', shan: 'shall' };

/**
 * A contraction's own word, which the stop words then judge: "don't" is "do", not the word "don"; "Commission's"
 * is "Commission". Other apostrophes ("d'Ivoire") join parts, which count separately.
 */
function withoutContraction(token: string): string {
  const negation = /^(\p{L}+)n['’]t$/u.exec(token);
  if (negation) return IRREGULAR_NEGATIONS[`${negation[1]}n`] ?? negation[1]!;
  return token.replace(/['’](?:s|re|ve|ll|d|m)$/u, '');
}

/** A word or number, with the parts a hyphen or an apostrophe joins to it. */
const TOKEN = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const JOINER = /[-'’]/;
/** One lower-case word or number, which is its own only token: most texts the expansions stem are one word. */
const PLAIN_WORD = /^[a-z0-9]+$/;

const isContentWord = (word: string) => word.length > 1 && !STOP_WORDS.has(word);

/**
 * Content words of a text, de-duplicated, in order: lower-cased words and numbers, hyphenated words as their
 * parts (as the lexical index sees them), stop words and one-letter tokens removed.
 */
export function contentTerms(text: string): string[] {
  if (PLAIN_WORD.test(text)) return isContentWord(text) ? [text] : [];
  const terms = new Set<string>();
  for (const token of text.toLowerCase().match(TOKEN) ?? []) {
    // Most tokens join nothing: they are their own word.
    if (!JOINER.test(token)) {
      if (isContentWord(token)) terms.add(token);
    } else {
      for (const part of withoutContraction(token).split(JOINER)) if (isContentWord(part)) terms.add(part);
    }
  }
  return [...terms];
}

/**
 * Stems of words seen before: every question stems its words, their expansions and the candidate sentences,
 * and the same words come back query after query. Bounded by words, a few MB: a plain map emptied when full,
 * since a stem costs less to make again than an LRU's bookkeeping on every one of thousands of look-ups a
 * question makes.
 */
const stems = new Map<string, string>();
const MAX_STEMMED_WORDS = 100_000;

/**
 * Families Porter makes one that mean different things, each kept apart under a stem of its own: "legalization"
 * is no "legal" assistance, "community" no "communication", the "Executive" Director no "execution". Matched on
 * the word; the stems are compared whole (sameStemFamily), never as prefixes of the stem Porter gives them.
 */
const SPLIT_FAMILIES: ReadonlyArray<{ words: RegExp; stem: string; madeFrom?: string }> = [
  // "Making cannabis legal" is its legalization: the adjective's stem still reaches the family made from it.
  { words: /^legali[sz]/, stem: 'legaliz', madeFrom: 'legal' },
  { words: /^communit(?:y|ies)$/, stem: 'communiti' },
  { words: /^communicat/, stem: 'communic' },
  { words: /^executives?$/, stem: 'executiv' },
];
const SPLIT_STEMS: ReadonlySet<string> = new Set(SPLIT_FAMILIES.map(({ stem }) => stem));
/** Each split family made from a word, by that word's stem: "legal" to "legaliz". */
const MADE_FROM: ReadonlyMap<string, string> = new Map(SPLIT_FAMILIES.flatMap(({ stem, madeFrom }) => (madeFrom === undefined ? [] : [[stem, madeFrom] as const])));

/**
 * The Porter stem of one word, kept for the next text that has it, or the stem of a family Porter would merge.
 * @example
 * wordStem('prisons'); // 'prison'
 * wordStem('legalization'); // 'legaliz', where Porter gives 'legal'
 */
export function wordStem(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    if (stems.size >= MAX_STEMMED_WORDS) stems.clear();
    stems.set(word, (stem = SPLIT_FAMILIES.find(({ words }) => words.test(word))?.stem ?? stemmer(word)));
  }
  return stem;
}

/**
 * Porter stems of every word in order, stop words included, so that adjacency is the text's own ("Office on
 * Drugs and Crime" must match word for word).
 * @example
 * wordStems('Office on Drugs'); // ['offic', 'on', 'drug']
 */
export function wordStems(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(wordStem);
}

/**
 * Porter leaves some families apart ("registered" → regist, "registrations" → registr): stems this long or longer
 * that one begins the other count as one. A shorter stem is no safe prefix ("us" begins "usual").
 */
export const MIN_STEM_PREFIX = 5;

/**
 * Whether two stems are of one family: the same, or long enough that one beginning the other says so.
 * @example
 * sameStemFamily('regist', 'registr'); // true
 * sameStemFamily('us', 'usual'); // false
 */
/**
 * Whether the stem is one of a family Porter would merge with another (wordStem keeps them apart): a full-text
 * index that stems by Porter finds the other family's words for it too.
 * @example
 * isSplitStem(wordStem('legalization')); // true
 */
export function isSplitStem(stem: string): boolean {
  return SPLIT_STEMS.has(stem);
}

/**
 * The stems of a text as an asked stem finds them by exact look-up: its own, and the stem each split family in it
 * was made from ("legal" for "legalization", which a question about making something legal asks of).
 * @example
 * stemsAsFound(['legaliz', 'cannabi']); // Set { 'legaliz', 'cannabi', 'legal' }
 */
export function stemsAsFound(stems: Iterable<string>): Set<string> {
  const found = new Set(stems);
  for (const stem of found) {
    const base = MADE_FROM.get(stem);
    if (base !== undefined) found.add(base);
  }
  return found;
}

/**
 * Whether a text's stem answers an asked one: of one family, or made from it ("legal" asked, "legalization" said),
 * but not the other way (asked of legalization, "legal assistance" does not answer).
 * @example
 * stemCovers('legal', 'legaliz'); // true
 * stemCovers('legaliz', 'legal'); // false
 */
export function stemCovers(asked: string, found: string): boolean {
  return sameStemFamily(asked, found) || MADE_FROM.get(found) === asked;
}

export function sameStemFamily(a: string, b: string): boolean {
  if (a === b) return true;
  if (SPLIT_STEMS.has(a) || SPLIT_STEMS.has(b)) return false;
  return a.length >= MIN_STEM_PREFIX && b.length >= MIN_STEM_PREFIX && (a.startsWith(b) || b.startsWith(a));
}

/** Porter stems of the content words, for matching "prisons" with "prison" outside the index. */
export function contentStems(text: string): string[] {
  const terms = contentTerms(text);
  if (terms.length === 1) return [wordStem(terms[0]!)];
  return [...new Set(terms.map(wordStem))];
}
