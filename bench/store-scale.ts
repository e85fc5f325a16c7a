import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoreSettings } from '../src/store/backend.js';
import { ChildTimeoutError, runChild } from './child-process.js';
import { askRequest, searchRequest, sendEachOnce, type EachOnceResult } from './question-load.js';
import type { BackendBuild, ScaleBuildOptions, ScaleBuildResult } from './scale-build.js';
import { startScaleServer } from './scale-server.js';
import { formatMs, nowMs } from './stats.js';

/**
 * The store at 10k, 100k and 1M paragraphs, for each backend: a synthetic corpus made of the real one is built
 * (scale-build.ts: build time, size on disk, HNSW recall, the store's share of each search), then served by the
 * real app in a process of its own (scale-server.ts: memory, and /api/search and /api/ask latency with the
 * embedding excluded, each question sent once). Sizes run smallest first; a backend skips a size whose run its
 * last one predicts would not fit in its time budget, and the report says so with the prediction.
 */
export interface ScaleBackendSpec {
  name: string;
  /** Where this size's builds go: a folder under `workDir`, or a schema of its own in the database. */
  settingsFor(paragraphs: number, workDir: string): StoreSettings;
  /** Removes what `settingsFor` made, once the size is measured. */
  cleanUp(settings: StoreSettings): Promise<void>;
  /** What the report should know about the backend's own process (PostgreSQL's server memory), if anything. */
  note?(): Promise<string | null>;
}

export interface ScaleSettings {
  scales: number[];
  /** Each backend's time for all its sizes together. */
  budgetMs: number;
  seed: number;
  corpusDir: string;
  realIndexDir: string;
  model: { modelId: string; modelsDir: string };
  backends: ScaleBackendSpec[];
  /** Distinct questions no server or pipeline has seen; each measurement sends each of its share once. */
  questions: string[];
  /** Leave each size's builds and work folder in place afterwards, measured or failed, to look into them. */
  keepBuilds?: boolean;
}

/** The server process: its memory, over its baseline (modules loaded, nothing opened). */
export interface ServedMemory {
  openMs: number;
  baselineBytes: number;
  /** After opening the store and assembling the pipeline. */
  openedBytes: number;
  /** After every HTTP run. */
  servedBytes: number;
  peakBytes: number;
  /** (servedBytes − baselineBytes) / paragraphs. */
  bytesPerParagraph: number;
}

export interface ScaleRun {
  backend: string;
  paragraphs: number;
  documents: number;
  sentences: number;
  /** Shared by the backends of this size: making the corpus, assembling its content, the exact neighbours. */
  shared: Pick<ScaleBuildResult, 'generateMs' | 'assembleMs' | 'exactMs' | 'calibration' | 'passageNoiseNorm' | 'paragraphsPerDocument'>;
  build: Omit<BackendBuild, 'backend' | 'queryVectorsFile'>;
  memory: ServedMemory;
  http: { searchC1: EachOnceResult; searchC8: EachOnceResult; askC1: EachOnceResult; askC8: EachOnceResult };
  /** Query texts the server had no vector for (their requests failed); should be 0. */
  embeddingMisses: number;
  /** This backend's whole time for this size, the shared part included. */
  wallMs: number;
  note: string | null;
}

export interface ScaleSkip {
  backend: string;
  paragraphs: number;
  reason: string;
  /** What the run was predicted to take, from the last size this backend ran; null when it did not get that far. */
  prediction: ScalePrediction | null;
}

/** Extrapolated from the last size run: the build's parts, and the whole run. */
export interface ScalePrediction {
  fromParagraphs: number;
  assembleMs: number;
  publishMs: number;
  totalMs: number;
}

export interface StoreScaleResults {
  runs: ScaleRun[];
  skipped: ScaleSkip[];
  /** How many questions each measurement sent (each question once). */
  questions: { warmUp: number; perHttpRun: number; inProcessSearch: number; inProcessAsk: number };
  budgetMs: number;
}

/** Questions sent before measuring, so that what is measured is not the JIT compiling the pipeline. */
const WARM_UP_QUESTIONS = 9;

/** The HTTP runs, each with its own questions: a question searched first would be answered from the search's cache. */
const HTTP_RUNS = [
  { name: 'searchC1', request: searchRequest, connections: 1 },
  { name: 'searchC8', request: searchRequest, connections: 8 },
  { name: 'askC1', request: askRequest, connections: 1 },
  { name: 'askC8', request: askRequest, connections: 8 },
] as const;

