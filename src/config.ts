import path from 'node:path';
import { z } from 'zod';

/**
 * Everything a deployment can change, read once from the environment at the edge (CLI, server start-up)
 * and passed down as plain data.
 */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Model id as on the hub, or a folder under MODELS_DIR (e.g. "offline/minilm-wordnet-embed"). */
  EMBED_MODEL: z.string().min(1).default('Xenova/all-MiniLM-L6-v2'),
  /** When set, models load only from this folder and nothing is fetched. */
  MODELS_DIR: z.string().min(1).optional(),
  /** Where hub downloads are cached when MODELS_DIR is not set. */
  MODELS_CACHE_DIR: z.string().min(1).optional(),
  CORPUS_DIR: z.string().min(1).default('corpus'),
  INDEX_DIR: z.string().min(1).default('index'),
});

export interface Config {
  port: number;
  host: string;
  embedModel: string;
  modelsDir: string | undefined;
  modelsCacheDir: string | undefined;
  corpusDir: string;
  indexDir: string;
}

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
    embedModel: c.EMBED_MODEL,
    modelsDir: c.MODELS_DIR && path.resolve(c.MODELS_DIR),
    modelsCacheDir: c.MODELS_CACHE_DIR && path.resolve(c.MODELS_CACHE_DIR),
    corpusDir: path.resolve(c.CORPUS_DIR),
    indexDir: path.resolve(c.INDEX_DIR),
  };
}
