import type pg from 'pg';
import pgvector from 'pgvector/pg';
import { BM25_B, BM25_K1, BM25_MIN_IDF, BM25_WEIGHTS, MAX_MATCHES_PER_TERM } from './bm25.js';
import { commonMatches, type KeptMatches } from './common-matches.js';
import { commonPhrases, tokenFrequencies, type CommonPhrase } from './common-phrases.js';
import { HNSW_EF_CONSTRUCTION } from './hnsw-build.js';
import { lexicalTokens } from './lexical-tokens.js';
import { presentPhrases } from './phrase-presence.js';
import { spellingVariants } from './spelling-variants.js';
import { databaseUnreachable } from './postgres-pool.js';
import type { Paragraph } from '../parse/types.js';
import type { IndexContent } from './types.js';

/*
 * One build of the index in PostgreSQL: a schema of its own, written once and read-only after, holding what the
 * embedded store keeps in paragraphs.sqlite and vectors.hnsw. Its lexical index is FTS5's, rebuilt from the same
 * tokens (lexical-tokens.ts) and scored with the same BM25 (bm25.ts):
 *
 *   lexical_paragraphs  per paragraph, the stems of its text, topic and section in order, its token count, and a
 *                       tsvector of those stems at their positions, which finds the candidates of a phrase (written
 *                       from the stems themselves, not by to_tsvector, whose parser would cut some differently)
 *   lexical_statistics  the paragraph and token counts (N and, divided, the mean length)
 *   postings            every (stem, paragraph) with its BM25, computed at build time, and the paragraph's year: a
 *                       one-word term reads its best matches from an index ordered by score and computes nothing,
 *                       and a search within years drops the others before it sums; and, under its spaced
 *                       stems (spacedStems), the best matches of every phrase of two or three stems made of
 *                       common parts (commonPhrases), otherwise the slowest queries at scale, and of the phrases
 *                       the retriever is known to use (keptPhrases)
 *   part_frequencies    how many paragraphs hold each stem and each phrase of common parts: what a search
 *                       asks of a phrase's parts to find where its matches are (phrase-candidates.ts)
 *   probed_phrases      every phrase of several stems the retriever may ask whether the corpus holds
 *                       (IndexContent.probedPhrases), with the answer, found in one pass at build time
 *
 * Any other phrase of several words is matched and scored at query time (phrase_matches), as FTS5 does, among the
 * paragraphs of its rarest part (phrase-candidates.ts).
 */

/**
 * The HNSW index holds the vectors in half precision (halfvec): at a million paragraphs of 192 dimensions its
 * graph is 0.66 GB instead of 1.1, so it stays in shared buffers, and a search reads fewer pages (p50 7.6 ms
 * instead of 8.6 at the same recall of 0.955 on 200,000 of the scale bench's vectors, ef_search 200). The table
 * keeps the full vectors, from which a search computes the scores it returns. halfvec came with pgvector 0.7.0.
 */
const HALFVEC_MIN_PGVECTOR = [0, 7, 0] as const;

/**
 * pgvector indexes halfvec vectors of up to this many dimensions with HNSW. Checked before writing, so that such
 * a build fails at once rather than after loading every row.
 */
const HNSW_MAX_DIMENSIONS = 4000;

/**
 * Rows sent in one INSERT: a few MB of parameters with 384-dimension vectors, few enough round trips that loading
 * is bound by the server, and far below the 1 GB a parameter may hold.
 */
const INSERT_BATCH_ROWS = 2_000;

/** Rows of postings (a stem, a label, a score, a year) sent in one INSERT: a megabyte or two of parameters. */
const POSTINGS_BATCH_ROWS = 50_000;

/*
 * What a tsvector can hold (PostgreSQL's ts_type.h): positions up to 16383, 255 positions of one lexeme, lexemes
 * up to 2047 bytes, 1 MB of lexemes in all. A paragraph beyond them keeps an empty tsvector and is marked
 * incomplete, and every phrase search checks such paragraphs word by word, so none is missed.
 */
const TSVECTOR_MAX_POSITION = 16_383;
const TSVECTOR_MAX_POSITIONS_PER_LEXEME = 255;
const TSVECTOR_MAX_LEXEME_BYTES = 2_047;
const TSVECTOR_MAX_BYTES = (1 << 20) - 1;

/**
 * The build's tables, for the check that a build is whole before it is opened.
 * @example
 * const vacuum = `VACUUM (ANALYZE) ${BUILD_TABLES.map((table) => `${s}.${table}`).join(', ')}`;
 */
export const BUILD_TABLES = [
  'documents',
  'paragraphs',
  'sentences',
  'term_frequencies',
  'word_frequencies',
  'spelling_variants',
  'acronym_definitions',
  'lexical_paragraphs',
  'lexical_statistics',
  'postings',
  'part_frequencies',
  'probed_phrases',
] as const;

