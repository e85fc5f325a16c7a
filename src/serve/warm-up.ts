import type { Paragraph } from '../parse/types.js';
import type { QueryPipeline } from '../pipeline.js';

/**
 * A server's first questions ran at twice the cost of later ones (5.7 ms against 3.0 ms of the worker's time, on
 * 289 questions never seen, measured on two cores): V8 had not yet compiled the pipeline's code. A worker answers
 * questions of its own once it serves, on a pipeline assembled for them and thrown away, so that no cache of
 * theirs outlives them (the store is told to forget their phrases): what is warm is the compiled code, not answers.
 * It yields after each question, so a call that arrived meanwhile is answered before the next one.
 */
export interface WarmUpOptions {
  /** Questions asked at most, each searched and answered. 0 turns the warm-up off. Range 0 to 1,000. */
  questions: number;
  /** Time it may take at most, in milliseconds; it stops after the question running then. Range 0 to 10,000. */
  budgetMs: number;
}

/**
 * About 40 questions brought the worker's time per question to what it is after hundreds; 60 leave a margin
 * and take some 0.4 s on two cores, within a budget of 1.5 s for slower machines and larger models. V8 goes on
 * compiling on its background threads for longer (after 60, a load of 885 questions never seen still set off 286
 * optimising compilations, 200 after 1,000), but servers warmed on 500 served no more searches a second than on 60
 * (alternated fresh servers, two runs each, the machine's speed moving more than the difference), so 60 it stays.
 */
export const DEFAULT_WARM_UP: WarmUpOptions = { questions: 60, budgetMs: 1500 };

/** Paragraphs read at most for each question asked: a million-paragraph corpus is not read whole for a warm-up. */
const PARAGRAPHS_PER_QUESTION = 2;

/** Words taken from a paragraph for a question, about the length of a question people type; later rounds take the next words. */
const WORDS_PER_QUESTION = 8;

/**
 * The shapes questions come in, so that each path through the pipeline is compiled: a topic, a topic in a year,
 * a search, each kind of fact asked for (a count, countries, a date, a share, a reason) and a misspelt search.
 */
const SHAPES: ReadonlyArray<(words: string, year: number | null) => string> = [
  (words) => `What was said about ${words}?`,
  (words, year) => (year === null ? `Who spoke about ${words}?` : `What was said about ${words} in ${year}?`),
  (words) => words.toLowerCase(),
  (words) => `How many ${words}?`,
  (words, year) => `Which countries ${words}${year === null ? '' : ` in ${year}`}?`,
  (words) => `When was ${words}?`,
  (words) => misspelt(words).toLowerCase(),
  (words) => `What percentage of ${words}?`,
  (words) => `Why did ${words}?`,
];

/** Shorter words are left as they are: spelling correction leaves them too. */
const MIN_MISSPELT_LENGTH = 5;

/**
 * The words with two middle letters of the longest one swapped, as a reader's slip.
 * @example
 * misspelt('Narcotic Drugs'); // 'Naroctic Drugs'
 */
function misspelt(words: string): string {
  const longest = words.split(' ').reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest.length < MIN_MISSPELT_LENGTH) return words;
  const middle = Math.floor(longest.length / 2);
  return words.replace(longest, longest.slice(0, middle - 1) + longest[middle] + longest[middle - 1] + longest.slice(middle + 1));
}

/** The warm-up questions: each paragraph's first words in turn, then their next words, until no paragraph has more. */
function* warmUpQuestions(paragraphs: readonly Paragraph[]): Generator<string> {
  let shape = 0;
  for (let round = 0, made = true; made; round++) {
    made = false;
    for (const paragraph of paragraphs) {
      const words = paragraph.text
        .split(/\s+/)
        .filter((word) => /\p{L}/u.test(word))
        .slice(round * WORDS_PER_QUESTION, (round + 1) * WORDS_PER_QUESTION)
        .join(' ');
      if (words === '') continue;
      made = true;
      yield SHAPES[shape++ % SHAPES.length]!(words, paragraph.year);
    }
  }
}

/**
 * Asks the warm-up questions of a pipeline assembled for them: phrases from the corpus's first paragraphs,
 * in each of the shapes, until `stopped` says so. Returns how many it asked and the milliseconds it took.
 * @example
 * const { asked, ms } = await warmUp(await assemble(store), DEFAULT_WARM_UP);
 */
export async function warmUp(pipeline: QueryPipeline, options: WarmUpOptions, stopped: () => boolean = () => false): Promise<{ asked: number; ms: number }> {
  validate(options);
  const startedAt = performance.now();
  const { store, retriever, answerer } = pipeline;
  const ids = options.questions === 0 ? [] : (await store.outline()).slice(0, options.questions * PARAGRAPHS_PER_QUESTION).map(({ id }) => id);
  const byId = await store.getMany(ids);
  let asked = 0;
  for (const question of warmUpQuestions(ids.flatMap((id) => byId.get(id) ?? []))) {
    if (asked >= options.questions || performance.now() - startedAt >= options.budgetMs || stopped()) break;
    await retriever.search({ query: question, k: 10 });
    await answerer.ask({ question });
    asked++;
    await yieldToCalls();
  }
  store.forgetQueries();
  return { asked, ms: performance.now() - startedAt };
}

/** After the messages (calls) that arrived meanwhile have been dispatched: setImmediate runs after the poll phase. */
const yieldToCalls = () => new Promise<void>((resolve) => setImmediate(resolve));

function validate({ questions, budgetMs }: WarmUpOptions): void {
  if (!Number.isInteger(questions) || questions < 0 || questions > 1000) throw new Error(`warm-up questions must be a whole number from 0 to 1000, got ${questions}`);
  if (!Number.isFinite(budgetMs) || budgetMs < 0 || budgetMs > 10_000) throw new Error(`warm-up budgetMs must be from 0 to 10000, got ${budgetMs}`);
}
