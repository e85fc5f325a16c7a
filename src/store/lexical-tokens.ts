import { stemmer } from 'stemmer';
import { fts5Token } from './fts5-porter.js';

/*
 * The tokens of SQLite FTS5's `porter unicode61 remove_diacritics 2` tokenizer, which the embedded store's lexical
 * index uses, computed in JavaScript so another backend indexes and queries exactly the same tokens (and so ranks
 * the same). unicode61 cuts the text into maximal runs of letters and numbers, lower-cases them and, with
 * remove_diacritics 2, takes the diacritics off Latin letters ("Curaçao" is "curacao"; Greek and Cyrillic keep
 * theirs, as in FTS5); porter then stems each token.
 */

/** FTS5's porter tokenizer passes tokens shorter than 3 or longer than 64 bytes (UTF-8) through unstemmed. */
const PORTER_MIN_BYTES = 3;
const PORTER_MAX_BYTES = 64;

/** A Latin letter followed by its combining marks, as NFD writes "ç" or "ü": FTS5 keeps only the letter. */
const LATIN_LETTER_WITH_MARKS = /([A-Za-z])\p{M}+/gu;

/** unicode61's token characters: Unicode letters, numbers and private-use characters ("L* N* Co"). */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * The Porter stems of a text's tokens, in order, as FTS5 indexes them: what the lexical index holds for a column,
 * and what a query term is matched as (a term of several tokens is a phrase).
 * @example
 * lexicalTokens('Drug-treatment courts, in Curaçao'); // ['drug', 'treatment', 'court', 'in', 'curacao']
 */
export function lexicalTokens(text: string): string[] {
  return lexicalWords(text).map(stem);
}

/**
 * The words a text's tokens are stemmed from, folded as FTS5 folds them (lower case, Latin diacritics away): a
 * phrase of them is an FTS5 query for exactly those tokens.
 * @example
 * lexicalWords('Drug-treatment courts, in Curaçao'); // ['drug', 'treatment', 'courts', 'in', 'curacao']
 */
export function lexicalWords(text: string): string[] {
  const folded = NOT_ASCII.test(text) ? text.normalize('NFD').replace(LATIN_LETTER_WITH_MARKS, '$1').normalize('NFC') : text;
  return folded.toLowerCase().match(TOKEN) ?? [];
}

/**
 * Stems of tokens seen before: a build stems every token of every paragraph (hundreds of millions at a million
 * paragraphs) from a vocabulary of thousands. Bounded, and emptied when full, as terms.ts keeps its stems.
 */
const stems = new Map<string, string>();
const MAX_STEMMED_TOKENS = 100_000;

/**
 * An ASCII token as FTS5's own Porter stems it (fts5-porter.ts, which the stemmer package differs from on a few
 * words: "groznyyed"); any other by the stemmer package, whose rules match only ASCII suffixes as FTS5's do.
 */
function stem(token: string): string {
  let stemmed = stems.get(token);
  if (stemmed === undefined) {
    if (stems.size >= MAX_STEMMED_TOKENS) stems.clear();
    stems.set(token, (stemmed = stemToken(token)));
  }
  return stemmed;
}

function stemToken(token: string): string {
  const ascii = fts5Token(token);
  if (ascii !== null) return ascii;
  const bytes = Buffer.byteLength(token);
  return bytes < PORTER_MIN_BYTES || bytes > PORTER_MAX_BYTES ? token : stemmer(token);
}