/**
 * Links per node of pgvector's HNSW graph: twice hnswlib's (HNSW_M). At a million paragraphs M 32 finds 0.95 of the
 * neighbours at a beam of 250 in 17.1 ms, M 16 needs 550 and 21.7 ms (PGVECTOR_BEAMS), since each step of
 * pgvector's beam costs ten times hnswlib's and M 32 takes fewer. The price is the index build (2,295 s against
 * 1,462 at a million) and its size (868 MB against 662 MB); at 100,000 the two search alike.
 * @example
 * `CREATE INDEX ... USING hnsw (...) WITH (m = ${PGVECTOR_HNSW_M})`;
 */
export const PGVECTOR_HNSW_M = 32;

/**
 * The name of the paragraphs' HNSW index, which a store checks is there (an earlier build's indexed the full vectors).
 * @example
 * const [row] = await query(`SELECT pg_get_indexdef(to_regclass('${s}.${VECTOR_INDEX}')) AS definition`);
 */
export const VECTOR_INDEX = 'paragraphs_by_embedding';

/**
 * The expression the HNSW index orders by, which a search must write the same way for the planner to use it: a
 * vector column or parameter in half precision.
 * @example
 * `ORDER BY ${indexedVector('embedding', 192)} <=> ${indexedVector('$1::vector', 192)}`;
 */
export function indexedVector(vector: string, dimensions: number): string {
  return `${vector}::halfvec(${dimensions})`;
}

/**
 * A name quoted as an SQL identifier; names here are checked to be plain, but quoting keeps SQL SQL regardless.
 * @example
 * `SELECT count(*) FROM ${identifier(schema)}.paragraphs`;
 */
export function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A number as a float8 literal, so that SQL computes with JavaScript's doubles (a bare 1.2 is numeric, not float8). */
function float8(value: number): string {
  return `float8 '${value}'`;
}

/** A build: its name (which the backend's control tables and statement names use) and its schema's. */
export interface BuildPlace {
  build: string;
  schema: string;
}

/**
 * Writes one complete build into its schema, which must not exist: tables, rows, lexical index, then the indexes
 * (built after loading, which is faster) and planner statistics. Runs on a connection of its own with no
 * statement timeout; on failure the caller drops the schema.
 * @example
 * await writeBuild(client, { build, schema: buildSchema('undocs', build) }, content, { maintenanceWorkMem: '512MB' });
 */
export async function writeBuild(client: pg.ClientBase, place: BuildPlace, content: IndexContent, settings: { maintenanceWorkMem: string }): Promise<void> {
  const { dimensions } = content.manifest;
  if (dimensions > HNSW_MAX_DIMENSIONS) {
    throw new Error(`pgvector's HNSW index takes vectors of at most ${HNSW_MAX_DIMENSIONS} dimensions; this model has ${dimensions}`);
  }
  await checkPgvectorVersion(client);
  const s = identifier(place.schema);
  // The VACUUM at the end sets the visibility map only on pages whose rows' commits are flushed: committed
  // asynchronously (synchronous_commit off, as on throw-away clusters), the postings stay not all-visible and
  // every posting read fetches its row from the heap too (at 10k paragraphs, 4 ms a word instead of 0.25).
  await client.query('SET synchronous_commit = on');
  await client.query(`CREATE SCHEMA ${s}`);
  await client.query(schemaDdl(s, dimensions));
  const lexical = content.paragraphs.map((p) => lexicalColumns([p.text, p.topic ?? '', p.section ?? '']));
  const stems = lexical.map((l) => l.stems);
  await loadRows(client, place, content, lexical);
  const probed = probedPhrases(stems, content.probedPhrases);
  await insertInBatches(client, place, 'probed_phrases', probed.phrases.length, [
    ['phrase', 'text', (i) => probed.phrases[i]],
    ['present', 'boolean', (i) => probed.present[i]],
  ]);
  await client.query(`INSERT INTO ${s}.lexical_statistics SELECT count(*), coalesce(sum(tokens), 0) FROM ${s}.lexical_paragraphs`);
  await client.query(postingsSql(s));
  await client.query(`SET maintenance_work_mem = '${settings.maintenanceWorkMem}'`);
  await client.query(indexesDdl(s, dimensions));
  // Before the postings' index, built once over all; the phrases matched in SQL after the lexemes' index, which
  // finds their candidates.
  // Rare phrases of common words too: a phrase of common words the build did not keep is then known to be in no
  // paragraph, and a rare one is matched among the paragraphs of its rarest part (phrase-candidates.ts).
  const common = commonPhrases(stems, { rareOfCommonParts: true });
  // Counted here, where the stems are at hand: counting a common stem's postings at a search took 5 to 15 ms at
  // a million paragraphs.
  const parts = [...tokenFrequencies(stems), ...common.map(({ tokens, paragraphs }) => [spacedStems(tokens), paragraphs] as const)];
  await insertInBatches(client, place, 'part_frequencies', parts.length, [
    ['part', 'text', (i) => parts[i]![0]],
    ['paragraphs', 'int', (i) => parts[i]![1]],
  ]);
  const scored = scoreCommonPhrases(stems, lexical, common);
  await loadKeptMatches(client, place, scored, content.paragraphs);
  const unscored = keptPhrases([
    ...common.map(({ tokens }) => tokens),
    ...[...content.searchedPhrases, ...[...content.acronymDefinitions.values()].flat()].map(lexicalTokens),
    ...probed.stems.filter((_, i) => probed.present[i]),
  ]).filter((stems) => !scored.has(spacedStems(stems)));
  await keepPhraseMatches(client, s, unscored);
  await client.query(`CREATE INDEX postings_by_impact ON ${s}.postings (stem, score DESC, label) INCLUDE (year)`);
  // Statistics for the planner, and the visibility map that lets the postings be read from their index alone.
  await client.query(`VACUUM (ANALYZE) ${BUILD_TABLES.map((table) => `${s}.${table}`).join(', ')}`);
}

