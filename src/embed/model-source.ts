import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@xenova/transformers';

/**
 * Where a model's files come from, and how they get there. One rule for every model the product loads (the
 * embedder, a cross-encoder), in this order:
 *
 * 1. `MODELS_DIR/<id>/`, when MODELS_DIR is set: the operator's own copy (made with `npm run model:fetch`).
 * 2. The bundled folder, `models/<id>/` in the repository: the offline stand-in ships there.
 * 3. The download cache, `MODELS_CACHE_DIR/<id>/`, holding a model an earlier start downloaded completely.
 * 4. The hub, or a mirror of it (`MODELS_REMOTE_HOST`), in the hub's layout (`<id>/resolve/main/<file>`).
 *    Files download into a private staging folder; only once the model has loaded from them are they given
 *    checksums and moved into the cache in one rename, so a broken or interrupted download never poisons it.
 *
 * transformers.js reads files itself; this module only sets its global `env` for each load, one load at a time.
 */

/** Where a loaded model's files came from. */
export type ModelOrigin = 'models-dir' | 'bundled' | 'cache' | 'download';

export interface ModelRequest {
  /** Hub id ("Xenova/all-MiniLM-L6-v2") or a folder name under a models folder ("offline/minilm-wordnet-embed"). */
  modelId: string;
  /** What the model is for, in messages: "embedding model", "cross-encoder". */
  role: string;
  /** The operator's models folder; when set, nothing is downloaded. */
  modelsDir?: string;
  /** Where downloaded models are kept, in the same layout as a models folder. */
  cacheDir: string;
  /** The hub or a mirror: scheme, host and optional path prefix ("https://huggingface.co"). */
  remoteHost: string;
  /** How long to wait for the remote host to answer at all before giving up on it. */
  remoteTimeoutMs: number;
}

export interface ModelSource {
  modelId: string;
  origin: ModelOrigin;
  /** The folder that holds `<modelId>/` now (the cache, for a download). */
  folder: string;
  /** Whether the int8 export was loaded rather than fp32. */
  quantized: boolean;
  /** For a download: the host it came from. */
  remoteHost?: string;
}

/** What a load reads: the int8 export or fp32, and whether from the network (worth showing progress for). */
export interface ModelFiles {
  quantized: boolean;
  downloading: boolean;
  /** The ONNX file on disk, when the model loads from a folder (a download is read from the network instead). */
  onnxFile?: string;
}

/** What transformers.js reports while it fetches or opens model files. */
export interface DownloadProgress {
  status: 'initiate' | 'download' | 'progress' | 'done' | 'ready';
  name?: string;
  file?: string;
  /** Percent of this file, 0–100 (status "progress"). */
  progress?: number;
  loaded?: number;
  total?: number;
}

/**
 * A model that cannot be had from anywhere the settings allow. `message` is one line a person can act on;
 * `reason` is the short cause ("no network: getaddrinfo ENOTFOUND huggingface.co") for messages built on it.
 */
export class ModelUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ModelUnavailableError';
  }
}

/** The repository's own models folder: found from this file, so it holds for tsx (src/) and the bundle (dist/). */
export const BUNDLED_MODELS_DIR = path.join(findRepositoryRoot(path.dirname(new URL(import.meta.url).pathname)), 'models');

/** The embedding model that ships in BUNDLED_MODELS_DIR and serves when nothing better can be had. */
export const BUNDLED_EMBED_MODEL = 'offline/minilm-wordnet-embed';

/** A small cross-encoder that ships beside it, for RERANK_MODEL (scripts/cross-encoder/ made it from the corpus alone). */
export const BUNDLED_RERANK_MODEL = 'offline/minilm-wordnet-rerank';

/** What a reader should know about answers of the bundled model (GET /api/stats, the page's header). */
export const BUNDLED_EMBED_MODEL_NOTE =
  'Small offline model bundled with the product: everyday wording is matched less well than by a hub model.';

