import autocannon from 'autocannon';
import { uncachedQuestionStream } from './questions.js';
import { ServerTimingSamples, type ServerTimingSplit } from './server-timing.js';
import { formatMs, nowMs, summarise, type LatencySummary } from './stats.js';

/**
 * HTTP load on loopback with autocannon. Latencies are taken from autocannon's per-response event, in
 * fractional milliseconds: its own histogram rounds to whole milliseconds, too coarse for these figures.
 */
export interface LoadResult {
  connections: number;
  /** Wall seconds from the first request sent to the last response (0 when nothing was answered). */
  durationS: number;
  /** 2xx responses only. */
  latency: LatencySummary;
  /** 2xx responses per second of wall time. */
  rps: number;
  responses: number;
  non2xx: number;
  errors: number;
  /**
   * Server CPU time (all its threads) per response, when the caller can read it. Unlike latency it hardly
   * changes when other processes compete for the cores, so it is the figure to compare between runs.
   */
  serverCpuMsPerRequest: number | null;
  /** The server's Server-Timing split over the 2xx responses that carried it; null when none did. */
  serverTiming: ServerTimingSplit | null;
}

interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * `next` is called once per request, so each can differ (a fresh question, a new cache key). `serverCpuSeconds`
 * reads the server's CPU clock, for CPU time per request.
 */
export async function load(
  url: string,
  connections: number,
  durationS: number,
  next: () => RequestSpec,
  serverCpuSeconds?: () => number,
): Promise<LoadResult> {
  return run(url, connections, { duration: durationS }, next, serverCpuSeconds);
}

/**
 * Sends each request once, `connections` at a time, and stops: for questions the server must never have seen,
 * which a load of fixed duration would run out of or repeat.
 * @example
 * const { rps } = await loadEach(url, 8, questions.map(searchOf), server.cpuSeconds);
 */
export async function loadEach(url: string, connections: number, requests: RequestSpec[], serverCpuSeconds?: () => number): Promise<LoadResult> {
  let sent = 0;
  const next = () => {
    const spec = requests[sent++];
    if (spec === undefined) throw new Error(`autocannon asked for request ${sent} of ${requests.length}`);
    return spec;
  };
  return run(url, connections, { amount: requests.length }, next, serverCpuSeconds);
}

async function run(
  url: string,
  connections: number,
  extent: { duration: number } | { amount: number },
  next: () => RequestSpec,
  serverCpuSeconds?: () => number,
): Promise<LoadResult> {
  const cpuBefore = serverCpuSeconds?.();
  const samples: number[] = [];
  const timings = new ServerTimingSamples();
  let non2xx = 0;
  let errors = 0;
  // Throughput is over the window requests were in flight, from the first sent to the last answered: autocannon's
  // own start-up and wind-down (some 0.8 s, measured) would otherwise count as the server's time, and halve the
  // figure of a load of a few hundred questions.
  let firstSentAt: number | undefined;
  let lastAnsweredAt: number | undefined;
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        ...extent,
        requests: [
          {
            setupRequest: (request) => {
              firstSentAt ??= nowMs();
              const spec = next();
              return { ...request, ...spec, headers: spec.body === undefined ? {} : JSON_HEADERS };
            },
            onResponse: (status, _body, _context, headers) => {
              if (status >= 200 && status < 300) timings.add(headers?.['server-timing'] ?? headers?.['Server-Timing']);
            },
          },
        ],
      },
      (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      lastAnsweredAt = nowMs();
      if (statusCode >= 200 && statusCode < 300) samples.push(responseTime);
      else non2xx++;
    });
    instance.on('reqError', () => errors++);
  });
  const elapsedS = firstSentAt === undefined || lastAnsweredAt === undefined ? 0 : (lastAnsweredAt - firstSentAt) / 1000;
  const cpuAfter = serverCpuSeconds?.();
  const responses = samples.length + non2xx;
  return {
    connections,
    durationS: elapsedS,
    latency: summarise(samples),
    rps: elapsedS === 0 ? 0 : samples.length / elapsedS,
    responses: samples.length,
    non2xx,
    errors,
    serverCpuMsPerRequest: cpuBefore === undefined || cpuAfter === undefined || responses === 0 ? null : ((cpuAfter - cpuBefore) * 1000) / responses,
    serverTiming: timings.split(),
  };
}

/**
 * One line for a load: latencies, throughput, the server's CPU, and its Server-Timing split when it sent one.
 * @example
 * describeLoad(c1); // 'p50 3.11 ms, p95 6.2 ms, p99 9.3 ms, 277 req/s over 645 responses, server CPU 4.08 ms/request (…)'
 */
export function describeLoad(l: LoadResult): string {
  const split = l.serverTiming;
  return (
    `p50 ${formatMs(l.latency.p50)}, p95 ${formatMs(l.latency.p95)}, p99 ${formatMs(l.latency.p99)}, ${l.rps.toFixed(0)} req/s over ${l.responses} responses` +
    (l.serverCpuMsPerRequest === null ? '' : `, server CPU ${formatMs(l.serverCpuMsPerRequest)}/request`) +
    (split === null
      ? ''
      : ` (Server-Timing p50: own work ${formatMs(split.ownWork)} (pipeline ${formatMs(split.pipelineOwn)}, main thread ${formatMs(split.mainThread)}), ` +
        `embed ${formatMs(split.embed)}; outside the server ${formatMs(l.latency.p50 - split.total)})`) +
    (l.non2xx + l.errors > 0 ? `, ${l.non2xx} non-2xx, ${l.errors} errors` : '')
  );
}

const searchPath = (question: string) => `/api/search?q=${encodeURIComponent(question)}`;

export const searchOf = (question: string): RequestSpec => ({ method: 'GET', path: searchPath(question) });

/** A question the server has never been sent, so its query-vector cache cannot answer it. */
export function uncachedSearches(questions: string[]): () => RequestSpec {
  const nextQuestion = uncachedQuestionStream(questions);
  return () => ({ method: 'GET', path: searchPath(nextQuestion()) });
}

export function repeatedSearch(question: string): () => RequestSpec {
  const path = searchPath(question);
  return () => ({ method: 'GET', path });
}

export function uncachedAsks(questions: string[]): () => RequestSpec {
  const nextQuestion = uncachedQuestionStream(questions);
  return () => ({ method: 'POST', path: '/api/ask', body: JSON.stringify({ question: nextQuestion() }) });
}

export const health = (): RequestSpec => ({ method: 'GET', path: '/api/health' });

/** Sends one request with fetch and returns its status and parsed JSON body (or null), for checks before loading. */
export async function probe(url: string, spec: RequestSpec): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url + spec.path, {
    method: spec.method,
    body: spec.body,
    headers: spec.body === undefined ? undefined : JSON_HEADERS,
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body };
}

/** Two loads at once: `background` at its concurrency, and `foreground` whose latency is the figure of interest. */
export async function loadUnderLoad(
  url: string,
  durationS: number,
  background: { connections: number; next: () => RequestSpec },
  foreground: { connections: number; next: () => RequestSpec },
): Promise<{ background: LoadResult; foreground: LoadResult }> {
  const [bg, fg] = await Promise.all([
    load(url, background.connections, durationS, background.next),
    load(url, foreground.connections, durationS, foreground.next),
  ]);
  return { background: bg, foreground: fg };
}
