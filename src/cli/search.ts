import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { loadCorpus } from '../parse/corpus.js';
import { assemblePipeline } from '../pipeline.js';
import type { SearchResult } from '../retrieve/types.js';
import { createSearchQuerySchema, describeIssues } from '../serve/schemas.js';
import { readIndexStatus, resolveCurrentIndex } from '../store/build-index.js';
import { openStore } from '../store/sqlite-hnsw-store.js';
import { loadEmbedder } from './load-embedder.js';
import { runMain } from './run-main.js';

const USAGE = 'Usage: npm run search -- "question" [--year 2021] [--k 5]';
/** Long enough to judge relevance at a glance; the citation leads to the full text. */
const EXCERPT_LENGTH = 300;
const EXIT_USAGE = 2;

function usageError(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(EXIT_USAGE);
}

function readArguments(): { question: string; k?: string; year?: string } {
  let parsed;
  try {
    parsed = parseArgs({
      options: { year: { type: 'string' }, k: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    // parseArgs explains unknown options and missing values well; the usage line says what is expected.
    usageError((error as Error).message);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  // Unquoted words are one question too: `npm run search -- alternative development`.
  const question = parsed.positionals.join(' ');
  if (question.trim() === '') usageError('Missing the question to search for.');
  return { question, k: parsed.values.k, year: parsed.values.year };
}

/** Cuts at a word boundary so the excerpt never ends mid-word. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_LENGTH) return flat;
  const cut = flat.slice(0, EXCERPT_LENGTH);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_LENGTH / 2))}…`;
}

function printResult(result: SearchResult, explicitYear: boolean): void {
  const filter = result.year === null ? 'all years' : `${result.year}${explicitYear ? '' : ' (named in the question)'}`;
  console.log(`\n"${result.query}" in ${filter}: ${result.hits.length} paragraph(s)\n`);
  result.hits.forEach((hit, i) => {
    console.log(`${i + 1}. ${hit.citation}  (score ${hit.score.toFixed(4)})`);
    if (hit.paragraph.topic) console.log(`   ${hit.paragraph.topic}`);
    console.log(`   ${excerpt(hit.paragraph.text)}\n`);
  });
}

/** `npm run search -- "question" [--year 2021] [--k 5]`: the cited paragraphs the server would return. */
runMain(async () => {
  const args = readArguments();
  const config = loadConfig();
  const status = readIndexStatus(config.indexDir, { modelId: config.embedModel, corpusHash: loadCorpus(config.corpusDir).hash });
  const indexDir = resolveCurrentIndex(config.indexDir);
  if (status.state !== 'fresh' || indexDir === null) {
    throw new Error(`The index is ${status.state}: ${status.reason}. Run \`npm run index\` (or \`npm start\`, which rebuilds it) first.`);
  }

  const store = openStore(indexDir);
  try {
    // The same rules as GET /api/search, so the command line and the API accept exactly the same requests.
    const request = createSearchQuerySchema(Object.keys(store.stats().years).map(Number)).safeParse({ q: args.question, k: args.k, year: args.year });
    if (!request.success) usageError(describeIssues(request.error, 'arguments'));

    const embedder = await loadEmbedder(config);
    const { retriever } = assemblePipeline(store, embedder);
    const { q, k, year } = request.data;
    printResult(await retriever.search({ query: q, k, year }), year !== undefined);
  } finally {
    store.close();
  }
});
