import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SERVER_ENTRY } from '../../../scripts/build-server.js';
import type { TestIndex } from '../../support/global-setup.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

export interface RunningServer {
  url: string;
  /** Everything the server printed, for diagnosing a failure. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real server (the bundle of `src/cli/start.ts`, as `npm start` does) over the test index on a free port, and
 * resolves once /api/health says it is ready. `env` adds to (or overrides) its environment.
 */
export async function startServer(index: TestIndex, timeoutMs = 60_000, env: Record<string, string> = {}): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env: { ...process.env, INDEX_DIR: index.indexDir, MODELS_DIR: index.modelsDir, EMBED_MODEL: index.modelId, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    const deadline = Date.now() + timeoutMs;
    let url: string | undefined;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}`);
      url ??= /Listening on (http:\/\/\S+?);/.exec(output)?.[1];
      if (url !== undefined) {
        const healthy = await fetch(`${url}/api/health`).then((response) => response.ok, () => false);
        if (healthy) return { url, output: () => output, stop };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`The server was not ready within ${timeoutMs} ms`);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}. Its output:\n${output}`);
  }
}
