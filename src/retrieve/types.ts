import type { DocumentRef, Paragraph } from '../parse/types.js';
import type { DetectedLanguage, SpellingCorrection, YearConflict, YearSpan } from './question-reading.js';
import type { SynonymRelation } from './synonyms.js';

/** A retrieved paragraph, ready to show and cite. */
export interface Hit {
  paragraph: Paragraph;
  document: DocumentRef;
  score: number;
  /** Short reference, e.g. "E/CN.7/2024/CRP.5, para. 24 (CND thematic discussions 2021, III)". */
  citation: string;
  /** The full one-line reference: body, session, title, symbol and date, chapter, paragraph. */
  reference: string;
}

export interface SearchRequest {
  query: string;
  k: number;
  /**
   * The year filter; when absent, a year named in the query applies; null searches all years regardless. A
   * question naming another meeting year is searched in that year, and the result says so (`yearConflict`),
   * unless `keepFilterYear` is set.
   */
  year?: number | null;
  /** Apply `year` even when the question names another meeting year. */
  keepFilterYear?: boolean;
  /** Id of the one document to search; every document when absent. */
  document?: string;
  /** Search the words as typed: no word the corpus lacks is read as a corpus word it resembles. */
  asTyped?: boolean;
}

/** A content word of the question, with the corpus's other words for it (acronym forms, synonyms) and their weights. */
export interface QueryTerm {
  text: string;
  /** Whether any paragraph of the corpus contains the word (its stem). */
  inCorpus: boolean;
  /**
   * For a word the corpus lacks, how common it is in general English as a word that names no thing (WordNet's
   * SemCor count as a verb, adjective or adverb, when more than as a noun; else 0): "inside" is a common word the
   * corpus happens not to use, "kratom" or "capital" a topic it does not speak of. Null when the corpus has it.
   */
  usage: number | null;
  alternatives: Array<{
    text: string;
    weight: number;
    relation: 'acronym' | SynonymRelation;
    /** Whether the corpus saying it means the corpus speaks of what the word means: not a rarer sense, not a class. */
    sameMeaning: boolean;
  }>;
}

export interface SearchResult {
  query: string;
  /** The year that filtered the results (explicit or inferred), or null. */
  year: number | null;
  /**
   * Meeting years searched when the question spans several ("since 2021", "over the years") or names the year
   * of a figure, which that meeting or a later one may report ("deaths recorded in 2020": 2020 onwards).
   */
  span: YearSpan | null;
  /** The year filter and the question named different meeting years: which each was, and which one applied. */
  yearConflict: YearConflict | null;
  /** The meeting years the question names apart to compare them ("Compare 2019 and 2023 on cannabis"), which alone were searched; else empty. */
  comparedYears: number[];
  /** The document that filtered the results (asked for, or named in the question by symbol or resolution number), or null. */
  document: string | null;
  hits: Hit[];
  /** How many of the leading hits have the question's words (or their alternatives); those after it have few. */
  relevant: number;
  /** Words read as corpus words they resemble ("naloxne" → "naloxone"), or null when none was. */
  corrected: SpellingCorrection | null;
  /** The question's language when it is not the corpus's (nothing is then corrected), else null. */
  language: DetectedLanguage | null;
  /** How the question was read: its words with their expansions, and the text that was embedded. */
  understood: { terms: QueryTerm[]; denseText: string };
}

export interface Retriever {
  search(request: SearchRequest): Promise<SearchResult>;
}
