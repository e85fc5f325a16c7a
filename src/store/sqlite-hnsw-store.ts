import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import hnswlib from 'hnswlib-node';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { DocumentInfo, Paragraph } from '../parse/types.js';
import {
  INDEX_FORMAT_VERSION,
  IndexUnusableError,
  type ContentHashes,
  type CorpusStats,
  type DocumentSummary,
  type EmbeddedParagraph,
  type IndexContent,
  type IndexedDocument,
  type OpenStoreOptions,
  type ReusableIndex,
  type ParagraphPlace,
  type Manifest,
  type ParagraphStore,
  type ScoredId,
  type SearchFilter,
  type StoredSentence,
  type WeightedTerm,
  type WordFrequency,
} from './types.js';
import { BM25_WEIGHTS, MAX_MATCHES_PER_TERM } from './bm25.js';
import { commonMatches, type KeptMatches } from './common-matches.js';
import { commonPhrases, MAX_KEPT_PHRASE_TOKENS } from './common-phrases.js';
import { fts5Token } from './fts5-porter.js';
import { lexicalTokens, lexicalWords } from './lexical-tokens.js';
import { HNSWLIB_BEAMS, searchBeam } from './hnsw-beam.js';
import { startVectorIndex } from './hnsw-build.js';
import { asciiPhraseTokens, fts5Idf, PhraseIndex, type PhraseScores } from './fts5-phrases.js';
import { spellingVariants } from './spelling-variants.js';

const { HierarchicalNSW } = hnswlib;

const MANIFEST_FILE = 'manifest.json';
const PARAGRAPHS_FILE = 'paragraphs.sqlite';
const VECTORS_FILE = 'vectors.hnsw';

/** The FTS table's columns, in its order. */
const FTS_COLUMNS = ['text', 'topic', 'section'] as const;

/** A token fts5Token makes, as lexical search looks kept phrases up by them (asciiPhraseTokens). */
const ASCII_TOKEN = /^[\x00-\x7f]+$/;

/**
 * A dense search within a filter that admits at least this share of the paragraphs searches them all for
 * wanted ÷ share × POST_FILTER_WIDENING neighbours and keeps the admitted ones; for 50 neighbours in 5 % of the
 * paragraphs that is 1,500, about the beam at a million vectors. Measured at 100,000 synthetic paragraphs, one
 * year (14 %) and 50 neighbours: widening by 1.5 finds 0.994 of the filtered search's neighbours, by 2 0.997.
 */
const POST_FILTER_MIN_SHARE = 0.05;
const POST_FILTER_WIDENING = 1.5;
/**
 * A filter that admits at most this many paragraphs is searched exactly, vector by vector. hnswlib's filtered
 * search walks most of the graph to find a few admitted vectors, or none: at 100,000 synthetic paragraphs, one
 * document (500 paragraphs) took 59 ms and a year without paragraphs 76 ms, ten times as much at a million.
 * Reading a vector back from hnswlib takes about 12 µs, so 2,000 of them about 25 ms the first time a filter is
 * searched (they are then kept, EXACT_SEARCH_CACHED_BYTES); comparing 2,000 kept vectors takes well under 1 ms.
 */
const EXACT_SEARCH_MAX_ADMITTED = 2_000;
/**
 * The bytes of vectors kept for filters searched exactly, copied out of hnswlib once per filter: a year of today's
 * corpus (about 60 paragraphs) was read back vector by vector on every search, half a millisecond of a 2.4 ms
 * search. 64 MiB holds 40 filters of EXACT_SEARCH_MAX_ADMITTED vectors of 192 dimensions, and hundreds of small ones.
 */
const EXACT_SEARCH_CACHED_BYTES = 64 * 1024 * 1024;

/** One FTS query's best matches, best first: what lexical search reads for each term, and what a build precomputes. */
const PHRASE_MATCHES_SQL = `
  SELECT rowid, -bm25(paragraphs_fts, ${BM25_WEIGHTS.join(', ')}) AS score FROM paragraphs_fts
  WHERE paragraphs_fts MATCH ? ORDER BY score DESC, rowid LIMIT ?
`;

/**
 * Bound on the phrase scores kept in memory, counted in matches (12 bytes each, so about 24 MB). For a corpus
 * of this size that is every phrase its questions use; for a far larger one, the phrases people ask most.
 */
const CACHED_PHRASE_MATCHES = 2_000_000;

/** Sentences (with their vectors) of this many paragraphs are kept decoded: answers quote the same paragraphs again and again. */
const RECENT_SENTENCE_LISTS = 5_000;

/**
 * A store that searches matches every word of its corpus when it opens, when their matches number at most this
 * (12 bytes each: 3 MB, about a second's work): most words of any question are words of the corpus, and their
 * lexical search then costs no SQLite query. This corpus has some 30,000; a far larger one is matched as
 * questions come.
 */
const CORPUS_WORD_MATCHES_AT_OPEN = 250_000;

const NO_MATCHES: PhraseScores = { labels: new Int32Array(0), scores: new Float64Array(0) };

/**
 * The matches of the corpus's words, made when a store of a small corpus opens: by FTS5 token for the words
 * fts5Token reads, by query for the others, with every token of the index; `tokens` is null when fts5Token and
 * this SQLite disagreed on a word of the corpus, and tokens are then not used.
 */
interface CorpusMatches {
  tokens: ReadonlySet<string> | null;
  byToken: Map<string, PhraseScores>;
  byPhrase: Map<string, PhraseScores>;
  /** The index in memory, for scoring phrases without a query; null when it disagreed with SQLite on a word, or does not fit. */
  phrases: PhraseIndex | null;
}

/** The text of a one-phrase FTS query: inside its quotes. */
const phraseOf = (query: string) => query.slice(1, -1);

/** Years are kept per HNSW label so the vector search can filter without touching SQLite; 0 stands for "no year". */
const NO_YEAR = 0;

const FootnoteSchema = z.object({ marker: z.string(), text: z.string() });

/** What a filter admits: its share of the paragraphs, and, when few enough to be searched exactly, them. */
interface AdmittedParagraphs {
  share: number;
  exact: ExactSearchSet | null;
}

/** Labels and their vectors, row by row in label order. */
interface ExactSearchSet {
  labels: Int32Array;
  vectors: Float32Array;
}

/** Size and modification time of a file when it was last checked whole. */
interface FileStamp {
  bytes: number;
  modifiedMs: number;
}

