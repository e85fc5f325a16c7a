import { Worker } from 'node:worker_threads';
import type { Answer, Answerer, AskRequest } from '../answer/types.js';
import { OverloadedError, type InferenceQueueOptions } from '../embed/inference-queue.js';
import type { ModelLoadReporter, ModelSettings } from '../embed/load-embedder.js';
import type { DownloadProgress, ModelOrigin } from '../embed/model-source.js';
import type { IndexingReporter } from '../indexing.js';
import type { StoreSettings } from '../store/backend.js';
import { StoreUnavailableError } from '../store/types.js';
import type { WarmUpOptions } from './warm-up.js';
import type { Retriever, SearchRequest, SearchResult } from '../retrieve/types.js';

/**
 * The protocol between the server's main thread and its pipeline worker (src/serve/pipeline-worker.ts). Every
 * message is plain data, copied by structured clone.
 *
 * The worker is the only thread of the server that loads the model, and so ONNX Runtime's native addon. Loading
 * it in two threads failed: when one thread's load failed (no network) its thread exited and unloaded the
 * addon while the other was loading it, and Node answered "Module did not self-register". So the worker also
 * checks and, when needed, builds the index, and tells the main thread what to print.
 */

/** The calls the worker answers, with what each takes and gives. */
interface PipelineMethods {
  search: { request: SearchRequest; result: SearchResult };
  ask: { request: AskRequest; result: Answer };
}

type PipelineMethod = keyof PipelineMethods;

export type PipelineCall = { [M in PipelineMethod]: { id: number; method: M; request: PipelineMethods[M]['request'] } }[PipelineMethod];

/** Sent as soon as the configuration is read: load the models, make the index current, open it, answer "ready". */
export interface PrepareMessage {
  type: 'prepare';
  models: ModelSettings;
  corpusDir: string;
  /** Where the index's builds are kept: INDEX_DIR, or the database of DATABASE_URL. */
  store: StoreSettings;
  inferenceQueue: InferenceQueueOptions;
  thesaurusFile: string | undefined;
  /** What the worker asks itself before it says it is ready. */
  warmUp: WarmUpOptions;
}

/** Asks the worker to finish what it does of its own accord (its warm-up) and say `stopped`. */
export interface StopMessage {
  type: 'stop';
}

export type ToWorker = PrepareMessage | PipelineCall | StopMessage;

/** The models that answer, as the API reports them (GET /api/stats). */
export interface ServingModels {
  /** The embedding model's id. */
  model: string;
  /** Where its files came from: the bundled folder, MODELS_DIR, the download cache, or a download just now. */
  origin: ModelOrigin;
  /** For the small bundled model: what a reader should know about its answers. */
  note?: string;
  /** Why the bundled model serves instead of the configured one, when it does. */
  fallback?: string;
  /** The cross-encoder that reranks, when one is configured. */
  reranker?: string;
}

/** What the worker has to say while it prepares: the lines and bars of a ConsoleReporter, as messages. */
export type ReportMessage =
  | { type: 'report'; level: 'info' | 'warn' | 'error' | 'notice'; line: string }
  | { type: 'download'; info: DownloadProgress }
  | { type: 'embedding'; label: string; done: number; total: number }
  | { type: 'embeddingDone' };

/**
 * An error as it crosses to the main thread. Structured clone keeps an Error's message but not its class, and
 * the app answers an OverloadedError and a StoreUnavailableError with 503 + Retry-After, so those travel as
 * their own kinds.
 */
export type WireError =
  | { kind: 'overloaded'; maxQueued: number }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'error'; name: string; message: string; stack?: string };

/** Error classes that mark a programming error, kept across the thread so it is still reported with its stack. */
const BUG_CLASSES: Record<string, ErrorConstructor> = { TypeError, ReferenceError, RangeError };

export type FromWorker =
  | ReportMessage
  | { type: 'ready'; version: string; models: ServingModels }
  | { type: 'failed'; error: WireError }
  | { type: 'stopped' }
  | { type: 'reply'; id: number; result: PipelineMethods[PipelineMethod]['result']; timing: WorkerTiming }
  | { type: 'reply'; id: number; error: WireError };

/** What the main thread does with the worker's reports: print them (see src/cli/console-reporter.ts). */
export type WorkerReporter = IndexingReporter & Required<ModelLoadReporter>;

/** Where a call's time went in the worker, reported to clients as Server-Timing (src/serve/app.ts). */
export interface WorkerTiming {
  /** Milliseconds the model spent embedding the question (0 when its vector was cached). */
  embedMs: number;
  /** Milliseconds from the worker taking the call to its result being ready, embedding included. */
  workMs: number;
}

/** Each result's timing, kept beside it so that Retriever and Answerer keep their plain return types. */
const timings = new WeakMap<object, WorkerTiming>();

/**
 * How long a worker took over a result it returned, when it came from one.
 * @example
 * const timing = workerTiming(await pipeline.search({ query: 'naloxone' }));
 * if (timing !== undefined) setMetric(c, 'embed', timing.embedMs);
 */
