import type { DocumentRef, Footnote } from '../parse/types.js';

/** One quoted sentence of an answer, with the numbers of the citations it comes from. */
export interface AnswerSentence {
  text: string;
  citations: number[];
  /** Meeting year of the quoted paragraph; timelines group by it. */
  year: number | null;
}

/** A cited paragraph, numbered as the answer's markers refer to it. */
export interface Citation {
  n: number;
  id: string;
  document: DocumentRef;
  /** "preamble", "annex", or null for the main body. */
  part: string | null;
  year: number | null;
  chapter: string | null;
  paragraph: number;
  section: string | null;
  topic: string | null;
  text: string;
  footnotes: Footnote[];
  score: number;
  /** Short reference, as in a footnote. */
  citation: string;
  /** Full one-line reference a journalist can publish as it is. */
  reference: string;
  /** The sentences of this paragraph that the answer quotes, verbatim, for highlighting. */
  quoted: string[];
}

/**
 * How the sentences are laid out: the fact first, a summary of one year in document order, or a timeline
 * of one or two sentences per year.
 */
export type AnswerLayout = 'fact' | 'summary' | 'timeline';

export interface Answer {
  question: string;
  /** The question made standalone from the conversation (follow-ups), as it was searched. */
  resolvedQuestion: string;
  year: number | null;
  abstained: boolean;
  /** Why the answer abstained: "weak-evidence" or "year-not-covered". */
  reason?: string;
  /** Strength of the best evidence sentence (word overlap and vector similarity); abstains below a threshold. */
  confidence: number;
  layout: AnswerLayout;
  answer: { text: string; sentences: AnswerSentence[] };
  citations: Citation[];
  /** When abstaining: the closest paragraphs, for the reader to judge. */
  related?: Citation[];
}

export interface Turn {
  question: string;
  answer?: string;
}

export interface AskRequest {
  question: string;
  year?: number;
  /** Id of the one document to answer from. */
  document?: string;
  history?: Turn[];
  k?: number;
}

/** Anything that answers questions from the corpus; the HTTP layer depends on this, not on the pipeline. */
export interface Answerer {
  ask(request: AskRequest): Promise<Answer>;
}
