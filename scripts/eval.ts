import fs from 'node:fs';
import path from 'node:path';
import { CitedAnswerer } from '../src/answer/cited-answerer.js';
import { resolveFollowUp } from '../src/answer/follow-up.js';
import { createConsoleReporter } from '../src/cli/console-reporter.js';
import { loadEmbedder, modelRequest } from '../src/embed/load-embedder.js';
import { BUNDLED_EMBED_MODEL } from '../src/embed/model-source.js';
import { runMain } from '../src/cli/run-main.js';
import { loadConfig } from '../src/config.js';
import { retrievalSettingsFor } from '../src/retrieve/retrieval-settings.js';
import { withQueryCache } from '../src/embed/query-cache.js';
import type { Embedder } from '../src/embed/types.js';
import { loadCorpus } from '../src/parse/corpus.js';
import { createCrossEncoderReranker } from '../src/retrieve/cross-encoder.js';
import { DomainThesaurus } from '../src/retrieve/domain-thesaurus.js';
import { HybridRetriever, type RetrievalMethod } from '../src/retrieve/hybrid-retriever.js';
import type { Reranker } from '../src/retrieve/rerank.js';
import { openBackend } from '../src/store/backend.js';
import type { ParagraphStore } from '../src/store/types.js';
import { loadDevSet, type EvalQuestion, type QuestionKind } from './eval/dev-set.js';
import { evaluateReplySet, loadReplySet, type ReplySetReport } from './eval/reply-set.js';
import { tuneAnswerThresholds, type AnswerTuningQuestion } from './eval/tune-answers.js';
import { answerSettingsFor } from '../src/answer/answer-settings.js';
import type { Paragraph } from '../src/parse/types.js';
import { cachedIndex } from './eval/index-cache.js';
import { checkParity, formatParity, publishedToDatabase } from './eval/parity.js';
import { tuneRetrieval } from './eval/tune.js';
import { abstentionMetrics, containsFact, mean, ndcgAt, percentile, recallAt, reciprocalRankAt } from './eval/metrics.js';
import { SessionCalendar } from '../src/retrieve/session-calendar.js';
import {
  formatAnswerTable,
  formatKindTable,
  formatReplyTable,
  formatRetrievalTable,
  formatTargets,
  type AnswerReport,
  type RetrievalReport,
  type TargetCheck,
} from './eval/report.js';

/**
 * `npm run eval`: scores every retrieval configuration and the answer pipeline on the dev questions, the further
 * sets and the reply sets (per kind of question), prints the tables, writes eval/report.json, and exits non-zero
 * when a target is missed. `-- --tuning` leaves out the latest unseen set, for every run made while tuning.
 * `npm run eval -- --tune`: instead tunes the retrieval settings of the configured model on the dev questions
 * and the tuned-on reply sets' single questions, and prints them, for src/retrieve/retrieval-settings.ts.
 * `npm run eval -- --tune-answers`: sweeps the refusal settings over the dev, held-out, calibration and tuned-on
 * unseen sets with cross-validation, for src/answer/answer-settings.ts.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const DEV_SET = path.join(REPO_ROOT, 'test/eval/dev-questions.json');
/**
 * Further question sets, printed without targets. Neither is unseen: the held-out set was tuned on (rules and a
 * threshold came from its questions), and the "blind" file shares most of its answers and facts with the dev and
 * held-out sets, so it is a further dev set despite its name (README, Evaluation).
 */
