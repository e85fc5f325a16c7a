import type { DocumentRef, Paragraph } from '../parse/types.js';
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
  /** Explicit year; when absent, a year named in the query applies; null searches all years regardless. */
  year?: number | null;
  /** Id of the one document to search; every document when absent. */
  document?: string;
}

/** A content word of the question, with the corpus's other words for it (acronym forms, synonyms) and their weights. */
export interface QueryTerm {
  text: string;
  /** Whether any paragraph of the corpus contains the word (its stem). */
  inCorpus: boolean;
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
  /** The document that filtered the results (asked for, or named in the question by symbol or resolution number), or null. */
  document: string | null;
  hits: Hit[];
  /** How the question was read: its words with their expansions, and the text that was embedded. */
  understood: { terms: QueryTerm[]; denseText: string };
}

export interface Retriever {
  search(request: SearchRequest): Promise<SearchResult>;
}
