import { LRUCache } from 'lru-cache';
import { ANSWER_CUES, classifyQuestion, hasAnswerCue, type AnswerCue } from './question-type.js';
import { paragraphStems } from './paragraph-stems.js';
import { contentStems, wordStem, wordStems } from '../parse/terms.js';
import type { Paragraph } from '../parse/types.js';
import type { ParagraphPlace, ParagraphStore, ScoredId, StoredSentence } from '../store/types.js';
import type { AnalysedQuery } from './query-analysis.js';
import type { ExpandedQuery } from './query-expansion.js';
import { dot } from '../embed/dot-product.js';
import { escapeRegExp } from './escape-reg-exp.js';

/** A paragraph the first stage found, with what each method said of it. */
export interface RerankCandidate {
  paragraph: Paragraph;
  /** Reciprocal-rank-fusion score: where the two first-stage rankings put it. */
  fused: number;
  /** Cosine similarity to the query, or null when the dense search did not return it. */
  dense: number | null;
  /** Weighted BM25, or null when the lexical search did not match it. */
  lexical: number | null;
}

export interface RerankQuery {
  analysed: AnalysedQuery;
  expanded: ExpandedQuery;
  /** The embedded query (of `expanded.denseText`). */
  vector: Float32Array;
  /** Weighted BM25 of every paragraph the lexical search returned, to look up a candidate's neighbours. */
  lexicalScores: ReadonlyMap<string, number>;
}

/** Reorders first-stage candidates; returns them all, best first, with scores that sort them. */
export interface Reranker {
  rerank(query: RerankQuery, candidates: RerankCandidate[]): Promise<ScoredId[]>;
}

/**
 * Evidence a paragraph answers the question, each scaled to about 0..1 within the candidates of one query so
 * that one weight fits every query:
 * - fused, lexical, dense: the first stage's scores, min-max scaled (fused keeps rank information the raw
 *   scores lack; lexical includes the weighted expansions);
 * - sentence: the best cosine between the query and one of the paragraph's sentences (vectors stored at build
 *   time), for a question about one sentence of a long paragraph;
 * - coverage: the idf-weighted share of the question's words the paragraph contains, heading included;
 * - concepts: the same share when a word also counts as present through one of its expansions (a synonym,
 *   derived form, hypernym or the other form of an acronym), for questions worded unlike the corpus;
 * - phrase: the share of adjacent question words that stand adjacent in the paragraph ("waste water");
 * - numbers, names: the share of the question's numbers and capitalised names or acronyms it contains;
 * - answerCue: the question asks for a number, date or person and the paragraph holds one;
 * - definition: the paragraph defines an acronym the question names ("amphetamine-type stimulants (ATS)");
 * - topic: the share of the question's words in the thematic heading the paragraph falls under;
 * - context: for a paragraph that leans on the one before ("In this regard, ..."), that paragraph's BM25,
 *   so it is found for the topic its predecessor names;
 * - date: the paragraph, or the meeting it reports, falls on a date the question names.
 */
export const RERANK_FEATURES = [
  'fused', 'lexical', 'dense', 'sentence', 'coverage', 'concepts', 'phrase', 'numbers', 'names', 'answerCue', 'definition', 'topic', 'context', 'date',
] as const;
export type RerankFeature = (typeof RERANK_FEATURES)[number];
export type RerankWeights = Record<RerankFeature, number>;

/** Openings by which a paragraph refers back to the one before it for its subject. */
const LEANS_ON_PREVIOUS =
  /^\s*(?:in (?:this|that|the same) (?:regard|respect|context|connection|vein)\b|(?:to (?:this|that) end|against this background|in (?:addition|particular)|furthermore|moreover|additionally|similarly|likewise|however|nevertheless|at the same time|also|further),)/i;

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Scales to 0..1 over the candidates; a value that is the same for all carries no information and becomes 0. */
function minMax(values: number[]): number[] {
  const min = Math.min(...values);
  const span = Math.max(...values) - min;
  return values.map((v) => (span > 0 ? (v - min) / span : 0));
}

const share = (found: number, total: number) => (total === 0 ? 0 : found / total);

