import fs from 'node:fs';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { modelProfile, type ModelProfile } from './model-profiles.js';
import type { Embedder } from './types.js';

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

export interface TransformersEmbedderOptions {
  /** Hub id ("Xenova/all-MiniLM-L6-v2") or a folder under `modelsDir` ("offline/minilm-wordnet-embed"). */
  modelId: string;
  /** When set, the model is read from `<modelsDir>/<modelId>/` and nothing is fetched. */
  modelsDir?: string;
  /** Where hub downloads are cached (only without `modelsDir`). */
  cacheDir?: string;
  batchSize?: number;
  onDownloadProgress?: (info: DownloadProgress) => void;
}

const DEFAULT_BATCH_SIZE = 16;
const PROBE_TEXT = 'dimension probe';

/**
 * Sentence embeddings computed in-process with ONNX Runtime.
 * Note that transformers.js keeps its settings in one global `env`, so all embedders in a process share them.
 */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  const { modelId, modelsDir, cacheDir, onDownloadProgress } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const profile = modelProfile(modelId);

  let quantized: boolean;
  if (modelsDir !== undefined) {
    quantized = localModelIsQuantized(modelsDir, modelId);
    env.localModelPath = modelsDir;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  } else {
    // The hub's Xenova exports ship an int8 model next to the fp32 one; it is about 4x smaller and nearly as good.
    quantized = true;
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    if (cacheDir !== undefined) env.cacheDir = cacheDir;
  }

  const extractor = await pipeline('feature-extraction', modelId, {
    quantized,
    progress_callback: onDownloadProgress,
  });
  if (profile.maxTokens !== undefined) {
    extractor.tokenizer.model_max_length = Math.min(extractor.tokenizer.model_max_length, profile.maxTokens);
  }

  const embedBatch = async (texts: string[]): Promise<Float32Array[]> => {
    const output = await extractor(texts, { pooling: profile.pooling, normalize: true });
    const [rows, width] = output.dims;
    if (rows !== texts.length || width === undefined) {
      throw new Error(`${modelId} returned an embedding of shape [${output.dims.join(', ')}] for ${texts.length} texts`);
    }
    const data = output.data as Float32Array;
    // slice copies, so callers own their vectors and the tensor's buffer can be freed.
    return Array.from({ length: rows }, (_, i) => data.slice(i * width, (i + 1) * width));
  };

  const [probe] = await embedBatch([PROBE_TEXT]);
  if (probe === undefined) throw new Error(`${modelId} returned no embedding for a probe text`);

  return new TransformersEmbedder(modelId, probe.length, profile, batchSize, embedBatch);
}

class TransformersEmbedder implements Embedder {
  constructor(
    readonly modelId: string,
    readonly dimensions: number,
    private readonly profile: ModelProfile,
    private readonly batchSize: number,
    private readonly embedBatch: (texts: string[]) => Promise<Float32Array[]>,
  ) {}

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.embedBatch([this.profile.queryPrefix + text]);
    if (vector === undefined) throw new Error(`${this.modelId} returned no embedding for the query`);
    return vector;
  }

  async embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    // A batch is padded to its longest text: batching texts of similar length wastes the least work.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const vectors = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const indices = order.slice(start, start + this.batchSize);
      const embedded = await this.embedBatch(indices.map((i) => this.profile.passagePrefix + texts[i]));
      indices.forEach((i, j) => (vectors[i] = embedded[j]!));
      onProgress?.(Math.min(start + this.batchSize, texts.length), texts.length);
    }
    return vectors;
  }
}

/** Prefers the int8 export when the folder has one; the offline stand-in ships only fp32. */
function localModelIsQuantized(modelsDir: string, modelId: string): boolean {
  const folder = path.join(modelsDir, modelId);
  if (!fs.existsSync(folder)) {
    throw new Error(
      `Embedding model folder not found: ${folder}. ` +
        `MODELS_DIR must contain "${modelId}"; unset MODELS_DIR to download models from the hub instead.`,
    );
  }
  if (fs.existsSync(path.join(folder, 'onnx', 'model_quantized.onnx'))) return true;
  if (fs.existsSync(path.join(folder, 'onnx', 'model.onnx'))) return false;
  throw new Error(`No onnx/model.onnx or onnx/model_quantized.onnx in the embedding model folder ${folder}`);
}
