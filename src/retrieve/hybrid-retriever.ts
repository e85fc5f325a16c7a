import type { Embedder } from '../embed/types.js';
import { modelProfile, type RetrievalSettings } from '../embed/model-profiles.js';
import { formatCitation } from '../parse/citation.js';
import type { DocumentInfo } from '../parse/types.js';
import type { ParagraphStore } from '../store/types.js';
import { reciprocalRankFusion } from './fusion.js';
import { analyseQuery } from './query-analysis.js';
import { QueryExpander } from './query-expansion.js';
import type { Hit, Retriever, SearchRequest, SearchResult } from './types.js';

export interface HybridRetrieverOptions {
  store: ParagraphStore;
  embedder: Embedder;
  documents: DocumentInfo[];
  /** Fusion parameters; by default those measured for the embedding model. */
  settings?: RetrievalSettings;
  /** Which stages run; the evaluation compares them, everything else uses the default. */
  method?: RetrievalMethod;
}

/** Lexical or dense ranking alone, or both fused; the full pipeline is the default. */
export type RetrievalMethod = 'lexical' | 'dense' | 'fused';

/** How many candidates each method contributes before fusion, at least. */
const MIN_CANDIDATES = 50;

/**
 * Dense (HNSW) and lexical (BM25) candidates fused by reciprocal rank. Either method alone misses things
 * the other finds: BM25 needs the document's words, embeddings need a model that knows the domain.
 */
export class HybridRetriever implements Retriever {
  private readonly store: ParagraphStore;
  private readonly embedder: Embedder;
  private readonly documents: Map<string, DocumentInfo>;
  private readonly settings: RetrievalSettings;
  private readonly method: RetrievalMethod;
  private readonly expander: QueryExpander;

  constructor(options: HybridRetrieverOptions) {
    this.store = options.store;
    this.embedder = options.embedder;
    this.documents = new Map(options.documents.map((d) => [d.id, d]));
    this.settings = options.settings ?? modelProfile(options.embedder.modelId).retrieval;
    this.method = options.method ?? 'fused';
    this.expander = QueryExpander.fromParagraphs(this.store.paragraphs(), this.settings);
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const analysed = analyseQuery(request.query);
    const year = request.year === undefined ? analysed.year : request.year;
    const filter = year === null ? {} : { year };
    const candidates = Math.max(MIN_CANDIDATES, request.k * 5);

    const expanded = this.expander.expand(analysed);
    const lists = [];
    if (this.method !== 'lexical') {
      const vector = await this.embedder.embedQuery(expanded.denseText);
      lists.push({ ranking: this.store.denseSearch(vector, candidates, filter), weight: this.settings.denseWeight });
    }
    if (this.method !== 'dense') {
      lists.push({ ranking: this.store.lexicalSearch(expanded.lexicalTerms, candidates, filter), weight: this.settings.lexicalWeight });
    }
    const fused = reciprocalRankFusion(lists, this.settings.rrfK);

    const hits: Hit[] = [];
    for (const { id, score } of fused) {
      if (hits.length >= request.k) break;
      const paragraph = this.store.get(id);
      const document = paragraph && this.documents.get(paragraph.document);
      // "Which other years…": the year the conversation was about is set aside, not searched.
      if (!paragraph || !document || (analysed.excludedYear !== null && paragraph.year === analysed.excludedYear)) continue;
      hits.push({ paragraph, score, citation: formatCitation(paragraph, document) });
    }
    return { query: request.query, year, hits };
  }
}
