import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stemmer } from 'stemmer';
import { splitSentences } from '../src/parse/sentences.js';
import type { Embedder } from '../src/embed/types.js';
import type { DocumentInfo, Paragraph } from '../src/parse/types.js';
import { passageText } from '../src/parse/passage-text.js';
import { openBackend } from '../src/store/backend.js';
import Database from 'better-sqlite3';
import { assembleIndexContent, buildIndex, contentHashesOf, readIndexStatus } from '../src/store/build-index.js';
import { ftsQuery, openStore } from '../src/store/sqlite-hnsw-store.js';
import { INDEX_FORMAT_VERSION, IndexUnusableError, type ParagraphStore } from '../src/store/types.js';
import { loadTestEmbedder, TEST_MODEL_ID } from './support/models.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const MODEL_ID = TEST_MODEL_ID;

const HOSTILE_TERMS = ['"', 'NEAR(', '*', 'AND', '-', 'OR', 'NOT', '(', ')', '^', ':', 'text:', '{', '}', '""', '', '  ', 'prison"', '"prison', 'NEAR(prison health, 2)'];

const documents: DocumentInfo[] = [
  {
    id: 'cnd-summaries',
    file: 'cnd-summaries.md',
    title: "Compilation of the Chairs' summaries",
    citationLabel: 'CND thematic discussions',
    symbol: 'E/CN.7/2024/CRP.5',
    body: 'Commission on Narcotic Drugs',
    session: 'sixty-seventh session',
    date: '2024-03-04',
    year: 2024,
  },
  { id: 'ungass-2016', file: 'ungass-2016.md', title: 'UNGASS 2016 outcome document', citationLabel: 'UNGASS 2016', symbol: null, body: null, session: null, date: null, year: null },
];

function paragraph(fields: Partial<Paragraph> & Pick<Paragraph, 'id' | 'document' | 'order' | 'text'>): Paragraph {
  return {
    part: null,
    chapter: null,
    year: null,
    meetingDates: null,
    section: null,
    topic: null,
    paragraph: fields.order + 1,
    footnotes: [],
    line: 10 * (fields.order + 1),
    page: null,
    ...fields,
  };
}

const paragraphs: Paragraph[] = [
  paragraph({
    id: 'cnd-summaries.I.1',
    document: 'cnd-summaries',
    chapter: 'I',
    year: 2019,
    meetingDates: '24–26 October 2019',
    section: "Chair's summary of the deliberations",
    topic: 'Prison health',
    order: 0,
    text: 'Speakers stressed that people in prison should have access to drug treatment and health care equivalent to that available in the community, including opioid substitution therapy.',
    footnotes: [{ marker: '1', text: 'See resolution 61/2.' }],
  }),
  paragraph({
    id: 'cnd-summaries.I.2',
    document: 'cnd-summaries',
    chapter: 'I',
    year: 2019,
    section: "Chair's summary of the deliberations",
    topic: 'Money laundering',
    order: 1,
    text: 'Several speakers described how criminal organizations launder the proceeds of drug trafficking through front companies and cryptocurrencies, and called for the confiscation of illicit assets.',
  }),
  paragraph({
    id: 'cnd-summaries.II.1',
    document: 'cnd-summaries',
    chapter: 'II',
    year: 2020,
    section: 'Background',
    topic: 'Alternative development',
    order: 2,
    text: 'Alternative development programmes offer farmers who grow coca bush or opium poppy legal sources of income, supported by roads, markets and land titles.',
  }),
  paragraph({
    id: 'cnd-summaries.II.2',
    document: 'cnd-summaries',
    chapter: 'II',
    year: 2020,
    section: 'Way forward',
    topic: 'Prison overcrowding',
    order: 3,
    text: 'Alternatives to conviction or punishment for minor drug offences can reduce overcrowding in prisons and pretrial detention.',
  }),
  paragraph({
    id: 'cnd-summaries.III.1',
    document: 'cnd-summaries',
    chapter: 'III',
    year: 2021,
    section: "Chair's summary of the deliberations",
    topic: 'Older people who use drugs',
    order: 4,
    text: 'The ageing population has led to an increasing number of elderly drug users, who need services adapted to their age.',
  }),
  paragraph({
    id: 'ungass-2016.0.1',
    document: 'ungass-2016',
    order: 0,
    text: 'We reaffirm our commitment to the goals and objectives of the three international drug control conventions.',
  }),
  paragraph({
    id: 'ungass-2016.0.2',
    document: 'ungass-2016',
    order: 1,
    text: 'We recommend that prison authorities ensure adequate access to medical care for incarcerated persons.',
  }),
];

