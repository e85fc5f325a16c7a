import { MAX_MATCHES_PER_TERM } from './bm25.js';
import { MAX_KEPT_PHRASE_TOKENS } from './common-phrases.js';

/*
 * Where PostgreSQL finds a phrase's matches at a search. FTS5 intersects position lists; PostgreSQL has none, and
 * its tsvector index gives every paragraph that holds all the phrase's words, then each is read and checked. For a
 * phrase of common words that is most paragraphs: at a million paragraphs, searches ran past the 5 s timeout.
 * The build keeps the matches of every phrase of up to MAX_KEPT_PHRASE_TOKENS stems made of common parts, rare
 * or not (commonPhrases with rareOfCommonParts), and counts them. So, for a phrase it did not keep:
 * - a part of it in no paragraph (a stem, or a phrase of common parts the build did not count) means the phrase
 *   is in none either: nothing is read;
 * - a part held by at most MAX_MATCHES_PER_TERM paragraphs has all its matches in the postings (a stem has all of
 *   them anyway): the phrase's matches are among those, the fewest such part's;
 * - a phrase longer than MAX_KEPT_PHRASE_TOKENS all of whose parts are common is left to the tsvector index.
 */

/** What a search knows about a part of a phrase: a stem, or a phrase of several stems. */
export interface PartCount {
  /** How many paragraphs hold it, as the build counted; null when it counted none (a stem in no paragraph, or a phrase not of common parts). */
  paragraphs: number | null;
  /** Whether the build kept its matches (every stem's; a phrase's when it was common, of common parts, or known to the retriever). */
  kept: boolean;
}

/** Where a phrase's matches are: read from the postings, nowhere, among the matches of one part, or among all that hold its words. */
export type PhraseSource = { from: 'kept' } | { from: 'nowhere' } | { from: 'part'; part: readonly string[] } | { from: 'words' };

/**
 * The parts of a phrase a search asks about: the phrase itself, then its stems and every run of them up to
 * MAX_KEPT_PHRASE_TOKENS long, shortest first.
 * @example
 * phraseParts(['harm', 'reduct', 'servic']);
 * // [['harm','reduct','servic'], ['harm'], ['reduct'], ['servic'], ['harm','reduct'], ['reduct','servic']]
 */
export function phraseParts(stems: readonly string[]): Array<readonly string[]> {
  const parts: Array<readonly string[]> = [stems];
  for (let length = 1; length <= Math.min(stems.length - 1, MAX_KEPT_PHRASE_TOKENS); length++) {
    for (let start = 0; start + length <= stems.length; start++) parts.push(stems.slice(start, start + length));
  }
  return parts;
}

/**
 * Where a phrase's matches are, from its parts' counts (`count` is asked only about phraseParts' parts).
 * @example
 * phraseSource(['ground', 'alpha'], count); // { from: 'nowhere' } when both stems are common and the build counted no such phrase
 */
export function phraseSource(stems: readonly string[], count: (part: readonly string[]) => PartCount): PhraseSource {
  if (count(stems).kept) return { from: 'kept' };
  const common = (part: readonly string[]) => (count(part).paragraphs ?? 0) > MAX_MATCHES_PER_TERM;
  // A phrase of common parts the build counted is in no paragraph only when it is short enough to be counted.
  const ofCommonParts = (part: readonly string[]) => part.length <= MAX_KEPT_PHRASE_TOKENS && common(part.slice(0, -1)) && common(part.slice(1));
  let fewest: { part: readonly string[]; paragraphs: number } | null = null;
  for (const part of phraseParts(stems)) {
    const { paragraphs } = count(part);
    const held = paragraphs ?? (part.length > 1 && ofCommonParts(part) ? 0 : null);
    if (held === 0) return { from: 'nowhere' };
    if (held !== null && held <= MAX_MATCHES_PER_TERM && part !== stems && (fewest === null || held < fewest.paragraphs)) fewest = { part, paragraphs: held };
  }
  return fewest === null ? { from: 'words' } : { from: 'part', part: fewest.part };
}
