import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_EMBED_MODEL, BUNDLED_MODELS_DIR, CHECKSUM_FILE } from '../src/embed/model-source.js';
import { startHubMirror, type HubMirror } from './support/hub-mirror.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

/**
 * `npm start` as a user's first run takes it, through the built server: no MODELS_DIR, models from a hub mirror
 * on loopback (or none at all), a fresh cache and index. A small corpus (the 2019 chapter) keeps the builds short.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const STAND_IN_FOLDER = path.join(BUNDLED_MODELS_DIR, BUNDLED_EMBED_MODEL);
const FIRST = 'mirror-org/minilm-wordnet-embed';
const SECOND = 'mirror-org/minilm-wordnet-embed-v2';
/** The 2019 chapter ends before this line of the corpus; parsing 35 paragraphs takes no time, embedding a second. */
const CHAPTER_I_LINES = 130;

describe('the first start of the server', { timeout: 180_000 }, () => {
  let work: string;
  let corpusDir: string;
  let cacheDir: string;
  let indexDir: string;
  let mirror: HubMirror | undefined;
  const servers: ServerProcess[] = [];

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'first-start-'));
    corpusDir = path.join(work, 'corpus');
    cacheDir = path.join(work, 'cache');
    indexDir = path.join(work, 'index');
    fs.mkdirSync(corpusDir);
    const corpus = fs.readFileSync(path.join(REPO_ROOT, 'corpus/cnd-chairs-summaries-2019-2023.md'), 'utf8');
    fs.writeFileSync(path.join(corpusDir, 'chapter-i.md'), corpus.split('\n').slice(0, CHAPTER_I_LINES).join('\n'));
    // Its metadata, so citations read as the corpus's do.
    fs.copyFileSync(path.join(REPO_ROOT, 'corpus/cnd-chairs-summaries-2019-2023.meta.json'), path.join(corpusDir, 'chapter-i.meta.json'));
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await mirror?.close();
    mirror = undefined;
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** The server as a user starts it: only what the test names is set (an empty value is "not set"). */
  async function start(env: Record<string, string>): Promise<ServerProcess> {
    const server = await startServerProcess(indexDir, { MODELS_DIR: '', EMBED_MODEL: '', CORPUS_DIR: corpusDir, MODELS_CACHE_DIR: cacheDir, ...env });
    servers.push(server);
    return server;
  }

  const stats = async (server: ServerProcess) => (await fetch(`${server.url}/api/stats`)).json() as Promise<Record<string, unknown>>;
  const firstHit = async (server: ServerProcess) => {
    const body = (await (await fetch(`${server.url}/api/search?q=synthetic+drugs&k=1`)).json()) as { results: { citation: string }[] };
    return body.results[0]?.citation;
  };

  it('downloads the model into the cache with progress, builds the index and serves; then starts from the cache with the mirror gone', async () => {
    mirror = await startHubMirror({ [FIRST]: { folder: STAND_IN_FOLDER } });
    const first = await start({ EMBED_MODEL: FIRST, MODELS_REMOTE_HOST: mirror.url });
    const output = first.output();
    expect(output).toContain(`Downloading ${FIRST}/onnx/model.onnx`);
    expect(output).toMatch(new RegExp(`Downloaded ${FIRST}/onnx/model\\.onnx \\(29\\.2 MB\\) in \\d+\\.\\d s`));
    expect(output).toContain('Index is missing');
    expect(output).toContain(`Embedding with ${FIRST}`);
    expect(await stats(first)).toMatchObject({ model: FIRST, origin: 'download', paragraphs: 35 });
    expect(await firstHit(first)).toMatch(/^E\/CN\.7\/2024\/CRP\.5, para\. \d+ \(CND thematic discussions 2019, I\)$/);
    expect(fs.existsSync(path.join(cacheDir, FIRST, CHECKSUM_FILE))).toBe(true);
    // A model this product has no measured settings for is named, with the defaults it gets.
    expect(output).toContain(`warning: no measured profile for the embedding model ${FIRST}; using the defaults (mean pooling`);

    first.child.kill('SIGTERM');
    await first.exited;
    await mirror.close();
    mirror = undefined;

    const second = await start({ EMBED_MODEL: FIRST, MODELS_REMOTE_HOST: 'http://unreachable.invalid' });
    expect(second.output()).not.toContain('Downloading');
    expect(second.output()).toContain('Index is up to date');
    expect(await stats(second)).toMatchObject({ model: FIRST, origin: 'cache' });
  });

  it('rebuilds the index when the model changes', async () => {
    mirror = await startHubMirror({ [SECOND]: { folder: STAND_IN_FOLDER } });
    const server = await start({ EMBED_MODEL: SECOND, MODELS_REMOTE_HOST: mirror.url });
    expect(server.output()).toMatch(/Index is stale: .*model/);
    expect(await stats(server)).toMatchObject({ model: SECOND, origin: 'download' });
  });

  it('with nothing set and the hub out of reach, says so in one line and serves with the bundled model', async () => {
    mirror = await startHubMirror({});
    const server = await start({ MODELS_REMOTE_HOST: mirror.url });
    const notice = server.output().split('\n').filter((line) => line.startsWith('Cannot download'));
    expect(notice).toEqual([
      `Cannot download the embedding model Xenova/all-MiniLM-L6-v2 from ${mirror.url} (the server has no such model: 404 for config.json); ` +
        `using the bundled offline model ${BUNDLED_EMBED_MODEL} instead. For better answers set MODELS_DIR to a folder that holds the hub model, ` +
        'or MODELS_REMOTE_HOST to a mirror; `npm run model:fetch` prepares such a folder on a machine with network.',
    ]);
    expect(server.output()).not.toMatch(/\n\s+at /);
    const body = await stats(server);
    expect(body).toMatchObject({ model: BUNDLED_EMBED_MODEL, origin: 'bundled', fallback: notice[0] });
    expect(body.note).toMatch(/everyday wording is matched less well/);
    expect(await firstHit(server)).toMatch(/\(CND thematic discussions 2019, I\)$/);
  });

  it('exits non-zero with one line when EMBED_MODEL names a model that cannot be had', async () => {
    mirror = await startHubMirror({ 'mirror-org/truncated': { folder: STAND_IN_FOLDER, behaviour: 'truncated-onnx' } });
    const failure = await start({ EMBED_MODEL: 'mirror-org/truncated', MODELS_REMOTE_HOST: mirror.url, MODELS_CACHE_DIR: path.join(work, 'other-cache') }).catch(
      (error: Error) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(/exited \(code 1/);
    const line = message.split('\n').find((l) => l.startsWith('Cannot download'));
    expect(line).toMatch(
      new RegExp(
        `^Cannot download the embedding model mirror-org/truncated from ${mirror.url} \\(the downloaded files do not load: [^\\n]+\\)\\. ` +
          'Set MODELS_DIR to a folder that holds it or MODELS_REMOTE_HOST to a mirror, or unset EMBED_MODEL to use the bundled offline model\\.$',
      ),
    );
    expect(message).not.toMatch(/\n\s+at |Module did not self-register/);
  });

  it('falls back to the bundled model when the mirror serves a truncated file, with the native runtime still working', async () => {
    // The failure that once ended in "Module did not self-register": a first load that fails in one thread.
    mirror = await startHubMirror({ 'Xenova/all-MiniLM-L6-v2': { folder: STAND_IN_FOLDER, behaviour: 'truncated-onnx' } });
    const server = await start({ MODELS_REMOTE_HOST: mirror.url, MODELS_CACHE_DIR: path.join(work, 'truncated-cache') });
    expect(server.output()).toMatch(/Cannot download the embedding model Xenova\/all-MiniLM-L6-v2 from .* \(the downloaded files do not load: .*\); using the bundled offline model/);
    expect(await stats(server)).toMatchObject({ model: BUNDLED_EMBED_MODEL, origin: 'bundled' });
    expect(fs.existsSync(path.join(work, 'truncated-cache', 'Xenova/all-MiniLM-L6-v2'))).toBe(false);
  });
});
