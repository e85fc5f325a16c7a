import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The questions the HTTP measurements send: realistic, distinct questions from the dev question set.
 * Follow-ups are left out because alone they are not what a client would send without history.
 */
const QUESTION_COUNT = 30;

const DevQuestionsSchema = z.array(z.object({ kind: z.string(), question: z.string().min(1) }));

export function benchQuestions(repoRoot: string, count = QUESTION_COUNT): string[] {
  const file = path.join(repoRoot, 'test', 'eval', 'dev-questions.json');
  const all = DevQuestionsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')))
    .filter((q) => q.kind !== 'follow-up' && flippableLetters(q.question).length >= MIN_FLIPPABLE_LETTERS)
    .map((q) => q.question);
  if (all.length < count) throw new Error(`${file} has ${all.length} usable questions, ${count} wanted`);
  // An even spread over the file keeps every kind (factoid, topic-year, paraphrase, acronym, unanswerable...).
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.floor(i * step)]!);
}

/** 2^12 variants per question: far more than any run sends. */
const MIN_FLIPPABLE_LETTERS = 12;

/**
 * Positions of letters whose case can change without changing what the pipeline does: inside plain lower-case
 * words of three letters or more, never the first letter. The model's tokenizer (BERT uncased) and the lexical
 * analysis lower-case everything; what does look at case (acronyms such as "WHO" or "NPS", proper names) needs
 * a word that starts with a capital, which these never do.
 */
function flippableLetters(question: string): number[] {
  const positions: number[] = [];
  for (const match of question.matchAll(/(?<![\p{L}\p{N}'’-])[a-z]{3,}(?![\p{L}\p{N}'’-])/gu)) {
    for (let i = 1; i < match[0].length; i++) positions.push(match.index + i);
  }
  return positions;
}

/**
 * The same question with some letters upper-cased according to the bits of `variant` (from 1). Every variant
 * costs the work of the original and ranks the same paragraphs (the benchmark checks this before it measures),
 * yet it is a different key for the server's query-vector cache: this is how the measurements see the cost of
 * a question the server has not seen before without inventing wording.
 */
export function caseVariant(question: string, variant: number): string {
  const chars = [...question];
  flippableLetters(question)
    .slice(0, 30)
    .forEach((position, bit) => {
      if ((variant >>> bit) & 1) chars[position] = chars[position]!.toUpperCase();
    });
  return chars.join('');
}

/**
 * How many questions all streams of this process have handed out. Shared, so that no two streams (the search
 * runs, the ask runs, the in-process breakdown) ever send the same variant: a later stream would otherwise find
 * an earlier one's questions in the server's query cache.
 */
let handedOut = 0;

/** An endless rotation through the questions, each turn a case variant no stream has sent before. */
export function uncachedQuestionStream(questions: string[]): () => string {
  return () => {
    const turn = handedOut++;
    return caseVariant(questions[turn % questions.length]!, Math.floor(turn / questions.length) + 1);
  };
}

const ReplySetSchema = z.array(z.object({ question: z.string().min(1), history: z.array(z.unknown()).optional() }));

/**
 * The sets already scored and tuned on whose questions the bench may send: everything in test/eval but the
 * unseen set still to be scored once (scripts/eval.ts), whose words must reach the product first at its scoring.
 */
const BENCH_REPLY_SETS = [
  'calibration-questions.json',
  'heldout-questions.json',
  'unseen-questions.json',
  'unseen-2-questions.json',
  'unseen-3-questions.json',
  'unseen-4-questions.json',
  'unseen-5-questions.json',
  'unseen-6-questions.json',
  'unseen-7-questions.json',
  'unseen-8-questions.json',
  'unseen-9-questions.json',
];

/**
 * Questions the dev set never asked, in other words than its own: the calibration, held-out and scored unseen
 * sets, without follow-ups (alone they are not what a client sends).
 */
export function unseenBenchQuestions(repoRoot: string): string[] {
  const read = (name: string) => ReplySetSchema.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'eval', name), 'utf8')));
  return BENCH_REPLY_SETS.flatMap(read).filter((q) => q.history === undefined).map((q) => q.question);
}

const KindedQuestionsSchema = z.array(z.object({ kind: z.string(), question: z.string().min(1), history: z.array(z.unknown()).optional() }));

/**
 * Every distinct question the bench may send to a server that must never have seen it: the unseen bench
 * questions first, then the dev and blind sets' (follow-ups and conversations left out, as alone they are not
 * what a client sends). A question that differs from an earlier one only in case counts as the same.
 * @example
 * const [first, ...rest] = distinctBenchQuestions(repoRoot);
 */
export function distinctBenchQuestions(repoRoot: string): string[] {
  const read = (name: string) =>
    KindedQuestionsSchema.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'eval', name), 'utf8')))
      .filter((q) => q.kind !== 'follow-up' && q.history === undefined)
      .map((q) => q.question);
  const seen = new Set<string>();
  return [...unseenBenchQuestions(repoRoot), ...read('dev-questions.json'), ...read('blind-questions.json')].filter((question) => {
    const key = question.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
