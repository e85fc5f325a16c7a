import { inject } from 'vitest';
import { createTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import { HybridRetriever } from '../../src/retrieve/hybrid-retriever.js';
import { resolveCurrentIndex } from '../../src/store/build-index.js';
import { openStore } from '../../src/store/sqlite-hnsw-store.js';
import type { ParagraphStore } from '../../src/store/types.js';
import type { TestIndex } from './global-setup.js';

/** The real pipeline over the index the global setup built: what the server runs, minus HTTP. */
export interface TestPipeline {
  store: ParagraphStore;
  embedder: Embedder;
  retriever: HybridRetriever;
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
  const retriever = new HybridRetriever({ store, embedder, documents: store.manifest.documents });
  return { store, embedder, retriever, close: () => store.close() };
}