const UNSEEN_SETS = [
  {
    key: 'heldOut',
    file: path.join(REPO_ROOT, 'test/eval/heldout-questions.json'),
    title: 'Held out (paraphrases; tuned on: rules and a threshold came from its questions)',
  },
  {
    key: 'blind',
    file: path.join(REPO_ROOT, 'test/eval/blind-questions.json'),
    title: 'Further dev set (blind-questions.json: every kind, but sharing most answers and facts with the dev and held-out sets)',
  },
];
/**
 * Sets that grade the kind of reply per kind of question. The calibration set is tuned on. Each unseen set was
 * written by a helper who saw only the document, committed unread, scored once at the end of a round of tuning
 * (the figures in README), and tuned on in the rounds after: the first (2026-12-01), second and third
 * (2026-12-02) all have been, the fourth, fifth and sixth (2026-12-03) after their scoring, the seventh
 * (2026-12-03) after its scoring on 2026-12-04, and the eighth (2026-12-04) after its scoring on the same day. The ninth (2026-12-04) joins with
 * `tuning: false`: the issue's targets are checked on it, and `--tuning` leaves it out, for every run made while
 * tuning. The tenth (2026-12-05) was scored once at the end of the tenth round; the eleventh (2026-12-06),
 * committed before the eleventh round's tuning began, once at its end (2026-12-07). The twelfth (2026-12-07)
 * was committed before the twelfth round began and scored once at its end; the thirteenth (2026-12-07), before
 * the thirteenth round began, and scored once at its end; the fourteenth and fifteenth (2026-12-07), each before
 * its round, and scored once at its end; the sixteenth (2026-12-07), before the sixteenth round, and scored
 * once at its end; the seventeenth (2026-12-07), before the seventeenth round.
 */
