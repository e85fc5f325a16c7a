/** The shapes of the HTTP API the page reads: the answer types are the server's own, the rest mirror schemas.ts. */
import type { Answer, AnswerSentence, Citation } from '../../src/answer/types.js';

export type { Answer, AnswerSentence, Citation };
import type { Paragraph } from '../../src/parse/types.js';

export type { Footnote } from '../../src/parse/types.js';

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
export type ParagraphView = Pick<
  Paragraph,
  'id' | 'year' | 'chapter' | 'paragraph' | 'section' | 'topic' | 'text' | 'footnotes' | 'document' | 'meetingDates'
> & {
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
  history?: HistoryTurn[];
}
