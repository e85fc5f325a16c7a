import fs from 'node:fs';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import hnswlib from 'hnswlib-node';
import { exactTopKParallel } from './brute-force.js';
import { gaussianSource, nowMs, seededRandom, summarise, type LatencySummary } from './stats.js';

const { HierarchicalNSW } = hnswlib;

/**
 * HNSW (hnswlib-node, cosine) at sizes beyond the corpus: synthetic vectors clustered like real text, made from
 * the corpus's own paragraph and sentence vectors as cluster centres plus isotropic Gaussian noise, re-normalised.
 * Each size runs in its own process (see `runScaleInChild`) so its memory figures start from a clean heap.
 */
export interface ScaleOptions {
  n: number;
  m: number;
  efConstruction: number;
  /** Search beams to try; recall and latency are reported for each. */
  efSearch: number[];
  k: number;
  queries: number;
  /** Norm of the noise added to a unit centre before re-normalising. */
  noiseNorm: number;
  seed: number;
  /** Float32 little-endian file of unit vectors, `dims` floats each. */
  centresFile: string;
  dims: number;
}

export interface EfPoint {
  ef: number;
  latency: LatencySummary;
  recallAt10: number;
}

export interface ScaleResult {
  options: ScaleOptions;
  centres: number;
  generateMs: number;
  buildMs: number;
  insertsPerSecond: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  /** RSS growth over the build, divided by n. */
  rssBytesPerVector: number;
  /** What hnswlib allocates per element by its own layout (vector, level-0 links, label), upper levels excluded. */
  layoutBytesPerVector: number;
  search: EfPoint[];
  /** Median cosine between a query and its exact nearest neighbour: how tight the synthetic clusters are. */
  nearestNeighbourCosineMedian: number;
  bruteForceMs: number;
}

function readCentres(file: string, dims: number): Float32Array {
  const bytes = fs.readFileSync(file);
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (floats.length % dims !== 0 || floats.length === 0) throw new Error(`${file} does not hold ${dims}-dimension vectors`);
  return floats;
}

/** Gaussian noise comes from a table of this many standard normal samples, looked up at random per dimension. */
const GAUSSIAN_TABLE_SIZE = 1 << 16;

/**
 * `count` unit vectors, each a random centre plus Gaussian noise of norm ≈ `noiseNorm`, into `out`.
 * Drawing each noise value from a pre-computed table is ten times faster than Box–Muller per value, which
 * matters at 1M × 192, and the values are still independent standard normals to any test that matters here.
 */
function generate(out: Float32Array, count: number, centres: Float32Array, dims: number, noiseNorm: number, seed: number): void {
  const random = seededRandom(seed);
  const gaussian = gaussianSource(random);
  const table = Float32Array.from({ length: GAUSSIAN_TABLE_SIZE }, gaussian);
  const sigma = noiseNorm / Math.sqrt(dims);
  const centreCount = centres.length / dims;
  for (let i = 0; i < count; i++) {
    const c = Math.floor(random() * centreCount) * dims;
    const o = i * dims;
    let sum = 0;
    for (let j = 0; j < dims; j++) {
      const v = centres[c + j]! + sigma * table[(random() * GAUSSIAN_TABLE_SIZE) | 0]!;
      out[o + j] = v;
      sum += v * v;
    }
    const inv = 1 / Math.sqrt(sum);
    for (let j = 0; j < dims; j++) out[o + j]! *= inv;
  }
}

function copyRow(row: number[], data: Float32Array, index: number, dims: number): number[] {
  const o = index * dims;
  for (let j = 0; j < dims; j++) row[j] = data[o + j]!;
  return row;
}

function rss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

