import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_INFERENCE_QUEUE, type InferenceQueueOptions } from './embed/inference-queue.js';
import type { ModelSettings } from './embed/load-embedder.js';
import type { StoreSettings } from './store/backend.js';
import { DEFAULT_SERVE_OPTIONS, type ServeOptions } from './serve/options.js';
import { DEFAULT_WARM_UP, type WarmUpOptions } from './serve/warm-up.js';

/** An empty variable (`VAR=` in an env file) means "not set", so it keeps the default instead of becoming 0. */
const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

/** A whole number from `min` to `max`, with one message saying what is expected. */
function boundedWholeNumber(min: number, max: number, meaning: string) {
  const problem = `must be a whole number from ${min} to ${max} (${meaning})`;
  return z.coerce.number({ error: problem }).int(problem).min(min, problem).max(max, problem);
}

/** A whole number from `min` to `max`, `fallback` when unset. */
function wholeNumber(fallback: number, min: number, max: number, meaning: string) {
  return z.preprocess(emptyAsUnset, boundedWholeNumber(min, max, meaning).default(fallback));
}

/** `postgres://` or `postgresql://` with a host: what the PostgreSQL client and every tool of PostgreSQL's read. */
const isPostgresUrl = (value: string) => {
  try {
    const url = new URL(value);
    return ['postgres:', 'postgresql:'].includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
};

/** Connections a process keeps to the database: the pipeline worker's searches run a few statements at once each. */
const DEFAULT_DATABASE_POOL_SIZE = 10;
/** A statement that runs longer is cancelled: every search statement takes milliseconds, a runaway one holds a connection. */
const DEFAULT_DATABASE_STATEMENT_TIMEOUT_MS = 5_000;
/** Memory a build's index creation gets: the HNSW graph of about 500,000 paragraphs at 192 dimensions fits in it. */
const DEFAULT_DATABASE_MAINTENANCE_WORK_MEM = '512MB';

/**
 * One pipeline worker per core. Measured on 2 cores (bench/unseen-http.ts, 645 questions never seen, fresh servers
 * alternated on the same machine, five runs each): two workers answered a median of 330 searches a second at
 * concurrency 8, one worker 292. Before the warm-up (src/serve/warm-up.ts) one worker was faster: each of two
 * compiled the same code cold for half the questions.
 */
const DEFAULT_PIPELINE_WORKERS = os.availableParallelism();

/** The Hugging Face hub, where transformers.js finds models by default. */
const DEFAULT_REMOTE_HOST = 'https://huggingface.co';
/** The default embedding model, downloaded from the hub on the first start. */
const DEFAULT_EMBED_MODEL = 'Xenova/all-MiniLM-L6-v2';
/** A reachable hub answers in well under a second; a firewall that drops packets would otherwise hang the start. */
const DEFAULT_REMOTE_TIMEOUT_MS = 10_000;

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** `https://example.org`: scheme, host and port only, as browsers send it in the Origin header. */
const isOrigin = (value: string) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
};

/** Comma-separated origins; `*` allows any. */
const CorsOrigins = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''))
  .superRefine((origins, context) => {
    for (const origin of origins) {
      if (origin !== '*' && !isOrigin(origin)) {
        context.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://example.org (scheme, host and port; no path or trailing slash)` });
      }
    }
  });