function schemaDdl(s: string, dimensions: number): string {
  return `
    CREATE TABLE ${s}.documents (
      id text NOT NULL,
      ord int NOT NULL,
      file text NOT NULL,
      title text NOT NULL,
      citation_label text NOT NULL,
      symbol text,
      body text,
      session text,
      date text,
      year int,
      source_hash text NOT NULL
    );
    CREATE TABLE ${s}.paragraphs (
      label int NOT NULL,
      id text NOT NULL,
      document text NOT NULL,
      part text,
      chapter text,
      year int,
      meeting_dates text,
      section text,
      topic text,
      paragraph int NOT NULL,
      text text NOT NULL,
      footnotes jsonb NOT NULL,
      ord int NOT NULL,
      line int,
      page int,
      -- What an update reuses vectors by: a paragraph whose passage (or text) is unchanged is not embedded again.
      passage_hash text COLLATE "C" NOT NULL,
      text_hash text COLLATE "C" NOT NULL,
      embedding vector(${dimensions}) NOT NULL
    );
    CREATE TABLE ${s}.sentences (
      paragraph_label int NOT NULL,
      position int NOT NULL,
      text text NOT NULL,
      embedding vector(${dimensions}) NOT NULL
    );
    -- Keys compared byte by byte (COLLATE "C"): stems and words are looked up, never sorted for people.
    CREATE TABLE ${s}.term_frequencies (stem text COLLATE "C" NOT NULL, paragraphs int NOT NULL);
    CREATE TABLE ${s}.word_frequencies (word text COLLATE "C" NOT NULL, paragraphs int NOT NULL);
    -- SymSpell's symmetric deletions of every word (spelling-variants.ts): a misspelt word finds its candidates here.
    CREATE TABLE ${s}.spelling_variants (variant text COLLATE "C" NOT NULL, word text COLLATE "C" NOT NULL);
    CREATE TABLE ${s}.acronym_definitions (acronym text NOT NULL, position int NOT NULL, long_form text NOT NULL);
    CREATE TABLE ${s}.lexical_paragraphs (
      label int NOT NULL,
      -- Each column's stems in order, spaced (spacedStems).
      text_stems text NOT NULL,
      topic_stems text NOT NULL,
      section_stems text NOT NULL,
      -- D of BM25: the paragraph's tokens over all three columns.
      tokens int NOT NULL,
      -- Every stem at its position, the columns one position apart so that no phrase matches across two.
      lexemes tsvector NOT NULL,
      lexemes_complete boolean NOT NULL
    );
    CREATE TABLE ${s}.lexical_statistics (paragraphs bigint NOT NULL, tokens bigint NOT NULL);
    -- With the paragraph's year, so that a search within years drops matches before it sums them.
    CREATE TABLE ${s}.postings (stem text COLLATE "C" NOT NULL, label int NOT NULL, score float8 NOT NULL, year int);
    -- How many paragraphs hold each stem, and each phrase made of common parts (commonPhrases with
    -- rareOfCommonParts) by its spaced stems: every such phrase the corpus holds, each with its matches kept in
    -- the postings.
    CREATE TABLE ${s}.part_frequencies (part text COLLATE "C" NOT NULL, paragraphs int NOT NULL);
    -- A phrase's spaced stems (spacedStems), and whether some paragraph holds it as a phrase search matches it.
    CREATE TABLE ${s}.probed_phrases (phrase text COLLATE "C" NOT NULL, present boolean NOT NULL);

    CREATE FUNCTION ${s}.bm25_idf(paragraphs float8, hits float8) RETURNS float8
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE WHEN ln((paragraphs - hits + 0.5) / (hits + 0.5)) > 0 THEN ln((paragraphs - hits + 0.5) / (hits + 0.5)) ELSE ${float8(BM25_MIN_IDF)} END;
    -- In FTS5's order of operations, so that the doubles come out the same.
    CREATE FUNCTION ${s}.bm25(idf float8, frequency float8, tokens float8, average_tokens float8) RETURNS float8
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN idf * ((frequency * (${float8(BM25_K1)} + float8 '1')) / (frequency + ${float8(BM25_K1)} * (float8 '1' - ${float8(BM25_B)} + ${float8(BM25_B)} * tokens / average_tokens)));
    -- How often a phrase occurs in a column, as FTS5 counts, overlapping occurrences included; both are spaced
    -- stems. Occurrences of a phrase that cannot overlap itself (most) are counted by removing them and measuring
    -- what went, six times faster than a regular expression. One that can ("reduction reduction") is matched by
    -- an expression that takes only the space before an occurrence and looks ahead for the rest. Stems are
    -- letters and digits; anything else in them is escaped all the same.
    CREATE FUNCTION ${s}.phrase_occurrences(stems text, phrase text, overlapping boolean) RETURNS int
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE
        WHEN overlapping THEN regexp_count(stems, ' (?=' || regexp_replace(substr(phrase, 2), '([^[:alnum:] ])', '\\\\\\1', 'g') || ')')
        ELSE (octet_length(stems) - octet_length(replace(stems, phrase, ''))) / octet_length(phrase)
      END;
    -- A phrase's best matches with their BM25. Candidates are the paragraphs in the postings of one of its parts
    -- (candidates_from: a stem, or a phrase's spaced stems, whose postings hold all its matches), or else come
    -- from the tsvector (or are checked word by word when theirs is incomplete); the occurrences are counted
    -- exactly, and the idf counts every paragraph matched.
    CREATE FUNCTION ${s}.phrase_matches(phrase text, overlapping boolean, query tsquery, candidates_from text, max_matches int)
      RETURNS TABLE (label int, score float8)
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$
        WITH candidates AS (
          SELECT l.label, l.tokens, ${phraseFrequencySql(s, 'l', 'phrase', 'overlapping')} AS frequency
          FROM ${s}.lexical_paragraphs l
          WHERE candidates_from IS NULL AND (l.lexemes @@ query OR NOT l.lexemes_complete)
          UNION ALL
          SELECT l.label, l.tokens, ${phraseFrequencySql(s, 'l', 'phrase', 'overlapping')}
          FROM ${s}.postings part JOIN ${s}.lexical_paragraphs l ON l.label = part.label
          WHERE part.stem = candidates_from
        ),
        matches AS (SELECT * FROM candidates WHERE frequency > 0),
        weights AS (
          SELECT ${s}.bm25_idf(st.paragraphs, (SELECT count(*) FROM matches)) AS idf, st.tokens::float8 / st.paragraphs::float8 AS average_tokens
          FROM ${s}.lexical_statistics st
        )
        SELECT m.label, ${s}.bm25(w.idf, m.frequency, m.tokens, w.average_tokens) AS score
        FROM matches m CROSS JOIN weights w
        ORDER BY score DESC, m.label
        LIMIT max_matches
      $$;
  `;
}

