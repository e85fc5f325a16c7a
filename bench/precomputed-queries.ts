import fs from 'node:fs';
import type { Embedder } from '../src/embed/types.js';
import { assemblePipeline } from '../src/pipeline.js';
import type { ParagraphStore } from '../src/store/types.js';

/**
 * Question vectors embedded beforehand by the real model, so that a measurement of the store and the pipeline
 * excludes the model: the pipeline embeds the question as it read it (spelling corrected, expanded), which
 * depends on the index, so the texts are first recorded by running each question over the store to be
 * measured, up to the embedding, then embedded, then served back by text.
 */
export interface QueryVectors {
  modelId: string;
  dimensions: number;
  /** The text the pipeline embeds, and its vector. */
  vectors: Map<string, Float32Array>;
}

/**
 * The vectors of every text the pipeline embeds when it searches and answers these questions over this store,
 * found by doing both with the real model and recording what it is asked. Run it over a store opened for this
 * alone, so that the store measured afterwards has seen nothing.
 * @example
 * const { vectors } = await recordQueryVectors(store, questions, embedder);
 */
export async function recordQueryVectors(store: ParagraphStore, questions: readonly string[], embedder: Embedder): Promise<QueryVectors> {
  const vectors = new Map<string, Float32Array>();
  const recorder: Embedder = {
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    embedPassages: () => Promise.reject(new Error('the recording embedder embeds no passages')),
    embedQuery: async (text) => {
      const vector = await embedder.embedQuery(text);
      vectors.set(text, vector);
      return vector;
    },
  };
  // A text embedded before is answered by the pipeline's query cache, but it was recorded the first time.
  const { retriever, answerer } = await assemblePipeline(store, recorder);
  for (const question of questions) {
    await retriever.search({ query: question, k: 10 });
    await answerer.ask({ question });
  }
  return { modelId: embedder.modelId, dimensions: embedder.dimensions, vectors };
}

/**
 * An embedder that answers from vectors computed beforehand, at the cost of a map look-up; a text it lacks is an
 * error (a request answered 500, counted by the load), never a silent embedding.
 * @example
 * const embedder = precomputedEmbedder(readQueryVectors('queries.json'));
 */
export function precomputedEmbedder({ modelId, dimensions, vectors }: QueryVectors): Embedder & { misses: string[] } {
  const misses: string[] = [];
  return {
    modelId,
    dimensions,
    misses,
    embedPassages: () => Promise.reject(new Error('the precomputed embedder has no passage vectors')),
    embedQuery: async (text) => {
      const vector = vectors.get(text);
      if (vector !== undefined) return vector;
      misses.push(text);
      throw new Error(`No vector was computed beforehand for the query text "${text}"`);
    },
  };
}

/**
 * @example
 * writeQueryVectors('queries.json', { modelId, dimensions, vectors });
 */
export function writeQueryVectors(file: string, { modelId, dimensions, vectors }: QueryVectors): void {
  fs.writeFileSync(file, JSON.stringify({ modelId, dimensions, vectors: [...vectors].map(([text, vector]) => [text, Array.from(vector)]) }));
}

/**
 * @example
 * const { vectors } = readQueryVectors('queries.json');
 */
export function readQueryVectors(file: string): QueryVectors {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { modelId: string; dimensions: number; vectors: Array<[string, number[]]> };
  return { modelId: json.modelId, dimensions: json.dimensions, vectors: new Map(json.vectors.map(([text, vector]) => [text, Float32Array.from(vector)])) };
}
