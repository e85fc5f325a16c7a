import { Worker } from 'node:worker_threads';
import type { Answer, Answerer, AskRequest } from '../answer/types.js';
import type { EmbedderConfig } from '../cli/load-embedder.js';
import { OverloadedError, type InferenceQueueOptions } from '../embed/inference-queue.js';
import type { Retriever, SearchRequest, SearchResult } from '../retrieve/types.js';

/**
 * The protocol between the server's main thread and its pipeline worker (src/serve/pipeline-worker.ts). Every
 * message is plain data, copied by structured clone.
 */

/** The calls the worker answers, with what each takes and gives. */
interface PipelineMethods {
  search: { request: SearchRequest; result: SearchResult };
  ask: { request: AskRequest; result: Answer };
}

type PipelineMethod = keyof PipelineMethods;

export type PipelineCall = { [M in PipelineMethod]: { id: number; method: M; request: PipelineMethods[M]['request'] } }[PipelineMethod];

/** Sent as soon as the configuration is read: the worker starts loading the model. */
export interface LoadMessage {
  type: 'load';
  embedder: EmbedderConfig;
}

/** Sent once the index is current (built if it had to be): the worker opens it and answers "ready". */
export interface OpenMessage {
  type: 'open';
  indexDir: string;
  inferenceQueue: InferenceQueueOptions;
  thesaurusFile: string | undefined;
}

export type ToWorker = LoadMessage | OpenMessage | PipelineCall;

/**
 * An error as it crosses to the main thread. Structured clone keeps an Error's message but not its class, and
 * the app answers an OverloadedError with 503 + Retry-After, so that one travels as its own kind.
 */
export type WireError = { kind: 'overloaded'; maxQueued: number } | { kind: 'error'; message: string; stack?: string };

export type FromWorker =
  | { type: 'ready'; modelId: string }
  | { type: 'reply'; id: number; result: PipelineMethods[PipelineMethod]['result'] }
  | { type: 'reply'; id: number; error: WireError };

function fromWire(error: WireError): Error {
  if (error.kind === 'overloaded') return new OverloadedError(error.maxQueued);
  const rebuilt = new Error(error.message);
  // The worker's stack is the one that locates the fault; the one made here would only point at this file.
  if (error.stack !== undefined) rebuilt.stack = error.stack;
  return rebuilt;
}

interface Pending {
  resolve: (result: PipelineMethods[PipelineMethod]['result']) => void;
  reject: (error: Error) => void;
}

/**
 * The query pipeline running in a worker thread, as the HTTP app sees it: a Retriever and an Answerer. Retrieval
 * and answering (tokenizing, the model itself, which onnxruntime-node runs synchronously, query expansion, SQLite,
 * HNSW, reranking, composing) are milliseconds of blocking work per request; on the main thread they would make
 * every other request, health checks included, wait behind the queued searches.
 *
 * If the worker dies, every call waiting for it and every later call rejects with an error saying so: the server
 * keeps answering what the main thread serves (health, stats, paragraphs) but cannot search until restarted.
 */
export class WorkerPipeline implements Retriever, Answerer {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private opening: { resolve: (modelId: string) => void; reject: (error: Error) => void } | undefined;
  private ready = false;
  private stopping = false;
  /** While closing: called when the last call waiting for the worker settles. */
  private drained: (() => void) | undefined;
  /** Set once the worker is gone (or going): the reason every call from then on rejects with. */
  private failure: Error | undefined;
  /** The model's queue, as configured; calls beyond its size are refused here (see `call`). */
  private queue: InferenceQueueOptions | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    // Whatever the worker threw arrives here, an Error or not.
    worker.on('error', (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      this.fail(new Error(`The pipeline worker failed: ${reason}`, { cause: error }));
    });
    worker.on('exit', (code) => this.fail(new Error(`The pipeline worker exited (code ${code})`)));
  }

  /**
   * Starts the pipeline worker, bundled beside this module by scripts/build-server.ts (`npm start` builds it).
   * Call it before importing anything else: the worker loads its modules on another core while this thread reads
   * the configuration and loads the HTTP server.
   */
  static start(): WorkerPipeline {
    return new WorkerPipeline(new Worker(new URL('./pipeline-worker.js', import.meta.url)));
  }

  /** Starts loading the model in the worker, before the index is known to be usable. */
  loadModel(embedder: EmbedderConfig): void {
    this.worker.postMessage({ type: 'load', embedder } satisfies LoadMessage);
  }

  /** Opens the index in the worker; resolves with the model's id once the worker can answer. */
  open(indexDir: string, inferenceQueue: InferenceQueueOptions, thesaurusFile?: string): Promise<{ modelId: string }> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.opening || this.ready) return Promise.reject(new Error('The pipeline worker has already been given its index'));
    this.queue = inferenceQueue;
    return new Promise((resolve, reject) => {
      this.opening = { resolve: (modelId) => resolve({ modelId }), reject };
      this.worker.postMessage({ type: 'open', indexDir, inferenceQueue, thesaurusFile } satisfies OpenMessage);
    });
  }

  search(request: SearchRequest): Promise<SearchResult> {
    return this.call('search', request);
  }

  ask(request: AskRequest): Promise<Answer> {
    return this.call('ask', request);
  }

  /**
   * Refuses new calls, lets the worker answer those already sent, then stops it. Shutdown calls this once the
   * HTTP server has closed; calls can still be waiting then for clients that went away mid-request.
   */
  async close(): Promise<void> {
    if (this.failure) return;
    this.stopping = true;
    if (this.pending.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.fail(new Error('The pipeline worker has been stopped'));
    await this.worker.terminate();
  }

  private call<M extends PipelineMethod>(method: M, request: PipelineMethods[M]['request']): Promise<PipelineMethods[M]['result']> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.stopping) return Promise.reject(new Error('The pipeline worker is stopping'));
    if (!this.ready) return Promise.reject(new Error(`The pipeline worker cannot ${method} before its index is open`));
    // The worker runs one call at a time (the model's inference is synchronous), so its own queue never fills
    // and overload would pile up in its message queue until every request timed out together. Calls waiting
    // for it are bounded here as the model's queue is, and refused beyond with 503 as that queue would.
    const { concurrency, maxQueued } = this.queue!;
    if (this.pending.size >= concurrency + maxQueued) return Promise.reject(new OverloadedError(maxQueued));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // The reply for `id` is the reply to this call, so its result has this method's type.
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      try {
        this.worker.postMessage({ id, method, request } as PipelineCall);
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private receive(message: FromWorker): void {
    if (message.type === 'ready') {
      this.ready = true;
      this.opening?.resolve(message.modelId);
      this.opening = undefined;
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if ('error' in message) pending.reject(fromWire(message.error));
    else pending.resolve(message.result);
    if (this.pending.size === 0) this.drained?.();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    // Before it is ready, the failure reaches the operator through `open`, which start-up awaits and reports.
    if (this.ready && !this.stopping) console.error('Searches and answers fail until the server is restarted:', error);
    this.opening?.reject(error);
    this.opening = undefined;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    this.drained?.();
  }
}
