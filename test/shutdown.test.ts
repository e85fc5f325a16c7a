import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testIndex } from './support/pipeline.js';
import { startServerProcess } from './support/server-process.js';

interface Reply {
  status: number;
  body: string;
}

/**
 * A POST to /api/ask/stream whose body is sent in two halves, so the request is certainly in flight (the
 * server holds the connection, reading) until `finish` sends the rest.
 */
function halfSentAsk(url: string, question: string): { sent: Promise<void>; finish: () => void; reply: Promise<Reply> } {
  const body = JSON.stringify({ question });
  const half = Math.floor(body.length / 2);
  const request = http.request(`${url}/api/ask/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    agent: false,
  });
  const reply = new Promise<Reply>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
  });
  const sent = new Promise<void>((resolve) => request.write(body.slice(0, half), () => resolve()));
  return { sent, finish: () => request.end(body.slice(half)), reply };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('SIGTERM', () => {
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shutdown-'));
  afterAll(() => fs.rmSync(indexDir, { recursive: true, force: true }));

  it('stops accepting connections, finishes every request in flight with 200, and exits 0', async () => {
    // A copy, so that nothing this server might write can touch the index other test files read.
    fs.cpSync(testIndex.indexDir, indexDir, { recursive: true });
    const server = await startServerProcess(indexDir, { RATE_LIMIT_PER_MIN: '0' });
    try {
      // Half-sent questions are in flight at the signal however fast the server answers.
      const asks = [
        'What was said about alternative development?',
        'What was said about drug checking services in 2023?',
        'How has the topic of women in prison been discussed over the years?',
        'What was said about money laundering?',
        'And in 2021?',
      ].map((question) => halfSentAsk(server.url, question));
      await Promise.all(asks.map((ask) => ask.sent));
      // Give the server time to accept the connections and read their headers.
      await new Promise((resolve) => setTimeout(resolve, 300));

      server.child.kill('SIGTERM');
      await waitFor(() => server.output().includes('SIGTERM: no longer accepting connections'), 10_000);
      await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();

      asks.forEach((ask) => ask.finish());
      const replies = await Promise.all(asks.map((ask) => ask.reply));
      for (const reply of replies) {
        expect(reply.status, reply.body).toBe(200);
        expect(reply.body).toMatch(/^event: citations\n/);
        expect(reply.body).toMatch(/event: done\ndata: .*\n\n$/);
      }
      expect(await server.exited, server.output()).toEqual({ code: 0, signal: null });
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 120_000);
});
