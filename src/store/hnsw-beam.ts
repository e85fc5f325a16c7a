/**
 * How wide an HNSW search's beam (hnswlib's `ef`, pgvector's `hnsw.ef_search`) must be to find the true nearest
 * neighbours of a query among `count` vectors: recall at a fixed beam falls as the graph grows, so the beam
 * grows with it. Measured for hnswlib on the scale bench's synthetic corpora (real paragraph vectors plus noise, 192
 * dimensions, M 16, ef_construction 200; recall@10 over 200 query vectors against brute force):
 *
 * | vectors | beam → recall@10 |
 * |---|---|
 * | 10,000 | 100 → 0.966, 150 → 0.987 |
 * | 100,000 | 100 → 0.872, 200 → about 0.95, 300 → 0.973 |
 * | 1,000,000 | 600 → 0.930, 800 → 0.956, 1,000 → 0.967, 1,200 → 0.975 (4.4 ms), 1,600 → 0.986 |
 *
 * 0.95 takes a beam of about 100, 200 and 800 at those sizes: twice as wide for the first tenfold, four times
 * for the next. The beam here is half as wide again as that, for the margin, between the sizes measured by
 * their growth (log-log), beyond a million by the last decade's, and never narrower than the k neighbours
 * asked for (HNSW returns at most its beam).
 */

/** Vectors, and the beam that found a recall@10 of 0.95 among them, for one HNSW implementation. */
export type MeasuredBeams = ReadonlyArray<readonly [vectors: number, beam: number]>;

/**
 * hnswlib's, as the embedded store searches it (above).
 * @example
 * searchBeam(10, store.count, HNSWLIB_BEAMS);
 */
export const HNSWLIB_BEAMS: MeasuredBeams = [
  [10_000, 100],
  [100_000, 200],
  [1_000_000, 800],
];

/**
 * pgvector's, over its index of the vectors in half precision (ef_construction 200), by the graph's M: each graph
 * needs its own beam. Measured on 10,000, 100,000 and all of the million synthetic paragraphs of the scale bench's
 * 1M corpus (100 query vectors, recall@10 against exact search):
 *
 * | M | 10,000 | 100,000 | 1,000,000 |
 * |---|---|---|---|
 * | 16 | 80 → 0.954, 100 → 0.965 | 150 → 0.936, 200 → 0.957 | 400 → 0.938, 550 → 0.955 (21.7 ms), 700 → 0.968 |
 * | 32 | 40 → 0.942, 50 → 0.963 | 100 → 0.945, 120 → 0.959 | 150 → 0.919, 250 → 0.953 (17.1 ms), 350 → 0.967 |
 *
 * Its graph needs a narrower beam than hnswlib's at a million, and each step of its beam costs ten times hnswlib's
 * (pages read through shared buffers), so the beams are its own.
 * @example
 * searchBeam(10, store.count, PGVECTOR_BEAMS[32]!);
 */
export const PGVECTOR_BEAMS: Readonly<Record<number, MeasuredBeams>> = {
  16: [
    [10_000, 100],
    [100_000, 200],
    [1_000_000, 550],
  ],
  32: [
    [10_000, 50],
    [100_000, 110],
    [1_000_000, 250],
  ],
};

/** How much wider than the measured beam a search's is: recall varies with the corpus and the questions. */
const MARGIN = 1.5;

/**
 * The search beam for `k` neighbours among `count` vectors, from one implementation's measurements.
 * @example
 * searchBeam(10, 100_000, HNSWLIB_BEAMS); // 300
 * searchBeam(50, 1_000_000, HNSWLIB_BEAMS); // 1200
 */
export function searchBeam(k: number, count: number, measured: MeasuredBeams): number {
  return Math.max(k, Math.round(MARGIN * neededBeam(count, measured)));
}

function neededBeam(count: number, measured: MeasuredBeams): number {
  const [smallest] = measured;
  if (count <= smallest![0]) return smallest![1];
  // The segment of measurements around the count, or the last one for a count beyond them.
  const upper = measured.findIndex(([vectors]) => vectors >= count);
  const [from, to] = upper === -1 ? measured.slice(-2) : [measured[upper - 1]!, measured[upper]!];
  const growth = Math.log(to![1] / from![1]) / Math.log(to![0] / from![0]);
  return from![1] * (count / from![0]) ** growth;
}
