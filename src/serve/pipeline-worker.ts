import { AsyncLocalStorage } from 'node:async_hooks';
import { parentPort } from 'node:worker_threads';
import type { Embedder } from '../embed/types.js';
import { OverloadedError, type InferenceQueueOptions } from '../embed/inference-queue.js';
import type { QueryPipeline } from '../pipeline.js';
import type { FollowedBuild } from '../store/followed-build.js';
import { StoreUnavailableError, type ParagraphStore, type StoreBackend } from '../store/types.js';
import type { FromWorker, PipelineCall, PrepareMessage, ServingModels, ToWorker, WireError, WorkerReporter, WorkerTiming } from './worker-pipeline.js';

/**
 * The server's pipeline worker: the thread on which the models load, the index is built when it must be, and
 * questions are embedded, searched and answered, so that the main thread only handles HTTP. Started by
 * WorkerPipeline.start; see src/serve/worker-pipeline.ts for the protocol and why the model loads only here.
 */

if (parentPort === null) throw new Error('pipeline-worker.ts runs in a worker thread started by the server (npm start)');
const port = parentPort;
const send = (message: FromWorker) => port.postMessage(message);

// Started at once, so the modules load while the main thread reads its configuration and starts listening.
const modules = Promise.all([
  import('../embed/load-embedder.js'),
  import('../embed/model-source.js'),
  import('../indexing.js'),
  import('../pipeline.js'),
  import('../store/backend.js'),
  import('../store/followed-build.js'),
  import('../retrieve/domain-thesaurus.js'),
  import('../retrieve/cross-encoder.js'),
  import('../model-profiles.js'),
  import('./warm-up.js'),
]);
/**
 * One ONNX Runtime thread per model: the server runs a pipeline worker per core (src/serve/pipeline-pool.ts),
 * and a second inference thread would only spin between queries, taking a core from the other threads.
 */
const INFERENCE_THREADS = 1;

/**
 * The timing of the call being answered. Calls on a database store interleave at its awaits, so each call's
 * embedding time is kept in its own async context rather than in one counter.
 */
const callTiming = new AsyncLocalStorage<WorkerTiming>();

/** The model, with the time each question's embedding takes added to the timing of the call that asked. */
function timedEmbedder(embedder: Embedder): Embedder {
  return {
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    embedPassages: (texts, onProgress) => embedder.embedPassages(texts, onProgress),
    async embedQuery(text) {
      const startedAt = performance.now();
      try {
        return await embedder.embedQuery(text);
      } finally {
        const timing = callTiming.getStore();
        if (timing !== undefined) timing.embedMs += performance.now() - startedAt;
      }
    },
  };
}

let inferenceQueue: InferenceQueueOptions | undefined;
/** Set once prepared: the current build, followed, and how a pipeline over a build is assembled. */
let serving: { build: FollowedBuild; assemble: (store: ParagraphStore) => Promise<QueryPipeline> } | undefined;
/**
 * The pipeline over each build opened: a new build (a rebuild while serving) gets its own, assembled at its first
 * question; the retired build's goes with it.
 */
const pipelines = new WeakMap<ParagraphStore, Promise<QueryPipeline>>();

/** The main thread prints what the worker reports: bars and lines written from here would interleave badly. */
const reporter: WorkerReporter = {
  info: (line) => send({ type: 'report', level: 'info', line }),
  warn: (line) => send({ type: 'report', level: 'warn', line }),
  error: (line) => send({ type: 'report', level: 'error', line }),
  notice: (line) => send({ type: 'report', level: 'notice', line }),
  download: (info) => send({ type: 'download', info }),
  embedding: (label, done, total) => send({ type: 'embedding', label, done, total }),
  embeddingDone: () => send({ type: 'embeddingDone' }),
};

