import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, createLoadingApp } from '../src/serve/app.js';
import { createTestApp, openTestPipeline, testIndex, type TestPipeline } from './support/pipeline.js';

const DOC = 'cnd-chairs-summaries-2019-2023';
const MODEL_ID = testIndex?.modelId ?? '';

interface ErrorBody {
  error: { code: string; message: string };
}

async function get<T>(app: OpenAPIHono, url: string): Promise<{ status: number; body: T; contentType: string | null }> {
  const response = await app.request(url);
  return { status: response.status, body: (await response.json()) as T, contentType: response.headers.get('content-type') };
}

describe('HTTP API over the real index', () => {
  let pipeline: TestPipeline;
  let app: OpenAPIHono;

  beforeAll(async () => {
    pipeline = await openTestPipeline();
    app = createTestApp(pipeline);
  });

  afterAll(() => pipeline?.close());

  describe('GET /api/search', () => {
    it('returns cited paragraphs with every field typed as documented, 10 by default', async () => {
      const { status, body } = await get<{ query: string; year: number | null; results: Record<string, unknown>[] }>(
        app,
        '/api/search?q=money%20laundering%20and%20illicit%20financial%20flows',
      );
      expect(status).toBe(200);
      expect(body.query).toBe('money laundering and illicit financial flows');
      expect(body.year).toBeNull();
      expect(body.results).toHaveLength(10);
      for (const result of body.results) {
        expect(Object.keys(result).sort()).toEqual(
          ['chapter', 'citation', 'document', 'footnotes', 'id', 'paragraph', 'part', 'reference', 'score', 'section', 'text', 'topic', 'year'].sort(),
        );
        expect(result).toMatchObject({
          id: expect.stringMatching(new RegExp(`^${DOC}\\.[IVX]+\\.\\d+$`)),
          year: expect.any(Number),
          chapter: expect.any(String),
          paragraph: expect.any(Number),
          text: expect.any(String),
          footnotes: expect.any(Array),
          score: expect.any(Number),
          citation: expect.stringMatching(/^E\/CN\.7\/2024\/CRP\.5, para\. \d+ \(CND thematic discussions 20\d\d, [IVX]+\)$/),
          document: { id: DOC, symbol: 'E/CN.7/2024/CRP.5', title: expect.stringMatching(/^Compilation/), citationLabel: 'CND thematic discussions', body: 'Commission on Narcotic Drugs', session: 'sixty-seventh session' },
          part: null,
        });
        expect(String(result.id)).toBe(`${DOC}.${String(result.chapter)}.${String(result.paragraph)}`);
      }
      const scores = body.results.map((r) => r.score as number);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });

    it('honours k and trims the question', async () => {
      const { status, body } = await get<{ query: string; results: unknown[] }>(app, '/api/search?q=%20%20prison%20health%20%20&k=3');
      expect(status).toBe(200);
      expect(body.query).toBe('prison health');
      expect(body.results).toHaveLength(3);
    });

    it('keeps only paragraphs of the year asked for', async () => {
      const { status, body } = await get<{ year: number; results: { year: number }[] }>(app, '/api/search?q=drug%20trafficking&year=2021&k=20');
      expect(status).toBe(200);
      expect(body.year).toBe(2021);
      expect(body.results.length).toBeGreaterThan(0);
      expect(body.results.every((r) => r.year === 2021)).toBe(true);
    });

    it('reports a year named in the question as the filter it applied', async () => {
      const { body } = await get<{ year: number | null; results: { year: number }[] }>(app, '/api/search?q=alternative%20development%20in%202020');
      expect(body.year).toBe(2020);
      expect(body.results.length).toBeGreaterThan(0);
      expect(body.results.every((r) => r.year === 2020)).toBe(true);
    });

    it('treats empty optional parameters, as HTML forms send them, as absent', async () => {
      const { status, body } = await get<{ year: number | null; results: unknown[] }>(app, '/api/search?q=prison&k=&year=');
      expect(status).toBe(200);
      expect(body.year).toBeNull();
      expect(body.results).toHaveLength(10);
    });

    it.each([
      ['/api/search', 'q: is required'],
      ['/api/search?q=', 'q: must not be empty'],
      ['/api/search?q=%20%20%20', 'q: must not be empty'],
      [`/api/search?q=${'a'.repeat(1001)}`, 'q: must be at most 1000 characters'],
      ['/api/search?q=prison&k=0', 'k: must be an integer from 1 to 50'],
      ['/api/search?q=prison&k=51', 'k: must be an integer from 1 to 50'],
      ['/api/search?q=prison&k=2.5', 'k: must be an integer from 1 to 50'],
      ['/api/search?q=prison&k=ten', 'k: must be an integer from 1 to 50'],
      ['/api/search?q=prison&year=last', 'year: must be a year (2019–2023)'],
      ['/api/search?q=prison&year=2021.5', 'year: must be a year (2019–2023)'],
      ['/api/search?q=prison&year=2017', 'year: 2017 is not in the corpus (2019–2023)'],
      ['/api/search?k=0', 'q: is required; k: must be an integer from 1 to 50'],
    ])('rejects %s with 400 naming the parameter', async (url, message) => {
      const { status, body, contentType } = await get<ErrorBody>(app, url);
      expect(status).toBe(400);
      expect(contentType).toMatch(/^application\/json/);
      expect(body).toEqual({ error: { code: 'invalid_request', message } });
    });
  });

  describe('GET /api/paragraphs/:id', () => {
    it('returns the paragraph with its document, meeting dates, citation and neighbours', async () => {
      const { status, body } = await get<Record<string, unknown>>(app, `/api/paragraphs/${DOC}.III.24`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        id: `${DOC}.III.24`,
        document: expect.objectContaining({ id: DOC, symbol: 'E/CN.7/2024/CRP.5' }),
        year: 2021,
        chapter: 'III',
        paragraph: 24,
        meetingDates: expect.stringContaining('2021'),
        section: expect.any(String),
        text: expect.any(String),
        footnotes: expect.any(Array),
        citation: 'E/CN.7/2024/CRP.5, para. 24 (CND thematic discussions 2021, III)',
        reference: expect.stringMatching(/, E\/CN\.7\/2024\/CRP\.5 \(4 March 2024\), chap\. III \(19–21 October 2021\), para\. 24$/),
        previous: `${DOC}.III.23`,
        next: `${DOC}.III.25`,
      });
      expect(body).not.toHaveProperty('order');
      expect(body).not.toHaveProperty('line');
    });

    it('links across chapters and stops at the ends of the document', async () => {
      expect((await get<{ previous: string | null }>(app, `/api/paragraphs/${DOC}.I.1`)).body.previous).toBeNull();
      expect((await get<{ next: string | null }>(app, `/api/paragraphs/${DOC}.I.35`)).body.next).toBe(`${DOC}.II.1`);
      expect((await get<{ next: string | null }>(app, `/api/paragraphs/${DOC}.V.128`)).body.next).toBeNull();
    });

    it('answers an unknown id with 404 and the error shape', async () => {
      const { status, body } = await get<ErrorBody>(app, `/api/paragraphs/${DOC}.III.999`);
      expect(status).toBe(404);
      expect(body).toEqual({ error: { code: 'not_found', message: `id: no paragraph "${DOC}.III.999"` } });
    });
  });

  describe('documents', () => {
    it('GET /api/documents lists every document with its symbol, body, years and paragraph count, and example questions', async () => {
      const { status, body } = await get<{ documents: Record<string, unknown>[]; examples: { use: string; questions: string[] }[] }>(app, '/api/documents');
      expect(status).toBe(200);
      expect(body.documents).toEqual([
        {
          id: DOC,
          file: `${DOC}.md`,
          symbol: 'E/CN.7/2024/CRP.5',
          title: expect.stringMatching(/^Compilation of the Chairs' summaries/),
          citationLabel: 'CND thematic discussions',
          body: 'Commission on Narcotic Drugs',
          session: 'sixty-seventh session',
          date: '2024-03-04',
          year: 2024,
          years: [2019, 2020, 2021, 2022, 2023],
          paragraphs: 267,
        },
      ]);
      expect(body.examples.length).toBeGreaterThan(0);
    });

    it('GET /api/documents/:id gives one document with its paragraphs in reading order, by id or by symbol', async () => {
      const byId = await get<{ document: { id: string }; paragraphs: Array<{ id: string; citation: string; meetingDates: string | null }> }>(app, `/api/documents/${DOC}`);
      expect(byId.status).toBe(200);
      expect(byId.body.paragraphs).toHaveLength(267);
      expect(byId.body.paragraphs[0]).toMatchObject({ id: `${DOC}.I.1`, meetingDates: '16–18 October 2019' });
      expect(byId.body.paragraphs.at(-1)?.id).toBe(`${DOC}.V.128`);
      const bySymbol = await get<{ document: { id: string }; paragraphs: unknown[] }>(app, `/api/documents/${encodeURIComponent('E/CN.7/2024/CRP.5')}`);
      expect(bySymbol.status).toBe(200);
      expect(bySymbol.body).toEqual(byId.body);
    });

    it('answers an unknown document with 404 naming the documents there are', async () => {
      const { status, body } = await get<{ error: { code: string; message: string } }>(app, '/api/documents/no-such-document');
      expect(status).toBe(404);
      expect(body.error).toEqual({ code: 'not_found', message: expect.stringContaining('E/CN.7/2024/CRP.5') });
    });

    it('filters a search by document id or symbol, combinable with the year', async () => {
      const { status, body } = await get<{ document: string; year: number; results: Array<{ document: { id: string }; year: number }> }>(
        app,
        `/api/search?q=prison%20health&year=2021&document=${encodeURIComponent('E/CN.7/2024/CRP.5')}`,
      );
      expect(status).toBe(200);
      expect(body.document).toBe(DOC);
      expect(body.results.length).toBeGreaterThan(0);
      expect(body.results.every((r) => r.document.id === DOC && r.year === 2021)).toBe(true);
    });

    it('rejects a document filter that names no document with 400 listing the valid ones', async () => {
      const { status, body } = await get<{ error: { code: string; message: string } }>(app, '/api/search?q=prison&document=A%2FRES%2F70%2F1');
      expect(status).toBe(400);
      expect(body.error.message).toBe(`document: "A/RES/70/1" names no indexed document; the documents are: ${DOC} (E/CN.7/2024/CRP.5)`);
    });
  });

  it('GET /api/stats counts documents, paragraphs per year, and names the model', async () => {
    const { status, body } = await get(app, '/api/stats');
    expect(status).toBe(200);
    expect(body).toEqual({
      documents: 1,
      paragraphs: 267,
      years: { '2019': 35, '2020': 36, '2021': 37, '2022': 31, '2023': 128 },
      model: MODEL_ID,
      origin: 'bundled',
    });
  });

  it('GET /api/health is ok once the index is loaded', async () => {
    expect(await get(app, '/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('GET /api/openapi.json describes every route, with the corpus years', async () => {
    const { status, body } = await get<{ openapi: string; paths: Record<string, { get: { parameters?: { name: string; schema: { enum?: number[] } }[] } }> }>(
      app,
      '/api/openapi.json',
    );
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths).sort()).toEqual(['/api/ask', '/api/ask/stream', '/api/documents', '/api/documents/{id}', '/api/health', '/api/paragraphs/{id}', '/api/search', '/api/stats']);
    const yearParameter = body.paths['/api/search']?.get.parameters?.find((p) => p.name === 'year');
    expect(yearParameter?.schema.enum).toEqual([2019, 2020, 2021, 2022, 2023]);
  });

  it('answers unknown routes with 404 JSON', async () => {
    for (const url of ['/api/nothing', '/nowhere', '/api/search/extra']) {
      const { status, body } = await get<ErrorBody>(app, url);
      expect(status).toBe(404);
      expect(body.error.code).toBe('not_found');
    }
  });

  it('answers a failure with 500 and a generic message, logging the error on the server only', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const failing = createApp({
        retriever: { search: () => Promise.reject(new Error('ENOENT: /srv/secret/index/vectors.hnsw')) },
        answerer: pipeline.answerer,
        store: pipeline.store,
        models: { model: MODEL_ID, origin: 'bundled' },
      });
      const response = await failing.request('/api/search?q=prison');
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(text).not.toMatch(/secret|ENOENT|\.ts|at /);
      expect(log).toHaveBeenCalledWith('GET /api/search failed:', expect.any(Error));
    } finally {
      log.mockRestore();
    }
  });
});

describe('while the index loads', () => {
  const app = createLoadingApp();

  it('health answers 503 loading', async () => {
    expect(await get(app, '/api/health')).toMatchObject({ status: 503, body: { status: 'loading' } });
  });

  it('the API answers 503 with the error shape and when to retry', async () => {
    const response = await app.request('/api/search?q=prison');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ error: { code: 'loading', message: expect.any(String) } });
  });
});