/**
 * A phrase's weighted count in a paragraph of lexical_paragraphs (its columns' occurrences, weighted as BM25 weighs
 * them): what phrase_matches scores and what a search for whether a phrase occurs at all checks.
 * @example
 * `SELECT EXISTS (SELECT FROM ${s}.lexical_paragraphs l WHERE ${phraseFrequencySql(s, 'l', '$1', '$2')} > 0)`;
 */
export function phraseFrequencySql(s: string, paragraph: string, phrase: string, overlapping: string): string {
  const [textWeight, topicWeight, sectionWeight] = BM25_WEIGHTS.map(float8);
  return `${textWeight} * ${s}.phrase_occurrences(${paragraph}.text_stems, ${phrase}, ${overlapping})
              + ${topicWeight} * ${s}.phrase_occurrences(${paragraph}.topic_stems, ${phrase}, ${overlapping})
              + ${sectionWeight} * ${s}.phrase_occurrences(${paragraph}.section_stems, ${phrase}, ${overlapping})`;
}

/** Every (stem, paragraph) with its BM25, from the stems loaded: the whole single-word lexical index in one statement. */
function postingsSql(s: string): string {
  const [textWeight, topicWeight, sectionWeight] = BM25_WEIGHTS.map(float8);
  return `
    INSERT INTO ${s}.postings (stem, label, score, year)
    WITH occurrences AS (
      SELECT l.label, t.stem, sum(t.weight) AS frequency
      FROM ${s}.lexical_paragraphs l
      CROSS JOIN LATERAL (
        SELECT stem, ${textWeight} AS weight FROM unnest(string_to_array(btrim(l.text_stems), '  ')) AS stem
        UNION ALL SELECT stem, ${topicWeight} FROM unnest(string_to_array(btrim(l.topic_stems), '  ')) AS stem
        UNION ALL SELECT stem, ${sectionWeight} FROM unnest(string_to_array(btrim(l.section_stems), '  ')) AS stem
      ) t
      GROUP BY l.label, t.stem
    ),
    hits AS (SELECT stem, count(*) AS paragraphs FROM occurrences GROUP BY stem)
    SELECT o.stem, o.label, ${s}.bm25(${s}.bm25_idf(st.paragraphs, h.paragraphs), o.frequency, l.tokens, st.tokens::float8 / st.paragraphs::float8), p.year
    FROM occurrences o
    JOIN hits h ON h.stem = o.stem
    JOIN ${s}.lexical_paragraphs l ON l.label = o.label
    JOIN ${s}.paragraphs p ON p.label = o.label
    CROSS JOIN ${s}.lexical_statistics st
  `;
}

