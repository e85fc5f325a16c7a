import type { Config } from '../config.js';
import { createTransformersEmbedder, type DownloadProgress } from '../embed/transformers-embedder.js';
import type { Embedder } from '../embed/types.js';

/** Files that load faster than this (local or cached) are not worth a line; a real download is. */
const REPORT_AFTER_MS = 1000;

/**
 * Prints, about once a second, how far a slow model file has got. transformers.js reports local and cached
 * files as "downloads" too, so only files still loading after a second are shown.
 */
function createDownloadReporter(verb: string): (info: DownloadProgress) => void {
  const startedAt = new Map<string, number>();
  let lastPrintAt = 0;
  return (info) => {
    const key = `${info.name ?? ''}/${info.file ?? ''}`;
    if (info.status === 'download') startedAt.set(key, performance.now());
    if (info.status !== 'progress' || info.loaded === undefined || info.total === undefined) return;
    const now = performance.now();
    if (now - (startedAt.get(key) ?? now) < REPORT_AFTER_MS || now - lastPrintAt < REPORT_AFTER_MS) return;
    lastPrintAt = now;
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    console.log(`${verb} ${key}: ${Math.round(info.progress ?? 0)}% (${mb(info.loaded)} of ${mb(info.total)} MB)`);
  };
}

/** The settings that choose and locate the model: plain data, so the server can hand them to its pipeline worker. */
export type EmbedderConfig = Pick<Config, 'embedModel' | 'modelsDir' | 'modelsCacheDir'>;

/** The configured embedding model, read from MODELS_DIR or fetched from the hub into its cache. */
export async function loadEmbedder(config: EmbedderConfig): Promise<Embedder> {
  const startedAt = performance.now();
  const embedder = await createTransformersEmbedder({
    modelId: config.embedModel,
    modelsDir: config.modelsDir,
    cacheDir: config.modelsCacheDir,
    onDownloadProgress: createDownloadReporter(config.modelsDir ? 'Loading' : 'Downloading'),
  });
  console.log(`Loaded ${embedder.modelId} (${embedder.dimensions} dimensions) in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  return embedder;
}
