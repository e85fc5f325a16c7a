import { contentStems } from '../parse/terms.js';
import { paragraphStems } from './paragraph-stems.js';
import type { Hit, QueryTerm } from './types.js';

/**
 * Where relevance drops in a ranked list: a reader shown ten paragraphs should know when the ones that speak of
 * the question end ("naloxone" in 2019: one paragraph names it, nine do not). Judged by the question's words,
 * which a paragraph either has (itself or an alternative the expansion found) or lacks, weighted by rarity.
 */

/** A paragraph still bears on the question while it has at least this share of the best one's word weight. */
const RELEVANT_SHARE_OF_BEST = 0.5;

/** A question word as the judgement needs it: its stem, its weight, and the stems of each alternative. */
interface WeighedTerm {
  stem: string;
  weight: number;
  alternatives: string[][];
}

function weighedTerms(terms: QueryTerm[], idf: (stem: string) => number): WeighedTerm[] {
  return terms.flatMap((term) => {
    const [stem] = contentStems(term.text);
    if (stem === undefined) return [];
    const alternatives = term.alternatives.map((a) => contentStems(a.text)).filter((stems) => stems.length > 0);
    return [{ stem, weight: idf(stem), alternatives }];
  });
}

/** Share of the question's weight (idf) whose words, or their alternatives, the paragraph has. */
function coverage(hit: Hit, terms: WeighedTerm[]): number {
  const stems = paragraphStems(hit.paragraph);
  let total = 0;
  let covered = 0;
  for (const { stem, weight, alternatives } of terms) {
    total += weight;
    if (stems.has(stem) || alternatives.some((alternative) => alternative.every((s) => stems.has(s)))) covered += weight;
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
  const weighed = weighedTerms(terms, idf);
  const shares = hits.map((hit) => coverage(hit, weighed));
  const best = Math.max(0, ...shares);
  if (best === 0) return hits.length;
  const drop = shares.findIndex((share) => share < best * RELEVANT_SHARE_OF_BEST);
  return drop < 0 ? hits.length : drop;
}
