import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEmbedder, type ModelSettings } from '../src/embed/load-embedder.js';
import { BUNDLED_EMBED_MODEL, BUNDLED_MODELS_DIR, CHECKSUM_FILE, ModelUnavailableError, type DownloadProgress } from '../src/embed/model-source.js';
import { startHubMirror, type HubMirror, type MirrorModel } from './support/hub-mirror.js';

/**
 * The model path a user's first start takes, for real: transformers.js downloads from a loopback mirror in the
 * hub's layout into the cache, and every way that can fail ends in one line a person can act on.
 */

const STAND_IN_FOLDER = path.join(BUNDLED_MODELS_DIR, BUNDLED_EMBED_MODEL);
/** Hub-style ids the mirror serves the stand-in's files under: not bundled, so they must be downloaded. */
const MIRRORED = 'mirror-org/minilm-wordnet-embed';

const mirrors: HubMirror[] = [];
const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

async function mirror(models: Record<string, MirrorModel>): Promise<HubMirror> {
  const started = await startHubMirror(models);
  mirrors.push(started);
  return started;
}

function settings(overrides: Partial<ModelSettings>): ModelSettings {
  return {
    embedModel: MIRRORED,
    embedModelExplicit: true,
    rerankModel: undefined,
    modelsDir: undefined,
    cacheDir: tempDir('model-cache-'),
    remoteHost: 'http://unreachable.invalid',
    remoteTimeoutMs: 3000,
    ...overrides,
  };
}

/** What is in the cache folder besides finished models: staging folders of downloads that did not finish. */
const leftovers = (cacheDir: string) => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((name) => name.startsWith('.download-')) : []);

