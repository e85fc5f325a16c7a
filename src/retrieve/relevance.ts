import { passageText } from '../parse/passage-text.js';
import { contentStems } from '../parse/terms.js';
import type { Hit, QueryTerm } from './types.js';

/**
 * Where relevance drops in a ranked list: a reader shown ten paragraphs should know when the ones that speak of
 * the question end ("naloxone" in 2019: one paragraph names it, nine do not). Judged by the question's words,
 * which a paragraph either has (itself or an alternative the expansion found) or lacks, weighted by rarity.
 */

/** A paragraph still bears on the question while it has at least this share of the best one's word weight. */
const RELEVANT_SHARE_OF_BEST = 0.5;

/** Share of the question's weight (idf) whose words, or their alternatives, the paragraph has. */
function coverage(hit: Hit, terms: QueryTerm[], idf: (stem: string) => number): number {
  const stems = new Set(contentStems(passageText(hit.paragraph)));
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    const [stem] = contentStems(term.text);
    if (stem === undefined) continue;
    const weight = idf(stem);
    total += weight;
    const has = stems.has(stem) || term.alternatives.some((a) => { const alt = contentStems(a.text); return alt.length > 0 && alt.every((s) => stems.has(s)); });
    if (has) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}

/**
 * How many of the leading hits bear on the question: up to the first whose word coverage falls below half the
 * best one's. When no hit has any of the question's words (a paraphrase the vectors found), the words cannot
 * tell, and every hit counts.
 * @example
 * relevantCount(result.hits, result.understood.terms, (stem) => store.idf(stem)); // 1 for "naloxone" in 2019
 */
export function relevantCount(hits: Hit[], terms: QueryTerm[], idf: (stem: string) => number): number {
  const shares = hits.map((hit) => coverage(hit, terms, idf));
  const best = Math.max(0, ...shares);
  if (best === 0) return hits.length;
  const drop = shares.findIndex((share) => share < best * RELEVANT_SHARE_OF_BEST);
  return drop < 0 ? hits.length : drop;
}