const ManifestSchema = z.object({
  formatVersion: z.number().int(),
  modelId: z.string().min(1),
  dimensions: z.number().int().positive(),
  corpusHash: z.string(),
  builtAt: z.string(),
  documents: z.array(
    z.object({
      id: z.string(),
      file: z.string(),
      title: z.string(),
      citationLabel: z.string(),
      symbol: z.string().nullable(),
      body: z.string().nullable(),
      session: z.string().nullable(),
      date: z.string().nullable(),
      year: z.number().int().nullable(),
    }),
  ),
  paragraphCount: z.number().int().nonnegative(),
});

/**
 * manifest.json: the manifest, and what only these files need. `checkedParagraphs` is the size and modification
 * time of the paragraph database when the build checked it page by page: while they still match, opening skips
 * that check, which reads the whole file (about 3.6 s a GB); absent in indexes built before it was recorded,
 * which are checked at every open.
 */
const ManifestFileSchema = ManifestSchema.extend({
  checkedParagraphs: z.object({ bytes: z.number().int().nonnegative(), modifiedMs: z.number() }).optional(),
});

type ManifestFile = z.infer<typeof ManifestFileSchema>;

/**
 * Writes one complete build into `dir` (which must exist and be empty): the vector index on a thread of its own
 * while this one writes the paragraphs' database; the manifest goes last and marks completion.
 * @example
 * await writeIndexFiles(fs.mkdtempSync('index/builds/'), content);
 */
export async function writeIndexFiles(dir: string, files: IndexContent): Promise<void> {
  const { manifest, paragraphs, vectors } = files;
  if (paragraphs.length !== vectors.length) {
    throw new Error(`${paragraphs.length} paragraphs but ${vectors.length} vectors`);
  }
  if (manifest.paragraphCount !== paragraphs.length) {
    throw new Error(`Manifest counts ${manifest.paragraphCount} paragraphs but ${paragraphs.length} were given`);
  }
  const paragraphsFile = path.join(dir, PARAGRAPHS_FILE);
  const vectorsFile = path.join(dir, VECTORS_FILE);
  const graph = startVectorIndex({ file: vectorsFile, dimensions: manifest.dimensions, vectors });
  try {
    writeParagraphDatabase(paragraphsFile, files);
  } catch (error) {
    await graph.stop();
    throw error;
  }
  await graph.written;
  fsyncFile(vectorsFile);
  const checkedParagraphs = fileStamp(paragraphsFile);
  writeFileDurably(path.join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, checkedParagraphs }, null, 2) + '\n');
}

function fileStamp(file: string): FileStamp {
  const { size, mtimeMs } = fs.statSync(file);
  return { bytes: size, modifiedMs: mtimeMs };
}

/** SQLite's page-by-page check of the whole file (quick_check: every page, not each index against its table). */
function checkPages(db: Database.Database): void {
  const result = db.pragma('quick_check', { simple: true });
  if (result !== 'ok') throw new Error(String(result));
}

function writeParagraphDatabase(file: string, { manifest, sourceHashes, paragraphs, contentHashes, vectors, sentences, documentFrequencies, wordFrequencies, acronymDefinitions }: IndexContent): void {
  const db = new Database(file);
  try {
    db.exec(`
      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        ord INTEGER NOT NULL,
        file TEXT NOT NULL,
        title TEXT NOT NULL,
        citation_label TEXT NOT NULL,
        symbol TEXT,
        body TEXT,
        session TEXT,
        date TEXT,
        year INTEGER,
        source_hash TEXT NOT NULL
      );
      CREATE TABLE paragraphs (
        label INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        document TEXT NOT NULL,
        part TEXT,
        chapter TEXT,
        year INTEGER,
        meeting_dates TEXT,
        section TEXT,
        topic TEXT,
        paragraph INTEGER NOT NULL,
        text TEXT NOT NULL,
        footnotes TEXT NOT NULL,
        ord INTEGER NOT NULL,
        line INTEGER,
        page INTEGER,
        -- What an update reuses vectors by: a paragraph whose passage (or text) is unchanged is not embedded again.
        passage_hash TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        vector BLOB NOT NULL
      );
      CREATE INDEX paragraphs_by_position ON paragraphs (document, ord);
      CREATE INDEX paragraphs_by_passage_hash ON paragraphs (passage_hash);
      CREATE INDEX paragraphs_by_text_hash ON paragraphs (text_hash);
      -- Sentence vectors are small and only read for the few paragraphs an answer quotes: a BLOB beside the text.
      CREATE TABLE sentences (
        paragraph_label INTEGER NOT NULL REFERENCES paragraphs (label),
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (paragraph_label, position)
      ) WITHOUT ROWID;
      CREATE TABLE term_frequencies (
        stem TEXT PRIMARY KEY,
        paragraphs INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE word_frequencies (
        word TEXT PRIMARY KEY,
        paragraphs INTEGER NOT NULL
      ) WITHOUT ROWID;
      -- SymSpell's symmetric deletions of every word (spelling-variants.ts): a misspelt word finds its candidates here.
      CREATE TABLE spelling_variants (
        variant TEXT NOT NULL,
        word TEXT NOT NULL,
        PRIMARY KEY (variant, word)
      ) WITHOUT ROWID;
      CREATE TABLE acronym_definitions (
        acronym TEXT NOT NULL,
        position INTEGER NOT NULL,
        long_form TEXT NOT NULL,
        PRIMARY KEY (acronym, position)
      ) WITHOUT ROWID;
      CREATE INDEX paragraphs_by_year ON paragraphs (year);
      -- External content: the FTS index refers to paragraphs rows by label instead of storing the text twice.
      CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
        text, topic, section,
        content = 'paragraphs', content_rowid = 'label',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `);
    const insertDocument = db.prepare(`
      INSERT INTO documents (id, ord, file, title, citation_label, symbol, body, session, date, year, source_hash)
      VALUES (@id, @ord, @file, @title, @citationLabel, @symbol, @body, @session, @date, @year, @sourceHash)
    `);
    const insertParagraph = db.prepare(`
      INSERT INTO paragraphs (label, id, document, part, chapter, year, meeting_dates, section, topic, paragraph, text, footnotes, ord, line, page, passage_hash, text_hash, vector)
      VALUES (@label, @id, @document, @part, @chapter, @year, @meetingDates, @section, @topic, @paragraph, @text, @footnotes, @order, @line, @page, @passageHash, @textHash, @vector)
    `);
    const insertSentence = db.prepare(
      'INSERT INTO sentences (paragraph_label, position, text, vector) VALUES (?, ?, ?, ?)',
    );
    const insertTerm = db.prepare('INSERT INTO term_frequencies (stem, paragraphs) VALUES (?, ?)');
    const insertDefinition = db.prepare('INSERT INTO acronym_definitions (acronym, position, long_form) VALUES (?, ?, ?)');
    const insertWord = db.prepare('INSERT INTO word_frequencies (word, paragraphs) VALUES (?, ?)');
    const insertVariant = db.prepare('INSERT OR IGNORE INTO spelling_variants (variant, word) VALUES (?, ?)');
    db.transaction(() => {
      manifest.documents.forEach((d, ord) => {
        // A document built from memory has no source: the next update parses its file again.
        insertDocument.run({ ...d, ord, sourceHash: sourceHashes?.get(d.id) ?? '' });
      });
      paragraphs.forEach((p, label) =>
        insertParagraph.run({
          ...p,
          label,
          footnotes: JSON.stringify(p.footnotes),
          passageHash: contentHashes[label]!.passage,
          textHash: contentHashes[label]!.text,
          vector: bytesOf(vectors[label]!),
        }),
      );
      for (const s of sentences) {
        insertSentence.run(s.paragraphLabel, s.position, s.text, bytesOf(s.vector));
      }
      for (const [stem, count] of documentFrequencies) insertTerm.run(stem, count);
      for (const [word, count] of wordFrequencies) {
        insertWord.run(word, count);
        for (const variant of spellingVariants(word)) insertVariant.run(variant, word);
      }
      for (const [acronym, longForms] of acronymDefinitions) longForms.forEach((form, position) => insertDefinition.run(acronym, position, form));
      db.exec(`INSERT INTO paragraphs_fts (paragraphs_fts) VALUES ('rebuild')`);
    })();
    db.exec(`INSERT INTO paragraphs_fts (paragraphs_fts) VALUES ('optimize')`);
    db.transaction(() => writeCommonMatches(db, paragraphs, wordFrequencies.keys()))();
    try {
      checkPages(db);
    } catch (error) {
      throw new Error(`${file} failed its check right after it was written: ${(error as Error).message}`);
    }
  } finally {
    db.close();
  }
}