export async function runScale(options: ScaleOptions): Promise<ScaleResult> {
  const { n, m, efConstruction, efSearch, k, queries: queryCount, noiseNorm, seed, dims } = options;
  const centres = readCentres(options.centresFile, dims);

  let start = nowMs();
  // Shared, so the brute-force workers read the same memory rather than a copy of it.
  const data = new Float32Array(new SharedArrayBuffer(n * dims * 4));
  generate(data, n, centres, dims, noiseNorm, seed);
  const queries = new Float32Array(queryCount * dims);
  generate(queries, queryCount, centres, dims, noiseNorm, seed + 1);
  const generateMs = nowMs() - start;

  const row = new Array<number>(dims).fill(0);
  const rssBeforeBytes = rss();
  start = nowMs();
  const index = new HierarchicalNSW('cosine', dims);
  index.initIndex({ maxElements: n, m, efConstruction, randomSeed: seed });
  for (let i = 0; i < n; i++) index.addPoint(copyRow(row, data, i, dims), i);
  const buildMs = nowMs() - start;
  const rssAfterBytes = rss();

  // Latency first, while nothing else runs; the exact answers come after.
  const found: Int32Array[] = [];
  const latencies: LatencySummary[] = [];
  for (const ef of efSearch) {
    index.setEf(Math.max(ef, k));
    const labels = new Int32Array(queryCount * k).fill(-1);
    const samples: number[] = [];
    for (let q = 0; q < queryCount; q++) {
      copyRow(row, queries, q, dims);
      const t = nowMs();
      const result = index.searchKnn(row, k);
      samples.push(nowMs() - t);
      labels.set(result.neighbors, q * k);
    }
    found.push(labels);
    latencies.push(summarise(samples));
  }

  start = nowMs();
  const exact = await exactTopKParallel({ data, queries, dims, k }, Math.max(1, Math.min(2, os.availableParallelism())));
  const bruteForceMs = nowMs() - start;

  const search = efSearch.map((ef, e) => ({ ef, latency: latencies[e]!, recallAt10: recall(found[e]!, exact.labels, queryCount, k) }));
  const topScores = Array.from({ length: queryCount }, (_, q) => exact.scores[q * k]!).sort((a, b) => a - b);
  // hnswlib's level-0 block per element: links (2M ints plus a count), the vector, and an 8-byte label.
  const layoutBytesPerVector = (2 * m + 1) * 4 + dims * 4 + 8;

  return {
    options,
    centres: centres.length / dims,
    generateMs,
    buildMs,
    insertsPerSecond: (n / buildMs) * 1000,
    rssBeforeBytes,
    rssAfterBytes,
    rssBytesPerVector: (rssAfterBytes - rssBeforeBytes) / n,
    layoutBytesPerVector,
    search,
    nearestNeighbourCosineMedian: topScores[Math.floor(queryCount / 2)]!,
    bruteForceMs,
  };
}

/** Share of the exact top-k found by the approximate search, over all queries. */
function recall(found: Int32Array, exact: Int32Array, queries: number, k: number): number {
  let hits = 0;
  for (let q = 0; q < queries; q++) {
    const truth = new Set(exact.subarray(q * k, (q + 1) * k));
    for (let i = 0; i < k; i++) if (truth.has(found[q * k + i]!)) hits++;
  }
  return hits / (queries * k);
}

/** The child ran past its time limit and was killed. */
export class ScaleTimeoutError extends Error {}

/**
 * Runs one size in a fresh `node --import tsx` process (with --expose-gc, for honest RSS readings) and returns
 * its result, which the child prints as the last line of its output. Past `timeoutMs` the child is killed.
 */
export function runScaleInChild(options: ScaleOptions, repoRoot: string, timeoutMs: number): Promise<ScaleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(options)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) return reject(new ScaleTimeoutError(`stopped after ${Math.round(timeoutMs / 1000)} s, the time left in the budget`));
      if (code !== 0) return reject(new Error(`Scale run for n=${options.n} exited with code ${code}`));
      const last = output.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as ScaleResult);
      } catch {
        reject(new Error(`Scale run for n=${options.n} printed no result: ${last.slice(0, 200)}`));
      }
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = JSON.parse(process.argv[2] ?? '') as ScaleOptions;
  runScale(options).then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
