import type { Embedder } from './types.js';

/**
 * Remembers the vectors of recent queries. The same question is embedded by the retriever and the answer
 * stage, and people repeat questions (reloads, follow-ups, shared links); a hit costs a map lookup.
 */
export function withQueryCache(embedder: Embedder, capacity = 512): Embedder {
  const cache = new Map<string, Promise<Float32Array>>();
  return {
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    embedPassages: (texts, onProgress) => embedder.embedPassages(texts, onProgress),
    embedQuery(text) {
      const cached = cache.get(text);
      if (cached) {
        // Map keeps insertion order: re-inserting makes this the most recently used entry.
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const vector = embedder.embedQuery(text);
      cache.set(text, vector);
      // A failed embedding must not be served from the cache forever.
      vector.catch(() => cache.delete(text));
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      return vector;
    },
  };
}