async function checkPgvectorVersion(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ version: string }>("SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'");
  const version = rows[0]?.version ?? 'none';
  if (versionBefore(version, HALFVEC_MIN_PGVECTOR)) {
    throw new Error(`pgvector ${HALFVEC_MIN_PGVECTOR.join('.')} or later is needed (an HNSW index of halfvec vectors); this database has ${version}`);
  }
}

/**
 * Whether a dotted version is older than the minimum, part by part; one that is not a version counts as older.
 * @example
 * versionBefore('0.6.2', [0, 7, 0]); // true
 * versionBefore('0.10.0', [0, 7, 0]); // false
 */
export function versionBefore(version: string, minimum: readonly number[]): boolean {
  const parts = version.split('.').map(Number);
  for (const [i, wanted] of minimum.entries()) {
    const part = parts[i] ?? 0;
    if (Number.isNaN(part)) return true;
    if (part !== wanted) return part < wanted;
  }
  return false;
}

function indexesDdl(s: string, dimensions: number): string {
  return `
    ALTER TABLE ${s}.documents ADD PRIMARY KEY (id);
    ALTER TABLE ${s}.paragraphs ADD PRIMARY KEY (label), ADD UNIQUE (id);
    CREATE INDEX paragraphs_by_position ON ${s}.paragraphs (document, ord);
    CREATE INDEX paragraphs_by_year ON ${s}.paragraphs (year);
    CREATE INDEX paragraphs_by_passage_hash ON ${s}.paragraphs (passage_hash);
    CREATE INDEX paragraphs_by_text_hash ON ${s}.paragraphs (text_hash);
    CREATE INDEX ${VECTOR_INDEX} ON ${s}.paragraphs
      USING hnsw ((${indexedVector('embedding', dimensions)}) halfvec_cosine_ops) WITH (m = ${PGVECTOR_HNSW_M}, ef_construction = ${HNSW_EF_CONSTRUCTION});
    ALTER TABLE ${s}.sentences ADD PRIMARY KEY (paragraph_label, position);
    ALTER TABLE ${s}.term_frequencies ADD PRIMARY KEY (stem);
    ALTER TABLE ${s}.word_frequencies ADD PRIMARY KEY (word);
    ALTER TABLE ${s}.spelling_variants ADD PRIMARY KEY (variant, word);
    ALTER TABLE ${s}.acronym_definitions ADD PRIMARY KEY (acronym, position);
    ALTER TABLE ${s}.lexical_paragraphs ADD PRIMARY KEY (label);
    CREATE INDEX lexical_paragraphs_by_lexemes ON ${s}.lexical_paragraphs USING gin (lexemes);
    CREATE INDEX lexical_paragraphs_incomplete ON ${s}.lexical_paragraphs (label) WHERE NOT lexemes_complete;
    ALTER TABLE ${s}.part_frequencies ADD PRIMARY KEY (part);
    ALTER TABLE ${s}.probed_phrases ADD PRIMARY KEY (phrase);
  `;
}

/**
 * The phrases whose matches a build keeps, each once, as stems: the common ones and the rare ones of common parts,
 * those the retriever is known to search for (the thesaurus's document wordings), the acronyms' long forms, and the
 * probed phrases the corpus holds. A phrase of a few rare words costs little to match at a search, but these are
 * mostly common words ("drug users", "United Nations Office on Drugs and Crime"): a phrase of four or more common
 * words would be matched over most paragraphs at a million.
 */
function keptPhrases(phrases: ReadonlyArray<readonly string[]>): Array<readonly string[]> {
  const kept = new Map<string, readonly string[]>();
  for (const stems of phrases) if (stems.length > 1) kept.set(spacedStems(stems), stems);
  return [...kept.values()];
}

/**
 * The best MAX_MATCHES_PER_TERM matches of each common phrase, by its spaced stems, scored in one pass over the
 * stems (common-matches.ts) as phrase_matches scores them: the same BM25 (bm25.ts), idf and counts. Matched
 * by SQL one phrase at a time, they took more than 5 of a 100,000-paragraph build's 10 minutes, and at a million
 * paragraphs, where every phrase of a sentence used often is common, would take days. A phrase that repeats a
 * stem, whose overlapping occurrences the pass does not count, is left to SQL.
 */
function scoreCommonPhrases(
  paragraphs: ReadonlyArray<ReadonlyArray<readonly string[]>>,
  lexical: readonly LexicalColumns[],
  common: readonly CommonPhrase[],
): Map<string, KeptMatches> {
  const scorable = common.filter(({ tokens }) => new Set(tokens).size === tokens.length);
  // The pass walks to a phrase from its first stem: each first stem is scored too, with its own count, and dropped.
  const firstStems = new Set(scorable.map(({ tokens }) => tokens[0]!));
  const phrases = new Map<string, number>(scorable.map(({ tokens, paragraphs: count }) => [tokens.join(' '), count]));
  for (const [stem, count] of paragraphsHolding(paragraphs, firstStems)) phrases.set(stem, count);
  const rowLengths = lexical.map((l) => l.tokens);
  const matches = commonMatches({ paragraphs, phrases, rowLengths, idf: (hits) => bm25Idf(lexical.length, hits), limit: MAX_MATCHES_PER_TERM });
  return new Map(scorable.map(({ tokens }) => [spacedStems(tokens), matches.get(tokens.join(' '))!]));
}

