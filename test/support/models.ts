import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ModelSettings } from '../../src/embed/load-embedder.js';
import { BUNDLED_EMBED_MODEL, BUNDLED_MODELS_DIR } from '../../src/embed/model-source.js';
import { createTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import type { Embedder } from '../../src/embed/types.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** The model the tests embed with: the bundled stand-in, unless EMBED_MODEL (and MODELS_DIR) name another. */
export const TEST_MODEL_ID = process.env.EMBED_MODEL ?? BUNDLED_EMBED_MODEL;

/** The folder that holds it: MODELS_DIR when set, else the repository's bundled models. */
export const TEST_MODELS_DIR = process.env.MODELS_DIR === undefined ? BUNDLED_MODELS_DIR : path.resolve(REPO_ROOT, process.env.MODELS_DIR);

/** A host nobody listens on: a test that should never download fails at once if it tries. */
export const UNREACHABLE_HOST = 'http://unreachable.invalid';

/**
 * Model settings for a test that must not touch the network: the test model from its folder, an empty cache.
 * @example
 * const { embedder } = await loadEmbedder(offlineModelSettings());
 */
export function offlineModelSettings(overrides: Partial<ModelSettings> = {}): ModelSettings {
  return {
    embedModel: TEST_MODEL_ID,
    embedModelExplicit: true,
    rerankModel: undefined,
    modelsDir: TEST_MODELS_DIR,
    cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'model-cache-')),
    remoteHost: UNREACHABLE_HOST,
    remoteTimeoutMs: 2000,
    ...overrides,
  };
}

/** The test model, loaded from its folder. */
export async function loadTestEmbedder(batchSize?: number): Promise<Embedder> {
  const { modelsDir, cacheDir, remoteHost, remoteTimeoutMs } = offlineModelSettings();
  const { embedder } = await createTransformersEmbedder({ modelId: TEST_MODEL_ID, modelsDir, cacheDir, remoteHost, remoteTimeoutMs, batchSize });
  return embedder;
}
