import type { OpenAPIHono } from '@hono/zod-openapi';
import { inject } from 'vitest';
import { assemblePipeline, type QueryPipeline } from '../../src/pipeline.js';
import { createApp } from '../../src/serve/app.js';
import { DEFAULT_SERVE_OPTIONS } from '../../src/serve/options.js';
import { openBackend } from '../../src/store/backend.js';
import type { TestIndex } from './global-setup.js';
import { loadTestEmbedder } from './models.js';

/** The real pipeline over the index the global setup built: what the server runs, minus HTTP. */
export interface TestPipeline extends QueryPipeline {
  close(): Promise<void>;
}

/** The index built for this run. */
export const testIndex: TestIndex = inject('testIndex');

export async function openTestPipeline(): Promise<TestPipeline> {
  const backend = await openBackend({ indexDir: testIndex.indexDir });
  const version = await backend.currentVersion();
  if (version === null) throw new Error(`The global setup left no current index in ${testIndex.indexDir}`);
  const store = await backend.open(version);
  const embedder = await loadTestEmbedder();
  return { ...(await assemblePipeline(store, embedder)), close: () => store.close() };
}

/**
 * The HTTP app over a test pipeline with the bundled model, rate limiting off: in-process requests have no socket
 * and share one allowance, so a whole test file would count as one client, faster than any person.
 */
export function createTestApp(pipeline: TestPipeline): OpenAPIHono {
  return createApp({ ...pipeline, models: { model: pipeline.embedder.modelId, origin: 'bundled' } }, { ...DEFAULT_SERVE_OPTIONS, rateLimitPerMinute: 0 });
}
