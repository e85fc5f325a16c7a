import type { Embedder } from '../src/embed/types.js';
import { assemblePipeline } from '../src/pipeline.js';
import type { ParagraphStore } from '../src/store/types.js';
import { timedStore, type Timings } from './search-breakdown.js';
import { nowMs, summarise, type LatencySummary } from './stats.js';

/**
 * Where a search (or an answer) over a large store spends its time, call by call: each question asked once of a
 * fresh pipeline over a store no question has touched, with the model's cost taken out (the embedder answers
 * from vectors computed beforehand), every store method timed. Summed per request, so the figures say how much
 * of a request each method takes; where a backend runs the dense and lexical searches at once (PostgreSQL), their
 * times overlap and can add up to more than the total.
 */
export interface CallBreakdown {
  /** Mean calls of this method per request. */
  callsPerRequest: number;
  /** Milliseconds per request spent in this method (all its calls), over the requests. */
  perRequest: LatencySummary;
}

export interface StoreBreakdownStage {
  requests: number;
  total: LatencySummary;
  /** Per store method (`store.denseSearch`, ...), busiest first. */
  calls: Record<string, CallBreakdown>;
  /** Mean milliseconds per request outside the store: the pipeline's own JavaScript. */
  outsideStoreMeanMs: number;
}

export interface StoreBreakdown {
  search: StoreBreakdownStage;
  ask: StoreBreakdownStage;
}

type Call = (pipeline: Awaited<ReturnType<typeof assemblePipeline>>, question: string) => Promise<unknown>;

async function measureStage(store: ParagraphStore, embedder: Embedder, questions: readonly string[], warmUp: readonly string[], call: Call): Promise<StoreBreakdownStage> {
  const timings: Timings = { ms: new Map(), calls: new Map() };
  const pipeline = await assemblePipeline(timedStore(store, timings), embedder);
  for (const question of warmUp) await call(pipeline, question);
  const totals: number[] = [];
  const perRequest = new Map<string, { ms: number[]; calls: number }>();
  for (const [i, question] of questions.entries()) {
    timings.ms.clear();
    timings.calls.clear();
    const start = nowMs();
    await call(pipeline, question);
    totals.push(nowMs() - start);
    for (const [name, ms] of timings.ms) {
      const entry = perRequest.get(name) ?? { ms: new Array<number>(i).fill(0), calls: 0 };
      entry.ms.push(ms);
      entry.calls += timings.calls.get(name) ?? 0;
      perRequest.set(name, entry);
    }
    // A method this request did not call spent nothing on it.
    for (const entry of perRequest.values()) if (entry.ms.length === i) entry.ms.push(0);
  }
  const calls: Record<string, CallBreakdown> = {};
  let storeMs = 0;
  for (const [name, { ms, calls: count }] of [...perRequest].sort((a, b) => sum(b[1].ms) - sum(a[1].ms))) {
    calls[name] = { callsPerRequest: count / questions.length, perRequest: summarise(ms) };
    storeMs += sum(ms);
  }
  const total = summarise(totals);
  return { requests: questions.length, total, calls, outsideStoreMeanMs: total.mean - storeMs / questions.length };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Searches one set of questions and answers another (a question searched first would be answered from the
 * search's cache), each once, after the warm-up questions.
 * @example
 * const { search, ask } = await measureStoreBreakdown(store, precomputedEmbedder(vectors), { warmUp, search: half, ask: otherHalf });
 */
export async function measureStoreBreakdown(
  store: ParagraphStore,
  embedder: Embedder,
  questions: { warmUp: readonly string[]; search: readonly string[]; ask: readonly string[] },
): Promise<StoreBreakdown> {
  const search = await measureStage(store, embedder, questions.search, questions.warmUp, (pipeline, query) => pipeline.retriever.search({ query, k: 10 }));
  const ask = await measureStage(store, embedder, questions.ask, questions.warmUp, (pipeline, question) => pipeline.answerer.ask({ question }));
  return { search, ask };
}