/** What the features need of the question, computed once per query. */
interface QuestionEvidence {
  stems: string[];
  idf: number[];
  /** For each of `stems`, the stem sequences of its expansions (each must all be present to count). */
  alternatives: string[][][];
  pairs: string[];
  numbers: string[];
  names: string[];
  wants: AnswerCue | null;
  definitions: RegExp[];
}

/** Paragraph analyses kept between queries: a few MB for tens of thousands of paragraphs. */
const MEMO_ENTRIES = 20_000;

/**
 * A corpus of at most this many paragraphs is analysed whole when the reranker opens, every kind of fact
 * included (about a quarter of a millisecond a paragraph, so at most two thirds of a second), and no question
 * waits for the analysis of a paragraph it is the first to find; a larger one is analysed as its paragraphs
 * come up.
 */
const ANALYSED_AT_OPEN = 2_500;

const EVERY_FEATURE: ReadonlySet<RerankFeature> = new Set(RERANK_FEATURES);

interface ParagraphAnalysis {
  stems: ReadonlySet<string>;
  topicStems: Set<string>;
  pairs: Set<string>;
  words: Set<string>;
  leansOnPrevious: boolean;
  /** Whether the text holds each kind of fact, filled in as questions ask (at open for a small corpus): the patterns are costly on long paragraphs. */
  cues: Map<AnswerCue, boolean>;
}

function analyseParagraph(p: Paragraph): ParagraphAnalysis {
  const sequence = wordStems(p.text);
  return {
    stems: paragraphStems(p),
    topicStems: new Set(contentStems(p.topic ?? '')),
    pairs: new Set(sequence.slice(1).map((s, j) => `${sequence[j]} ${s}`)),
    words: new Set(sequence),
    leansOnPrevious: LEANS_ON_PREVIOUS.test(p.text),
    cues: new Map(),
  };
}

function holdsCue(p: Paragraph, analysis: ParagraphAnalysis, wants: AnswerCue): boolean {
  let holds = analysis.cues.get(wants);
  if (holds === undefined) {
    holds = hasAnswerCue(p.text, wants);
    analysis.cues.set(wants, holds);
  }
  return holds;
}

/**
 * A linear reranker over features that need no model beyond the embedder already loaded: a weighted sum,
 * the weights tuned on the dev set per embedding model (`npm run eval -- --tune`).
 */
export class FeatureReranker implements Reranker {
  // Bounded so memory stays flat; the index is read-only while served, so entries never go stale.
  private readonly analyses = new LRUCache<string, ParagraphAnalysis, Paragraph>({
    max: MEMO_ENTRIES,
    memoMethod: (_id, _stale, { context: p }) => analyseParagraph(p),
  });

  /** The analyses made when the reranker opened (see `open`), looked up without an LRU's bookkeeping. */
  private readonly analysedAtOpen = new Map<string, ParagraphAnalysis>();

  /** The features the score weighs: one of weight 0 adds nothing to any score, so it is not computed. */
  private readonly weighed: ReadonlySet<RerankFeature>;

  constructor(
    private readonly store: ParagraphStore,
    private readonly weights: RerankWeights,
  ) {
    this.weighed = new Set(RERANK_FEATURES.filter((name) => weights[name] !== 0));
  }

  /**
   * A reranker that has analysed every paragraph of a small corpus before its first question.
   * @example
   * const reranker = await FeatureReranker.open(store, settings.rerank, await store.outline());
   */
  static async open(store: ParagraphStore, weights: RerankWeights, outline: readonly ParagraphPlace[]): Promise<FeatureReranker> {
    const reranker = new FeatureReranker(store, weights);
    if (outline.length <= ANALYSED_AT_OPEN) {
      for (const paragraph of (await store.getMany(outline.map(({ id }) => id))).values()) {
        const analysis = analyseParagraph(paragraph);
        for (const cue of ANSWER_CUES) holdsCue(paragraph, analysis, cue);
        reranker.analysedAtOpen.set(paragraph.id, analysis);
      }
    }
    return reranker;
  }

