import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { BUNDLED_EMBED_MODEL, BUNDLED_MODELS_DIR } from '../src/embed/model-source.js';
import { openBackend } from '../src/store/backend.js';
import { targetsSection } from './report.js';
import { distinctBenchQuestions } from './questions.js';
import { parseScales } from './scales.js';
import { embeddedScaleBackend, postgresScaleBackend } from './scale-backends.js';
import { scaleSection, scaleTargets } from './scale-report.js';
import { measureStoreScale } from './store-scale.js';
import { formatMs, nowMs } from './stats.js';

/**
 * `npm run bench:scale`: only the store at scale (the last part of `npm run bench`), for the sizes that take an
 * hour or more, such as a million paragraphs. It builds its synthetic corpora from the real index in INDEX_DIR
 * (`npm run index` first) and writes bench/scale-results.json and bench/scale-results.md, leaving the full
 * bench's results alone.
 *
 * Environment: BENCH_SCALE, the sizes (default "1m"); BENCH_BACKENDS, which backends ("embedded", "postgres" or
 * both, comma-separated; default the embedded store, and PostgreSQL too when DATABASE_URL is set);
 * BENCH_BUDGET_S, each backend's time for all its sizes (default 7200: a million paragraphs on two cores);
 * BENCH_KEEP=1 leaves the builds in place (a namespace `bench_scale_<paragraphs>` in the database, or a folder
 * in the temporary directory), to look into a slow query; the next run of that size replaces them;
 * MODELS_DIR and EMBED_MODEL as for `npm run bench`.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const BENCH_DIR = import.meta.dirname;
const MODELS_DIR = process.env.MODELS_DIR ?? BUNDLED_MODELS_DIR;
const MODEL_ID = process.env.EMBED_MODEL ?? BUNDLED_EMBED_MODEL;
/** Two hours per backend: the embedded store's million-paragraph build and serving took about an hour on two cores. */
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 7200) * 1000;
/** The same seed as `npm run bench`, so both measure the same synthetic paragraphs and queries at a size. */
const SEED = 20240304;
const BACKEND_NAMES = ['embedded', 'postgres'] as const;

function chosenBackends(database: ReturnType<typeof loadConfig>['store']['database']) {
  const names = (process.env.BENCH_BACKENDS ?? (database === undefined ? 'embedded' : 'embedded,postgres')).split(',').map((name) => name.trim());
  return names.map((name) => {
    if (name === 'embedded') return embeddedScaleBackend;
    if (name !== 'postgres') throw new Error(`BENCH_BACKENDS: "${name}" is not a backend (use ${BACKEND_NAMES.join(', ')})`);
    if (database === undefined) throw new Error('BENCH_BACKENDS names postgres, but DATABASE_URL is not set');
    return postgresScaleBackend(database);
  });
}

async function main(): Promise<void> {
  const startedAt = nowMs();
  const config = loadConfig();
  const backends = chosenBackends(config.store.database);
  const realIndexDir = config.store.indexDir;
  const real = await openBackend({ indexDir: realIndexDir });
  if ((await real.currentVersion()) === null) throw new Error(`${realIndexDir} holds no build: run \`npm run index\` first (the synthetic corpora are made of its paragraphs and vectors)`);
  const scales = parseScales(process.env.BENCH_SCALE ?? '1m');
  const date = new Date().toISOString();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  console.log(`Store at scale: ${scales.join(', ')} paragraphs on ${backends.map((b) => b.name).join(' and ')}, budget ${formatMs(BUDGET_MS)} per backend`);

  const storeScale = await measureStoreScale({
    scales,
    budgetMs: BUDGET_MS,
    seed: SEED,
    corpusDir: path.join(REPO_ROOT, 'corpus'),
    realIndexDir,
    model: { modelId: MODEL_ID, modelsDir: path.resolve(REPO_ROOT, MODELS_DIR) },
    backends,
    questions: distinctBenchQuestions(REPO_ROOT),
    keepBuilds: process.env.BENCH_KEEP === '1',
  });

  const environment = { date, commit, node: process.version, cpus: os.cpus().length, memoryBytes: os.totalmem(), model: MODEL_ID, totalMs: nowMs() - startedAt };
  fs.writeFileSync(path.join(BENCH_DIR, 'scale-results.json'), JSON.stringify({ environment, storeScale }, null, 2) + '\n');
  const markdown = [
    '# The store at scale',
    '',
    `\`npm run bench:scale\` on ${date}, commit ${commit}: ${environment.cpus} cores, Node ${environment.node}, ${formatMs(environment.totalMs)} in all. ` +
      'Client and server share the machine.',
    '',
    ...targetsSection(scaleTargets(storeScale, backends.map((b) => b.name))),
    ...scaleSection(storeScale).slice(2),
  ].join('\n');
  fs.writeFileSync(path.join(BENCH_DIR, 'scale-results.md'), markdown + '\n');
  console.log(markdown);
}

await main();
