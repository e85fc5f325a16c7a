import { z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';

/**
 * Request and response shapes of the HTTP API. Each schema both validates at run time and describes the
 * API in /api/openapi.json, so the two cannot drift apart.
 */

const MAX_RESULTS = 50;
const DEFAULT_RESULTS = 10;
/** Long enough for any real question; stops a pasted document from being embedded on every keystroke. */
const MAX_QUERY_LENGTH = 1000;

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string().openapi({ example: 'year: 2017 is not in the corpus (2019–2023)' }),
    }),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof ErrorSchema>;

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/**
 * "q: must not be empty; k: must be an integer from 1 to 50": each problem led by the parameter it concerns,
 * or by what was validated (the JSON body is "body", as a client calls it) when it concerns the whole.
 */
export function describeIssues(error: ZodError, target: string): string {
  const whole = target === 'json' ? 'body' : target;
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : whole}: ${issue.message}`).join('; ');
}

/** "2019–2023" for a run of years, "2019, 2021" otherwise: how a person would say which years exist. */
function describeYears(years: number[]): string {
  const sorted = [...years].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return 'none';
  if (first === last) return String(first);
  return last - first === sorted.length - 1 ? `${first}–${last}` : sorted.join(', ');
}

/** HTML forms submit untouched optional fields as empty strings; those mean "not given", not zero. */
const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** A query-string switch: "true" or "1" sets it, "false", "0" or nothing leaves it off; anything else is an error. */
const querySwitch = (description: string) =>
  z
    .preprocess(emptyAsAbsent, z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).optional())
    .transform((value) => value === 'true' || value === '1')
    .openapi({ description, type: 'boolean' });

const resultsProblem = `must be an integer from 1 to ${MAX_RESULTS}`;

/**
 * Control characters other than whitespace (NUL, escape, backspace, C1 controls…). No question contains one:
 * they come from binary pasted by mistake or from probing, so they are refused with their code point rather
 * than dropped silently. Tabs and line breaks are whitespace and stay.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/u;
/** Half of a UTF-16 surrogate pair without the other half: not a character at all (JSON can carry one as `\ud800`). */
const LONE_SURROGATE = /\p{Surrogate}/u;

const codePoint = (character: string) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** A question: required, trimmed, not empty, of a sensible length, and text rather than binary. */
const questionText = (description: string, example: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`)
    .superRefine((text, context) => {
      const control = CONTROL_CHARACTER.exec(text);
      if (control) context.addIssue({ code: 'custom', message: `must not contain control characters (found ${codePoint(control[0])})` });
      else if (LONE_SURROGATE.test(text)) context.addIssue({ code: 'custom', message: 'must be valid Unicode text (it holds half of a surrogate pair)' });
    })
    .openapi({ description, example });

/** A count from 1 to MAX_RESULTS; query strings carry it as text, JSON bodies as a number. */
const resultCount = (fallback: number, coerce: boolean) =>
  (coerce ? z.coerce.number({ error: resultsProblem }) : z.number({ error: resultsProblem }))
    .int(resultsProblem)
    .min(1, resultsProblem)
    .max(MAX_RESULTS, resultsProblem)
    .default(fallback);

/** A meeting year present in the corpus. */
const corpusYear = (corpusYears: number[], coerce: boolean) => {
  const years = describeYears(corpusYears);
  return (coerce ? z.coerce.number({ error: `must be a year (${years})` }) : z.number({ error: `must be a year (${years})` }))
    .int(`must be a year (${years})`)
    .refine((year) => corpusYears.includes(year), { error: (issue) => `${String(issue.input)} is not in the corpus (${years})` });
};

/** What a document filter may name: each document by its id and by its symbol. */
export interface DocumentNames {
  ids: string[];
  /** Symbol → document id. */
  symbols: ReadonlyMap<string, string>;
}

/**
 * The names a document filter accepts, from the index's documents.
 * @example
 * createSearchQuerySchema(years, documentNames(store.documents()));
 */
export function documentNames(documents: ReadonlyArray<{ id: string; symbol: string | null }>): DocumentNames {
  return { ids: documents.map((d) => d.id), symbols: new Map(documents.flatMap((d) => (d.symbol ? [[d.symbol, d.id] as const] : []))) };
}

/** "cnd-report (E/CN.7/2024/2), resolution-67-1": how a message lists the documents a filter may name. */
function describeDocuments(documents: DocumentNames): string {
  const symbolOf = new Map([...documents.symbols].map(([symbol, id]) => [id, symbol]));
  return documents.ids.map((id) => (symbolOf.has(id) ? `${id} (${symbolOf.get(id)})` : id)).join(', ');
}

