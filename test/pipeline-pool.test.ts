import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PipelinePool } from '../src/serve/pipeline-pool.js';
import { WorkerPipeline } from '../src/serve/worker-pipeline.js';
import { offlineModelSettings } from './support/models.js';

/**
 * A stand-in for the pipeline worker: it answers each call with its thread id after a while, exits when asked,
 * and refuses to prepare when the model it is told to load is "unloadable".
 */
const FAKE_WORKER = `
const { parentPort, threadId } = require('node:worker_threads');
parentPort.on('message', (message) => {
  if (message.type === 'stop') return parentPort.postMessage({ type: 'stopped' });
  if (message.type === 'prepare') {
    if (message.models.embedModel === 'unloadable') return parentPort.postMessage({ type: 'failed', error: { kind: 'error', name: 'Error', message: 'no model' } });
    // Told to load "fails-later", it says it serves "unloadable", which the further workers are then told to load.
    const model = message.models.embedModel === 'fails-later' ? 'unloadable' : 'fake/model';
    return parentPort.postMessage({ type: 'ready', version: 'v1', models: { model, origin: 'bundled' } });
  }
  const text = message.request.query ?? message.request.question;
  if (text === 'exit') process.exit(3);
  setTimeout(() => parentPort.postMessage({ type: 'reply', id: message.id, result: { threadId, text } }), 50);
});
`;

const prepareRequest = () => ({ models: offlineModelSettings(), corpusDir: '/no/corpus', store: { indexDir: '/no/index' }, inferenceQueue: { concurrency: 1, maxQueued: 10 }, thesaurusFile: undefined, warmUp: { questions: 0, budgetMs: 0 } });
const reporter = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn(), notice: vi.fn(), download: vi.fn(), embedding: vi.fn(), embeddingDone: vi.fn() });

describe('PipelinePool', () => {
  const pools: PipelinePool[] = [];

  /** A pool of fake workers; each worker after the first is told the model the first one serves. */
  function fakePool(): PipelinePool {
    const pool = new PipelinePool((onLost) => new WorkerPipeline(new Worker(FAKE_WORKER, { eval: true }), onLost));
    pools.push(pool);
    return pool;
  }

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
    vi.restoreAllMocks();
  });

  /** Until the pool reports that all its workers answer. */
  const allReady = (said: ReturnType<typeof reporter>) => vi.waitFor(() => expect(said.info).toHaveBeenCalledWith('2 pipeline workers answer questions side by side.'));

  it('answers once the first worker is ready, then spreads calls over every worker', async () => {
    const pool = fakePool();
    const said = reporter();
    await expect(pool.prepare(prepareRequest(), said, 2)).resolves.toEqual({ version: 'v1', models: { model: 'fake/model', origin: 'bundled' } });
    await allReady(said);
    const replies = (await Promise.all(Array.from({ length: 4 }, (_, i) => pool.search({ query: `q${i}`, k: 3 })))) as unknown as Array<{ threadId: number }>;
    expect(new Set(replies.map((reply) => reply.threadId)).size).toBe(2);
  });

  it('keeps answering with the workers left when one dies, and says so', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pool = fakePool();
    const said = reporter();
    await pool.prepare(prepareRequest(), said, 2);
    await allReady(said);
    // Both busy, then the one that is sent "exit" (the less busy) dies.
    const slow = pool.search({ query: 'slow', k: 3 });
    await expect(pool.search({ query: 'exit', k: 3 })).rejects.toThrow(/exited/);
    await slow;
    await expect(pool.search({ query: 'after', k: 3 })).resolves.toMatchObject({ text: 'after' });
    expect(String(logged.mock.calls[0]?.[0])).toContain('1 of 2 still answer');
  });

  it('serves with the workers that started when a further one cannot, and says why', async () => {
    const pool = fakePool();
    const said = reporter();
    const request = prepareRequest();
    await pool.prepare({ ...request, models: { ...request.models, embedModel: 'fails-later' } }, said, 2);
    await vi.waitFor(() => expect(said.warn).toHaveBeenCalledWith('A further pipeline worker could not start (no model); serving with 1.'));
    await expect(pool.search({ query: 'one', k: 3 })).resolves.toMatchObject({ text: 'one' });
  });
});
