/** Ranking and answer metrics, each a plain function of ids and flags so it can be checked by hand. */

/** 1 when any relevant id is among the first k, else 0. */
export function recallAt(ranked: string[], relevant: string[], k: number): number {
  return ranked.slice(0, k).some((id) => relevant.includes(id)) ? 1 : 0;
}

/** Reciprocal rank of the first relevant id within the first k, 0 when there is none. */
export function reciprocalRankAt(ranked: string[], relevant: string[], k: number): number {
  const index = ranked.slice(0, k).findIndex((id) => relevant.includes(id));
  return index < 0 ? 0 : 1 / (index + 1);
}

/**
 * nDCG@k with binary relevance: every gold paragraph counts the same. The dev set lists gold paragraphs in
 * an order, but for topic questions that order is not a ranking anyone agreed on, so grading by it would
 * reward matching an arbitrary sequence.
 */
export function ndcgAt(ranked: string[], relevant: string[], k: number): number {
  const gain = (position: number) => 1 / Math.log2(position + 2);
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (relevant.includes(id)) dcg += gain(i);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.length); i++) ideal += gain(i);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface AbstentionCounts {
  /** Unanswerable and abstained. */
  truePositives: number;
  /** Answerable but abstained. */
  falsePositives: number;
  /** Unanswerable but answered. */
  falseNegatives: number;
  /** Answerable and answered. */
  trueNegatives: number;
}

/** Abstention as a classifier whose positive class is "unanswerable". */
export function abstentionMetrics(counts: AbstentionCounts): { precision: number; recall: number; falseAbstentionRate: number } {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn } = counts;
  return {
    // Never abstaining makes no false claim of ignorance: precision 1 by convention, recall 0 shows the failure.
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    falseAbstentionRate: fp + tn === 0 ? 0 : fp / (fp + tn),
  };
}

/** Case, spacing and apostrophe style differ between dev set and corpus without changing the fact. */
export function containsFact(text: string, fact: string): boolean {
  const normalise = (s: string) => s.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ');
  return normalise(text).includes(normalise(fact));
}
