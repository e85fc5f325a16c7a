import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_EMBED_MODEL, BUNDLED_MODELS_DIR, BUNDLED_RERANK_MODEL, CHECKSUM_FILE } from '../src/embed/model-source.js';
import { startHubMirror, type HubMirror } from './support/hub-mirror.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

/**
 * `npm run model:fetch` prepares a models folder on a connected machine (here: from a loopback mirror), which an
 * air-gapped server then reads through MODELS_DIR, the embedder and the cross-encoder both.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const EMBED = 'mirror-org/minilm-wordnet-embed';
const RERANK = 'mirror-org/minilm-wordnet-rerank';

function runFetch(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/fetch-model.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, MODELS_DIR: '', EMBED_MODEL: '', RERANK_MODEL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run model:fetch', { timeout: 180_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'model-fetch-'));
  const modelsDir = path.join(work, 'models');
  let mirror: HubMirror | undefined;
  let server: ServerProcess | undefined;

  afterEach(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    server = undefined;
    await mirror?.close();
    mirror = undefined;
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('downloads the embedding model and the cross-encoder into MODELS_DIR with checksums; an offline server then reads both from there', async () => {
    mirror = await startHubMirror({
      [EMBED]: { folder: path.join(BUNDLED_MODELS_DIR, BUNDLED_EMBED_MODEL) },
      [RERANK]: { folder: path.join(BUNDLED_MODELS_DIR, BUNDLED_RERANK_MODEL) },
    });
    const fetched = await runFetch({ MODELS_DIR: modelsDir, EMBED_MODEL: EMBED, RERANK_MODEL: RERANK, MODELS_REMOTE_HOST: mirror.url });
    expect(fetched.code, fetched.output).toBe(0);
    expect(fetched.output).toContain(`Downloaded ${EMBED}/onnx/model.onnx`);
    expect(fetched.output).toContain(`Downloaded ${RERANK}/onnx/model.onnx`);
    for (const id of [EMBED, RERANK]) {
      const sums = fs.readFileSync(path.join(modelsDir, id, CHECKSUM_FILE), 'utf8');
      expect(sums).toMatch(/ {2}config\.json$/m);
      expect(sums).toMatch(/ {2}tokenizer\.json$/m);
      expect(sums).toMatch(/ {2}onnx\/model\.onnx$/m);
    }
    expect(fs.readdirSync(modelsDir).filter((name) => name.startsWith('.download-'))).toEqual([]);

    const verified = await runFetch({ MODELS_DIR: modelsDir, EMBED_MODEL: EMBED, RERANK_MODEL: RERANK }, ['--verify']);
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toContain(`${RERANK}: every file matches ${CHECKSUM_FILE}`);

    await mirror.close();
    mirror = undefined;
    const corpusDir = path.join(work, 'corpus');
    fs.mkdirSync(corpusDir);
    const corpus = fs.readFileSync(path.join(REPO_ROOT, 'corpus/cnd-chairs-summaries-2019-2023.md'), 'utf8');
    fs.writeFileSync(path.join(corpusDir, 'chapter-i.md'), corpus.split('\n').slice(0, 130).join('\n'));
    server = await startServerProcess(path.join(work, 'index'), {
      MODELS_DIR: modelsDir,
      EMBED_MODEL: EMBED,
      RERANK_MODEL: RERANK,
      CORPUS_DIR: corpusDir,
      MODELS_REMOTE_HOST: 'http://unreachable.invalid',
    });
    expect(server.output()).toContain(`Reranking with the cross-encoder ${RERANK}`);
    const stats = await (await fetch(`${server.url}/api/stats`)).json();
    expect(stats).toMatchObject({ model: EMBED, origin: 'models-dir', reranker: RERANK });
    const search = (await (await fetch(`${server.url}/api/search?q=synthetic+drugs+markets&k=3`)).json()) as { results: { year: number }[] };
    expect(search.results).toHaveLength(3);
  });

  it('--verify names a file that no longer matches, and exits 1', async () => {
    const folder = path.join(modelsDir, EMBED);
    fs.appendFileSync(path.join(folder, 'tokenizer_config.json'), ' ');
    const verified = await runFetch({ MODELS_DIR: modelsDir, EMBED_MODEL: EMBED }, ['--verify']);
    expect(verified.code).toBe(1);
    expect(verified.output).toContain(`${folder}: tokenizer_config.json does not match ${CHECKSUM_FILE}`);
  });

  it('says MODELS_DIR must name the folder to fill', async () => {
    const result = await runFetch({});
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^MODELS_DIR is not set: it names the folder to fill\./);
  });
});
