import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { loadEmbedder } from '../embed/load-embedder.js';
import type { Embedder } from '../embed/types.js';
import { hashCorpus } from '../parse/corpus-files.js';
import { openBackend } from '../store/backend.js';
import { readIndexStatus } from '../store/build-index.js';
import type { ParagraphStore } from '../store/types.js';
import type { QuestionReading } from '../answer/types.js';
import type { YearSpan } from '../retrieve/question-reading.js';
import { createConsoleReporter } from './console-reporter.js';

/** What `npm run search` and `npm run ask` share: a question, optional --year, --document and --k, and a fresh index. */

const EXIT_USAGE = 2;
/** Long enough to judge relevance at a glance; the citation leads to the full text. */
const EXCERPT_LENGTH = 300;

export function usageError(problem: string, usage: string): never {
  console.error(`${problem}\n${usage}`);
  process.exit(EXIT_USAGE);
}

export interface QuestionArguments {
  question: string;
  k?: string;
  year?: string;
  document?: string;
  /** --as-typed: no unknown word is read as a corpus word it resembles. */
  asTyped: boolean;
  /** --keep-year: --year applies even when the question names another year. */
  keepFilterYear: boolean;
}

export function readQuestionArguments(usage: string): QuestionArguments {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        year: { type: 'string' },
        document: { type: 'string' },
        k: { type: 'string' },
        'as-typed': { type: 'boolean' },
        'keep-year': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    // parseArgs explains unknown options and missing values well; the usage line says what is expected.
    usageError((error as Error).message, usage);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  // Unquoted words are one question too: `npm run search -- alternative development`.
  const question = parsed.positionals.join(' ');
  if (question.trim() === '') usageError('Missing the question.', usage);
  const { k, year, document } = parsed.values;
  return { question, k, year, document, asTyped: parsed.values['as-typed'] === true, keepFilterYear: parsed.values['keep-year'] === true };
}

/**
 * What the search read otherwise than typed, in the words the page uses: the corrected spelling, the language,
 * a year conflict, the span of years searched.
 * @example
 * for (const line of describeReading(result)) console.log(line); // Showing results for “naloxone kits” …
 */
export function describeReading(reading: QuestionReading): string[] {
  const lines: string[] = [];
  const { corrected, language, yearConflict, span } = reading;
  if (corrected) lines.push(`Showing results for “${corrected.reading}” (typed “${corrected.original}”); --as-typed searches the words as typed.`);
  if (language) {
    lines.push(
      language.searchedAs === null
        ? `The question seems to be in ${language.name}: the documents and the search are English.`
        : `Asked in ${language.name}: the documents are in English, so it was searched as the English words “${language.searchedAs}”.`,
    );
  }
  if (yearConflict) {
    lines.push(
      yearConflict.applied === 'question'
        ? `The question names ${yearConflict.question} and --year ${yearConflict.filter}: searched ${yearConflict.question}; --keep-year searches ${yearConflict.filter}.`
        : `The question names ${yearConflict.question}, but --keep-year kept ${yearConflict.filter}.`,
    );
  }
  if (span) lines.push(`Searched ${describeSpan(span)}.`);
  return lines;
}

function describeSpan({ from, to }: YearSpan): string {
  if (from !== null && to !== null) return `the meetings of ${from} to ${to}`;
  if (from !== null) return `the meetings of ${from} onwards`;
  if (to !== null) return `the meetings up to ${to}`;
  return 'every year';
}

/** Cuts at a word boundary so the excerpt never ends mid-word. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_LENGTH) return flat;
  const cut = flat.slice(0, EXCERPT_LENGTH);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_LENGTH / 2))}…`;
}

/**
 * Loads the model, opens the current index if it matches that model and the corpus, runs `use`, and closes it.
 * Commands never rebuild on their own: that takes a while and is `npm run index`'s job.
 */
export async function withFreshIndex(config: Config, use: (store: ParagraphStore, embedder: Embedder) => Promise<void>): Promise<void> {
  const reporter = createConsoleReporter(process.stderr);
  const { embedder } = await loadEmbedder(config.models, reporter);
  const backend = await openBackend(config.store);
  try {
    const status = await readIndexStatus(backend, { modelId: embedder.modelId, corpusHash: hashCorpus(config.corpusDir) });
    const version = await backend.currentVersion();
    if (status.state !== 'fresh' || version === null) {
      // An unusable index's reason already says to rebuild it; a server on a database never builds the index.
      if (status.state === 'unusable') throw new Error(status.reason);
      const rebuild = config.store.database === undefined ? '`npm run index` (or `npm start`, which rebuilds it)' : '`npm run index`';
      throw new Error(`The index is ${status.state}: ${status.reason}. Run ${rebuild} first.`);
    }
    const store = await backend.open(version);
    try {
      await use(store, embedder);
    } finally {
      await store.close();
    }
  } finally {
    await backend.close();
  }
}
