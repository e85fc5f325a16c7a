/*
 * The BM25 the lexical index ranks by, as SQLite FTS5's bm25() computes it, defined once so that every backend
 * ranks alike. For a phrase (one word, or several consecutive words within one column) and a paragraph:
 *
 *   idf   = ln((N - n + 0.5) / (n + 0.5)), or BM25_MIN_IDF when that is not positive
 *           (N paragraphs in all, n of them containing the phrase)
 *   f     = sum over columns of the column's weight times the phrase's occurrences in it
 *   score = idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl))
 *           (D: the paragraph's tokens over all columns, unweighted; avgdl: the mean D over all paragraphs)
 *
 * A search of several terms sums each term's score times the term's weight.
 */

/**
 * Term-frequency saturation: FTS5's fixed value (the usual BM25 default).
 * @example
 * const saturated = (f * (BM25_K1 + 1)) / (f + BM25_K1 * lengthNorm);
 */
export const BM25_K1 = 1.2;

/**
 * Length normalisation: FTS5's fixed value (the usual BM25 default).
 * @example
 * const lengthNorm = 1 - BM25_B + (BM25_B * tokens) / averageTokens;
 */
export const BM25_B = 0.75;

/**
 * Column weights in FTS5's column order (text, topic, section): a heading match counts, but less than the
 * paragraph's own words.
 * @example
 * const [text, topic, section] = BM25_WEIGHTS;
 * `-bm25(paragraphs_fts, ${BM25_WEIGHTS.join(', ')})`; // FTS5's rank with these weights
 */
export const BM25_WEIGHTS = [1.0, 0.5, 0.25] as const;

/**
 * FTS5's floor for the idf of a phrase in half the paragraphs or more, so that a match still scores above zero.
 * @example
 * const idf = Math.max(Math.log((n - hits + 0.5) / (hits + 0.5)), 0) || BM25_MIN_IDF;
 */
export const BM25_MIN_IDF = 1e-6;

/**
 * One phrase's BM25 in one paragraph, as fts5Bm25Function writes it, operation for operation: a score computed
 * outside SQLite is then SQLite's to the bit.
 * @example
 * fts5Bm25(idf, 1.5, 120, 98.4); // a phrase once in the text and once in the topic, in a paragraph of 120 tokens
 */
export function fts5Bm25(idf: number, frequency: number, rowLength: number, averageLength: number): number {
  return idf * ((frequency * (BM25_K1 + 1.0)) / (frequency + BM25_K1 * (1 - BM25_B + (BM25_B * rowLength) / averageLength)));
}

/**
 * Matches read per term when summing weighted BM25, in every backend alike. A paragraph beyond this many matches
 * of one term loses only that term's share of its score; over the corpora this serves, no term comes near it.
 * A build also keeps the best this many matches of the words and short phrases found in more paragraphs.
 * @example
 * `SELECT label, score FROM postings WHERE stem = $1 ORDER BY score DESC, label LIMIT ${MAX_MATCHES_PER_TERM}`;
 */
export const MAX_MATCHES_PER_TERM = 1000;
