import os from 'node:os';
import path from 'node:path';
import { createTransformersEmbedder } from '../src/embed/transformers-embedder.js';
import { openBackend, type StoreSettings } from '../src/store/backend.js';
import { DomainThesaurus } from '../src/retrieve/domain-thesaurus.js';
import { QueryExpander } from '../src/retrieve/query-expansion.js';
import { assembleIndexContent } from '../src/store/build-index.js';
import type { IndexContent } from '../src/store/types.js';
import { runAsChild } from './child-process.js';
import { exactNeighbours, measureRecall, recallQueries, type RecallResult } from './dense-recall.js';
import { precomputedEmbedder, recordQueryVectors, writeQueryVectors } from './precomputed-queries.js';
import { readRealMaterial } from './real-material.js';
import { measureStoreBreakdown, type StoreBreakdown } from './store-breakdown.js';
import { measureStoreSize, type StoreSize } from './store-size.js';
import { generateSyntheticCorpus, PARAGRAPHS_PER_DOCUMENT, PASSAGE_NOISE_NORM, realVectors, vectorCalibration, type SyntheticCorpus, type VectorCalibration } from './synthetic-corpus.js';
import { nowMs } from './stats.js';

/**
 * One size of the store at scale, in a process of its own: a synthetic corpus of n paragraphs made of the real
 * one, its IndexContent assembled as every build assembles it, published to each backend (timed, then measured on
 * disk), then, over each backend's build opened afresh, HNSW recall against brute force and the store's share of
 * searches and answers call by call. Before that, over the same build opened for this alone, it records the
 * vectors of the query texts the pipeline embeds, for those measurements and the server's (scale-server.ts).
 */
export interface ScaleBackend {
  /** "embedded" or "postgres", for the report. */
  name: string;
  store: StoreSettings;
}

export interface ScaleBuildOptions {
  paragraphs: number;
  seed: number;
  corpusDir: string;
  /** The embedded index built from the real corpus: the real vectors. */
  realIndexDir: string;
  model: { modelId: string; modelsDir: string };
  backends: ScaleBackend[];
  questions: {
    /** Every question any measurement of this size asks: their query texts are recorded and embedded. */
    all: string[];
    /** Asked before the breakdown is measured, so that it does not measure the JIT compiling the pipeline. */
    warmUp: string[];
    /** Searched in-process for the breakdown, each once. */
    search: string[];
    /** Answered in-process for the breakdown, each once (none of them searched before). */
    ask: string[];
  };
  /** Where each backend's query vectors file is written. */
  workDir: string;
}

export interface BackendBuild {
  backend: string;
  version: string;
  /** `backend.publish(content)`: writing the build, checking it opens, switching to it. */
  publishMs: number;
  paragraphsPerSecond: number;
  size: StoreSize;
  recall: RecallResult;
  breakdown: StoreBreakdown;
  /** Recording the query vectors, recall and the breakdown: the rest of this backend's time here. */
  probeMs: number;
  /** The vectors of the query texts this build's pipeline embeds, for the server. */
  queryVectorsFile: string;
  queryTexts: number;
}

export interface ScaleBuildResult {
  paragraphs: number;
  documents: number;
  sentences: number;
  /** Making the synthetic paragraphs and their vectors. */
  generateMs: number;
  /** `assembleIndexContent`: term and word frequencies and acronym definitions over the whole corpus. */
  assembleMs: number;
  /** Brute-force top 10 of the recall queries over every vector. */
  exactMs: number;
  calibration: VectorCalibration;
  passageNoiseNorm: number;
  paragraphsPerDocument: number;
  backends: BackendBuild[];
}

function log(message: string): void {
  console.error(`        [build ${(process.uptime()).toFixed(0).padStart(4)} s] ${message}`);
}

