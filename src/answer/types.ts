import type { DocumentRef, Footnote } from '../parse/types.js';
import type { DetectedLanguage, SpellingCorrection, YearConflict, YearSpan } from '../retrieve/question-reading.js';

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

/**
 * Answered: the quoted sentences answer the question. Related: the documents speak of its topic but not of what
 * it asks for (the amount, the vote, the person...), so the closest passages are shown as related, not as the
 * answer. Not covered: the documents do not speak of it (or not in that year, or not in that language).
 */
export type AnswerStatus = 'answered' | 'related' | 'not_covered';

/**
 * Why an answer is not `answered`: "not-stated" (related: the asked-for fact is missing), "unknown-words" and
 * "weak-evidence" (the topic is not found), "year-not-covered" (a year the documents do not reach),
 * "topic-not-in-year" (a follow-up moved to a year where the topic is absent), "other-language", "no-such-paragraph"
 * (a paragraph asked for by its number that the documents do not have), "not-a-question" ("Hi", "Thanks", "What
 * can you do?": the reply says what the assistant does instead).
 */
export type AnswerReason = 'not-stated' | 'unknown-words' | 'weak-evidence' | 'year-not-covered' | 'topic-not-in-year' | 'other-language' | 'no-such-paragraph' | 'not-a-question';

/** How the question was read before searching, for the reader to check and undo. */
export interface QuestionReading {
  /** Words read as corpus words they resemble ("Showing results for naloxone"), or null. */
  corrected: SpellingCorrection | null;
  /** The question's language when not English, or null. */
  language: DetectedLanguage | null;
  /** The year filter and the question named different years: which applied. */
  yearConflict: YearConflict | null;
  /** The meeting years searched when the question spans several or dates a figure, or null. */
  span: YearSpan | null;
}

/** The meeting years a question compares, and those of them whose documents never speak of its topic. */
export interface ComparedYears {
  years: number[];
  /** The topic as the question's words name it ("fentanyl"). */
  topic: string;
  /** The compared years whose documents never mention the topic: nothing of theirs can be quoted. */
  without: number[];
}

export interface Answer extends QuestionReading {
  question: string;
  /** The question made standalone from the conversation (follow-ups), as it was searched. */
  resolvedQuestion: string;
  year: number | null;
  /** The document the answer is drawn from alone (asked for, or named in the question), or null. */
  document: string | null;
  status: AnswerStatus;
  /** Whether the answer quotes nothing as an answer: the status is not "answered". */
  abstained: boolean;
  /** Why the status is not "answered". */
  reason?: AnswerReason;
  /** For "topic-not-in-year": the years whose documents do speak of the topic. */
  otherYears?: number[];
  /** For a question comparing meeting years ("Compare 2022 and 2023 on fentanyl"): those years, and which never speak of its topic. */
  compared?: ComparedYears;
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
  /** Apply `year` even when the question names another meeting year (by default the question's applies). */
  keepFilterYear?: boolean;
  /** Search the words as typed, without reading unknown words as corpus words they resemble. */
  asTyped?: boolean;
  /** Id of the one document to answer from. */
  document?: string;
  history?: Turn[];
  k?: number;
}

/** Anything that answers questions from the corpus; the HTTP layer depends on this, not on the pipeline. */
export interface Answerer {
  ask(request: AskRequest): Promise<Answer>;
}
