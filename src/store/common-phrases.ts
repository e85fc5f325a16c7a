import { MAX_MATCHES_PER_TERM } from './bm25.js';

/*
 * The phrases a build keeps the matches of. To keep a phrase's best MAX_MATCHES_PER_TERM matches, a lexical
 * index scores every paragraph that holds it; for a phrase of common words ("drug use", "people who use") that is
 * tens of thousands at 100,000 paragraphs, and such phrases were most of a search's time there. Both backends
 * keep the matches of the same phrases: the embedded store in common_matches, PostgreSQL in its postings.
 */

/**
 * Phrases of up to this many tokens are kept. At 100,000 paragraphs a phrase of three common words cost
 * PostgreSQL 200 ms to match ("people who use drugs" is made of "peopl who us" and "who us drug"); those of
 * four or more are fewer in questions, and as many again to keep.
 */
export const MAX_KEPT_PHRASE_TOKENS = 3;

/** A common phrase: its tokens, and where it first occurs (so that a caller can find the words that make it). */
export interface CommonPhrase {
  tokens: string[];
  /** How many paragraphs hold it, in any column. */
  paragraphs: number;
  paragraph: number;
  column: number;
  start: number;
}

/** What commonPhrases returns besides the common phrases. */
export interface CommonPhrasesOptions {
  /**
   * Also every phrase, however rare, made of two common phrases overlapping by all but a token (or of two common
   * tokens): a store that keeps their matches knows a phrase of common words it does not keep is in no paragraph,
   * and finds the few paragraphs of a rare one among those of its rarest part (PostgreSQL, which has no position
   * lists to match a phrase of common words by). Default false.
   */
  rareOfCommonParts?: boolean;
}

/**
 * How many paragraphs hold each token, in any of their columns.
 * @example
 * tokenFrequencies([[['drug', 'court'], ['drug']], [['court']]]); // Map { 'drug' => 1, 'court' => 2 }
 */
export function tokenFrequencies(paragraphs: ReadonlyArray<ReadonlyArray<readonly string[]>>): Map<string, number> {
  const paragraphsWith = new Map<string, number>();
  for (const columns of paragraphs) {
    for (const token of new Set(columns.flat())) paragraphsWith.set(token, (paragraphsWith.get(token) ?? 0) + 1);
  }
  return paragraphsWith;
}

/**
 * Every phrase of two to MAX_KEPT_PHRASE_TOKENS tokens side by side in one column of more paragraphs than a term
 * keeps. Only tokens in that many paragraphs can make one, and only two such phrases overlapping by all but a
 * token can make a longer one, so nothing else is counted.
 * @example
 * commonPhrases(paragraphs.map((p) => [p.text, p.topic ?? '', p.section ?? ''].map(lexicalTokens)));
 * // [{ tokens: ['drug', 'us'], paragraphs: 9120, paragraph: 0, column: 0, start: 7 }, …] at 100,000 paragraphs
 */
export function commonPhrases(paragraphs: ReadonlyArray<ReadonlyArray<readonly string[]>>, options: CommonPhrasesOptions = {}): CommonPhrase[] {
  const rareToo = options.rareOfCommonParts ?? false;
  // Only tokens in that many paragraphs can make a common phrase: they are numbered from 1, the others are 0, and
  // a phrase is a number (its tokens' in base common + 1), so counting one joins no strings. A corpus has a few
  // thousand such tokens; three of them in that base stay far below 2^53.
  const paragraphsWith = tokenFrequencies(paragraphs);
  const idOf = new Map([...paragraphsWith].filter(([, count]) => count > MAX_MATCHES_PER_TERM).map(([token], i) => [token, i + 1]));
  const base = idOf.size + 1;
  const ids = paragraphs.map((columns) => columns.map((tokens) => Float64Array.from(tokens, (token) => idOf.get(token) ?? 0)));
  // For each column, the phrase of the length before starting at each token, where it is common (else 0): a
  // phrase one longer is counted only where the two starting at its first and second token are.
  let commonAt = ids;
  const found: CommonPhrase[] = [];
  for (let length = 2; length <= MAX_KEPT_PHRASE_TOKENS; length++) {
    const counts = new Map<number, { paragraphs: number; first: Omit<CommonPhrase, 'tokens' | 'paragraphs'> }>();
    const phraseAt = (paragraph: number, column: number, start: number) => commonAt[paragraph]![column]![start]! * base + ids[paragraph]![column]![start + length - 1]!;
    const candidate = (shorter: Float64Array, start: number) => shorter[start]! > 0 && shorter[start + 1]! > 0;
    commonAt.forEach((columns, paragraph) => {
      const seen = new Set<number>();
      columns.forEach((shorter, column) => {
        for (let start = 0; start + length <= ids[paragraph]![column]!.length; start++) {
          if (!candidate(shorter, start)) continue;
          const phrase = phraseAt(paragraph, column, start);
          if (seen.has(phrase)) continue;
          seen.add(phrase);
          const count = counts.get(phrase);
          if (count === undefined) counts.set(phrase, { paragraphs: 1, first: { paragraph, column, start } });
          else count.paragraphs++;
        }
      });
    });
    const kept = new Set<number>();
    for (const [phrase, { paragraphs: count, first }] of counts) {
      const common = count > MAX_MATCHES_PER_TERM;
      if (common) kept.add(phrase);
      if (common || rareToo) found.push({ tokens: paragraphs[first.paragraph]![first.column]!.slice(first.start, first.start + length), paragraphs: count, ...first });
    }
    commonAt = commonAt.map((columns, paragraph) =>
      columns.map((shorter, column) =>
        Float64Array.from({ length: Math.max(ids[paragraph]![column]!.length - length + 1, 0) }, (_, start) => {
          if (!candidate(shorter, start)) return 0;
          const phrase = phraseAt(paragraph, column, start);
          return kept.has(phrase) ? phrase : 0;
        }),
      ),
    );
  }
  return found;
}
