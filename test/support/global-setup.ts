import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadCorpus } from '../../src/parse/corpus.js';
import { buildIndex } from '../../src/store/build-index.js';
import { openBackend } from '../../src/store/backend.js';
import { loadTestEmbedder, TEST_MODEL_ID, TEST_MODELS_DIR } from './models.js';

/** An index of the repository's corpus, built once per test run with the real stand-in model (bundled in models/). */
export interface TestIndex {
  indexDir: string;
  modelsDir: string;
  modelId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testIndex: TestIndex;
  }
}

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export default async function setup(project: TestProject): Promise<() => void> {
  // Nothing skips for want of a model: the bundled one is part of the repository, and a MODELS_DIR that lacks
  // the model asked for is a broken set-up.
  if (!fs.existsSync(path.join(TEST_MODELS_DIR, TEST_MODEL_ID))) throw new Error(`No ${TEST_MODEL_ID} folder in ${TEST_MODELS_DIR}`);

  const corpus = await loadCorpus(path.join(REPO_ROOT, 'corpus'));
  if (corpus.errors.length > 0) throw new Error(`The repository's corpus does not parse: ${corpus.errors.map((e) => e.message).join('; ')}`);
  const embedder = await loadTestEmbedder();
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-index-'));
  await buildIndex({
    backend: await openBackend({ indexDir }),
    documents: corpus.documents.map((d) => d.document),
    paragraphs: corpus.documents.flatMap((d) => d.paragraphs),
    corpusHash: corpus.hash,
    embedder,
  });
  project.provide('testIndex', { indexDir, modelsDir: TEST_MODELS_DIR, modelId: TEST_MODEL_ID });
  return () => fs.rmSync(indexDir, { recursive: true, force: true });
}
