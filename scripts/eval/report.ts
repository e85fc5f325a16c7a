import type { QuestionKind } from './dev-set.js';
import type { ReplySetReport } from './reply-set.js';

/** How one retrieval configuration did over the answerable dev questions. */
export interface RetrievalReport {
  name: string;
  description: string;
  /** Answerable questions scored (unanswerable ones have no gold paragraphs). */
  questions: number;
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  mrrAt10: number;
  /** Binary relevance: every gold paragraph counts the same. */
  ndcgAt10: number;
  /** Mean share of the returned paragraphs in the named year, over questions that name one. */
  yearPrecision: number;
  yearQuestions: number;
  p50LatencyMs: number;
  recallAt5ByKind: Partial<Record<QuestionKind, number>>;
  /** Rank (from 1) of the first gold paragraph in the top 10 for each question, null when none is there. */
  firstGoldRank: Record<string, number | null>;
}

/** How the answer pipeline (`/api/ask`) did over every dev question. */
export interface AnswerReport {
  /** Questions with a `fact` whose answer text contains it, case- and spacing-insensitively. */
  factInAnswerRate: number;
  factQuestions: number;
  /** Positive class: unanswerable. */
  abstentionPrecision: number;
  abstentionRecall: number;
  /** Share of answerable questions that were refused. */
  falseAbstentionRate: number;
  p50LatencyMs: number;
  factMisses: string[];
  wrongAbstentions: string[];
  missedAbstentions: string[];
}

export interface TargetCheck {
  target: string;
  value: number;
  met: boolean;
}

const fixed = (value: number, digits = 3) => (Number.isNaN(value) ? 'n/a' : value.toFixed(digits));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function formatRetrievalTable(reports: RetrievalReport[]): string {
  return table(
    ['configuration', 'R@1', 'R@5', 'R@10', 'MRR@10', 'nDCG@10', 'year prec.', 'p50 ms'],
    reports.map((r) => [
      r.name,
      fixed(r.recallAt1),
      fixed(r.recallAt5),
      fixed(r.recallAt10),
      fixed(r.mrrAt10),
      fixed(r.ndcgAt10),
      fixed(r.yearPrecision),
      fixed(r.p50LatencyMs, 1),
    ]),
  );
}

export function formatKindTable(reports: RetrievalReport[], kinds: QuestionKind[]): string {
  return table(
    ['Recall@5 by kind', ...kinds],
    reports.map((r) => [r.name, ...kinds.map((k) => fixed(r.recallAt5ByKind[k] ?? Number.NaN))]),
  );
}

export function formatAnswerTable(answer: AnswerReport): string {
  return table(
    ['/api/ask', 'fact in answer', 'abstain prec.', 'abstain recall', 'false abstain', 'p50 ms'],
    [[
      'CitedAnswerer',
      `${fixed(answer.factInAnswerRate)} (${answer.factQuestions})`,
      fixed(answer.abstentionPrecision),
      fixed(answer.abstentionRecall),
      fixed(answer.falseAbstentionRate),
      fixed(answer.p50LatencyMs, 1),
    ]],
  );
}

export function formatTargets(targets: TargetCheck[]): string {
  return targets.map((t) => `${t.met ? 'met   ' : 'MISSED'}  ${t.target} (${fixed(t.value)})`).join('\n');
}

/** Per kind of question: retrieval, facts, and whether the kind of reply (answered, related, not covered) was right. */
export function formatReplyTable(report: ReplySetReport): string {
  const count = (value: number, n: number) => (n === 0 ? '–' : `${fixed(value)} (${n})`);
  return table(
    ['kind', 'questions', 'R@5', 'fact in answer', 'status right', 'answerable refused', 'unanswerable held back'],
    [...report.byKind, report.overall].map((r) => [
      r.kind,
      String(r.questions),
      count(r.recallAt5, r.retrievalQuestions),
      count(r.factInAnswer, r.factQuestions),
      fixed(r.statusAccuracy),
      count(r.refusedAnswerable, r.answerableQuestions),
      count(r.heldBack, r.unanswerableQuestions),
    ]),
  );
}
