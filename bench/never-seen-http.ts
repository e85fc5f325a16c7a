import { setTimeout as sleep } from 'node:timers/promises';
import { loadEach, searchOf, type LoadResult } from './http-load.js';
import { distinctBenchQuestions } from './questions.js';
import { startServer, type ServerOptions } from './server-start.js';

/**
 * `/api/search` over HTTP with questions the server has never seen, words included (distinctBenchQuestions), each
 * sent once to a freshly started server: one at a time (latency), then to another new server eight at a time
 * (throughput), each once it has finished starting up. No case variants and no repeats, so no cache answers a
 * question from an earlier one. Each measurement is made `runs` times, each on its own server, and the run with
 * the median figure is kept (the machine's speed moves between runs; see README, Benchmarks).
 */
export interface NeverSeenHttp {
  questions: number;
  /** The run with the median p50 at concurrency 1. */
  c1: LoadResult;
  /** The run with the median throughput at concurrency 8. */
  c8: LoadResult;
  runs: Array<{ c1: LoadResult; c8: LoadResult }>;
}

/** As many as the bench's concurrent load and the scale-out issue's throughput target. */
export const CONCURRENT_CONNECTIONS = 8;

/** A server that has used less than this share of one core over a settling window has finished starting up. */
const SETTLED_CPU_SHARE = 0.05;
const SETTLE_WINDOW_MS = 250;
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * Waits until the server is idle: it answers once its first pipeline worker is ready, and others load their
 * model and index after that, which would otherwise be measured as the first searches' cost.
 */
async function settled(cpuSeconds: () => number): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (let before = cpuSeconds(); Date.now() < deadline; ) {
    await sleep(SETTLE_WINDOW_MS);
    const now = cpuSeconds();
    if ((now - before) * 1000 < SETTLE_WINDOW_MS * SETTLED_CPU_SHARE) return;
    before = now;
  }
}

/** The element whose figure is the median (the lower one of an even count). */
function medianBy<T>(items: T[], figure: (item: T) => number): T {
  return [...items].sort((a, b) => figure(a) - figure(b))[Math.floor((items.length - 1) / 2)]!;
}

/**
 * @example
 * const { c1, c8 } = await measureNeverSeenHttp({ repoRoot, indexDir, modelsDir, modelId, corpusDir: 'corpus' }, 3);
 */
export async function measureNeverSeenHttp(server: ServerOptions, runs: number, onRun?: (run: number, result: { c1: LoadResult; c8: LoadResult }) => void): Promise<NeverSeenHttp> {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive whole number, got ${runs}`);
  const searches = distinctBenchQuestions(server.repoRoot).map(searchOf);
  const onNewServer = async (connections: number): Promise<LoadResult> => {
    const started = await startServer(server);
    try {
      await settled(started.cpuSeconds);
      return await loadEach(started.url, connections, searches, started.cpuSeconds);
    } finally {
      await started.stop();
    }
  };
  const results: Array<{ c1: LoadResult; c8: LoadResult }> = [];
  for (let run = 1; run <= runs; run++) {
    const result = { c1: await onNewServer(1), c8: await onNewServer(CONCURRENT_CONNECTIONS) };
    onRun?.(run, result);
    results.push(result);
  }
  return {
    questions: searches.length,
    c1: medianBy(results, (r) => r.c1.latency.p50).c1,
    c8: medianBy(results, (r) => r.c8.rps).c8,
    runs: results,
  };
}