/**
 * Per-insert time grew about 3 times from 100k to 1M vectors for hnswlib in trial runs on the 2-core machine (the
 * graph outgrows the CPU caches), while from 10k to 100k it hardly changed; pgvector slows down the same way, and
 * more once its graph outgrows maintenance_work_mem. So the growth measured between the last two sizes is used,
 * but never less than 3 per tenfold past 100k.
 */
const BUILD_SLOWDOWN_PER_TENFOLD = 3;
const SLOWDOWN_FROM = 100_000;

/** A child may overrun its share of the budget by this much before it is stopped: the report needs its figures. */
const CHILD_GRACE_MS = 10 * 60_000;

/** A million paragraphs' content (texts, sentences, statistics) in one process: several GB of heap. */
const BUILD_HEAP_MIB = 16384;

function splitQuestions(questions: string[]) {
  const perHttpRun = Math.floor((questions.length - WARM_UP_QUESTIONS) / HTTP_RUNS.length);
  const measured = questions.slice(0, perHttpRun * HTTP_RUNS.length);
  const warmUp = questions.slice(perHttpRun * HTTP_RUNS.length);
  return {
    warmUp,
    http: HTTP_RUNS.map((_, r) => measured.filter((_, i) => i % HTTP_RUNS.length === r)),
    inProcess: { search: measured.filter((_, i) => i % 2 === 0), ask: measured.filter((_, i) => i % 2 === 1) },
  };
}

/**
 * The time the next size will take, from the last one run: everything grows with n, the publish step also by the
 * slowdown above.
 */
export function predict(last: ScaleRun, previous: ScaleRun | undefined, paragraphs: number): ScalePrediction {
  const factor = paragraphs / last.paragraphs;
  const tenfolds = Math.log10(factor);
  const perParagraph = (run: ScaleRun) => run.build.publishMs / run.paragraphs;
  const measuredGrowth = previous === undefined ? 1 : (perParagraph(last) / perParagraph(previous)) ** (1 / Math.log10(last.paragraphs / previous.paragraphs));
  const growth = Math.max(measuredGrowth, paragraphs > SLOWDOWN_FROM ? BUILD_SLOWDOWN_PER_TENFOLD : 1);
  const publishMs = last.build.publishMs * factor * growth ** tenfolds;
  const assembleMs = last.shared.assembleMs * factor;
  const rest = last.wallMs - last.build.publishMs - last.shared.assembleMs;
  return { fromParagraphs: last.paragraphs, assembleMs, publishMs, totalMs: publishMs + assembleMs + rest * factor };
}

function log(message: string): void {
  console.log(`[${process.uptime().toFixed(0).padStart(4)} s]    ${message}`);
}

/**
 * @example
 * const { runs, skipped } = await measureStoreScale({ scales: [10_000, 100_000], budgetMs: 1_800_000, seed, corpusDir, realIndexDir, model, backends, questions });
 */
