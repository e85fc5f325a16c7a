import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { streamSSE } from 'hono/streaming';
import { setMetric, timing } from 'hono/timing';
import { timeout } from 'hono/timeout';
import type { Answerer } from '../answer/types.js';
import { OverloadedError } from '../embed/inference-queue.js';
import { documentRef, formatCitation, formatReference } from '../parse/citation.js';
import type { DocumentInfo, Paragraph } from '../parse/types.js';
import type { Hit, Retriever } from '../retrieve/types.js';
import { StoreUnavailableError, type ParagraphStore } from '../store/types.js';
import { requireJsonContentType } from './json-content-type.js';
import { DEFAULT_SERVE_OPTIONS, type ServeOptions } from './options.js';
import { clientAddress, rateLimit, rateLimitKey } from './rate-limit.js';
import { discardUnreadBody, limitBody } from './request-body.js';
import {
  AnswerSchema,
  DocumentParamsSchema,
  DocumentResponseSchema,
  DocumentsResponseSchema,
  ErrorSchema,
  createAskBodySchema,
  documentNames,
  HealthResponseSchema,
  ParagraphParamsSchema,
  ParagraphResponseSchema,
  SearchResponseSchema,
  StatsResponseSchema,
  createSearchQuerySchema,
  describeIssues,
  errorBody,
} from './schemas.js';
import type { Example } from './example-question.js';
import { generatedExamples } from './examples.js';
import { securityHeaders } from './security.js';
import { serveWebPage } from './static.js';
import { workerTiming, type ServingModels } from './worker-pipeline.js';

export interface AppDeps {
  retriever: Retriever;
  answerer: Answerer;
  store: ParagraphStore;
  /** Reported by /api/stats, so a client can tell which model ranked its results and where it came from. */
  models: ServingModels;
  /** Example questions for a first visit (GET /api/documents), chosen for this corpus; by default one per document. */
  examples?: Example[];
  /** Whether the index's database can be reached, for GET /api/health; the embedded store always can. */
  checkStore?: () => Promise<{ ok: true } | { ok: false; reason: string }>;
}

/** Seconds a client should wait before asking a server that is still loading its index again. */
const LOADING_RETRY_AFTER_SECONDS = 5;
/** Seconds a client should wait when the model's queue is full: it drains in well under that. */
const OVERLOADED_RETRY_AFTER_SECONDS = 1;
/** Seconds a client should wait when the database cannot be reached: a restart or a fail-over takes a few. */
const STORE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * An OpenAPIHono whose every failure answers with the same `{ error: { code, message } }` body: invalid
 * parameters 400, unknown routes 404, a known route with another method 405 (with Allow), a body too large
 * 413, a body not declared as JSON 415 (on the routes that read one), too many requests 429, a full model
 * queue or a database that cannot be reached 503 (with Retry-After), too slow 504, anything else thrown 500 (logged here, never sent to the client). Every response carries the security headers, and the web page is served at `/`,
 * also while loading.
 *
 * The middleware is registered before any route, as Hono runs handlers in the order they were added: from
 * the outside in, what keeps the connection usable after an answer that left the body unread (it must see
 * every answer), security headers, CORS (when configured, so that even a 429 is readable by an allowed page),
 * 405, the rate limit, the timeout, then the body limit (inside the timeout, so a body that trickles in counts).
 */