/** Writes phrases' kept matches into the postings: at a million paragraphs, tens of millions of rows. */
async function loadKeptMatches(client: pg.ClientBase, place: BuildPlace, kept: ReadonlyMap<string, KeptMatches>, paragraphs: readonly Paragraph[]): Promise<void> {
  const phrases = [...kept.keys()];
  const matches = [...kept.values()];
  // Row r is match r - starts[i] of phrase i, for the last i whose start is at most r; rows come in order.
  const starts = new Int32Array(matches.length + 1);
  matches.forEach(({ labels }, i) => (starts[i + 1] = starts[i]! + labels.length));
  let phrase = 0;
  const phraseOf = (row: number) => {
    while (row >= starts[phrase + 1]!) phrase++;
    return phrase;
  };
  const keptAt = <T>(row: number, read: (kept: KeptMatches, at: number) => T) => {
    const i = phraseOf(row);
    return read(matches[i]!, row - starts[i]!);
  };
  const label = (row: number) => keptAt(row, (kept, at) => kept.labels[at]!);
  await insertInBatches(
    client,
    place,
    'postings',
    starts[matches.length]!,
    [
      ['stem', 'text', (row) => phrases[phraseOf(row)]],
      ['label', 'int', label],
      ['score', 'float8', (row) => keptAt(row, (kept, at) => kept.scores[at])],
      ['year', 'int', (row) => paragraphs[label(row)]!.year],
    ],
    POSTINGS_BATCH_ROWS,
  );
}

/** How many paragraphs hold each of these stems, in any column. */
function paragraphsHolding(paragraphs: ReadonlyArray<ReadonlyArray<readonly string[]>>, stems: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const columns of paragraphs) {
    const held = new Set<string>();
    for (const column of columns) for (const stem of column) if (stems.has(stem)) held.add(stem);
    for (const stem of held) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  }
  return counts;
}

/** BM25's idf of a phrase in `hits` of `paragraphs` paragraphs, as the build's bm25_idf computes it. */
function bm25Idf(paragraphs: number, hits: number): number {
  const idf = Math.log((paragraphs - hits + 0.5) / (hits + 0.5));
  return idf > 0 ? idf : BM25_MIN_IDF;
}

/**
 * The best MAX_MATCHES_PER_TERM matches of each phrase, as phrase_matches gives them at query time, written into
 * the postings under the phrase's spaced stems, which no single stem can equal (stems have no spaces). A lexical
 * search reads a phrase from there when it finds it there; what it reads is what the query would have returned.
 */
async function keepPhraseMatches(client: pg.ClientBase, s: string, phrases: ReadonlyArray<readonly string[]>): Promise<void> {
  if (phrases.length === 0) return;
  await client.query(
    `INSERT INTO ${s}.postings (stem, label, score, year)
     SELECT phrase.stems, hit.label, hit.score, p.year
     FROM unnest($1::text[], $2::boolean[], $3::tsquery[]) AS phrase (stems, overlapping, query)
     CROSS JOIN LATERAL ${s}.phrase_matches(phrase.stems, phrase.overlapping, phrase.query, NULL, ${MAX_MATCHES_PER_TERM}) hit
     JOIN ${s}.paragraphs p ON p.label = hit.label`,
    [phrases.map(spacedStems), phrases.map(occurrencesCanOverlap), phrases.map(phraseQuery)],
  );
}

/**
 * Each phrase of several stems that the retriever may ask about (IndexContent.probedPhrases), once, under its
 * spaced stems, with whether the corpus holds it. A phrase of one stem is left out: its postings answer for it.
 */
function probedPhrases(paragraphs: ReadonlyArray<ReadonlyArray<readonly string[]>>, texts: readonly string[]): { phrases: string[]; stems: string[][]; present: boolean[] } {
  const stemsByPhrase = new Map<string, string[]>();
  for (const text of texts) {
    const stems = lexicalTokens(text);
    if (stems.length > 1) stemsByPhrase.set(spacedStems(stems), stems);
  }
  const stems = [...stemsByPhrase.values()];
  return { phrases: [...stemsByPhrase.keys()], stems, present: presentPhrases(paragraphs, stems) };
}

/**
 * A column of rows to load: its name, its SQL type and each row's value, asked for a batch at a time, so that a
 * million paragraphs' vectors and tsvectors are never all text at once (they would be gigabytes of strings).
 */
type Column = [name: string, type: string, valueOf: (row: number) => unknown];

