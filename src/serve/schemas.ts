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

/** "q: must not be empty; k: must be an integer from 1 to 50": each problem led by the parameter it concerns. */
export function describeIssues(error: ZodError, target: string): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : target}: ${issue.message}`).join('; ');
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

const resultsProblem = `must be an integer from 1 to ${MAX_RESULTS}`;

/** The search parameters; which years are valid depends on the corpus that was indexed. */
export function createSearchQuerySchema(corpusYears: number[]) {
  const years = describeYears(corpusYears);
  return z.object({
    q: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
      .trim()
      .min(1, 'must not be empty')
      .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`)
      .openapi({ description: 'The question or keywords.', example: 'alternative development' }),
    k: z
      .preprocess(
        emptyAsAbsent,
        z.coerce
          .number({ error: resultsProblem })
          .int(resultsProblem)
          .min(1, resultsProblem)
          .max(MAX_RESULTS, resultsProblem)
          .default(DEFAULT_RESULTS),
      )
      .openapi({ description: 'How many paragraphs to return.' }),
    year: z
      .preprocess(
        emptyAsAbsent,
        z.coerce
          .number({ error: `must be a year (${years})` })
          .int(`must be a year (${years})`)
          .refine((year) => corpusYears.includes(year), { error: (issue) => `${String(issue.input)} is not in the corpus (${years})` })
          .optional(),
      )
      .openapi({
        description: 'Only paragraphs about this meeting year. Without it, a year named in the question applies.',
        enum: corpusYears,
      }),
  });
}

const FootnoteSchema = z.object({
  marker: z.string().openapi({ example: '8' }),
  text: z.string(),
});

/** The paragraph fields every response shares: enough to show, filter and cite it. */
const ParagraphFields = {
  id: z.string().openapi({ example: 'cnd-chairs-summaries-2019-2023.III.24' }),
  year: z.number().int().nullable().openapi({ example: 2021 }),
  chapter: z.string().nullable().openapi({ example: 'III' }),
  paragraph: z.number().int().openapi({ example: 24 }),
  section: z.string().nullable().openapi({ example: "Chair's summary of the deliberations" }),
  topic: z.string().nullable(),
  text: z.string(),
  footnotes: z.array(FootnoteSchema),
  citation: z.string().openapi({ example: 'CND thematic discussions 2021 (III), para. 24' }),
};

export const SearchHitSchema = z
  .object({
    ...ParagraphFields,
    score: z.number().openapi({ description: 'Fused relevance; only the order is meaningful.' }),
  })
  .openapi('SearchHit');

export const SearchResponseSchema = z
  .object({
    query: z.string(),
    year: z.number().int().nullable().openapi({ description: 'The year that filtered the results (given or named in the question), or null.' }),
    results: z.array(SearchHitSchema),
  })
  .openapi('SearchResponse');

export const ParagraphParamsSchema = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 'cnd-chairs-summaries-2019-2023.III.24' }),
});

export const ParagraphResponseSchema = z
  .object({
    ...ParagraphFields,
    document: z.string().openapi({ example: 'cnd-chairs-summaries-2019-2023' }),
    meetingDates: z.string().nullable().openapi({ example: '19–21 October 2021' }),
    previous: z.string().nullable().openapi({ description: 'Id of the paragraph before this one in its document.' }),
    next: z.string().nullable().openapi({ description: 'Id of the paragraph after this one in its document.' }),
  })
  .openapi('Paragraph');

export const StatsResponseSchema = z
  .object({
    documents: z.number().int(),
    paragraphs: z.number().int(),
    years: z.record(z.string(), z.number().int()).openapi({ example: { '2019': 35, '2020': 36 } }),
    model: z.string().openapi({ description: 'The embedding model that encodes queries and paragraphs.' }),
  })
  .openapi('Stats');

export const HealthResponseSchema = z
  .object({
    status: z.enum(['ok', 'loading']),
  })
  .openapi('Health');
