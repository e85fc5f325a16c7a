import type { Answer, Answerer, AskRequest } from '../answer/types.js';
import type { Retriever, SearchRequest, SearchResult } from '../retrieve/types.js';
import { WorkerPipeline, type PrepareMessage, type Prepared, type WorkerReporter } from './worker-pipeline.js';

/**
 * Several pipeline workers behind one Retriever and Answerer. One worker runs one question at a time (its model's
 * inference and its JavaScript are synchronous), so on a machine with more cores one worker leaves them idle
 * while questions queue behind it; with a worker per core they are answered side by side.
 *
 * The first worker prepares as a single one does (loading the model, making the index current, reporting); the
 * pool answers as soon as it is ready. The others start after it, one after another, and join as each is ready:
 * ONNX Runtime's addon must not load in two threads at once (see worker-pipeline.ts), and by then the model is
 * on disk and the index current, so they load the very model the first one serves, from where it lies, with
 * nothing to build or download. Each call goes to the worker with the fewest calls waiting. Each worker holds
 * its own model, index and caches: memory grows with their number (PIPELINE_WORKERS).
 */
export class PipelinePool implements Retriever, Answerer {
  private readonly first: WorkerPipeline;
  /** Every worker started, serving or not, for closing. */
  private readonly started: WorkerPipeline[];
  /** The workers prepared, in the order they became ready. */
  private readonly ready: WorkerPipeline[] = [];
  private closing = false;
  /** Settles once every further worker has started or given up. */
  private growing: Promise<void> = Promise.resolve();

  /**
   * Starts the first worker at once, as WorkerPipeline.start does: call it before importing anything else.
   * @param startWorker how a worker is started, told whom to tell when it is lost; the real pipeline worker by default.
   * @example
   * const pipeline = new PipelinePool();
   * await pipeline.prepare(request, reporter, config.pipelineWorkers);
   */
  constructor(private readonly startWorker: (onLost: (error: Error) => void) => WorkerPipeline = WorkerPipeline.start) {
    this.first = startWorker((error) => this.lost(error));
    this.started = [this.first];
  }

  /**
   * Prepares the first worker and resolves once it can answer, as WorkerPipeline.prepare does; then starts
   * `size - 1` more in the background. A further worker that cannot start is reported, and the pool serves with
   * those that did.
   */
  async prepare(request: Omit<PrepareMessage, 'type'>, reporter: WorkerReporter, size: number): Promise<Prepared> {
    const prepared = await this.first.prepare(request, reporter);
    this.ready.push(this.first);
    // The model the first worker serves, fallback included, named so that nothing is looked for elsewhere again.
    const sameModel = { ...request, models: { ...request.models, embedModel: prepared.models.model, embedModelExplicit: true } };
    this.growing = this.grow(sameModel, reporter, size - 1);
    return prepared;
  }

  search(request: SearchRequest): Promise<SearchResult> {
    return this.least().search(request);
  }

  ask(request: AskRequest): Promise<Answer> {
    return this.least().ask(request);
  }

  /** Stops starting workers, then closes every one, each after answering the calls it was sent. */
  async close(): Promise<void> {
    this.closing = true;
    await this.growing;
    await Promise.all(this.started.map((worker) => worker.close()));
  }

  private async grow(request: Omit<PrepareMessage, 'type'>, reporter: WorkerReporter, more: number): Promise<void> {
    for (let i = 0; i < more && !this.closing; i++) {
      const worker = this.startWorker((error) => this.lost(error));
      this.started.push(worker);
      try {
        await worker.prepare(request, quiet(reporter));
      } catch (error) {
        reporter.warn(`A further pipeline worker could not start (${(error as Error).message}); serving with ${this.ready.length}.`);
        await worker.close();
        return;
      }
      if (this.closing) return;
      this.ready.push(worker);
    }
    if (more > 0) reporter.info(`${this.ready.length} pipeline workers answer questions side by side.`);
  }

  /** The serving worker with the fewest calls waiting; the first one when none serves, which then says why. */
  private least(): WorkerPipeline {
    let least: WorkerPipeline | undefined;
    for (const worker of this.ready) if (worker.serving && (least === undefined || worker.waiting < least.waiting)) least = worker;
    return least ?? this.first;
  }

  private lost(error: Error): void {
    const serving = this.ready.filter((worker) => worker.serving).length;
    if (serving === 0) console.error('Searches and answers fail until the server is restarted:', error);
    else console.error(`A pipeline worker failed; ${serving} of ${this.ready.length} still answer:`, error);
  }
}

/** What a further worker says while it prepares: only what goes wrong. The first one has said the rest. */
function quiet(reporter: WorkerReporter): WorkerReporter {
  const silent = () => {};
  return { info: silent, notice: silent, download: silent, embedding: silent, embeddingDone: silent, warn: (line) => reporter.warn(line), error: (line) => reporter.error(line) };
}