/** Per-file SHA-256 sums, written beside a downloaded model (the `sha256sum` format, so `sha256sum -c` reads it). */
export const CHECKSUM_FILE = 'SHA256SUMS';

const QUANTIZED_FILE = 'onnx/model_quantized.onnx';
const FULL_PRECISION_FILE = 'onnx/model.onnx';

/** transformers.js keeps one global `env`: loads run one after another so each sees its own settings. */
let loadsInOrder: Promise<unknown> = Promise.resolve();

/**
 * Loads a model with `load` from the first place that has it (see the module comment), downloading it into the
 * cache when only the remote host does.
 *
 * @example
 * const { value: extractor, source } = await loadModel(request, ({ quantized, downloading }) =>
 *   pipeline('feature-extraction', request.modelId, { quantized, progress_callback: downloading ? showProgress : undefined }));
 */
export function loadModel<T>(request: ModelRequest, load: (files: ModelFiles) => Promise<T>): Promise<{ value: T; source: ModelSource }> {
  const run = loadsInOrder.then(() => locateAndLoad(request, load));
  loadsInOrder = run.catch(() => undefined);
  return run;
}

/** The folder holding `<modelId>/` on this machine without downloading, or null if only the remote host may have it. */
function findLocalModel(request: Pick<ModelRequest, 'modelId' | 'modelsDir' | 'cacheDir'>): { folder: string; origin: ModelOrigin } | null {
  const candidates: { folder: string; origin: ModelOrigin }[] = [
    ...(request.modelsDir === undefined ? [] : [{ folder: request.modelsDir, origin: 'models-dir' as const }]),
    { folder: BUNDLED_MODELS_DIR, origin: 'bundled' },
    // Only a download that completed has its checksums: anything else in the cache is not trusted.
    ...(request.modelsDir === undefined ? [{ folder: request.cacheDir, origin: 'cache' as const }] : []),
  ];
  for (const candidate of candidates) {
    const modelFolder = path.join(candidate.folder, request.modelId);
    const marker = candidate.origin === 'cache' ? CHECKSUM_FILE : 'config.json';
    if (fs.existsSync(path.join(modelFolder, marker))) return candidate;
  }
  return null;
}

async function locateAndLoad<T>(request: ModelRequest, load: (files: ModelFiles) => Promise<T>): Promise<{ value: T; source: ModelSource }> {
  const local = findLocalModel(request);
  if (local !== null) return loadLocal(request, local.folder, local.origin, load);
  if (request.modelsDir !== undefined) {
    throw new ModelUnavailableError(
      `The ${request.role} ${request.modelId} is not in MODELS_DIR (${path.join(request.modelsDir, request.modelId)} does not exist); ` +
        'copy it there (`npm run model:fetch` prepares such a folder), or unset MODELS_DIR to download models from the hub.',
      'not in MODELS_DIR',
    );
  }
  return download(request, load);
}

async function loadLocal<T>(request: ModelRequest, folder: string, origin: ModelOrigin, load: (files: ModelFiles) => Promise<T>): Promise<{ value: T; source: ModelSource }> {
  const modelFolder = path.join(folder, request.modelId);
  const damaged = verifyChecksums(modelFolder);
  if (damaged !== null) {
    throw new ModelUnavailableError(
      `The ${request.role} in ${modelFolder} is damaged (${damaged} does not match its ${CHECKSUM_FILE}); copy the folder again or run \`npm run model:fetch\`.`,
      `${damaged} is damaged`,
    );
  }
  const quantized = fs.existsSync(path.join(modelFolder, QUANTIZED_FILE));
  if (!quantized && !fs.existsSync(path.join(modelFolder, FULL_PRECISION_FILE))) {
    throw new ModelUnavailableError(`No ${FULL_PRECISION_FILE} or ${QUANTIZED_FILE} in the ${request.role} folder ${modelFolder}`, 'no ONNX file');
  }
  env.localModelPath = folder;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.useCustomCache = false;
  try {
    const onnxFile = path.join(modelFolder, quantized ? QUANTIZED_FILE : FULL_PRECISION_FILE);
    const value = await quietly(() => load({ quantized, downloading: false, onnxFile }));
    return { value, source: { modelId: request.modelId, origin, folder, quantized } };
  } catch (error) {
    throw new ModelUnavailableError(`The ${request.role} in ${modelFolder} does not load: ${firstLine(error)}`, 'its files do not load', { cause: error });
  }
}

