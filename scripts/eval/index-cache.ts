import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { embeddingProfile } from '../../src/embed/model-profiles.js';
import type { Embedder } from '../../src/embed/types.js';
import type { DocumentInfo, Paragraph } from '../../src/parse/types.js';
import { openBackend } from '../../src/store/backend.js';
import { buildIndex } from '../../src/store/build-index.js';
import { createBuildProgress } from '../../src/cli/progress.js';
import { INDEX_FORMAT_VERSION } from '../../src/store/types.js';

/** Source folders whose code decides what goes into an index: parsing, embedding and the store's layout. */
const INDEX_CODE = ['src/parse', 'src/store', 'src/embed/transformers-embedder.ts'];

export interface CachedIndexOptions {
  /** Folder holding one sub-folder per cache key. */
  cacheDir: string;
  repoRoot: string;
  documents: DocumentInfo[];
  paragraphs: Paragraph[];
  corpusHash: string;
  embedder: Embedder;
}

function filesUnder(entry: string): string[] {
  if (!fs.statSync(entry).isDirectory()) return [entry];
  return fs
    .readdirSync(entry)
    .sort()
    .flatMap((name) => filesUnder(path.join(entry, name)));
}

/**
 * What an index is a function of: the corpus, the model and how it is fed (prefixes, pooling, token limit),
 * and the code that parses, embeds and stores. Retrieval and answer settings are left out on purpose, so
 * tuning them reuses the index.
 */
function cacheKey({ repoRoot, corpusHash, embedder }: CachedIndexOptions): string {
  const { queryPrefix, passagePrefix, pooling, maxTokens } = embeddingProfile(embedder.modelId);
  const hash = createHash('sha256')
    .update(JSON.stringify({ corpusHash, modelId: embedder.modelId, queryPrefix, passagePrefix, pooling, maxTokens, INDEX_FORMAT_VERSION }));
  for (const file of INDEX_CODE.flatMap((entry) => filesUnder(path.join(repoRoot, entry)))) {
    hash.update(`${path.relative(repoRoot, file)}\0`).update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The index folder (INDEX_DIR) of an index for exactly this corpus, model and code: reused when one was built
 * before, else built now.
 */
export async function cachedIndex(options: CachedIndexOptions): Promise<string> {
  const key = cacheKey(options);
  const indexDir = path.join(options.cacheDir, key);
  const backend = await openBackend({ indexDir });
  if (fs.existsSync(indexDir) && (await backend.currentVersion()) !== null) {
    console.log(`Reusing the evaluation index ${key}`);
    return indexDir;
  }

  // Indexes for other keys can never be used again: their corpus, model or code is gone.
  if (fs.existsSync(options.cacheDir)) {
    for (const entry of fs.readdirSync(options.cacheDir)) fs.rmSync(path.join(options.cacheDir, entry), { recursive: true, force: true });
  }
  fs.mkdirSync(indexDir, { recursive: true });
  const progress = createBuildProgress(`Indexing the corpus with ${options.embedder.modelId}`);
  try {
    await buildIndex({
      backend,
      documents: options.documents,
      paragraphs: options.paragraphs,
      corpusHash: options.corpusHash,
      embedder: options.embedder,
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.stop();
  }
  return indexDir;
}