async function prepare(message: PrepareMessage): Promise<void> {
  inferenceQueue = message.inferenceQueue;
  const [
    { loadEmbedder, modelRequest },
    { BUNDLED_EMBED_MODEL, BUNDLED_EMBED_MODEL_NOTE },
    { ensureIndex },
    { assemblePipeline },
    { openBackend },
    { FollowedBuild },
    { DomainThesaurus },
    { createCrossEncoderReranker },
    { announceModel },
    { warmUp },
  ] = await modules;
  const startedAt = performance.now();
  const loaded = await loadEmbedder(message.models, reporter, { intraOpThreads: INFERENCE_THREADS });
  announceModel(loaded, startedAt, reporter);
  const { embedder, source, fallback } = loaded;

  const rerankModel = message.models.rerankModel;
  const reranker =
    rerankModel === undefined
      ? undefined
      : (await createCrossEncoderReranker({ ...modelRequest(message.models, rerankModel, 'cross-encoder'), onDownloadProgress: reporter.download })).reranker;
  if (rerankModel !== undefined) reporter.info(`Reranking with the cross-encoder ${rerankModel}`);

  const backend = await openBackend(message.store);
  // One machine builds its own index from its corpus folder. Servers on a shared database serve what
  // `npm run index` built there: several starting at once must not each rebuild it, and they need no corpus.
  const version =
    message.store.database === undefined
      ? await ensureIndex({ corpusDir: message.corpusDir, backend, embedder, reporter })
      : await sharedBuild(backend, embedder.modelId, reporter);
  const build = await FollowedBuild.open(backend, { modelId: embedder.modelId });
  const thesaurus = DomainThesaurus.configured(message.thesaurusFile);
  const timed = timedEmbedder(embedder);
  serving = { build, assemble: (store) => assemblePipeline(store, timed, { inferenceQueue, thesaurus, reranker }) };
  await currentPipeline();
  const models: ServingModels = {
    model: embedder.modelId,
    origin: source.origin,
    ...(embedder.modelId === BUNDLED_EMBED_MODEL ? { note: BUNDLED_EMBED_MODEL_NOTE } : {}),
    ...(fallback === undefined ? {} : { fallback }),
    ...(rerankModel === undefined ? {} : { reranker: rerankModel }),
  };
  send({ type: 'ready', version, models });
  // Once serving: its own questions compile the code on a pipeline of their own, thrown away (warm-up.ts), one at
  // a time between the calls that arrive, so start-up is no slower and a caller waits for one question at most.
  warmingUp = (async () => {
    const warmed = await warmUp(await serving!.assemble(await build.current()), message.warmUp, () => stopping);
    if (warmed.asked > 0) reporter.info(`Warmed up on ${warmed.asked} questions of its own in ${(warmed.ms / 1000).toFixed(1)} s`);
  })().catch((error: unknown) => reporter.warn(`The warm-up stopped: ${error instanceof Error ? error.message : String(error)}`));
}

/** The warm-up running once serving, and whether the main thread has asked the worker to stop it. */
let warmingUp: Promise<void> = Promise.resolve();
let stopping = false;

async function stop(): Promise<void> {
  stopping = true;
  await warmingUp;
  send({ type: 'stopped' });
}

/** The build a shared database holds, when this server's model can search it. */
async function sharedBuild(backend: StoreBackend, modelId: string, reporter: WorkerReporter): Promise<string> {
  const version = await backend.currentVersion();
  if (version === null) throw new Error(`No index has been built in ${backend.location}; run \`npm run index\` with the same DATABASE_URL first`);
  const manifest = await backend.readManifest(version);
  if (manifest.modelId !== modelId) {
    throw new Error(`The index in ${backend.location} was embedded with ${manifest.modelId}, but this server's model is ${modelId}; set EMBED_MODEL to ${manifest.modelId}, or rebuild with \`npm run index\``);
  }
  reporter.info(`Serving the index in ${backend.location}: ${manifest.paragraphCount} paragraphs embedded with ${manifest.modelId} at ${manifest.builtAt}.`);
  return version;
}

/** The pipeline over the build current now, assembled when the build is new. */
async function currentPipeline(): Promise<QueryPipeline> {
  if (serving === undefined) throw new Error('The pipeline worker was asked before its index was opened');
  const store = await serving.build.current();
  let pipeline = pipelines.get(store);
  if (pipeline === undefined) {
    pipeline = serving.assemble(store);
    pipelines.set(store, pipeline);
    // A pipeline that could not be assembled (the database went away meanwhile) is tried again at the next call.
    pipeline.catch(() => pipelines.delete(store));
  }
  return pipeline;
}

function toWire(error: unknown): WireError {
  if (error instanceof OverloadedError && inferenceQueue !== undefined) return { kind: 'overloaded', maxQueued: inferenceQueue.maxQueued };
  if (error instanceof StoreUnavailableError) return { kind: 'unavailable', reason: error.reason };
  if (error instanceof Error) return { kind: 'error', name: error.name, message: error.message, stack: error.stack };
  return { kind: 'error', name: 'Error', message: String(error) };
}

async function answer(call: PipelineCall): Promise<void> {
  try {
    const startedAt = performance.now();
    const timing: WorkerTiming = { embedMs: 0, workMs: 0 };
    const result = await callTiming.run(timing, async () => {
      const { retriever, answerer } = await currentPipeline();
      return call.method === 'search' ? retriever.search(call.request) : answerer.ask(call.request);
    });
    timing.workMs = performance.now() - startedAt;
    // Inside the try: a result that cannot be cloned is answered as an error instead of never.
    send({ type: 'reply', id: call.id, result, timing });
  } catch (error) {
    send({ type: 'reply', id: call.id, error: toWire(error) });
  }
}

port.on('message', (message: ToWorker) => {
  if (!('type' in message)) void answer(message);
  else if (message.type === 'stop') void stop();
  else void prepare(message).catch((error: unknown) => send({ type: 'failed', error: toWire(error) }));
});
