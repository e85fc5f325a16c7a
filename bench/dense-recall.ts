import os from 'node:os';
import type { ParagraphStore, ScoredId, SearchFilter } from '../src/store/types.js';
import { exactTopKParallel } from './brute-force.js';
import { noiseAdder } from './synthetic-corpus.js';
import { nowMs, seededRandom, summarise, type LatencySummary } from './stats.js';

/**
 * How much of the exact nearest neighbours the store's vector search finds: `store.denseSearch` (HNSW, the
 * store's own search beam) against brute-force cosine over every paragraph vector, for query vectors made from
 * real questions.
 */
export interface RecallResult {
  queries: number;
  k: number;
  /** Share of the exact top k that denseSearch returned, over all queries. */
  recall: number;
  /** `store.denseSearch` alone, per query: for the k compared, for the pipeline's depth, and for that depth in one year. */
  latency: { k: LatencySummary; depth: LatencySummary; depthInYear: LatencySummary };
  /** Median cosine between a query and its exact nearest paragraph: how close the corpus comes to the questions. */
  nearestCosineMedian: number;
}

/** Neighbours compared: the results page a search shows. */
export const RECALL_K = 10;

/** Candidates the retriever asks each search for (MIN_CANDIDATES in src/retrieve/hybrid-retriever.ts). */
const PIPELINE_DEPTH = 50;

/** A year filter as questions about one meeting set it: one year of the five keeps a fifth of the paragraphs. */
const FILTER_YEAR = 2021;

/** Query vectors measured; recall is a share of 10 per query, so 200 give it to about ±0.01. */
export const RECALL_QUERIES = 200;

/**
 * Norm of the noise added to each real question's vector: small enough that the query stays about what the
 * question asks (cosine 1/√(1 + 0.25²) = 0.97 to it), enough that recall does not rest on these exact points.
 */
export const QUERY_NOISE_NORM = 0.25;

/**
 * RECALL_QUERIES query vectors from real questions' vectors plus noise shaped like the real corpus's variation,
 * the same for the same seed.
 * @example
 * const queries = recallQueries(questionVectors, realVectors(real), 20240304);
 */
export function recallQueries(questionVectors: readonly Float32Array[], real: readonly Float32Array[], seed: number): Float32Array[] {
  if (questionVectors.length === 0) throw new Error('recall needs at least one question vector');
  const random = seededRandom(seed);
  const addNoise = noiseAdder(random, real);
  return Array.from({ length: RECALL_QUERIES }, (_, i) => {
    const query = Float32Array.from(questionVectors[i % questionVectors.length]!);
    addNoise(query, QUERY_NOISE_NORM);
    return query;
  });
}

/**
 * The exact top RECALL_K paragraph ids of each query by cosine, over `data` (every paragraph vector, row i being
 * paragraph i, in shared memory), on both cores.
 * @example
 * const exact = await exactNeighbours(corpus.vectorData, queries, corpus.paragraphs.map((p) => p.id));
 */
export async function exactNeighbours(data: Float32Array, queries: readonly Float32Array[], ids: readonly string[]): Promise<{ ids: string[][]; nearestCosines: number[] }> {
  const dims = queries[0]!.length;
  const flat = new Float32Array(queries.length * dims);
  queries.forEach((q, i) => flat.set(q, i * dims));
  const { labels, scores } = await exactTopKParallel({ data, queries: flat, dims, k: RECALL_K }, Math.max(1, Math.min(2, os.availableParallelism())));
  return {
    ids: queries.map((_, q) => Array.from(labels.subarray(q * RECALL_K, (q + 1) * RECALL_K), (label) => ids[label]!)),
    nearestCosines: queries.map((_, q) => scores[q * RECALL_K]!),
  };
}

/**
 * @example
 * const { recall, latency } = await measureRecall(store, queries, exact);
 */
export async function measureRecall(store: ParagraphStore, queries: readonly Float32Array[], exact: { ids: string[][]; nearestCosines: number[] }): Promise<RecallResult> {
  const timedSearches = async (k: number, filter?: SearchFilter) => {
    const samples: number[] = [];
    const results: ScoredId[][] = [];
    for (const vector of queries) {
      const start = nowMs();
      results.push(await store.denseSearch(vector, k, filter));
      samples.push(nowMs() - start);
    }
    return { results, latency: summarise(samples) };
  };
  const atK = await timedSearches(RECALL_K);
  let found = 0;
  atK.results.forEach((hits, q) => {
    const truth = new Set(exact.ids[q]);
    found += hits.filter((hit) => truth.has(hit.id)).length;
  });
  const depth = await timedSearches(PIPELINE_DEPTH);
  const depthInYear = await timedSearches(PIPELINE_DEPTH, { year: FILTER_YEAR });
  const cosines = [...exact.nearestCosines].sort((a, b) => a - b);
  return {
    queries: queries.length,
    k: RECALL_K,
    recall: found / (queries.length * RECALL_K),
    latency: { k: atK.latency, depth: depth.latency, depthInYear: depthInYear.latency },
    nearestCosineMedian: cosines[Math.floor(cosines.length / 2)]!,
  };
}
