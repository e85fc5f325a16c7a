import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ENTRY } from '../scripts/build-server.js';
import { openBackend } from '../src/store/backend.js';
import { readIndexStatus } from '../src/store/build-index.js';
import { testIndex } from './support/pipeline.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** Runs a CLI of the project with its own INDEX_DIR; resolves with its exit code, signal and output. */
function runCli(script: string, indexDir: string, options: { args?: string[]; killWhen?: (output: string) => boolean; killAfterMs?: number } = {}) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string; pid: number }>((resolve) => {
    // TypeScript CLIs run through tsx as `npm run` runs them; the server runs from its bundle as `npm start` does.
    const child = spawn(process.execPath, [...(script.endsWith('.ts') ? ['--import', 'tsx', script] : [script]), ...(options.args ?? [])], {
      cwd: REPO_ROOT,
      env: { ...process.env, INDEX_DIR: indexDir, MODELS_DIR: testIndex.modelsDir, EMBED_MODEL: testIndex.modelId, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let killScheduled = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!killScheduled && options.killWhen?.(output)) {
        killScheduled = true;
        setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 0);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => resolve({ code, signal, output, pid: child.pid! }));
  });
}

function copyIndex(to: string): void {
  fs.cpSync(testIndex.indexDir, to, { recursive: true });
}

/** The folder of the build the index folder's CURRENT names. */
async function currentBuildDir(indexDir: string): Promise<string> {
  const version = await (await openBackend({ indexDir })).currentVersion();
  if (version === null) throw new Error(`No build is current in ${indexDir}`);
  return path.join(indexDir, 'builds', version);
}

async function indexStatus(indexDir: string) {
  const { corpusHash } = JSON.parse(fs.readFileSync(path.join(await currentBuildDir(indexDir), 'manifest.json'), 'utf8')) as { corpusHash: string };
  return readIndexStatus(await openBackend({ indexDir }), { modelId: testIndex.modelId, corpusHash });
}

describe('the index survives interrupted and damaged builds', () => {
  const scratch: string[] = [];
  const tempIndex = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-safety-'));
    scratch.push(dir);
    copyIndex(dir);
    return dir;
  };

  beforeAll(async () => expect(await (await openBackend({ indexDir: testIndex.indexDir })).currentVersion()).not.toBeNull());
  afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('keeps the previous index working when a rebuild is killed mid-way (SIGKILL), and cleans up on the next build', async () => {
    const indexDir = tempIndex();
    const before = await currentBuildDir(indexDir);

    // A full rebuild (an update would reuse every vector and be done at once), killed once the model is loaded and
    // embedding has started: the new build folder exists but is incomplete.
    const killed = await runCli('src/cli/build-index.ts', indexDir, { args: ['--full'], killWhen: (out) => /Loaded /.test(out), killAfterMs: 1500 });
    expect(killed.signal).toBe('SIGKILL');
    const leftovers = () => fs.readdirSync(path.join(indexDir, 'builds')).filter((name) => name.includes(`-${killed.pid}-`));

    expect(await currentBuildDir(indexDir)).toBe(before);
    const backend = await openBackend({ indexDir });
    const store = await backend.open(path.basename(before));
    expect(store.stats().paragraphs).toBe(267);
    expect((await store.lexicalSearch([{ text: 'naloxone', weight: 1 }], 3)).length).toBeGreaterThan(0);
    await store.close();

    const rebuilt = await runCli('src/cli/build-index.ts', indexDir);
    expect(rebuilt.code, rebuilt.output).toBe(0);
    const after = await currentBuildDir(indexDir);
    expect(after).not.toBe(before);
    expect(leftovers()).toEqual([]);
    // The superseded build stays, for servers still answering from it; any other build is one whose writer still
    // runs (here: the test's global setup).
    const builds = fs.readdirSync(path.dirname(after));
    expect(builds).toContain(path.basename(after));
    expect(builds).toContain(path.basename(before));
    expect(builds.filter((name) => name !== path.basename(after)).every((name) => name.includes(`-${process.ppid}-`) || name.includes(`-${process.pid}-`))).toBe(true);
  }, 120_000);

  it('reports a corrupted vectors file as unusable with the file and the way to rebuild, and start-up rebuilds it', async () => {
    const indexDir = tempIndex();
    const build = await currentBuildDir(indexDir);
    const vectors = path.join(build, 'vectors.hnsw');
    fs.truncateSync(vectors, Math.floor(fs.statSync(vectors).size / 2));

    const status = await indexStatus(indexDir);
    expect(status.state).toBe('unusable');
    expect(status.reason).toContain(vectors);
    expect(status.reason).toContain('npm run index');

    const search = await runCli('src/cli/search.ts', indexDir);
    expect(search.code).not.toBe(0);

    // `npm start` sees the damage, rebuilds and serves; kill it once it is ready.
    const started = await runCli(SERVER_ENTRY, indexDir, { killWhen: (out) => /Ready: /.test(out) });
    expect(started.output).toMatch(/Index is unusable: .*vectors\.hnsw/);
    expect(started.output).toMatch(/Ready: /);
    expect((await indexStatus(indexDir)).state).toBe('fresh');
  }, 120_000);

  it('rebuilds at start-up when the index was embedded with another model', async () => {
    const indexDir = tempIndex();
    const manifestFile = path.join(await currentBuildDir(indexDir), 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, modelId: 'Xenova/some-other-model' }));

    const started = await runCli(SERVER_ENTRY, indexDir, { killWhen: (out) => /Ready: /.test(out) });
    expect(started.output).toContain('the index was embedded with Xenova/some-other-model, the configured model is');
    expect(started.output).toMatch(/Ready: /);
  }, 120_000);
});
