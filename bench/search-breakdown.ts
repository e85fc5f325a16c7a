import type { Embedder } from '../src/embed/types.js';
import { assemblePipeline } from '../src/pipeline.js';
import type { ParagraphStore } from '../src/store/types.js';
import { caseVariant, uncachedQuestionStream } from './questions.js';
import { nowMs, summarise, type LatencySummary } from './stats.js';

/**
 * Where the time of one search (and one answer) goes, in-process and without HTTP: the pipeline the server
 * assembles, over an instrumented store and embedder. Every call to the store and the model is timed; what is
 * left of the total is the pipeline's own JavaScript (query analysis and expansion, fusion, composing), and
 * serialising the result is timed apart. Comparing with the HTTP figures gives the cost of HTTP, Hono and zod.
 */
export interface StageBreakdown {
  requests: number;
  total: LatencySummary;
  /** Mean milliseconds per request for each part; they add up to the mean total. */
  meanMs: Record<string, number>;
  /** Mean number of calls per request, for the store's methods. */
  callsPerRequest: Record<string, number>;
}

export interface BreakdownResult {
  search: StageBreakdown;
  ask: StageBreakdown | null;
  /** The calibration and held-out questions, each asked once of a fresh pipeline (see measureUnseenQuestions). */
  unseen?: UnseenResult;
  /** Questions whose case variants did not give the same results as the original (should be none). */
  variantMismatches: string[];
}

/** Milliseconds and calls per timed part, summed since last cleared. */
export interface Timings {
  ms: Map<string, number>;
  calls: Map<string, number>;
}

function record(timings: Timings, name: string, ms: number): void {
  timings.ms.set(name, (timings.ms.get(name) ?? 0) + ms);
  timings.calls.set(name, (timings.calls.get(name) ?? 0) + 1);
}

/**
 * The store with every method call timed under `store.<method>`, until its promise settles for those that return
 * one. A promise settles only once the code that called it has run on, and the retriever starts the dense and
 * lexical searches together: the embedded store does all its work before it returns, so the first call's promise
 * would settle after the second call's work too. The synchronous time other timed calls took meanwhile is
 * therefore not charged to a call.
 * @example
 * const timings: Timings = { ms: new Map(), calls: new Map() };
 * const pipeline = await assemblePipeline(timedStore(store, timings), embedder);
 */
export function timedStore(store: ParagraphStore, timings: Timings): ParagraphStore {
  let synchronousMs = 0;
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const start = nowMs();
        const synchronousBefore = synchronousMs;
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        const own = nowMs() - start;
        synchronousMs += own;
        if (!(result instanceof Promise)) {
          record(timings, `store.${property}`, own);
          return result;
        }
        return result.finally(() => record(timings, `store.${property}`, nowMs() - start - (synchronousMs - synchronousBefore - own)));
      };
    },
  });
}

function timedEmbedder(embedder: Embedder, timings: Timings): Embedder {
  return {
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    embedPassages: (texts, onProgress) => embedder.embedPassages(texts, onProgress),
    async embedQuery(text) {
      const start = nowMs();
      const vector = await embedder.embedQuery(text);
      record(timings, 'model.embedQuery', nowMs() - start);
      return vector;
    },
  };
}

async function measure(requests: number, timings: Timings, run: (i: number) => Promise<unknown>): Promise<StageBreakdown> {
  for (let i = 0; i < 20; i++) await run(i);
  timings.ms.clear();
  timings.calls.clear();
  const totals: number[] = [];
  let serialiseMs = 0;
  for (let i = 0; i < requests; i++) {
    const start = nowMs();
    const result = await run(i);
    totals.push(nowMs() - start);
    const t = nowMs();
    JSON.stringify(result);
    serialiseMs += nowMs() - t;
  }
  const total = summarise(totals);
  const meanMs: Record<string, number> = {};
  const callsPerRequest: Record<string, number> = {};
  let accounted = 0;
  for (const [name, ms] of [...timings.ms].sort((a, b) => b[1] - a[1])) {
    meanMs[name] = ms / requests;
    callsPerRequest[name] = (timings.calls.get(name) ?? 0) / requests;
    accounted += ms / requests;
  }
  meanMs['pipeline JavaScript (rest)'] = total.mean - accounted;
  meanMs['JSON.stringify of the result (not in the total)'] = serialiseMs / requests;
  return { requests, total, meanMs, callsPerRequest };
}

