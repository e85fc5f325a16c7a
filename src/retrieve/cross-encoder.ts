import { AutoModelForSequenceClassification, AutoTokenizer } from '@xenova/transformers';
import { loadModel, type DownloadProgress, type ModelRequest, type ModelSource } from '../embed/model-source.js';
import { passageText } from '../parse/passage-text.js';
import type { ScoredId } from '../store/types.js';
import type { RerankCandidate, RerankQuery, Reranker } from './rerank.js';

export interface CrossEncoderOptions extends Omit<ModelRequest, 'role'> {
  /**
   * How many of the fused candidates it reads. A MiniLM-L6 cross-encoder scores about a hundred
   * question–paragraph pairs a second on two cores; below the first 30 a relevant paragraph is rare.
   */
  depth?: number;
  /** Called while model files download (not for files read from a folder). */
  onDownloadProgress?: (info: DownloadProgress) => void;
}

const DEFAULT_DEPTH = 30;
const BATCH_SIZE = 16;

/**
 * Reranks with a cross-encoder (e.g. Xenova/ms-marco-MiniLM-L-6-v2, or the bundled offline/minilm-wordnet-rerank):
 * question and paragraph are read together, so it can judge relevance better than any comparison of separately
 * made vectors, at the cost of one model run per candidate. Its logit replaces the first-stage scores for the
 * candidates it reads; the rest keep their fused order below them. Found or downloaded like every model (see
 * src/embed/model-source.ts).
 *
 * @example
 * const { reranker } = await createCrossEncoderReranker({ modelId: 'offline/minilm-wordnet-rerank', cacheDir, remoteHost, remoteTimeoutMs });
 * await HybridRetriever.open({ store, embedder, documents, reranker });
 */
export async function createCrossEncoderReranker(options: CrossEncoderOptions): Promise<{ reranker: Reranker; source: ModelSource }> {
  const { modelId, onDownloadProgress } = options;
  const { value, source } = await loadModel({ ...options, role: 'cross-encoder' }, async ({ quantized, downloading }) => {
    const progress_callback = downloading ? onDownloadProgress : undefined;
    const tokenizer = await AutoTokenizer.from_pretrained(modelId, { progress_callback });
    const model = await AutoModelForSequenceClassification.from_pretrained(modelId, { quantized, progress_callback });
    return { tokenizer, model };
  });
  const { tokenizer, model } = value;
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

  const reranker: Reranker = {
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
  return { reranker, source };
}
