import type { DocumentInfo, Paragraph } from '../parse/types.js';

/**
 * Bumped whenever the on-disk layout changes, or what it holds is computed differently (3: the vocabulary reads
 * contractions as their own words; 4: documents with their symbol, body, session and date, paragraph vectors
 * and content hashes kept for reuse; 5: the words as written, with their spelling variants), so an old index is
 * rebuilt rather than misread.
 */
export const INDEX_FORMAT_VERSION = 5;

/** Describes a built index; written last, so its presence means the build completed. */
export interface Manifest {
  formatVersion: number;
  modelId: string;
  dimensions: number;
  /** Hash of every corpus file's name and bytes, in name order. */
  corpusHash: string;
  builtAt: string;
  documents: DocumentInfo[];
  paragraphCount: number;
  /**
   * Size and modification time of the paragraph database when the build checked it page by page. While they
   * still match, opening skips that check, which reads the whole file (about 3.6 s a GB); absent in indexes
   * built before it was recorded, which are checked at every open.
   */
  checkedParagraphs?: FileStamp;
}

export type ParagraphPlace = Pick<Paragraph, 'id' | 'document' | 'year' | 'meetingDates'>;

export interface FileStamp {
  bytes: number;
  modifiedMs: number;
}

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
 * Read side of the index: paragraph text and metadata, a BM25 lexical index and an HNSW vector index.
 * Kept behind this interface so a distributed engine can replace the local files with a new adapter.
 */
export interface ParagraphStore {
  readonly manifest: Manifest;
  get(id: string): Paragraph | undefined;
  /** Every paragraph in corpus order, for analyses of the whole corpus (evaluation, tests). */
  paragraphs(): Paragraph[];
  /** Every document in corpus order, with its years and paragraph count. */
  documents(): DocumentSummary[];
  /** One document's paragraphs in reading order; empty when no document has this id. */
  documentParagraphs(documentId: string): Paragraph[];
  /**
   * Where every paragraph stands, in corpus order, without its text: what a retriever reads whole when it opens
   * (the meeting calendar, each year's opening paragraphs), a few dozen bytes a paragraph.
   */
  outline(): ParagraphPlace[];
  /** Ids of the paragraphs before and after this one in its document. */
  neighbours(id: string): { previous: string | null; next: string | null };
  /**
   * BM25 over paragraph text and headings, summed over the terms with their weights; a paragraph matching any
   * term is a candidate. Terms are words or phrases already analysed by the caller.
   */
  lexicalSearch(terms: ReadonlyArray<string | WeightedTerm>, k: number, filter?: SearchFilter): ScoredId[];
  /** Nearest neighbours by cosine similarity (score = similarity). */
  denseSearch(vector: Float32Array, k: number, filter?: SearchFilter): ScoredId[];
  /** The paragraph's sentences in order, with vectors embedded at build time so answers cost no inference. */
  sentences(id: string): readonly StoredSentence[];
  /** BM25 inverse document frequency of a Porter stem over all paragraphs: highest for words the corpus lacks. */
  idf(stem: string): number;
  /** How many paragraphs contain each Porter stem: the corpus's vocabulary, counted at build time. */
  vocabulary(): ReadonlyMap<string, number>;
  /**
   * Words of the corpus that may be what a misspelt word meant: every word within two edits of it, and some
   * further away (the caller measures the distance). Looked up in an index built with the store.
   */
  spellingCandidates(word: string): WordFrequency[];
  /** The acronyms the corpus defines ("new psychoactive substances (NPS)") with their long forms, found at build time. */
  acronymDefinitions(): ReadonlyMap<string, readonly string[]>;
  stats(): CorpusStats;
  close(): void;
}

/** The read side an update uses from the build it replaces. */
export interface ReusableIndex {
  readonly manifest: Manifest;
  /** The document as the earlier build parsed it, or undefined when it held no document of this id. */
  indexedDocument(documentId: string): IndexedDocument | undefined;
  /** Vectors already computed for a paragraph with this passage text (headings included) and sentence text. */
  embedded(passageHash: string, textHash: string): EmbeddedParagraph | undefined;
  close(): void;
}
