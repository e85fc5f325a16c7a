import { CitedAnswerer } from './answer/cited-answerer.js';
import { withQueryCache } from './embed/query-cache.js';
import type { Embedder } from './embed/types.js';
import { HybridRetriever } from './retrieve/hybrid-retriever.js';
import type { ParagraphStore } from './store/types.js';

/**
 * The query-time pipeline wired from its components: an opened store and a loaded embedder in, a retriever
 * and an answerer out. Every entry point (server, CLIs, evaluation, benchmarks, tests) assembles it here.
 */
export interface QueryPipeline {
  store: ParagraphStore;
  /** The embedder behind a query cache, shared by retriever and answerer so a question is embedded once. */
  embedder: Embedder;
  retriever: HybridRetriever;
  answerer: CitedAnswerer;
}

export function assemblePipeline(store: ParagraphStore, embedder: Embedder): QueryPipeline {
  const cached = withQueryCache(embedder);
  const retriever = new HybridRetriever({ store, embedder: cached, documents: store.manifest.documents });
  const answerer = new CitedAnswerer({ retriever, store, embedder: cached });
  return { store, embedder: cached, retriever, answerer };
}
