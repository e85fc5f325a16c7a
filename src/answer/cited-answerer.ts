import { memoizeAsync } from '../memoize.js';
import { answerSettingsFor, type AnswerSettings } from './answer-settings.js';
import type { Embedder } from '../embed/types.js';
import type { Hit, Retriever } from '../retrieve/types.js';
import type { SessionCalendar } from '../retrieve/session-calendar.js';
import type { ParagraphStore } from '../store/types.js';
import { abstention, composeAnswer, type Evidence } from './compose.js';
import { resolveFollowUp } from './follow-up.js';
import type { Answer, Answerer, AskRequest } from './types.js';

export interface CitedAnswererOptions {
  retriever: Retriever;
  store: ParagraphStore;
  /** The embedder the retriever uses; wrap it in a query cache so the question is embedded once. */
  embedder: Embedder;
  /** How questions name years by session or round, as the retriever reads them. */
  sessions: SessionCalendar;
  settings?: AnswerSettings;
}

/** Answers remembered for repeated questions. */
const RECENT_ANSWERS = 256;

/** Paragraphs an answer draws its sentences from, unless the request asks for another number. */
export const DEFAULT_EVIDENCE_PARAGRAPHS = 8;

/**
 * The answer pipeline: resolve a follow-up into a standalone question, retrieve paragraphs (filtered by year
 * when one applies), then compose an answer from their sentences or abstain.
 */
export class CitedAnswerer implements Answerer {
  private readonly retriever: Retriever;
  private readonly store: ParagraphStore;
  private readonly embedder: Embedder;
  private readonly settings: AnswerSettings;
  private readonly corpusYears: number[];
  private readonly sessions: SessionCalendar;

  constructor(options: CitedAnswererOptions) {
    this.retriever = options.retriever;
    this.store = options.store;
    this.embedder = options.embedder;
    this.sessions = options.sessions;
    this.settings = options.settings ?? answerSettingsFor(options.embedder.modelId);
    this.corpusYears = Object.keys(options.store.stats().years).map(Number).sort((a, b) => a - b);
  }

  /** Recent answers: people repeat questions (reloads, shared links); follow-ups depend only on earlier questions. */
  readonly ask = memoizeAsync((request: AskRequest) => this.compose(request), {
    max: RECENT_ANSWERS,
    key: (request) => JSON.stringify([request.question, request.year ?? 'inferred', request.document ?? null, request.k, request.history?.map((turn) => turn.question)]),
  });

  private async compose(request: AskRequest): Promise<Answer> {
    const resolved = resolveFollowUp(request.question, request.history ?? [], this.sessions);
    const k = request.k ?? DEFAULT_EVIDENCE_PARAGRAPHS;
    // The retriever reads the year from the question (years, sessions, rounds, meeting dates) unless one is given.
    const result = await this.retriever.search({ query: resolved.text, k, year: request.year, document: request.document });
    const base = { question: request.question, resolvedQuestion: resolved.text, year: result.year };

    if (result.year !== null && !this.corpusYears.includes(result.year)) {
      const closest = await this.retriever.search({ query: resolved.text, k, year: null, document: request.document });
      return abstention(base, 'year-not-covered', this.yearsMessage(result.year), this.evidence(closest.hits), 0);
    }

    return composeAnswer({
      ...base,
      queryTerms: result.understood.terms,
      // The retriever embedded the same text: the query cache answers this without inference.
      queryVector: await this.embedder.embedQuery(result.understood.denseText),
      evidence: this.evidence(result.hits),
      idf: (stem) => this.store.idf(stem),
      settings: this.settings,
    });
  }

  private evidence(hits: Hit[]): Evidence[] {
    return hits.map((hit) => ({ hit, sentences: this.store.sentences(hit.paragraph.id) }));
  }

  private yearsMessage(year: number): string {
    const first = this.corpusYears[0];
    const last = this.corpusYears.at(-1);
    const span = first === last ? `${first}` : `${first} to ${last}`;
    return `The documents cover the years ${span}; they say nothing about ${year}.`;
  }
}
