import type { DocumentInfo, Paragraph } from '../parse/types.js';

/**
 * Bumped whenever the on-disk layout changes, or what it holds is computed differently (3: the vocabulary reads
 * contractions as their own words; 4: documents with their symbol, body, session and date, paragraph vectors
 * and content hashes kept for reuse; 5: the words as written, with their spelling variants), so an old index is
 * rebuilt rather than misread.
 */
export const INDEX_FORMAT_VERSION = 5;

/**
 * Describes a built index, whatever keeps it; written last, so its presence means the build completed. What only
 * one backend needs (the embedded store's file checks) is that backend's own business and is not here.
 */
export interface Manifest {
  formatVersion: number;
  modelId: string;
  dimensions: number;
  /** Hash of every corpus file's name and bytes, in name order. */
  corpusHash: string;
  builtAt: string;
  documents: DocumentInfo[];
  paragraphCount: number;
}

/** The index cannot be used as it is; the remedy is always to rebuild it. */
export class IndexUnusableError extends Error {
  constructor(
    /** The file, or the database table, that is wrong. */
    readonly file: string,
    problem: string,
  ) {
    super(`Index ${file} is unusable: ${problem}. Run \`npm run index\` to rebuild the index.`);
    this.name = 'IndexUnusableError';
  }
}

/**
 * The store cannot be reached (the database is down or refuses connections): nothing is wrong with the request
 * or the index, and asking again later will work. Servers answer it with 503 and Retry-After.
 */
export class StoreUnavailableError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The index's database cannot be reached: ${reason}`, options);
    this.name = 'StoreUnavailableError';
  }
}

export type ParagraphPlace = Pick<Paragraph, 'id' | 'document' | 'year' | 'meetingDates'>;

/** Narrows a search to paragraphs of one meeting year or a span of them, one document, or both. */
export interface SearchFilter {
  year?: number;
  /** The first meeting year searched ("since 2021", or a figure for 2020 that later meetings may report). */
  fromYear?: number;
  /** The last meeting year searched. */
  toYear?: number;
  /** Document id. */
  document?: string;
}

/** A document as the index lists it: its metadata, the years its paragraphs speak of and how many there are. */
export interface DocumentSummary extends DocumentInfo {
  years: number[];
  paragraphs: number;
}

/**
 * What an earlier build of the same model offers the next one: the parsed paragraphs of a file whose bytes have
 * not changed, and the vectors of any paragraph whose text it already embedded, so an update embeds only what is new.
 */
export interface IndexedDocument {
  info: DocumentInfo;
  /** Hash of the file, its meta.json and the parser version, as the build saw them. */
  sourceHash: string;
  paragraphs: Paragraph[];
}

/** Vectors an earlier build computed for the same content; either half may be missing. */
export interface EmbeddedParagraph {
  /** Of the passage (headings and text): absent when only the text was seen before, under other headings. */
  vector?: Float32Array;
  /** Of the text's sentences, in order: absent when only the passage was seen before with other text. */
  sentences?: Float32Array[];
}

/**
 * A word or phrase for the lexical index, with how much its BM25 score counts: the question's own words
 * count 1, expansions (synonyms, spelled-out acronyms) less. A plain string counts 1.
 */
export interface WeightedTerm {
  text: string;
  weight: number;
}

/** A paragraph id with a score from one retrieval method; higher is better. */
export interface ScoredId {
  id: string;
  score: number;
}

/** A sentence of a paragraph, as split for quoting, with its vector: the unit answers are made of. */
export interface StoredSentence {
  text: string;
  /** Position of the sentence in its paragraph, from 0. */
  position: number;
  vector: Float32Array;
}

/** A word of the corpus as written (lower-cased), with how many paragraphs contain it. */
export interface WordFrequency {
  word: string;
  paragraphs: number;
}

export interface CorpusStats {
  documents: number;
  paragraphs: number;
  years: Record<string, number>;
}

