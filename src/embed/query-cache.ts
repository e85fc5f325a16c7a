import { memoizeAsync } from '../memoize.js';
import type { Embedder } from './types.js';

/**
 * Remembers the vectors of recent queries. The same question is embedded by the retriever and the answer
 * stage, and people repeat questions (reloads, follow-ups, shared links); a hit costs a map lookup.
 */
export function withQueryCache(embedder: Embedder, capacity = 512): Embedder {
  return {
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    embedPassages: (texts, onProgress) => embedder.embedPassages(texts, onProgress),
    embedQuery: memoizeAsync((text: string) => embedder.embedQuery(text), { max: capacity, key: (text) => text }),
  };
}