/** A document id or symbol present in the index, read as the document's id. */
const indexedDocument = (documents: DocumentNames) =>
  z
    .string({ error: 'must be a document id or symbol' })
    .trim()
    .min(1, 'must not be empty')
    .transform((name, context) => {
      const id = documents.ids.includes(name) ? name : documents.symbols.get(name);
      if (id === undefined) {
        context.addIssue({ code: 'custom', message: `"${name}" names no indexed document; the documents are: ${describeDocuments(documents)}` });
        return z.NEVER;
      }
      return id;
    });

/** The search parameters; which years and documents are valid depends on the corpus that was indexed. */
export function createSearchQuerySchema(corpusYears: number[], documents: DocumentNames) {
  return z.object({
    q: questionText('The question or keywords.', 'alternative development'),
    k: z.preprocess(emptyAsAbsent, resultCount(DEFAULT_RESULTS, true)).openapi({ description: 'How many paragraphs to return.' }),
    year: z
      .preprocess(emptyAsAbsent, corpusYear(corpusYears, true).optional())
      .openapi({
        description: 'Only paragraphs about this meeting year. Without it, a year named in the question applies.',
        enum: corpusYears,
      }),
    document: z
      .preprocess(emptyAsAbsent, indexedDocument(documents).optional())
      .openapi({ description: 'Only paragraphs of this document, by id or symbol (GET /api/documents lists them).', example: 'E/CN.7/2024/CRP.5' }),
    keepFilterYear: querySwitch('Apply `year` even when the question names another meeting year (by default the question wins, and `yearConflict` says so).'),
    asTyped: querySwitch('Search the words as typed: no unknown word is read as a corpus word it resembles (see `corrected`).'),
  });
}

/** Earlier turns a follow-up may lean on; more than this is not a follow-up but a transcript. */
const MAX_HISTORY_TURNS = 20;
/** Paragraphs an answer draws on by default: enough for a timeline across five years. */
const DEFAULT_EVIDENCE = 8;

/** The body of POST /api/ask and /api/ask/stream. */
export function createAskBodySchema(corpusYears: number[], documents: DocumentNames) {
  return z
    .object(
      {
        question: questionText('The question, or a follow-up to the last turn of `history`.', 'What was said about drug checking services in 2023?'),
        year: corpusYear(corpusYears, false)
          .optional()
          .openapi({ description: 'Only evidence from this meeting year. Without it, a year named in the question (or the conversation) applies.' }),
        document: indexedDocument(documents)
          .optional()
          .openapi({ description: 'Only evidence from this document, by id or symbol (GET /api/documents lists them).', example: 'E/CN.7/2024/CRP.5' }),
        history: z
          .array(
            z.object({
              question: questionText('An earlier question of the conversation.', 'What was said about drug treatment in 2020?'),
              answer: z.string().max(20 * MAX_QUERY_LENGTH).optional(),
            }),
          )
          .max(MAX_HISTORY_TURNS, `must have at most ${MAX_HISTORY_TURNS} turns`)
          .optional()
          .openapi({ description: 'Earlier turns, oldest first, so "And in 2022?" or "What about women?" can be resolved.' }),
        k: resultCount(DEFAULT_EVIDENCE, false).openapi({ description: 'How many paragraphs to draw the answer from.' }),
        keepFilterYear: z
          .boolean()
          .optional()
          .openapi({ description: 'Apply `year` even when the question names another meeting year (by default the question wins, and `yearConflict` says so).' }),
        asTyped: z.boolean().optional().openapi({ description: 'Search the words as typed: no unknown word is read as a corpus word it resembles.' }),
      },
      { error: 'must be a JSON object' },
    )
    .openapi('AskRequest');
}

const FootnoteSchema = z.object({
  marker: z.string().openapi({ example: '8' }),
  text: z.string(),
});

const DocumentRefSchema = z
  .object({
    id: z.string().openapi({ example: 'cnd-chairs-summaries-2019-2023' }),
    symbol: z.string().nullable().openapi({ example: 'E/CN.7/2024/CRP.5' }),
    title: z.string(),
    citationLabel: z.string().openapi({ example: 'CND thematic discussions' }),
    body: z.string().nullable().openapi({ example: 'Commission on Narcotic Drugs' }),
    session: z.string().nullable().openapi({ example: 'sixty-seventh session' }),
  })
  .openapi('DocumentRef');

