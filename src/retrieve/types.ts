import type { Paragraph } from '../parse/types.js';

/** A retrieved paragraph, ready to show and cite. */
export interface Hit {
  paragraph: Paragraph;
  score: number;
  /** Readable reference, e.g. "CND thematic discussions 2021 (III), para. 24". */
  citation: string;
}

export interface SearchRequest {
  query: string;
  k: number;
  /** Explicit year; when absent, a year named in the query applies; null searches all years regardless. */
  year?: number | null;
}

export interface SearchResult {
  query: string;
  /** The year that filtered the results (explicit or inferred), or null. */
  year: number | null;
  hits: Hit[];
}

export interface Retriever {
  search(request: SearchRequest): Promise<SearchResult>;
}
