import { inject } from 'vitest';
import { createTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import { assemblePipeline, type QueryPipeline } from '../../src/pipeline.js';
import { resolveCurrentIndex } from '../../src/store/build-index.js';
import { openStore } from '../../src/store/sqlite-hnsw-store.js';
import type { TestIndex } from './global-setup.js';

/** The real pipeline over the index the global setup built: what the server runs, minus HTTP. */
export interface TestPipeline extends QueryPipeline {
  close(): void;
}

/** The index built for this run, or null when the model is absent (use with `describe.skipIf`). */
export const testIndex: TestIndex | null = inject('testIndex');

export async function openTestPipeline(): Promise<TestPipeline> {
  if (testIndex === null) throw new Error('No test index: the embedding model is not available (see the global setup)');
  const dir = resolveCurrentIndex(testIndex.indexDir);
  if (dir === null) throw new Error(`The global setup left no current index in ${testIndex.indexDir}`);
  const store = openStore(dir);
  const embedder = await createTransformersEmbedder({ modelId: testIndex.modelId, modelsDir: testIndex.modelsDir });
  return { ...assemblePipeline(store, embedder), close: () => store.close() };
}