async function loadRows(client: pg.ClientBase, place: BuildPlace, content: IndexContent, lexical: readonly LexicalColumns[]): Promise<void> {
  const { manifest, sourceHashes, paragraphs, contentHashes, vectors, sentences } = content;
  const { documents } = manifest;
  const load = (table: string, rows: number, columns: Column[]) => insertInBatches(client, place, table, rows, columns);
  await load('documents', documents.length, [
    ['id', 'text', (i) => documents[i]!.id],
    ['ord', 'int', (i) => i],
    ['file', 'text', (i) => documents[i]!.file],
    ['title', 'text', (i) => documents[i]!.title],
    ['citation_label', 'text', (i) => documents[i]!.citationLabel],
    ['symbol', 'text', (i) => documents[i]!.symbol],
    ['body', 'text', (i) => documents[i]!.body],
    ['session', 'text', (i) => documents[i]!.session],
    ['date', 'text', (i) => documents[i]!.date],
    ['year', 'int', (i) => documents[i]!.year],
    // A document built from memory has no source: the next update parses its file again.
    ['source_hash', 'text', (i) => sourceHashes?.get(documents[i]!.id) ?? ''],
  ]);
  await load('paragraphs', paragraphs.length, [
    ['label', 'int', (label) => label],
    ['id', 'text', (label) => paragraphs[label]!.id],
    ['document', 'text', (label) => paragraphs[label]!.document],
    ['part', 'text', (label) => paragraphs[label]!.part],
    ['chapter', 'text', (label) => paragraphs[label]!.chapter],
    ['year', 'int', (label) => paragraphs[label]!.year],
    ['meeting_dates', 'text', (label) => paragraphs[label]!.meetingDates],
    ['section', 'text', (label) => paragraphs[label]!.section],
    ['topic', 'text', (label) => paragraphs[label]!.topic],
    ['paragraph', 'int', (label) => paragraphs[label]!.paragraph],
    ['text', 'text', (label) => paragraphs[label]!.text],
    ['footnotes', 'jsonb', (label) => JSON.stringify(paragraphs[label]!.footnotes)],
    ['ord', 'int', (label) => paragraphs[label]!.order],
    ['line', 'int', (label) => paragraphs[label]!.line],
    ['page', 'int', (label) => paragraphs[label]!.page],
    ['passage_hash', 'text', (label) => contentHashes[label]!.passage],
    ['text_hash', 'text', (label) => contentHashes[label]!.text],
    ['embedding', 'vector', (label) => vectorText(vectors[label]!)],
  ]);
  await load('sentences', sentences.length, [
    ['paragraph_label', 'int', (i) => sentences[i]!.paragraphLabel],
    ['position', 'int', (i) => sentences[i]!.position],
    ['text', 'text', (i) => sentences[i]!.text],
    ['embedding', 'vector', (i) => vectorText(sentences[i]!.vector)],
  ]);
  const stems = [...content.documentFrequencies];
  await load('term_frequencies', stems.length, [
    ['stem', 'text', (i) => stems[i]![0]],
    ['paragraphs', 'int', (i) => stems[i]![1]],
  ]);
  const words = [...content.wordFrequencies];
  await load('word_frequencies', words.length, [
    ['word', 'text', (i) => words[i]![0]],
    ['paragraphs', 'int', (i) => words[i]![1]],
  ]);
  // Each word's deletions are distinct, and the words are, so the pairs are too.
  const variants = words.flatMap(([word]) => spellingVariants(word).map((variant) => [variant, word] as const));
  await load('spelling_variants', variants.length, [
    ['variant', 'text', (i) => variants[i]![0]],
    ['word', 'text', (i) => variants[i]![1]],
  ]);
  const definitions = [...content.acronymDefinitions].flatMap(([acronym, longForms]) => longForms.map((longForm, position) => ({ acronym, position, longForm })));
  await load('acronym_definitions', definitions.length, [
    ['acronym', 'text', (i) => definitions[i]!.acronym],
    ['position', 'int', (i) => definitions[i]!.position],
    ['long_form', 'text', (i) => definitions[i]!.longForm],
  ]);
  // Both tsvector columns come from one computation per row: rows are asked for one at a time, all their columns.
  let tsvectorRow = -1;
  let tsvector = { lexemes: '', complete: true };
  const tsvectorAt = (label: number) => {
    if (label !== tsvectorRow) [tsvectorRow, tsvector] = [label, tsvectorOf(lexical[label]!.stems)];
    return tsvector;
  };
  await load('lexical_paragraphs', lexical.length, [
    ['label', 'int', (label) => label],
    ['text_stems', 'text', (label) => spacedStems(lexical[label]!.stems[0]!)],
    ['topic_stems', 'text', (label) => spacedStems(lexical[label]!.stems[1]!)],
    ['section_stems', 'text', (label) => spacedStems(lexical[label]!.stems[2]!)],
    ['tokens', 'int', (label) => lexical[label]!.tokens],
    ['lexemes', 'tsvector', (label) => tsvectorAt(label).lexemes],
    ['lexemes_complete', 'boolean', (label) => tsvectorAt(label).complete],
  ]);
}

/**
 * Loads rows with one multi-row INSERT per batch: each column is one array parameter, and unnest turns the arrays
 * back into rows. A named statement, so the server parses it once for all the batches. Rows are asked for in
 * order, each row's columns one after another, so that a column may reuse what the row's previous one computed.
 */