/**
 * Everything a deployment can change, read once from the environment at the edge (CLI, server start-up)
 * and passed down as plain data.
 */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Model id as on the hub, or a folder under MODELS_DIR or the bundled models/ (e.g. "offline/minilm-wordnet-embed").
   * Unset: the hub's default model, or the bundled offline model when the hub cannot be reached.
   */
  EMBED_MODEL: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
  /** A cross-encoder (hub id or folder) that reranks candidates instead of the feature reranker. */
  RERANK_MODEL: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
  /** When set, models load only from this folder (and the bundled one) and nothing is downloaded. */
  MODELS_DIR: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
  /** Where downloaded models are kept, in the layout of MODELS_DIR. */
  MODELS_CACHE_DIR: z.preprocess(emptyAsUnset, z.string().min(1).default('.cache/models')),
  /** The hub, or a mirror of it that serves the hub's layout (`<id>/resolve/main/<file>`). */
  MODELS_REMOTE_HOST: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .default(DEFAULT_REMOTE_HOST)
      .refine(isHttpUrl, { message: 'must be an http:// or https:// address, like https://huggingface.co or http://mirror.example.org/hf' }),
  ),
  MODELS_REMOTE_TIMEOUT_MS: wholeNumber(DEFAULT_REMOTE_TIMEOUT_MS, 100, 600_000, 'milliseconds to wait for the model host to answer'),
  CORPUS_DIR: z.string().min(1).default('corpus'),
  INDEX_DIR: z.string().min(1).default('index'),
  /** Unset: the embedded store in INDEX_DIR. Set: the index lives in this PostgreSQL database (with pgvector). */
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine(isPostgresUrl, { message: 'must be a PostgreSQL address like postgres://user:password@host:5432/database' })
      .optional(),
  ),
  DATABASE_SCHEMA: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,27}$/, 'must be a lower-case SQL name of at most 28 letters, digits and underscores, like undocs (each build gets a schema named after it and the build, within PostgreSQL\'s 63 bytes)')
      .default('undocs'),
  ),
  DATABASE_POOL_SIZE: wholeNumber(DEFAULT_DATABASE_POOL_SIZE, 1, 100, 'connections to the database at most'),
  DATABASE_STATEMENT_TIMEOUT_MS: wholeNumber(DEFAULT_DATABASE_STATEMENT_TIMEOUT_MS, 100, 600_000, 'milliseconds a database statement may run'),
  DATABASE_MAINTENANCE_WORK_MEM: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[1-9]\d*(kB|MB|GB)$/, "must be a size in PostgreSQL's units, like 512MB or 2GB (memory a build's index creation gets)")
      .default(DEFAULT_DATABASE_MAINTENANCE_WORK_MEM),
  ),
  /** A domain thesaurus (JSON, the format of src/domain/drug-policy/thesaurus.json) instead of the drug-policy one shipped. */
  THESAURUS_FILE: z.string().min(1).optional(),
  MAX_BODY_BYTES: wholeNumber(DEFAULT_SERVE_OPTIONS.maxBodyBytes, 1024, 16 * 1024 * 1024, 'bytes'),
  REQUEST_TIMEOUT_MS: wholeNumber(DEFAULT_SERVE_OPTIONS.requestTimeoutMs, 100, 600_000, 'milliseconds'),
  RATE_LIMIT_PER_MIN: wholeNumber(DEFAULT_SERVE_OPTIONS.rateLimitPerMinute, 0, 1_000_000, 'requests a minute per client; 0 turns the limit off'),
  /** Unset: the default burst, or RATE_LIMIT_PER_MIN when that is smaller, so that lowering the rate alone keeps working. */
  RATE_LIMIT_BURST: z.preprocess(emptyAsUnset, boundedWholeNumber(1, 1_000_000, 'requests a client may make at once').optional()),
  TRUSTED_PROXIES: wholeNumber(DEFAULT_SERVE_OPTIONS.trustedProxies, 0, 10, 'reverse proxies whose X-Forwarded-For is believed'),
  CORS_ORIGINS: CorsOrigins,
  /** Pipeline worker threads, each with its own model, index and caches: by default DEFAULT_PIPELINE_WORKERS. */
  PIPELINE_WORKERS: wholeNumber(DEFAULT_PIPELINE_WORKERS, 1, 64, 'pipeline worker threads, each loading the model and the index'),
  INFERENCE_CONCURRENCY: wholeNumber(DEFAULT_INFERENCE_QUEUE.concurrency, 1, 64, 'model calls at once'),
  INFERENCE_QUEUE_MAX: wholeNumber(DEFAULT_INFERENCE_QUEUE.maxQueued, 0, 100_000, 'model calls that may wait'),
  WARM_UP_QUESTIONS: wholeNumber(DEFAULT_WARM_UP.questions, 0, 1000, 'questions each pipeline worker asks itself once it serves'),
}).superRefine(({ RATE_LIMIT_PER_MIN: perMinute, RATE_LIMIT_BURST: burst }, context) => {
  // A burst is spent out of the per-minute allowance; one larger than a minute's worth is no longer a share of it.
  if (burst !== undefined && perMinute > 0 && burst > perMinute) {
    context.addIssue({
      code: 'custom',
      path: ['RATE_LIMIT_BURST'],
      message: `must be at most RATE_LIMIT_PER_MIN (${perMinute}): a burst is the part of a minute's allowance a client may spend at once`,
    });
  }
});