const REPLY_SETS = [
  {
    key: 'calibration',
    file: path.join(REPO_ROOT, 'test/eval/calibration-questions.json'),
    title: 'Calibration set (everyday wording, typos, near-misses, conversations, year conflicts, other languages; tuned on)',
    tuning: true,
  },
  {
    key: 'unseen',
    file: path.join(REPO_ROOT, 'test/eval/unseen-questions.json'),
    title: 'First unseen set (written before tuning from the document alone; scored once at the end of the first round, tuned on since)',
    tuning: true,
  },
  {
    key: 'unseen2',
    file: path.join(REPO_ROOT, 'test/eval/unseen-2-questions.json'),
    title: 'Second unseen set (written from the document alone; scored once at the end of the second round, tuned on since)',
    tuning: true,
  },
  {
    key: 'unseen3',
    file: path.join(REPO_ROOT, 'test/eval/unseen-3-questions.json'),
    title: 'Third unseen set (written from the document alone; scored once at the end of the third round, tuned on since)',
    tuning: true,
  },
  {
    key: 'unseen4',
    file: path.join(REPO_ROOT, 'test/eval/unseen-4-questions.json'),
    title: 'Fourth unseen set (written from the document alone; scored once at the end of the fifth round, tuned on since)',
    tuning: true,
  },
  {
    key: 'unseen5',
    file: path.join(REPO_ROOT, 'test/eval/unseen-5-questions.json'),
    title: 'Fifth unseen set (written from the document alone; scored once at the end of the fifth round, tuned on since)',
    tuning: true,
  },
  {
    key: 'unseen6',
    file: path.join(REPO_ROOT, 'test/eval/unseen-6-questions.json'),
    title: 'Sixth unseen set (written from the document alone; scored once at the end of the sixth round, tuned on since)',
    tuning: true,
  },
  {
    key: 'unseen7',
    file: path.join(REPO_ROOT, 'test/eval/unseen-7-questions.json'),
    title: 'Seventh unseen set (written from the document alone; scored once at the end of the seventh round, tuned on since)',
    tuning: true,
  },
  {
    key: 'unseen8',
    file: path.join(REPO_ROOT, 'test/eval/unseen-8-questions.json'),
    title: 'Eighth unseen set (written from the document alone; scored once at the end of the eighth round, tuned on since)',
    tuning: true,
  },
  {
    key: 'unseen9',
    file: path.join(REPO_ROOT, 'test/eval/unseen-9-questions.json'),
    title: 'Ninth unseen set (written from the document alone; scored once at the end of the ninth round, tuned on since)',
    tuning: true,
  },
  {
    key: 'unseen10',
    file: path.join(REPO_ROOT, 'test/eval/unseen-10-questions.json'),
    title: 'Tenth unseen set (written from the document alone, committed unread; never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen11',
    file: path.join(REPO_ROOT, 'test/eval/unseen-11-questions.json'),
    title: 'Eleventh unseen set (written from the document alone on 2026-12-06, committed unread; never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen12',
    file: path.join(REPO_ROOT, 'test/eval/unseen-12-questions.json'),
    title: 'Twelfth unseen set (written from the document alone on 2026-12-07, committed unread; never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen13',
    file: path.join(REPO_ROOT, 'test/eval/unseen-13-questions.json'),
    title: 'Thirteenth unseen set (written from the document alone on 2026-12-07, committed unread; never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen14',
    file: path.join(REPO_ROOT, 'test/eval/unseen-14-questions.json'),
    title: 'Fourteenth unseen set (written from the document alone on 2026-12-07, committed unread; never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen15',
    file: path.join(REPO_ROOT, 'test/eval/unseen-15-questions.json'),
    title: 'Fifteenth unseen set (written from the document alone on 2026-12-07, committed unread; never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen16',
    file: path.join(REPO_ROOT, 'test/eval/unseen-16-questions.json'),
    title: 'Sixteenth unseen set (written from the document alone on 2026-12-07, committed unread; never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen17',
    file: path.join(REPO_ROOT, 'test/eval/unseen-17-questions.json'),
    title: 'Seventeenth unseen set (written from the document alone on 2026-12-07, committed unread; never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen18',
    file: path.join(REPO_ROOT, 'test/eval/unseen-18-questions.json'),
    title: 'Eighteenth unseen set (written from the document alone on 2026-12-07, committed unread; scored once at the end of the eighteenth round, never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen19',
    file: path.join(REPO_ROOT, 'test/eval/unseen-19-questions.json'),
    title: 'Nineteenth unseen set (written from the document alone on 2026-12-07, committed unread; scored once at the end of the nineteenth round, never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen20',
    file: path.join(REPO_ROOT, 'test/eval/unseen-20-questions.json'),
    title: 'Twentieth unseen set (written from the document alone on 2026-12-08, committed unread; scored once at the end of the twentieth round, never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen21',
    file: path.join(REPO_ROOT, 'test/eval/unseen-21-questions.json'),
    title: 'Twenty-first unseen set (written from the document alone on 2026-12-08, committed unread; scored once at the end of the twenty-first round, never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen22',
    file: path.join(REPO_ROOT, 'test/eval/unseen-22-questions.json'),
    title: 'Twenty-second unseen set (written from the document alone on 2026-12-08, committed unread; scored once at the end of the twenty-second round, never tuned on)',
    tuning: false,
  },
  {
    key: 'unseen23',
    file: path.join(REPO_ROOT, 'test/eval/unseen-23-questions.json'),
    title: 'Twenty-third unseen set (written from the document alone on 2026-12-08, committed unread; never tuned on)',
    tuning: false,
  },
];
const REPORT_FILE = path.join(REPO_ROOT, 'eval/report.json');
const INDEX_CACHE = path.join(REPO_ROOT, 'eval/.index');
/** The stand-in model beside the checkout, used when the environment names no model (as CI does). */

const DEPTH = 10;
const KINDS: QuestionKind[] = ['factoid', 'topic-year', 'topic-across-years', 'paraphrase', 'acronym', 'follow-up'];

const CONFIGURATIONS: { name: string; description: string; method?: RetrievalMethod; crossEncoder?: true }[] = [
  { name: 'lexical', description: 'BM25 over the FTS5 index only', method: 'lexical' },
  { name: 'dense', description: 'HNSW cosine over paragraph embeddings only', method: 'dense' },
  { name: 'hybrid', description: 'lexical and dense fused by weighted reciprocal rank', method: 'fused' },
  { name: 'hybrid+rerank', description: 'the default pipeline: fusion, then the feature reranker', method: 'reranked' },
];

/** Beside the feature reranker when RERANK_MODEL names a cross-encoder, so the two compare on the same questions. */
const CROSS_ENCODER_CONFIGURATION = { name: 'hybrid+cross-encoder', description: 'fusion, then the cross-encoder of RERANK_MODEL', method: 'reranked', crossEncoder: true } as const;

