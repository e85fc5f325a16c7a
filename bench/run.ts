import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConsoleReporter } from '../src/cli/console-reporter.js';
import { loadConfig } from '../src/config.js';
import { BUNDLED_EMBED_MODEL, BUNDLED_MODELS_DIR } from '../src/embed/model-source.js';
import { loadCorpusReportingErrors } from '../src/indexing.js';
import { createTransformersEmbedder } from '../src/embed/transformers-embedder.js';
import { splitSentences } from '../src/parse/sentences.js';
import { passageText } from '../src/parse/passage-text.js';
import { openBackend } from '../src/store/backend.js';
import { measureEmbedFloor } from './embed-floor.js';
import { describeLoad, health, load, loadUnderLoad, probe, repeatedSearch, uncachedAsks, uncachedSearches, type LoadResult } from './http-load.js';
import { measureNeverSeenHttp } from './never-seen-http.js';
import { measureIndexBuild } from './index-build.js';
import { measureIncrementalUpdate } from './incremental-update.js';
import { measureBreakdown, measureUnseenQuestions } from './search-breakdown.js';
import { benchQuestions, distinctBenchQuestions, unseenBenchQuestions } from './questions.js';
import { checkTargets, markdownReport, type BenchResults } from './report.js';
import { buildServer } from '../scripts/build-server.js';
import { embeddedScaleBackend, postgresScaleBackend } from './scale-backends.js';
import { measureServerStart, type RunningServer } from './server-start.js';
import { measureStoreScale } from './store-scale.js';
import { parseScales } from './scales.js';
import { formatMs, nowMs } from './stats.js';

/**
 * `npm run bench`: one run measures the embedding floor, the index build, server start-up, HTTP latency and
 * throughput on loopback, and the store at scale for each backend (store-scale.ts); writes bench/results.json and
 * bench/results.md.
 *
 * Environment: MODELS_DIR and EMBED_MODEL as for the server (default: the bundled offline stand-in in models/);
 * BENCH_SCALE, the store's sizes (default "10k,100k,1m"; "none" skips them); BENCH_BUDGET_S, each backend's time
 * for all its sizes (default 1800: a size is skipped when the one before predicts it would not fit, and the
 * report gives the prediction); DATABASE_URL (and the other DATABASE_ settings) to measure PostgreSQL as well.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const BENCH_DIR = import.meta.dirname;
const MODELS_DIR = process.env.MODELS_DIR ?? BUNDLED_MODELS_DIR;
const MODEL_ID = process.env.EMBED_MODEL ?? BUNDLED_EMBED_MODEL;
const BATCH_SIZE = 16;
/** About half an hour per backend: room for a million paragraphs if the build allows, on two cores. */
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 1800) * 1000;
/** Synthetic corpora and noise are drawn from it, so every run measures the same paragraphs and queries. */
const SEED = 20240304;

/** Seconds per HTTP run; long enough for thousands of requests, short enough for the whole run's budget. */
const HTTP_SECONDS = { warmUp: 2, c1: 8, c8: 10, repeated: 5, health: 3, healthUnderLoad: 8 };
/** Fresh servers per never-seen measurement: the machine's speed moves between runs, and the median run is kept. */
const NEVER_SEEN_RUNS = 3;

