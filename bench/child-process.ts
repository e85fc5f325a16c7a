import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * The bench's measurements that need a process of their own (a clean heap for memory figures, a heap larger than
 * the default for a million paragraphs): a TypeScript file run by `node --import tsx`, with --expose-gc for
 * honest memory readings, given its options as JSON on stdin (argv holds at most 128 KiB an argument, less than a
 * thousand questions' texts) and printing its result as the last line of stdout.
 * What it logs goes to stderr, which is the bench's own.
 */
export interface ChildOptions {
  /** V8's old-space limit, in MiB. */
  heapMiB: number;
}

/** The child ran past its time limit and was killed. */
export class ChildTimeoutError extends Error {}

/**
 * Starts `file` with `input`; the caller reads its stdout.
 * @example
 * const child = spawnChild(import.meta.resolve('./scale-server.ts'), options, { heapMiB: 8192 });
 */
export function spawnChild(file: string, input: unknown, { heapMiB }: ChildOptions): ChildProcess & { stdout: NonNullable<ChildProcess['stdout']> } {
  const path = file.startsWith('file:') ? new URL(file).pathname : file;
  const child = spawn(process.execPath, ['--expose-gc', `--max-old-space-size=${heapMiB}`, '--import', 'tsx', path], {
    stdio: ['pipe', 'pipe', 'inherit'],
  }) as ChildProcess & { stdout: NonNullable<ChildProcess['stdout']> };
  child.stdin!.end(JSON.stringify(input));
  return child;
}

/**
 * Runs `file` to its end and returns what it printed last, parsed; past `timeoutMs` it is killed.
 * @example
 * const result = await runChild<ScaleBuildResult>(import.meta.resolve('./scale-build.ts'), options, { heapMiB: 16384, timeoutMs: 3_600_000 });
 */
export function runChild<T>(file: string, input: unknown, options: ChildOptions & { timeoutMs: number }): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawnChild(file, input, options);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new ChildTimeoutError(`stopped after ${Math.round(options.timeoutMs / 1000)} s, the time left in the budget`));
      if (code !== 0) return reject(new Error(`${file} exited with ${code ?? signal}`));
      const last = output.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${file} printed no result: ${last.slice(0, 200)}`));
      }
    });
  });
}

/**
 * In a child: runs `main` on the options the parent gave and prints its result as the last line of stdout.
 * @example
 * runAsChild(import.meta.url, (options: ScaleBuildOptions) => buildScale(options));
 */
export function runAsChild<I, O>(moduleUrl: string, main: (input: I) => Promise<O>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  readStdin()
    .then(async (text) => {
      const result = await main(JSON.parse(text) as I);
      // Pipes are written synchronously on Linux, so the line is out before the exit; nothing left open holds the child.
      console.log(JSON.stringify(result));
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

/** All of stdin, as the parent wrote it. */
async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/**
 * Resident memory after a full collection, in bytes.
 * @example
 * const before = residentBytes();
 */
export function residentBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}
