import type { Answer } from '../answer/types.js';
import { loadConfig } from '../config.js';
import { assemblePipeline } from '../pipeline.js';
import { DomainThesaurus } from '../retrieve/domain-thesaurus.js';
import { createAskBodySchema, describeIssues, documentNames } from '../serve/schemas.js';
import { describeReading, excerpt, readQuestionArguments, usageError, withFreshIndex } from './query-command.js';
import { runMain } from './run-main.js';

const USAGE = 'Usage: npm run ask -- "question" [--year 2022] [--keep-year] [--document E/CN.7/2024/CRP.5] [--k 8] [--as-typed]';

/** How each kind of reply opens, so the reader knows before reading whether it is an answer. */
const STATUS_LINES = { answered: null, related: 'Related, not an answer:', not_covered: 'Not covered by the documents:' } as const;

function printAnswer(answer: Answer): void {
  if (answer.resolvedQuestion !== answer.question) console.log(`(searched as: ${answer.resolvedQuestion})`);
  for (const line of describeReading(answer)) console.log(line);
  console.log();
  if (answer.status !== 'answered') {
    console.log(STATUS_LINES[answer.status]);
    console.log(answer.answer.text);
    if (answer.related?.length) console.log(answer.status === 'related' ? '\nRelated passages:' : '\nClosest paragraphs:');
    for (const r of answer.related ?? []) console.log(`  - ${r.citation}: ${excerpt(r.text)}`);
    return;
  }
  let year: number | null | undefined;
  for (const sentence of answer.answer.sentences) {
    // A timeline reads better with each year as a heading.
    if (answer.layout === 'timeline' && sentence.year !== year) {
      year = sentence.year;
      console.log(`${year ?? 'Undated'}:`);
    }
    console.log(`${answer.layout === 'timeline' ? '  ' : ''}${sentence.text} ${sentence.citations.map((n) => `[${n}]`).join('')}`);
  }
  console.log();
  for (const c of answer.citations) console.log(`[${c.n}] ${c.citation}${c.topic ? ` — ${c.topic}` : ''}`);
}

/** `npm run ask -- "question" [--year 2022] [--document E/CN.7/2024/CRP.5]`: the answer the chat would give, with its numbered citations. */
runMain(async () => {
  const args = readQuestionArguments(USAGE);
  const config = loadConfig();
  await withFreshIndex(config, async (store, embedder) => {
    // The same rules as POST /api/ask; command-line values arrive as text.
    const toNumber = (value: string | undefined) => (value === undefined || value.trim() === '' || Number.isNaN(Number(value)) ? value : Number(value));
    const request = createAskBodySchema(Object.keys(store.stats().years).map(Number), documentNames(store.documents())).safeParse({
      question: args.question,
      year: toNumber(args.year),
      document: args.document,
      k: toNumber(args.k),
      asTyped: args.asTyped,
      keepFilterYear: args.keepFilterYear,
    });
    if (!request.success) usageError(describeIssues(request.error, 'arguments'), USAGE);

    const { answerer } = await assemblePipeline(store, embedder, { thesaurus: DomainThesaurus.configured(config.thesaurusFile) });
    printAnswer(await answerer.ask(request.data));
  });
});
