import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import { loadCorpus } from '../../src/parse/corpus.js';
import { buildIndex } from '../../src/store/build-index.js';

/** An index of the repository's corpus, built once per test run with the real stand-in model. */
export interface TestIndex {
  indexDir: string;
  modelsDir: string;
  modelId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** null when the model folder is absent and MODELS_DIR was not set: tests that need the index skip. */
    testIndex: TestIndex | null;
  }
}

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export default async function setup(project: TestProject): Promise<() => void> {
  const modelsDir = path.resolve(REPO_ROOT, process.env.MODELS_DIR ?? '../shared/models');
  const modelId = process.env.EMBED_MODEL ?? 'offline/minilm-wordnet-embed';
  if (!fs.existsSync(path.join(modelsDir, modelId))) {
    // A MODELS_DIR that was asked for but lacks the model is a broken set-up, not a reason to skip.
    if (process.env.MODELS_DIR !== undefined) throw new Error(`MODELS_DIR=${process.env.MODELS_DIR} has no ${modelId} folder`);
    console.warn(`No ${modelId} in ${modelsDir}: tests that need the real index are skipped. Set MODELS_DIR to run them.`);
    project.provide('testIndex', null);
    return () => {};
  }

  const corpus = loadCorpus(path.join(REPO_ROOT, 'corpus'));
  if (corpus.errors.length > 0) throw new Error(`The repository's corpus does not parse: ${corpus.errors.map((e) => e.message).join('; ')}`);
  const embedder = await createTransformersEmbedder({ modelId, modelsDir });
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-index-'));
  await buildIndex({
    indexDir,
    documents: corpus.documents.map((d) => d.document),
    paragraphs: corpus.documents.flatMap((d) => d.paragraphs),
    corpusHash: corpus.hash,
    embedder,
  });
  project.provide('testIndex', { indexDir, modelsDir, modelId });
  return () => fs.rmSync(indexDir, { recursive: true, force: true });
}
