import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../src/answer/types.js';
import { OverloadedError } from '../src/embed/inference-queue.js';
import { createApp, createLoadingApp, type AppDeps } from '../src/serve/app.js';
import { answerClientErrorsAsJson } from '../src/serve/client-errors.js';
import { DEFAULT_SERVE_OPTIONS, type ServeOptions } from '../src/serve/options.js';
import { openTestPipeline, testIndex, type TestPipeline } from './support/pipeline.js';

interface Answered {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Sending {
  method?: string;
  headers?: Record<string, string>;
  /** Sent with its Content-Length. */
  body?: string;
  /** Sent one after the other without a length (chunked), each `pauseMs` after the previous one. */
  chunks?: string[];
  pauseMs?: number;
}

/** A request (a POST unless told) through `agent`, answered in full; rejects with the socket error that prevented it. */
function send(agent: http.Agent, url: string, { method = 'POST', headers = {}, body, chunks, pauseMs = 0 }: Sending): Promise<Answered> {
  return new Promise((resolve, reject) => {
    const lengthHeader: Record<string, number> = body === undefined ? {} : { 'content-length': Buffer.byteLength(body) };
    const request = http.request(url, { method, agent, headers: { ...lengthHeader, ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    if (chunks === undefined) {
      request.end(body);
      return;
    }
    void (async () => {
      for (const chunk of chunks) {
        if (request.destroyed) return;
        request.write(chunk);
        await new Promise((wait) => setTimeout(wait, pauseMs));
      }
      request.end();
    })();
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
/** Twelve times the default body limit: the size of the 413 in the bug report, small enough to read and drop. */
const OVERSIZED = JSON.stringify({ question: 'naloxone', history: [{ question: 'q', answer: 'x'.repeat(200_000) }] });
/** Too long to read and drop: its 413 closes the connection. */
const FAR_OVERSIZED = JSON.stringify({ question: 'naloxone', history: [{ question: 'q', answer: 'x'.repeat(2 * 1024 * 1024) }] });
/**
 * A body limit under which OVERSIZED is allowed: a body that size is more than @hono/node-server's stream holds
 * unread (16 KiB), so an answer that does not read it leaves the socket paused mid-body.
 */
const RAISED_LIMIT = { maxBodyBytes: 512 * 1024 };
/** Chunks of a JSON body, for sending it without a length. */
const chunksOf = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

const errorCode = (answered: Answered) => (JSON.parse(answered.body) as { error: { code: string } }).error.code;

/**
 * @hono/node-server closes a connection whose request body has not ended 500 ms after the answer; a request
 * sent after waiting this long shows whether the connection was really kept.
 */
const PAST_THE_DRAIN_DEADLINE_MS = 600;

describe('connections after an answer that came before the body was read, over a real socket', () => {
  let pipeline: TestPipeline;
  let server: http.Server;
  let base: string;
  /** What the server answers with; a test may swap it, as the server swaps its loading app for the ready one. */
  let app: OpenAPIHono;
  let agent: http.Agent | undefined;
  let connections = 0;

  const appWith = (options: Partial<ServeOptions>, deps: Partial<AppDeps> = {}) =>
    createApp({ ...pipeline, models: { model: pipeline.embedder.modelId, origin: 'bundled' }, ...deps }, { ...DEFAULT_SERVE_OPTIONS, rateLimitPerMinute: 0, ...options });

  beforeAll(async () => {
    pipeline = await openTestPipeline();
    // As src/cli/start.ts serves it (over HTTP/1.1, so an http.Server).
    server = createAdaptorServer({ fetch: (request, bindings) => app.fetch(request, bindings) }) as http.Server;
    answerClientErrorsAsJson(server);
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await pipeline?.close();
  });
  afterEach(() => agent?.destroy());

  /** A keep-alive client with one connection, so that every request after the first reuses it if it can. */
  const newClient = () => {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    connections = 0;
    return agent;
  };

  /**
   * After an early answer, the proper answers through the same client: to an invalid question at once (the
   * request the bug report lost), then to a valid one after @hono/node-server's deadline. Both on the same
   * connection when the early answer kept it, on a new one when it said `Connection: close`.
   */
  async function expectNextRequestsAnswered(client: http.Agent, early: Answered, headers: [Record<string, string>, Record<string, string>] = [{}, {}]) {
    const invalid = await send(client, `${base}/api/ask`, { headers: { ...JSON_TYPE, ...headers[0] }, body: '{}' });
    expect(invalid.status).toBe(400);
    expect(errorCode(invalid)).toBe('invalid_request');
    await new Promise((resolve) => setTimeout(resolve, PAST_THE_DRAIN_DEADLINE_MS));
    const valid = await send(client, `${base}/api/ask`, { headers: { ...JSON_TYPE, ...headers[1] }, body: JSON.stringify({ question: 'naloxone' }) });
    expect(valid.status).toBe(200);
    expect(connections).toBe(early.headers.connection === 'close' ? 2 : 1);
  }

  it('413 for a Content-Length over the limit, the body read and dropped, the connection kept', async () => {
    app = appWith({});
    const client = newClient();
    const refused = await send(client, `${base}/api/ask`, { headers: JSON_TYPE, body: OVERSIZED });
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe('keep-alive');
    await expectNextRequestsAnswered(client, refused);
  });

  it('413 for a body sent without a length that grows over the limit, the connection kept', async () => {
    app = appWith({});
    const client = newClient();
    const refused = await send(client, `${base}/api/ask`, { headers: JSON_TYPE, chunks: chunksOf(OVERSIZED, 8192) });
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe('keep-alive');
    await expectNextRequestsAnswered(client, refused);
  });

  it('413 with Connection: close for a body too long to read and drop, the next request on a new connection', async () => {
    app = appWith({});
    const client = newClient();
    for (const sending of [{ body: FAR_OVERSIZED }, { chunks: chunksOf(FAR_OVERSIZED, 64 * 1024) }]) {
      const refused = await send(client, `${base}/api/ask`, { headers: JSON_TYPE, ...sending });
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      await expectNextRequestsAnswered(client, refused);
      connections = 1;
    }
  });

  it('415 for a body that is not JSON', async () => {
    app = appWith(RAISED_LIMIT);
    const client = newClient();
    const refused = await send(client, `${base}/api/ask`, { headers: { 'content-type': 'text/plain' }, body: OVERSIZED });
    expect(refused.status).toBe(415);
    expect(refused.headers.connection).toBe('keep-alive');
    await expectNextRequestsAnswered(client, refused);
  });

  it('429 for a client over its allowance', async () => {
    // Behind one trusted proxy the allowance goes by X-Forwarded-For, so the next requests can come from other clients.
    app = appWith({ ...RAISED_LIMIT, rateLimitPerMinute: 1, rateLimitBurst: 1, trustedProxies: 1 });
    const client = newClient();
    const from = (address: string) => ({ ...JSON_TYPE, 'x-forwarded-for': address });
    expect((await send(client, `${base}/api/ask`, { headers: from('203.0.113.1'), body: '{}' })).status).toBe(400);
    const refused = await send(client, `${base}/api/ask`, { headers: from('203.0.113.1'), body: OVERSIZED });
    expect(refused.status).toBe(429);
    expect(refused.headers.connection).toBe('keep-alive');
    await expectNextRequestsAnswered(client, refused, [from('203.0.113.2'), from('203.0.113.3')]);
  });

  it('503 while the index loads, then the answers of the loaded index', async () => {
    app = createLoadingApp({ ...DEFAULT_SERVE_OPTIONS, ...RAISED_LIMIT, rateLimitPerMinute: 0 });
    const client = newClient();
    const refused = await send(client, `${base}/api/ask`, { headers: JSON_TYPE, body: OVERSIZED });
    expect(refused.status).toBe(503);
    expect(errorCode(refused)).toBe('loading');
    expect(refused.headers.connection).toBe('keep-alive');
    app = appWith({});
    await expectNextRequestsAnswered(client, refused);
  });

  it('503 when the model’s queue is full', async () => {
    const answerer: Answerer = {
      ask: (request) => (request.question === 'overloaded' ? Promise.reject(new OverloadedError(64)) : pipeline.answerer.ask(request)),
    };
    app = appWith({}, { answerer });
    const client = newClient();
    const refused = await send(client, `${base}/api/ask`, { headers: JSON_TYPE, body: JSON.stringify({ question: 'overloaded' }) });
    expect(refused.status).toBe(503);
    expect(errorCode(refused)).toBe('overloaded');
    await expectNextRequestsAnswered(client, refused);
  });

  it('504 when the answer takes too long', async () => {
    const answerer: Answerer = { ask: (request) => (request.question === 'slow' ? new Promise<never>(() => {}) : pipeline.answerer.ask(request)) };
    app = appWith({ requestTimeoutMs: 100 }, { answerer });
    const client = newClient();
    const refused = await send(client, `${base}/api/ask`, { headers: JSON_TYPE, body: JSON.stringify({ question: 'slow' }) });
    expect(refused.status).toBe(504);
    expect(refused.headers.connection).toBe('keep-alive');
    await expectNextRequestsAnswered(client, refused);
  });

  it('504 with Connection: close when the body itself arrives too slowly, with or without a length', async () => {
    app = appWith({ requestTimeoutMs: 100 });
    const client = newClient();
    const body = JSON.stringify({ question: 'naloxone '.repeat(50) });
    for (const headers of [{ ...JSON_TYPE, 'content-length': String(body.length) }, JSON_TYPE]) {
      const refused = await send(client, `${base}/api/ask`, { headers, chunks: chunksOf(body, 45), pauseMs: 100 });
      expect(refused.status).toBe(504);
      expect(refused.headers.connection).toBe('close');
      await expectNextRequestsAnswered(client, refused);
      connections = 1;
    }
  });

  it('405, 404, and a GET sent with a body, none of which reads it', async () => {
    app = appWith(RAISED_LIMIT);
    const client = newClient();
    for (const [method, url, status] of [['POST', '/api/search', 405], ['POST', '/api/nothing', 404], ['GET', '/api/stats', 200]] as const) {
      const early = await send(client, `${base}${url}`, { method, headers: JSON_TYPE, body: OVERSIZED });
      expect(early.status).toBe(status);
      expect(early.headers.connection).toBe('keep-alive');
      await expectNextRequestsAnswered(client, early);
    }
  });

  it('the sequence of the bug report with fetch (undici): 413, then 400, then 200', async () => {
    app = appWith({});
    const ask = (body: string) => fetch(`${base}/api/ask`, { method: 'POST', headers: JSON_TYPE, body });
    const refused = await ask(OVERSIZED);
    expect(refused.status).toBe(413);
    await refused.arrayBuffer();
    const invalid = await ask('{}');
    expect(invalid.status).toBe(400);
    await invalid.arrayBuffer();
    for (const wait of [0, PAST_THE_DRAIN_DEADLINE_MS]) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      const valid = await ask(JSON.stringify({ question: 'naloxone' }));
      expect(valid.status).toBe(200);
      await valid.arrayBuffer();
    }
  });
});
