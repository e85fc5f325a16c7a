import { loadConfig } from '../config.js';
import { assemblePipeline } from '../pipeline.js';
import { DomainThesaurus } from '../retrieve/domain-thesaurus.js';
import type { SearchResult } from '../retrieve/types.js';
import { createSearchQuerySchema, describeIssues, documentNames } from '../serve/schemas.js';
import { describeReading, excerpt, readQuestionArguments, usageError, withFreshIndex } from './query-command.js';
import { runMain } from './run-main.js';

const USAGE = 'Usage: npm run search -- "question" [--year 2021] [--keep-year] [--document E/CN.7/2024/CRP.5] [--k 5] [--as-typed]';

function printResult(result: SearchResult, explicitYear: boolean): void {
  const years = result.year === null ? 'all years' : `${result.year}${explicitYear ? '' : ' (named in the question)'}`;
  const filter = result.document === null ? years : `${years} of ${result.document}`;
  console.log();
  for (const line of describeReading(result)) console.log(line);
  const weaker = result.hits.length - result.relevant;
  console.log(`"${result.query}" in ${filter}: ${result.hits.length} paragraph(s)${weaker > 0 ? `, of which the last ${weaker} have few of its words` : ''}\n`);
  result.hits.forEach((hit, i) => {
    if (i === result.relevant && weaker > 0) console.log('   — weaker matches: few of the question’s words —\n');
    console.log(`${i + 1}. ${hit.citation}  (score ${hit.score.toFixed(4)})`);
    if (hit.paragraph.topic) console.log(`   ${hit.paragraph.topic}`);
    console.log(`   ${excerpt(hit.paragraph.text)}\n`);
  });
}

/** `npm run search -- "question" [--year 2021] [--document E/CN.7/2024/CRP.5] [--k 5]`: the cited paragraphs the server would return. */
runMain(async () => {
  const args = readQuestionArguments(USAGE);
  const config = loadConfig();
  await withFreshIndex(config, async (store, embedder) => {
    // The same rules as GET /api/search, so the command line and the API accept exactly the same requests.
    const request = createSearchQuerySchema(Object.keys(store.stats().years).map(Number), documentNames(store.documents())).safeParse({ q: args.question, k: args.k, year: args.year, document: args.document });
    if (!request.success) usageError(describeIssues(request.error, 'arguments'), USAGE);

    const { retriever } = await assemblePipeline(store, embedder, { thesaurus: DomainThesaurus.configured(config.thesaurusFile) });
    const { q, k, year, document } = request.data;
    printResult(await retriever.search({ query: q, k, year, document, asTyped: args.asTyped, keepFilterYear: args.keepFilterYear }), year !== undefined);
  });
});
