import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SERVER_ENTRY } from '../../scripts/build-server.js';
import { testIndex } from './pipeline.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  /** `http://127.0.0.1:<port>`, as the server printed it when ready. */
  url: string;
  child: ChildProcess;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the server as `npm start` does (the bundle the global setup built) on a free loopback port, with
 * the test model and the given index folder, and resolves once it prints "Ready". Rejects with its output if
 * it exits first or is not ready in time (a crash loop shows up as the former).
 */
export function startServerProcess(indexDir: string, env: Record<string, string> = {}, readyTimeoutMs = 90_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      INDEX_DIR: indexDir,
      MODELS_DIR: testIndex.modelsDir,
      EMBED_MODEL: testIndex.modelId,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The server was not ready after ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Ready: (http:\/\/\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ url: ready[1]!, child, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (code ${code}, signal ${signal}) before it was ready:\n${output}`));
    });
  });
}
