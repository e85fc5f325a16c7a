/**
 * The token SQLite's FTS5 makes of one ASCII word with the index's tokenizer (`porter unicode61`): the word
 * folded to lower case, then stemmed by FTS5's own Porter stemmer. The embedded store uses it to know, without a
 * query, which of the matches it read when it opened a question's word has (see sqlite-hnsw-store.ts).
 *
 * FTS5's stemmer is the Porter algorithm with its own reading of "y" (a vowel anywhere but first, in the
 * "contains a vowel" test), and it leaves tokens under 3 or over 64 characters as they are. This follows it rule
 * for rule; the `stemmer` package differs from it on a few words, so it is not used here. Checked against
 * SQLite's own tokens for about 920,000 words (WordNet's lemmas and their inflections) and random strings.
 */

/** Tokens FTS5 leaves unstemmed: shorter than this... */
const MIN_STEMMED_LENGTH = 3;
/** ...or longer than this (FTS5_PORTER_MAX_TOKEN). */
const MAX_STEMMED_LENGTH = 64;

/** One word of ASCII letters and digits: unicode61 makes exactly one token of it, and nothing else matters. */
const ASCII_WORD = /^[A-Za-z0-9]+$/;

/**
 * The FTS5 token of a word of ASCII letters and digits, or null for any other text (which may make several
 * tokens, or none, or need Unicode folding).
 * @example
 * fts5Token('Traffickers'); // 'traffick'
 */
export function fts5Token(word: string): string | null {
  if (!ASCII_WORD.test(word)) return null;
  const folded = word.toLowerCase();
  return folded.length < MIN_STEMMED_LENGTH || folded.length > MAX_STEMMED_LENGTH ? folded : stem(folded);
}

function isVowel(word: string, i: number, yIsVowel: boolean): boolean {
  const c = word[i];
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || (yIsVowel && c === 'y');
}

/**
 * Where the first vowel-then-consonant sequence of `word[from, to)` ends (one past its consonant), or 0 when it
 * has none; "y" is a vowel after a consonant. `afterConsonant` says whether the character before `from` was one.
 */
function endOfVowelConsonant(word: string, from: number, to: number, afterConsonant: boolean): number {
  let consonant = afterConsonant;
  let i = from;
  for (; i < to; i++) {
    consonant = !isVowel(word, i, consonant);
    if (!consonant) break;
  }
  for (i++; i < to; i++) {
    consonant = !isVowel(word, i, consonant);
    if (consonant) return i + 1 - from;
  }
  return 0;
}

/** m > 0: the stem `word[0, length)` has a vowel followed by a consonant. */
function measureAbove0(word: string, length: number): boolean {
  return endOfVowelConsonant(word, 0, length, false) !== 0;
}

/** m > 1. */
function measureAbove1(word: string, length: number): boolean {
  const first = endOfVowelConsonant(word, 0, length, false);
  return first !== 0 && endOfVowelConsonant(word, first, length, true) !== 0;
}

/** m = 1. */
function measureIs1(word: string, length: number): boolean {
  const first = endOfVowelConsonant(word, 0, length, false);
  return first !== 0 && endOfVowelConsonant(word, first, length, true) === 0;
}

/** *o: the stem ends consonant, vowel, consonant, the last not w, x or y. */
function endsCvc(word: string, length: number): boolean {
  const last = word[length - 1];
  if (last === 'w' || last === 'x' || last === 'y') return false;
  let pattern = 0;
  let consonant = false;
  for (let i = 0; i < length; i++) {
    consonant = !isVowel(word, i, consonant);
    pattern = ((pattern << 1) | (consonant ? 1 : 0)) & 0b111;
  }
  return pattern === 0b101;
}

/** *v*: the stem has a vowel, "y" counting as one anywhere but first. */
function hasVowel(word: string, length: number): boolean {
  for (let i = 0; i < length; i++) if (isVowel(word, i, i > 0)) return true;
  return false;
}

/** A suffix, what replaces it, and the condition its stem must meet. */
type Rule = readonly [suffix: string, replacement: string];
type Condition = (word: string, stemLength: number, suffix: string) => boolean;

