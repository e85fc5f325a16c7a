/**
 * Builds the server into dist/server: src/cli/start.ts and the pipeline worker it starts, each bundled into one
 * ES module with the packages left as imports. The server runs from this build, not through tsx: a worker
 * thread cannot load TypeScript through tsx on Node 20, and resolving a hundred modules through a loader hook
 * cost the start-up about a second.
 *
 * Runs before `npm start` (prestart, with the web page), in the test global setup, and by hand with
 * `npm run build`. Like the page, it is written into a fresh folder and swapped in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { swapIn } from '../web/build.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
/** Two levels below the root, as src/serve is: the server finds web/dist at the same relative path from both. */
export const SERVER_DIST_DIR = path.join(REPO_ROOT, 'dist', 'server');
export const SERVER_ENTRY = path.join(SERVER_DIST_DIR, 'start.js');

export async function buildServer(outDir = SERVER_DIST_DIR): Promise<void> {
  const staging = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await esbuild.build({
      entryPoints: {
        start: path.join(REPO_ROOT, 'src/cli/start.ts'),
        'pipeline-worker': path.join(REPO_ROOT, 'src/serve/pipeline-worker.ts'),
      },
      outdir: staging,
      bundle: true,
      // Dynamic imports stay dynamic only with chunks: without them, a start with a fresh index would load the
      // parser, and the main thread the model runtime, that it never uses (0.7 s).
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
    });
    swapIn(staging, outDir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = performance.now();
  await buildServer();
  console.log(`Built the server into ${path.relative(process.cwd(), SERVER_DIST_DIR)} in ${Math.round(performance.now() - started)} ms`);
}