async function buildScale(options: ScaleBuildOptions): Promise<ScaleBuildResult> {
  const real = await readRealMaterial(options.corpusDir, options.realIndexDir);
  const { embedder } = await createTransformersEmbedder({
    modelId: options.model.modelId,
    modelsDir: options.model.modelsDir,
    cacheDir: path.join(os.tmpdir(), 'bench-model-cache'),
    remoteHost: 'http://unreachable.invalid',
    remoteTimeoutMs: 1000,
  });
  if (embedder.modelId !== real.modelId) throw new Error(`${options.realIndexDir} was embedded with ${real.modelId}, not ${embedder.modelId}`);
  const questionVectors: Float32Array[] = [];
  for (const question of options.questions.all) questionVectors.push(await embedder.embedQuery(question));
  const queries = recallQueries(questionVectors, realVectors(real), options.seed);

  let start = nowMs();
  let corpus: SyntheticCorpus | undefined = generateSyntheticCorpus(real, { paragraphs: options.paragraphs, seed: options.seed });
  const generateMs = nowMs() - start;
  const documents = corpus.documents.length;
  const calibration = vectorCalibration(real, corpus.vectors, options.seed);
  log(`generated ${corpus.paragraphs.length} paragraphs in ${corpus.documents.length} documents, ${(generateMs / 1000).toFixed(1)} s`);
  start = nowMs();
  // As `npm run index` builds: with the phrases the shipped thesaurus adds to searches.
  let content: IndexContent | undefined = assembleIndexContent({ ...corpus, ...QueryExpander.phrasesForBuild(DomainThesaurus.shipped()) });
  const assembleMs = nowMs() - start;
  const sentences = content.sentences.length;
  log(`assembled the index content (${sentences} sentences), ${(assembleMs / 1000).toFixed(1)} s`);
  start = nowMs();
  const exact = await exactNeighbours(corpus.vectorData, queries, corpus.paragraphs.map((p) => p.id));
  const exactMs = nowMs() - start;
  log(`brute-force top 10 of ${queries.length} queries, ${(exactMs / 1000).toFixed(1)} s`);

  const published: Array<{ target: ScaleBackend; version: string; publishMs: number; size: StoreSize }> = [];
  for (const target of options.backends) {
    const backend = await openBackend(target.store);
    start = nowMs();
    const version = await backend.publish(content);
    const publishMs = nowMs() - start;
    const size = await measureStoreSize(target.store, version);
    await backend.close();
    log(`${target.name}: published in ${(publishMs / 1000).toFixed(1)} s, ${(size.bytes / 2 ** 20).toFixed(0)} MiB`);
    published.push({ target, version, publishMs, size });
  }
  // What follows measures stores opened afresh; the content (gigabytes at a million) is no longer needed.
  content = undefined;
  corpus = undefined;
  (globalThis as { gc?: () => void }).gc?.();

  const backends: BackendBuild[] = [];
  for (const { target, version, publishMs, size } of published) {
    const probeStart = nowMs();
    const backend = await openBackend(target.store);
    const recording = await backend.open(version);
    const queryVectors = await recordQueryVectors(recording, options.questions.all, embedder);
    await recording.close();
    const queryVectorsFile = path.join(options.workDir, `query-vectors-${target.name}-${options.paragraphs}.json`);
    writeQueryVectors(queryVectorsFile, queryVectors);

    const store = await backend.open(version);
    const recall = await measureRecall(store, queries, exact);
    log(`${target.name}: recall@10 ${recall.recall.toFixed(3)}, denseSearch p50 ${recall.latency.k.p50.toFixed(2)} ms (k 10), ${recall.latency.depth.p50.toFixed(2)} ms (k 50), ${recall.latency.depthInYear.p50.toFixed(2)} ms (k 50 in one year)`);
    const breakdown = await measureStoreBreakdown(store, precomputedEmbedder(queryVectors), options.questions);
    log(`${target.name}: in-process search p50 ${breakdown.search.total.p50.toFixed(1)} ms, ask p50 ${breakdown.ask.total.p50.toFixed(1)} ms`);
    await store.close();
    await backend.close();
    backends.push({
      backend: target.name,
      version,
      publishMs,
      paragraphsPerSecond: (options.paragraphs / publishMs) * 1000,
      size,
      recall,
      breakdown,
      probeMs: nowMs() - probeStart,
      queryVectorsFile,
      queryTexts: queryVectors.vectors.size,
    });
  }
  return {
    paragraphs: options.paragraphs,
    documents,
    sentences,
    generateMs,
    assembleMs,
    exactMs,
    calibration,
    passageNoiseNorm: PASSAGE_NOISE_NORM,
    paragraphsPerDocument: PARAGRAPHS_PER_DOCUMENT,
    backends,
  };
}

runAsChild(import.meta.url, buildScale);
