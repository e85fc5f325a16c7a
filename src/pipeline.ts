import { CitedAnswerer } from './answer/cited-answerer.js';
import { DEFAULT_INFERENCE_QUEUE, withInferenceQueue, type InferenceQueueOptions } from './embed/inference-queue.js';
import { withQueryCache } from './embed/query-cache.js';
import type { Embedder } from './embed/types.js';
import { DomainThesaurus } from './retrieve/domain-thesaurus.js';
import { HybridRetriever } from './retrieve/hybrid-retriever.js';
import type { Reranker } from './retrieve/rerank.js';
import type { ParagraphStore } from './store/types.js';

/**
 * The query-time pipeline wired from its components: an opened store and a loaded embedder in, a retriever
 * and an answerer out. Every entry point (server, CLIs, evaluation, benchmarks, tests) assembles it here.
 */
export interface QueryPipeline {
  store: ParagraphStore;
  /**
   * The embedder as the pipeline calls it: a query cache in front of a bounded inference queue, shared by
   * retriever and answerer so a question is embedded once. A cached question never waits in (or is refused by)
   * the queue.
   */
  embedder: Embedder;
  retriever: HybridRetriever;
  answerer: CitedAnswerer;
}

export interface PipelineOptions {
  /** The model's queue; by default the server's. */
  inferenceQueue?: InferenceQueueOptions;
  /** By default the drug-policy thesaurus shipped with the code. */
  thesaurus?: DomainThesaurus;
  /** The retriever's last stage; by default the feature reranker (a cross-encoder, when RERANK_MODEL names one). */
  reranker?: Reranker;
}

/**
 * @example
 * const { retriever, answerer } = await assemblePipeline(store, embedder);
 */
export async function assemblePipeline(
  store: ParagraphStore,
  embedder: Embedder,
  { inferenceQueue = DEFAULT_INFERENCE_QUEUE, thesaurus = DomainThesaurus.shipped(), reranker }: PipelineOptions = {},
): Promise<QueryPipeline> {
  const cached = withQueryCache(withInferenceQueue(embedder, inferenceQueue));
  const retriever = await HybridRetriever.open({ store, embedder: cached, documents: store.manifest.documents, thesaurus, reranker });
  const answerer = new CitedAnswerer({ retriever, store, embedder: cached, sessions: retriever.sessions, kinds: retriever.kinds });
  return { store, embedder: cached, retriever, answerer };
}