export interface Config {
  port: number;
  host: string;
  /** Which models, and where they come from. */
  models: ModelSettings;
  corpusDir: string;
  indexDir: string;
  /** Which backend keeps the index, and its settings. */
  store: StoreSettings;
  /** Absent: the drug-policy thesaurus shipped with the code. */
  thesaurusFile: string | undefined;
  serve: ServeOptions;
  /** How many pipeline workers answer questions side by side (src/serve/pipeline-pool.ts). */
  pipelineWorkers: number;
  /** Each worker's model queue. */
  inferenceQueue: InferenceQueueOptions;
  /** What each worker asks itself once it serves (src/serve/warm-up.ts). */
  warmUp: WarmUpOptions;
}

/** The default burst, or a smaller per-minute rate whole (0, rate limiting off, leaves the default unused). */
const defaultBurst = (perMinute: number) => (perMinute === 0 ? DEFAULT_SERVE_OPTIONS.rateLimitBurst : Math.min(DEFAULT_SERVE_OPTIONS.rateLimitBurst, perMinute));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    models: {
      embedModel: c.EMBED_MODEL ?? DEFAULT_EMBED_MODEL,
      embedModelExplicit: c.EMBED_MODEL !== undefined,
      rerankModel: c.RERANK_MODEL,
      modelsDir: c.MODELS_DIR && path.resolve(c.MODELS_DIR),
      cacheDir: path.resolve(c.MODELS_CACHE_DIR),
      remoteHost: c.MODELS_REMOTE_HOST,
      remoteTimeoutMs: c.MODELS_REMOTE_TIMEOUT_MS,
    },
    corpusDir: path.resolve(c.CORPUS_DIR),
    indexDir: path.resolve(c.INDEX_DIR),
    store: {
      indexDir: path.resolve(c.INDEX_DIR),
      ...(c.DATABASE_URL === undefined
        ? {}
        : {
            database: {
              url: c.DATABASE_URL,
              namespace: c.DATABASE_SCHEMA,
              poolSize: c.DATABASE_POOL_SIZE,
              statementTimeoutMs: c.DATABASE_STATEMENT_TIMEOUT_MS,
              maintenanceWorkMem: c.DATABASE_MAINTENANCE_WORK_MEM,
            },
          }),
    },
    thesaurusFile: c.THESAURUS_FILE && path.resolve(c.THESAURUS_FILE),
    serve: {
      maxBodyBytes: c.MAX_BODY_BYTES,
      requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
      rateLimitPerMinute: c.RATE_LIMIT_PER_MIN,
      rateLimitBurst: c.RATE_LIMIT_BURST ?? defaultBurst(c.RATE_LIMIT_PER_MIN),
      trustedProxies: c.TRUSTED_PROXIES,
      corsOrigins: c.CORS_ORIGINS,
    },
    pipelineWorkers: c.PIPELINE_WORKERS,
    inferenceQueue: { concurrency: c.INFERENCE_CONCURRENCY, maxQueued: c.INFERENCE_QUEUE_MAX },
    warmUp: { ...DEFAULT_WARM_UP, questions: c.WARM_UP_QUESTIONS },
  };
}
