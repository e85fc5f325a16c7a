import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVER_ENTRY } from '../scripts/build-server.js';
import { nowMs } from './stats.js';

/**
 * The real server, started as `npm start` starts it (`node dist/server/start.js`, built first) on a free loopback
 * port over an index that is already built, so start-up only loads the model and opens the index.
 */
export interface ServerOptions {
  repoRoot: string;
  indexDir: string;
  /** Relative to the repository, as a deployment would set it. */
  modelsDir: string;
  modelId: string;
  corpusDir: string;
}

export interface RunningServer {
  url: string;
  pid: number;
  /** From spawn until `GET /api/health` first answered 200. */
  readyMs: number;
  /** Everything the server printed so far, each line prefixed with the milliseconds since spawn it arrived at. */
  output: string[];
  /** Peak and current resident memory of the server process, from /proc (Linux only; NaN elsewhere). */
  memory(): { peakBytes: number; currentBytes: number };
  /** CPU seconds the server process has used so far (user + system, all threads), from /proc. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
const POLL_INTERVAL_MS = 5;

/** A port nothing listens on right now, on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A memory figure of a process from /proc/<pid>/status, in bytes (NaN where there is no /proc).
 * @example
 * readStatusBytes(server.pid, 'VmHWM'); // peak resident memory
 */
export function readStatusBytes(pid: number, field: string): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Linux reports process times in /proc in units of USER_HZ, which is 100 on every architecture Node runs on. */
const USER_HZ = 100;

/**
 * CPU seconds a process has used (user + system, all threads), from /proc/<pid>/stat.
 * @example
 * const before = readCpuSeconds(server.pid);
 */
export function readCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const start = nowMs();
  const child = spawn(process.execPath, ['--enable-source-maps', SERVER_ENTRY], {
    cwd: options.repoRoot,
    env: {
      // These figures are the embedded store's (INDEX_DIR); DATABASE_URL, given for the store-at-scale runs, is not passed on.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL')),
      HOST: '127.0.0.1',
      PORT: String(port),
      MODELS_DIR: options.modelsDir,
      EMBED_MODEL: options.modelId,
      INDEX_DIR: options.indexDir,
      CORPUS_DIR: options.corpusDir,
      // The per-client rate limit (600 a minute by default) would turn a load test from one address into 429s;
      // the highest allowed value keeps the limiter's own cost in the figures without it ever refusing.
      RATE_LIMIT_PER_MIN: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    const at = `[${(nowMs() - start).toFixed(0).padStart(5)} ms]`;
    for (const line of chunk.toString().split('\n')) if (line.trim() !== '') output.push(`${at} ${line}`);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const pid = child.pid;
  if (pid === undefined) throw new Error('Could not spawn the server');

  const stop = async () => {
    if (!child.kill('SIGTERM')) return;
    if (!(await waitForExit(child, 10_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  };

  // Until it listens the connection is refused; while it loads it answers 503.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}:\n${output.join('\n')}`);
    if (nowMs() - start > READY_TIMEOUT_MS) {
      await stop();
      throw new Error(`The server was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output.join('\n')}`);
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(POLL_INTERVAL_MS);
  }
  const readyMs = nowMs() - start;

  return {
    url,
    pid,
    readyMs,
    output,
    memory: () => ({ peakBytes: readStatusBytes(pid, 'VmHWM'), currentBytes: readStatusBytes(pid, 'VmRSS') }),
    cpuSeconds: () => readCpuSeconds(pid),
    stop,
  };
}

export interface ServerStartResult {
  /** Each start, in order. */
  readyMs: number[];
  medianMs: number;
  /** "Ready: ... (started in X s)" as the server itself measured it (from process start), last start. */
  selfReportedS: number | null;
  /** True when the server found the index up to date, as it must for these figures to mean "start", not "build". */
  indexWasFresh: boolean;
  output: string[];
}

/**
 * Starts the server `starts` times (stopping all but the last) and leaves the last one running for the HTTP
 * measurements.
 */
export async function measureServerStart(options: ServerOptions, starts = 3): Promise<{ result: ServerStartResult; server: RunningServer }> {
  const readyMs: number[] = [];
  let server: RunningServer | undefined;
  for (let i = 0; i < starts; i++) {
    if (server) await server.stop();
    server = await startServer(options);
    readyMs.push(server.readyMs);
  }
  if (!server) throw new Error('starts must be at least 1');
  // The "Ready" line may follow the first 200 by a moment.
  await sleep(100);
  const ready = server.output.map((line) => /started in ([\d.]+) s/.exec(line)).find((m) => m !== null);
  const sorted = [...readyMs].sort((a, b) => a - b);
  return {
    result: {
      readyMs,
      medianMs: sorted[Math.floor(sorted.length / 2)]!,
      selfReportedS: ready ? Number(ready[1]) : null,
      indexWasFresh: server.output.some((line) => line.includes('] Index is up to date')),
      output: [...server.output],
    },
    server,
  };
}
