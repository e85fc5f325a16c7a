import { createHash } from 'node:crypto';
import { CitedAnswerer } from '../../src/answer/cited-answerer.js';
import type { AnswerSettings } from '../../src/answer/answer-settings.js';
import type { Answer, Turn } from '../../src/answer/types.js';
import type { Embedder } from '../../src/embed/types.js';
import type { HybridRetriever } from '../../src/retrieve/hybrid-retriever.js';
import type { ParagraphStore } from '../../src/store/types.js';
import { containsFact, mean } from './metrics.js';

/**
 * Sweeps the answerer's refusal settings (`abstainBelow`, `maxUnknownShare`, and `commonWordUsage`, which weighs
 * the words the corpus lacks) over questions whose kind of reply is known, and estimates by five-fold cross-validation how well the chosen pair does on questions it was
 * not chosen on. The objective is balanced accuracy of "answered" against "not answered" (related or not
 * covered), so refusing everything or answering everything scores 0.5; the fact in the answer breaks ties.
 */

export interface AnswerTuningQuestion {
  id: string;
  question: string;
  history?: Turn[];
  year?: number;
  answerable: boolean;
  fact?: string;
}

const GRID = {
  abstainBelow: [0.05, 0.08, 0.1, 0.12, 0.15, 0.2],
  maxUnknownShare: [0.4, 0.5, 0.6, 0.7],
  commonWordUsage: [3, 10, 30, 100, 1000],
};
type Tuned = Pick<AnswerSettings, 'abstainBelow' | 'maxUnknownShare' | 'commonWordUsage'>;
const FOLDS = 5;

interface Scored {
  balancedAccuracy: number;
  factInAnswer: number;
}

export interface AnswerTuningReport {
  best: Tuned & Scored;
  /** Each fold: the settings chosen on the other four, and how they did on this one. */
  folds: Array<Tuned & Scored>;
  crossValidated: Scored;
  /** Every setting of the grid over all the questions, for the table. */
  grid: Array<Tuned & Scored>;
}

function score(rows: Array<{ q: AnswerTuningQuestion; answer: Answer }>): Scored {
  const answerable = rows.filter((r) => r.q.answerable);
  const unanswerable = rows.filter((r) => !r.q.answerable);
  const answeredRate = mean(answerable.map((r) => (r.answer.status === 'answered' ? 1 : 0)));
  const heldBackRate = mean(unanswerable.map((r) => (r.answer.status !== 'answered' ? 1 : 0)));
  const withFact = rows.filter((r) => r.q.fact !== undefined);
  return {
    balancedAccuracy: (answeredRate + heldBackRate) / 2,
    factInAnswer: mean(withFact.map((r) => (r.answer.status === 'answered' && containsFact(r.answer.answer.text, r.q.fact!) ? 1 : 0))),
  };
}

const better = (a: Scored, b: Scored) => a.balancedAccuracy > b.balancedAccuracy || (a.balancedAccuracy === b.balancedAccuracy && a.factInAnswer > b.factInAnswer);

/** A fold by a hash of the id: stable from run to run, and unrelated to the order or kind of the questions. */
function foldOf(id: string): number {
  return createHash('sha256').update(id).digest()[0]! % FOLDS;
}

export async function tuneAnswerThresholds(
  questions: AnswerTuningQuestion[],
  retriever: HybridRetriever,
  store: ParagraphStore,
  embedder: Embedder,
  base: AnswerSettings,
): Promise<AnswerTuningReport> {
  const pairs: Tuned[] = GRID.abstainBelow.flatMap((abstainBelow) =>
    GRID.maxUnknownShare.flatMap((maxUnknownShare) => GRID.commonWordUsage.map((commonWordUsage) => ({ abstainBelow, maxUnknownShare, commonWordUsage }))),
  );
  // Every setting's answers to every question, once: the retriever remembers its searches, so only composing repeats.
  const answers = new Map<string, Array<{ q: AnswerTuningQuestion; answer: Answer }>>();
  for (const pair of pairs) {
    const answerer = new CitedAnswerer({ retriever, store, embedder, sessions: retriever.sessions, kinds: retriever.kinds, settings: { ...base, ...pair } });
    const rows = [];
    for (const q of questions) rows.push({ q, answer: await answerer.ask({ question: q.question, history: q.history, year: q.year }) });
    answers.set(JSON.stringify(pair), rows);
  }
  const over = (pair: (typeof pairs)[number], keep: (q: AnswerTuningQuestion) => boolean) => score(answers.get(JSON.stringify(pair))!.filter((r) => keep(r.q)));
  const choose = (keep: (q: AnswerTuningQuestion) => boolean) => pairs.reduce((best, pair) => (better(over(pair, keep), over(best, keep)) ? pair : best));

  const folds = Array.from({ length: FOLDS }, (_, fold) => {
    const chosen = choose((q) => foldOf(q.id) !== fold);
    return { ...chosen, ...over(chosen, (q) => foldOf(q.id) === fold) };
  });
  const best = choose(() => true);
  return {
    best: { ...best, ...over(best, () => true) },
    folds,
    crossValidated: { balancedAccuracy: mean(folds.map((f) => f.balancedAccuracy)), factInAnswer: mean(folds.map((f) => f.factInAnswer)) },
    grid: pairs.map((pair) => ({ ...pair, ...over(pair, () => true) })),
  };
}
