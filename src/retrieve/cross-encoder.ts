import { AutoModelForSequenceClassification, AutoTokenizer, env } from '@xenova/transformers';
import { passageText } from '../store/build-index.js';
import type { ScoredId } from '../store/types.js';
import type { RerankCandidate, RerankQuery, Reranker } from './rerank.js';

export interface CrossEncoderOptions {
  /** Hub id ("Xenova/ms-marco-MiniLM-L-6-v2") or a folder under `modelsDir`. */
  modelId: string;
  /** When set, the model is read from `<modelsDir>/<modelId>/` and nothing is fetched. */
  modelsDir?: string;
  /** Where hub downloads are cached (only without `modelsDir`). */
  cacheDir?: string;
  /**
   * How many of the fused candidates it reads. A MiniLM-L6 cross-encoder scores about a hundred
   * question–paragraph pairs a second on two cores; below the first 30 a relevant paragraph is rare.
   */
  depth?: number;
}

const DEFAULT_DEPTH = 30;
const BATCH_SIZE = 16;

/**
 * Reranks with a cross-encoder (e.g. Xenova/ms-marco-MiniLM-L-6-v2): question and paragraph are read together,
 * so it judges relevance better than any comparison of separately made vectors, at the cost of one model run
 * per candidate. Its logit replaces the first-stage scores for the candidates it reads; the rest keep their
 * fused order below them. Note that transformers.js keeps its settings in one global `env`, so a cross-encoder
 * and an embedder in one process must both come from MODELS_DIR or both from the hub.
 */
export async function createCrossEncoderReranker(options: CrossEncoderOptions): Promise<Reranker> {
  const { modelId, modelsDir, cacheDir } = options;
  if (modelsDir !== undefined) {
    env.localModelPath = modelsDir;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  } else {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    if (cacheDir !== undefined) env.cacheDir = cacheDir;
  }
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  // The hub's Xenova exports ship an int8 model beside the fp32 one; local folders may hold either.
  const model = await AutoModelForSequenceClassification.from_pretrained(modelId, { quantized: modelsDir === undefined });
  const depth = options.depth ?? DEFAULT_DEPTH;

  const score = async (question: string, passages: string[]): Promise<number[]> => {
    const scores: number[] = [];
    for (let start = 0; start < passages.length; start += BATCH_SIZE) {
      const batch = passages.slice(start, start + BATCH_SIZE);
      const inputs = tokenizer(new Array<string>(batch.length).fill(question), { text_pair: batch, padding: true, truncation: true });
      const { logits } = await model(inputs);
      const [rows, labels] = logits.dims as number[];
      if (rows !== batch.length || labels === undefined) throw new Error(`${modelId} returned logits of shape [${logits.dims.join(', ')}]`);
      // One label: the relevance logit. Two (not relevant, relevant): their difference orders the same way.
      const data = logits.data as Float32Array;
      for (let i = 0; i < rows; i++) scores.push(labels === 1 ? data[i]! : data[i * labels + labels - 1]! - data[i * labels]!);
    }
    return scores;
  };

  return {
    async rerank(query: RerankQuery, candidates: RerankCandidate[]): Promise<ScoredId[]> {
      const read = candidates.slice(0, depth);
      const scores = await score(query.analysed.original, read.map((c) => passageText(c.paragraph)));
      const reranked = read.map((c, i) => ({ id: c.paragraph.id, score: scores[i]! })).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      // Unread candidates stay in fused order, scored below every read one so the scores still sort the list.
      const floor = Math.min(0, ...scores) - 1;
      const rest = candidates.slice(depth).map((c, i) => ({ id: c.paragraph.id, score: floor - i }));
      return [...reranked, ...rest];
    },
  };
}