const TARGETS = { recallAt5: 0.95, mrrAt10: 0.85, yearPrecision: 1, abstentionPrecision: 0.9, abstentionRecall: 0.9 };

/** The text the answerer searches with: follow-ups are made standalone from their history first. */
function searchText(q: EvalQuestion, sessions: SessionCalendar): string {
  return resolveFollowUp(q.question, q.history ?? [], sessions).text;
}

async function evaluateRetrieval(
  config: (typeof CONFIGURATIONS)[number],
  questions: EvalQuestion[],
  store: ParagraphStore,
  embedder: Embedder,
  reranker: Reranker | undefined,
  thesaurus: DomainThesaurus,
): Promise<RetrievalReport> {
  const retriever = await HybridRetriever.open({
    store,
    embedder,
    documents: store.manifest.documents,
    method: config.method,
    reranker: config.crossEncoder ? reranker : undefined,
    thesaurus,
  });
  const answerable = questions.filter((q) => q.goldIds.length > 0);
  const rows: { q: EvalQuestion; ranked: string[]; years: (number | null)[]; ms: number }[] = [];
  for (const q of answerable) {
    const started = performance.now();
    const { hits } = await retriever.search({ query: searchText(q, retriever.sessions), k: DEPTH });
    const ms = performance.now() - started;
    rows.push({ q, ranked: hits.map((h) => h.paragraph.id), years: hits.map((h) => h.paragraph.year), ms });
  }
  const over = (f: (row: (typeof rows)[number]) => number, subset = rows) => mean(subset.map(f));
  const withYear = rows.filter((r) => r.q.year !== null && r.ranked.length > 0);
  return {
    name: config.name,
    description: config.description,
    questions: rows.length,
    recallAt1: over((r) => recallAt(r.ranked, r.q.goldIds, 1)),
    recallAt5: over((r) => recallAt(r.ranked, r.q.goldIds, 5)),
    recallAt10: over((r) => recallAt(r.ranked, r.q.goldIds, 10)),
    mrrAt10: over((r) => reciprocalRankAt(r.ranked, r.q.goldIds, DEPTH)),
    ndcgAt10: over((r) => ndcgAt(r.ranked, r.q.goldIds, DEPTH)),
    yearPrecision: over((r) => r.years.filter((y) => y === r.q.year).length / r.years.length, withYear),
    yearQuestions: withYear.length,
    p50LatencyMs: percentile(rows.map((r) => r.ms), 50),
    recallAt5ByKind: Object.fromEntries(
      KINDS.map((kind) => [kind, over((r) => recallAt(r.ranked, r.q.goldIds, 5), rows.filter((r) => r.q.kind === kind))]),
    ),
    firstGoldRank: Object.fromEntries(
      rows.map((r) => {
        const rr = reciprocalRankAt(r.ranked, r.q.goldIds, DEPTH);
        return [r.q.id, rr === 0 ? null : Math.round(1 / rr)];
      }),
    ),
  };
}

async function evaluateAnswers(
  questions: EvalQuestion[],
  store: ParagraphStore,
  embedder: Embedder,
  thesaurus: DomainThesaurus,
): Promise<AnswerReport> {
  const cached = withQueryCache(embedder);
  const retriever = await HybridRetriever.open({ store, embedder: cached, documents: store.manifest.documents, thesaurus });
  const answerer = new CitedAnswerer({ retriever, store, embedder: cached, sessions: retriever.sessions, kinds: retriever.kinds });
  const counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  const factMisses: string[] = [];
  const wrongAbstentions: string[] = [];
  const missedAbstentions: string[] = [];
  const latencies: number[] = [];
  let factQuestions = 0;
  for (const q of questions) {
    const started = performance.now();
    const answer = await answerer.ask({ question: q.question, history: q.history });
    latencies.push(performance.now() - started);
    const unanswerable = q.goldIds.length === 0;
    if (unanswerable && answer.abstained) counts.truePositives++;
    if (unanswerable && !answer.abstained) (counts.falseNegatives++, missedAbstentions.push(q.id));
    if (!unanswerable && answer.abstained) (counts.falsePositives++, wrongAbstentions.push(q.id));
    if (!unanswerable && !answer.abstained) counts.trueNegatives++;
    if (q.fact !== undefined) {
      factQuestions++;
      if (!containsFact(answer.answer.text, q.fact)) factMisses.push(q.id);
    }
  }
  const abstention = abstentionMetrics(counts);
  return {
    factInAnswerRate: factQuestions === 0 ? Number.NaN : 1 - factMisses.length / factQuestions,
    factQuestions,
    abstentionPrecision: abstention.precision,
    abstentionRecall: abstention.recall,
    falseAbstentionRate: abstention.falseAbstentionRate,
    p50LatencyMs: percentile(latencies, 50),
    factMisses,
    wrongAbstentions,
    missedAbstentions,
  };
}

