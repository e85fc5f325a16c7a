import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import pgvector from 'pgvector/pg';
import { z } from 'zod';
import type { DocumentInfo, Paragraph } from '../parse/types.js';
import { MAX_MATCHES_PER_TERM } from './bm25.js';
import { lexicalTokens } from './lexical-tokens.js';
import { PGVECTOR_BEAMS, searchBeam, type MeasuredBeams } from './hnsw-beam.js';
import { phraseParts, phraseSource, type PartCount, type PhraseSource } from './phrase-candidates.js';
import {
  BUILD_TABLES,
  identifier,
  indexedVector,
  occurrencesCanOverlap,
  phraseFrequencySql,
  phraseQuery,
  spacedStems,
  statementName,
  VECTOR_INDEX,
} from './postgres-build.js';
import type { PostgresPool } from './postgres-pool.js';
import { spellingVariants } from './spelling-variants.js';
import {
  IndexUnusableError,
  type ContentHashes,
  type CorpusStats,
  type DocumentSummary,
  type EmbeddedParagraph,
  type IndexedDocument,
  type Manifest,
  type OpenStoreOptions,
  type ParagraphPlace,
  type ParagraphStore,
  type ReusableIndex,
  type ScoredId,
  type SearchFilter,
  type StoredSentence,
  type WeightedTerm,
  type WordFrequency,
} from './types.js';

/*
 * Reading one build of the index from PostgreSQL (its tables: postgres-build.ts). What every question consults
 * (term statistics, acronyms, the document list) is read once at opening; paragraphs, sentences and searches are
 * queries, each one statement on a pooled connection.
 */


/** pgvector's largest beam; beyond it, the iterative scan carries on past the beam to find k neighbours. */
const HNSW_MAX_EF_SEARCH = 1000;

/**
 * Rows read by one statement when reading a whole table (all paragraphs, the outline, the vocabulary): a page
 * reads in well under the statement timeout even at a million paragraphs, and is a few MB of memory.
 */
const ROWS_PER_PAGE = 10_000;

/** Hashes looked up per statement when an update asks for the vectors of every paragraph of the corpus. */
const HASHES_PER_STATEMENT = 1_000;

/** Paragraphs kept in memory after a read; the build is read-only, so they never go stale. */
const RECENT_PARAGRAPHS = 20_000;

/** Sentences (with their vectors) of this many paragraphs are kept: answers quote the same paragraphs again and again. */
const RECENT_SENTENCE_LISTS = 5_000;

const FootnotesSchema = z.array(z.object({ marker: z.string(), text: z.string() }));

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
 * A manifest as stored in the builds table, checked; `table` names that table in the error.
 * @example
 * const manifest = parseManifest(row.manifest, 'undocs.builds');
 */