/**
 * The kept matches (the MAX_MATCHES_PER_TERM best by BM25) of every token, and of every phrase of a few tokens
 * (commonPhrases), in more paragraphs than that, as lexical search would query them: to keep a thousand, FTS5
 * scores every paragraph holding the word or phrase, and at 100,000 paragraphs these queries of common words
 * ("drug") and phrases of them ("drug use") were most of lexical search's time. Each is stored under its tokens,
 * as a query for any other form of it ("drug users") makes them; a token FTS5 stems to itself is its own query,
 * another is queried by words of the corpus that make it. Words with letters beyond ASCII (whose tokens
 * fts5Token does not make) are left to be queried as before.
 */
function writeCommonMatches(db: Database.Database, paragraphs: readonly Paragraph[], words: Iterable<string>): void {
  db.exec(`
    CREATE TABLE common_matches (tokens TEXT PRIMARY KEY, labels BLOB NOT NULL, scores BLOB NOT NULL);
    CREATE VIRTUAL TABLE temp.fts_rows USING fts5vocab(main, 'paragraphs_fts', 'row');
  `);
  const common = new Map(db.prepare<[number], [string, number]>('SELECT term, doc FROM temp.fts_rows WHERE doc > ?').raw().all(MAX_MATCHES_PER_TERM));
  db.exec('DROP TABLE temp.fts_rows');
  if (common.size === 0) return;
  /** Each kept word's or phrase's FTS query, by its tokens, with the paragraphs that hold it. */
  const queries = new Map<string, { query: string; paragraphs: number }>();
  for (const [token, count] of common) if (fts5Token(token) === token) queries.set(token, { query: `"${token}"`, paragraphs: count });
  for (const word of words) {
    const token = fts5Token(word);
    if (token !== null && common.has(token) && !queries.has(token)) queries.set(token, { query: `"${word}"`, paragraphs: common.get(token)! });
  }
  const columns = (paragraph: Paragraph) => FTS_COLUMNS.map((column) => paragraph[column] ?? '');
  const tokens = paragraphs.map((p) => columns(p).map(lexicalTokens));
  for (const { tokens: phrase, paragraph, column, start, paragraphs: count } of commonPhrases(tokens)) {
    if (!phrase.every((token) => ASCII_TOKEN.test(token))) continue;
    const words = lexicalWords(columns(paragraphs[paragraph]!)[column]!).slice(start, start + phrase.length);
    queries.set(phrase.join(' '), { query: `"${words.join(' ')}"`, paragraphs: count });
  }
  const ftsMatches = db.prepare<[string, number], [number, number]>(PHRASE_MATCHES_SQL).raw();
  const queried = (query: string): KeptMatches => {
    const rows = ftsMatches.all(query, MAX_MATCHES_PER_TERM);
    return { labels: Int32Array.from(rows, (row) => row[0]), scores: Float64Array.from(rows, (row) => row[1]) };
  };
  const scorable = scorablePhrases(queries);
  const scored = commonMatches({ paragraphs: tokens, phrases: scorable, rowLengths: ftsRowLengths(db, paragraphs.length), idf: fts5Idf(db, paragraphs.length), limit: MAX_MATCHES_PER_TERM });
  // Used only when FTS5 agrees to the bit on the phrases held by fewest paragraphs and by most (the tokenizers must agree too).
  const checked = [...scorable].sort(([, a], [, b]) => a - b);
  const agrees = [...checked.slice(0, MATCHES_CHECKED), ...checked.slice(-MATCHES_CHECKED)].every(([key]) => sameMatches(scored.get(key)!, queried(queries.get(key)!.query)));
  const insert = db.prepare('INSERT INTO common_matches (tokens, labels, scores) VALUES (?, ?, ?)');
  for (const [key, { query }] of queries) {
    const { labels, scores } = (agrees ? scored.get(key) : undefined) ?? queried(query);
    insert.run(key, bytesOf(labels), bytesOf(scores));
  }
}

/**
 * The kept phrases scored in one pass (common-matches.ts), with the paragraphs that hold each: not one repeating a
 * token, whose overlapping matches FTS5 counts its own way, nor one whose start is not scored too, as the pass
 * finds a phrase by walking from its first token. The others are queried.
 */
function scorablePhrases(queries: ReadonlyMap<string, { paragraphs: number }>): Map<string, number> {
  const scorable = new Map<string, number>();
  const byLength = [...queries].map(([key, { paragraphs }]) => ({ key, tokens: key.split(' '), paragraphs })).sort((a, b) => a.tokens.length - b.tokens.length);
  for (const { key, tokens, paragraphs } of byLength) {
    const repeats = new Set(tokens).size !== tokens.length;
    if (!repeats && (tokens.length === 1 || scorable.has(tokens.slice(0, -1).join(' ')))) scorable.set(key, paragraphs);
  }
  return scorable;
}