export function workerTiming(result: object): WorkerTiming | undefined {
  return timings.get(result);
}

/** A prepared worker: the index build it opened, and the models that answer. */
export interface Prepared {
  /** The name of the build it opened first; it follows the current one from then on. */
  version: string;
  models: ServingModels;
}

function fromWire(error: WireError): Error {
  if (error.kind === 'overloaded') return new OverloadedError(error.maxQueued);
  if (error.kind === 'unavailable') return new StoreUnavailableError(error.reason);
  const rebuilt = new (BUG_CLASSES[error.name] ?? Error)(error.message);
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
/** How long a closing worker may take to finish its warm-up question; a question takes milliseconds. */
const STOP_TIMEOUT_MS = 2000;

export class WorkerPipeline implements Retriever, Answerer {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private preparing: { resolve: (prepared: Prepared) => void; reject: (error: Error) => void } | undefined;
  /** Where what the worker reports goes, while it prepares and once it serves (its warm-up): the one `prepare` got. */
  private reporter: WorkerReporter | undefined;
  private ready = false;
  private stopping = false;
  /** While closing: called when the last call waiting for the worker settles. */
  private drained: (() => void) | undefined;
  /** Set once the worker is gone (or going): the reason every call from then on rejects with. */
  private failure: Error | undefined;
  /** The model's queue, as configured; calls beyond its size are refused here (see `call`). */
  private queue: InferenceQueueOptions | undefined;
  /** While closing: called when the worker says it has stopped its own work. */
  private stopped: (() => void) | undefined;

  /**
   * @param onLost told once when the worker fails after it was ready (not while stopping); by default it says on
   * the console that searching stops until a restart, which a pool of workers says otherwise.
   */
  constructor(
    private readonly worker: Worker,
    private readonly onLost: (error: Error) => void = (error) => console.error('Searches and answers fail until the server is restarted:', error),
  ) {
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
  static start(onLost?: (error: Error) => void): WorkerPipeline {
    return new WorkerPipeline(new Worker(new URL('./pipeline-worker.js', import.meta.url)), onLost);
  }

  /** Calls sent and not yet answered: how busy the worker is. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Whether it can answer: prepared, not stopping, not gone. */
  get serving(): boolean {
    return this.ready && !this.stopping && this.failure === undefined;
  }

  /**
   * Has the worker load the models, make the index current (building it if the corpus or the model in use
   * changed) and open it. Resolves once it can answer, with the index build it opened and the models that serve;
   * rejects with the worker's one-line reason if it cannot (a model that cannot be had, an empty corpus).
   */
  prepare(request: Omit<PrepareMessage, 'type'>, reporter: WorkerReporter): Promise<Prepared> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.preparing || this.ready) return Promise.reject(new Error('The pipeline worker has already been prepared'));
    this.queue = request.inferenceQueue;
    return new Promise((resolve, reject) => {
      this.preparing = { resolve, reject };
      this.reporter = reporter;
      this.worker.postMessage({ type: 'prepare', ...request } satisfies PrepareMessage);
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
    // Terminating a worker in the middle of its warm-up's inference or SQLite read aborted the process: it is
    // asked to finish that first (one question at most), and terminated anyway if it does not say so in time.
    if (this.ready) await this.stopWork();
    this.fail(new Error('The pipeline worker has been stopped'));
    await this.worker.terminate();
  }

  private stopWork(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STOP_TIMEOUT_MS);
      this.stopped = () => {
        clearTimeout(timer);
        resolve();
      };
      this.worker.postMessage({ type: 'stop' } satisfies StopMessage);
    });
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
    if (message.type !== 'reply') {
      this.receiveStatus(message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if ('error' in message) {
      pending.reject(fromWire(message.error));
      return;
    }
    timings.set(message.result, message.timing);
    pending.resolve(message.result);
    if (this.pending.size === 0) this.drained?.();
  }

  /** What the worker says besides replies: its reports, its bars while it prepares, that it is ready, failed or stopped. */
  private receiveStatus(message: Exclude<FromWorker, { type: 'reply' }>): void {
    if (message.type === 'stopped') {
      this.stopped?.();
      return;
    }
    if (message.type === 'report') {
      this.reporter?.[message.level](message.line);
      return;
    }
    const { preparing, reporter } = this;
    if (preparing === undefined || reporter === undefined) return;
    switch (message.type) {
      case 'download':
        reporter.download(message.info);
        return;
      case 'embedding':
        reporter.embedding(message.label, message.done, message.total);
        return;
      case 'embeddingDone':
        reporter.embeddingDone();
        return;
      case 'ready':
        this.ready = true;
        this.preparing = undefined;
        preparing.resolve({ version: message.version, models: message.models });
        return;
      case 'failed':
        this.preparing = undefined;
        preparing.reject(fromWire(message.error));
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    // Before it is ready, the failure reaches the operator through `prepare`, which start-up awaits and reports.
    if (this.ready && !this.stopping) this.onLost(error);
    this.preparing?.reject(error);
    this.preparing = undefined;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    this.drained?.();
  }
}