const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function build(indexDir: string, embedder: Embedder, corpusHash = 'hash-1', items = paragraphs) {
  return buildIndex({ backend: await openBackend({ indexDir }), documents, paragraphs: items, corpusHash, embedder });
}

/** The folder of the build the index folder's CURRENT names, or null before the first build. */
async function currentBuildDir(indexDir: string): Promise<string | null> {
  const version = await (await openBackend({ indexDir })).currentVersion();
  return version === null ? null : path.join(indexDir, 'builds', version);
}

async function indexStatus(indexDir: string, expected: { modelId: string; corpusHash: string }) {
  return readIndexStatus(await openBackend({ indexDir }), expected);
}

/** Copies a built index folder so a test can damage the copy. */
async function copyOfIndex(indexDir: string): Promise<{ indexDir: string; buildDir: string }> {
  const copy = tempDir('index-copy-');
  fs.cpSync(indexDir, copy, { recursive: true });
  return { indexDir: copy, buildDir: (await currentBuildDir(copy))! };
}

function editManifest(buildDir: string, edit: (manifest: Record<string, unknown>) => void): void {
  const file = path.join(buildDir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  fs.writeFileSync(file, JSON.stringify(manifest));
}

async function openingError(dir: string): Promise<IndexUnusableError> {
  try {
    await openStore(dir).close();
  } catch (error) {
    if (error instanceof IndexUnusableError) return error;
    throw error;
  }
  throw new Error(`${dir} opened without error`);
}

describe('FTS5 query building', () => {
  it('quotes each word and ORs them', () => {
    expect(ftsQuery(['prison', 'health'])).toBe('"prison" OR "health"');
  });

  it('turns FTS5 syntax into plain words and drops terms with nothing to match', () => {
    expect(ftsQuery(['"', '*', '-', '(', '', '  '])).toBeNull();
    expect(ftsQuery(['AND', 'NEAR(', 'prison"'])).toBe('"AND" OR "NEAR(" OR "prison"');
    expect(ftsQuery([])).toBeNull();
  });
});

describe('index built with the stand-in model', () => {
  let embedder: Embedder;
  let indexDir: string;
  let store: ParagraphStore;

  beforeAll(async () => {
    embedder = await loadTestEmbedder();
    indexDir = tempDir('index-');
    await build(indexDir, embedder);
    const backend = await openBackend({ indexDir });
    store = await backend.open((await backend.currentVersion())!);
  }, 60_000);

  afterAll(() => store?.close());

  it('embeds the topic heading with the paragraph text', () => {
    expect(passageText(paragraphs[0]!)).toBe(`Prison health\n${paragraphs[0]!.text}`);
    expect(passageText(paragraphs[5]!)).toBe(paragraphs[5]!.text);
  });

  it('records what it was built from in the manifest', async () => {
    expect(store.manifest).toMatchObject({
      formatVersion: INDEX_FORMAT_VERSION,
      modelId: MODEL_ID,
      dimensions: 192,
      corpusHash: 'hash-1',
      documents,
      paragraphCount: paragraphs.length,
    });
    // The embedded files' own part of manifest.json: the stamp of the paragraph database the build checked.
    const buildDir = (await currentBuildDir(indexDir))!;
    expect(store.version).toBe(path.basename(buildDir));
    const { size, mtimeMs } = fs.statSync(path.join(buildDir, 'paragraphs.sqlite'));
    const written = JSON.parse(fs.readFileSync(path.join(buildDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(written.checkedParagraphs).toEqual({ bytes: size, modifiedMs: mtimeMs });
  });

  it('outlines every paragraph in corpus order, without its text', async () => {
    expect(await store.outline()).toEqual(paragraphs.map(({ id, document, year, meetingDates }) => ({ id, document, year, meetingDates })));
  });

  it('returns every paragraph exactly as it was stored', async () => {
    for (const p of paragraphs) expect(await store.get(p.id)).toEqual(p);
    expect(await store.get('no-such-id')).toBeUndefined();
    // Several at once, by id, leaving out what does not exist.
    const many = await store.getMany([paragraphs[3]!.id, 'no-such-id', paragraphs[0]!.id]);
    expect([...many.keys()].sort()).toEqual([paragraphs[0]!.id, paragraphs[3]!.id].sort());
    expect(many.get(paragraphs[3]!.id)).toEqual(paragraphs[3]);
  });

  it('finds paragraphs in their document order', async () => {
    expect(await store.neighbours('cnd-summaries.I.1')).toEqual({ previous: null, next: 'cnd-summaries.I.2' });
    expect(await store.neighbours('cnd-summaries.II.1')).toEqual({ previous: 'cnd-summaries.I.2', next: 'cnd-summaries.II.2' });
    // The last paragraph of one document is not followed by the first of the next.
    expect(await store.neighbours('cnd-summaries.III.1')).toEqual({ previous: 'cnd-summaries.II.2', next: null });
    expect(await store.neighbours('ungass-2016.0.1')).toEqual({ previous: null, next: 'ungass-2016.0.2' });
    expect(await store.neighbours('no-such-id')).toEqual({ previous: null, next: null });
  });

  it('stores the sentences of each paragraph with vectors that match their own text', async () => {
    const found = await store.sentences(['cnd-summaries.I.1']);
    const sentences = found.get('cnd-summaries.I.1')!;
    expect(sentences.map((s) => s.text)).toEqual(splitSentences(paragraphs[0]!.text));
    expect(sentences.map((s) => s.position)).toEqual(sentences.map((_, i) => i));
    const query = await embedder.embedQuery(sentences[0]!.text);
    const similarity = [...query].reduce((sum, v, i) => sum + v * sentences[0]!.vector[i]!, 0);
    expect(similarity).toBeCloseTo(1, 3);
    // A paragraph that does not exist is left out.
    expect([...(await store.sentences(['no-such-id']))]).toEqual([]);
    const both = await store.sentences(['no-such-id', 'cnd-summaries.I.1']);
    expect([...both.keys()]).toEqual(['cnd-summaries.I.1']);
  });

  it('weighs rare stems above common ones and absent ones highest', () => {
    // "speakers" is in several paragraphs, "coca" in one, "painting" in none.
    expect(store.idf(stemmer('speakers'))).toBeLessThan(store.idf(stemmer('coca')));
    expect(store.idf(stemmer('coca'))).toBeLessThan(store.idf(stemmer('painting')));
    expect(store.idf(stemmer('speakers'))).toBeGreaterThan(0);
  });

  it('keeps the vocabulary and the acronym definitions the build found, for the query expander', () => {
    expect(store.vocabulary().get(stemmer('coca'))).toBe(1);
    expect(store.vocabulary().get(stemmer('speakers'))).toBeGreaterThanOrEqual(2);
    expect(store.vocabulary().has(stemmer('painting'))).toBe(false);
    // The fixture defines no acronym, and only what the text defines is stored, never the curated list.
    expect([...store.acronymDefinitions()]).toEqual([]);
  });

  it('finds the words within two edits of a misspelt one in the spelling index it built', async () => {
    const candidates = (await store.spellingCandidates('speakrs')).map((c) => c.word);
    expect(candidates).toContain('speakers');
    // Counted by the word as written, which its stem's count includes.
    const written = (await store.spellingCandidates('speakers')).find((c) => c.word === 'speakers')?.paragraphs ?? 0;
    expect(written).toBeGreaterThanOrEqual(1);
    expect(written).toBeLessThanOrEqual(store.vocabulary().get(stemmer('speakers'))!);
    // Nothing near: no word of the fixture is within two edits.
    expect(await store.spellingCandidates('zzzzzzzz')).toEqual([]);
  });

  it('opens without its vectors for a process that only shows paragraphs', async () => {
    const backend = await openBackend({ indexDir });
    const withoutVectors = await backend.open((await backend.currentVersion())!, { vectors: false });
    try {
      expect(await withoutVectors.get('cnd-summaries.I.1')).toEqual(await store.get('cnd-summaries.I.1'));
      expect((await withoutVectors.lexicalSearch(['coca'], 3)).map((h) => h.id)).toEqual((await store.lexicalSearch(['coca'], 3)).map((h) => h.id));
      await expect(withoutVectors.denseSearch(new Float32Array(store.manifest.dimensions), 3)).rejects.toThrow(/without its vectors/);
    } finally {
      await withoutVectors.close();
    }
  });

  it('counts documents, paragraphs and paragraphs per year', () => {
    expect(store.stats()).toEqual({ documents: 2, paragraphs: 7, years: { '2019': 2, '2020': 2, '2021': 1 } });
  });

  describe('lexical search', () => {
    it('finds a word and ranks by BM25, best first', async () => {
      const hits = await store.lexicalSearch(['laundering'], 10);
      expect(hits.map((h) => h.id)).toEqual(['cnd-summaries.I.2']);
      expect(hits[0]!.score).toBeGreaterThan(0);
    });

    it('matches other forms of a word through stemming', async () => {
      const ids = (await store.lexicalSearch(['prisons'], 10)).map((h) => h.id);
      expect(ids).toEqual(expect.arrayContaining(['cnd-summaries.I.1', 'cnd-summaries.II.2', 'ungass-2016.0.2']));
    });

    it('matches any of several terms, and headings too', async () => {
      const ids = (await store.lexicalSearch(['cryptocurrencies', 'elderly'], 10)).map((h) => h.id);
      expect(ids.sort()).toEqual(['cnd-summaries.I.2', 'cnd-summaries.III.1']);
      // "older" is only in the topic of III.1, "Older people who use drugs".
      expect((await store.lexicalSearch(['older'], 10)).map((h) => h.id)).toEqual(['cnd-summaries.III.1']);
    });

    it('keeps only the requested year, and at most k hits', async () => {
      const ids = (await store.lexicalSearch(['prison'], 10, { year: 2020 })).map((h) => h.id);
      expect(ids).toEqual(['cnd-summaries.II.2']);
      expect(await store.lexicalSearch(['prison'], 10, { year: 2023 })).toEqual([]);
      expect(await store.lexicalSearch(['prison'], 1)).toHaveLength(1);
    });

    it('tells whether a word or phrase occurs, as a search matches it', async () => {
      expect(await store.hasPhrase('prisons')).toBe(true);
      // A heading's phrase too: "Money laundering" is I.2's topic.
      expect(await store.hasPhrase('money laundering')).toBe(true);
      expect(await store.hasPhrase('laundering money')).toBe(false);
      expect(await store.hasPhrase('zeppelin')).toBe(false);
      for (const term of HOSTILE_TERMS) await expect(store.hasPhrase(term), term).resolves.toBeTypeOf('boolean');
    });

    it('treats FTS5 syntax from users as words and never fails on it', async () => {
      for (const term of HOSTILE_TERMS) {
        await expect(store.lexicalSearch([term], 10), term).resolves.toBeInstanceOf(Array);
      }
      expect((await store.lexicalSearch(HOSTILE_TERMS, 10)).map((h) => h.id)).toContain('cnd-summaries.I.1');
      expect(await store.lexicalSearch([], 10)).toEqual([]);
      expect(await store.lexicalSearch(['"', '*'], 10)).toEqual([]);
    });
  });

  describe('dense search', () => {
    it('scores by cosine similarity, so a passage finds itself first with similarity 1', async () => {
      const target = paragraphs[2]!;
      const hits = await store.denseSearch(await embedder.embedQuery(passageText(target)), 3);
      expect(hits).toHaveLength(3);
      expect(hits[0]!.id).toBe(target.id);
      expect(hits[0]!.score).toBeCloseTo(1, 4);
      expect(hits[1]!.score).toBeLessThanOrEqual(hits[0]!.score);
    });

    it('ranks the paragraph about a topic above unrelated ones', async () => {
      const hits = await store.denseSearch(await embedder.embedQuery('older people who use drugs'), paragraphs.length);
      expect(hits).toHaveLength(paragraphs.length);
      expect(hits[0]!.id).toBe('cnd-summaries.III.1');
    });

    it('keeps only the requested year', async () => {
      const vector = await embedder.embedQuery('older people who use drugs');
      const hits = await store.denseSearch(vector, 10, { year: 2019 });
      expect(hits.map((h) => h.id).sort()).toEqual(['cnd-summaries.I.1', 'cnd-summaries.I.2']);
      expect(await store.denseSearch(vector, 10, { year: 1999 })).toEqual([]);
    });

    it('accepts k larger than the index', async () => {
      expect(await store.denseSearch(await embedder.embedQuery('drugs'), 500)).toHaveLength(paragraphs.length);
    });
  });

  describe('rebuilding', () => {
    it('swaps to the new build atomically, keeps the build it replaced, and removes older builds and leftovers of killed builds', async () => {
      const dir = tempDir('index-swap-');
      const builds = () => fs.readdirSync(path.join(dir, 'builds')).sort();
      await build(dir, embedder, 'hash-1');
      const first = (await currentBuildDir(dir))!;
      const openBeforeSwap = openStore(first);
      // What a build killed while writing leaves: a folder without a manifest, from a process that is gone.
      const killed = path.join(dir, 'builds', '20200101T000000000Z-99999999-abcdef');
      fs.mkdirSync(killed);
      fs.writeFileSync(path.join(killed, 'paragraphs.sqlite'), 'partial');

      const report = await build(dir, embedder, 'hash-2', paragraphs.slice(0, 3));
      const second = (await currentBuildDir(dir))!;

      expect(second).not.toBe(first);
      expect(path.basename(second)).toBe(report.version);
      // The build it replaced stays (servers may still be answering from it); the killed build's leftovers go.
      expect(builds()).toEqual([path.basename(first), path.basename(second)].sort());
      expect(fs.existsSync(path.join(dir, 'CURRENT.tmp'))).toBe(false);
      const reopened = openStore(second);
      expect(reopened.manifest.corpusHash).toBe('hash-2');
      expect(reopened.stats().paragraphs).toBe(3);
      await reopened.close();

      // The next rebuild removes the first build, and keeps the one it replaced.
      await build(dir, embedder, 'hash-3', paragraphs.slice(0, 2));
      const third = (await currentBuildDir(dir))!;
      expect(third).not.toBe(second);
      expect(builds()).toEqual([path.basename(second), path.basename(third)].sort());
      expect(fs.existsSync(first)).toBe(false);

      // A server that opened the old build keeps serving it until it reopens, even once its folder is gone.
      expect((await openBeforeSwap.get('ungass-2016.0.2'))?.document).toBe('ungass-2016');
      expect(await openBeforeSwap.lexicalSearch(['prison'], 10)).toHaveLength(3);
      await openBeforeSwap.close();
    });

    it('builds and opens an empty corpus', async () => {
      const dir = tempDir('index-empty-corpus-');
      await build(dir, embedder, 'hash-0', []);
      const empty = openStore((await currentBuildDir(dir))!);
      expect(empty.stats()).toEqual({ documents: 2, paragraphs: 0, years: {} });
      expect(await empty.denseSearch(await embedder.embedQuery('prison'), 10)).toEqual([]);
      expect(await empty.lexicalSearch(['prison'], 10)).toEqual([]);
      await empty.close();
    });

    it('leaves the previous index current and nothing else behind when a build fails', async () => {
      const dir = tempDir('index-fail-');
      await build(dir, embedder, 'hash-1');
      const before = (await currentBuildDir(dir))!;

      const duplicate = [...paragraphs, paragraphs[0]!];
      await expect(build(dir, embedder, 'hash-2', duplicate)).rejects.toThrow(/occurs more than once/);
      const failingEmbedder: Embedder = {
        modelId: embedder.modelId,
        dimensions: embedder.dimensions,
        embedQuery: (text) => embedder.embedQuery(text),
        embedPassages: async () => {
          throw new Error('model crashed');
        },
      };
      await expect(build(dir, failingEmbedder, 'hash-2')).rejects.toThrow('model crashed');

      expect(await currentBuildDir(dir)).toBe(before);
      expect(fs.readdirSync(path.join(dir, 'builds'))).toEqual([path.basename(before)]);
      expect((await indexStatus(dir, { modelId: MODEL_ID, corpusHash: 'hash-1' })).state).toBe('fresh');
    });
  });

  describe('damaged index files', () => {
    it('rejects a corrupted vectors.hnsw', async () => {
      const { indexDir: dir, buildDir } = await copyOfIndex(indexDir);
      const file = path.join(buildDir, 'vectors.hnsw');
      fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 1000));
      const error = await openingError(buildDir);
      expect(error.message).toContain(file);
      expect(error.message).toContain('npm run index');
      expect(await indexStatus(dir, { modelId: MODEL_ID, corpusHash: 'hash-1' })).toEqual({
        state: 'unusable',
        reason: error.message,
      });
    });

    it('rejects a manifest that is not JSON, or is missing', async () => {
      const { buildDir } = await copyOfIndex(indexDir);
      const file = path.join(buildDir, 'manifest.json');
      fs.writeFileSync(file, '{"formatVersion": 1, "modelId": ');
      expect((await openingError(buildDir)).message).toMatch(/manifest\.json is unusable: it is not valid JSON.*npm run index/);
      fs.rmSync(file);
      expect((await openingError(buildDir)).message).toMatch(/manifest\.json is unusable: it is missing/);
    });

    it('rejects a manifest that disagrees with the files', async () => {
      const { buildDir } = await copyOfIndex(indexDir);
      editManifest(buildDir, (m) => (m.paragraphCount = 99));
      expect((await openingError(buildDir)).message).toMatch(/vectors\.hnsw.*holds 7 vectors but the manifest counts 99/);
      editManifest(buildDir, (m) => {
        m.paragraphCount = 7;
        m.dimensions = 96;
      });
      expect((await openingError(buildDir)).message).toMatch(/vectors\.hnsw.*96 dimensions/);
      editManifest(buildDir, (m) => {
        m.dimensions = 192;
        m.formatVersion = INDEX_FORMAT_VERSION + 1;
      });
      expect((await openingError(buildDir)).message).toMatch(/manifest\.json.*format/);
    });

    it('rejects a corrupted paragraphs.sqlite', async () => {
      const { buildDir } = await copyOfIndex(indexDir);
      const file = path.join(buildDir, 'paragraphs.sqlite');
      fs.writeFileSync(file, Buffer.alloc(8192, 7));
      expect((await openingError(buildDir)).message).toContain(file);
    });

    it('checks paragraphs.sqlite page by page at opening only when it is not the file the build checked', async () => {
      const { buildDir } = await copyOfIndex(indexDir);
      const file = path.join(buildDir, 'paragraphs.sqlite');
      const bytes = fs.readFileSync(file);
      // Page 2 is the documents table's: opening reads nothing there unless it checks every page.
      bytes.fill(0xff, bytes.readUInt16BE(16), bytes.readUInt16BE(16) + 64);
      fs.writeFileSync(file, bytes);
      expect((await openingError(buildDir)).message).toMatch(/paragraphs\.sqlite.*damaged/);
      // Stamped with the file's size and time as the build records them, the check is skipped: the trade made
      // so that opening a large index does not read it whole.
      const { size, mtimeMs } = fs.statSync(file);
      editManifest(buildDir, (m) => (m.checkedParagraphs = { bytes: size, modifiedMs: mtimeMs }));
      await expect((async () => openStore(buildDir, { vectors: false }).close())()).resolves.toBeUndefined();
    });

    it('rejects a CURRENT file that does not name a build', async () => {
      const { indexDir: dir } = await copyOfIndex(indexDir);
      fs.writeFileSync(path.join(dir, 'CURRENT'), '../../etc\n');
      expect(await indexStatus(dir, { modelId: MODEL_ID, corpusHash: 'hash-1' })).toMatchObject({
        state: 'unusable',
        reason: expect.stringContaining('CURRENT'),
      });
    });
  });

  describe('index status at start-up', () => {
    it('is missing before the first build', async () => {
      expect((await indexStatus(tempDir('index-empty-'), { modelId: MODEL_ID, corpusHash: 'hash-1' })).state).toBe('missing');
      expect((await indexStatus(path.join(os.tmpdir(), 'no-such-index-dir'), { modelId: MODEL_ID, corpusHash: 'x' })).state).toBe(
        'missing',
      );
    });

    it('is fresh when model and corpus match', async () => {
      expect((await indexStatus(indexDir, { modelId: MODEL_ID, corpusHash: 'hash-1' })).state).toBe('fresh');
    });

    it('is stale when the model, the corpus or the format differ', async () => {
      const otherModel = await indexStatus(indexDir, { modelId: 'Xenova/all-MiniLM-L6-v2', corpusHash: 'hash-1' });
      expect(otherModel).toEqual({
        state: 'stale',
        reason: `the index was embedded with ${MODEL_ID}, the configured model is Xenova/all-MiniLM-L6-v2`,
      });
      expect((await indexStatus(indexDir, { modelId: MODEL_ID, corpusHash: 'hash-2' })).state).toBe('stale');

      const { indexDir: dir, buildDir } = await copyOfIndex(indexDir);
      editManifest(buildDir, (m) => (m.formatVersion = INDEX_FORMAT_VERSION - 1));
      expect(await indexStatus(dir, { modelId: MODEL_ID, corpusHash: 'hash-1' })).toMatchObject({
        state: 'stale',
        reason: expect.stringContaining('format'),
      });
    });
  });
});

describe("common words' matches at scale", () => {
  const COUNT = 1200;
  const DIMENSIONS = 8;
  /** Every paragraph speaks of drugs, every other of treatment, every seventh of prison health; lengths vary. */
  const texts = Array.from({ length: COUNT }, (_, i) =>
    [`Drugs were discussed ${'at length '.repeat(i % 5)}in meeting ${i}.`, i % 2 === 0 ? 'Treatment was stressed.' : '', i % 7 === 0 ? 'Prison health came up.' : ''].join(' ').trim(),
  );
  const unit = (i: number) => {
    const v = new Float32Array(DIMENSIONS).map((_, d) => Math.cos(i * (d + 1)));
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  let dir: string;
  let file: string;

  beforeAll(async () => {
    const big: Paragraph[] = texts.map((text, order) => paragraph({ id: `big.${order}`, document: 'big', order, text }));
    const content = assembleIndexContent({
      documents: [{ id: 'big', file: 'big.md', title: 'Big', citationLabel: 'Big', symbol: null, body: null, session: null, date: null, year: null }],
      paragraphs: big,
      corpusHash: 'big',
      modelId: 'hand-made',
      dimensions: DIMENSIONS,
      contentHashes: contentHashesOf(big),
      vectors: big.map((_, i) => unit(i)),
      sentenceTexts: big.map((p) => splitSentences(p.text)),
      sentenceVectors: big.map((p, i) => splitSentences(p.text).map(() => unit(i))),
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-tokens-'));
    const backend = await openBackend({ indexDir: dir });
    const version = await backend.publish(content);
    await backend.close();
    file = path.join(dir, 'builds', version, 'paragraphs.sqlite');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** What FTS5 itself ranks for one word, as lexical search reads it: the best thousand, as ids. */
  function fromFts5(word: string): Array<{ id: string; score: number }> {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare<[string], { id: string; score: number }>(
          `SELECT p.id, -bm25(paragraphs_fts, 1, 0.5, 0.25) AS score FROM paragraphs_fts JOIN paragraphs p ON p.label = paragraphs_fts.rowid
           WHERE paragraphs_fts MATCH ? ORDER BY score DESC, paragraphs_fts.rowid LIMIT 1000`,
        )
        .all(`"${word}"`);
    } finally {
      db.close();
    }
  }

  it('keeps the best matches of each word, and of two or three words side by side, in more paragraphs than a term keeps', () => {
    const db = new Database(file, { readonly: true });
    const kept = db.prepare<[], string>('SELECT tokens FROM common_matches ORDER BY tokens').pluck().all();
    db.close();
    // The words of every paragraph's first sentence are in 1,200 each; "treatment" (in 600), "at length" (in 960),
    // "discussed in" (in 240) and "discussed at length" (in 960) are not kept.
    expect(kept.filter((tokens) => !tokens.includes(' '))).toEqual(['discuss', 'drug', 'in', 'meet', 'were']);
    expect(kept.filter((tokens) => tokens.includes(' '))).toEqual(['drug were', 'drug were discuss', 'in meet', 'were discuss']);
  });

  it('searches a common word or phrase by its kept matches, exactly as FTS5 ranks them, whichever form the question uses', async () => {
    const backend = await openBackend({ indexDir: dir });
    const store = await backend.open((await backend.currentVersion())!);
    try {
      for (const word of ['drugs', 'drug', 'treatment', 'prison', 'drugs were', 'in meetings', 'discussed in', 'at length', 'drug were discussed', 'discussed at length']) {
        expect(await store.lexicalSearch([word], 1000), word).toEqual(fromFts5(word));
      }
    } finally {
      await store.close();
      await backend.close();
    }
  });

  it('reads those matches from the build, not from a query', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'common-tokens-copy-'));
    fs.cpSync(dir, copy, { recursive: true });
    const backend = await openBackend({ indexDir: copy });
    const version = (await backend.currentVersion())!;
    const db = new Database(path.join(copy, 'builds', version, 'paragraphs.sqlite'));
    // Only paragraph 5 kept for "drug", 6 for "in meet" and 7 for "drug were discuss", with scores no query gives.
    const keep = db.prepare('UPDATE common_matches SET labels = ?, scores = ? WHERE tokens = ?');
    keep.run(Buffer.from(Int32Array.of(5).buffer), Buffer.from(Float64Array.of(42).buffer), 'drug');
    keep.run(Buffer.from(Int32Array.of(6).buffer), Buffer.from(Float64Array.of(24).buffer), 'in meet');
    keep.run(Buffer.from(Int32Array.of(7).buffer), Buffer.from(Float64Array.of(12).buffer), 'drug were discuss');
    db.close();
    const store = await backend.open(version);
    try {
      expect(await store.lexicalSearch(['drugs'], 10)).toEqual([{ id: 'big.5', score: 42 }]);
      expect(await store.lexicalSearch(['in meetings'], 10)).toEqual([{ id: 'big.6', score: 24 }]);
      expect(await store.lexicalSearch(['drugs were discussed'], 10)).toEqual([{ id: 'big.7', score: 12 }]);
    } finally {
      await store.close();
      await backend.close();
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('dense search within a filter', () => {
  const DIMENSIONS = 8;
  const SMALL = 100;
  const COUNT = 3_000;
  const noise = (seed: number, d: number) => {
    const x = Math.sin(seed * 12.9898 + d * 78.233) * 43758.5453;
    return x - Math.floor(x) - 0.5;
  };
  /** A query: any direction. */
  const query = (seed: number) => Float32Array.from({ length: DIMENSIONS }, (_, d) => noise(seed, d));
  /** A stored vector: ±0.5 in four dimensions, a unit vector exactly, which hnswlib keeps exactly as given. */
  const unit = (seed: number) => {
    const order = Array.from({ length: DIMENSIONS }, (_, d) => d).sort((a, b) => noise(seed, a) - noise(seed, b));
    const v = new Float32Array(DIMENSIONS);
    for (const d of order.slice(0, 4)) v[d] = noise(seed + 1, d) < 0 ? -0.5 : 0.5;
    return v;
  };
  // A small document in 2020 (100 paragraphs, few enough to compare one by one) and a large one in 2021.
  const all: Paragraph[] = Array.from({ length: COUNT }, (_, order) =>
    paragraph({ id: `p.${order}`, document: order < SMALL ? 'small' : 'large', order, text: `Paragraph ${order} on drugs.`, year: order < SMALL ? 2020 : 2021 }),
  );
  const vectors = all.map((_, i) => unit(i));
  let dir: string;
  let store: ParagraphStore;

  beforeAll(async () => {
    const document = (id: string): DocumentInfo => ({ id, file: `${id}.md`, title: id, citationLabel: id, symbol: null, body: null, session: null, date: null, year: null });
    const content = assembleIndexContent({
      documents: [document('small'), document('large')],
      paragraphs: all,
      corpusHash: 'filters',
      modelId: 'hand-made',
      dimensions: DIMENSIONS,
      contentHashes: contentHashesOf(all),
      vectors,
      sentenceTexts: all.map((p) => splitSentences(p.text)),
      sentenceVectors: all.map((p, i) => splitSentences(p.text).map(() => vectors[i]!)),
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dense-filters-'));
    const backend = await openBackend({ indexDir: dir });
    store = await backend.open(await backend.publish(content));
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The exact cosine, in double precision, of a query and a stored vector. */
  const cosine = (query: Float32Array, label: number) => {
    const v = vectors[label]!;
    let dot = 0;
    for (let d = 0; d < DIMENSIONS; d++) dot += query[d]! * v[d]!;
    return dot / Math.hypot(...query);
  };

  it('compares a few admitted vectors one by one: the exact nearest, with their exact cosine', async () => {
    for (let q = 0; q < 20; q++) {
      const asked = query(10_000 + q);
      const expected = Array.from({ length: SMALL }, (_, label) => ({ label, id: `p.${label}`, score: cosine(asked, label) }))
        .sort((a, b) => b.score - a.score || a.label - b.label)
        .slice(0, 10);
      const hits = await store.denseSearch(asked, 10, { document: 'small' });
      expect(hits.map((h) => h.id)).toEqual(expected.map((e) => e.id));
      // hnswlib's float distances differ from the exact cosine in the seventh decimal; one by one, they do not.
      hits.forEach((hit, i) => expect(Math.abs(hit.score - expected[i]!.score)).toBeLessThan(1e-12));
    }
  });

  it('finds nothing at once where the filter admits nothing, and searches the graph where it admits many', async () => {
    expect(await store.denseSearch(query(1), 10, { year: 1999 })).toEqual([]);
    const hits = await store.denseSearch(query(2), 10, { year: 2021 });
    expect(hits).toHaveLength(10);
    expect(hits.every((hit) => Number(hit.id.slice(2)) >= SMALL)).toBe(true);
  });
});
