import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { assemblePipeline } from '../src/pipeline.js';
import { createApp } from '../src/serve/app.js';
import { answerClientErrorsAsJson } from '../src/serve/client-errors.js';
import { DEFAULT_SERVE_OPTIONS } from '../src/serve/options.js';
import { openBackend, type StoreSettings } from '../src/store/backend.js';
import { residentBytes, runAsChild, spawnChild } from './child-process.js';
import { precomputedEmbedder, readQueryVectors } from './precomputed-queries.js';
import { readCpuSeconds, readStatusBytes } from './server-start.js';
import { nowMs } from './stats.js';

/**
 * The real app (createApp over assemblePipeline over the store as the backend opens it) served in a process of
 * its own, with an embedder that answers from question vectors computed beforehand: what the server does for a
 * question, minus the model. Unlike `npm start` the pipeline runs on the HTTP thread (no worker) over one store,
 * so the process's memory is the store's and the pipeline's alone. Rate limiting is off, as for any load test.
 */
export interface ScaleServerOptions {
  store: StoreSettings;
  queryVectorsFile: string;
}

/** What the child says once it listens. */
interface Ready {
  port: number;
  /** Resident memory before the store was opened (modules loaded), after a full collection. */
  baselineBytes: number;
  /** The same once the store is open and the pipeline assembled. */
  openedBytes: number;
  /** Opening the store and assembling the pipeline. */
  openMs: number;
}

/** What the child says when stopped: the query texts it had no vector for (each one a failed request). */
interface Stopped {
  misses: string[];
}

export interface ScaleServer extends Ready {
  url: string;
  pid: number;
  /** Resident memory now and at its peak. */
  memory(): { currentBytes: number; peakBytes: number };
  cpuSeconds(): number;
  stop(): Promise<Stopped>;
}

/** A million paragraphs' store and caches fit in well under this; V8's default old space would not. */
const SERVER_HEAP_MIB = 8192;

/**
 * @example
 * const server = await startScaleServer({ store: { indexDir }, queryVectorsFile });
 * const result = await sendEachOnce(server.url, questions.map(searchRequest), 1, server.cpuSeconds);
 * await server.stop();
 */
export async function startScaleServer(options: ScaleServerOptions): Promise<ScaleServer> {
  const child = spawnChild(import.meta.url, options, { heapMiB: SERVER_HEAP_MIB });
  const lines: string[] = [];
  let buffered = '';
  let lineArrived: (() => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts.filter((line) => line.trim() !== ''));
    lineArrived?.();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const nextLine = async (): Promise<string> => {
    while (lines.length === 0) {
      const arrived = new Promise<void>((resolve) => (lineArrived = resolve));
      const code = await Promise.race([arrived.then(() => undefined), exited]);
      if (code !== undefined && lines.length === 0) throw new Error(`The scale server exited with ${code} before saying anything`);
    }
    return lines.shift()!;
  };
  const ready = JSON.parse(await nextLine()) as Ready;
  const pid = child.pid!;
  return {
    ...ready,
    url: `http://127.0.0.1:${ready.port}`,
    pid,
    memory: () => ({ currentBytes: readStatusBytes(pid, 'VmRSS'), peakBytes: readStatusBytes(pid, 'VmHWM') }),
    cpuSeconds: () => readCpuSeconds(pid),
    async stop() {
      child.kill('SIGTERM');
      return JSON.parse(await nextLine()) as Stopped;
    },
  };
}

async function serve(options: ScaleServerOptions): Promise<Stopped> {
  const embedder = precomputedEmbedder(readQueryVectors(options.queryVectorsFile));
  const baselineBytes = residentBytes();
  const start = nowMs();
  const backend = await openBackend(options.store);
  const version = await backend.currentVersion();
  if (version === null) throw new Error(`No build in ${backend.location}`);
  const store = await backend.open(version);
  const { retriever, answerer } = await assemblePipeline(store, embedder);
  const app = createApp(
    { retriever, answerer, store, models: { model: embedder.modelId, origin: 'bundled' }, checkStore: () => backend.check() },
    { ...DEFAULT_SERVE_OPTIONS, rateLimitPerMinute: 0 },
  );
  const openMs = nowMs() - start;
  const openedBytes = residentBytes();
  const server = createAdaptorServer({ fetch: app.fetch });
  answerClientErrorsAsJson(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ port, baselineBytes, openedBytes, openMs } satisfies Ready));
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  await backend.close();
  return { misses: embedder.misses };
}

runAsChild(import.meta.url, serve);
