import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../src/answer/types.js';
import { createTestApp, openTestPipeline, testIndex, type TestPipeline } from './support/pipeline.js';

interface ErrorBody {
  error: { code: string; message: string };
}

async function post(app: OpenAPIHono, path: string, body: unknown, contentType = 'application/json'): Promise<Response> {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Parses a Server-Sent Events body into its events, in order. */
function parseEvents(text: string): Array<{ event: string; data: unknown }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}

describe('POST /api/ask over the real index', () => {
  let pipeline: TestPipeline;
  let app: OpenAPIHono;

  beforeAll(async () => {
    pipeline = await openTestPipeline();
    app = createTestApp(pipeline);
  });

  afterAll(() => pipeline?.close());

  it('answers with quoted sentences, each marked with a citation that quotes it', async () => {
    const response = await post(app, '/api/ask', { question: 'What was said about drug checking services in 2023?' });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Answer;
    expect(answer.abstained).toBe(false);
    expect(answer.year).toBe(2023);
    expect(answer.answer.sentences.length).toBeGreaterThan(0);
    for (const sentence of answer.answer.sentences) {
      const cited = answer.citations.find((c) => c.n === sentence.citations[0]);
      expect(cited?.text).toContain(sentence.text);
      expect(cited?.quoted).toContain(sentence.text);
      expect(cited?.year).toBe(2023);
      expect(answer.answer.text).toContain(`${sentence.text} [${cited?.n}]`);
    }
    expect(answer.citations.map((c) => c.n)).toEqual(answer.citations.map((_, i) => i + 1));
    expect(answer.citations[0]?.citation).toMatch(/^E\/CN\.7\/2024\/CRP\.5, para\. \d+ \(CND thematic discussions 2023, V\)$/);
    expect(answer.citations[0]?.document).toMatchObject({ id: 'cnd-chairs-summaries-2019-2023', symbol: 'E/CN.7/2024/CRP.5' });
    expect(answer.citations[0]?.reference).toMatch(/^Commission on Narcotic Drugs, sixty-seventh session, ".+", E\/CN\.7\/2024\/CRP\.5 \(4 March 2024\), chap\. V \(.*2023\), para\. \d+$/);
  });

  it('honours an explicit year over the question', async () => {
    const answer = (await (await post(app, '/api/ask', { question: 'What was said about new psychoactive substances?', year: 2020 })).json()) as Answer;
    expect(answer.year).toBe(2020);
    expect(answer.citations.every((c) => c.year === 2020)).toBe(true);
  });

  it('resolves a follow-up from the history and returns the standalone question', async () => {
    const answer = (await (
      await post(app, '/api/ask', {
        question: 'And in 2022?',
        history: [{ question: 'What was said about alternative development in 2019?', answer: '...' }],
      })
    ).json()) as Answer;
    expect(answer.resolvedQuestion).toBe('What was said about alternative development in 2022?');
    expect(answer.year).toBe(2022);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.every((c) => c.year === 2022)).toBe(true);
  });

  it('asks the same of another thing of the kind: "What about young people?" after a question about women', async () => {
    const answer = (await (
      await post(app, '/api/ask', { question: 'What about young people?', history: [{ question: 'Do women get hooked faster than men?' }] })
    ).json()) as Answer;
    expect(answer.resolvedQuestion).toBe('Do young people get hooked faster than men?');
  });

  it('says which years the corpus covers when asked about another year, with no citations', async () => {
    const answer = (await (await post(app, '/api/ask', { question: 'What was discussed at the 2017 thematic session?' })).json()) as Answer;
    expect(answer.abstained).toBe(true);
    expect(answer.reason).toBe('year-not-covered');
    expect(answer.answer.text).toBe('The documents cover the years 2019 to 2023; they say nothing about 2017.');
    expect(answer.citations).toEqual([]);
    expect(answer.related?.length).toBeGreaterThan(0);
  });

  it('offers as related the passages that name a year no meeting on record covers, when some do', async () => {
    const answer = (await (await post(app, '/api/ask', { question: 'What is planned for the review in 2029?' })).json()) as Answer;
    expect(answer.status).toBe('related');
    expect(answer.reason).toBe('year-not-covered');
    expect(answer.answer.text).toBe('The documents cover the years 2019 to 2023; 2029 comes up only in what was said then, in the passages below.');
    expect(answer.citations).toEqual([]);
    expect(answer.related?.length).toBeGreaterThan(0);
    expect(answer.related!.every((p) => /\b2029\b/.test(p.text))).toBe(true);
  });

  it('offers for a span after the corpus\'s years the passages naming a year within it, unless the question has a topic of its own', async () => {
    const next = (await (await post(app, '/api/ask', { question: "What's next after 2024?" })).json()) as Answer;
    expect(next).toMatchObject({ status: 'related', reason: 'year-not-covered' });
    expect(next.answer.text).toBe('The documents cover the years 2019 to 2023; the years from 2025 come up only in what was said then, in the passages below.');
    expect(next.related!.length).toBeGreaterThan(0);
    expect(next.related!.every((p) => [...p.text.matchAll(/\b20\d\d\b/g)].some(([y]) => Number(y) >= 2025))).toBe(true);

    const cannabis = (await (await post(app, '/api/ask', { question: 'What was said about cannabis since 2024?' })).json()) as Answer;
    expect(cannabis).toMatchObject({ status: 'not_covered', reason: 'year-not-covered' });
    expect(cannabis.answer.text).toBe('The documents cover the years 2019 to 2023; they say nothing about the years from 2024.');
  });

  it('abstains on a question the documents do not cover and offers the closest paragraphs', async () => {
    const answer = (await (await post(app, '/api/ask', { question: 'Who painted the Mona Lisa?' })).json()) as Answer;
    expect(answer.abstained).toBe(true);
    expect(answer.status).toBe('not_covered');
    expect(answer.reason).toBe('unknown-words');
    expect(answer.citations).toEqual([]);
    expect(answer.answer.sentences).toEqual([]);
    expect(answer.related?.length).toBeGreaterThan(0);
  });

  it.each([
    [{}, 'question: is required'],
    [{ question: '   ' }, 'question: must not be empty'],
    [{ question: 42 }, 'question: must be text'],
    [{ question: 'x'.repeat(1001) }, 'question: must be at most 1000 characters'],
    [{ question: 'NPS', year: 2017 }, 'year: 2017 is not in the corpus (2019–2023)'],
    [{ question: 'NPS', year: '2021' }, 'year: must be a year (2019–2023)'],
    [{ question: 'NPS', k: 0 }, 'k: must be an integer from 1 to 50'],
    [{ question: 'NPS', history: [{ answer: 'no question' }] }, 'history.0.question: is required'],
    [{ question: 'NPS', history: Array.from({ length: 21 }, () => ({ question: 'q' })) }, 'history: must have at most 20 turns'],
  ])('rejects %j with 400 naming the field', async (body, message) => {
    const response = await post(app, '/api/ask', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error).toEqual({ code: 'invalid_request', message });
  });

  it('rejects a body that is not JSON with 400', async () => {
    const response = await post(app, '/api/ask', '{"question": ');
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe('invalid_request');
  });

  describe('POST /api/ask/stream', () => {
    it('sends the citations first, then each sentence, then done with the whole answer', async () => {
      const response = await post(app, '/api/ask/stream', { question: 'What was said about alternative development?' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = parseEvents(await response.text());
      expect(events[0]?.event).toBe('citations');
      expect(events.at(-1)?.event).toBe('done');
      const done = events.at(-1)!.data as Answer;
      const sentences = events.filter((e) => e.event === 'sentence').map((e) => e.data);
      expect(sentences).toEqual(done.answer.sentences.map((s, index) => ({ index, ...s })));
      expect((events[0]!.data as Answer).citations).toEqual(done.citations);
      expect(sentences.length).toBeGreaterThan(0);
    });

    it('validates like /api/ask, with a JSON 400 before any event', async () => {
      const response = await post(app, '/api/ask/stream', { question: '' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error.message).toBe('question: must not be empty');
    });
  });
});
