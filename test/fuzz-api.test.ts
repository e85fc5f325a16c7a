import type { OpenAPIHono } from '@hono/zod-openapi';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, openTestPipeline, testIndex, type TestPipeline } from './support/pipeline.js';

/**
 * Property-based tests of the HTTP API's inputs: whatever a client sends, the answer is a success or a 4xx
 * with the error shape, never a 500 and never a stack trace. A search or an answer over the real index takes
 * ~20 ms, so the runs are bounded to keep the file within a few tens of seconds.
 */
const RUNS = 200;

/** Printable characters that have tripped text handling before: astral, combining, bidi, BOM, quotes, FTS syntax. */
const oddText = fc.constantFrom(
  '😀', '👩‍⚕️', '🇺🇳', '𝔞', 'e\u0301', 'n̸̡̛', '\u202e', '\u200f', '\u200b', '\u200d', '\ufeff', '\u00a0', 'ال', 'ש', '中文',
  '"', '\\', '%', '&', '=', '?', '#', '/', '..', '<script>', "'", ';', '*', 'AND', 'OR', 'NEAR', '"NEAR(', '^', ':', '-', '\t', '\n', '\r\n',
);
/** What no question holds: NUL and other control characters, and halves of surrogate pairs. */
const control = fc.constantFrom('\u0000', '\u0001', '\u0008', '\u001b', '\u007f', '\u0085', '\u009f', '\ud800', '\udc00');

const word = fc.constantFrom('naloxone', 'alternative', 'development', '2019', 'in', 'the', 'sixty-fourth', 'session', 'women', 'prison', 'NPS', 'UNODC', 'and', 'what', 'about');

const nearReal = fc.array(fc.oneof({ weight: 4, arbitrary: word }, { weight: 2, arbitrary: oddText }, { weight: 3, arbitrary: fc.constant(' ') }), { maxLength: 40 }).map((parts) => parts.join(''));

/**
 * Questions: mostly near-real ones with odd characters in them (which must be answered), some of those with a
 * control character slipped in (which must be refused), and arbitrary strings of any code points.
 */
const question = fc.oneof(
  { weight: 4, arbitrary: nearReal },
  { weight: 1, arbitrary: fc.tuple(nearReal, control, fc.nat()).map(([text, character, at]) => text.slice(0, at % (text.length + 1)) + character + text.slice(at % (text.length + 1))) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 1100 }) },
);

/** Numbers and near-numbers for k and year, as query-string text or JSON values. */
const numberish = fc.oneof(
  fc.integer({ min: -10, max: 60 }),
  fc.integer({ min: 2015, max: 2026 }),
  fc.double(),
  fc.constantFrom('', ' ', '5', ' 7 ', '1e1', '0x10', '2021.0', '2021.5', 'NaN', 'Infinity', '-0', '١٠', '99999999999999999999', '2021abc', '%00'),
);

/** k and year: mostly values the API accepts, else anything number-like. */
const kValue = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 50 }) }, { weight: 1, arbitrary: numberish });
const yearValue = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 2019, max: 2023 }) }, { weight: 1, arbitrary: numberish });

/** Absent half of the time. */
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });

