import { parentPort } from 'node:worker_threads';
import { loadEmbedder } from '../cli/load-embedder.js';
import { OverloadedError, type InferenceQueueOptions } from '../embed/inference-queue.js';
import type { Embedder } from '../embed/types.js';
import type { QueryPipeline } from '../pipeline.js';
import type { FromWorker, OpenMessage, PipelineCall, ToWorker, WireError } from './worker-pipeline.js';

/**
 * The server's pipeline worker: the thread on which questions are embedded, searched and answered, so that the
 * main thread only handles HTTP. Started by WorkerPipeline.start; see src/serve/worker-pipeline.ts for the protocol.
 */

if (parentPort === null) throw new Error('pipeline-worker.ts runs in a worker thread started by the server (npm start)');
const port = parentPort;
const send = (message: FromWorker) => port.postMessage(message);

// Imported after the module that loads the model, so that nothing holds up the start of loading it.
const modules = Promise.all([import('../pipeline.js'), import('../store/sqlite-hnsw-store.js'), import('../retrieve/domain-thesaurus.js')]);
// A model that fails to load fails the worker (the rejection goes unhandled), which start-up reports.
let loading: Promise<Embedder> | undefined;
let pipeline: Promise<QueryPipeline> | undefined;
let inferenceQueue: InferenceQueueOptions | undefined;

async function open(message: OpenMessage): Promise<QueryPipeline> {
  if (loading === undefined) throw new Error('The pipeline worker was given its index before its model');
  inferenceQueue = message.inferenceQueue;
  const [{ assemblePipeline }, { openStore }, { DomainThesaurus }] = await modules;
  const embedder = await loading;
  const opened = assemblePipeline(openStore(message.indexDir), embedder, {
    inferenceQueue,
    thesaurus: DomainThesaurus.configured(message.thesaurusFile),
  });
  send({ type: 'ready', modelId: embedder.modelId });
  return opened;
}

function toWire(error: unknown): WireError {
  if (error instanceof OverloadedError && inferenceQueue !== undefined) return { kind: 'overloaded', maxQueued: inferenceQueue.maxQueued };
  if (error instanceof Error) return { kind: 'error', message: error.message, stack: error.stack };
  return { kind: 'error', message: String(error) };
}

async function answer(call: PipelineCall): Promise<void> {
  try {
    if (pipeline === undefined) throw new Error('The pipeline worker was asked before its index was opened');
    const { retriever, answerer } = await pipeline;
    const result = call.method === 'search' ? await retriever.search(call.request) : await answerer.ask(call.request);
    // Inside the try: a result that cannot be cloned is answered as an error instead of never.
    send({ type: 'reply', id: call.id, result });
  } catch (error) {
    send({ type: 'reply', id: call.id, error: toWire(error) });
  }
}

port.on('message', (message: ToWorker) => {
  if (!('type' in message)) void answer(message);
  // The model loads while the main thread checks (or builds) the index.
  else if (message.type === 'load') loading = loadEmbedder(message.embedder);
  else pipeline = open(message);
});