export function parseManifest(json: unknown, table: string): Manifest {
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new IndexUnusableError(table, `its manifest is not a manifest (${problems})`);
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
  footnotes: unknown;
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
    footnotes: FootnotesSchema.parse(row.footnotes),
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
 * A vector read as pgvector sends it in binary (`vector_send(embedding)`): its dimensions as a 16-bit count, 16
 * unused bits, then big-endian float4s. Reading vectors as text, as pgvector's parser does, cost a search's
 * sentences three times as long (about 80 sentences: 4 ms, against 1.3 ms), most of it parsing decimals.
 */
function vectorFromBinary(bytes: Buffer): Float32Array {
  const vector = new Float32Array(bytes.readUInt16BE(0));
  for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatBE(4 + 4 * i);
  return vector;
}

/** One build's tables and the pool that reaches them: its statements, each named for the build. */
class BuildQueries {
  readonly s: string;

  constructor(
    readonly pool: PostgresPool,
    readonly build: string,
    readonly schema: string,
  ) {
    this.s = identifier(schema);
  }

  query<Row>(purpose: string, text: string, values: unknown[] = []): Promise<Row[]> {
    return this.pool.query<Row>({ name: statementName(purpose, this.build), text, values });
  }

  /** Every row of a statement that reads in pages of `WHERE key > $1 ORDER BY key LIMIT $2`, starting below `first`. */
  async readInPages<Row, Key>(purpose: string, text: string, first: Key, keyOf: (row: Row) => Key): Promise<Row[]> {
    const rows: Row[] = [];
    let after = first;
    for (;;) {
      const page = await this.query<Row>(purpose, text, [after, ROWS_PER_PAGE]);
      rows.push(...page);
      if (page.length < ROWS_PER_PAGE) return rows;
      after = keyOf(page[page.length - 1]!);
    }
  }

  async paragraphsById(ids: readonly string[]): Promise<Paragraph[]> {
    const rows = await this.query<ParagraphRow>('paragraphs by id', `SELECT ${PARAGRAPH_COLUMNS} FROM ${this.s}.paragraphs WHERE id = ANY($1::text[])`, [ids]);
    return rows.map(toParagraph);
  }

  async documentParagraphs(documentId: string): Promise<Paragraph[]> {
    const rows = await this.query<ParagraphRow>('document paragraphs', `SELECT ${PARAGRAPH_COLUMNS} FROM ${this.s}.paragraphs WHERE document = $1 ORDER BY ord`, [documentId]);
    return rows.map(toParagraph);
  }
}

/**
 * Opens a build after checking it is whole: its tables exist, it holds the paragraphs its manifest counts, in
 * vectors of the manifest's dimensions, indexed in half precision. Reads what the store answers from memory. The
 * manifest's format is the caller's to check, against the table it read it from.
 * @example
 * const store = await openPostgresStore(pool, build, buildSchema('undocs', build), manifest);
 */
export async function openPostgresStore(pool: PostgresPool, build: string, schema: string, manifest: Manifest, options: OpenStoreOptions = {}): Promise<ParagraphStore> {
  const queries = new BuildQueries(pool, build, schema);
  await checkBuild(queries, manifest);
  const beams = await vectorIndexBeams(queries, manifest);
  const { s } = queries;
  const [vocabulary, probedPhrases, definitions, documents, documentYears] = await Promise.all([
    queries.readInPages<{ stem: string; paragraphs: number }, string>(
      'vocabulary',
      `SELECT stem, paragraphs FROM ${s}.term_frequencies WHERE stem > $1 ORDER BY stem LIMIT $2`,
      '',
      (row) => row.stem,
    ),
    queries.readInPages<{ phrase: string; present: boolean }, string>(
      'probed phrases',
      `SELECT phrase, present FROM ${s}.probed_phrases WHERE phrase > $1 ORDER BY phrase LIMIT $2`,
      '',
      (row) => row.phrase,
    ),
    queries.query<{ acronym: string; long_form: string }>('acronym definitions', `SELECT acronym, long_form FROM ${s}.acronym_definitions ORDER BY acronym, position`),
    queries.query<DocumentRow>('documents', `SELECT * FROM ${s}.documents ORDER BY ord`),
    queries.query<{ document: string; year: number | null; paragraphs: number }>(
      'document years',
      `SELECT document, year, count(*)::int AS paragraphs FROM ${s}.paragraphs GROUP BY document, year ORDER BY document, year`,
    ),
  ]);
  return new PostgresStore(queries, manifest, options.vectors !== false, {
    vocabulary: new Map(vocabulary.map((row) => [row.stem, row.paragraphs])),
    probedPhrases: new Map(probedPhrases.map((row) => [row.phrase, row.present])),
    acronymDefinitions: groupDefinitions(definitions),
    documents: summarise(documents, documentYears),
    stats: { documents: documents.length, paragraphs: manifest.paragraphCount, years: yearCounts(documentYears) },
    beams,
  });
}

/**
 * Opens a build as the source an update reuses: its parsed documents and its vectors.
 * @example
 * const previous = await openPostgresReusable(pool, build, buildSchema('undocs', build), manifest);
 */
export async function openPostgresReusable(pool: PostgresPool, build: string, schema: string, manifest: Manifest): Promise<ReusableIndex> {
  const queries = new BuildQueries(pool, build, schema);
  // Only what an update reuses: a build of an earlier schema, which no server can open, still gives its vectors.
  await checkBuild(queries, manifest, REUSED_TABLES);
  return new PostgresReusableIndex(queries, manifest);
}

/** The tables an update reads from the build it replaces (PostgresReusableIndex). */
const REUSED_TABLES = ['documents', 'paragraphs', 'sentences'] as const;

async function checkBuild(queries: BuildQueries, manifest: Manifest, tables: readonly string[] = BUILD_TABLES): Promise<void> {
  const { schema, s } = queries;
  const [missing] = await queries.query<{ name: string }>(
    'missing tables',
    "SELECT name FROM unnest($2::text[]) AS name WHERE to_regclass(format('%I.%I', $1::text, name)) IS NULL",
    [schema, tables],
  );
  if (missing) throw new IndexUnusableError(`${schema}.${missing.name}`, 'it does not exist');
  const [counts] = await queries.query<{ paragraphs: number; dimensions: number }>(
    'paragraph count',
    `SELECT (SELECT count(*)::int FROM ${s}.paragraphs) AS paragraphs,
      (SELECT atttypmod FROM pg_attribute WHERE attrelid = '${s}.paragraphs'::regclass AND attname = 'embedding') AS dimensions`,
  );
  if (counts!.paragraphs !== manifest.paragraphCount) {
    throw new IndexUnusableError(`${schema}.paragraphs`, `it holds ${counts!.paragraphs} paragraphs but the manifest counts ${manifest.paragraphCount}`);
  }
  if (counts!.dimensions !== manifest.dimensions) {
    throw new IndexUnusableError(`${schema}.paragraphs`, `its vectors have ${counts!.dimensions} dimensions but the manifest's model has ${manifest.dimensions}`);
  }
}

/** pgvector's M when an index names none. */
const PGVECTOR_DEFAULT_M = 16;

/**
 * The search beams measured for the build's HNSW graph. A search orders by the index's expression: a build of an
 * earlier layout, which indexed the full vectors, would be scanned whole; and a graph's beam is measured for its M.
 */
async function vectorIndexBeams(queries: BuildQueries, manifest: Manifest): Promise<MeasuredBeams> {
  const { schema, s } = queries;
  const [index] = await queries.query<{ definition: string | null }>(
    'vector index',
    `SELECT pg_get_indexdef(to_regclass('${s}.${VECTOR_INDEX}')) AS definition`,
  );
  const where = `${schema}.${VECTOR_INDEX}`;
  if (!index?.definition?.includes(`::halfvec(${manifest.dimensions})`)) {
    throw new IndexUnusableError(where, 'it is not an index of the vectors in half precision, as this version searches them');
  }
  const m = Number(/\bm\s*=\s*'?(\d+)/.exec(index.definition)?.[1] ?? PGVECTOR_DEFAULT_M);
  const beams = PGVECTOR_BEAMS[m];
  if (beams === undefined) {
    throw new IndexUnusableError(where, `its graph has M ${m}, for which this version has no measured search beam (${Object.keys(PGVECTOR_BEAMS).map((known) => `M ${known}`).join(', ')})`);
  }
  return beams;
}

function groupDefinitions(rows: ReadonlyArray<{ acronym: string; long_form: string }>): Map<string, string[]> {
  const definitions = new Map<string, string[]>();
  for (const { acronym, long_form: longForm } of rows) definitions.set(acronym, [...(definitions.get(acronym) ?? []), longForm]);
  return definitions;
}

function yearCounts(documentYears: ReadonlyArray<{ year: number | null; paragraphs: number }>): Record<string, number> {
  const years: Record<string, number> = {};
  for (const { year, paragraphs } of documentYears) {
    if (year !== null) years[String(year)] = (years[String(year)] ?? 0) + paragraphs;
  }
  return years;
}

function summarise(documents: DocumentRow[], documentYears: ReadonlyArray<{ document: string; year: number | null; paragraphs: number }>): DocumentSummary[] {
  const years = new Map<string, { years: number[]; paragraphs: number }>();
  for (const { document, year, paragraphs } of documentYears) {
    const entry = years.get(document) ?? { years: [], paragraphs: 0 };
    if (year !== null) entry.years.push(year);
    entry.paragraphs += paragraphs;
    years.set(document, entry);
  }
  return documents.map((row) => ({ ...toDocumentInfo(row), ...(years.get(row.id) ?? { years: [], paragraphs: 0 }) }));
}

/** What the store answers from memory, read at opening. */
interface Preloaded {
  vocabulary: ReadonlyMap<string, number>;
  /** The build's probed_phrases: for each phrase it was given, by its spaced stems, whether the corpus holds it. */
  probedPhrases: ReadonlyMap<string, boolean>;
  acronymDefinitions: ReadonlyMap<string, readonly string[]>;
  documents: DocumentSummary[];
  stats: CorpusStats;
  /** The search beams measured for the build's HNSW graph. */
  beams: MeasuredBeams;
}

/** A term of a lexical search: its stems (several make a phrase) and its weight. */
interface LexicalTerm {
  stems: string[];
  weight: number;
}

class PostgresStore implements ParagraphStore {
  readonly version: string;
  // Every search reads its few dozen candidates, and the same paragraphs come back query after query.
  private readonly recent = new LRUCache<string, Paragraph>({ max: RECENT_PARAGRAPHS });
  private readonly recentSentences = new LRUCache<string, readonly StoredSentence[]>({ max: RECENT_SENTENCE_LISTS });

  constructor(
    private readonly queries: BuildQueries,
    readonly manifest: Manifest,
    private readonly withVectors: boolean,
    private readonly preloaded: Preloaded,
  ) {
    this.version = queries.build;
  }

  idf(stem: string): number {
    const n = this.manifest.paragraphCount;
    const df = this.preloaded.vocabulary.get(stem) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  vocabulary(): ReadonlyMap<string, number> {
    return this.preloaded.vocabulary;
  }

  acronymDefinitions(): ReadonlyMap<string, readonly string[]> {
    return this.preloaded.acronymDefinitions;
  }

  stats(): CorpusStats {
    return { ...this.preloaded.stats, years: { ...this.preloaded.stats.years } };
  }

  documents(): DocumentSummary[] {
    return this.preloaded.documents.map((d) => ({ ...d, years: [...d.years] }));
  }

  forgetQueries(): void {
    // Nothing to forget: this store caches paragraphs and sentences, which any question reuses, and asks the
    // database for every lexical search (whose own buffers are PostgreSQL's, shared by every server).
  }

  async get(id: string): Promise<Paragraph | undefined> {
    return (await this.getMany([id])).get(id);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Paragraph>> {
    const found = new Map<string, Paragraph>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const paragraph = this.recent.get(id);
      if (paragraph === undefined) missing.push(id);
      else found.set(id, paragraph);
    }
    if (missing.length > 0) {
      for (const paragraph of await this.queries.paragraphsById(missing)) {
        this.recent.set(paragraph.id, paragraph);
        found.set(paragraph.id, paragraph);
      }
    }
    return found;
  }

  async paragraphs(): Promise<Paragraph[]> {
    const rows = await this.queries.readInPages<ParagraphRow, number>(
      'all paragraphs',
      `SELECT ${PARAGRAPH_COLUMNS} FROM ${this.queries.s}.paragraphs WHERE label > $1 ORDER BY label LIMIT $2`,
      -1,
      (row) => row.label,
    );
    return rows.map(toParagraph);
  }

  documentParagraphs(documentId: string): Promise<Paragraph[]> {
    return this.queries.documentParagraphs(documentId);
  }

  async outline(): Promise<ParagraphPlace[]> {
    const rows = await this.queries.readInPages<{ label: number; id: string; document: string; year: number | null; meeting_dates: string | null }, number>(
      'outline',
      `SELECT label, id, document, year, meeting_dates FROM ${this.queries.s}.paragraphs WHERE label > $1 ORDER BY label LIMIT $2`,
      -1,
      (row) => row.label,
    );
    return rows.map(({ id, document, year, meeting_dates: meetingDates }) => ({ id, document, year, meetingDates }));
  }

  async neighbours(id: string): Promise<{ previous: string | null; next: string | null }> {
    const { s } = this.queries;
    const [row] = await this.queries.query<{ previous: string | null; next: string | null }>(
      'neighbours',
      `SELECT
        (SELECT q.id FROM ${s}.paragraphs q WHERE q.document = p.document AND q.ord < p.ord ORDER BY q.ord DESC LIMIT 1) AS previous,
        (SELECT q.id FROM ${s}.paragraphs q WHERE q.document = p.document AND q.ord > p.ord ORDER BY q.ord LIMIT 1) AS next
      FROM ${s}.paragraphs p WHERE p.id = $1`,
      [id],
    );
    return row ?? { previous: null, next: null };
  }

  /**
   * Each term's best MAX_MATCHES_PER_TERM matches (from the postings for a word or a common phrase,
   * matched at query time for any other phrase), filtered, then summed with the terms' weights in the order
   * given, as the embedded store sums them: the same doubles in the same order, so equal scores tie alike and
   * break by label.
   */
  async lexicalSearch(terms: ReadonlyArray<string | WeightedTerm>, k: number, filter: SearchFilter = {}): Promise<ScoredId[]> {
    if (k <= 0) return [];
    const searched: LexicalTerm[] = [];
    for (const term of terms) {
      const { text, weight } = typeof term === 'string' ? { text: term, weight: 1 } : term;
      // As the embedded store's ftsQuery: a term with no letter or digit has nothing to match.
      if (weight === 0 || !/[\p{L}\p{N}]/u.test(text)) continue;
      const stems = lexicalTokens(text);
      if (stems.length > 0) searched.push({ stems, weight });
    }
    const sources = await this.phraseSources(searched.map(({ stems }) => stems));
    // A phrase in no paragraph adds nothing to any sum: it is not sent.
    const sent = searched.filter((_, i) => sources[i]!.from !== 'nowhere');
    const sentSources = sources.filter((source) => source.from !== 'nowhere');
    if (sent.length === 0) return [];
    const { s } = this.queries;
    const filtered = filterValues(filter).some((value) => value !== null);
    // Summed by paragraph before any paragraph is read: unfiltered, only the k best are then looked up; filtered,
    // each summed paragraph once. Joined before summing, the planner scanned every paragraph to merge them.
    // Within years, a match outside them is dropped before the sum: a search in one of five years sums and reads a
    // fifth of the paragraphs.
    const ranked = filtered
      ? `SELECT p.id, sc.score FROM scored sc JOIN ${s}.paragraphs p ON p.label = sc.label
        WHERE ${documentCondition('p', 11)}
        ORDER BY sc.score DESC, sc.label LIMIT $7`
      : `SELECT p.id, best.score FROM (SELECT * FROM scored ORDER BY score DESC, label LIMIT $7) best
        JOIN ${s}.paragraphs p ON p.label = best.label
        ORDER BY best.score DESC, best.label`;
    // A posting holds its paragraph's year; a phrase matched now takes it from its paragraph.
    const postingInYears = filtered ? `WHERE ${yearCondition('hit', 8)}` : '';
    const phraseMatchInYears = filtered ? { join: `JOIN ${s}.paragraphs within ON within.label = hit.label`, condition: `AND ${yearCondition('within', 8)}` } : { join: '', condition: '' };
    const rows = await this.queries.query<{ id: string; score: number }>(
      filtered ? 'lexical search filtered' : 'lexical search',
      `WITH terms AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::tsquery[], $5::text[], $6::float8[])
          WITH ORDINALITY AS term (stem, phrase, overlapping, query, candidates_from, weight, position)
      ),
      matches AS (
        SELECT term.position, term.weight, hit.label, hit.score
        FROM terms term
        CROSS JOIN LATERAL (
          SELECT p.label, p.score, p.year FROM ${s}.postings p WHERE p.stem = coalesce(term.stem, term.phrase)
          ORDER BY p.score DESC, p.label LIMIT ${MAX_MATCHES_PER_TERM}
        ) hit
        ${postingInYears}
        UNION ALL
        SELECT term.position, term.weight, hit.label, hit.score
        FROM terms term
        CROSS JOIN LATERAL ${s}.phrase_matches(term.phrase, term.overlapping, term.query, term.candidates_from, ${MAX_MATCHES_PER_TERM}) hit
        ${phraseMatchInYears.join}
        WHERE term.phrase IS NOT NULL AND NOT EXISTS (SELECT FROM ${s}.postings kept WHERE kept.stem = term.phrase)
          ${phraseMatchInYears.condition}
      ),
      -- Each paragraph's terms summed in the question's order, as FTS5 sums them, so that the doubles come out the
      -- same: the rows sorted first, then summed as they come (PostgreSQL's documentation: a sorted subquery feeds
      -- an aggregate in order, short of a parallel plan). An aggregate's own ORDER BY, which PostgreSQL 15 sorts
      -- paragraph by paragraph, took twice as long over 17,000 rows, as many as a search's at 100,000 paragraphs.
      scored AS (
        SELECT m.label, sum(m.weight * m.score) AS score
        FROM (SELECT * FROM matches ORDER BY label, position) m
        GROUP BY m.label
      )
      ${ranked}`,
      [
        sent.map(({ stems }) => (stems.length === 1 ? stems[0]! : null)),
        sent.map(({ stems }) => (stems.length > 1 ? spacedStems(stems) : null)),
        sent.map(({ stems }) => occurrencesCanOverlap(stems)),
        sent.map(({ stems }) => (stems.length > 1 ? phraseQuery(stems) : null)),
        sentSources.map((source) => (source.from === 'part' ? postingsKey(source.part) : null)),
        sent.map((t) => t.weight),
        k,
        ...(filtered ? filterValues(filter) : []),
      ],
    );
    return rows;
  }

  /**
   * Where each term's matches are (phrase-candidates.ts); a one-stem term's are in the postings. The counts of
   * the phrases' parts are asked in one query, and only when some phrase is searched.
   */
  private async phraseSources(terms: ReadonlyArray<readonly string[]>): Promise<PhraseSource[]> {
    const parts = new Map<string, readonly string[]>();
    for (const stems of terms) if (stems.length > 1) for (const part of phraseParts(stems)) parts.set(postingsKey(part), part);
    if (parts.size === 0) return terms.map(() => ({ from: 'kept' }));
    const { s } = this.queries;
    const rows = await this.queries.query<{ key: string; paragraphs: number | null; kept: boolean }>(
      'phrase parts',
      `SELECT part.key, f.paragraphs, EXISTS (SELECT FROM ${s}.postings k WHERE k.stem = part.key) AS kept
      FROM unnest($1::text[]) AS part (key) LEFT JOIN ${s}.part_frequencies f ON f.part = part.key`,
      [[...parts.keys()]],
    );
    const counts = new Map<string, PartCount>(rows.map(({ key, paragraphs, kept }) => [key, { paragraphs, kept }]));
    return terms.map((stems) => (stems.length > 1 ? phraseSource(stems, (part) => counts.get(postingsKey(part))!) : { from: 'kept' }));
  }

  /**
   * Whether any paragraph holds the phrase, as lexicalSearch would match it: as the build found it, for a phrase
   * it was given (a WordNet entry: what a question's synonym checks ask); otherwise from its kept matches, or
   * from the first candidate that holds it. Asked in SQL, a phrase the corpus lacks costs a scan of every
   * paragraph, since the planner expects a phrase query to match many (0.2 s at 100,000 paragraphs).
   */
  async hasPhrase(text: string): Promise<boolean> {
    if (!/[\p{L}\p{N}]/u.test(text)) return false;
    const stems = lexicalTokens(text);
    if (stems.length === 0) return false;
    const recorded = stems.length > 1 ? this.preloaded.probedPhrases.get(spacedStems(stems)) : undefined;
    if (recorded !== undefined) return recorded;
    const { s } = this.queries;
    if (stems.length === 1) {
      const [row] = await this.queries.query<{ found: boolean }>('has word', `SELECT EXISTS (SELECT FROM ${s}.postings WHERE stem = $1) AS found`, [stems[0]!]);
      return row?.found === true;
    }
    const [source] = await this.phraseSources([stems]);
    if (source!.from !== 'part' && source!.from !== 'words') return source!.from === 'kept';
    const [row] = await this.queries.query<{ found: boolean }>(
      'has phrase',
      `SELECT EXISTS (SELECT FROM ${s}.lexical_paragraphs l
          WHERE $4::text IS NULL AND (l.lexemes @@ $3::tsquery OR NOT l.lexemes_complete) AND ${phraseFrequencySql(s, 'l', '$1', '$2')} > 0)
        OR EXISTS (SELECT FROM ${s}.postings part JOIN ${s}.lexical_paragraphs l ON l.label = part.label
          WHERE part.stem = $4 AND ${phraseFrequencySql(s, 'l', '$1', '$2')} > 0) AS found`,
      [spacedStems(stems), occurrencesCanOverlap(stems), phraseQuery(stems), source!.from === 'part' ? postingsKey(source!.part) : null],
    );
    return row?.found === true;
  }

  async denseSearch(vector: Float32Array, k: number, filter: SearchFilter = {}): Promise<ScoredId[]> {
    if (!this.withVectors) throw new Error('This store was opened without its vectors (open with vectors: false)');
    const wanted = Math.min(k, this.manifest.paragraphCount);
    if (wanted <= 0) return [];
    const filtered = filterValues(filter).some((value) => value !== null);
    const { s } = this.queries;
    // The query vector is a parameter of ORDER BY itself, in the index's half precision: that is the form the planner
    // answers from the HNSW index. The distance returned is the full vectors', as the embedded store's.
    const dimensions = this.manifest.dimensions;
    const nearest = `${indexedVector('embedding', dimensions)} <=> ${indexedVector('$1::vector', dimensions)}`;
    const rows = await this.queries.pool.transaction(async (client) => {
      await client.query({
        name: 'hnsw settings',
        text: "SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', $2, true)",
        // A filter drops neighbours after the beam found them: the iterative scan searches on until k pass it.
        values: [String(Math.min(searchBeam(wanted, this.manifest.paragraphCount, this.preloaded.beams), HNSW_MAX_EF_SEARCH)), filtered || wanted > HNSW_MAX_EF_SEARCH ? 'relaxed_order' : 'off'],
      });
      const result = await client.query<{ id: string; distance: number }>(
        filtered
          ? {
              name: statementName('dense search filtered', this.queries.build),
              text: `SELECT id, embedding <=> $1::vector AS distance FROM ${s}.paragraphs
                WHERE ${filterCondition('paragraphs', 3)} ORDER BY ${nearest} LIMIT $2`,
              values: [vectorParameter(vector), wanted, ...filterValues(filter)],
            }
          : {
              name: statementName('dense search', this.queries.build),
              text: `SELECT id, embedding <=> $1::vector AS distance FROM ${s}.paragraphs ORDER BY ${nearest} LIMIT $2`,
              values: [vectorParameter(vector), wanted],
            },
      );
      return result.rows;
    });
    // relaxed_order may return neighbours slightly out of order.
    return rows.map(({ id, distance }) => ({ id, score: 1 - distance })).sort((a, b) => b.score - a.score);
  }

  async sentences(ids: readonly string[]): Promise<Map<string, readonly StoredSentence[]>> {
    const found = new Map<string, readonly StoredSentence[]>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const sentences = this.recentSentences.get(id);
      if (sentences === undefined) missing.push(id);
      else found.set(id, sentences);
    }
    if (missing.length === 0) return found;
    const { s } = this.queries;
    // A paragraph without sentences still has its row (with nulls), so that it reads as empty rather than absent.
    const rows = await this.queries.query<{ id: string; position: number | null; text: string | null; embedding: Buffer | null }>(
      'sentences',
      `SELECT p.id, x.position, x.text, vector_send(x.embedding) AS embedding FROM ${s}.paragraphs p
      LEFT JOIN ${s}.sentences x ON x.paragraph_label = p.label
      WHERE p.id = ANY($1::text[]) ORDER BY p.id, x.position`,
      [missing],
    );
    const read = new Map<string, StoredSentence[]>();
    for (const row of rows) {
      const list = read.get(row.id) ?? [];
      if (row.position !== null) list.push({ text: row.text!, position: row.position, vector: vectorFromBinary(row.embedding!) });
      read.set(row.id, list);
    }
    for (const [id, sentences] of read) {
      this.recentSentences.set(id, sentences);
      found.set(id, sentences);
    }
    return found;
  }

  async spellingCandidates(word: string): Promise<WordFrequency[]> {
    const { s } = this.queries;
    return this.queries.query<WordFrequency>(
      'spelling candidates',
      `SELECT DISTINCT w.word, w.paragraphs FROM ${s}.spelling_variants v JOIN ${s}.word_frequencies w ON w.word = v.word
      WHERE v.variant = ANY($1::text[]) ORDER BY w.word`,
      [spellingVariants(word.toLowerCase())],
    );
  }

  async close(): Promise<void> {
    // The connections are the backend's, shared by every build it opens: closing a build leaves them open.
  }
}

/** What a stem's or phrase's postings are filed under: the stem, or the phrase's spaced stems. */
function postingsKey(stems: readonly string[]): string {
  return stems.length === 1 ? stems[0]! : spacedStems(stems);
}

/**
 * The filter as SQL over a paragraphs row `alias`, its values the parameters from `$first` on: year, fromYear,
 * toYear, document, each ignored when null. A year range never admits a paragraph without a year.
 */
function filterCondition(alias: string, first: number): string {
  return `${yearCondition(alias, first)} AND ${documentCondition(alias, first + 3)}`;
}

/** The filter's years (its first three values, from parameter `first` on) as a condition on a row's `year`. */
function yearCondition(alias: string, first: number): string {
  const [year, fromYear, toYear] = [first, first + 1, first + 2].map((n) => `$${n}`);
  return `(${year}::int IS NULL OR ${alias}.year = ${year})
    AND (${fromYear}::int IS NULL OR ${alias}.year >= ${fromYear})
    AND (${toYear}::int IS NULL OR ${alias}.year <= ${toYear})`;
}

/** The filter's document (its fourth value, parameter `n`) as a condition on a row's `document`. */
function documentCondition(alias: string, n: number): string {
  return `($${n}::text IS NULL OR ${alias}.document = $${n})`;
}

function filterValues({ year, fromYear, toYear, document }: SearchFilter): Array<number | string | null> {
  return [year ?? null, fromYear ?? null, toYear ?? null, document ?? null];
}

function vectorParameter(vector: Float32Array): string {
  return pgvector.toSql(Array.from(vector)) as string;
}

class PostgresReusableIndex implements ReusableIndex {
  constructor(
    private readonly queries: BuildQueries,
    readonly manifest: Manifest,
  ) {}

  async indexedDocument(documentId: string): Promise<IndexedDocument | undefined> {
    const [row] = await this.queries.query<DocumentRow>('document', `SELECT * FROM ${this.queries.s}.documents WHERE id = $1`, [documentId]);
    if (!row) return undefined;
    return { info: toDocumentInfo(row), sourceHash: row.source_hash, paragraphs: await this.queries.documentParagraphs(documentId) };
  }

  async embedded(hashes: ReadonlyArray<ContentHashes>): Promise<Array<EmbeddedParagraph | undefined>> {
    const found: Array<EmbeddedParagraph | undefined> = [];
    for (let start = 0; start < hashes.length; start += HASHES_PER_STATEMENT) {
      found.push(...(await this.embeddedBatch(hashes.slice(start, start + HASHES_PER_STATEMENT))));
    }
    return found;
  }

  /**
   * The passage holds the text, so a paragraph with the same passage has the same sentences too; one with only the
   * same text (under other headings) gives its sentences, and its passage is embedded again.
   */
  private async embeddedBatch(hashes: ReadonlyArray<ContentHashes>): Promise<Array<EmbeddedParagraph | undefined>> {
    const { s } = this.queries;
    const matches = await this.queries.query<{ position: number; passage_label: number | null; embedding: Buffer | null; text_label: number | null }>(
      'embedded paragraphs',
      `SELECT asked.position::int, same_passage.label AS passage_label, vector_send(same_passage.embedding) AS embedding, same_text.label AS text_label
      FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS asked (passage, text, position)
      LEFT JOIN LATERAL (SELECT label, embedding FROM ${s}.paragraphs WHERE passage_hash = asked.passage ORDER BY label LIMIT 1) same_passage ON true
      LEFT JOIN LATERAL (SELECT label FROM ${s}.paragraphs WHERE text_hash = asked.text AND same_passage.label IS NULL ORDER BY label LIMIT 1) same_text ON true
      ORDER BY asked.position`,
      [hashes.map((h) => h.passage), hashes.map((h) => h.text)],
    );
    const labels = matches.flatMap((m) => {
      const label = m.passage_label ?? m.text_label;
      return label === null ? [] : [label];
    });
    const sentenceRows = await this.queries.query<{ paragraph_label: number; embedding: Buffer }>(
      'embedded sentences',
      `SELECT paragraph_label, vector_send(embedding) AS embedding FROM ${s}.sentences WHERE paragraph_label = ANY($1::int[]) ORDER BY paragraph_label, position`,
      [labels],
    );
    const sentencesOf = new Map<number, Float32Array[]>();
    for (const row of sentenceRows) sentencesOf.set(row.paragraph_label, [...(sentencesOf.get(row.paragraph_label) ?? []), vectorFromBinary(row.embedding)]);
    return matches.map((m) => {
      if (m.passage_label !== null) return { vector: vectorFromBinary(m.embedding!), sentences: sentencesOf.get(m.passage_label) ?? [] };
      if (m.text_label !== null) return { sentences: sentencesOf.get(m.text_label) ?? [] };
      return undefined;
    });
  }

  async close(): Promise<void> {
    // The connections are the backend's: closing a build leaves them open.
  }
}
