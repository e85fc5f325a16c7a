import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../src/embed/types.js';
import { updateIndex, type IndexingReporter } from '../src/indexing.js';
import { assemblePipeline } from '../src/pipeline.js';
import { openBackend } from '../src/store/backend.js';
import type { ParagraphStore, StoreBackend } from '../src/store/types.js';
import { loadTestEmbedder, TEST_MODEL_ID, TEST_MODELS_DIR, UNREACHABLE_HOST } from './support/models.js';

/**
 * Updating the index as documents come and go: only the files that changed are parsed, only text not embedded
 * before is embedded, and an update killed half-way leaves the previous index serving.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = fs.readFileSync(path.join(REPO_ROOT, 'corpus/cnd-chairs-summaries-2019-2023.md'), 'utf8').split('\n');
/** The 2019 chapter (35 paragraphs) ends before this line; the 2020 chapter (36) starts there. */
const CHAPTER_II_START = 130;
const CHAPTER_III_START = CORPUS.findIndex((line) => /^#+ (?:\*\*)?III\. /.test(line));

const RESOLUTION = `E/CN.7/2024/L.9

Distr.: Limited, 12 March 2024

**Resolution 67/99. Drug checking as part of a public health approach**

*Recalling* its resolution 61/11 on promoting non-stigmatizing attitudes to ensure the availability of health services,

1. *Calls upon* Member States to consider evidence-based drug checking services;

2. *Requests* the Office to provide technical assistance to Member States upon request.
`;

const silent: IndexingReporter & { lines: string[] } = {
  lines: [],
  info(line) {
    this.lines.push(line);
  },
  warn(line) {
    this.lines.push(line);
  },
  error(line) {
    this.lines.push(line);
  },
  embedding() {},
  embeddingDone() {},
};

/** Lines of the corpus as a document of its own, whose one chapter is its chapter I. */
function chapterAlone(start: number, end?: number): string {
  return CORPUS.slice(start, end).join('\n').replace(/^(#+ (?:\*\*)?)[IVX]+\. /m, '$1I. ');
}

function writeCorpus(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
}

describe('incremental index updates', { timeout: 180_000 }, () => {
  let embedder: Embedder;
  let corpusDir: string;
  let indexDir: string;
  let backend: StoreBackend;

  beforeAll(async () => {
    embedder = await loadTestEmbedder();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'incremental-'));
    corpusDir = path.join(work, 'corpus');
    indexDir = path.join(work, 'index');
    backend = await openBackend({ indexDir });
    fs.mkdirSync(corpusDir);
    writeCorpus(corpusDir, {
      'chapter-i.md': CORPUS.slice(0, CHAPTER_II_START).join('\n'),
      'resolution.md': RESOLUTION,
    });
  });

  const update = () => updateIndex({ corpusDir, backend, embedder, reporter: silent });
  const withStore = async <T>(use: (store: ParagraphStore) => T | Promise<T>): Promise<T> => {
    const store = await backend.open((await backend.currentVersion())!);
    try {
      return await use(store);
    } finally {
      await store.close();
    }
  };
  const sentenceVectors = async (store: ParagraphStore, id: string) => (await store.sentences([id])).get(id)!.map((s) => Array.from(s.vector));

  it('builds a first index from every file, embedding everything', async () => {
    const first = await update();
    expect(first.changes).toEqual({ added: ['chapter-i.md', 'resolution.md'], changed: [], removed: [], unchanged: [] });
    expect(first.reused).toEqual({ passages: 0, sentences: 0 });
    expect(first.embedded.passages).toBe(35 + 3);
    expect(await withStore((store) => store.documents().map((d) => [d.id, d.paragraphs]))).toEqual([
      ['chapter-i', 35],
      ['resolution', 3],
    ]);
  });

  it('adds a document by parsing and embedding only that file', async () => {
    const vectorsBefore = await withStore((store) => sentenceVectors(store, 'chapter-i.I.12'));
    fs.writeFileSync(path.join(corpusDir, 'chapter-ii.md'), chapterAlone(CHAPTER_II_START, CHAPTER_III_START));
    const added = await update();
    expect(added.changes).toEqual({ added: ['chapter-ii.md'], changed: [], removed: [], unchanged: ['chapter-i.md', 'resolution.md'] });
    expect(added.embedded.passages).toBe(36);
    expect(added.reused.passages).toBe(38);
    expect(silent.lines).toContain('Documents: added chapter-ii.md; 2 unchanged.');
    await withStore(async (store) => {
      expect(store.documents().map((d) => d.id)).toEqual(['chapter-i', 'chapter-ii', 'resolution']);
      expect((await store.get('chapter-ii.I.1'))?.year).toBe(2020);
      // Reused vectors are the very ones embedded before.
      expect(await sentenceVectors(store, 'chapter-i.I.12')).toEqual(vectorsBefore);
    });
  });

  it('re-embeds only the paragraph whose text changed, and reuses the rest of the file', async () => {
    fs.writeFileSync(path.join(corpusDir, 'resolution.md'), RESOLUTION.replace('technical assistance', 'technical assistance and training'));
    const changed = await update();
    expect(changed.changes).toMatchObject({ added: [], changed: ['resolution.md'], removed: [] });
    expect(changed.embedded.passages).toBe(1);
    expect(changed.embedded.sentences).toBe(1);
    expect(await withStore(async (store) => (await store.get('resolution.0.2'))?.text)).toMatch(/technical assistance and training/);
  });

  it('removes a document whose file is gone, embedding nothing', async () => {
    fs.rmSync(path.join(corpusDir, 'chapter-ii.md'));
    const removed = await update();
    expect(removed.changes).toEqual({ added: [], changed: [], removed: ['chapter-ii.md'], unchanged: ['chapter-i.md', 'resolution.md'] });
    expect(removed.embedded).toEqual({ passages: 0, sentences: 0 });
    expect(await withStore(async (store) => [store.stats().paragraphs, await store.get('chapter-ii.I.1')])).toEqual([38, undefined]);
  });

  it('answers a question that names a document from that document alone, and filters by document on request', async () => {
    const store = await backend.open((await backend.currentVersion())!);
    try {
      const { retriever, answerer } = await assemblePipeline(store, embedder);
      const named = await retriever.search({ query: 'What does resolution 67/99 ask of Member States?', k: 5 });
      expect(named.document).toBe('resolution');
      expect(named.hits.length).toBeGreaterThan(0);
      expect(named.hits.every((hit) => hit.paragraph.document === 'resolution')).toBe(true);
      expect(named.hits[0]!.citation).toMatch(/^E\/CN\.7\/2024\/L\.9, (?:preamble, )?para\. \d/);
      const filtered = await retriever.search({ query: 'technical assistance', k: 5, document: 'chapter-i' });
      expect(filtered.hits.every((hit) => hit.paragraph.document === 'chapter-i')).toBe(true);
      const answer = await answerer.ask({ question: 'What does E/CN.7/2024/L.9 request?' });
      expect(answer.layout).not.toBe('timeline');
      expect(answer.citations.every((c) => c.document.id === 'resolution')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('gives the same index as a full rebuild', async () => {
    const incremental = await withStore((store) => store.paragraphs());
    const full = await updateIndex({ corpusDir, backend, embedder, reporter: silent, full: true });
    expect(full.reused).toEqual({ passages: 0, sentences: 0 });
    expect(await withStore((store) => store.paragraphs())).toEqual(incremental);
  });

  it('leaves the previous index serving when `npm run index` is killed mid-update', async () => {
    const before = await backend.currentVersion();
    // A large addition, so that the update is still embedding when it is killed.
    fs.writeFileSync(path.join(corpusDir, 'rest.md'), CORPUS.slice(CHAPTER_II_START).join('\n'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/build-index.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBED_MODEL: TEST_MODEL_ID, MODELS_DIR: TEST_MODELS_DIR, MODELS_REMOTE_HOST: UNREACHABLE_HOST },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        // Printed once the files are parsed, right before embedding starts.
        if (/Documents: added rest\.md/.test(output)) {
          child.kill('SIGKILL');
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', () => reject(new Error(`npm run index ended before it could be killed:\n${output}`)));
    });
    await new Promise((resolve) => child.once('close', resolve));
    expect(await backend.currentVersion()).toBe(before);
    expect(await withStore((store) => [store.stats().paragraphs, store.documents().map((d) => d.id)])).toEqual([38, ['chapter-i', 'resolution']]);

    // The next update completes, and clears what the killed one left behind; the build it replaced stays, for
    // servers still answering from it.
    const killedLeftovers = () => fs.readdirSync(path.join(indexDir, 'builds')).filter((name) => name.includes(`-${child.pid}-`));
    const resumed = await update();
    expect(resumed.changes.added).toEqual(['rest.md']);
    expect(await backend.currentVersion()).toBe(resumed.version);
    expect(killedLeftovers()).toEqual([]);
    expect(fs.readdirSync(path.join(indexDir, 'builds')).sort()).toEqual([before!, resumed.version].sort());
  });
});