function log(message: string): void {
  console.log(`[${(process.uptime()).toFixed(0).padStart(3)} s] ${message}`);
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
async function main(): Promise<void> {
  const runStart = nowMs();
  const scales = parseScales(process.env.BENCH_SCALE ?? '10k,100k,1m');
  const srcChanges = git(['status', '--porcelain', '--', 'src']);
  const environment: Record<string, unknown> = {
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']) + (srcChanges ? ' (with uncommitted changes in src/)' : ''),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? '?',
    memoryBytes: os.totalmem(),
    loadAverageBefore: loadAverage(),
    model: MODEL_ID,
  };
  log(`Load average before: ${environment.loadAverageBefore}`);

  const corpusDir = path.join(REPO_ROOT, 'corpus');
  const corpus = await loadCorpusReportingErrors(corpusDir, createConsoleReporter());
  const paragraphTexts = corpus.paragraphs.map(passageText);
  const sentenceTexts = corpus.paragraphs.flatMap((p) => splitSentences(p.text));
  const questions = benchQuestions(REPO_ROOT);
  const { embedder } = await createTransformersEmbedder({
    modelId: MODEL_ID,
    modelsDir: path.resolve(REPO_ROOT, MODELS_DIR),
    cacheDir: path.join(os.tmpdir(), 'bench-model-cache'),
    remoteHost: 'http://unreachable.invalid',
    remoteTimeoutMs: 1000,
    batchSize: BATCH_SIZE,
  });

  log('1. Embedding floor (the model alone)');
  const embedFloor = await measureEmbedFloor({ embedder, batchSize: BATCH_SIZE, paragraphTexts, sentenceTexts, benchQuestions: questions });
  log(
    `   query p50 ${formatMs(embedFloor.shortQuery.p50)} (short), ${formatMs(embedFloor.benchQueries.p50)} (bench questions); ` +
      `${embedFloor.paragraphs.perSecond.toFixed(0)} paragraphs/s, ${embedFloor.sentences.perSecond.toFixed(0)} sentences/s`,
  );

  log('2. Index build into a temporary INDEX_DIR');
  const built = await measureIndexBuild(corpus, embedder);
  const bareEmbedMs = embedFloor.paragraphs.ms + embedFloor.sentences.ms;
  const indexBuild = {
    ...built.result,
    bareEmbedMs,
    efficiency: bareEmbedMs / built.result.totalMs,
    paragraphRatio: built.result.paragraphsPerSecond / embedFloor.paragraphs.perSecond,
  };
  log(`   ${formatMs(indexBuild.totalMs)} (${indexBuild.paragraphsPerSecond.toFixed(0)} paragraphs/s); ${(indexBuild.efficiency * 100).toFixed(0)}% of bare speed`);
  log('2b. Adding one document to the full index, against a full rebuild');
  const incremental = await measureIncrementalUpdate(REPO_ROOT, embedder);
  log(
    `   full rebuild ${formatMs(incremental.fullRebuildMs)} (${incremental.fullRebuildParagraphs} paragraphs); adding ${incremental.addedFile} ` +
      `(${incremental.addedParagraphs} paragraphs) ${formatMs(incremental.addOneMs)}, embedding ${incremental.embedded.passages} paragraphs and reusing ${incremental.reused.passages}`,
  );
  let server: RunningServer | undefined;
  try {
    log('   Where a search spends its time, in-process (no HTTP), over the built index');
    const backend = await openBackend({ indexDir: built.result.indexDir });
    const store = await backend.open((await backend.currentVersion())!);
    const breakdown = await measureBreakdown({ store, embedder, questions, withAsk: true });
    const unseenQuestions = unseenBenchQuestions(REPO_ROOT);
    breakdown.unseen = await measureUnseenQuestions({ store, embedder, questions: unseenQuestions });
    await store.close();
    const { search: unseenSearch, ask: unseenAsk } = breakdown.unseen;
    log(
      `   ${unseenQuestions.length} questions never seen before, each once: own work p50 ${formatMs(unseenSearch.ownWork.p50)} ` +
        `(p95 ${formatMs(unseenSearch.ownWork.p95)}) a search, ${formatMs(unseenAsk.ownWork.p50)} (p95 ${formatMs(unseenAsk.ownWork.p95)}) an answer; ` +
        `embedding p50 ${formatMs(unseenSearch.embed.p50)}`,
    );
    if (breakdown.variantMismatches.length > 0) {
      log(`   WARNING: case variants changed the results of ${breakdown.variantMismatches.length} questions; HTTP figures may be skewed`);
    }
    log(`   search p50 ${formatMs(breakdown.search.total.p50)}, ask p50 ${formatMs(breakdown.ask?.total.p50 ?? NaN)} in-process`);

    log('3. Server start to ready (3 starts over the built index)');
    await buildServer();
    const started = await measureServerStart({ repoRoot: REPO_ROOT, indexDir: built.result.indexDir, modelsDir: MODELS_DIR, modelId: MODEL_ID, corpusDir: 'corpus' });
    server = started.server;
    const serverStart = started.result;
    if (!serverStart.indexWasFresh) log('   WARNING: the server did not report the index as up to date; it may have rebuilt it');
    log(`   ${serverStart.readyMs.map(formatMs).join(', ')}; server's own log says ${serverStart.selfReportedS ?? '?'} s`);

    log(`4. HTTP on ${server.url}, ${questions.length} rotating questions, each request a case variant never sent before`);
    const url = server.url;
    const cpu = server.cpuSeconds;
    const sample = await probe(url, uncachedSearches(questions)());
    if (sample.status !== 200) throw new Error(`GET /api/search answered ${sample.status}: ${JSON.stringify(sample.body)}`);
    const healthIdle = await load(url, 1, HTTP_SECONDS.health, health, cpu);
    log(`   health c1 (idle): ${describeLoad(healthIdle)}`);
    const searches = uncachedSearches(questions);
    await load(url, 1, HTTP_SECONDS.warmUp, searches);
    const searchC1 = await load(url, 1, HTTP_SECONDS.c1, searches, cpu);
    log(`   search c1: ${describeLoad(searchC1)}`);
    const searchC8 = await load(url, 8, HTTP_SECONDS.c8, searches, cpu);
    log(`   search c8: ${describeLoad(searchC8)}`);
    const searchRepeated = await load(url, 1, HTTP_SECONDS.repeated, repeatedSearch(questions[0]!), cpu);
    log(`   search, repeated question: ${describeLoad(searchRepeated)}`);

    const askProbe = await probe(url, uncachedAsks(questions.slice(1))());
    let askC1: LoadResult | null = null;
    let askC8: LoadResult | null = null;
    let askStatus: string;
    if (askProbe.status === 200) {
      const asks = uncachedAsks(questions);
      await load(url, 1, HTTP_SECONDS.warmUp, asks);
      askC1 = await load(url, 1, HTTP_SECONDS.c1, asks, cpu);
      log(`   ask c1: ${describeLoad(askC1)}`);
      askC8 = await load(url, 8, HTTP_SECONDS.c8, asks, cpu);
      log(`   ask c8: ${describeLoad(askC8)}`);
      askStatus = 'measured';
    } else {
      askStatus = askProbe.status === 404 ? 'ask: not available' : `ask: POST /api/ask answered ${askProbe.status}`;
      log(`   ${askStatus}`);
    }

    log('5. /api/health while /api/search runs at concurrency 8');
    const underLoad = await loadUnderLoad(url, HTTP_SECONDS.healthUnderLoad, { connections: 8, next: searches }, { connections: 1, next: health });
    log(`   health: ${describeLoad(underLoad.foreground)}; search meanwhile: ${describeLoad(underLoad.background)}`);
    const memory = server.memory();
    await server.stop();
    server = undefined;

    log(`5b. /api/search with questions never seen, words included, each once to fresh servers (${NEVER_SEEN_RUNS} runs)`);
    const neverSeen = await measureNeverSeenHttp(
      { repoRoot: REPO_ROOT, indexDir: built.result.indexDir, modelsDir: MODELS_DIR, modelId: MODEL_ID, corpusDir: 'corpus' },
      NEVER_SEEN_RUNS,
      (run, { c1, c8 }) => log(`   run ${run}: c1 ${describeLoad(c1)}; c8 ${describeLoad(c8)}`),
    );

    log(`6. The store at scale: ${scales.length > 0 ? scales.join(', ') : 'skipped (BENCH_SCALE=none)'}`);
    const database = loadConfig().store.database;
    const scaleBackends = database === undefined ? [embeddedScaleBackend] : [embeddedScaleBackend, postgresScaleBackend(database)];
    const storeScale = await measureStoreScale({
      scales,
      budgetMs: BUDGET_MS,
      seed: SEED,
      corpusDir,
      realIndexDir: built.result.indexDir,
      model: { modelId: MODEL_ID, modelsDir: path.resolve(REPO_ROOT, MODELS_DIR) },
      backends: scaleBackends,
      questions: distinctBenchQuestions(REPO_ROOT),
    });

    environment.loadAverageAfter = loadAverage();
    const partial = {
      environment,
      embedFloor,
      indexBuild,
      incremental,
      breakdown,
      serverStart,
      neverSeen,
      http: {
        questions: questions.length,
        searchC1,
        searchC8,
        searchRepeated,
        askC1,
        askC8,
        askStatus,
        healthIdle,
        healthUnderLoad: { health: underLoad.foreground, search: underLoad.background },
        serverPeakRssBytes: memory.peakBytes,
        serverRssBytes: memory.currentBytes,
      },
      storeScale,
      scaleBackends: scaleBackends.map((b) => b.name),
    };
    const results: BenchResults = { ...partial, targets: checkTargets(partial), totalMs: nowMs() - runStart };
    fs.writeFileSync(path.join(BENCH_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    const markdown = markdownReport(results);
    fs.writeFileSync(path.join(BENCH_DIR, 'results.md'), markdown);
    console.log('\n' + markdown);
  } finally {
    await server?.stop();
    fs.rmSync(built.result.indexDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