/**
 * The targets on questions nobody tuned for (the latest unseen set), per kind: everyday wording found and
 * answered, typo searches never refused, near-misses held back, answerable questions rarely refused.
 */
const REPLY_TARGETS = { everydayRecallAt5: 0.75, everydayFact: 0.6, typoRecallAt5: 0.9, typoRefused: 0, nearMissHeldBack: 0.8, answerableRefused: 0.05 };

function checkReplyTargets(report: ReplySetReport): TargetCheck[] {
  const kind = (name: string) => report.byKind.find((k) => k.kind === name);
  const checks: TargetCheck[] = [];
  const add = (target: string, value: number | undefined, met: (v: number) => boolean) => {
    if (value !== undefined && !Number.isNaN(value)) checks.push({ target, value, met: met(value) });
  };
  add(`everyday wording R@5 >= ${REPLY_TARGETS.everydayRecallAt5}`, kind('everyday')?.recallAt5, (v) => v >= REPLY_TARGETS.everydayRecallAt5);
  add(`everyday wording fact in answer >= ${REPLY_TARGETS.everydayFact}`, kind('everyday')?.factInAnswer, (v) => v >= REPLY_TARGETS.everydayFact);
  add(`typo searches R@5 >= ${REPLY_TARGETS.typoRecallAt5}`, kind('typo')?.recallAt5, (v) => v >= REPLY_TARGETS.typoRecallAt5);
  add(`typo searches refused = ${REPLY_TARGETS.typoRefused}`, kind('typo')?.refusedAnswerable, (v) => v <= REPLY_TARGETS.typoRefused);
  add(`near-misses held back (related or not covered) >= ${REPLY_TARGETS.nearMissHeldBack}`, kind('near-miss')?.heldBack, (v) => v >= REPLY_TARGETS.nearMissHeldBack);
  add(`answerable questions refused <= ${REPLY_TARGETS.answerableRefused}`, report.overall.refusedAnswerable, (v) => v <= REPLY_TARGETS.answerableRefused);
  return checks;
}

function checkTargets(retrieval: RetrievalReport[], answer: AnswerReport): TargetCheck[] {
  const byName = new Map(retrieval.map((r) => [r.name, r]));
  const full = byName.get('hybrid+rerank')!;
  const baselines = ['lexical', 'dense'].map((name) => byName.get(name)!);
  return [
    { target: `hybrid+rerank Recall@5 >= ${TARGETS.recallAt5}`, value: full.recallAt5, met: full.recallAt5 >= TARGETS.recallAt5 },
    { target: `hybrid+rerank MRR@10 >= ${TARGETS.mrrAt10}`, value: full.mrrAt10, met: full.mrrAt10 >= TARGETS.mrrAt10 },
    ...baselines.flatMap((b) => [
      { target: `hybrid+rerank Recall@5 > ${b.name} (${b.recallAt5.toFixed(3)})`, value: full.recallAt5, met: full.recallAt5 > b.recallAt5 },
      { target: `hybrid+rerank MRR@10 > ${b.name} (${b.mrrAt10.toFixed(3)})`, value: full.mrrAt10, met: full.mrrAt10 > b.mrrAt10 },
    ]),
    ...retrieval.map((r) => ({
      target: `${r.name} year precision = ${TARGETS.yearPrecision}`,
      value: r.yearPrecision,
      met: r.yearPrecision >= TARGETS.yearPrecision,
    })),
    {
      target: `abstention precision >= ${TARGETS.abstentionPrecision}`,
      value: answer.abstentionPrecision,
      met: answer.abstentionPrecision >= TARGETS.abstentionPrecision,
    },
    { target: `abstention recall >= ${TARGETS.abstentionRecall}`, value: answer.abstentionRecall, met: answer.abstentionRecall >= TARGETS.abstentionRecall },
  ];
}

