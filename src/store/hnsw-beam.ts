/**
 * How wide an HNSW search's beam (hnswlib's `ef`, pgvector's `hnsw.ef_search`) must be to find the true nearest
 * neighbours of a query among `count` vectors: recall at a fixed beam falls as the graph grows, so the beam
 * grows with it. Measured on the scale bench's synthetic corpora (real paragraph vectors plus noise, 192
 * dimensions, M 16, ef_construction 200; recall@10 over 200 query vectors against brute force): a beam of 100
 * finds 0.966 at 10k vectors and 0.872 at 100k; 0.95 takes 100 at 10k and 200 at 100k, twice as wide for ten
 * times the vectors. The beam here is half as wide again as that, for the margin (0.987 at 10k, 0.973 at 100k),
 * and never narrower than the k neighbours asked for (HNSW returns at most its beam).
 */

/** The beam at 10,000 vectors, and the smallest used. */
const BEAM_AT_10K = 150;
const TEN_THOUSAND = 10_000;
/** The beam doubles for every tenfold of vectors: log10(2). */
const GROWTH_PER_DECADE = Math.log10(2);

/**
 * The search beam for `k` neighbours among `count` vectors.
 * @example
 * searchBeam(10, 100_000); // 300
 * searchBeam(50, 1_000_000); // 600
 */
export function searchBeam(k: number, count: number): number {
  const grown = count <= TEN_THOUSAND ? BEAM_AT_10K : Math.round(BEAM_AT_10K * (count / TEN_THOUSAND) ** GROWTH_PER_DECADE);
  return Math.max(k, grown);
}
