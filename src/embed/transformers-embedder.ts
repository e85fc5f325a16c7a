import { createRequire } from 'node:module';
import { pipeline } from '@xenova/transformers';
import { loadModel, type DownloadProgress, type ModelRequest, type ModelSource } from './model-source.js';
import { embeddingProfile, type EmbeddingProfile } from './model-profiles.js';
import { poolTokenStates } from './pooling.js';
import type { Embedder } from './types.js';

export interface TransformersEmbedderOptions extends Omit<ModelRequest, 'role'> {
  batchSize?: number;
  /**
   * ONNX Runtime threads one inference runs on; unset, its default of one per core. A thread beyond the caller's
   * spins between inferences (some 4 ms of CPU per query on two cores, against under 1 ms of work), so a process
   * that embeds queries on a thread per core (the server's pipeline workers) gives each model one. Applied when
   * the model loads from a folder; a model just downloaded gets the default until the next start.
   */
  intraOpThreads?: number;
  /** Called while model files download (not for files read from a folder). */
  onDownloadProgress?: (info: DownloadProgress) => void;
}

const DEFAULT_BATCH_SIZE = 16;
const PROBE_TEXT = 'dimension probe';

/**
 * Sentence embeddings computed in-process with ONNX Runtime, from a model found or downloaded as
 * src/embed/model-source.ts describes. The source says where its files came from.
 *
 * @example
 * const { embedder, source } = await createTransformersEmbedder({ modelId: 'offline/minilm-wordnet-embed', cacheDir, remoteHost, remoteTimeoutMs });
 * const vector = await embedder.embedQuery('drug checking services');
 */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<{ embedder: Embedder; source: ModelSource }> {
  const { modelId, onDownloadProgress } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const profile = embeddingProfile(modelId);

  const { value, source } = await loadModel({ ...options, role: 'embedding model' }, async ({ quantized, downloading, onnxFile }) => {
    const loadPipeline = () => pipeline('feature-extraction', modelId, { quantized, progress_callback: downloading ? onDownloadProgress : undefined });
    const extractor =
      options.intraOpThreads === undefined || onnxFile === undefined
        ? await loadPipeline()
        : await withSessionOptions(onnxFile, { executionProviders: ['cpu'], intraOpNumThreads: options.intraOpThreads }, loadPipeline);
    if (profile.maxTokens !== undefined) {
      extractor.tokenizer.model_max_length = Math.min(extractor.tokenizer.model_max_length, profile.maxTokens);
    }
    const embedBatch = async (texts: string[]): Promise<Float32Array[]> => {
      // The pipeline's own steps (tokenize, run, pool, normalise), with pooling of our own (pooling.ts).
      const inputs = extractor.tokenizer(texts, { padding: true, truncation: true });
      const outputs = await extractor.model(inputs);
      const states = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
      if (states === undefined || states.dims.length !== 3 || states.dims[0] !== texts.length) {
        throw new Error(`${modelId} returned no token states of shape [${texts.length}, tokens, width] for ${texts.length} texts`);
      }
      return poolTokenStates(states, inputs.attention_mask.data, profile.pooling);
    };
    // The probe gives the dimensions, and makes a file that downloads but does not run (a truncated export) fail
    // here, inside the load, where it is reported as the model's failure.
    const [probe] = await embedBatch([PROBE_TEXT]);
    if (probe === undefined) throw new Error(`${modelId} returned no embedding for a probe text`);
    return { embedBatch, dimensions: probe.length };
  });

  return { embedder: new TransformersEmbedder(modelId, value.dimensions, profile, batchSize, value.embedBatch), source };
}

/** ONNX Runtime as transformers.js loads it: resolved from transformers.js's own folder, so it is the same module. */
const requireHere = createRequire(import.meta.url);
const onnxRuntime = createRequire(requireHere.resolve('@xenova/transformers'))('onnxruntime-node') as {
  InferenceSession: { create(model: string | Uint8Array, options?: object): Promise<unknown> };
};

/**
 * Runs `load` with the ONNX session transformers.js creates opened from `file` with `sessionOptions` instead.
 * transformers.js hands ONNX Runtime the model's bytes, and onnxruntime-node 1.14 ignores every session option
 * for a model given as bytes (the execution providers transformers.js asks for included: it always ran on the
 * CPU provider with the defaults); given the path of the same file, it applies them. The vectors are the same
 * to the bit whatever the threads. Models load one at a time (model-source.ts), so no other load sees this.
 */
async function withSessionOptions<T>(file: string, sessionOptions: object, load: () => Promise<T>): Promise<T> {
  const { InferenceSession } = onnxRuntime;
  const create = InferenceSession.create;
  InferenceSession.create = () => create.call(InferenceSession, file, sessionOptions);
  try {
    return await load();
  } finally {
    InferenceSession.create = create;
  }
}

class TransformersEmbedder implements Embedder {
  constructor(
    readonly modelId: string,
    readonly dimensions: number,
    private readonly profile: EmbeddingProfile,
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
