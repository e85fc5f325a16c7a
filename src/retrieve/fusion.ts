import type { ScoredId } from '../store/types.js';

/** One ranked list to fuse, with how much its ranks count. */
export interface RankedList {
  ranking: ScoredId[];
  weight: number;
}

/**
 * Weighted reciprocal rank fusion (Cormack et al., 2009): each list adds weight / (k + rank).
 * It uses ranks, not scores, so BM25 scores and cosine similarities need no common scale;
 * k damps the advantage of the very top ranks (60 in the paper).
 */
export function reciprocalRankFusion(lists: RankedList[], k: number): ScoredId[] {
  const fused = new Map<string, number>();
  for (const { ranking, weight } of lists) {
    ranking.forEach(({ id }, index) => {
      fused.set(id, (fused.get(id) ?? 0) + weight / (k + index + 1));
    });
  }
  return [...fused].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