/** The paragraph fields every response shares: enough to show, filter and cite it. */
const ParagraphFields = {
  id: z.string().openapi({ example: 'cnd-chairs-summaries-2019-2023.III.24' }),
  document: DocumentRefSchema,
  part: z.string().nullable().openapi({ description: 'The part outside the main body: "preamble", "annex", "annex II"; null in the body.' }),
  year: z.number().int().nullable().openapi({ example: 2021 }),
  chapter: z.string().nullable().openapi({ example: 'III' }),
  paragraph: z.number().int().openapi({ example: 24 }),
  section: z.string().nullable().openapi({ example: "Chair's summary of the deliberations" }),
  topic: z.string().nullable(),
  text: z.string(),
  footnotes: z.array(FootnoteSchema),
  citation: z.string().openapi({ example: 'E/CN.7/2024/CRP.5, para. 24 (CND thematic discussions 2021, III)' }),
  reference: z.string().openapi({
    description: 'The full reference on one line, to publish as it is.',
    example: 'Commission on Narcotic Drugs, sixty-seventh session, "Compilation of the Chairs\' summaries …", E/CN.7/2024/CRP.5 (4 March 2024), chap. III (19–21 October 2021), para. 24',
  }),
};

export const SearchHitSchema = z
  .object({
    ...ParagraphFields,
    score: z.number().openapi({ description: 'Fused relevance; only the order is meaningful.' }),
  })
  .openapi('SearchHit');

/** How the question was read: what the search and the answer both report, so the reader can check and undo it. */
const QuestionReadingFields = {
  corrected: z
    .object({
      original: z.string().openapi({ example: 'naloxne kits' }),
      reading: z.string().openapi({ example: 'naloxone kits' }),
      words: z.array(z.object({ from: z.string(), to: z.string() })),
    })
    .nullable()
    .openapi({ description: 'Words the corpus lacks, read as corpus words they resemble ("Showing results for naloxone"); null when none. `asTyped` turns it off.' }),
  language: z
    .object({
      code: z.string().openapi({ example: 'es' }),
      name: z.string().openapi({ example: 'Spanish' }),
      reply: z.string().openapi({ description: 'What the reader is told, in their language.' }),
      searchedAs: z
        .string()
        .nullable()
        .openapi({ example: 'what was discussed about death penalty 2022', description: "The English words the question was searched as, read through the language's glossary; null when too little of it could be read, and it was not searched." }),
    })
    .nullable()
    .openapi({ description: 'The language of the question when it is not English (the documents and the search are English), or null.' }),
  yearConflict: z
    .object({ filter: z.number().int(), question: z.number().int(), applied: z.enum(['filter', 'question']) })
    .nullable()
    .openapi({ description: 'The year filter and the question named different meeting years: both, and which one applied.' }),
  span: z
    .object({ from: z.number().int().nullable(), to: z.number().int().nullable() })
    .nullable()
    .openapi({ description: 'Meeting years searched when the question spans several ("since 2021") or dates a figure ("deaths in 2020": 2020 on), or null.' }),
};

export const SearchResponseSchema = z
  .object({
    query: z.string(),
    year: z.number().int().nullable().openapi({ description: 'The year that filtered the results (given or named in the question), or null.' }),
    document: z.string().nullable().openapi({ description: 'Id of the document that filtered the results, or null.' }),
    ...QuestionReadingFields,
    relevant: z.number().int().openapi({ description: 'How many of the leading results have the question\'s words (or words known to mean the same); the rest are weaker matches.' }),
    results: z.array(SearchHitSchema),
  })
  .openapi('SearchResponse');

export const ParagraphParamsSchema = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 'cnd-chairs-summaries-2019-2023.III.24' }),
});

export const ParagraphResponseSchema = z
  .object({
    ...ParagraphFields,
    meetingDates: z.string().nullable().openapi({ example: '19–21 October 2021' }),
    previous: z.string().nullable().openapi({ description: 'Id of the paragraph before this one in its document.' }),
    next: z.string().nullable().openapi({ description: 'Id of the paragraph after this one in its document.' }),
  })
  .openapi('Paragraph');

const AnswerSentenceSchema = z.object({
  text: z.string().openapi({ description: 'A sentence of a cited paragraph, verbatim.' }),
  citations: z.array(z.number().int()).openapi({ description: 'Numbers `n` of the citations it is quoted from.' }),
  year: z.number().int().nullable(),
});

const CitationSchema = z
  .object({
    n: z.number().int().openapi({ description: 'The number the answer text uses, as in [1].' }),
    ...ParagraphFields,
    score: z.number(),
    quoted: z.array(z.string()).openapi({ description: 'The sentences of this paragraph the answer quotes.' }),
  })
  .openapi('Citation');

