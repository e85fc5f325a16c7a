import http from 'node:http';
import type { LoadResult } from './http-load.js';
import { ServerTimingSamples } from './server-timing.js';
import { nowMs, summarise } from './stats.js';

/**
 * Each question sent once, at a fixed concurrency, over keep-alive connections: the figures of questions the
 * server has never seen, with no case variants standing in for new ones. Latency is from writing the request to
 * the last byte of the response.
 */
export interface QuestionRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/**
 * @example
 * searchRequest('What was said about drug checking in 2023?'); // { method: 'GET', path: '/api/search?q=What%20was…' }
 */
export function searchRequest(question: string): QuestionRequest {
  return { method: 'GET', path: `/api/search?q=${encodeURIComponent(question)}` };
}

/**
 * @example
 * askRequest('Who chaired the sixty-fourth session?'); // { method: 'POST', path: '/api/ask', body: '{"question":…}' }
 */
export function askRequest(question: string): QuestionRequest {
  return { method: 'POST', path: '/api/ask', body: JSON.stringify({ question }) };
}

/** A load's figures, with what the requests that failed were answered (status code, or "no response"). */
export interface EachOnceResult extends LoadResult {
  failures: Record<string, number>;
}

function send(agent: http.Agent, url: URL, spec: QuestionRequest): Promise<{ status: number; serverTiming: string | string[] | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { agent, host: url.hostname, port: url.port, method: spec.method, path: spec.path, headers: spec.body === undefined ? {} : { 'content-type': 'application/json' } },
      (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve({ status: response.statusCode ?? 0, serverTiming: response.headers['server-timing'] }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(spec.body);
  });
}

/**
 * Sends every request once, `connections` at a time, and summarises the 2xx latencies; `serverCpuSeconds` reads
 * the server's CPU clock, for CPU time per request.
 * @example
 * const result = await sendEachOnce(url, questions.map(searchRequest), 8, server.cpuSeconds);
 */
export async function sendEachOnce(baseUrl: string, requests: readonly QuestionRequest[], connections: number, serverCpuSeconds?: () => number): Promise<EachOnceResult> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const samples: number[] = [];
  const timings = new ServerTimingSamples();
  let non2xx = 0;
  let errors = 0;
  const failures: Record<string, number> = {};
  const fail = (why: string) => (failures[why] = (failures[why] ?? 0) + 1);
  let next = 0;
  const cpuBefore = serverCpuSeconds?.();
  const start = nowMs();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < requests.length) {
        const spec = requests[next++]!;
        const sent = nowMs();
        try {
          const { status, serverTiming } = await send(agent, url, spec);
          if (status >= 200 && status < 300) {
            samples.push(nowMs() - sent);
            timings.add(serverTiming);
          } else {
            non2xx++;
            fail(String(status));
          }
        } catch {
          errors++;
          fail('no response');
        }
      }
    }),
  );
  const elapsedS = (nowMs() - start) / 1000;
  const cpuAfter = serverCpuSeconds?.();
  agent.destroy();
  const responses = samples.length + non2xx;
  return {
    connections,
    durationS: elapsedS,
    latency: summarise(samples),
    rps: samples.length / elapsedS,
    responses: samples.length,
    non2xx,
    errors,
    serverCpuMsPerRequest: cpuBefore === undefined || cpuAfter === undefined || responses === 0 ? null : ((cpuAfter - cpuBefore) * 1000) / responses,
    serverTiming: timings.split(),
    failures,
  };
}
