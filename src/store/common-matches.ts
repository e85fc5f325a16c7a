import { BM25_WEIGHTS, fts5Bm25 } from './bm25.js';

/*
 * The best matches of every common word and phrase, scored in one pass over the paragraphs' tokens instead of one
 * FTS5 query each. At 100,000 paragraphs the 6,400 queries took 89 s of a 160 s build, each scoring every
 * paragraph that holds its word or phrase; the pass visits each token once. Scores are FTS5's bm25(), operation
 * for operation (fts5Bm25), from the index's own row lengths and idf, so the matches are the ones
 * FTS5 would rank; the build checks some of them against FTS5 itself before it keeps any.
 */

/** One phrase's best matches: paragraph labels and their BM25, best first, ties by label, as FTS5 ranks them. */
export interface KeptMatches {
  labels: Int32Array;
  scores: Float64Array;
}

/** What the pass is given about the index, all as FTS5 counts it. */
export interface CommonMatchesInput {
  /** Each paragraph's tokens, column by column in the FTS table's order, as its tokenizer makes them; index = label. */
  paragraphs: ReadonlyArray<ReadonlyArray<readonly string[]>>;
  /**
   * The phrases to score (tokens joined by one space), each with the number of paragraphs that hold it; with every
   * phrase, its first token and its start one token shorter (as commonPhrases finds them). No token may repeat in
   * a phrase: FTS5 counts the overlapping matches of "x x" its own way.
   */
  phrases: ReadonlyMap<string, number>;
  /** The paragraphs' lengths in tokens over all columns (FTS5's xColumnSize(-1)), by label. */
  rowLengths: ArrayLike<number>;
  /** BM25's idf of a phrase held by this many paragraphs, as the index computes it (SQLite's ln()). */
  idf: (paragraphs: number) => number;
  /** How many matches to keep per phrase. */
  limit: number;
}

/** Candidates collected per phrase before the worst are dropped: sorting a few times the limit at once is cheap. */
const BUFFER_FACTOR = 4;

/**
 * The best `limit` matches of every phrase, as an FTS5 query of that phrase alone ranks them by bm25() with the
 * store's column weights (BM25_WEIGHTS).
 * @example
 * const kept = commonMatches({ paragraphs: tokens, phrases: new Map([['drug', 61_000], ['drug us', 9_000]]), rowLengths, idf, limit: 1000 });
 * kept.get('drug us')!.labels[0]; // the best paragraph for "drug use"
 */
export function commonMatches({ paragraphs, phrases, rowLengths, idf, limit }: CommonMatchesInput): Map<string, KeptMatches> {
  let totalTokens = 0;
  for (let label = 0; label < paragraphs.length; label++) totalTokens += rowLengths[label]!;
  const averageLength = totalTokens / paragraphs.length;
  // Phrases by number: their tokens' ids in base (tokens + 1), so that looking one up joins no strings.
  const names = [...phrases.keys()];
  const tokenIds = new Map<string, number>();
  const idsOf = (phrase: string) => phrase.split(' ').map((token) => tokenIds.get(token) ?? tokenIds.set(token, tokenIds.size).size - 1);
  const phraseIds = names.map(idsOf);
  const base = tokenIds.size + 1;
  const longest = Math.max(0, ...phraseIds.map((ids) => ids.length));
  const phraseByKey = new Map(phraseIds.map((ids, phrase) => [ids.reduce((key, id) => key * base + id + 1, 0), phrase]));
  const idfs = names.map((phrase) => idf(phrases.get(phrase)!));
  const candidates = names.map((): Candidates => ({ labels: [], scores: [], worst: -Infinity }));
  const frequencies = new Float64Array(names.length);
  const found: number[] = [];
  paragraphs.forEach((columns, label) => {
    columns.forEach((tokens, column) => {
      const weight = BM25_WEIGHTS[column as 0 | 1 | 2] ?? 0;
      const ids = tokens.map((token) => tokenIds.get(token) ?? -1);
      for (let start = 0; start < ids.length; start++) {
        // A phrase is common only where its first token, and its start one token shorter, are (commonPhrases):
        // the first phrase not asked for ends the walk.
        let key = 0;
        for (let length = 1; length <= longest && start + length <= ids.length; length++) {
          const id = ids[start + length - 1]!;
          if (id < 0) break;
          key = key * base + id + 1;
          const phrase = phraseByKey.get(key);
          if (phrase === undefined) break;
          if (frequencies[phrase] === 0) found.push(phrase);
          frequencies[phrase] = frequencies[phrase]! + weight;
        }
      }
    });
    const length = rowLengths[label]!;
    for (const phrase of found) {
      const frequency = frequencies[phrase]!;
      frequencies[phrase] = 0;
      const score = fts5Bm25(idfs[phrase]!, frequency, length, averageLength);
      const buffer = candidates[phrase]!;
      // Labels come in order, so one that only ties the worst kept match ranks after it.
      if (score <= buffer.worst) continue;
      buffer.labels.push(label);
      buffer.scores.push(score);
      if (buffer.labels.length >= limit * BUFFER_FACTOR) keepBest(buffer, limit);
    }
    found.length = 0;
  });
  return new Map(
    names.map((name, phrase) => {
      const buffer = candidates[phrase]!;
      keepBest(buffer, limit);
      return [name, { labels: Int32Array.from(buffer.labels), scores: Float64Array.from(buffer.scores) }];
    }),
  );
}

/** A phrase's matches so far, and the worst score among the best `limit` once that many were kept (else -∞). */
interface Candidates {
  labels: number[];
  scores: number[];
  worst: number;
}

/** Sorts the candidates best first (ties by label) and drops all but the best `limit`. */
function keepBest(buffer: Candidates, limit: number): void {
  const order = buffer.labels.map((_, i) => i).sort((a, b) => buffer.scores[b]! - buffer.scores[a]! || buffer.labels[a]! - buffer.labels[b]!);
  const best = order.slice(0, limit);
  buffer.labels = best.map((i) => buffer.labels[i]!);
  buffer.scores = best.map((i) => buffer.scores[i]!);
  if (best.length === limit) buffer.worst = buffer.scores[limit - 1]!;
}
