import type { Embedder } from './types.js';

export interface InferenceQueueOptions {
  /** Model calls that run at once. */
  concurrency: number;
  /** Calls that may wait for a free slot; one more is refused with OverloadedError. */
  maxQueued: number;
}

/**
 * ONNX Runtime already spreads one call over the cores, so running more at once barely helps (on two cores the
 * stand-in model embeds a query in 0.7–1 ms whether 1, 2 or 4 run together); two keeps the cores busy while
 * JavaScript tokenizes the next question. 64 waiting queries are a fraction of a second of work even for a
 * model ten times larger, so a request refused with 503 is one that would otherwise have waited far longer.
 */
export const DEFAULT_INFERENCE_QUEUE: InferenceQueueOptions = { concurrency: 2, maxQueued: 64 };

/** The model is busy and its queue is full: the caller should come back shortly rather than wait. */
export class OverloadedError extends Error {
  constructor(maxQueued: number) {
    super(`The embedding model is busy: ${maxQueued} requests are already waiting for it`);
    this.name = 'OverloadedError';
  }
}

/**
 * Puts a bounded queue in front of an embedder: at most `concurrency` calls run, at most `maxQueued` wait, and
 * any call beyond that is refused at once with OverloadedError. Under overload the server then answers some
 * requests quickly with 503 instead of holding every request (and its memory) until all time out together.
 */
export function withInferenceQueue(embedder: Embedder, options: InferenceQueueOptions): Embedder {
  const { concurrency, maxQueued } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  if (!Number.isInteger(maxQueued) || maxQueued < 0) throw new Error(`maxQueued must be a whole number, got ${maxQueued}`);

  let running = 0;
  const waiting: Array<() => void> = [];

  async function enqueue<T>(call: () => Promise<T>): Promise<T> {
    if (running < concurrency) {
      running += 1;
    } else {
      if (waiting.length >= maxQueued) throw new OverloadedError(maxQueued);
      // Woken by a finishing call, which hands its slot over: `running` stays as it is.
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    try {
      return await call();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  }

  return {
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    embedQuery: (text) => enqueue(() => embedder.embedQuery(text)),
    embedPassages: (texts, onProgress) => enqueue(() => embedder.embedPassages(texts, onProgress)),
  };
}
