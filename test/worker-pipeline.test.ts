import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { serverTimingMetrics } from '../bench/server-timing.js';
import { OverloadedError } from '../src/embed/inference-queue.js';
import { createApp } from '../src/serve/app.js';
import { WorkerPipeline } from '../src/serve/worker-pipeline.js';
import { createTestApp, openTestPipeline, testIndex, type TestPipeline } from './support/pipeline.js';
import { offlineModelSettings } from './support/models.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

/**
 * A stand-in for src/serve/pipeline-worker.ts speaking the same protocol, whose behaviour each question chooses:
 * a result, an overloaded model, an error, no answer at all, or the worker's death.
 */
const FAKE_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (message) => {
  // Its own work (the real worker's warm-up) takes a while to finish, then it says so.
  if (message.type === 'stop') {
    return setTimeout(() => {
      parentPort.postMessage({ type: 'report', level: 'info', line: 'Warm-up finished' });
      parentPort.postMessage({ type: 'stopped' });
    }, 100);
  }
  if (message.type === 'prepare') {
    parentPort.postMessage({ type: 'report', level: 'info', line: 'Index is up to date' });
    return parentPort.postMessage({ type: 'ready', version: 'build-in:' + message.store.indexDir, models: { model: 'fake/model', origin: 'bundled' } });
  }
  const { id, request } = message;
  const text = request.query ?? request.question;
  const reply = (body) => parentPort.postMessage({ type: 'reply', id, ...body });
  if (text === 'overloaded') reply({ error: { kind: 'overloaded', maxQueued: 3 } });
  else if (text === 'failing') reply({ error: { kind: 'error', name: 'Error', message: 'the lexical index is gone', stack: 'Error: the lexical index is gone\\n    at search (hybrid-retriever.ts:1:1)' } });
  else if (text === 'crash') setImmediate(() => { throw new Error('out of memory in the worker'); });
  else if (text === 'exit') process.exit(3);
  else if (text === 'slow') setTimeout(() => reply({ result: { method: message.method, text } }), 200);
  else if (text === 'report') {
    parentPort.postMessage({ type: 'report', level: 'info', line: 'Warmed up on 3 questions of its own' });
    reply({ result: { method: message.method, text } });
  }
  else if (text !== 'unanswered') reply({ result: { method: message.method, text } });
});
`;

/** What start-up sends the worker; the fake worker only echoes the index folder, in the name of the build it says it opened. */
function prepareRequest() {
  return { models: offlineModelSettings(), corpusDir: '/no/corpus', store: { indexDir: '/no/index' }, inferenceQueue: { concurrency: 1, maxQueued: 3 }, thesaurusFile: undefined, warmUp: { questions: 0, budgetMs: 0 } };
}

function silentReporter() {
  return { info: vi.fn(), warn: vi.fn(), error: vi.fn(), notice: vi.fn(), download: vi.fn(), embedding: vi.fn(), embeddingDone: vi.fn() };
}

describe('WorkerPipeline', () => {
  const open: WorkerPipeline[] = [];

  async function fakePipeline(): Promise<WorkerPipeline> {
    const pipeline = new WorkerPipeline(new Worker(FAKE_WORKER, { eval: true }));
    open.push(pipeline);
    const reporter = silentReporter();
    await expect(pipeline.prepare(prepareRequest(), reporter)).resolves.toEqual({ version: 'build-in:/no/index', models: { model: 'fake/model', origin: 'bundled' } });
    expect(reporter.info).toHaveBeenCalledWith('Index is up to date');
    return pipeline;
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((pipeline) => pipeline.close()));
    vi.restoreAllMocks();
  });

  it('resolves each call with the reply to it, whatever order the replies come in', async () => {
    const pipeline = await fakePipeline();
    const slow = pipeline.search({ query: 'slow', k: 3 });
    const fast = pipeline.ask({ question: 'naloxone' });
    expect(await fast).toEqual({ method: 'ask', text: 'naloxone' });
    expect(await slow).toEqual({ method: 'search', text: 'slow' });
  });

  it('passes on what the worker reports once serving (its warm-up) to the reporter start-up gave', async () => {
    const pipeline = new WorkerPipeline(new Worker(FAKE_WORKER, { eval: true }));
    open.push(pipeline);
    const reporter = silentReporter();
    await pipeline.prepare(prepareRequest(), reporter);
    await expect(pipeline.search({ query: 'report', k: 1 })).resolves.toEqual({ method: 'search', text: 'report' });
    expect(reporter.info).toHaveBeenLastCalledWith('Warmed up on 3 questions of its own');
  });

  it('refuses calls beyond the model queue size with OverloadedError instead of piling them up in the worker', async () => {
    const pipeline = await fakePipeline();
    // concurrency 1 + maxQueued 3: four calls may wait for the worker, the fifth is refused at once.
    const waiting = Array.from({ length: 4 }, () => pipeline.search({ query: 'slow', k: 3 }));
    await expect(pipeline.search({ query: 'slow', k: 3 })).rejects.toBeInstanceOf(OverloadedError);
    await expect(Promise.all(waiting)).resolves.toHaveLength(4);
    await expect(pipeline.search({ query: 'naloxone', k: 3 })).resolves.toEqual({ method: 'search', text: 'naloxone' });
  });

  it('re-throws a full model queue as OverloadedError (the app answers it with 503 and Retry-After)', async () => {
    const pipeline = await fakePipeline();
    const error = await pipeline.search({ query: 'overloaded', k: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverloadedError);
    expect((error as Error).message).toBe(new OverloadedError(3).message);
  });

  it("re-throws any other failure as an Error with the worker's message and stack", async () => {
    const pipeline = await fakePipeline();
    const error = await pipeline.ask({ question: 'failing' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(OverloadedError);
    expect((error as Error).message).toBe('the lexical index is gone');
    expect((error as Error).stack).toContain('hybrid-retriever.ts');
  });

  it.each([
    ['throws', 'crash', /pipeline worker failed: out of memory in the worker/],
    ['exits', 'exit', /pipeline worker exited \(code 3\)/],
  ])('when the worker %s, rejects the calls waiting for it and every later call, and logs why', async (_, question, reason) => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pipeline = await fakePipeline();
    const waiting = pipeline.search({ query: 'unanswered', k: 1 });
    await expect(pipeline.ask({ question })).rejects.toThrow(reason);
    await expect(waiting).rejects.toThrow(reason);
    await expect(pipeline.search({ query: 'naloxone', k: 1 })).rejects.toThrow(reason);
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0]![1])).toMatch(reason);
  });

  it('rejects `prepare` when the worker fails before it is ready, without logging (start-up reports it)', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pipeline = new WorkerPipeline(new Worker('throw new Error("no model at ../models/missing")', { eval: true }));
    open.push(pipeline);
    await expect(pipeline.prepare(prepareRequest(), silentReporter())).rejects.toThrow(/no model at \.\.\/models\/missing/);
    expect(logged).not.toHaveBeenCalled();
  });

  it('refuses calls before the index is open', async () => {
    const pipeline = new WorkerPipeline(new Worker(FAKE_WORKER, { eval: true }));
    open.push(pipeline);
    await expect(pipeline.search({ query: 'naloxone', k: 1 })).rejects.toThrow(/before its index is open/);
  });

  it('on close, lets the worker finish its own work (its warm-up) before stopping it', async () => {
    const pipeline = new WorkerPipeline(new Worker(FAKE_WORKER, { eval: true }));
    const reporter = silentReporter();
    await pipeline.prepare(prepareRequest(), reporter);
    await pipeline.close();
    expect(reporter.info).toHaveBeenLastCalledWith('Warm-up finished');
    await expect(pipeline.search({ query: 'naloxone', k: 1 })).rejects.toThrow(/has been stopped/);
  });

  it('on close, lets calls already sent finish, then stops the worker and refuses later calls', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pipeline = await fakePipeline();
    const inFlight = pipeline.search({ query: 'slow', k: 1 });
    const closed = pipeline.close();
    await expect(pipeline.search({ query: 'naloxone', k: 1 })).rejects.toThrow(/stopping/);
    expect(await inFlight).toEqual({ method: 'search', text: 'slow' });
    await closed;
    await expect(pipeline.search({ query: 'naloxone', k: 1 })).rejects.toThrow(/has been stopped/);
    expect(logged).not.toHaveBeenCalled();
  });
});

interface Reply {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

async function request(base: string, urlPath: string, init?: RequestInit): Promise<Reply> {
  const response = await fetch(base + urlPath, init);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

const askInit = (question: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ question }),
});

const SEARCHES = [
  '/api/search?q=naloxone&k=5',
  '/api/search?q=confiscated%20assets&k=3&year=2021',
  '/api/search?q=What%20was%20said%20about%20women%20in%20prison%20in%20the%202020%20session%3F',
];

const QUESTIONS = [
  'What was said about drug checking services in 2023?',
  'How has alternative development been discussed over the years?',
  'Who chaired the thematic discussions at the sixty-fourth session?',
  'What was discussed at the 2017 thematic session?',
];

describe('the server with its pipeline in a worker thread', () => {
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-pipeline-'));
  let server: ServerProcess | undefined;
  let pipeline: TestPipeline | undefined;
  let inProcess: OpenAPIHono;

  beforeAll(async () => {
    // A copy, so that nothing these servers might write can touch the index other test files read.
    fs.cpSync(testIndex.indexDir, indexDir, { recursive: true });
    [server, pipeline] = await Promise.all([startServerProcess(indexDir, { RATE_LIMIT_PER_MIN: '0' }), openTestPipeline()]);
    // Unlimited like the server process, so that both answer the same requests.
    inProcess = createTestApp(pipeline);
  }, 120_000);

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    if (server) expect(await server.exited).toEqual({ code: 0, signal: null });
    await pipeline?.close();
    fs.rmSync(indexDir, { recursive: true, force: true });
  });

  it('searches exactly as the in-process pipeline does', async () => {
    for (const urlPath of SEARCHES) {
      const [overHttp, expected] = await Promise.all([request(server!.url, urlPath), inProcess.request(urlPath)]);
      expect(overHttp.status, urlPath).toBe(200);
      expect(overHttp.body, urlPath).toEqual(await expected.json());
    }
  });

  it('answers exactly as the in-process pipeline does', async () => {
    for (const question of QUESTIONS) {
      const [overHttp, expected] = await Promise.all([request(server!.url, '/api/ask', askInit(question)), inProcess.request('/api/ask', askInit(question))]);
      expect(overHttp.status, question).toBe(200);
      expect(overHttp.body, question).toEqual(await expected.json());
    }
  });

  it('says in Server-Timing what the embedding and the worker took, within the whole request', async () => {
    // Questions no other test sends, so that no cached query vector spares their embedding.
    for (const [urlPath, init] of [['/api/search?q=naloxone%20kits%20for%20prisons&k=5', undefined], ['/api/ask', askInit('Who spoke about synthetic opioids?')]] as const) {
      const response = await fetch(server!.url + urlPath, init);
      expect(response.status, urlPath).toBe(200);
      const metrics = serverTimingMetrics(response.headers.get('server-timing') ?? undefined);
      expect(Object.keys(metrics).sort(), urlPath).toEqual(['embed', 'pipeline', 'total']);
      // The worker's work includes the embedding, and the request on the server includes the worker's work.
      expect(metrics.embed!, urlPath).toBeGreaterThan(0);
      expect(metrics.pipeline!, urlPath).toBeGreaterThanOrEqual(metrics.embed!);
      expect(metrics.total!, urlPath).toBeGreaterThanOrEqual(metrics.pipeline!);
    }
    // Routes that do not search carry no timing.
    expect((await fetch(server!.url + '/api/stats')).headers.get('server-timing')).toBeNull();
  });

  it('reports the model the worker loaded', async () => {
    const stats = await request(server!.url, '/api/stats');
    expect(stats.body).toMatchObject({ model: testIndex.modelId, paragraphs: expect.any(Number) });
  });

  it('answers 503 with Retry-After for a full model queue in the worker, and 500 for any other failure there', async () => {
    // The real model cannot fill its queue on demand (onnxruntime-node runs inference synchronously, so a call
    // never waits for another), so a stand-in worker reports the failures; the app and the boundary are real.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failing = new WorkerPipeline(new Worker(FAKE_WORKER, { eval: true }));
    try {
      await failing.prepare(prepareRequest(), silentReporter());
      const app = createApp({ retriever: failing, answerer: failing, store: pipeline!.store, models: { model: 'fake/model', origin: 'bundled' } });
      for (const response of [await app.request('/api/search?q=overloaded'), await app.request('/api/ask', askInit('overloaded'))]) {
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('1');
        expect(await response.json()).toEqual({ error: { code: 'overloaded', message: expect.stringContaining('busy') } });
      }
      const failed = await app.request('/api/ask', askInit('failing'));
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(String(logged.mock.calls.at(-1)?.[1])).toContain('the lexical index is gone');
    } finally {
      await failing.close();
      logged.mockRestore();
    }
  });
});
