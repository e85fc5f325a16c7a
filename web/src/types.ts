/**
 * The shapes of the HTTP API the page reads, taken from the server's own types so the two cannot drift apart.
 */
import type { Answer, AnswerReason, AnswerSentence, AnswerStatus, AskRequest, Citation, ComparedYears } from '../../src/answer/types.js';
import type { DocumentRef, Footnote, Paragraph } from '../../src/parse/types.js';
import type { CorrectedWord, DetectedLanguage, SpellingCorrection, YearConflict, YearSpan } from '../../src/retrieve/question-reading.js';
import type { Example } from '../../src/serve/example-question.js';
import type { DocumentSummary } from '../../src/store/types.js';

export type { Answer, AnswerReason, AnswerSentence, AnswerStatus, Citation, ComparedYears, CorrectedWord, DetectedLanguage, DocumentRef, DocumentSummary, Example, Footnote, SpellingCorrection, YearConflict, YearSpan };

/** GET /api/documents. */
export interface DocumentList {
  documents: DocumentSummary[];
  examples: Example[];
}

/** The fields every paragraph object of the API carries about its document. */
type DocumentFields = Pick<Citation, 'document' | 'part' | 'reference'>;

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

/**
 * POST /api/ask/stream's body, as the page sends it: the question, the filters, the earlier turns, and how to read
 * the question (`asTyped`: no spelling correction; `keepFilterYear`: the year filter wins over a year the question names).
 */
export type AskBody = Pick<AskRequest, 'question' | 'year' | 'document' | 'history' | 'keepFilterYear' | 'asTyped'>;
