/**
 * The shapes of the HTTP API the page reads. The answer types start from the server's own; the document
 * fields every paragraph carries (and /api/documents) are written out here as the API contract states them,
 * so the page does not depend on how the server types them inside.
 */
import type { Answer as ServerAnswer, AnswerSentence, Citation as ServerCitation } from '../../src/answer/types.js';
import type { Footnote, Paragraph } from '../../src/parse/types.js';

export type { AnswerSentence, Footnote };

/** The document a paragraph belongs to, as every paragraph object names it. */
export interface DocumentRef {
  id: string;
  /** UN document symbol ("E/CN.7/2024/CRP.5"), or null when the document has none. */
  symbol: string | null;
  title: string;
  /** Short name used in citations ("CND thematic discussions"). */
  citationLabel: string;
  /** Issuing body ("Commission on Narcotic Drugs"). */
  body: string | null;
  session: string | null;
}

/** One indexed document, as GET /api/documents lists it. */
export interface DocumentSummary extends DocumentRef {
  /** Date of issue, ISO ("2024-03-04"). */
  date: string | null;
  /** The meeting years its paragraphs cover. */
  years: number[];
  /** How many paragraphs of it are indexed. */
  paragraphs: number;
}

/** The example questions of the empty page, one for each way of using it; the server reads them from the corpus. */
export interface Example {
  /** What the example shows, e.g. "A fact". */
  use: string;
  /** Asked in order; a second question is a follow-up to the first. */
  questions: readonly string[];
}

/** GET /api/documents. */
export interface DocumentList {
  documents: DocumentSummary[];
  examples: Example[];
}

/** The fields every paragraph object of the API gains with several documents. */
interface DocumentFields {
  document: DocumentRef;
  /** The part outside the main body the paragraph stands in ("preamble", "annex"), or null. */
  part: string | null;
  /** The one-line full citation to publish as it is ("Commission on Narcotic Drugs, sixty-seventh session, …, para. 24"). */
  reference: string;
}

/** A cited paragraph, numbered as the answer's markers refer to it. */
export type Citation = Omit<ServerCitation, keyof DocumentFields> & DocumentFields;

export type Answer = Omit<ServerAnswer, 'citations' | 'related'> & { citations: Citation[]; related?: Citation[] };

/** The `citations` event: the whole answer but its sentences, which follow one by one. */
export type AnswerHead = Omit<Answer, 'answer'>;

/** One `sentence` event. */
export interface SentenceEvent extends AnswerSentence {
  index: number;
}

export interface ApiError {
  error: { code: string; message: string };
}

export interface Stats {
  documents: number;
  paragraphs: number;
  years: Record<string, number>;
  /** The embedding model that answers, and where its files came from. */
  model: string;
  origin: 'models-dir' | 'bundled' | 'cache' | 'download';
  /** For the small bundled model: what a reader should know about its answers. */
  note?: string;
  /** The cross-encoder that reranks, when one is configured. */
  reranker?: string;
}

/** GET /api/paragraphs/:id: the paragraph's public fields with its citation and neighbours. */
export type ParagraphView = Pick<Paragraph, 'id' | 'year' | 'chapter' | 'paragraph' | 'section' | 'topic' | 'text' | 'footnotes' | 'meetingDates'> &
  DocumentFields & {
    citation: string;
    previous: string | null;
    next: string | null;
  };

/** An earlier turn, sent with a follow-up so "And in 2022?" can be resolved. */
export interface HistoryTurn {
  question: string;
  answer?: string;
}

export interface AskBody {
  question: string;
  year?: number;
  /** A document's id: only its paragraphs are searched. */
  document?: string;
  history?: HistoryTurn[];
}