/**
 * Read side of one build of the index: paragraph text and metadata, a BM25 lexical index and an HNSW vector
 * index. Two backends implement it (src/store/backend.ts chooses): the embedded one (SQLite + hnswlib files) and
 * PostgreSQL with pgvector. What every question consults (term statistics, acronyms, the document list) is
 * answered at once (from memory, or from the embedded store's own file); the rest may cross a network, so it
 * returns promises.
 */
export interface ParagraphStore {
  readonly manifest: Manifest;
  /** The build's name: it changes with every build, which is how a server notices a new one. */
  readonly version: string;
  /** BM25 inverse document frequency of a Porter stem over all paragraphs: highest for words the corpus lacks. */
  idf(stem: string): number;
  /** How many paragraphs contain each Porter stem: the corpus's vocabulary, counted at build time. */
  vocabulary(): ReadonlyMap<string, number>;
  /** The acronyms the corpus defines ("new psychoactive substances (NPS)") with their long forms, found at build time. */
  acronymDefinitions(): ReadonlyMap<string, readonly string[]>;
  stats(): CorpusStats;
  /** Every document in corpus order, with its years and paragraph count. */
  documents(): DocumentSummary[];

  get(id: string): Promise<Paragraph | undefined>;
  /** The paragraphs with these ids that exist, by id: one round trip for a page of results. */
  getMany(ids: readonly string[]): Promise<Map<string, Paragraph>>;
  /** Every paragraph in corpus order, for analyses of the whole corpus (evaluation, tests). */
  paragraphs(): Promise<Paragraph[]>;
  /** One document's paragraphs in reading order; empty when no document has this id. */
  documentParagraphs(documentId: string): Promise<Paragraph[]>;
  /**
   * Where every paragraph stands, in corpus order, without its text: what a retriever reads whole when it opens
   * (the meeting calendar, each year's opening paragraphs), a few dozen bytes a paragraph.
   */
  outline(): Promise<ParagraphPlace[]>;
  /** Ids of the paragraphs before and after this one in its document. */
  neighbours(id: string): Promise<{ previous: string | null; next: string | null }>;
  /**
   * BM25 over paragraph text and headings, summed over the terms with their weights; a paragraph matching any
   * term is a candidate. Terms are words or phrases already analysed by the caller.
   */
  lexicalSearch(terms: ReadonlyArray<string | WeightedTerm>, k: number, filter?: SearchFilter): Promise<ScoredId[]>;
  /**
   * Whether any paragraph holds this word or phrase (its words in order), as lexicalSearch matches it: what a
   * query expansion asks of each phrase it might add, far cheaper than searching for its best match.
   */
  hasPhrase(text: string): Promise<boolean>;
  /** Nearest neighbours by cosine similarity (score = similarity). */
  denseSearch(vector: Float32Array, k: number, filter?: SearchFilter): Promise<ScoredId[]>;
  /**
   * The sentences of each paragraph asked for, in order, with vectors embedded at build time so answers cost no
   * inference; a paragraph that does not exist is left out.
   */
  sentences(ids: readonly string[]): Promise<Map<string, readonly StoredSentence[]>>;
  /**
   * Words of the corpus that may be what a misspelt word meant: every word within two edits of it, and some
   * further away (the caller measures the distance). Looked up in an index built with the store.
   */
  spellingCandidates(word: string): Promise<WordFrequency[]>;
  /**
   * Forgets what earlier questions' own wording left cached (matches of their phrases), keeping what any question
   * reuses (paragraphs, sentences, the corpus's own words): after a warm-up, every question is as new to the store
   * as on opening.
   */
  forgetQueries(): void;
  close(): Promise<void>;
}

