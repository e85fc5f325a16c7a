import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Turn } from '../../src/answer/types.js';
import { loadExamples } from '../../src/serve/examples.js';
import { openTestPipeline, type TestPipeline } from '../support/pipeline.js';

/**
 * The empty page offers these questions as examples of each use: each must get a real, cited answer, or the
 * example would teach the reader the wrong thing. A change to retrieval that breaks one shows up here.
 * They are read as the server reads them for GET /api/documents: from the corpus's examples.json (the browser
 * test checks that the page shows what that endpoint lists).
 */
const CORPUS_DIR = path.resolve(import.meta.dirname, '../../corpus');

describe('the example questions of the web page', () => {
  let pipeline: TestPipeline;
  beforeAll(async () => {
    pipeline = await openTestPipeline();
  });
  afterAll(() => pipeline?.close());

  // The repository's corpus has an examples.json, so the documents (used only without one) do not matter here.
  const EXAMPLES = loadExamples(CORPUS_DIR, []);
  const example = (use: string) => {
    const found = EXAMPLES.find((candidate) => candidate.use === use);
    if (!found) throw new Error(`No example for "${use}" in ${CORPUS_DIR}/examples.json`);
    return found;
  };

  it('are the corpus\'s own, not questions generated from its documents', () => {
    expect(EXAMPLES.map((candidate) => candidate.use)).toEqual(['A fact', 'A topic in one year', 'A topic across the years', 'A follow-up', 'A theme in every year', 'When and where']);
  });

  it('are five or six, each showing a different use', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(5);
    expect(new Set(EXAMPLES.map((example) => example.use)).size).toBe(EXAMPLES.length);
  });

  it.each(EXAMPLES.map((example) => [example.use, example] as const))('%s: gets a cited answer', async (_use, example) => {
    const history: Turn[] = [];
    for (const question of example.questions) {
      const answer = await pipeline.answerer.ask({ question, history });
      expect(answer.abstained, question).toBe(false);
      expect(answer.answer.sentences.length, question).toBeGreaterThan(0);
      expect(answer.citations.length, question).toBeGreaterThan(0);
      history.push({ question, answer: answer.answer.text });
    }
  });

  it('each does what it says', async () => {
    const ask = (question: string, history: Turn[] = []) => pipeline.answerer.ask({ question, history });
    const [fact, oneYear, acrossYears, followUp, everyYear, whenWhere] = ['A fact', 'A topic in one year', 'A topic across the years', 'A follow-up', 'A theme in every year', 'When and where'].map(example);
    expect((await ask(fact!.questions[0]!)).answer.text).toContain('Ghislain D’Hoop');
    const year = await ask(oneYear!.questions[0]!);
    expect(year.citations.every((c) => c.year === 2023)).toBe(true);
    expect(year.answer.text.toLowerCase()).toContain('drug checking');
    const timeline = await ask(acrossYears!.questions[0]!);
    expect(timeline.layout).toBe('timeline');
    expect(new Set(timeline.citations.map((c) => c.year)).size).toBeGreaterThan(1);
    const [first, second] = followUp!.questions;
    const resolved = await ask(second!, [{ question: first! }]);
    expect(resolved.resolvedQuestion).toBe('What was said about money laundering in 2023?');
    expect(resolved.citations.every((c) => c.year === 2023)).toBe(true);
    const covid = await ask(everyYear!.questions[0]!);
    expect(new Set(covid.citations.map((c) => c.year)).size).toBeGreaterThan(1);
    expect((await ask(whenWhere!.questions[0]!)).answer.text).toContain('19–21 October 2021');
  });
});