/** The questions each table's figures lose, by id, for looking into. */
function printMisses(retrieval: RetrievalReport[], answer: AnswerReport): void {
  const missed = Object.entries(retrieval.find((r) => r.name === 'hybrid+rerank')!.firstGoldRank).filter(([, rank]) => rank === null || rank > 5);
  console.log(`\nNot in the top 5 with hybrid+rerank: ${missed.map(([id, rank]) => `${id}(${rank ?? '-'})`).join(' ') || 'none'}`);
  console.log(`Fact missing from the answer: ${answer.factMisses.join(' ') || 'none'}`);
  console.log(`Abstained on answerable: ${answer.wrongAbstentions.join(' ') || 'none'}; answered unanswerable: ${answer.missedAbstentions.join(' ') || 'none'}`);
}

/**
 * `--tune-answers`: the refusal settings swept over the dev, held-out, calibration and tuned-on unseen questions
 * (never the latest unseen set), with five-fold cross-validation; the chosen ones go into
 * src/answer/answer-settings.ts by hand.
 */
async function printAnswerTuning(dev: EvalQuestion[], paragraphs: Paragraph[], store: ParagraphStore, embedder: Embedder, thesaurus: DomainThesaurus): Promise<void> {
  const heldOut = loadDevSet(UNSEEN_SETS[0]!.file, paragraphs);
  const replies = REPLY_SETS.filter((set) => set.tuning).flatMap((set) => loadReplySet(set.file, paragraphs));
  const questions: AnswerTuningQuestion[] = [
    ...[...dev, ...heldOut].map((q) => ({ id: q.id, question: q.question, history: q.history, answerable: q.goldIds.length > 0, fact: q.fact })),
    ...replies.map((q) => ({ id: q.id, question: q.question, history: q.history, year: q.filterYear, answerable: q.expected === 'answered', fact: q.fact })),
  ];
  const cached = withQueryCache(embedder);
  const retriever = await HybridRetriever.open({ store, embedder: cached, documents: store.manifest.documents, thesaurus });
  const report = await tuneAnswerThresholds(questions, retriever, store, cached, answerSettingsFor(embedder.modelId));
  console.log(`${questions.length} questions (dev, held out, calibration, tuned-on unseen sets); balanced accuracy of answered against not answered, fact in answer:`);
  for (const row of report.grid) {
    console.log(`  abstainBelow ${row.abstainBelow}, maxUnknownShare ${row.maxUnknownShare}, commonWordUsage ${row.commonWordUsage}: ${row.balancedAccuracy.toFixed(3)}, ${row.factInAnswer.toFixed(3)}`);
  }
  console.log(`Best on all: ${JSON.stringify(report.best)}`);
  console.log(`Five folds (chosen on four, scored on the fifth): ${report.folds.map((f) => `${f.abstainBelow}/${f.maxUnknownShare}/${f.commonWordUsage} → ${f.balancedAccuracy.toFixed(3)}`).join('; ')}`);
  console.log(`Cross-validated: balanced accuracy ${report.crossValidated.balancedAccuracy.toFixed(3)}, fact in answer ${report.crossValidated.factInAnswer.toFixed(3)}`);
}