function createApiApp(options: ServeOptions): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(errorBody('invalid_request', describeIssues(result.error, result.target)), 400);
    },
  });
  app.use(discardUnreadBody());
  app.use(securityHeaders());
  if (options.corsOrigins.length > 0) {
    const origin = options.corsOrigins.includes('*') ? '*' : options.corsOrigins;
    app.use('/api/*', cors({ origin, allowMethods: ['GET', 'POST'], exposeHeaders: ['Retry-After'], maxAge: 600 }));
  }
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        c.json(errorBody('method_not_allowed', `${c.req.path} does not answer ${c.req.method}; it answers ${methods.join(', ')}`), 405, {
          Allow: methods.join(', '),
        }),
    }),
  );
  if (options.rateLimitPerMinute > 0) {
    app.use(
      rateLimit({
        perMinute: options.rateLimitPerMinute,
        burst: options.rateLimitBurst,
        clientKey: (c) => {
          const address = clientAddress(c, options.trustedProxies);
          return address === undefined ? undefined : rateLimitKey(address);
        },
      }),
    );
  }
  // An event stream counts as answered once it starts: the answer is computed before it opens (see below).
  const tooSlow = `The request took longer than ${options.requestTimeoutMs / 1000} s; try again`;
  app.use(timeout(options.requestTimeoutMs, () => new HTTPException(504, { message: tooSlow })));
  app.use(
    limitBody({
      maxBytes: options.maxBodyBytes,
      onTooLarge: (c) => c.json(errorBody('payload_too_large', `The body must be at most ${options.maxBodyBytes} bytes`), 413),
    }),
  );
  // Server-Timing on the routes that search: a reader (or the benchmark) sees what the model took apart from the rest.
  for (const path of QUESTION_ROUTES) app.use(path, timing({ totalDescription: 'HTTP request on the server' }));
  serveWebPage(app);
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    if (error instanceof OverloadedError) {
      return c.json(errorBody('overloaded', 'The server is busy answering other questions; try again in a moment'), 503, {
        'Retry-After': String(OVERLOADED_RETRY_AFTER_SECONDS),
      });
    }
    if (error instanceof StoreUnavailableError) {
      console.error(`${c.req.method} ${c.req.path}: ${error.message}`);
      return c.json(errorBody('store_unavailable', 'The index cannot be reached just now; try again in a few seconds'), 503, {
        'Retry-After': String(STORE_UNAVAILABLE_RETRY_AFTER_SECONDS),
      });
    }
    if (error instanceof HTTPException && error.status === 504) return c.json(errorBody('timeout', error.message), 504);
    // Hono's validators throw these for requests they cannot read (malformed JSON): the client's fault, not ours.
    if (error instanceof HTTPException && error.status < 500) {
      const message = /json/i.test(error.message) ? 'body: is not valid JSON' : error.message;
      return c.json(errorBody('invalid_request', message), error.status);
    }
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return c.json(errorBody('internal_error', 'Something went wrong on the server; the error has been logged'), 500);
  });
  return app;
}

/** The routes that embed a question and search, whose responses say where their time went. */
const QUESTION_ROUTES = ['/api/search', '/api/ask', '/api/ask/stream'];

/**
 * Adds the worker's share of a request to its Server-Timing header: the question's embedding and the whole of the
 * worker's work (embedding included). Results that did not come from a worker (tests, in-process) add nothing.
 * @example
 * const result = await retriever.search(request);
 * reportWorkerTiming(c, result); // Server-Timing: embed;dur=1.2, pipeline;dur=2.9, total;dur=3.4
 */