async function download<T>(request: ModelRequest, load: (files: ModelFiles) => Promise<T>): Promise<{ value: T; source: ModelSource }> {
  const host = request.remoteHost.replace(/\/+$/, '');
  const cannot = (reason: string, cause?: unknown) =>
    new ModelUnavailableError(`Cannot download the ${request.role} ${request.modelId} from ${host} (${reason})`, reason, { cause });

  // transformers.js's fetch has no time limit: a host that never answers would hang the start for minutes.
  const probe = await probeRemote(`${host}/${request.modelId}/resolve/main/config.json`, request.remoteTimeoutMs);
  if (probe !== null) throw cannot(probe);

  fs.mkdirSync(request.cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(request.cacheDir, '.download-'));
  try {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = `${host}/`;
    env.remotePathTemplate = '{model}/resolve/{revision}/';
    // Not transformers.js's own file cache: it writes a file in place while a second request for the same file
    // may already read it, and then parses half a tokenizer.json. The staging cache writes whole files only.
    env.useFSCache = false;
    env.useCustomCache = true;
    env.customCache = new StagingCache(staging, `${host}/`);
    let quantized = true;
    let value: T;
    try {
      value = await quietly(() => load({ quantized: true, downloading: true }));
    } catch (error) {
      // The hub's Xenova exports ship an int8 model beside fp32, but many models (and mirrors) have only fp32.
      if (!String((error as Error)?.message).includes(QUANTIZED_FILE)) throw cannot(describeFailure(error), error);
      quantized = false;
      try {
        value = await quietly(() => load({ quantized: false, downloading: true }));
      } catch (retryError) {
        throw cannot(describeFailure(retryError), retryError);
      }
    }
    const downloaded = path.join(staging, request.modelId);
    writeChecksums(downloaded);
    const target = path.join(request.cacheDir, request.modelId);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.rmSync(target, { recursive: true, force: true });
    try {
      fs.renameSync(downloaded, target);
    } catch (error) {
      // Another process finished the same download first: its copy is as good as this one.
      if (!fs.existsSync(path.join(target, CHECKSUM_FILE))) throw error;
    }
    return { value, source: { modelId: request.modelId, origin: 'download', folder: request.cacheDir, quantized, remoteHost: host } };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Where a model came from, for the line that says it loaded.
 * @example
 * describeOrigin(source); // 'downloaded from https://huggingface.co into /srv/app/.cache/models'
 */
export function describeOrigin(source: ModelSource): string {
  switch (source.origin) {
    case 'download':
      return `downloaded from ${source.remoteHost} into ${source.folder}`;
    case 'cache':
      return `from the download cache ${source.folder}`;
    case 'models-dir':
      return `from MODELS_DIR ${source.folder}`;
    case 'bundled':
      return 'bundled with the product';
  }
}

/**
 * A download's files as transformers.js caches them (the Web Cache API's `match` and `put`), kept in
 * `<staging>/<model id>/<file>`, the layout of a models folder. A file appears only once complete (written
 * beside, then renamed), so a concurrent request for it never reads part of one.
 */
class StagingCache {
  constructor(
    private readonly staging: string,
    private readonly remotePrefix: string,
  ) {}

  /** `<host>/<model id>/resolve/<revision>/<file>` → `<staging>/<model id>/<file>`; other keys are not this cache's. */
  private fileFor(key: string): string | undefined {
    if (!key.startsWith(this.remotePrefix)) return undefined;
    const match = /^(.+?)\/resolve\/[^/]+\/(.+)$/.exec(key.slice(this.remotePrefix.length));
    return match ? path.join(this.staging, match[1]!, match[2]!) : undefined;
  }

  async match(key: string): Promise<Response | undefined> {
    const file = this.fileFor(key);
    if (file === undefined || !fs.existsSync(file)) return undefined;
    const body = fs.readFileSync(file);
    return new Response(body, { status: 200, headers: { 'content-length': String(body.length) } });
  }

  async put(key: string, response: Response): Promise<void> {
    const file = this.fileFor(key);
    if (file === undefined) return;
    const body = Buffer.from(await response.arrayBuffer());
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, body);
    fs.renameSync(partial, file);
  }
}

/** Null when the host answers for the model's config.json; otherwise why not, in a few words. */
async function probeRemote(url: string, timeoutMs: number): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (response.ok) return null;
    return response.status === 404 ? 'the server has no such model: 404 for config.json' : `the server answered ${response.status} for config.json`;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
    return describeFailure(error);
  }
}

