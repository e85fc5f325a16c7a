import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildServer } from '../scripts/build-server.js';
import { BUNDLED_EMBED_MODEL, BUNDLED_MODELS_DIR } from '../src/embed/model-source.js';
import { loadEach, searchOf, type LoadResult } from './http-load.js';
import { distinctBenchQuestions } from './questions.js';
import { startServer } from './server-start.js';
import { formatMs } from './stats.js';

/**
 * `npx tsx bench/unseen-http.ts`: HTTP searches of questions the server has never seen (distinctBenchQuestions),
 * sent each once to a freshly started server over the built index (INDEX_DIR, by default index/): one at a time
 * (latency), then to another new server eight at a time (throughput), each once it has finished starting up.
 * No case variants and no repeats, so no cache of the server's answers a question from an earlier one. No
 * question warms the server up first: its first requests run before the JIT compiler has optimised the code, as
 * after any start. The server's environment (PIPELINE_WORKERS, EMBED_MODEL, MODELS_DIR) passes through. Each
 * measurement is made RUNS times (default 3), each on its own server, and the medians are reported.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.RUNS ?? 3);
/** As many as the bench's concurrent load (bench/run.ts) and the throughput target. */
const CONNECTIONS = 8;

const describe = (l: LoadResult) =>
  `p50 ${formatMs(l.latency.p50)}, p95 ${formatMs(l.latency.p95)}, ${l.rps.toFixed(0)} req/s over ${l.responses} questions` +
  (l.serverCpuMsPerRequest === null ? '' : `, server CPU ${formatMs(l.serverCpuMsPerRequest)}/request`) +
  (l.serverTiming === null
    ? ''
    : ` (Server-Timing p50: embed ${formatMs(l.serverTiming.embed)}, pipeline own ${formatMs(l.serverTiming.pipelineOwn)}, ` +
      `main thread ${formatMs(l.serverTiming.mainThread)}, outside the server ${formatMs(l.latency.p50 - l.serverTiming.total)})`) +
  (l.non2xx + l.errors > 0 ? `, ${l.non2xx} non-2xx, ${l.errors} errors` : '');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const searches = distinctBenchQuestions(REPO_ROOT).map(searchOf);

/** A server that has used less than this share of one core over a settling window has finished starting up. */
const SETTLED_CPU_SHARE = 0.05;
const SETTLE_WINDOW_MS = 250;
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * Waits until the server is idle: it answers once its first pipeline worker is ready, and the others load their
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

/** Every question once, `connections` at a time, to a server started for it (and settled) and stopped after. */
async function onNewServer(connections: number): Promise<LoadResult> {
  const server = await startServer({
    repoRoot: REPO_ROOT,
    indexDir: process.env.INDEX_DIR ?? path.join(REPO_ROOT, 'index'),
    modelsDir: process.env.MODELS_DIR ?? BUNDLED_MODELS_DIR,
    modelId: process.env.EMBED_MODEL ?? BUNDLED_EMBED_MODEL,
    corpusDir: 'corpus',
  });
  try {
    await settled(server.cpuSeconds);
    return await loadEach(server.url, connections, searches, server.cpuSeconds);
  } finally {
    await server.stop();
  }
}

await buildServer();
const results: { c1: LoadResult; c8: LoadResult }[] = [];
for (let run = 1; run <= RUNS; run++) {
  const c1 = await onNewServer(1);
  const c8 = await onNewServer(CONNECTIONS);
  console.log(`run ${run}: c1 ${describe(c1)}; c${CONNECTIONS} ${describe(c8)}`);
  results.push({ c1, c8 });
}
console.log(
  `median of ${RUNS}: c1 p50 ${formatMs(median(results.map((r) => r.c1.latency.p50)))}, ` +
    `c${CONNECTIONS} ${median(results.map((r) => r.c8.rps)).toFixed(0)} req/s (p50 ${formatMs(median(results.map((r) => r.c8.latency.p50)))})`,
);
