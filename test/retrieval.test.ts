import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFollowUp } from '../src/answer/follow-up.js';
import { BUNDLED_RERANK_MODEL } from '../src/embed/model-source.js';
import { createCrossEncoderReranker } from '../src/retrieve/cross-encoder.js';
import { offlineModelSettings } from './support/models.js';
import { HybridRetriever } from '../src/retrieve/hybrid-retriever.js';
import { loadDevSet, type EvalQuestion } from '../scripts/eval/dev-set.js';
import { recallAt } from '../scripts/eval/metrics.js';
import { openTestPipeline, testIndex, type TestPipeline } from './support/pipeline.js';

const DEV_SET = path.resolve(import.meta.dirname, 'eval/dev-questions.json');

describe('retrieval over the real index', () => {
  let pipeline: TestPipeline;
  let questions: EvalQuestion[];

  beforeAll(async () => {
    pipeline = await openTestPipeline();
    questions = loadDevSet(DEV_SET, await pipeline.store.paragraphs());
  });

  afterAll(() => pipeline?.close());

  const search = (query: string, k = 5, year?: number | null) => pipeline.retriever.search({ query, k, year });

  it('finds a gold paragraph in the top 5 for at least 90% of the answerable dev questions', async () => {
    const answerable = questions.filter((q) => q.goldIds.length > 0);
    expect(answerable.length).toBeGreaterThanOrEqual(20);
    const recalled: number[] = [];
    for (const q of answerable) {
      const { hits } = await search(resolveFollowUp(q.question, q.history ?? [], pipeline.retriever.sessions).text);
      recalled.push(recallAt(hits.map((h) => h.paragraph.id), q.goldIds, 5));
    }
    const recall = recalled.reduce((a, b) => a + b, 0) / recalled.length;
    console.log(`Recall@5 on ${answerable.length} dev questions: ${recall.toFixed(3)}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps every result in the year a question names, however it names it', async () => {
    const named = questions.filter((q) => q.year !== null && q.history === undefined);
    expect(named.length).toBeGreaterThanOrEqual(20);
    for (const q of named) {
      const result = await search(q.question, 10);
      expect(result.year, q.question).toBe(q.year);
      for (const hit of result.hits) expect(hit.paragraph.year, q.question).toBe(q.year);
    }
  });

  it("lets the question's year win over a contradicting filter, and says so; keeps the filter when asked; null searches every year", async () => {
    const byQuestion = await search('What was said about cryptocurrencies in 2021?', 10, 2023);
    expect(byQuestion.year).toBe(2021);
    expect(byQuestion.yearConflict).toEqual({ filter: 2023, question: 2021, applied: 'question' });
    for (const hit of byQuestion.hits) expect(hit.paragraph.year).toBe(2021);
    const explicit = await pipeline.retriever.search({ query: 'What was said about cryptocurrencies in 2021?', k: 10, year: 2023, keepFilterYear: true });
    expect(explicit.year).toBe(2023);
    expect(explicit.hits.length).toBeGreaterThan(0);
    for (const hit of explicit.hits) expect(hit.paragraph.year).toBe(2023);
    const everywhere = await search('What was said about alternative development in 2019?', 20, null);
    expect(new Set(everywhere.hits.map((h) => h.paragraph.year)).size).toBeGreaterThan(1);
  });

  it('filters to the one meeting held on a date the question names without a year', async () => {
    const { year, hits } = await search('What was discussed on 17 October?', 10);
    expect(year).toBe(2019);
    for (const hit of hits) expect(hit.paragraph.year).toBe(2019);
    expect((await search('What was discussed on 20 October?', 10)).year).toBeNull();
  });

  it("answers a question about a meeting as a whole with that year's opening paragraphs, in order", async () => {
    const { year, hits } = await search('When did the third round take place?', 3);
    expect(year).toBe(2021);
    expect(hits.map((h) => [h.paragraph.year, h.paragraph.paragraph])).toEqual([
      [2021, 1],
      [2021, 2],
      [2021, 3],
    ]);
  });

  it('sets aside the year of the conversation when asked about other years', async () => {
    const { year, hits } = await search('Which other years mentioned the Toolkit on Synthetic Drugs in 2020?', 10);
    expect(year).toBeNull();
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.paragraph.year).not.toBe(2020);
  });

  it('has the acronym definitions of the corpus from the index build', () => {
    const definitions = pipeline.store.acronymDefinitions();
    expect(definitions.get('ATS')).toContain('amphetamine-type stimulants');
    expect(definitions.get('NPS')).toContain('new psychoactive substances');
  });

  it('finds the definition of an acronym the question only names', async () => {
    const { hits } = await search('What does ATS stand for?');
    expect(hits.some((h) => h.paragraph.text.includes('amphetamine-type stimulants (ATS)'))).toBe(true);
  });

  it('finds a paragraph that only uses the acronym of a long form the question spells out', async () => {
    const { hits } = await search('What was said about the annual report questionnaire at the sixty-fourth session?');
    expect(hits.slice(0, 3).some((h) => /\bARQ\b/.test(h.paragraph.text))).toBe(true);
  });

  it('matches words the corpus does not use through their WordNet synonyms', async () => {
    // The corpus says "cannabis" and "youth"; the question says "weed" and "teenagers".
    const { hits } = await search('Are teenagers wrongly convinced that weed is harmless?', 10);
    expect(hits.some((h) => /cannabis/i.test(h.paragraph.text) && /youth/i.test(h.paragraph.text))).toBe(true);
  });

  it('serves a repeated search from its cache, keeping "infer the year" apart from "every year"', async () => {
    const first = await search('What was discussed at the 2017 thematic session?', 5);
    expect(await search('What was discussed at the 2017 thematic session?', 5)).toBe(first);
    expect(first.year).toBe(2017);
    expect(first.hits).toEqual([]);
    const everyYear = await search('What was discussed at the 2017 thematic session?', 5, null);
    expect(everyYear.year).toBeNull();
    expect(everyYear.hits.length).toBeGreaterThan(0);
  });

  it('keeps a year filter the question contradicts only when asked to, and caches the two apart', async () => {
    const query = 'What was said about money laundering in 2021?';
    const byQuestion = await pipeline.retriever.search({ query, k: 5, year: 2020 });
    expect(byQuestion.year).toBe(2021);
    expect(byQuestion.yearConflict).toEqual({ filter: 2020, question: 2021, applied: 'question' });
    const byFilter = await pipeline.retriever.search({ query, k: 5, year: 2020, keepFilterYear: true });
    expect(byFilter.year).toBe(2020);
    expect(byFilter.yearConflict).toEqual({ filter: 2020, question: 2021, applied: 'filter' });
    for (const hit of byFilter.hits) expect(hit.paragraph.year).toBe(2020);
  });

  it('returns results best first, each method on its own too', async () => {
    for (const method of ['lexical', 'dense', 'fused', 'reranked'] as const) {
      const retriever = await HybridRetriever.open({ store: pipeline.store, embedder: pipeline.embedder, documents: pipeline.store.manifest.documents, method });
      const { hits } = await retriever.search({ query: 'money laundering and illicit financial flows', k: 10 });
      expect(hits, method).toHaveLength(10);
      const scores = hits.map((h) => h.score);
      expect(scores, method).toEqual([...scores].sort((a, b) => b - a));
    }
  });
});

// The bundled cross-encoder (scripts/cross-encoder/ made it from the corpus alone), or RERANK_MODEL's.
describe('cross-encoder reranking', () => {
  let pipeline: TestPipeline;

  beforeAll(async () => {
    pipeline = await openTestPipeline();
  }, 120_000);

  afterAll(() => pipeline?.close());

  it('reranks the fused candidates and keeps the year filter', async () => {
    const { modelsDir, cacheDir, remoteHost, remoteTimeoutMs } = offlineModelSettings();
    const { reranker, source } = await createCrossEncoderReranker({ modelId: process.env.RERANK_MODEL ?? BUNDLED_RERANK_MODEL, modelsDir, cacheDir, remoteHost, remoteTimeoutMs });
    expect(source.origin).toMatch(/bundled|models-dir/);
    const retriever = await HybridRetriever.open({ store: pipeline.store, embedder: pipeline.embedder, documents: pipeline.store.manifest.documents, reranker });
    const { hits } = await retriever.search({ query: 'What was said about cryptocurrencies in 2021?', k: 5 });
    expect(hits).toHaveLength(5);
    for (const hit of hits) expect(hit.paragraph.year).toBe(2021);
    expect(hits.some((h) => /cryptocurrenc/i.test(h.paragraph.text))).toBe(true);
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});