/** A loopback port nothing listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

afterEach(async () => {
  await Promise.all(mirrors.splice(0).map((m) => m.close()));
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('downloading a model from a hub mirror', () => {
  it('downloads into the cache with progress, checksums the files, and loads from the cache once the mirror is gone', async () => {
    const hub = await mirror({ [MIRRORED]: { folder: STAND_IN_FOLDER } });
    const progress: DownloadProgress[] = [];
    const first = settings({ remoteHost: hub.url });
    const downloaded = await loadEmbedder(first, { download: (info) => progress.push(info) });
    expect(downloaded.source).toMatchObject({ origin: 'download', modelId: MIRRORED, quantized: false, remoteHost: hub.url });
    expect(downloaded.fallback).toBeUndefined();
    expect(downloaded.embedder.dimensions).toBe(192);
    // The hub layout, and int8 first: the stand-in has only fp32, so that 404 is followed by model.onnx.
    expect(hub.requests).toContain(`/${MIRRORED}/resolve/main/onnx/model_quantized.onnx`);
    expect(hub.requests).toContain(`/${MIRRORED}/resolve/main/onnx/model.onnx`);
    expect(progress.some((p) => p.status === 'progress' && p.file === 'onnx/model.onnx' && p.loaded === p.total)).toBe(true);

    const cached = path.join(first.cacheDir, MIRRORED);
    expect(fs.readFileSync(path.join(cached, CHECKSUM_FILE), 'utf8')).toMatch(/^[0-9a-f]{64} {2}onnx\/model\.onnx$/m);
    expect(fs.statSync(path.join(cached, 'onnx/model.onnx')).size).toBe(fs.statSync(path.join(STAND_IN_FOLDER, 'onnx/model.onnx')).size);
    expect(leftovers(first.cacheDir)).toEqual([]);

    await hub.close();
    const again = await loadEmbedder({ ...first, remoteHost: hub.url });
    expect(again.source.origin).toBe('cache');
    const query = 'naloxone kits for people who use opioids';
    expect(Array.from(await again.embedder.embedQuery(query))).toEqual(Array.from(await downloaded.embedder.embedQuery(query)));
  });

  it('falls back to the bundled model when the default cannot be had, saying why and how to get a better one', async () => {
    const hub = await mirror({});
    const notices: string[] = [];
    const loaded = await loadEmbedder(settings({ embedModel: 'Xenova/all-MiniLM-L6-v2', embedModelExplicit: false, remoteHost: hub.url }), {
      notice: (line) => notices.push(line),
    });
    expect(loaded.source.origin).toBe('bundled');
    expect(loaded.embedder.modelId).toBe(BUNDLED_EMBED_MODEL);
    expect(notices).toEqual([loaded.fallback]);
    expect(loaded.fallback).toBe(
      `Cannot download the embedding model Xenova/all-MiniLM-L6-v2 from ${hub.url} (the server has no such model: 404 for config.json); ` +
        `using the bundled offline model ${BUNDLED_EMBED_MODEL} instead. For better answers set MODELS_DIR to a folder that holds the hub model, ` +
        'or MODELS_REMOTE_HOST to a mirror; `npm run model:fetch` prepares such a folder on a machine with network.',
    );
  });

  it('never replaces a model EMBED_MODEL names: the error says what to set', async () => {
    const hub = await mirror({});
    const loading = loadEmbedder(settings({ embedModel: 'someone/missing-model', remoteHost: hub.url }));
    await expect(loading).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(loading).rejects.toThrow(
      `Cannot download the embedding model someone/missing-model from ${hub.url} (the server has no such model: 404 for config.json). ` +
        'Set MODELS_DIR to a folder that holds it or MODELS_REMOTE_HOST to a mirror, or unset EMBED_MODEL to use the bundled offline model.',
    );
  });

  it.each([
    ['truncated-onnx', /\(the downloaded files do not load: .+\)/],
    ['broken-connection', /\(the download broke off/],
  ] as const)('a mirror whose ONNX file is %s: one line, and nothing of it left in the cache', async (behaviour, reason) => {
    const hub = await mirror({ [MIRRORED]: { folder: STAND_IN_FOLDER, behaviour } });
    const chosen = settings({ remoteHost: hub.url });
    const failure = (await loadEmbedder(chosen).catch((error: unknown) => error)) as Error;
    expect(failure).toBeInstanceOf(ModelUnavailableError);
    expect(failure.message).toMatch(new RegExp(`^Cannot download the embedding model ${MIRRORED} from ${hub.url} `));
    expect(failure.message).toMatch(reason);
    expect(failure.message).not.toContain('\n');
    expect(fs.existsSync(path.join(chosen.cacheDir, MIRRORED))).toBe(false);
    expect(leftovers(chosen.cacheDir)).toEqual([]);
  });

  it('names the network problem: an unknown host, a refused connection, a host that never answers', async () => {
    await expect(loadEmbedder(settings({ remoteHost: 'http://no-such-host.invalid' }))).rejects.toThrow(/\(no network: getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-host\.invalid\)/);
    const closedPort = await freePort();
    await expect(loadEmbedder(settings({ remoteHost: `http://127.0.0.1:${closedPort}` }))).rejects.toThrow(`(connection refused by 127.0.0.1:${closedPort})`);
    const silent = await mirror({ [MIRRORED]: { folder: STAND_IN_FOLDER, behaviour: 'silent' } });
    await expect(loadEmbedder(settings({ remoteHost: silent.url, remoteTimeoutMs: 300 }))).rejects.toThrow(/\(no answer within 0\.3 s\)/);
  });

  it('refuses a cached or copied model whose files no longer match their checksums, naming the file', async () => {
    const hub = await mirror({ [MIRRORED]: { folder: STAND_IN_FOLDER } });
    const chosen = settings({ remoteHost: hub.url });
    await loadEmbedder(chosen);
    const onnx = path.join(chosen.cacheDir, MIRRORED, 'onnx/model.onnx');
    const bytes = fs.readFileSync(onnx);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    fs.writeFileSync(onnx, bytes);
    await expect(loadEmbedder(chosen)).rejects.toThrow(`(onnx/model.onnx does not match its ${CHECKSUM_FILE})`);
  });

  it('with MODELS_DIR set, downloads nothing and says the model is not there', async () => {
    const hub = await mirror({ [MIRRORED]: { folder: STAND_IN_FOLDER } });
    const modelsDir = tempDir('models-');
    await expect(loadEmbedder(settings({ remoteHost: hub.url, modelsDir }))).rejects.toThrow(
      `The embedding model ${MIRRORED} is not in MODELS_DIR (${path.join(modelsDir, MIRRORED)} does not exist)`,
    );
    expect(hub.requests).toEqual([]);
  });
});