/** Ask bodies: well-typed ones with odd values, badly typed ones, and arbitrary JSON. */
const askBody = fc.oneof(
  fc.record(
    {
      question: fc.oneof({ weight: 4, arbitrary: question }, { weight: 1, arbitrary: fc.jsonValue() }),
      year: optional(fc.oneof({ weight: 3, arbitrary: yearValue }, { weight: 1, arbitrary: fc.jsonValue() })),
      k: optional(fc.oneof({ weight: 3, arbitrary: kValue }, { weight: 1, arbitrary: fc.jsonValue() })),
      history: optional(
        fc.oneof(
          fc.array(fc.record({ question: fc.oneof(question, fc.jsonValue()), answer: optional(fc.oneof(question, fc.jsonValue())) }, { requiredKeys: [] }), { maxLength: 25 }),
          fc.jsonValue(),
        ),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 4 }),
  fc.constant({ question: 'naloxone', __proto__: { year: 2017 } }),
);

describe('the API under fuzzing', () => {
  let pipeline: TestPipeline;
  let app: OpenAPIHono;

  beforeAll(async () => {
    pipeline = await openTestPipeline();
    app = createTestApp(pipeline);
  });
  afterAll(() => pipeline?.close());

  /** A success, or a 4xx whose body is exactly `{ error: { code, message } }` and names nothing internal. */
  async function expectHandled(response: Response, successStatus = 200): Promise<number> {
    const text = await response.text();
    if (response.status === successStatus) return response.status;
    expect(response.status, text).toBeGreaterThanOrEqual(400);
    expect(response.status, text).toBeLessThan(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(text) as unknown;
    expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    const { code, message } = (body as { error: { code: string; message: string } }).error;
    expect(code).toMatch(/^[a-z_]+$/);
    expect(message.length).toBeGreaterThan(0);
    expect(message).not.toMatch(/\n\s+at |node_modules|\/src\/|\.ts:\d/);
    return response.status;
  }

  /** Guards against a vacuous run: the inputs must reach the search and the answerer, not only the validation. */
  function expectBothOutcomes(statuses: number[]): void {
    const answered = statuses.filter((status) => status === 200).length;
    expect(answered, `${answered} of ${statuses.length} answered`).toBeGreaterThan(statuses.length / 4);
    expect(statuses.some((status) => status === 400)).toBe(true);
  }

  it('GET /api/search: any q, k and year give results or a 4xx with the error shape', async () => {
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(question, optional(kValue), optional(yearValue), async (q, k, year) => {
        const params = new URLSearchParams({ q });
        if (k !== undefined) params.set('k', String(k));
        if (year !== undefined) params.set('year', String(year));
        statuses.push(await expectHandled(await app.request(`/api/search?${params}`)));
      }),
      { numRuns: RUNS },
    );
    expectBothOutcomes(statuses);
  });

  it('GET /api/search: any raw query string, percent-encoding or not, gives results or a 4xx', async () => {
    const rawPart = fc.array(fc.oneof(fc.constantFrom('q=', 'k=', 'year=', '&', '%', '%00', '%ZZ', '%E0%A4', '%ED%A0%80', '%C0%AF', '+', '=', '#'), word), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(rawPart, async (parts) => {
        await expectHandled(await app.request(`/api/search?q=drug&${parts.join('')}`));
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/ask and /api/ask/stream: any JSON body gives an answer or a 4xx with the error shape', async () => {
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(askBody, fc.boolean(), async (body, stream) => {
        const response = await app.request(stream ? '/api/ask/stream' : '/api/ask', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        statuses.push(await expectHandled(response));
      }),
      { numRuns: RUNS },
    );
    expectBothOutcomes(statuses);
  });

  it('POST /api/ask: any bytes with any Content-Type give an answer or a 4xx with the error shape', async () => {
    const contentType = fc.oneof(
      fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', '', 'application/json; charset=latin1', 'application/problem+json'),
      fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
    );
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }).map((text) => new TextEncoder().encode(text)),
      fc.jsonValue().map((value) => new TextEncoder().encode(`${JSON.stringify(value) ?? ''}`.slice(0, 200))),
      fc.constantFrom('{', '{"question": ', '{"question": "\\u0000"}', '{"question": "\\ud800"}', '{"question":"a"}}', '\ufeff{"question":"naloxone"}', '[{"question":"a"}]').map((text) => new TextEncoder().encode(text)),
    );
    await fc.assert(
      fc.asyncProperty(contentType, bytes, async (type, body) => {
        const headers = new Headers();
        try {
          headers.set('content-type', type);
        } catch {
          // Not a valid header value: no client can send it, so there is nothing to test.
          return;
        }
        await expectHandled(await app.request('/api/ask', { method: 'POST', headers, body }));
      }),
      { numRuns: RUNS },
    );
  });

  it('GET /api/paragraphs/:id: any id gives the paragraph or a 404 with the error shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(question, fc.constantFrom('cnd-chairs-summaries-2019-2023.III.24', '..', '%2e%2e', '%00', "1' OR '1'='1")), async (id) => {
        await expectHandled(await app.request(`/api/paragraphs/${encodeURIComponent(id.replace(/[\ud800-\udfff]/g, '\ufffd')) || 'x'}`));
      }),
      { numRuns: RUNS },
    );
  });

  it('any method on any path gives an answer or a 4xx with the error shape', async () => {
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
    const pathname = fc.oneof(
      fc.constantFrom('/', '/api', '/api/', '/api/search', '/api/ask', '/api/ask/stream', '/api/stats', '/api/health', '/api/openapi.json', '/assets/', '/assets/x.js', '//api/stats', '/API/STATS', '/api/stats/', '/api/paragraphs/', '/%2e%2e/%2e%2e/etc/passwd'),
      fc.array(fc.oneof(word, oddText.map(encodeURIComponent), control.filter((c) => c < '\ud800').map(encodeURIComponent)), { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
    );
    await fc.assert(
      fc.asyncProperty(method, pathname, async (m, p) => {
        const response = await app.request(p, { method: m });
        // HEAD answers carry no body to check; the status is what matters.
        if (m === 'HEAD') expect(response.status).toBeLessThan(500);
        else if (response.status < 300) await response.arrayBuffer();
        else await expectHandled(response);
      }),
      { numRuns: RUNS },
    );
  });
});