async function insertInBatches(
  client: pg.ClientBase,
  { build, schema }: BuildPlace,
  table: string,
  rows: number,
  columns: Column[],
  batchRows = INSERT_BATCH_ROWS,
): Promise<void> {
  const text = `
    INSERT INTO ${identifier(schema)}.${table} (${columns.map(([name]) => name).join(', ')})
    SELECT * FROM unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  `;
  for (let start = 0; start < rows; start += batchRows) {
    const end = Math.min(start + batchRows, rows);
    const values: unknown[][] = columns.map(() => []);
    for (let row = start; row < end; row++) columns.forEach(([, , valueOf], column) => values[column]!.push(valueOf(row)));
    try {
      await client.query({ name: statementName(`load ${table}`, build), text, values });
    } catch (error) {
      if (databaseUnreachable(error) !== null) throw error;
      throw new Error(`Loading ${schema}.${table} failed in rows ${start} to ${end - 1}: ${(error as Error).message}`, { cause: error });
    }
  }
}

function vectorText(vector: Float32Array): string {
  return pgvector.toSql(Array.from(vector)) as string;
}

/** A paragraph's row of lexical_paragraphs, before it is spaced for loading. */
interface LexicalColumns {
  stems: string[][];
  tokens: number;
}

/** A paragraph's lexical columns: each column's stems, and their count. */
function lexicalColumns(columns: string[]): LexicalColumns {
  const stems = columns.map(lexicalTokens);
  return { stems, tokens: stems.reduce((sum, column) => sum + column.length, 0) };
}

/**
 * The tsvector of a paragraph's stems, every stem at its position and the columns one position apart, or an empty
 * one (complete: false) when a tsvector cannot hold them.
 */
function tsvectorOf(stems: readonly (readonly string[])[]): { lexemes: string; complete: boolean } {
  const positions = new Map<string, number[]>();
  let position = 0;
  for (const column of stems) {
    for (const stem of column) {
      position++;
      const list = positions.get(stem) ?? [];
      list.push(position);
      positions.set(stem, list);
    }
    position++; // the gap between two columns
  }
  const bytes = [...positions.keys()].map((lexeme) => Buffer.byteLength(lexeme));
  const complete =
    position - 1 <= TSVECTOR_MAX_POSITION &&
    [...positions.values()].every((list) => list.length <= TSVECTOR_MAX_POSITIONS_PER_LEXEME) &&
    bytes.every((b) => b <= TSVECTOR_MAX_LEXEME_BYTES) &&
    bytes.reduce((sum, b) => sum + b, 0) <= TSVECTOR_MAX_BYTES;
  const lexemes = complete ? [...positions].map(([lexeme, at]) => `${tsLexeme(lexeme)}:${at.join(',')}`).join(' ') : '';
  return { lexemes, complete };
}

/**
 * Stems as a lexical column holds them, and as a phrase is looked for in one: each between spaces, so that a phrase
 * is found by plain substring search (never inside a longer stem), and two occurrences side by side do not share
 * a space. Stems have no spaces of their own.
 * @example
 * spacedStems(['drug', 'traffick']); // ' drug  traffick '
 */
export function spacedStems(stems: readonly string[]): string {
  return stems.map((stem) => ` ${stem} `).join('');
}

/**
 * A phrase as a tsquery of its stems one after another, which finds the paragraphs that may hold it.
 * @example
 * phraseQuery(['drug', 'traffick']); // "'drug' <-> 'traffick'"
 */
export function phraseQuery(stems: readonly string[]): string {
  return stems.map(tsLexeme).join(' <-> ');
}

/**
 * Whether two occurrences of a phrase can overlap ("reduction reduction" twice in three words): when it begins
 * with its own end. Most phrases cannot, and are counted faster (phrase_occurrences).
 * @example
 * occurrencesCanOverlap(['reduct', 'reduct']); // true
 */
export function occurrencesCanOverlap(stems: readonly string[]): boolean {
  for (let length = 1; length < stems.length; length++) {
    if (stems.slice(0, length).every((stem, i) => stem === stems[stems.length - length + i])) return true;
  }
  return false;
}

/** A lexeme quoted for tsvector and tsquery input, where a quote and a backslash are the only special characters. */
function tsLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The name of a build's schema: the namespace, then the build's name in lower case with only letters, digits and
 * underscores, which is a plain SQL identifier.
 * @example
 * buildSchema('undocs', '20250101T120000000Z-4242-k3x9qa'); // 'undocs_20250101t120000000z_4242_k3x9qa'
 */
export function buildSchema(namespace: string, build: string): string {
  return `${namespace}_${build.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

/** PostgreSQL truncates longer names, and two statements truncated alike would collide on a connection. */
const MAX_STATEMENT_NAME = 63;

/**
 * The name of a prepared statement of one build: a connection prepares it once and reuses it, and a statement of
 * another build (other tables, same purpose) has another name.
 * @example
 * client.query({ name: statementName('paragraphs by id', build), text, values: [ids] });
 */
export function statementName(purpose: string, build: string): string {
  const name = `${purpose} ${build}`;
  if (Buffer.byteLength(name) > MAX_STATEMENT_NAME) throw new Error(`Statement name "${name}" is longer than ${MAX_STATEMENT_NAME} bytes`);
  return name;
}