export async function measureBreakdown(options: {
  store: ParagraphStore;
  embedder: Embedder;
  questions: string[];
  requests?: number;
  withAsk: boolean;
}): Promise<BreakdownResult> {
  const requests = options.requests ?? 300;
  const variantMismatches = await checkVariantsNeutral(options);
  const timings: Timings = { ms: new Map(), calls: new Map() };
  const pipeline = await assemblePipeline(timedStore(options.store, timings), timedEmbedder(options.embedder, timings));
  // New case variants every time, so the pipeline's query cache never answers (see questions.ts).
  const searchQuestions = uncachedQuestionStream(options.questions);
  const search = await measure(requests, timings, () => pipeline.retriever.search({ query: searchQuestions(), k: 10 }));
  let ask: StageBreakdown | null = null;
  if (options.withAsk) {
    const askQuestions = uncachedQuestionStream(options.questions);
    ask = await measure(requests, timings, () => pipeline.answerer.ask({ question: askQuestions() }));
  }
  return { search, ask, variantMismatches };
}

/**
 * The HTTP figures rely on case variants costing what the original question costs: this checks that each
 * question and a few of its variants give the same paragraphs with the same scores (and the same answer).
 */
async function checkVariantsNeutral(options: { store: ParagraphStore; embedder: Embedder; questions: string[]; withAsk: boolean }): Promise<string[]> {
  const { retriever, answerer } = await assemblePipeline(options.store, options.embedder);
  const searchOutcome = async (query: string) => {
    const { hits, year } = await retriever.search({ query, k: 10 });
    return JSON.stringify({ year, hits: hits.map((h) => [h.paragraph.id, h.score]) });
  };
  const askOutcome = async (question: string) => {
    if (!options.withAsk) return '';
    // The answer repeats the question as asked; everything else must be the same.
    const { question: _q, resolvedQuestion: _r, ...answer } = await answerer.ask({ question });
    return JSON.stringify(answer);
  };
  const mismatches: string[] = [];
  for (const question of options.questions) {
    const expected = (await searchOutcome(question)) + (await askOutcome(question));
    for (const variant of [1, 0x555, 0xfff]) {
      const text = caseVariant(question, variant);
      if ((await searchOutcome(text)) + (await askOutcome(text)) !== expected) {
        mismatches.push(text);
        break;
      }
    }
  }
  return mismatches;
}

/** Per request: the whole time, the embedding's share, and the rest (the pipeline's own work). */
export interface UnseenStage {
  total: LatencySummary;
  embed: LatencySummary;
  ownWork: LatencySummary;
}

export interface UnseenResult {
  /** Questions asked, each once, of a pipeline that had never seen them (nor, mostly, their words). */
  questions: number;
  search: UnseenStage;
  ask: UnseenStage;
}

/**
 * Each question asked once of a fresh pipeline, so no cache a repeated word or question could fill helps: the
 * figures a new user's first questions meet. The embedding is timed apart, so what the pipeline adds (reading the
 * question, spelling, expansion, fusion, reranking, composing) shows on its own.
 */
export async function measureUnseenQuestions(options: { store: ParagraphStore; embedder: Embedder; questions: string[] }): Promise<UnseenResult> {
  const run = async (call: (pipeline: Awaited<ReturnType<typeof assemblePipeline>>, question: string) => Promise<unknown>): Promise<UnseenStage> => {
    const timings: Timings = { ms: new Map(), calls: new Map() };
    const pipeline = await assemblePipeline(timedStore(options.store, timings), timedEmbedder(options.embedder, timings));
    const totals: number[] = [];
    const embeds: number[] = [];
    for (const question of options.questions) {
      timings.ms.clear();
      const start = nowMs();
      await call(pipeline, question);
      totals.push(nowMs() - start);
      embeds.push(timings.ms.get('model.embedQuery') ?? 0);
    }
    return { total: summarise(totals), embed: summarise(embeds), ownWork: summarise(totals.map((t, i) => t - embeds[i]!)) };
  };
  const search = await run((pipeline, query) => pipeline.retriever.search({ query, k: 10 }));
  const ask = await run((pipeline, question) => pipeline.answerer.ask({ question }));
  return { questions: options.questions.length, search, ask };
}
