import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OverloadedError, withInferenceQueue } from '../src/embed/inference-queue.js';
import type { Embedder } from '../src/embed/types.js';
import { assemblePipeline } from '../src/pipeline.js';
import { openTestPipeline, testIndex, type TestPipeline } from './support/pipeline.js';

/** An embedder whose calls wait until the test releases them, recording how many run at once. */
function gatedEmbedder(dimensions = 4) {
  const gates: Array<() => void> = [];
  let running = 0;
  let mostAtOnce = 0;
  const call = async <T>(result: T): Promise<T> => {
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise<void>((resolve) => gates.push(resolve));
    running -= 1;
    return result;
  };
  const embedder: Embedder = {
    modelId: 'test/gated',
    dimensions,
    embedQuery: (text) => (text === 'fail' ? call(null).then(() => Promise.reject(new Error('model failed'))) : call(new Float32Array(dimensions))),
    embedPassages: (texts) => call(texts.map(() => new Float32Array(dimensions))),
  };
  return {
    embedder,
    /** Lets the oldest waiting call finish. */
    releaseOne: () => gates.shift()?.(),
    get started() {
      return gates.length;
    },
    get mostAtOnce() {
      return mostAtOnce;
    },
  };
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('withInferenceQueue', () => {
  it('runs at most `concurrency` calls at once and starts the waiting ones in order as slots free', async () => {
    const model = gatedEmbedder();
    const queued = withInferenceQueue(model.embedder, { concurrency: 2, maxQueued: 10 });
    const finished: number[] = [];
    const calls = [0, 1, 2, 3, 4].map((i) => queued.embedQuery(`q${i}`).then(() => finished.push(i)));
    await settle();
    expect(model.started).toBe(2);
    for (let i = 0; i < 5; i++) {
      model.releaseOne();
      await settle();
    }
    await Promise.all(calls);
    expect(finished).toEqual([0, 1, 2, 3, 4]);
    expect(model.mostAtOnce).toBe(2);
  });

  it('refuses a call with OverloadedError at once when `maxQueued` calls already wait', async () => {
    const model = gatedEmbedder();
    const queued = withInferenceQueue(model.embedder, { concurrency: 1, maxQueued: 2 });
    const accepted = [queued.embedQuery('a'), queued.embedPassages(['b']), queued.embedQuery('c')];
    await expect(queued.embedQuery('d')).rejects.toBeInstanceOf(OverloadedError);
    // Once a slot frees, the queue takes calls again.
    model.releaseOne();
    await settle();
    const later = queued.embedQuery('e');
    for (let i = 0; i < 3; i++) {
      model.releaseOne();
      await settle();
    }
    await expect(Promise.all([...accepted, later])).resolves.toHaveLength(4);
  });

  it('frees the slot of a call that fails', async () => {
    const model = gatedEmbedder();
    const queued = withInferenceQueue(model.embedder, { concurrency: 1, maxQueued: 0 });
    const failing = queued.embedQuery('fail');
    model.releaseOne();
    await expect(failing).rejects.toThrow('model failed');
    const next = queued.embedQuery('ok');
    await settle();
    model.releaseOne();
    await expect(next).resolves.toBeInstanceOf(Float32Array);
  });

  it('rejects settings that would stall or refuse everything', () => {
    const { embedder } = gatedEmbedder();
    expect(() => withInferenceQueue(embedder, { concurrency: 0, maxQueued: 1 })).toThrow(/concurrency/);
    expect(() => withInferenceQueue(embedder, { concurrency: 1, maxQueued: -1 })).toThrow(/maxQueued/);
  });
});

describe('the pipeline puts the query cache in front of the queue', () => {
  let real: TestPipeline;
  beforeAll(async () => {
    real = await openTestPipeline();
  });
  afterAll(() => real?.close());

  it('answers a cached question while the model is busy and its queue is full, and refuses a new one', async () => {
    const model = gatedEmbedder(real.store.manifest.dimensions);
    const pipeline = await assemblePipeline(real.store, model.embedder, { inferenceQueue: { concurrency: 1, maxQueued: 0 } });
    const first = pipeline.embedder.embedQuery('naloxone');
    await settle();
    expect(model.started).toBe(1);

    await expect(pipeline.embedder.embedQuery('prison health')).rejects.toBeInstanceOf(OverloadedError);
    // The same question again shares the first call's vector: it neither queues nor is refused.
    const again = pipeline.embedder.embedQuery('naloxone');
    model.releaseOne();
    expect(await again).toBe(await first);
    expect(model.started).toBe(0);
  });
});
