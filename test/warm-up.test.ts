import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assemblePipeline } from '../src/pipeline.js';
import type { Embedder } from '../src/embed/types.js';
import { DEFAULT_WARM_UP, warmUp } from '../src/serve/warm-up.js';
import { openTestPipeline, type TestPipeline } from './support/pipeline.js';

describe('warmUp', () => {
  let serving: TestPipeline;
  /** The texts the model was asked to embed, over every pipeline these tests assemble. */
  const embedded: string[] = [];
  let counting: Embedder;

  beforeAll(async () => {
    serving = await openTestPipeline();
    const model = serving.embedder;
    counting = { ...model, modelId: model.modelId, dimensions: model.dimensions, embedQuery: (text) => (embedded.push(text), model.embedQuery(text)) };
  }, 60_000);

  afterAll(() => serving.close());

  it("asks its questions of the corpus's own words, searched and answered, then has the store forget them", async () => {
    const forget = vi.spyOn(serving.store, 'forgetQueries');
    const throwaway = await assemblePipeline(serving.store, counting);
    const search = vi.spyOn(throwaway.retriever, 'search');
    const ask = vi.spyOn(throwaway.answerer, 'ask');
    embedded.length = 0;

    const { asked, ms } = await warmUp(throwaway, { questions: 9, budgetMs: 10_000 });

    expect(asked).toBe(9);
    expect(ms).toBeGreaterThan(0);
    expect(ask).toHaveBeenCalledTimes(9);
    // Each question searched (answering searches it too) and asked, in each shape once in every nine: a topic, a
    // topic in a year, a search, each kind of fact, a misspelt search.
    const questions = [...new Set(search.mock.calls.map(([request]) => request.query))];
    expect(questions).toEqual(ask.mock.calls.map(([request]) => request.question));
    expect(questions.filter((q) => /^What was said about .+\?$/.test(q))).toHaveLength(2);
    expect(questions.some((q) => / in 20\d\d\?$/.test(q))).toBe(true);
    for (const shape of [/^How many /, /^Which countries /, /^When was /, /^What percentage of /, /^Why /]) expect(questions.filter((q) => shape.test(q)), String(shape)).toHaveLength(1);
    expect(questions.filter((q) => /^[^A-Z?]+$/.test(q))).toHaveLength(2);
    // The seventh, a misspelt search: the seventh paragraph's first words, lowercase, two letters of the longest swapped.
    const seventh = (await serving.store.get((await serving.store.outline())[6]!.id))!;
    const words = seventh.text.split(/\s+/).filter((word) => /\p{L}/u.test(word)).slice(0, 8).map((word) => word.toLowerCase());
    const typed = questions[6]!.split(' ');
    const changed = typed.flatMap((word, i) => (word === words[i] ? [] : [[words[i]!, word] as const]));
    expect(changed).toHaveLength(1);
    const [[original, slip]] = changed as [readonly [string, string]];
    expect([...slip].sort()).toEqual([...original].sort());
    expect([...slip].filter((letter, i) => letter !== original[i])).toHaveLength(2);
    // Words from the corpus's first paragraphs, not from any question set.
    const [first] = await serving.store.outline();
    expect((await serving.store.get(first!.id))!.text).toContain(questions[0]!.replace(/^What was said about (.+)\?$/, '$1').split(' ').slice(0, 3).join(' '));
    expect(embedded.length).toBeGreaterThanOrEqual(6);
    // The store forgets the questions once, after the last of them.
    expect(forget).toHaveBeenCalledTimes(1);
    expect(forget.mock.invocationCallOrder[0]!).toBeGreaterThan(ask.mock.invocationCallOrder.at(-1)!);
    forget.mockRestore();
  });

  it('leaves the serving pipeline knowing none of its questions: they embed anew there', async () => {
    const throwaway = await assemblePipeline(serving.store, counting);
    const search = vi.spyOn(throwaway.retriever, 'search');
    await warmUp(throwaway, { questions: 3, budgetMs: 10_000 });
    const fresh = await assemblePipeline(serving.store, counting);
    embedded.length = 0;
    await fresh.retriever.search({ query: search.mock.calls[0]![0].query, k: 10 });
    expect(embedded).toHaveLength(1);
  });

  it('asks nothing when turned off or out of time, and still has the store forget', async () => {
    for (const options of [{ questions: 0, budgetMs: 10_000 }, { questions: 60, budgetMs: 0 }]) {
      const throwaway = await assemblePipeline(serving.store, counting);
      embedded.length = 0;
      expect((await warmUp(throwaway, options)).asked, JSON.stringify(options)).toBe(0);
      expect(embedded).toEqual([]);
    }
  });

  it('names an option out of its range', async () => {
    await expect(warmUp(serving, { ...DEFAULT_WARM_UP, questions: -1 })).rejects.toThrow(/warm-up questions must be a whole number from 0 to 1000, got -1/);
    await expect(warmUp(serving, { ...DEFAULT_WARM_UP, budgetMs: Number.NaN })).rejects.toThrow(/budgetMs must be from 0 to 10000, got NaN/);
  });
});
