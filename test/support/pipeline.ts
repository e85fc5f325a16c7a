import { inject } from 'vitest';
import { assemblePipeline, type QueryPipeline } from '../../src/pipeline.js';
import { resolveCurrentIndex } from '../../src/store/build-index.js';
import { openStore } from '../../src/store/sqlite-hnsw-store.js';
import type { TestIndex } from './global-setup.js';
import { loadTestEmbedder } from './models.js';

/** The real pipeline over the index the global setup built: what the server runs, minus HTTP. */
export interface TestPipeline extends QueryPipeline {
  close(): void;
}

/** The index built for this run. */
export const testIndex: TestIndex = inject('testIndex');

export async function openTestPipeline(): Promise<TestPipeline> {
  const dir = resolveCurrentIndex(testIndex.indexDir);
  if (dir === null) throw new Error(`The global setup left no current index in ${testIndex.indexDir}`);
  const store = openStore(dir);
  const embedder = await loadTestEmbedder();
  return { ...assemblePipeline(store, embedder), close: () => store.close() };
}
