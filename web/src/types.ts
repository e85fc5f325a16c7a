/** The shapes of the HTTP API the page reads: the answer types are the server's own, the rest mirror schemas.ts. */
import type { Answer, AnswerSentence, Citation } from '../../src/answer/types.js';

export type { Answer, AnswerSentence, Citation };
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
  model: string;
}

/** GET /api/paragraphs/:id */
export interface ParagraphView {
  id: string;
  year: number | null;
  chapter: string | null;
  paragraph: number;
  section: string | null;
  topic: string | null;
  text: string;
  footnotes: Array<{ marker: string; text: string }>;
  citation: string;
  document: string;
  meetingDates: string | null;
  previous: string | null;
  next: string | null;
}

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
