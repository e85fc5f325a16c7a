import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Embedder } from '../src/embed/types.js';
import { openBackend } from '../src/store/backend.js';
import { updateIndex, type IndexingReporter } from '../src/indexing.js';
import { nowMs } from './stats.js';

/**
 * What adding one document costs: a full rebuild of the corpus against an update that adds one document to it,
 * both through `updateIndex`, as `npm run index` runs them. The added document is the resolution fixture, a
 * real UN layout (preamble and operative paragraphs) that the corpus does not already hold.
 */
export interface IncrementalUpdateResult {
  fullRebuildMs: number;
  fullRebuildParagraphs: number;
  addOneMs: number;
  addedFile: string;
  addedParagraphs: number;
  /** Passages and sentences the update embedded, and those whose vectors it reused. */
  embedded: { passages: number; sentences: number };
  reused: { passages: number; sentences: number };
}

const quiet: IndexingReporter = { info() {}, warn() {}, error() {}, embedding() {}, embeddingDone() {} };

export async function measureIncrementalUpdate(repoRoot: string, embedder: Embedder): Promise<IncrementalUpdateResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-incremental-'));
  const corpusDir = path.join(work, 'corpus');
  const backend = await openBackend({ indexDir: path.join(work, 'index') });
  try {
    fs.cpSync(path.join(repoRoot, 'corpus'), corpusDir, { recursive: true });
    let start = nowMs();
    const full = await updateIndex({ corpusDir, backend, embedder, reporter: quiet, full: true });
    const fullRebuildMs = nowMs() - start;

    const addedFile = 'cnd-resolution-67-99.md';
    fs.copyFileSync(path.join(repoRoot, 'test/fixtures/documents', addedFile), path.join(corpusDir, addedFile));
    start = nowMs();
    const added = await updateIndex({ corpusDir, backend, embedder, reporter: quiet });
    const addOneMs = nowMs() - start;
    if (added.changes.added.join() !== addedFile || added.changes.changed.length + added.changes.removed.length > 0) {
      throw new Error(`Expected the update to add ${addedFile} alone, got ${JSON.stringify(added.changes)}`);
    }
    return {
      fullRebuildMs,
      fullRebuildParagraphs: full.manifest.paragraphCount,
      addOneMs,
      addedFile,
      addedParagraphs: added.manifest.paragraphCount - full.manifest.paragraphCount,
      embedded: added.embedded,
      reused: added.reused,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
