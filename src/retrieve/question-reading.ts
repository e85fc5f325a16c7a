/**
 * How a question was read before it was searched, as plain data the answer and the API pass on: the words read
 * as others, the language, the years. Kept apart from the code that reads them so the web page can share the types.
 */

/** One word read as another. */
export interface CorrectedWord {
  /** As typed. */
  from: string;
  /** The corpus word read instead, in the case it was typed in. */
  to: string;
}

/** The question as typed and as searched, with the words read otherwise. */
export interface SpellingCorrection {
  original: string;
  reading: string;
  words: CorrectedWord[];
}

/** A language other than the corpus's, as recognised in a question. */
export interface DetectedLanguage {
  /** ISO 639-1. */
  code: string;
  /** In English. */
  name: string;
  /** What to tell the reader, in their language: that the documents are English, and how the question was searched. */
  reply: string;
  /**
   * The English words the question was searched as, read through the language's glossary
   * (src/retrieve/glossary.ts), or null when too little of it could be read and it was not searched.
   */
  searchedAs: string | null;
}

/** Meeting years, inclusive; a null end is open. */
export interface YearSpan {
  from: number | null;
  to: number | null;
}

/** The year filter and the question named different meeting years: which each was, and which one applied. */
export interface YearConflict {
  filter: number;
  question: number;
  applied: 'filter' | 'question';
}
