import { describe, expect, it } from 'vitest';
import { HybridRetriever } from '../src/retrieve/hybrid-retriever.js';
import type { Embedder } from '../src/embed/types.js';
import type { ParagraphPlace, ParagraphStore } from '../src/store/types.js';

/**
 * Opening a retriever reads the whole outline of the index. At a million paragraphs a list that size passed as
 * arguments (Math.min(...years)) overflows the stack, as the first million-paragraph bench run found. The store
 * here has only what opening asks of it: the outline, and an empty vocabulary.
 */
const PARAGRAPHS = 1_000_000;

describe('HybridRetriever over a very large index', () => {
  it('opens over an outline of a million paragraphs', async () => {
    const outline: ParagraphPlace[] = Array.from({ length: PARAGRAPHS }, (_, i) => ({ id: `doc.${i}`, document: 'doc', year: 2019 + (i % 5), meetingDates: null }));
    const store = {
      outline: async () => outline,
      vocabulary: () => new Map<string, number>(),
      acronymDefinitions: () => [],
      lexicalSearch: async () => [],
    } as unknown as ParagraphStore;
    const embedder = { modelId: 'test/none', dimensions: 3 } as unknown as Embedder;
    const retriever = await HybridRetriever.open({ store, embedder, documents: [] });
    expect(retriever).toBeInstanceOf(HybridRetriever);
  });
});
