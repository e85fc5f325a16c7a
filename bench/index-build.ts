import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Embedder } from '../src/embed/types.js';
import type { LoadedCorpus } from '../src/indexing.js';
import { buildIndex } from '../src/store/build-index.js';
import { openBackend } from '../src/store/backend.js';
import { nowMs } from './stats.js';

/**
 * `buildIndex` over the real corpus into a fresh temporary INDEX_DIR, as `npm run index` runs it (without the
 * progress bar). The embedder is wrapped to time each embedding phase; the index stays, for the measurements
 * that read it (the real vectors of the store-at-scale corpora among them).
 */
export interface IndexBuildResult {
  indexDir: string;
  paragraphs: number;
  sentences: number;
  totalMs: number;
  paragraphEmbedMs: number;
  sentenceEmbedMs: number;
  /** Sentence splitting, SQLite and FTS5, HNSW insertion, fsyncs and the final open-and-check. */
  otherMs: number;
  paragraphsPerSecond: number;
  textsPerSecond: number;
}

export interface BuiltIndex {
  result: IndexBuildResult;
}

/** Records how many texts pass through each `embedPassages` call and how long it took. */
function recordingEmbedder(inner: Embedder) {
  const calls: { texts: number; ms: number }[] = [];
  const embedder: Embedder = {
    modelId: inner.modelId,
    dimensions: inner.dimensions,
    embedQuery: (text) => inner.embedQuery(text),
    async embedPassages(texts, onProgress) {
      const start = nowMs();
      const result = await inner.embedPassages(texts, onProgress);
      calls.push({ texts: texts.length, ms: nowMs() - start });
      return result;
    },
  };
  return { embedder, calls };
}

export async function measureIndexBuild(corpus: LoadedCorpus, embedder: Embedder): Promise<BuiltIndex> {
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-index-'));
  const recorder = recordingEmbedder(embedder);
  const start = nowMs();
  await buildIndex({
    backend: await openBackend({ indexDir }),
    documents: corpus.documents,
    paragraphs: corpus.paragraphs,
    corpusHash: corpus.hash,
    embedder: recorder.embedder,
  });
  const totalMs = nowMs() - start;
  // buildIndex embeds the paragraphs in one call, then the sentences (in one more call today).
  const [paragraphCall, ...sentenceCalls] = recorder.calls;
  if (paragraphCall === undefined || paragraphCall.texts !== corpus.paragraphs.length) {
    throw new Error('Expected buildIndex to embed all paragraphs in its first embedPassages call');
  }
  const sentenceCall = sentenceCalls.reduce((sum, call) => ({ texts: sum.texts + call.texts, ms: sum.ms + call.ms }), { texts: 0, ms: 0 });
  const texts = paragraphCall.texts + sentenceCall.texts;
  return {
    result: {
      indexDir,
      paragraphs: paragraphCall.texts,
      sentences: sentenceCall.texts,
      totalMs,
      paragraphEmbedMs: paragraphCall.ms,
      sentenceEmbedMs: sentenceCall.ms,
      otherMs: totalMs - paragraphCall.ms - sentenceCall.ms,
      paragraphsPerSecond: (paragraphCall.texts / totalMs) * 1000,
      textsPerSecond: (texts / totalMs) * 1000,
    },
  };
}