function reportWorkerTiming(c: Context, result: object): void {
  const timing = workerTiming(result);
  if (timing === undefined) return;
  setMetric(c, 'embed', timing.embedMs, 'question embedding');
  setMetric(c, 'pipeline', timing.workMs, 'pipeline worker, embedding included');
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** Failures any route may answer with, whatever it does. */
const commonErrors = {
  429: errorResponse('Too many requests from this client; Retry-After says when to try again'),
  500: errorResponse('Server error'),
  504: errorResponse('The request took too long'),
};

/** Failures of the routes that read the store. */
const storeErrors = {
  ...commonErrors,
  503: errorResponse('The index cannot be reached just now; Retry-After says when to try again'),
};

/** Failures of the routes that embed the question. */
const inferenceErrors = {
  ...commonErrors,
  503: errorResponse('The model is busy with other questions, or the index cannot be reached; Retry-After says when to try again'),
};

/** Failures of the routes that take a JSON body. */
const bodyErrors = {
  ...inferenceErrors,
  413: errorResponse('The body is larger than the server accepts'),
  415: errorResponse('The body is not sent as application/json'),
};

/** The fields a client needs to show, filter and cite a paragraph; the parser's bookkeeping stays inside. */
function paragraphFields(paragraph: Paragraph, document: DocumentInfo) {
  return citedFields(paragraph, { document: documentRef(document), citation: formatCitation(paragraph, document), reference: formatReference(paragraph, document) });
}

/**
 * A search result's fields, cited as the retriever cited it: right after a rebuild the pipeline worker may already
 * search a build with a document this thread's build does not list yet.
 */
function hitFields(hit: Hit) {
  return { ...citedFields(hit.paragraph, hit), score: hit.score };
}

function citedFields(paragraph: Paragraph, { document, citation, reference }: Pick<Hit, 'document' | 'citation' | 'reference'>) {
  const { id, part, year, chapter, paragraph: number, section, topic, text, footnotes } = paragraph;
  return { id, document, part, year, chapter, paragraph: number, section, topic, text, footnotes, citation, reference };
}

/** The API over a loaded index. */
export function createApp(deps: AppDeps, options: ServeOptions = DEFAULT_SERVE_OPTIONS): OpenAPIHono {
  const { retriever, answerer, store, models, checkStore = async () => ({ ok: true as const }) } = deps;
  const examples = deps.examples ?? generatedExamples(store.manifest.documents);
  // A build is read-only, so its statistics (and the years a search may ask for) are fixed: a new build gets a new app.
  const stats = store.stats();
  const corpusYears = Object.keys(stats.years).map(Number);
  const summaries = store.documents();
  const documents = new Map<string, DocumentInfo>(summaries.map((document) => [document.id, document]));
  const names = documentNames(summaries);

  const documentOf = (paragraph: Paragraph): DocumentInfo => {
    const document = documents.get(paragraph.document);
    if (!document) throw new Error(`Paragraph ${paragraph.id} names document ${paragraph.document}, which the index does not list`);
    return document;
  };

  const app = createApiApp(options);

  const searchRoute = createRoute({
    method: 'get',
    path: '/api/search',
    summary: 'Paragraphs that answer a question, with citations',
    request: { query: createSearchQuerySchema(corpusYears, names) },
    responses: {
      200: { description: 'The best paragraphs first', content: { 'application/json': { schema: SearchResponseSchema } } },
      400: errorResponse('A parameter is missing or invalid; the message names it'),
      ...inferenceErrors,
    },
  });
  app.openapi(searchRoute, async (c) => {
    const { q, k, year, document, keepFilterYear, asTyped } = c.req.valid('query');
    const result = await retriever.search({ query: q, k, year, document, keepFilterYear, asTyped });
    reportWorkerTiming(c, result);
    return c.json(
      {
        query: result.query,
        year: result.year,
        document: result.document,
        corrected: result.corrected,
        language: result.language,
        yearConflict: result.yearConflict,
        span: result.span,
        relevant: result.relevant,
        results: result.hits.map(hitFields),
      },
      200,
    );
  });

  const askBody = {
    required: true,
    content: { 'application/json': { schema: createAskBodySchema(corpusYears, names) } },
  };

  const askRoute = createRoute({
    method: 'post',
    path: '/api/ask',
    summary: 'A short answer quoted from the documents, every sentence cited, or an abstention',
    middleware: [requireJsonContentType()] as const,
    request: { body: askBody },
    responses: {
      200: { description: 'The answer', content: { 'application/json': { schema: AnswerSchema } } },
      400: errorResponse('The body is not valid; the message names the field'),
      ...bodyErrors,
    },
  });
  app.openapi(askRoute, async (c) => {
    const answer = await answerer.ask(c.req.valid('json'));
    reportWorkerTiming(c, answer);
    return c.json(answer, 200);
  });

  const askStreamRoute = createRoute({
    method: 'post',
    path: '/api/ask/stream',
    summary: 'The same answer as Server-Sent Events, for showing it progressively',
    description:
      'Events: `citations` (everything but the sentences: citations, related, abstained, resolvedQuestion…), then one `sentence` per answer sentence ({ index, text, citations, year }), then `done` with the whole answer. A failure comes before the stream opens, as a JSON error with its status.',
    middleware: [requireJsonContentType()] as const,
    request: { body: askBody },
    responses: {
      200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
      400: errorResponse('The body is not valid; the message names the field'),
      ...bodyErrors,
    },
  });
  app.openapi(askStreamRoute, async (c) => {
    // Answered before the stream opens: the request timeout covers the work, and a failure (a full model queue,
    // too slow, a bug) gets its status and JSON error like on /api/ask instead of an event after a 200.
    const answer = await answerer.ask(c.req.valid('json'));
    reportWorkerTiming(c, answer);
    return streamSSE(c, async (stream) => {
      const { answer: body, ...rest } = answer;
      await stream.writeSSE({ event: 'citations', data: JSON.stringify(rest) });
      for (const [index, sentence] of body.sentences.entries()) {
        await stream.writeSSE({ event: 'sentence', data: JSON.stringify({ index, ...sentence }) });
      }
      await stream.writeSSE({ event: 'done', data: JSON.stringify(answer) });
    });
  });

  const paragraphRoute = createRoute({
    method: 'get',
    path: '/api/paragraphs/{id}',
    summary: 'One paragraph, with the ids of its neighbours for reading in context',
    request: { params: ParagraphParamsSchema },
    responses: {
      200: { description: 'The paragraph', content: { 'application/json': { schema: ParagraphResponseSchema } } },
      404: errorResponse('No paragraph has this id'),
      ...storeErrors,
    },
  });
  app.openapi(paragraphRoute, async (c) => {
    const { id } = c.req.valid('param');
    const paragraph = await store.get(id);
    if (!paragraph) return c.json(errorBody('not_found', `id: no paragraph "${id}"`), 404);
    const { previous, next } = await store.neighbours(id);
    return c.json(
      {
        ...paragraphFields(paragraph, documentOf(paragraph)),
        meetingDates: paragraph.meetingDates,
        previous,
        next,
      },
      200,
    );
  });

  const documentsRoute = createRoute({
    method: 'get',
    path: '/api/documents',
    summary: 'Every indexed document, with its symbol, body, years and paragraph count, and example questions',
    responses: {
      200: { description: 'The documents in corpus order', content: { 'application/json': { schema: DocumentsResponseSchema } } },
      ...commonErrors,
    },
  });
  app.openapi(documentsRoute, (c) => c.json({ documents: summaries, examples }, 200));

  const documentRoute = createRoute({
    method: 'get',
    path: '/api/documents/{id}',
    summary: 'One document with all its paragraphs in reading order',
    request: { params: DocumentParamsSchema },
    responses: {
      200: { description: 'The document and its paragraphs', content: { 'application/json': { schema: DocumentResponseSchema } } },
      404: errorResponse('No document has this id or symbol'),
      ...storeErrors,
    },
  });
  app.openapi(documentRoute, async (c) => {
    const { id: name } = c.req.valid('param');
    const summary = summaries.find((d) => d.id === name || d.symbol === name);
    if (!summary) {
      return c.json(errorBody('not_found', `id: no document "${name}"; the documents are: ${summaries.map((d) => d.symbol ?? d.id).join(', ')}`), 404);
    }
    const paragraphs = (await store.documentParagraphs(summary.id)).map((p) => ({ ...paragraphFields(p, documentOf(p)), meetingDates: p.meetingDates }));
    return c.json({ document: summary, paragraphs }, 200);
  });

  const statsRoute = createRoute({
    method: 'get',
    path: '/api/stats',
    summary: 'What the index holds',
    responses: {
      200: { description: 'Counts of documents and paragraphs, paragraphs per year, and the model', content: { 'application/json': { schema: StatsResponseSchema } } },
      ...commonErrors,
    },
  });
  app.openapi(statsRoute, (c) => c.json({ ...stats, ...models }, 200));

  const healthRoute = createRoute({
    method: 'get',
    path: '/api/health',
    summary: 'Whether the server is ready to answer',
    responses: {
      200: { description: 'The index is loaded', content: { 'application/json': { schema: HealthResponseSchema } } },
      503: {
        description: 'The index is still loading or being built, or its database cannot be reached (the reason says why)',
        content: { 'application/json': { schema: HealthResponseSchema } },
      },
    },
  });
  app.openapi(healthRoute, async (c) => {
    const store = await checkStore();
    if (!store.ok) return c.json({ status: 'unavailable' as const, reason: store.reason }, 503, { 'Retry-After': String(STORE_UNAVAILABLE_RETRY_AFTER_SECONDS) });
    return c.json({ status: 'ok' as const }, 200);
  });

  app.doc('/api/openapi.json', {
    openapi: '3.0.0',
    info: {
      title: 'UN drug-policy documents: cited search',
      version: '1.0.0',
      description: 'Search numbered paragraphs of UN drug-policy documents and cite them.',
    },
  });

  return app;
}

/**
 * What the server answers while it loads or builds the index, so it can listen at once: health checks see 503
 * "loading" rather than a refused connection, and API calls a 503 with the usual error body.
 */
export function createLoadingApp(options: ServeOptions = DEFAULT_SERVE_OPTIONS): OpenAPIHono {
  const app = createApiApp(options);
  app.use('/api/*', async (c, next) => {
    c.header('Retry-After', String(LOADING_RETRY_AFTER_SECONDS));
    await next();
  });
  app.get('/api/health', (c) => c.json({ status: 'loading' as const }, 503));
  app.all('/api/*', (c) => c.json(errorBody('loading', 'The index is still loading; try again in a few seconds'), 503));
  return app;
}
