import { BUNDLED_EMBED_MODEL, ModelUnavailableError, type DownloadProgress, type ModelRequest, type ModelSource } from './model-source.js';
import { createTransformersEmbedder, type TransformersEmbedderOptions } from './transformers-embedder.js';
import type { Embedder } from './types.js';

/** The settings that choose and locate models: plain data, read from the environment by src/config.ts. */
export interface ModelSettings {
  /** The embedding model to use. */
  embedModel: string;
  /** Whether EMBED_MODEL named it: a model someone asked for is never silently replaced by the bundled one. */
  embedModelExplicit: boolean;
  /** A cross-encoder that reranks instead of the feature reranker (RERANK_MODEL), or none. */
  rerankModel: string | undefined;
  /** When set, models load only from this folder (and the bundled one) and nothing is downloaded. */
  modelsDir: string | undefined;
  /** Where downloaded models are kept. */
  cacheDir: string;
  /** The hub or a mirror of it. */
  remoteHost: string;
  remoteTimeoutMs: number;
}

/** Tells a person what is happening while a model loads: download progress, and a fallback to the bundled model. */
export interface ModelLoadReporter {
  download?(info: DownloadProgress): void;
  /** One line, said once: why the bundled model serves instead of the one configured. */
  notice?(line: string): void;
}

export interface LoadedEmbedder {
  embedder: Embedder;
  source: ModelSource;
  /** Set when the bundled model serves because the configured default could not be had; the line said. */
  fallback?: string;
}

/** What a person can do to get a better model than the bundled one, said with every fallback. */
const HOW_TO_GET_A_BETTER_MODEL =
  'For better answers set MODELS_DIR to a folder that holds the hub model, or MODELS_REMOTE_HOST to a mirror; ' +
  '`npm run model:fetch` prepares such a folder on a machine with network.';

/** The request for one model under the settings. */
export function modelRequest(settings: ModelSettings, modelId: string, role: string): ModelRequest {
  return { modelId, role, modelsDir: settings.modelsDir, cacheDir: settings.cacheDir, remoteHost: settings.remoteHost, remoteTimeoutMs: settings.remoteTimeoutMs };
}

/**
 * The configured embedding model: from MODELS_DIR, the bundled folder, the download cache, or the hub (see
 * src/embed/model-source.ts). When the default hub model cannot be had and nobody asked for a particular one, the
 * bundled offline model serves instead, and the reporter is told why in one line. A model named by EMBED_MODEL
 * that cannot be had is an error (ModelUnavailableError), whose message says what to set. `runtime` sets how the
 * model runs (its threads), not which model.
 *
 * @example
 * const { embedder, source, fallback } = await loadEmbedder(config.models, { notice: (line) => console.warn(line) });
 */
export async function loadEmbedder(settings: ModelSettings, reporter: ModelLoadReporter = {}, runtime: Pick<TransformersEmbedderOptions, 'intraOpThreads'> = {}): Promise<LoadedEmbedder> {
  const load = (modelId: string) =>
    createTransformersEmbedder({ ...modelRequest(settings, modelId, 'embedding model'), ...runtime, onDownloadProgress: reporter.download?.bind(reporter) });
  try {
    return await load(settings.embedModel);
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
    const mayFallBack = !settings.embedModelExplicit && settings.modelsDir === undefined && settings.embedModel !== BUNDLED_EMBED_MODEL;
    if (!mayFallBack) {
      const remedy = settings.embedModelExplicit && settings.modelsDir === undefined ? ' Set MODELS_DIR to a folder that holds it or MODELS_REMOTE_HOST to a mirror, or unset EMBED_MODEL to use the bundled offline model.' : '';
      throw new ModelUnavailableError(`${error.message.replace(/\.$/, '')}.${remedy}`, error.reason, { cause: error });
    }
    const fallback = `${error.message.replace(/\.$/, '')}; using the bundled offline model ${BUNDLED_EMBED_MODEL} instead. ${HOW_TO_GET_A_BETTER_MODEL}`;
    reporter.notice?.(fallback);
    return { ...(await load(BUNDLED_EMBED_MODEL)), fallback };
  }
}