/** The read side an update uses from the build it replaces. */
export interface ReusableIndex {
  readonly manifest: Manifest;
  /** The document as the earlier build parsed it, or undefined when it held no document of this id. */
  indexedDocument(documentId: string): Promise<IndexedDocument | undefined>;
  /**
   * For each paragraph's passage text (headings included) and sentence text hashes, the vectors already
   * computed for the same content, in the order asked.
   */
  embedded(hashes: ReadonlyArray<ContentHashes>): Promise<Array<EmbeddedParagraph | undefined>>;
  close(): Promise<void>;
}

/** SHA-256 (hex) of a paragraph's passage (headings and text) and of its text alone: what vectors are reused by. */
export interface ContentHashes {
  passage: string;
  text: string;
}

/** A sentence to store, tied to its paragraph by the paragraph's position in the build (its label). */
export interface SentenceRecord extends StoredSentence {
  paragraphLabel: number;
}

/** Everything one build holds, computed the same way for every backend: what a backend writes. */
export interface IndexContent {
  manifest: Manifest;
  /** Per document id: the hash of its file, meta.json and parser version, by which the next update knows it unchanged. */
  sourceHashes?: ReadonlyMap<string, string>;
  /** In label order: paragraph i is vector i. */
  paragraphs: Paragraph[];
  /** Per paragraph, the hashes its vectors are reused by. */
  contentHashes: ContentHashes[];
  vectors: Float32Array[];
  sentences: SentenceRecord[];
  /** How many paragraphs contain each Porter stem, for the answer stage's term weights. */
  documentFrequencies: Map<string, number>;
  /** How many paragraphs contain each word as written (lower-cased), for reading misspelt question words. */
  wordFrequencies: Map<string, number>;
  /** Acronyms the corpus defines, with their long forms. */
  acronymDefinitions: ReadonlyMap<string, readonly string[]>;
  /**
   * Phrases the retriever is known to search for (the domain thesaurus's document wordings): a backend may keep
   * their best matches at build time, as it keeps those of common phrases, rather than match them at every search.
   */
  searchedPhrases: readonly string[];
  /**
   * Phrases the retriever may ask `hasPhrase` about (WordNet's entries of several words): a backend may record
   * at build time which of them the corpus holds, rather than search for each at a question.
   */
  probedPhrases: readonly string[];
}

export interface OpenStoreOptions {
  /**
   * Whether to load the vector index. A process that only shows paragraphs (the server's HTTP thread, whose
   * pipeline worker searches) leaves it out: at a million paragraphs it is a gigabyte of memory.
   */
  vectors?: boolean;
}

/**
 * Where builds of the index are kept, and both halves of using them: writing a build and switching to it in one
 * step, and opening the build in use. The embedded backend keeps builds in a folder (INDEX_DIR); the PostgreSQL
 * one in a database (DATABASE_URL). Chosen by `openBackend` (src/store/backend.ts), the only way in.
 */
export interface StoreBackend {
  /** Where the builds are, for messages: "index/" or "PostgreSQL at 127.0.0.1:5432/undocs". */
  readonly location: string;
  /** The name of the build in use, or null when no build has completed. Throws IndexUnusableError when garbled. */
  currentVersion(): Promise<string | null>;
  /** A build's manifest, read without opening the build; throws IndexUnusableError when it cannot be read. */
  readManifest(version: string): Promise<Manifest>;
  /** Opens a build for searching, after checking it is complete and consistent with its manifest. */
  open(version: string, options?: OpenStoreOptions): Promise<ParagraphStore>;
  /** Opens a build as the source an update reuses: its parsed documents and its vectors. */
  openReusable(version: string): Promise<ReusableIndex>;
  /**
   * Writes a complete build, checks that it opens, and makes it current in one step: readers see the previous
   * build or this one, never part of one. The previous build is kept until the next switch, for readers still
   * using it; older ones and the leftovers of interrupted builds are removed. Returns the new build's name.
   */
  publish(content: IndexContent): Promise<string>;
  /** Whether the backend can be reached now; the reason when it cannot (for health checks). */
  check(): Promise<{ ok: true } | { ok: false; reason: string }>;
  close(): Promise<void>;
}
