import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { loadEmbedder } from '../embed/load-embedder.js';
import type { Embedder } from '../embed/types.js';
import { hashCorpus } from '../parse/corpus-files.js';
import { readIndexStatus, resolveCurrentIndex } from '../store/build-index.js';
import { openStore } from '../store/sqlite-hnsw-store.js';
import type { ParagraphStore } from '../store/types.js';
import { createConsoleReporter } from './console-reporter.js';

/** What `npm run search` and `npm run ask` share: a question, optional --year, --document and --k, and a fresh index. */

const EXIT_USAGE = 2;
/** Long enough to judge relevance at a glance; the citation leads to the full text. */
const EXCERPT_LENGTH = 300;

export function usageError(problem: string, usage: string): never {
  console.error(`${problem}\n${usage}`);
  process.exit(EXIT_USAGE);
}

export function readQuestionArguments(usage: string): { question: string; k?: string; year?: string; document?: string } {
  let parsed;
  try {
    parsed = parseArgs({
      options: { year: { type: 'string' }, document: { type: 'string' }, k: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  return { question, k: parsed.values.k, year: parsed.values.year, document: parsed.values.document };
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
  const status = readIndexStatus(config.indexDir, { modelId: embedder.modelId, corpusHash: hashCorpus(config.corpusDir) });
  const indexDir = resolveCurrentIndex(config.indexDir);
  if (status.state !== 'fresh' || indexDir === null) {
    throw new Error(`The index is ${status.state}: ${status.reason}. Run \`npm run index\` (or \`npm start\`, which rebuilds it) first.`);
  }
  const store = openStore(indexDir);
  try {
    await use(store, embedder);
  } finally {
    store.close();
  }
}
