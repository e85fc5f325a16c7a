import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OverloadedError } from '../src/embed/inference-queue.js';
import type { Embedder } from '../src/embed/types.js';
import { assemblePipeline } from '../src/pipeline.js';
import { createApp, createLoadingApp, type AppDeps } from '../src/serve/app.js';
import { answerClientErrorsAsJson } from '../src/serve/client-errors.js';
import { DEFAULT_SERVE_OPTIONS, type ServeOptions } from '../src/serve/options.js';
import { openTestPipeline, testIndex, type TestPipeline } from './support/pipeline.js';

interface ErrorBody {
  error: { code: string; message: string };
}

/** What @hono/node-server passes as the environment: the request's socket, here with a chosen peer address. */
const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 50000, remoteFamily: 'IPv4' } } });

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

async function expectError(response: Response, status: number, code: string): Promise<ErrorBody['error']> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorBody;
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
  expect(body.error.message).not.toMatch(/\n\s+at |\/work\/|\/srv\/|node_modules|\.ts:\d/);
  return body.error;
}

function expectSecurityHeaders(response: Response, label: string): void {
  const headers = response.headers;
  expect(headers.get('content-security-policy'), label).toContain("frame-ancestors 'none'");
  expect(headers.get('content-security-policy'), label).toContain("default-src 'self'");
  expect(headers.get('x-content-type-options'), label).toBe('nosniff');
  expect(headers.get('referrer-policy'), label).toBe('no-referrer');
  expect(headers.get('x-frame-options'), label).toBe('DENY');
}