/** A download or load failure in the few words a person needs: the network, the server, or the files. */
function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; hostname?: string; address?: string; port?: number } })?.cause;
  const code = cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `no network: getaddrinfo ${code}${cause?.hostname ? ` ${cause.hostname}` : ''}`;
  if (code === 'ECONNREFUSED') return `connection refused${cause?.address ? ` by ${cause.address}:${cause.port}` : ''}`;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'the connection timed out';
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return `no network: ${code}`;
  if (code !== undefined && code.startsWith('UND_ERR')) return `the download broke off (${code})`;
  const message = firstLine(error);
  const located = /^(.*?): "(.*)"\.$/.exec(message);
  if (located) {
    const file = located[2]!.replace(/^.*\/resolve\/[^/]+\//, '');
    return /locate/.test(located[1]!) ? `the server has no ${file} (404)` : `${located[1]!.toLowerCase()} ${file}`;
  }
  // fetch refuses the ports browsers block (6000, 6667…) before connecting.
  if (cause?.message === 'bad port') return 'fetch refuses to connect to that port (bad port); use another';
  if (message === 'terminated' || message === 'fetch failed') return `the download broke off${cause?.message ? ` (${cause.message})` : ''}`;
  return `the downloaded files do not load: ${message}`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

/**
 * Runs a load with transformers.js's own console warnings held back (it warns, then retries on WebAssembly, when
 * a model file does not parse): the failure is reported once, as one line, by the caller. DEBUG=1 shows them.
 */
async function quietly<T>(load: () => Promise<T>): Promise<T> {
  if (process.env.DEBUG) return load();
  const warn = console.warn;
  console.warn = () => {};
  try {
    return await load();
  } finally {
    console.warn = warn;
  }
}

function filesUnder(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== CHECKSUM_FILE)
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Writes SHA256SUMS for every file of a model folder. */
function writeChecksums(modelFolder: string): void {
  const lines = filesUnder(modelFolder).map((file) => `${sha256(path.join(modelFolder, file))}  ${file}`);
  fs.writeFileSync(path.join(modelFolder, CHECKSUM_FILE), `${lines.join('\n')}\n`);
}

/**
 * The first file of a model folder that is missing or does not match its SHA256SUMS, or null when all match
 * (or the folder has no sums, as a hand-made one may not). Hashing a 90 MB model takes about 0.2 s.
 */
export function verifyChecksums(modelFolder: string): string | null {
  const sumsFile = path.join(modelFolder, CHECKSUM_FILE);
  if (!fs.existsSync(sumsFile)) return null;
  for (const line of fs.readFileSync(sumsFile, 'utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line.trim());
    if (!match) continue;
    const file = path.join(modelFolder, match[2]!);
    if (!fs.existsSync(file) || sha256(file) !== match[1]) return match[2]!;
  }
  return null;
}

function findRepositoryRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${start}: cannot find the bundled models folder`);
  }
}
