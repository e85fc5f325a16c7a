import type { RetrievalSettings } from '../../src/retrieve/retrieval-settings.js';
import type { Embedder } from '../../src/embed/types.js';
import { HybridRetriever } from '../../src/retrieve/hybrid-retriever.js';
import { FeatureReranker, RERANK_FEATURES, type RerankFeature, type RerankWeights } from '../../src/retrieve/rerank.js';
import type { ParagraphStore } from '../../src/store/types.js';
import { mean, recallAt, reciprocalRankAt } from './metrics.js';

/**
 * Tunes the retrieval settings of one embedding model on the questions given (scripts/eval.ts: the dev set and
 * the tuned-on reply sets), in two stages: first expansion and fusion (each candidate value of one parameter at
 * a time, the others fixed, until nothing improves), then the reranker's weights by coordinate ascent on fixed
 * candidates (Metzler & Croft, 2007). Both maximise Recall@5 + MRR@10, the two numbers the targets are set on.
 * Cross-validation of the second stage estimates how much of its gain is fitted to these particular questions.
 */

const DEPTH = 10;

type Ranked = { ranked: string[]; gold: string[] };
const objective = (rows: Ranked[]) =>
  mean(rows.map((r) => recallAt(r.ranked, r.gold, 5))) + mean(rows.map((r) => reciprocalRankAt(r.ranked, r.gold, DEPTH)));

type GridParameter = Exclude<keyof RetrievalSettings, 'rerank' | 'lexicalWeight' | 'rerankDepth'>;
const GRID: Record<GridParameter, number[]> = {
  expandBelow: [0, 3, 10, 20, 40, 80, 1000],
  acronymWeight: [0.5, 0.75, 1],
  synonymWeight: [0.1, 0.3, 0.5, 0.7, 1],
  derivedWeight: [0.1, 0.3, 0.5, 0.7, 1],
  hypernymWeight: [0, 0.2, 0.5, 0.7, 1],
  thesaurusWeight: [0.3, 0.5, 0.7, 1, 1.5],
  layPhraseWordShare: [0, 0.5, 2 / 3, 0.75, 1],
  rrfK: [5, 10, 20, 30, 60],
  denseWeight: [0.25, 0.5, 0.75, 1, 1.5],
};

const STEPS = [-1, -0.5, -0.2, -0.1, 0.1, 0.2, 0.5, 1];
const MAX_ROUNDS = 8;

export interface TuningReport {
  settings: RetrievalSettings;
  /** Recall@5 + MRR@10 of the fused ranking before and after the first stage. */
  fusion: { before: number; after: number };
  /** Recall@5 + MRR@10 of the reranked ranking before and after the second stage. */
  rerank: { before: number; after: number };
  /** The second stage trained on four fifths of the questions, scored on the fifth left out, over five folds. */
  crossValidated: { recallAt5: number; mrrAt10: number };
}

async function fusedRuns(settings: RetrievalSettings, questions: ReadonlyArray<{ goldIds: string[] }>, texts: string[], store: ParagraphStore, embedder: Embedder): Promise<Ranked[]> {
  const retriever = await HybridRetriever.open({ store, embedder, documents: store.manifest.documents, settings, method: 'fused' });
  const rows: Ranked[] = [];
  for (const [i, q] of questions.entries()) {
    const { ranking } = await retriever.firstStage({ query: texts[i]!, k: DEPTH });
    rows.push({ ranked: ranking.slice(0, DEPTH).map((h) => h.id), gold: q.goldIds });
  }
  return rows;
}

interface FeatureRows {
  gold: string[];
  ids: string[];
  features: number[][];
}

function rank(rows: FeatureRows[], weights: number[]): Ranked[] {
  return rows.map(({ gold, ids, features }) => {
    const scored = ids.map((id, i) => ({ id, score: features[i]!.reduce((sum, f, j) => sum + f * weights[j]!, 0) }));
    scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return { ranked: scored.slice(0, DEPTH).map((s) => s.id), gold };
  });
}

function coordinateAscent(rows: FeatureRows[], start: number[]): number[] {
  let weights = [...start];
  let best = objective(rank(rows, weights));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let improved = false;
    for (let j = 0; j < weights.length; j++) {
      for (const step of STEPS) {
        const trial = [...weights];
        trial[j] = Math.round(Math.max(0, trial[j]! + step) * 100) / 100;
        const value = objective(rank(rows, trial));
        if (value > best + 1e-9) {
          best = value;
          weights = trial;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return weights;
}

export async function tuneRetrieval(questions: ReadonlyArray<{ goldIds: string[] }>, texts: string[], store: ParagraphStore, embedder: Embedder, base: RetrievalSettings): Promise<TuningReport> {
  let settings = { ...base };
  const fusionBefore = objective(await fusedRuns(settings, questions, texts, store, embedder));
  let fusionBest = fusionBefore;
  for (let round = 0; round < 2; round++) {
    for (const [parameter, values] of Object.entries(GRID) as [GridParameter, number[]][]) {
      for (const value of values) {
        if (value === settings[parameter]) continue;
        const trial = { ...settings, [parameter]: value };
        const score = objective(await fusedRuns(trial, questions, texts, store, embedder));
        if (score > fusionBest + 1e-9) {
          fusionBest = score;
          settings = trial;
        }
      }
    }
  }

  const retriever = await HybridRetriever.open({ store, embedder, documents: store.manifest.documents, settings });
  const reranker = new FeatureReranker(store, settings.rerank);
  const rows: FeatureRows[] = [];
  for (const [i, q] of questions.entries()) {
    const { rerankQuery, candidates } = await retriever.firstStage({ query: texts[i]!, k: DEPTH });
    // A question with no topic but its meeting is answered from the meeting's opening paragraphs, in their order:
    // no weight changes it, so it has nothing to tune.
    if (rerankQuery === null) continue;
    const features = await reranker.features(rerankQuery, candidates);
    rows.push({ gold: q.goldIds, ids: candidates.map((c) => c.paragraph.id), features: features.map((f) => RERANK_FEATURES.map((name) => f[name])) });
  }
  const start = RERANK_FEATURES.map((name) => settings.rerank[name]);
  const tuned = coordinateAscent(rows, start);

  const folds = 5;
  const heldOut: Ranked[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = rows.filter((_, i) => i % folds !== fold);
    const test = rows.filter((_, i) => i % folds === fold);
    heldOut.push(...rank(test, coordinateAscent(train, start)));
  }

  const weights = Object.fromEntries(RERANK_FEATURES.map((name, j) => [name, tuned[j]!])) as Record<RerankFeature, number>;
  return {
    settings: { ...settings, rerank: weights satisfies RerankWeights },
    fusion: { before: fusionBefore, after: fusionBest },
    rerank: { before: objective(rank(rows, start)), after: objective(rank(rows, tuned)) },
    crossValidated: {
      recallAt5: mean(heldOut.map((r) => recallAt(r.ranked, r.gold, 5))),
      mrrAt10: mean(heldOut.map((r) => reciprocalRankAt(r.ranked, r.gold, DEPTH))),
    },
  };
}