/** Kept phrases whose matches a build compares with FTS5's own, among those in fewest paragraphs and among those in most. */
const MATCHES_CHECKED = 3;

function sameMatches(a: KeptMatches, b: KeptMatches): boolean {
  return a.labels.length === b.labels.length && a.labels.every((label, i) => label === b.labels[i] && Object.is(a.scores[i], b.scores[i]));
}

/** Every row's length in tokens over all columns, as FTS5 stored it (its docsize table: a varint per column). */
function ftsRowLengths(db: Database.Database, rows: number): Int32Array {
  const lengths = new Int32Array(rows);
  for (const [id, sizes] of db.prepare<[], [number, Buffer]>('SELECT id, sz FROM paragraphs_fts_docsize').raw().iterate()) {
    let total = 0;
    for (let i = 0; i < sizes.length; ) {
      // SQLite's varint: seven bits a byte, high bit set on all but the last (a column holds far fewer than 2^28 tokens).
      let value = 0;
      let byte;
      do {
        byte = sizes[i++]!;
        value = value * 128 + (byte & 0x7f);
      } while (byte & 0x80 && i < sizes.length);
      total += value;
    }
    lengths[id] = total;
  }
  return lengths;
}

/** The bytes of a vector or of stored matches, as SQLite keeps them in a BLOB. */
function bytesOf(values: Float32Array | Int32Array | Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** A copy of a BLOB out of SQLite's buffer, which may not be aligned for a typed array's view. */
function alignedCopy(bytes: Buffer): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

function vectorFromBytes(bytes: Buffer): Float32Array {
  return new Float32Array(alignedCopy(bytes));
}

/** Writes and flushes a small file so that a crash after the caller's next step cannot leave it empty. */
export function writeFileDurably(file: string, content: string): void {
  fs.writeFileSync(file, content);
  fsyncFile(file);
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads and validates a build's `manifest.json` without checking its format version, so callers can tell "old"
 * from "broken".
 * @example
 * const { paragraphCount } = readManifest('index/builds/20261202T101500000Z-4242-a1b2c3');
 */
export function readManifest(dir: string): Manifest {
  const { checkedParagraphs: _checked, ...manifest } = readManifestFile(dir);
  return manifest;
}

function readManifestFile(dir: string): ManifestFile {
  const file = path.join(dir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new IndexUnusableError(file, 'it is missing, so no build completed in this folder');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new IndexUnusableError(file, `it is not valid JSON (${(error as Error).message})`);
  }
  const parsed = ManifestFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new IndexUnusableError(file, `its content is not a manifest (${problems})`);
  }
  return parsed.data;
}

interface ParagraphRow {
  label: number;
  id: string;
  document: string;
  part: string | null;
  chapter: string | null;
  year: number | null;
  meeting_dates: string | null;
  section: string | null;
  topic: string | null;
  paragraph: number;
  text: string;
  footnotes: string;
  ord: number;
  line: number | null;
  page: number | null;
}

/** The paragraph columns, without the hashes and vector that only updates read. */
const PARAGRAPH_COLUMNS = 'label, id, document, part, chapter, year, meeting_dates, section, topic, paragraph, text, footnotes, ord, line, page';

function toParagraph(row: ParagraphRow): Paragraph {
  return {
    id: row.id,
    document: row.document,
    part: row.part,
    chapter: row.chapter,
    year: row.year,
    meetingDates: row.meeting_dates,
    section: row.section,
    topic: row.topic,
    paragraph: row.paragraph,
    text: row.text,
    footnotes: z.array(FootnoteSchema).parse(JSON.parse(row.footnotes)),
    order: row.ord,
    line: row.line,
    page: row.page,
  };
}

interface DocumentRow {
  id: string;
  file: string;
  title: string;
  citation_label: string;
  symbol: string | null;
  body: string | null;
  session: string | null;
  date: string | null;
  year: number | null;
  source_hash: string;
}

function toDocumentInfo(row: DocumentRow): DocumentInfo {
  const { id, file, title, citation_label: citationLabel, symbol, body, session, date, year } = row;
  return { id, file, title, citationLabel, symbol, body, session, date, year };
}

/**
 * FTS5 query that matches any of the terms. Each term becomes a quoted string, inside which FTS5 gives no
 * character a meaning except the doubled quote, so words like NEAR, AND or * from a user are only words.
 * Terms with no letter or digit would tokenize to nothing and are dropped.
 */
export function ftsQuery(terms: string[]): string | null {
  const quoted = terms
    .map((t) => t.replace(/"/g, ' ').trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .map((t) => `"${t}"`);
  return quoted.length === 0 ? null : quoted.join(' OR ');
}

type VectorIndex = InstanceType<typeof HierarchicalNSW>;

/**
 * Opens a build read-only, after checking that every file is present and consistent with the manifest.
 * @example
 * const store = openStore('index/builds/20261202T101500000Z-4242-a1b2c3', { vectors: false });
 */
export function openStore(dir: string, options: OpenStoreOptions = {}): ParagraphStore & ReusableIndex {
  const { checkedParagraphs, ...manifest } = readManifestFile(dir);
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexUnusableError(
      manifestFile,
      `it was built in format ${manifest.formatVersion} and this version reads format ${INDEX_FORMAT_VERSION}`,
    );
  }

  const paragraphsFile = path.join(dir, PARAGRAPHS_FILE);
  const vectorsFile = path.join(dir, VECTORS_FILE);
  for (const file of [paragraphsFile, vectorsFile]) {
    if (!fs.existsSync(file)) throw new IndexUnusableError(file, 'it is missing');
  }
  const vectors = options.vectors === false ? null : readVectorIndex(vectorsFile, manifest);

  let db: Database.Database;
  try {
    db = new Database(paragraphsFile, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new IndexUnusableError(paragraphsFile, `it cannot be opened (${(error as Error).message})`);
  }
  try {
    // A file changed since the build checked it (damaged, or copied without its times) is checked again, whole.
    const stamp = fileStamp(paragraphsFile);
    const unchanged = checkedParagraphs?.bytes === stamp.bytes && checkedParagraphs.modifiedMs === stamp.modifiedMs;
    if (!unchanged) checkPages(db);
    const { count } = db.prepare('SELECT count(*) AS count FROM paragraphs').get() as { count: number };
    if (count !== manifest.paragraphCount) {
      throw new Error(`it holds ${count} paragraphs but the manifest counts ${manifest.paragraphCount}`);
    }
    return new SqliteHnswStore(manifest, path.basename(dir), db, vectors);
  } catch (error) {
    db.close();
    throw new IndexUnusableError(paragraphsFile, `it is damaged (${(error as Error).message})`);
  }
}

function readVectorIndex(file: string, manifest: Manifest): VectorIndex {
  const vectors = new HierarchicalNSW('cosine', manifest.dimensions);
  try {
    vectors.readIndexSync(file);
  } catch (error) {
    throw new IndexUnusableError(file, `it cannot be read (${(error as Error).message})`);
  }
  if (vectors.getCurrentCount() !== manifest.paragraphCount) {
    throw new IndexUnusableError(file, `it holds ${vectors.getCurrentCount()} vectors but the manifest counts ${manifest.paragraphCount} paragraphs`);
  }
  // hnswlib takes the dimension count from the caller, not the file; cosine space stores unit vectors,
  // so a vector that is not of unit length means the file was written with another dimension count.
  if (manifest.paragraphCount > 0 && Math.abs(norm(vectors.getPoint(0)) - 1) > 1e-3) {
    throw new IndexUnusableError(file, `its vectors do not have the manifest's ${manifest.dimensions} dimensions`);
  }
  return vectors;
}

function norm(vector: number[]): number {
  return Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
}

/** Paragraphs kept in memory after a read; the index is read-only while open, so they never go stale. */
const RECENT_PARAGRAPHS = 20_000;

/** Documents are kept per HNSW label as their position in the manifest, so the vector search filters on them in memory. */
const NO_DOCUMENT = -1;

class SqliteHnswStore implements ParagraphStore, ReusableIndex {
  // Every search reads its few dozen candidates, and the same paragraphs come back query after query.
  private readonly recent = new LRUCache<string, Paragraph>({ max: RECENT_PARAGRAPHS });
  /**
   * A phrase's BM25 in a paragraph depends only on the phrase and the index, which is read-only while open; so a
   * phrase is matched in SQLite once, and a question made of words asked before costs no SQLite query at all.
   */
  private readonly phraseScores = new LRUCache<string, PhraseScores>({
    maxSize: CACHED_PHRASE_MATCHES,
    sizeCalculation: (entry) => Math.max(1, entry.labels.length),
    memoMethod: (query) => this.matchPhrase(query),
  });
  /** Each paragraph's lexical score and whether a term matched it, by label, for one search at a time. */
  private lexicalSums: { scores: Float64Array; matched: Uint8Array } | undefined;
  /**
   * What each filter admits, by the filter (a year or a document is asked for again and again): its share of the
   * paragraphs, and its labels when few enough to be searched exactly.
   */
  private readonly admitted = new LRUCache<string, AdmittedParagraphs>({
    max: 256,
    maxSize: EXACT_SEARCH_CACHED_BYTES,
    sizeCalculation: (entry) => 1 + (entry.exact?.vectors.byteLength ?? 0),
  });
  /** What the store matched of its corpus's words when it opened (see `matchCorpusWords`); null for a large corpus. */
  private corpusMatches: CorpusMatches | null = null;
  private readonly recentSentences = new LRUCache<string, readonly StoredSentence[]>({
    max: RECENT_SENTENCE_LISTS,
    memoMethod: (id) =>
      this.statements.sentences.all(id).map(({ text, position, vector }) => ({
        text,
        position,
        vector: vectorFromBytes(vector),
      })),
  });
  /** How many paragraphs contain each stem, read whole at the first question: idf and the vocabulary both need it. */
  private documentFrequencies: ReadonlyMap<string, number> | undefined;
  private readonly yearByLabel: Int32Array;
  private readonly documentByLabel: Int32Array;
  private readonly documentIndex: Map<string, number>;
  private readonly idByLabel: string[];
  private readonly statements;

  constructor(
    readonly manifest: Manifest,
    readonly version: string,
    private readonly db: Database.Database,
    private readonly vectors: VectorIndex | null,
  ) {
    this.statements = {
      byId: db.prepare<[string], ParagraphRow>(`SELECT ${PARAGRAPH_COLUMNS} FROM paragraphs WHERE id = ?`),
      all: db.prepare<[], ParagraphRow>(`SELECT ${PARAGRAPH_COLUMNS} FROM paragraphs ORDER BY label`),
      ofDocument: db.prepare<[string], ParagraphRow>(`SELECT ${PARAGRAPH_COLUMNS} FROM paragraphs WHERE document = ? ORDER BY ord`),
      documents: db.prepare<[], DocumentRow>('SELECT * FROM documents ORDER BY ord'),
      document: db.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE id = ?'),
      documentYears: db.prepare<[], { document: string; year: number | null; count: number }>(
        'SELECT document, year, count(*) AS count FROM paragraphs GROUP BY document, year ORDER BY document, year',
      ),
      byPassageHash: db.prepare<[string], { label: number; vector: Buffer }>('SELECT label, vector FROM paragraphs WHERE passage_hash = ? LIMIT 1'),
      byTextHash: db.prepare<[string], { label: number }>('SELECT label FROM paragraphs WHERE text_hash = ? LIMIT 1'),
      sentenceVectors: db.prepare<[number], { vector: Buffer }>('SELECT vector FROM sentences WHERE paragraph_label = ? ORDER BY position'),
      outline: db.prepare<[], ParagraphPlace>('SELECT id, document, year, meeting_dates AS meetingDates FROM paragraphs ORDER BY label'),
      previous: db.prepare<[string, number], { id: string }>(
        'SELECT id FROM paragraphs WHERE document = ? AND ord < ? ORDER BY ord DESC LIMIT 1',
      ),
      next: db.prepare<[string, number], { id: string }>(
        'SELECT id FROM paragraphs WHERE document = ? AND ord > ? ORDER BY ord ASC LIMIT 1',
      ),
      // Labels and scores only: ids and years are in memory, and the year filter applies after the cache.
      phrase: db.prepare<[string, number], [number, number]>(PHRASE_MATCHES_SQL).raw(),
      // Builds before it was written have no table of common words' and phrases' matches: every term is then queried.
      commonMatches: db.prepare<[], { found: number }>(`SELECT count(*) AS found FROM sqlite_master WHERE name = 'common_matches'`).get()!.found
        ? db.prepare<[string], { labels: Buffer; scores: Buffer }>('SELECT labels, scores FROM common_matches WHERE tokens = ?')
        : null,
      sentences: db.prepare<[string], { text: string; position: number; vector: Buffer }>(`
        SELECT s.text, s.position, s.vector FROM sentences s JOIN paragraphs p ON p.label = s.paragraph_label
        WHERE p.id = ? ORDER BY s.position
      `),
      allSentences: db.prepare<[], { id: string; text: string; position: number; vector: Buffer }>(`
        SELECT p.id, s.text, s.position, s.vector FROM sentences s JOIN paragraphs p ON p.label = s.paragraph_label
        ORDER BY s.paragraph_label, s.position
      `),
      vocabulary: db.prepare<[], [string, number]>('SELECT stem, paragraphs FROM term_frequencies').raw(),
      corpusWords: db.prepare<[], [string]>('SELECT word FROM word_frequencies').raw(),
      corpusWordMatches: db.prepare<[], { matches: number | null }>('SELECT sum(paragraphs) AS matches FROM word_frequencies'),
      spellingCandidates: db.prepare<[string], { word: string; paragraphs: number }>(`
        SELECT DISTINCT w.word, w.paragraphs FROM spelling_variants v JOIN word_frequencies w ON w.word = v.word
        WHERE v.variant IN (SELECT value FROM json_each(?))
      `),
      acronymDefinitions: db.prepare<[], { acronym: string; longForm: string }>(
        'SELECT acronym, long_form AS longForm FROM acronym_definitions ORDER BY acronym, position',
      ),
      documentCount: db.prepare<[], { count: number }>('SELECT count(*) AS count FROM documents'),
      yearCounts: db.prepare<[], { year: number; count: number }>(
        'SELECT year, count(*) AS count FROM paragraphs WHERE year IS NOT NULL GROUP BY year ORDER BY year',
      ),
    };

    this.yearByLabel = new Int32Array(manifest.paragraphCount);
    this.documentByLabel = new Int32Array(manifest.paragraphCount).fill(NO_DOCUMENT);
    this.documentIndex = new Map(manifest.documents.map((d, i) => [d.id, i]));
    this.idByLabel = new Array<string>(manifest.paragraphCount);
    const labels = db.prepare<[], { label: number; id: string; year: number | null; document: string }>(
      'SELECT label, id, year, document FROM paragraphs',
    );
    for (const { label, id, year, document } of labels.iterate()) {
      this.yearByLabel[label] = year ?? NO_YEAR;
      this.documentByLabel[label] = this.documentIndex.get(document) ?? NO_DOCUMENT;
      this.idByLabel[label] = id;
    }
    // A store opened without its vectors only shows paragraphs: it never searches.
    if (vectors !== null) {
      this.matchCorpusWords();
      this.readAllSentences();
    }
  }

  /** Every paragraph's sentences decoded at once, when they all fit among those kept: each search reads fifty paragraphs' sentences. */
  private readAllSentences(): void {
    if (this.manifest.paragraphCount > RECENT_SENTENCE_LISTS) return;
    const byId = new Map<string, StoredSentence[]>(this.idByLabel.map((id) => [id, []]));
    for (const { id, text, position, vector } of this.statements.allSentences.iterate()) byId.get(id)?.push({ text, position, vector: vectorFromBytes(vector) });
    for (const [id, sentences] of byId) this.recentSentences.set(id, sentences);
  }

  private matchPhrase(query: string): PhraseScores {
    const common = this.statements.commonMatches;
    const tokens = common === null ? null : asciiPhraseTokens(phraseOf(query));
    const precomputed = tokens === null || tokens.length === 0 || tokens.length > MAX_KEPT_PHRASE_TOKENS ? undefined : common!.get(tokens.join(' '));
    if (precomputed !== undefined) return { labels: new Int32Array(alignedCopy(precomputed.labels)), scores: new Float64Array(alignedCopy(precomputed.scores)) };
    const rows = this.statements.phrase.all(query, MAX_MATCHES_PER_TERM);
    return { labels: Int32Array.from(rows, (row) => row[0]), scores: Float64Array.from(rows, (row) => row[1]) };
  }

  /**
   * Each word of the corpus matched in the lexical index, as a question's word would be, when they are few
   * enough; with the index's own list of tokens, so that any word of ASCII letters and digits is looked up by its
   * token (fts5-porter.ts) without a query: "traffickers" finds the matches read for "trafficking", and a word
   * whose token no paragraph has matches nothing. Should this SQLite tokenize a word of the corpus otherwise than
   * fts5Token does, the tokens are not used and every other word is queried, as before.
   */
  private matchCorpusWords(): void {
    if ((this.statements.corpusWordMatches.get()?.matches ?? 0) > CORPUS_WORD_MATCHES_AT_OPEN) return;
    this.db.exec(`CREATE VIRTUAL TABLE temp.paragraphs_fts_terms USING fts5vocab(main, 'paragraphs_fts', 'row')`);
    const tokens = new Set(this.db.prepare<[], string>('SELECT term FROM temp.paragraphs_fts_terms').pluck().all());
    const matches: CorpusMatches = { tokens, byToken: new Map(), byPhrase: new Map(), phrases: null };
    let tokenizedAlike = true;
    for (const [word] of this.statements.corpusWords.all()) {
      const query = ftsQuery([word])?.toLowerCase();
      if (query === undefined) continue;
      const token = fts5Token(phraseOf(query));
      const known = token === null ? matches.byPhrase : matches.byToken;
      const key = token ?? query;
      if (known.has(key)) continue;
      const scores = this.matchPhrase(query);
      known.set(key, scores);
      if (token !== null && scores.labels.length > 0 !== tokens.has(token)) tokenizedAlike = false;
    }
    // Tokens no word of the corpus list makes (the parts of hyphenated words, "HIV" in "HIV/AIDS"): a token that
    // FTS5 stems to itself is its own query.
    for (const token of tokens) {
      if (!matches.byToken.has(token) && fts5Token(token) === token) matches.byToken.set(token, this.matchPhrase(`"${token}"`));
    }
    if (!tokenizedAlike) {
      this.corpusMatches = { tokens: null, byToken: new Map(), byPhrase: matches.byPhrase, phrases: null };
      return;
    }
    matches.phrases = this.phraseIndexAgreeing(matches.byToken);
    this.corpusMatches = matches;
  }

  /**
   * The index in memory (fts5-phrases.ts), when the BM25 it computes for every token the corpus's words make
   * is SQLite's to the bit (labels and scores), so that a phrase it scores is scored as SQLite would.
   */
  private phraseIndexAgreeing(byToken: ReadonlyMap<string, PhraseScores>): PhraseIndex | null {
    const index = PhraseIndex.read(this.db, 'paragraphs_fts', FTS_COLUMNS, BM25_WEIGHTS, this.manifest.paragraphCount);
    if (index === null) return null;
    for (const [token, fromSqlite] of byToken) {
      const computed = index.scores([token], MAX_MATCHES_PER_TERM);
      if (computed === null) continue;
      const expected = new Map(Array.from(fromSqlite.labels, (label, i) => [label, fromSqlite.scores[i]!]));
      if (computed.labels.length !== expected.size || computed.labels.some((label, i) => expected.get(label) !== computed.scores[i])) return null;
    }
    return index;
  }

  /** The matches of one FTS query (lower-cased): from what the store matched at open when it can tell, else from SQLite. */
  private phraseMatches(query: string): PhraseScores {
    const known = this.corpusMatches;
    if (known !== null) {
      const token = known.tokens === null ? null : fts5Token(phraseOf(query));
      if (token !== null) {
        if (!known.tokens!.has(token)) return NO_MATCHES;
        const matched = known.byToken.get(token);
        if (matched !== undefined) return matched;
      } else {
        const matched = known.byPhrase.get(query);
        if (matched !== undefined) return matched;
        const tokens = known.phrases === null ? null : asciiPhraseTokens(phraseOf(query));
        const scored = tokens === null || tokens.length === 0 ? null : known.phrases!.scores(tokens, MAX_MATCHES_PER_TERM);
        if (scored !== null) return scored;
      }
    }
    return this.phraseScores.memo(query);
  }

  forgetQueries(): void {
    this.phraseScores.clear();
  }

  async get(id: string): Promise<Paragraph | undefined> {
    return this.paragraph(id);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Paragraph>> {
    const found = new Map<string, Paragraph>();
    for (const id of ids) {
      const paragraph = this.paragraph(id);
      if (paragraph !== undefined) found.set(id, paragraph);
    }
    return found;
  }

  private paragraph(id: string): Paragraph | undefined {
    let paragraph = this.recent.get(id);
    if (paragraph === undefined) {
      const row = this.statements.byId.get(id);
      if (!row) return undefined;
      paragraph = toParagraph(row);
      this.recent.set(id, paragraph);
    }
    return paragraph;
  }

  async paragraphs(): Promise<Paragraph[]> {
    return this.statements.all.all().map(toParagraph);
  }

  documents(): DocumentSummary[] {
    const years = new Map<string, { years: number[]; paragraphs: number }>();
    for (const { document, year, count } of this.statements.documentYears.iterate()) {
      const entry = years.get(document) ?? { years: [], paragraphs: 0 };
      if (year !== null) entry.years.push(year);
      entry.paragraphs += count;
      years.set(document, entry);
    }
    return this.statements.documents.all().map((row) => ({ ...toDocumentInfo(row), ...(years.get(row.id) ?? { years: [], paragraphs: 0 }) }));
  }

  async documentParagraphs(documentId: string): Promise<Paragraph[]> {
    return this.statements.ofDocument.all(documentId).map(toParagraph);
  }

  async indexedDocument(documentId: string): Promise<IndexedDocument | undefined> {
    const row = this.statements.document.get(documentId);
    if (!row) return undefined;
    return { info: toDocumentInfo(row), sourceHash: row.source_hash, paragraphs: await this.documentParagraphs(documentId) };
  }

  async embedded(hashes: ReadonlyArray<ContentHashes>): Promise<Array<EmbeddedParagraph | undefined>> {
    return hashes.map(({ passage, text }) => this.embeddedOne(passage, text));
  }

  private embeddedOne(passageHash: string, textHash: string): EmbeddedParagraph | undefined {
    const sentencesOf = (label: number) => this.statements.sentenceVectors.all(label).map((row) => vectorFromBytes(row.vector));
    // The passage holds the text, so a paragraph with the same passage has the same sentences too.
    const samePassage = this.statements.byPassageHash.get(passageHash);
    if (samePassage) return { vector: vectorFromBytes(samePassage.vector), sentences: sentencesOf(samePassage.label) };
    // The same text under other headings: its sentences are reused, the passage is embedded again.
    const sameText = this.statements.byTextHash.get(textHash);
    return sameText ? { sentences: sentencesOf(sameText.label) } : undefined;
  }

  async outline(): Promise<ParagraphPlace[]> {
    return this.statements.outline.all();
  }

  async neighbours(id: string): Promise<{ previous: string | null; next: string | null }> {
    const row = this.statements.byId.get(id);
    if (!row) return { previous: null, next: null };
    return {
      previous: this.statements.previous.get(row.document, row.ord)?.id ?? null,
      next: this.statements.next.get(row.document, row.ord)?.id ?? null,
    };
  }

  /** Whether a label passes the filter, read from memory: a filtered search never asks SQLite which paragraph is where. */
  private admits(filter: SearchFilter): ((label: number) => boolean) | null {
    const { year, fromYear, toYear, document } = filter;
    if (year === undefined && fromYear === undefined && toYear === undefined && document === undefined) return null;
    const wantedDocument = document === undefined ? undefined : (this.documentIndex.get(document) ?? NO_DOCUMENT - 1);
    const years = this.yearByLabel;
    const documents = this.documentByLabel;
    const inYears = (y: number) =>
      (year === undefined || y === year) && (fromYear === undefined || (y !== NO_YEAR && y >= fromYear)) && (toYear === undefined || (y !== NO_YEAR && y <= toYear));
    return (label) => inYears(years[label]!) && (wantedDocument === undefined || documents[label] === wantedDocument);
  }

  /**
   * FTS5 ranks a whole MATCH with one bm25() and cannot weigh its phrases differently, but BM25 of an OR query
   * is the sum of each phrase's BM25 (its idf times its saturated term frequency). So each term is matched on
   * its own and the scores are summed with the terms' weights: for equal weights this is exactly the BM25 of
   * the OR query.
   */
  async lexicalSearch(terms: ReadonlyArray<string | WeightedTerm>, k: number, filter: SearchFilter = {}): Promise<ScoredId[]> {
    if (k <= 0) return [];
    const admits = this.admits(filter);
    // Summed in arrays by label, not a map: the same sums in the same order, without hashing each match. The
    // body never awaits, so no other search shares them meanwhile.
    this.lexicalSums ??= { scores: new Float64Array(this.manifest.paragraphCount), matched: new Uint8Array(this.manifest.paragraphCount) };
    const { scores: sums, matched } = this.lexicalSums;
    const matchedLabels: number[] = [];
    for (const term of terms) {
      const { text, weight } = typeof term === 'string' ? { text: term, weight: 1 } : term;
      const query = ftsQuery([text]);
      if (query === null || weight === 0) continue;
      // FTS5 matches case-insensitively: "NPS" and "nps" are one phrase.
      const { labels, scores } = this.phraseMatches(query.toLowerCase());
      for (let i = 0; i < labels.length; i++) {
        const label = labels[i]!;
        if (admits !== null && !admits(label)) continue;
        if (matched[label] === 0) {
          matched[label] = 1;
          matchedLabels.push(label);
          sums[label] = 0;
        }
        sums[label] = sums[label]! + weight * scores[i]!;
      }
    }
    const ranked = matchedLabels.map((label) => [label, sums[label]!] as const).sort(([labelA, a], [labelB, b]) => b - a || labelA - labelB);
    for (const label of matchedLabels) matched[label] = 0;
    return ranked.slice(0, k).map(([label, score]) => ({ id: this.idByLabel[label]!, score }));
  }

  /** Whether any paragraph holds the phrase, as lexicalSearch would match it (from the same matches). */
  async hasPhrase(text: string): Promise<boolean> {
    const query = ftsQuery([text]);
    return query !== null && this.phraseMatches(query.toLowerCase()).labels.length > 0;
  }

  async denseSearch(vector: Float32Array, k: number, filter: SearchFilter = {}): Promise<ScoredId[]> {
    if (this.vectors === null) throw new Error('This store was opened without its vectors (openStore with vectors: false)');
    const count = this.vectors.getCurrentCount();
    const wanted = Math.min(k, count);
    if (wanted <= 0) return [];
    const admits = this.admits(filter);
    const query = Array.from(vector);
    const scored = ({ neighbors, distances }: { neighbors: number[]; distances: number[] }) =>
      neighbors.map((label, i) => ({ id: this.idByLabel[label]!, score: 1 - distances[i]! }));
    if (admits === null) {
      this.vectors.setEf(searchBeam(wanted, count, HNSWLIB_BEAMS));
      return scored(this.vectors.searchKnn(query, wanted));
    }
    // hnswlib calls a filter back in JavaScript for every vector it visits, and walks on past the ones it
    // refuses: for one year of 100,000 paragraphs, 4.5 ms a search. Where the filter admits a fair share, the
    // nearest of all, enough of them to hold the wanted ones from that share, then filtered, are found in 1.2 ms
    // with the same neighbours but for 0.6 %. A filter admitting at most EXACT_SEARCH_MAX_ADMITTED paragraphs is
    // searched exactly; one between that and a fair share keeps hnswlib's filtered search.
    const { share, exact } = this.admittedBy(filter, admits, count);
    if (exact !== null) return this.exactSearch(vector, wanted, exact);
    if (share >= POST_FILTER_MIN_SHARE) {
      const widened = Math.min(count, Math.ceil((wanted / share) * POST_FILTER_WIDENING));
      this.vectors.setEf(searchBeam(widened, count, HNSWLIB_BEAMS));
      const { neighbors, distances } = this.vectors.searchKnn(query, widened);
      const kept = neighbors.flatMap((label, i) => (admits(label) ? [i] : [])).slice(0, wanted);
      // Too few of the share among the nearest (a query far from it): hnswlib's filtered search finds them.
      if (kept.length === Math.min(wanted, Math.round(share * count))) return scored({ neighbors: kept.map((i) => neighbors[i]!), distances: kept.map((i) => distances[i]!) });
    }
    this.vectors.setEf(searchBeam(wanted, count, HNSWLIB_BEAMS));
    return scored(this.vectors.searchKnn(query, wanted, admits));
  }

  private admittedBy(filter: SearchFilter, admits: (label: number) => boolean, count: number): AdmittedParagraphs {
    const key = JSON.stringify([filter.year, filter.fromYear, filter.toYear, filter.document]);
    let found = this.admitted.get(key);
    if (found === undefined) {
      const labels: number[] = [];
      let admitted = 0;
      for (let label = 0; label < count; label++) {
        if (!admits(label)) continue;
        if (++admitted <= EXACT_SEARCH_MAX_ADMITTED) labels.push(label);
      }
      found = { share: admitted / count, exact: admitted <= EXACT_SEARCH_MAX_ADMITTED ? this.exactSearchSet(labels) : null };
      this.admitted.set(key, found);
    }
    return found;
  }

  /** The labels' vectors, one after the other, read back from hnswlib once. */
  private exactSearchSet(labels: readonly number[]): ExactSearchSet {
    const dimensions = this.manifest.dimensions;
    const vectors = new Float32Array(labels.length * dimensions);
    labels.forEach((label, i) => vectors.set(this.vectors!.getPoint(label), i * dimensions));
    return { labels: Int32Array.from(labels), vectors };
  }

  /** The nearest of a few labels by cosine, every vector compared: the stored vectors are unit vectors. */
  private exactSearch(vector: Float32Array, wanted: number, { labels, vectors }: ExactSearchSet): ScoredId[] {
    const dimensions = vector.length;
    let norm = 0;
    for (const x of vector) norm += x * x;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const scores = Array.from(labels, (label, row) => {
      let dot = 0;
      for (let i = 0, at = row * dimensions; i < dimensions; i++, at++) dot += vectors[at]! * vector[i]!;
      return { label, score: dot * scale };
    });
    scores.sort((a, b) => b.score - a.score || a.label - b.label);
    return scores.slice(0, wanted).map(({ label, score }) => ({ id: this.idByLabel[label]!, score }));
  }

  async sentences(ids: readonly string[]): Promise<Map<string, readonly StoredSentence[]>> {
    const found = new Map<string, readonly StoredSentence[]>();
    // A paragraph that does not exist has no sentences either: asking for its sentences leaves it out.
    for (const id of ids) if (this.paragraph(id) !== undefined) found.set(id, this.recentSentences.memo(id));
    return found;
  }

  idf(stem: string): number {
    const n = this.manifest.paragraphCount;
    const df = this.vocabulary().get(stem) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  vocabulary(): ReadonlyMap<string, number> {
    this.documentFrequencies ??= new Map(this.statements.vocabulary.all());
    return this.documentFrequencies;
  }

  async spellingCandidates(word: string): Promise<WordFrequency[]> {
    return this.statements.spellingCandidates.all(JSON.stringify(spellingVariants(word.toLowerCase())));
  }

  acronymDefinitions(): ReadonlyMap<string, readonly string[]> {
    const definitions = new Map<string, string[]>();
    for (const { acronym, longForm } of this.statements.acronymDefinitions.iterate()) {
      definitions.set(acronym, [...(definitions.get(acronym) ?? []), longForm]);
    }
    return definitions;
  }

  stats(): CorpusStats {
    const years: Record<string, number> = {};
    for (const { year, count } of this.statements.yearCounts.all()) years[String(year)] = count;
    return {
      documents: this.statements.documentCount.get()!.count,
      paragraphs: this.manifest.paragraphCount,
      years,
    };
  }

  async close(): Promise<void> {
    // What was read at open goes too: a closed store answers nothing, from memory or not.
    this.corpusMatches = null;
    this.recentSentences.clear();
    this.db.close();
  }
}