describe('the server’s protections, in-process', () => {
  let pipeline: TestPipeline;
  let app: OpenAPIHono;
  const appWith = (options: Partial<ServeOptions>, deps: Partial<AppDeps> = {}) =>
    createApp({ ...pipeline, models: { model: pipeline.embedder.modelId, origin: 'bundled' }, ...deps }, { ...DEFAULT_SERVE_OPTIONS, rateLimitPerMinute: 0, ...options });

  beforeAll(async () => {
    pipeline = await openTestPipeline();
    app = appWith({});
  });
  afterAll(() => pipeline?.close());

  describe('405 for a known route asked with another method', () => {
    it.each([
      ['DELETE', '/api/search', 'GET, HEAD'],
      ['POST', '/api/search', 'GET, HEAD'],
      ['GET', '/api/ask', 'POST'],
      ['PUT', '/api/ask/stream', 'POST'],
      ['POST', '/api/paragraphs/cnd-chairs-summaries-2019-2023.I.1', 'GET, HEAD'],
      ['PATCH', '/api/openapi.json', 'GET, HEAD'],
      ['OPTIONS', '/api/stats', 'GET, HEAD'],
      ['POST', '/', 'GET, HEAD'],
    ])('%s %s answers 405 with Allow: %s', async (method, url, allow) => {
      const response = await app.request(url, { method });
      expect(response.headers.get('allow')).toBe(allow);
      expect((await expectError(response, 405, 'method_not_allowed')).message).toContain(allow);
    });

    it('still answers unknown paths with 404, also outside /api and for files that are not the page', async () => {
      for (const url of ['/api/nothing', '/favicon.ico', '/index.html', '/assets/missing.js', '/.env', '/api/../etc/passwd']) {
        await expectError(await app.request(url), 404, 'not_found');
      }
      await expectError(await app.request('/api/nothing', { method: 'DELETE' }), 404, 'not_found');
    });
  });

  describe('415 for a body that is not JSON', () => {
    it.each([
      ['text/plain', '{"question":"naloxone"}'],
      ['application/x-www-form-urlencoded', 'question=naloxone'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="question"\r\n\r\nnaloxone\r\n--x--'],
      ['application/jsonp', '{"question":"naloxone"}'],
    ])('refuses Content-Type %s on both ask routes', async (contentType, body) => {
      for (const url of ['/api/ask', '/api/ask/stream']) {
        const message = (await expectError(await app.request(url, { method: 'POST', headers: { 'content-type': contentType }, body }), 415, 'unsupported_media_type')).message;
        expect(message).toContain('application/json');
      }
    });

    it('refuses a body without a Content-Type', async () => {
      const response = await app.request('/api/ask', { method: 'POST', body: new TextEncoder().encode('{"question":"naloxone"}') });
      expect((await expectError(response, 415, 'unsupported_media_type')).message).toContain('no Content-Type');
    });

    it('accepts JSON with parameters, in any case, and +json types', async () => {
      for (const contentType of ['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.api+json']) {
        expect((await app.request('/api/ask', json({ question: 'naloxone' }, { 'content-type': contentType }))).status, contentType).toBe(200);
      }
    });
  });

  describe('413 for a body over the limit', () => {
    const oversized = JSON.stringify({ question: 'naloxone', history: [{ question: 'q', answer: 'x'.repeat(DEFAULT_SERVE_OPTIONS.maxBodyBytes) }] });

    it('refuses a body whose Content-Length is over 16 KiB before reading it', async () => {
      const response = await app.request('/api/ask', json(oversized, { 'content-length': String(Buffer.byteLength(oversized)) }));
      expect((await expectError(response, 413, 'payload_too_large')).message).toBe('The body must be at most 16384 bytes');
      expectSecurityHeaders(response, '413');
    });

    it('stops reading a body sent without a length once it passes the limit', async () => {
      const chunks = [new TextEncoder().encode(oversized.slice(0, 10_000)), new TextEncoder().encode(oversized.slice(10_000))];
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const response = await app.request('/api/ask/stream', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
      await expectError(response, 413, 'payload_too_large');
    });

    it('accepts a long conversation just under the limit, and the limit is configurable', async () => {
      const turns = Array.from({ length: 10 }, (_, i) => ({ question: `What was said about topic ${i}?`, answer: 'A quoted answer. '.repeat(80) }));
      const body = JSON.stringify({ question: 'And in 2021?', history: turns });
      expect(Buffer.byteLength(body)).toBeGreaterThan(12_000);
      expect(Buffer.byteLength(body)).toBeLessThan(DEFAULT_SERVE_OPTIONS.maxBodyBytes);
      expect((await app.request('/api/ask', json(body))).status).toBe(200);
      await expectError(await appWith({ maxBodyBytes: 4096 }).request('/api/ask', json(body)), 413, 'payload_too_large');
    });
  });

  describe('questions in any script, and control characters', () => {
    it.each([
      ['emoji', 'What about 🌿 cannabis 👩‍⚕️ and 🇺🇳 policy?'],
      ['Arabic, right to left', 'ما الذي قيل عن التنمية البديلة؟'],
      ['Hebrew mixed with English', 'מה נאמר על naloxone בשנת 2019?'],
      ['combining marks', 'Zalgo: n̸̡̛a̴̢l̷o̶x̵o̸n̷e̴ and cafe\u0301'],
      ['bidi overrides and zero-width joiners', '\u202Enaloxone\u202C \u200D\u200B\uFEFF prison'],
      ['tabs and line breaks', 'alternative\tdevelopment\nin 2019\r\n'],
      ['only symbols', '¿¡‽…—“”'],
      ['a 1,000-character question of astral characters', '𝔞'.repeat(500)],
    ])('answers a question with %s without failing', async (_, question) => {
      const search = await app.request(`/api/search?${new URLSearchParams({ q: question })}`);
      expect([200, 400]).toContain(search.status);
      if (search.status === 400) await expectError(search, 400, 'invalid_request');
      const ask = await app.request('/api/ask', json({ question }));
      expect(ask.status).toBe(search.status);
      const stream = await app.request('/api/ask/stream', json({ question, history: [{ question }] }));
      expect(stream.status).toBe(search.status);
      await stream.text();
    });

    it.each([
      ['a NUL byte', 'naloxone\u0000', 'U+0000'],
      ['an escape sequence', '\u001b[31mnaloxone', 'U+001B'],
      ['a backspace', 'nal\boxone', 'U+0008'],
      ['a DEL', 'naloxone\u007f', 'U+007F'],
      ['a C1 control', 'naloxone\u0085', 'U+0085'],
    ])('refuses a question with %s with 400 naming the character', async (_, question, codePoint) => {
      const expected = `must not contain control characters (found ${codePoint})`;
      expect((await expectError(await app.request(`/api/search?${new URLSearchParams({ q: question })}`), 400, 'invalid_request')).message).toBe(`q: ${expected}`);
      expect((await expectError(await app.request('/api/ask', json({ question })), 400, 'invalid_request')).message).toBe(`question: ${expected}`);
      expect((await expectError(await app.request('/api/ask', json({ question: 'naloxone', history: [{ question }] })), 400, 'invalid_request')).message).toBe(
        `history.0.question: ${expected}`,
      );
    });

    it('refuses half a surrogate pair, which JSON can carry but is not text', async () => {
      const response = await app.request('/api/ask', json('{"question": "naloxone \\ud800"}'));
      expect((await expectError(response, 400, 'invalid_request')).message).toBe('question: must be valid Unicode text (it holds half of a surrogate pair)');
    });

    it('reads percent-encoding that is not UTF-8, or not percent-encoding at all, without failing', async () => {
      for (const query of ['q=%00', 'q=%ED%A0%80', 'q=%E0%A4%A', 'q=%ZZ%', 'q=%C0%AF', 'q=na%00loxone&k=%00', 'q=a&q=b']) {
        const response = await app.request(`/api/search?${query}`);
        expect([200, 400], query).toContain(response.status);
        if (response.status === 400) await expectError(response, 400, 'invalid_request');
      }
    });

    it('answers a body that is JSON but not an object with 400', async () => {
      for (const body of ['null', '[]', '"naloxone"', '42', 'true']) {
        expect((await expectError(await app.request('/api/ask', json(body)), 400, 'invalid_request')).message, body).toBe('body: must be a JSON object');
      }
    });
  });

  describe('overload, time-outs and failures', () => {
    it('answers 503 with Retry-After when the model’s queue is full, on every route that embeds', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const heldEmbedder: Embedder = {
        ...pipeline.embedder,
        embedQuery: async (text) => {
          await held;
          return pipeline.embedder.embedQuery(text);
        },
      };
      const busy = await assemblePipeline(pipeline.store, heldEmbedder, { inferenceQueue: { concurrency: 1, maxQueued: 1 } });
      const busyApp = appWith({}, busy);
      // One question embeds, one waits: the queue is full.
      const first = busyApp.request('/api/search?q=naloxone');
      const second = busyApp.request('/api/ask', json({ question: 'prison health' }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      for (const request of [
        busyApp.request('/api/search?q=women'),
        busyApp.request('/api/ask', json({ question: 'precursors' })),
        busyApp.request('/api/ask/stream', json({ question: 'alternative development' })),
      ]) {
        const response = await request;
        expect(response.headers.get('retry-after')).toBe('1');
        expectSecurityHeaders(response, '503');
        expect((await expectError(response, 503, 'overloaded')).message).toContain('busy');
      }
      // Asked again, a question the queue took is answered from the cache without waiting at all.
      release();
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
      expect((await busyApp.request('/api/search?q=naloxone')).status).toBe(200);
    });

    it('answers 504 when a request takes longer than the timeout, the stream before it opens', async () => {
      const never = new Promise<never>(() => {});
      const slow = appWith({ requestTimeoutMs: 50 }, { answerer: { ask: () => never }, retriever: { search: () => never } });
      for (const request of [slow.request('/api/search?q=naloxone'), slow.request('/api/ask', json({ question: 'naloxone' })), slow.request('/api/ask/stream', json({ question: 'naloxone' }))]) {
        const response = await request;
        expectSecurityHeaders(response, '504');
        expect((await expectError(response, 504, 'timeout')).message).toBe('The request took longer than 0.05 s; try again');
      }
    });

    it('does not cut off an event stream that started in time', async () => {
      const response = await appWith({ requestTimeoutMs: 5000 }).request('/api/ask/stream', json({ question: 'How has alternative development been discussed over the years?' }));
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/event: done\n/);
    });

    it('answers 500 with the error shape and nothing internal when a middleware or a handler throws', async () => {
      const log = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const failing = appWith({}, { answerer: { ask: () => Promise.reject(new Error('ENOENT: /srv/secret/index/paragraphs.sqlite')) } });
        failing.use('/api/broken', () => {
          throw new TypeError("Cannot read properties of undefined (reading 'x') at /work/main/src/serve/app.ts:12:3");
        });
        for (const request of [failing.request('/api/broken'), failing.request('/api/ask', json({ question: 'naloxone' })), failing.request('/api/ask/stream', json({ question: 'naloxone' }))]) {
          const response = await request;
          expectSecurityHeaders(response, '500');
          const text = await response.clone().text();
          expect(text).not.toMatch(/secret|ENOENT|TypeError|\.ts|at \//);
          await expectError(response, 500, 'internal_error');
        }
        expect(log).toHaveBeenCalledTimes(3);
      } finally {
        log.mockRestore();
      }
    });

    it('maps an OverloadedError from anywhere to 503, not 500', async () => {
      const overloaded = appWith({}, { retriever: { search: () => Promise.reject(new OverloadedError(64)) } });
      await expectError(await overloaded.request('/api/search?q=naloxone'), 503, 'overloaded');
    });
  });

  describe('rate limiting', () => {
    it('answers 429 with Retry-After, the error shape and the security headers past the burst of one client', async () => {
      const limited = appWith({ rateLimitPerMinute: 600, rateLimitBurst: 2 });
      const client = fromAddress('203.0.113.5');
      expect((await limited.request('/api/stats', {}, client)).status).toBe(200);
      expect((await limited.request('/api/health', {}, client)).status).toBe(200);
      const refused = await limited.request('/api/search?q=naloxone', {}, client);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expectSecurityHeaders(refused, '429');
      await expectError(refused, 429, 'rate_limited');
      expect((await limited.request('/api/stats', {}, fromAddress('203.0.113.6'))).status).toBe(200);
    });

    it('is off with a limit of 0', async () => {
      const client = fromAddress('203.0.113.7');
      for (let i = 0; i < 50; i++) expect((await app.request('/api/health', {}, client)).status).toBe(200);
    });
  });

  describe('security headers', () => {
    it('are on every kind of response: API, page, errors of every kind, and while loading', async () => {
      const responses: Array<[string, Response]> = [
        ['200 API', await app.request('/api/stats')],
        ['200 page', await app.request('/')],
        ['200 stream', await app.request('/api/ask/stream', json({ question: 'naloxone' }))],
        ['400', await app.request('/api/search')],
        ['400 JSON', await app.request('/api/ask', json('{'))],
        ['404 API', await app.request('/api/nothing')],
        ['404 other', await app.request('/robots.txt')],
        ['405', await app.request('/api/ask')],
        ['415', await app.request('/api/ask', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })],
        ['503 loading', await createLoadingApp().request('/api/search?q=x')],
        ['404 loading', await createLoadingApp().request('/nowhere')],
      ];
      for (const [label, response] of responses) {
        expectSecurityHeaders(response, label);
        await response.arrayBuffer();
      }
    });
  });

  describe('CORS', () => {
    it('is off by default: no page of another origin may read a response or preflight a POST', async () => {
      const response = await app.request('/api/stats', { headers: { Origin: 'https://elsewhere.example' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await app.request('/api/ask', { method: 'OPTIONS', headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'POST' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.status).toBe(405);
    });

    it('allows the configured origins only, on responses, preflights and refusals alike', async () => {
      const open = appWith({ corsOrigins: ['https://dashboard.example', 'http://localhost:5173'], rateLimitPerMinute: 1, rateLimitBurst: 1 });
      const client = fromAddress('203.0.113.8');
      const allowed = await open.request('/api/stats', { headers: { Origin: 'https://dashboard.example' } }, client);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
      expect(allowed.headers.get('vary')).toContain('Origin');
      const refused = await open.request('/api/stats', { headers: { Origin: 'http://localhost:5173' } }, client);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(refused.headers.get('access-control-expose-headers')).toBe('Retry-After');
      const other = await open.request('/api/stats', { headers: { Origin: 'https://elsewhere.example' } }, fromAddress('203.0.113.9'));
      expect(other.headers.get('access-control-allow-origin')).toBeNull();

      const preflight = await open.request(
        '/api/ask',
        { method: 'OPTIONS', headers: { Origin: 'https://dashboard.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } },
        fromAddress('203.0.113.10'),
      );
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST');
      expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    });

    it('allows any origin with *', async () => {
      const response = await appWith({ corsOrigins: ['*'] }).request('/api/stats', { headers: { Origin: 'https://anywhere.example' } });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    });
  });
});

describe('requests Node’s HTTP parser refuses', () => {
  /** Sends raw bytes to a real server on loopback and returns everything it answers. */
  async function sendRaw(request: string): Promise<string> {
    const server = createAdaptorServer({ fetch: createLoadingApp().fetch });
    answerClientErrorsAsJson(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      return await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as ErrorBody;

  it('answers headers over 16 KiB with 431 and the error shape', async () => {
    const answer = await sendRaw(`GET /api/search?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(answer).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/);
    expect(bodyOf(answer)).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
  });

  it('answers a malformed request with 400 and the error shape', async () => {
    const answer = await sendRaw('NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(bodyOf(answer)).toEqual({ error: { code: 'invalid_request', message: 'The request is not valid HTTP' } });
  });
});