export async function measureStoreScale(settings: ScaleSettings): Promise<StoreScaleResults> {
  const questions = splitQuestions(settings.questions);
  const runs: ScaleRun[] = [];
  const skipped: ScaleSkip[] = [];
  const spentMs = new Map(settings.backends.map((b) => [b.name, 0]));

  for (const paragraphs of settings.scales) {
    const running: ScaleBackendSpec[] = [];
    for (const backend of settings.backends) {
      const own = runs.filter((r) => r.backend === backend.name);
      if (skipped.some((s) => s.backend === backend.name)) {
        skipped.push({ backend: backend.name, paragraphs, reason: 'a smaller size was not run', prediction: null });
        continue;
      }
      const prediction = own.length === 0 ? null : predict(own.at(-1)!, own.at(-2), paragraphs);
      const left = settings.budgetMs - spentMs.get(backend.name)!;
      if (prediction !== null && prediction.totalMs > left) {
        const reason =
          `predicted ${formatMs(prediction.totalMs)} from the ${prediction.fromParagraphs} run (publish ${formatMs(prediction.publishMs)}, content assembly ` +
          `${formatMs(prediction.assembleMs)}) against ${formatMs(left)} left of its ${formatMs(settings.budgetMs)} budget (BENCH_BUDGET_S)`;
        log(`${backend.name} ${paragraphs}: skipped, ${reason}`);
        skipped.push({ backend: backend.name, paragraphs, reason, prediction });
        continue;
      }
      running.push(backend);
    }
    if (running.length === 0) continue;

    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-scale-${paragraphs}-`));
    const targets = running.map((backend) => ({ backend, store: backend.settingsFor(paragraphs, workDir) }));
    try {
      // What a run kept (BENCH_KEEP), or one killed, left in the database goes first: it would hold a second build.
      for (const { backend, store } of targets) await backend.cleanUp(store);
      log(`${paragraphs} paragraphs: building for ${running.map((b) => b.name).join(' and ')}`);
      const start = nowMs();
      let built: ScaleBuildResult;
      try {
        const options: ScaleBuildOptions = {
          paragraphs,
          seed: settings.seed,
          corpusDir: settings.corpusDir,
          realIndexDir: settings.realIndexDir,
          model: settings.model,
          backends: targets.map(({ backend, store }) => ({ name: backend.name, store })),
          questions: { all: settings.questions, warmUp: questions.warmUp, ...questions.inProcess },
          workDir,
        };
        const timeoutMs = Math.max(...running.map((b) => settings.budgetMs - spentMs.get(b.name)!)) + CHILD_GRACE_MS;
        built = await runChild<ScaleBuildResult>(new URL('./scale-build.ts', import.meta.url).pathname, options, { heapMiB: BUILD_HEAP_MIB, timeoutMs });
      } catch (error) {
        if (!(error instanceof ChildTimeoutError)) throw error;
        for (const backend of running) skipped.push({ backend: backend.name, paragraphs, reason: `the build ${error.message}`, prediction: null });
        continue;
      }
      const sharedMs = nowMs() - start - built.backends.reduce((sum, b) => sum + b.publishMs + b.probeMs, 0);

      for (const { backend, store } of targets) {
        const own = built.backends.find((b) => b.backend === backend.name)!;
        const serveStart = nowMs();
        const server = await startScaleServer({ store, queryVectorsFile: own.queryVectorsFile });
        for (const question of questions.warmUp) await sendEachOnce(server.url, [searchRequest(question)], 1);
        const http = {} as ScaleRun['http'];
        for (const [r, run] of HTTP_RUNS.entries()) {
          http[run.name] = await sendEachOnce(server.url, questions.http[r]!.map(run.request), run.connections, server.cpuSeconds);
        }
        const { currentBytes, peakBytes } = server.memory();
        const { misses } = await server.stop();
        const wallMs = sharedMs + own.publishMs + own.probeMs + (nowMs() - serveStart);
        spentMs.set(backend.name, spentMs.get(backend.name)! + wallMs);
        const { backend: _name, queryVectorsFile: _file, ...build } = own;
        const run: ScaleRun = {
          backend: backend.name,
          paragraphs,
          documents: built.documents,
          sentences: built.sentences,
          shared: {
            generateMs: built.generateMs,
            assembleMs: built.assembleMs,
            exactMs: built.exactMs,
            calibration: built.calibration,
            passageNoiseNorm: built.passageNoiseNorm,
            paragraphsPerDocument: built.paragraphsPerDocument,
          },
          build,
          memory: {
            openMs: server.openMs,
            baselineBytes: server.baselineBytes,
            openedBytes: server.openedBytes,
            servedBytes: currentBytes,
            peakBytes,
            bytesPerParagraph: (currentBytes - server.baselineBytes) / paragraphs,
          },
          http,
          embeddingMisses: misses.length,
          wallMs,
          note: (await backend.note?.()) ?? null,
        };
        runs.push(run);
        log(
          `${backend.name} ${paragraphs}: publish ${formatMs(own.publishMs)}, recall@10 ${own.recall.recall.toFixed(3)}, ` +
            `search p50 ${formatMs(http.searchC1.latency.p50)} (c1) ${formatMs(http.searchC8.latency.p50)} (c8), ask p50 ${formatMs(http.askC1.latency.p50)} (c1), ` +
            `${(run.memory.bytesPerParagraph / 1024).toFixed(2)} KiB/paragraph resident, ${(own.size.bytes / paragraphs / 1024).toFixed(2)} KiB/paragraph on disk; ${formatMs(wallMs)}`,
        );
      }
    } finally {
      if (settings.keepBuilds === true) {
        log(`${paragraphs}: builds kept (BENCH_KEEP): ${targets.map(({ backend, store }) => `${backend.name} in ${store.database?.namespace ?? store.indexDir}`).join(', ')}; work folder ${workDir}`);
      } else {
        for (const { backend, store } of targets) await backend.cleanUp(store);
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    }
  }
  return {
    runs,
    skipped,
    questions: { warmUp: questions.warmUp.length, perHttpRun: questions.http[0]!.length, inProcessSearch: questions.inProcess.search.length, inProcessAsk: questions.inProcess.ask.length },
    budgetMs: settings.budgetMs,
  };
}