/**
 * Applies the first rule whose suffix ends the word (the word longer than the suffix), if its stem meets the
 * condition; a matching rule whose condition fails ends the step, as in FTS5. Returns the new word, and whether a
 * rule was applied.
 */
function applyFirst(word: string, rules: readonly Rule[], condition: Condition): [string, boolean] {
  for (const [suffix, replacement] of rules) {
    if (word.length <= suffix.length || !word.endsWith(suffix)) continue;
    const stemLength = word.length - suffix.length;
    return condition(word, stemLength, suffix) ? [word.slice(0, stemLength) + replacement, true] : [word, false];
  }
  return [word, false];
}

const STEP_1B_AFTER: readonly Rule[] = [['at', 'ate'], ['bl', 'ble'], ['iz', 'ize']];

const STEP_2: readonly Rule[] = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['logi', 'log'],
  ['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'],
  ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'],
  ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'],
];

const STEP_3: readonly Rule[] = [['ical', 'ic'], ['ness', ''], ['icate', 'ic'], ['iciti', 'ic'], ['ful', ''], ['ative', ''], ['alize', 'al']];

const STEP_4: readonly Rule[] = [
  ['al', ''], ['ance', ''], ['ence', ''], ['er', ''], ['ic', ''], ['able', ''], ['ible', ''], ['ant', ''], ['ement', ''],
  ['ment', ''], ['ent', ''], ['ion', ''], ['ou', ''], ['ism', ''], ['ate', ''], ['iti', ''], ['ous', ''], ['ive', ''], ['ize', ''],
];
/** Step 4's condition: m > 1, and for "ion" a stem ending in "s" or "t". */
const step4Condition = (word: string, stemLength: number, suffix: string) =>
  measureAbove1(word, stemLength) && (suffix !== 'ion' || word[stemLength - 1] === 's' || word[stemLength - 1] === 't');

function stem(token: string): string {
  let word = token;
  // Step 1a: plurals.
  if (word.endsWith('s')) {
    if (word[word.length - 2] === 'e') {
      const dropTwo = (word.length > 4 && word.endsWith('sses')) || (word.length > 3 && word[word.length - 3] === 'i');
      word = word.slice(0, dropTwo ? -2 : -1);
    } else if (word[word.length - 2] !== 's') word = word.slice(0, -1);
  }
  // Step 1b: past tenses and gerunds ("eed" only loses its "d"), then what removing "ed" or "ing" left.
  let removedEnding = false;
  if (word.length > 3 && word.endsWith('eed')) {
    if (measureAbove0(word, word.length - 3)) word = word.slice(0, -1);
  } else if (word.length > 2 && word.endsWith('ed')) {
    if (hasVowel(word, word.length - 2)) [word, removedEnding] = [word.slice(0, -2), true];
  } else if (word.length > 3 && word.endsWith('ing')) {
    if (hasVowel(word, word.length - 3)) [word, removedEnding] = [word.slice(0, -3), true];
  }
  if (removedEnding) {
    let restored: boolean;
    [word, restored] = applyFirst(word, STEP_1B_AFTER, () => true);
    if (!restored) {
      const last = word[word.length - 1];
      if (!isVowel(word, word.length - 1, false) && last !== 'l' && last !== 's' && last !== 'z' && last === word[word.length - 2]) word = word.slice(0, -1);
      else if (measureIs1(word, word.length) && endsCvc(word, word.length)) word += 'e';
    }
  }
  // Step 1c: a final "y" after a vowel somewhere before it becomes "i".
  if (word.endsWith('y') && hasVowel(word, word.length - 1)) word = `${word.slice(0, -1)}i`;
  [word] = applyFirst(word, STEP_2, measureAbove0);
  [word] = applyFirst(word, STEP_3, measureAbove0);
  [word] = applyFirst(word, STEP_4, step4Condition);
  // Step 5a: a final "e".
  if (word.endsWith('e')) {
    const stemLength = word.length - 1;
    if (measureAbove1(word, stemLength) || (measureIs1(word, stemLength) && !endsCvc(word, stemLength))) word = word.slice(0, -1);
  }
  // Step 5b: a final double "l".
  if (word.length > 1 && word.endsWith('ll') && measureAbove1(word, word.length - 1)) word = word.slice(0, -1);
  return word;
}
