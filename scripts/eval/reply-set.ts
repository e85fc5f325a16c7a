import fs from 'node:fs';
import { z } from 'zod';
import type { Answerer, AnswerStatus } from '../../src/answer/types.js';
import type { Paragraph } from '../../src/parse/types.js';
import type { Retriever } from '../../src/retrieve/types.js';
import { withGoldIds } from './dev-set.js';
import { containsFact, mean } from './metrics.js';

/**
 * Question sets that grade the kind of reply as well as the paragraphs: each question says whether the documents
 * answer it, only speak of its topic ("related"), or do not cover it, and is of a kind (everyday wording,
 * typos, near-misses, conversations, year conflicts, other languages...) scored on its own. The calibration set
 * is tuned on; the unseen set is scored once.
 */

const ReplyQuestionSchema = z.object({
  id: z.string(),
  kind: z.string().min(1),
  question: z.string().min(1),
  history: z.array(z.object({ question: z.string() })).optional(),
  /** The year filter the reader had set, for year-conflict questions. */
  filterYear: z.number().int().optional(),
  year: z.number().int().nullable(),
  expected: z.enum(['answered', 'related', 'not_covered']),
  gold: z.array(z.object({ year: z.number().int(), paragraph: z.number().int() })),
  fact: z.string().optional(),
  note: z.string().optional(),
});

export type ReplyQuestion = z.infer<typeof ReplyQuestionSchema> & { goldIds: string[] };

/** Reads a reply set; a gold paragraph the corpus lacks is an error naming the file and the question. */
export function loadReplySet(file: string, paragraphs: Paragraph[]): ReplyQuestion[] {
  return withGoldIds(file, z.array(ReplyQuestionSchema).parse(JSON.parse(fs.readFileSync(file, 'utf8'))), paragraphs);
}

/** How one kind of question (or all of them) did. */
export interface ReplyKindReport {
  kind: string;
  questions: number;
  /** Over the questions with gold paragraphs, searched as the answerer searches them. */
  recallAt5: number;
  retrievalQuestions: number;
  factInAnswer: number;
  factQuestions: number;
  /** Share whose status is the expected one. */
  statusAccuracy: number;
  /** Answerable questions given another status than "answered". */
  refusedAnswerable: number;
  answerableQuestions: number;
  /** Questions expected "related" or "not_covered" that got either (not "answered"). */
  heldBack: number;
  unanswerableQuestions: number;
}

export interface ReplySetReport {
  byKind: ReplyKindReport[];
  overall: ReplyKindReport;
  /** Per question: the status given, and whether the gold was in the top 5 and the fact in the answer. */
  questions: Array<{ id: string; kind: string; expected: AnswerStatus; status: AnswerStatus; top5: boolean | null; fact: boolean | null }>;
}

const RETRIEVAL_DEPTH = 5;

/** Asks every question as the web chat would (history, year filter) and searches it as the answerer does. */
export async function evaluateReplySet(questions: ReplyQuestion[], retriever: Retriever, answerer: Answerer): Promise<ReplySetReport> {
  const rows: ReplySetReport['questions'] = [];
  for (const q of questions) {
    const answer = await answerer.ask({ question: q.question, history: q.history, year: q.filterYear });
    let top5: boolean | null = null;
    if (q.goldIds.length > 0) {
      const { hits } = await retriever.search({ query: answer.resolvedQuestion, k: RETRIEVAL_DEPTH, year: q.filterYear });
      top5 = hits.some((hit) => q.goldIds.includes(hit.paragraph.id));
    }
    const fact = q.fact === undefined ? null : answer.status === 'answered' && containsFact(answer.answer.text, q.fact);
    rows.push({ id: q.id, kind: q.kind, expected: q.expected, status: answer.status, top5, fact });
  }
  const kinds = [...new Set(questions.map((q) => q.kind))];
  return { byKind: kinds.map((kind) => summarise(kind, rows.filter((r) => r.kind === kind))), overall: summarise('all', rows), questions: rows };
}

function summarise(kind: string, rows: ReplySetReport['questions']): ReplyKindReport {
  const retrieved = rows.filter((r) => r.top5 !== null);
  const withFact = rows.filter((r) => r.fact !== null);
  const answerable = rows.filter((r) => r.expected === 'answered');
  const unanswerable = rows.filter((r) => r.expected !== 'answered');
  return {
    kind,
    questions: rows.length,
    recallAt5: mean(retrieved.map((r) => (r.top5 ? 1 : 0))),
    retrievalQuestions: retrieved.length,
    factInAnswer: mean(withFact.map((r) => (r.fact ? 1 : 0))),
    factQuestions: withFact.length,
    statusAccuracy: mean(rows.map((r) => (r.status === r.expected ? 1 : 0))),
    refusedAnswerable: mean(answerable.map((r) => (r.status !== 'answered' ? 1 : 0))),
    answerableQuestions: answerable.length,
    heldBack: mean(unanswerable.map((r) => (r.status !== 'answered' ? 1 : 0))),
    unanswerableQuestions: unanswerable.length,
  };
}