export const AnswerSchema = z
  .object({
    question: z.string(),
    resolvedQuestion: z.string().openapi({ description: 'The question made standalone from the conversation, as searched.' }),
    year: z.number().int().nullable(),
    document: z.string().nullable().openapi({ description: 'Id of the one document the answer is drawn from (asked for, or named in the question), or null.' }),
    ...QuestionReadingFields,
    status: z.enum(['answered', 'related', 'not_covered']).openapi({
      description: 'answered: the quoted sentences answer it; related: the documents speak of the topic but not of what is asked (the closest passages are in `related`); not_covered: they do not speak of it.',
    }),
    abstained: z.boolean().openapi({ description: 'Whether status is not "answered" (kept for older clients).' }),
    reason: z
      .enum(['not-stated', 'unknown-words', 'weak-evidence', 'year-not-covered', 'topic-not-in-year', 'other-language', 'no-such-paragraph', 'not-a-question'])
      .optional()
      .openapi({ description: 'Why the status is not "answered".' }),
    otherYears: z.array(z.number().int()).optional().openapi({ description: 'For topic-not-in-year: the years whose documents speak of the topic.' }),
    compared: z
      .object({
        years: z.array(z.number().int()),
        topic: z.string().openapi({ example: 'fentanyl' }),
        without: z.array(z.number().int()).openapi({ description: 'The compared years whose documents never mention the topic: nothing of theirs can be quoted.' }),
      })
      .optional()
      .openapi({ description: 'For a question comparing meeting years ("Compare 2022 and 2023 on fentanyl"): those years, the topic, and which of them never speak of it.' }),
    confidence: z.number(),
    layout: z.enum(['fact', 'summary', 'timeline']),
    answer: z.object({ text: z.string(), sentences: z.array(AnswerSentenceSchema) }),
    citations: z.array(CitationSchema),
    related: z.array(CitationSchema).optional().openapi({ description: 'When abstaining, the closest paragraphs.' }),
  })
  .openapi('Answer');

const DocumentSummarySchema = z
  .object({
    ...DocumentRefSchema.shape,
    file: z.string().openapi({ description: 'The file in the corpus folder.' }),
    date: z.string().nullable().openapi({ description: 'Date of issue, YYYY-MM-DD.', example: '2024-03-04' }),
    year: z.number().int().nullable().openapi({ description: 'The year its paragraphs take when their chapter names no meeting year.', example: 2024 }),
    years: z.array(z.number().int()).openapi({ description: 'The years its paragraphs speak of.', example: [2019, 2020, 2021, 2022, 2023] }),
    paragraphs: z.number().int(),
  })
  .openapi('Document');

export const ExampleSchema = z
  .object({
    use: z.string().openapi({ description: 'What the example shows.', example: 'A topic in one year' }),
    questions: z.array(z.string().min(1)).min(1).openapi({ description: 'Asked in order: the later ones follow up the first.' }),
  })
  .openapi('Example');

export const DocumentsResponseSchema = z
  .object({
    documents: z.array(DocumentSummarySchema),
    examples: z.array(ExampleSchema).openapi({ description: 'Questions this corpus answers well, for a first visit.' }),
  })
  .openapi('Documents');

export const DocumentParamsSchema = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, description: 'Document id, or its symbol URL-encoded', example: 'cnd-chairs-summaries-2019-2023' }),
});

export const DocumentResponseSchema = z
  .object({
    document: DocumentSummarySchema,
    paragraphs: z.array(z.object({ ...ParagraphFields, meetingDates: z.string().nullable() })),
  })
  .openapi('DocumentWithParagraphs');

export const StatsResponseSchema = z
  .object({
    documents: z.number().int(),
    paragraphs: z.number().int(),
    years: z.record(z.string(), z.number().int()).openapi({ example: { '2019': 35, '2020': 36 } }),
    model: z.string().openapi({ description: 'The embedding model that encodes queries and paragraphs.' }),
    origin: z.enum(['models-dir', 'bundled', 'cache', 'download']).openapi({
      description: 'Where its files came from: MODELS_DIR, the folder bundled with the product, the download cache, or a download at this start.',
    }),
    note: z.string().optional().openapi({ description: 'For the small bundled model: what a reader should know about its answers.' }),
    fallback: z.string().optional().openapi({ description: 'Why the bundled model serves instead of the configured one, when it does.' }),
    reranker: z.string().optional().openapi({ description: 'The cross-encoder that reranks candidates, when RERANK_MODEL names one.' }),
  })
  .openapi('Stats');

export const HealthResponseSchema = z
  .object({
    status: z.enum(['ok', 'loading', 'unavailable']),
    /** Why the server cannot answer, when its database cannot be reached. */
    reason: z.string().optional(),
  })
  .openapi('Health');