  async rerank(query: RerankQuery, candidates: RerankCandidate[]): Promise<ScoredId[]> {
    const columns = await this.featureColumns(query, candidates, this.weighed);
    const weighed = RERANK_FEATURES.filter((name) => this.weighed.has(name));
    return candidates
      .map((c, i) => {
        // In RERANK_FEATURES order, as the weighted sum always was; the features left out would each add 0.
        let score = 0;
        for (const name of weighed) score += this.weights[name] * columns[name][i]!;
        return { id: c.paragraph.id, score };
      })
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  /**
   * The feature values of each candidate, in candidate order; public for tuning the weights. Features not
   * `wanted` are 0, and what only they need is neither read nor computed.
   */
  async features(query: RerankQuery, candidates: RerankCandidate[], wanted: ReadonlySet<RerankFeature> = EVERY_FEATURE): Promise<Record<RerankFeature, number>[]> {
    const columns = await this.featureColumns(query, candidates, wanted);
    return candidates.map((_, i) => Object.fromEntries(RERANK_FEATURES.map((name) => [name, columns[name][i]!])) as Record<RerankFeature, number>);
  }

  /** Each feature's values over the candidates, in candidate order; 0 for a feature not `wanted`. */
  private async featureColumns(query: RerankQuery, candidates: RerankCandidate[], wanted: ReadonlySet<RerankFeature>): Promise<Record<RerankFeature, ArrayLike<number>>> {
    const question = this.questionEvidence(query);
    const bestLexical = Math.max(0, ...query.lexicalScores.values());
    const analyses = candidates.map((c) => this.analysis(c.paragraph));
    // What the features read from the store, read at once: every candidate's sentences, and the paragraph before
    // each one that leans on it ("In this regard, …").
    const ids = candidates.map((c) => c.paragraph.id);
    const leaning = bestLexical === 0 || !wanted.has('context') ? [] : ids.filter((_, i) => analyses[i]!.leansOnPrevious);
    const [sentencesById, previousById] = await Promise.all([
      wanted.has('sentence') ? this.store.sentences(ids) : new Map<string, readonly StoredSentence[]>(),
      Promise.all(leaning.map(async (id) => [id, (await this.store.neighbours(id)).previous] as const)).then((pairs) => new Map(pairs)),
    ]);
    const lowestDense = Math.min(...candidates.map((c) => c.dense ?? Infinity));
    const totalIdf = question.idf.reduce((a, b) => a + b, 0);
    const column = (feature: RerankFeature, value: (c: RerankCandidate, analysis: ParagraphAnalysis) => number): ArrayLike<number> =>
      wanted.has(feature) ? candidates.map((c, i) => value(c, analyses[i]!)) : new Float64Array(candidates.length);
    const weightedShare = (has: ReadonlySet<string>) => {
      let found = 0;
      for (let j = 0; j < question.stems.length; j++) found += has.has(question.stems[j]!) ? question.idf[j]! : 0;
      return share(found, totalIdf);
    };
    return {
      fused: minMax(candidates.map((c) => c.fused)),
      lexical: minMax(candidates.map((c) => c.lexical ?? 0)),
      // A candidate the dense search did not return is at most as similar as the least similar one it did.
      dense: minMax(candidates.map((c) => c.dense ?? (Number.isFinite(lowestDense) ? lowestDense : 0))),
      sentence: minMax(candidates.map((c) => bestSentence(query.vector, sentencesById.get(c.paragraph.id) ?? []))),
      coverage: column('coverage', (_, { stems }) => weightedShare(stems)),
      concepts: column('concepts', (_, { stems }) => {
        let found = 0;
        for (let j = 0; j < question.stems.length; j++) {
          if (stems.has(question.stems[j]!) || question.alternatives[j]!.some((alt) => alt.every((a) => stems.has(a)))) found += question.idf[j]!;
        }
        return share(found, totalIdf);
      }),
      phrase: column('phrase', (_, { pairs }) => share(question.pairs.filter((pair) => pairs.has(pair)).length, question.pairs.length)),
      numbers: column('numbers', (_, { words }) => share(question.numbers.filter((n) => words.has(n)).length, question.numbers.length)),
      names: column('names', (_, { words }) => share(question.names.filter((n) => words.has(n)).length, question.names.length)),
      answerCue: column('answerCue', ({ paragraph }, analysis) => (question.wants !== null && holdsCue(paragraph, analysis, question.wants) ? 1 : 0)),
      definition: column('definition', ({ paragraph }) => (question.definitions.some((d) => d.test(paragraph.text)) ? 1 : 0)),
      topic: column('topic', (_, { topicStems }) => weightedShare(topicStems)),
      context: column('context', ({ paragraph }) => contextScore(previousById.get(paragraph.id) ?? null, query.lexicalScores, bestLexical)),
      date: column('date', ({ paragraph }) => dateMatch(query.analysed, paragraph)),
    };
  }

  private questionEvidence(query: RerankQuery): QuestionEvidence {
    const { analysed, expanded } = query;
    const stems = contentStems(analysed.topicText);
    const sequence = analysed.terms.map(wordStem);
    const type = classifyQuestion(analysed.original);
    // Stemmed once here: each of the question's stems is looked up in every expansion.
    const expansions = [
      ...expanded.synonyms.map((syn) => ({ source: syn.source, text: syn.text })),
      ...expanded.acronyms.flatMap((a) => a.alternatives.map((text) => ({ source: a.acronym, text }))),
    ].map((e) => ({ source: contentStems(e.source), text: contentStems(e.text) }));
    return {
      stems,
      idf: stems.map((s) => this.store.idf(s)),
      alternatives: stems.map((stem) => expansions.filter((e) => e.source.includes(stem)).map((e) => e.text)),
      pairs: sequence.slice(1).map((s, j) => `${sequence[j]} ${s}`),
      numbers: analysed.terms.filter((t) => /^\d/.test(t)),
      // Capitalised words after the first, and acronyms anywhere: the names a question is precise about.
      names: [...new Set((analysed.topicText.match(/(?<=\S\s+)\p{Lu}[\p{L}\p{N}-]*|\b\p{Lu}{2,}[\p{L}\p{N}]*/gu) ?? []).flatMap((n) => wordStems(n)))],
      wants: type.kind === 'factoid' ? type.wants : null,
      definitions: expanded.acronyms
        .filter((a) => a.alternatives.some((form) => form !== a.acronym))
        .map((a) => new RegExp(`\\(${escapeRegExp(a.acronym)}s?\\)|\\b${escapeRegExp(a.acronym)}s?\\s+\\(`)),
    };
  }

  /** The words of a paragraph as the features compare them; the same few paragraphs come back query after query. */
  private analysis(p: Paragraph): ParagraphAnalysis {
    return this.analysedAtOpen.get(p.id) ?? this.analyses.memo(p.id, { context: p });
  }
}

function bestSentence(vector: Float32Array, sentences: readonly StoredSentence[]): number {
  return sentences.length === 0 ? 0 : Math.max(...sentences.map((s) => dot(vector, s.vector)));
}

/** How well the lexical search matched the paragraph before one that leans on it, against the best match. */
function contextScore(previous: string | null, lexicalScores: ReadonlyMap<string, number>, bestLexical: number): number {
  return previous === null || bestLexical === 0 ? 0 : (lexicalScores.get(previous) ?? 0) / bestLexical;
}

/** 1 when the paragraph's text names a date the question names, 0.5 when only its meeting's dates do. */
function dateMatch(query: AnalysedQuery, paragraph: Paragraph): number {
  let best = 0;
  for (const { month, day } of query.dates) {
    const monthName = MONTH_NAMES[month - 1]!;
    const pattern = new RegExp(day === null ? `\\b${monthName}\\b` : `\\b${day}\\b[^.;]{0,12}\\b${monthName}\\b|\\b${monthName}\\s+${day}\\b`, 'i');
    if (pattern.test(paragraph.text)) best = 1;
    else if (paragraph.meetingDates !== null && pattern.test(paragraph.meetingDates)) best = Math.max(best, 0.5);
  }
  return best;
}
