import path from 'node:path';
import { buildServer } from '../scripts/build-server.js';
import { BUNDLED_EMBED_MODEL, BUNDLED_MODELS_DIR } from '../src/embed/model-source.js';
import { describeLoad } from './http-load.js';
import { CONCURRENT_CONNECTIONS, measureNeverSeenHttp } from './never-seen-http.js';
import { formatMs } from './stats.js';

/**
 * `npx tsx bench/unseen-http.ts`: the never-seen-questions HTTP measurement of `npm run bench` on its own
 * (bench/never-seen-http.ts), over the built index (INDEX_DIR, by default index/), RUNS times (default 3). The
 * server's environment (PIPELINE_WORKERS, WARM_UP_QUESTIONS, EMBED_MODEL, MODELS_DIR) passes through.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

await buildServer();
const measured = await measureNeverSeenHttp(
  {
    repoRoot: REPO_ROOT,
    indexDir: process.env.INDEX_DIR ?? path.join(REPO_ROOT, 'index'),
    modelsDir: process.env.MODELS_DIR ?? BUNDLED_MODELS_DIR,
    modelId: process.env.EMBED_MODEL ?? BUNDLED_EMBED_MODEL,
    corpusDir: 'corpus',
  },
  Number(process.env.RUNS ?? 3),
  (run, { c1, c8 }) => console.log(`run ${run}: c1 ${describeLoad(c1)}; c${CONCURRENT_CONNECTIONS} ${describeLoad(c8)}`),
);
const { c1, c8 } = measured;
console.log(
  `median of ${measured.runs.length} over ${measured.questions} questions: c1 p50 ${formatMs(c1.latency.p50)} (own work ${formatMs(c1.serverTiming?.ownWork ?? Number.NaN)}), ` +
    `c${CONCURRENT_CONNECTIONS} ${c8.rps.toFixed(0)} req/s (p50 ${formatMs(c8.latency.p50)})`,
);
