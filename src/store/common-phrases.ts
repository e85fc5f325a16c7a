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
  paragraph: number;
  column: number;
  start: number;
}

/**
 * Every phrase of two to MAX_KEPT_PHRASE_TOKENS tokens side by side in one column of more paragraphs than a term
 * keeps. Only tokens in that many paragraphs can make one, and only two such phrases overlapping by all but a
 * token can make a longer one, so nothing else is counted.
 * @example
 * commonPhrases(paragraphs.map((p) => [p.text, p.topic ?? '', p.section ?? ''].map(lexicalTokens)));
 * // [{ tokens: ['drug', 'us'], paragraph: 0, column: 0, start: 7 }, …] at 100,000 paragraphs
 */
export function commonPhrases(paragraphs: ReadonlyArray<ReadonlyArray<readonly string[]>>): CommonPhrase[] {
  // For each column, whether the phrase of the length before, starting at each token, is common: a phrase one
  // longer is counted only where the two starting at its first and second token are (every token, for one).
  let commonAt = paragraphs.map((columns) => columns.map((tokens) => new Uint8Array(tokens.length).fill(1)));
  const found: CommonPhrase[] = [];
  for (let length = 1; length <= MAX_KEPT_PHRASE_TOKENS; length++) {
    const phraseAt = (tokens: readonly string[], start: number) => (length === 1 ? tokens[start]! : tokens.slice(start, start + length).join(' '));
    const candidate = (shorter: Uint8Array, start: number) => shorter[start] === 1 && (length === 1 || shorter[start + 1] === 1);
    const counts = new Map<string, { paragraphs: number; first: Omit<CommonPhrase, 'tokens'> }>();
    paragraphs.forEach((columns, paragraph) => {
      const seen = new Set<string>();
      columns.forEach((tokens, column) => {
        const shorter = commonAt[paragraph]![column]!;
        for (let start = 0; start + length <= tokens.length; start++) {
          if (!candidate(shorter, start)) continue;
          const phrase = phraseAt(tokens, start);
          if (seen.has(phrase)) continue;
          seen.add(phrase);
          const count = counts.get(phrase);
          if (count === undefined) counts.set(phrase, { paragraphs: 1, first: { paragraph, column, start } });
          else count.paragraphs++;
        }
      });
    });
    const kept = new Set<string>();
    for (const [phrase, { paragraphs: count, first }] of counts) {
      if (count <= MAX_MATCHES_PER_TERM) continue;
      kept.add(phrase);
      if (length > 1) found.push({ tokens: phrase.split(' '), ...first });
    }
    commonAt = paragraphs.map((columns, paragraph) =>
      columns.map((tokens, column) => {
        const shorter = commonAt[paragraph]![column]!;
        return Uint8Array.from({ length: Math.max(tokens.length - length + 1, 0) }, (_, start) => (candidate(shorter, start) && kept.has(phraseAt(tokens, start)) ? 1 : 0));
      }),
    );
  }
  return found;
}