/** Which calibration questions got the wrong kind of reply, missed the top 5 or lost their fact (the unseen set's are not printed). */
function printReplyMisses(report: ReplySetReport): void {
  const wrong = report.questions.filter((q) => q.status !== q.expected).map((q) => `${q.id}(${q.expected}→${q.status})`);
  console.log(`\nWrong kind of reply: ${wrong.join(' ') || 'none'}`);
  console.log(`Not in the top 5: ${report.questions.filter((q) => q.top5 === false).map((q) => q.id).join(' ') || 'none'}`);
  console.log(`Fact missing: ${report.questions.filter((q) => q.fact === false).map((q) => q.id).join(' ') || 'none'}`);
}

/**
 * The server's configuration, except that an environment naming no model evaluates the bundled stand-in: figures
 * must say which model they are for, and not depend on whether the hub happened to be reachable.
 */
function evalConfig() {
  return loadConfig(process.env.EMBED_MODEL === undefined ? { ...process.env, EMBED_MODEL: BUNDLED_EMBED_MODEL } : process.env);
}

runMain(async () => {
  const config = evalConfig();
  const corpus = await loadCorpus(config.corpusDir);
  if (corpus.errors.length > 0) throw new Error(`The corpus does not parse: ${corpus.errors.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
  const paragraphs = corpus.documents.flatMap((d) => d.paragraphs);
  const questions = loadDevSet(DEV_SET, paragraphs);
  const reporter = createConsoleReporter();
  const { embedder } = await loadEmbedder(config.models, reporter);
  const indexDir = await cachedIndex({
    cacheDir: INDEX_CACHE,
    repoRoot: REPO_ROOT,
    documents: corpus.documents.map((d) => d.document),
    paragraphs,
    corpusHash: corpus.hash,
    embedder,
  });

  const backend = await openBackend({ indexDir });
  const store = await backend.open((await backend.currentVersion())!);
  try {
    if (process.argv.includes('--tune')) {
      // The dev questions, and the tuned-on reply sets' questions that stand alone with a gold paragraph: the dev
      // set alone is worded like the documents, and settings fitted to it served everyday wording worst.
      const answerable = questions.filter((q) => q.goldIds.length > 0);
      const sessions = SessionCalendar.forDocuments(store.manifest.documents);
      const replies = REPLY_SETS.filter((set) => set.tuning)
        .flatMap(({ file }) => loadReplySet(file, paragraphs))
        .filter((q) => q.goldIds.length > 0 && (q.history ?? []).length === 0 && q.filterYear === undefined);
      const tuned = await tuneRetrieval(
        [...answerable, ...replies],
        [...answerable.map((q) => searchText(q, sessions)), ...replies.map((q) => q.question)],
        store,
        withQueryCache(embedder),
        retrievalSettingsFor(embedder.modelId),
      );
      const { settings, ...summary } = tuned;
      console.log(JSON.stringify(summary, null, 2));
      console.log(`Tuned retrieval settings for ${embedder.modelId}:\n${JSON.stringify(settings, null, 2)}`);
      return;
    }
    const thesaurus = DomainThesaurus.configured(config.thesaurusFile);
    if (process.argv.includes('--tune-answers')) {
      await printAnswerTuning(questions, paragraphs, store, embedder, thesaurus);
      return;
    }
    const rerankModel = config.models.rerankModel;
    const reranker = rerankModel
      ? (await createCrossEncoderReranker({ ...modelRequest(config.models, rerankModel, 'cross-encoder'), onDownloadProgress: reporter.download })).reranker
      : undefined;
    const configurations = reranker === undefined ? CONFIGURATIONS : [...CONFIGURATIONS, CROSS_ENCODER_CONFIGURATION];
    const tuning = process.argv.includes('--tuning');
    /** Every figure this evaluation prints, over one store: what the parity check compares between backends. */
    const evaluateStore = async (store: ParagraphStore) => {
      const retrieval: RetrievalReport[] = [];
      for (const configuration of configurations) retrieval.push(await evaluateRetrieval(configuration, questions, store, embedder, reranker, thesaurus));
      // Answers come from the default pipeline, feature reranker and all: the targets are the product's.
      const answer = await evaluateAnswers(questions, store, embedder, thesaurus);
      const unseen = [];
      for (const { key, file, title } of UNSEEN_SETS) {
        const setQuestions = loadDevSet(file, paragraphs);
        const setRetrieval: RetrievalReport[] = [];
        for (const configuration of configurations) setRetrieval.push(await evaluateRetrieval(configuration, setQuestions, store, embedder, reranker, thesaurus));
        const setAnswer = await evaluateAnswers(setQuestions, store, embedder, thesaurus);
        unseen.push({ key, title, set: path.relative(REPO_ROOT, file), questions: setQuestions.length, retrieval: setRetrieval, answer: setAnswer });
      }
      const replies = [];
      for (const { key, file, title } of REPLY_SETS.filter((set) => set.tuning || !tuning)) {
        const cached = withQueryCache(embedder);
        const retriever = await HybridRetriever.open({ store, embedder: cached, documents: store.manifest.documents, thesaurus });
        const answerer = new CitedAnswerer({ retriever, store, embedder: cached, sessions: retriever.sessions, kinds: retriever.kinds });
        const report = await evaluateReplySet(loadReplySet(file, paragraphs), retriever, answerer);
        replies.push({ key, title, set: path.relative(REPO_ROOT, file), ...report });
      }
      return { retrieval, answer, unseen, replies };
    };
    const figures = await evaluateStore(store);
    const { retrieval, answer, unseen, replies } = figures;
    // The targets on untuned questions apply to the set nobody has tuned on yet, when there is one.
    const untuned = REPLY_SETS.find((set) => !set.tuning);
    const finalSet = untuned === undefined ? undefined : replies.find((reply) => reply.key === untuned.key);
    const targets = [...checkTargets(retrieval, answer), ...(finalSet === undefined ? [] : checkReplyTargets(finalSet).map((t) => ({ ...t, target: `${finalSet.key}: ${t.target}` })))];
    // With DATABASE_URL, the same figures over the same build in PostgreSQL, side by side with the embedded store's.
    const parity = config.store.database === undefined ? null : await checkParity(figures, await publishedToDatabase(config.store.database, indexDir, store, embedder), evaluateStore);

    console.log(`\n${questions.length} dev questions (${retrieval[0]!.questions} answerable) with ${embedder.modelId}${rerankModel ? `, the cross-encoder ${rerankModel} beside the feature reranker` : ''}; nDCG uses binary relevance.\n`);
    console.log(formatRetrievalTable(retrieval));
    console.log(`\n${formatKindTable(retrieval, KINDS)}\n`);
    console.log(formatAnswerTable(answer));
    printMisses(retrieval, answer);
    console.log(`\n${formatTargets(targets)}`);
    for (const { title, questions: count, retrieval: setRetrieval, answer: setAnswer } of unseen) {
      console.log(`\n${title}: ${count} questions (${setRetrieval[0]!.questions} answerable), no targets.\n`);
      console.log(formatRetrievalTable(setRetrieval));
      console.log(`\n${formatAnswerTable(setAnswer)}`);
      printMisses(setRetrieval, setAnswer);
    }
    for (const reply of replies) {
      console.log(`\n${reply.title}: ${reply.overall.questions} questions.\n`);
      console.log(formatReplyTable(reply));
      if (reply.key === 'calibration') printReplyMisses(reply);
    }

    const report = {
      model: embedder.modelId,
      crossEncoder: rerankModel ?? null,
      corpusHash: corpus.hash,
      devSet: path.relative(REPO_ROOT, DEV_SET),
      questions: questions.length,
      relevance: 'binary',
      retrieval,
      answer,
      targets,
      passed: targets.every((t) => t.met),
      ...(parity === null ? {} : { parity }),
      ...Object.fromEntries(unseen.map(({ key, ...set }) => [key, set])),
      ...Object.fromEntries(replies.map(({ key, ...set }) => [key, set])),
    };
    fs.mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
    fs.writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
    if (parity !== null) console.log(`\n${formatParity(parity)}`);
    console.log(`\nWrote ${path.relative(REPO_ROOT, REPORT_FILE)}`);
    if (!report.passed || (parity !== null && !parity.met)) process.exitCode = 1;
  } finally {
    await store.close();
  }
});
