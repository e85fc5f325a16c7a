import { LRUCache } from 'lru-cache';
import type { AnswerSettings } from './answer-settings.js';
import { contentStems } from '../parse/terms.js';
import { classifyQuestion, countedThing, hasAnswerCue, isYesNoQuestion, statesCount, type QuestionType } from '../retrieve/question-type.js';
import type { Hit, QueryTerm } from '../retrieve/types.js';
import type { StoredSentence } from '../store/types.js';
import type { Answer, AnswerLayout, AnswerSentence, Citation } from './types.js';

/**
 * Builds an answer only from sentences of the retrieved paragraphs, quoted verbatim, each with its
 * citation. Nothing is generated: the choice, order and layout of sentences is the whole answer.
 */

export interface Evidence {
  hit: Hit;
  sentences: readonly StoredSentence[];
}

export interface ComposeInput {
  question: string;
  resolvedQuestion: string;
  year: number | null;
  /** The question's topic words (without the words that only named a year), with their expansions. */
  queryTerms: QueryTerm[];
  queryVector: Float32Array;
  evidence: Evidence[];
  /** Inverse document frequency of a stem in the corpus, to weigh rare words above common ones. */
  idf: (stem: string) => number;
  settings: AnswerSettings;
}

interface ScoredSentence {
  text: string;
  evidence: Evidence;
  position: number;
  vector: Float32Array;
  stems: ReadonlySet<string>;
  /** Holds the kind of fact a factoid asks for. */
  hasCue: boolean;
  /** Relevance of the sentence's words and meaning, without rank or cue: what abstention looks at. */
  evidenceScore: number;
  score: number;
}

const MAX_FACT_SENTENCES = 3;
/** How far below the best sentence one holding the asked-for fact may score and still lead a factoid answer. */
const FACT_HOLDER_MIN_SHARE = 0.5;
const MIN_SUMMARY_SENTENCES = 3;
const MAX_SUMMARY_SENTENCES = 6;
const MAX_PER_YEAR = 2;
/** Maximal marginal relevance trade-off: mostly relevance, some novelty. */
const MMR_LAMBDA = 0.7;
/** Sentences this similar say the same thing; the second adds nothing. */
const NEAR_DUPLICATE = 0.6;

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

function similarity(a: ScoredSentence, b: ScoredSentence): number {
  return Math.max(jaccard(a.stems, b.stems), dot(a.vector, b.vector));
}

/** Porter leaves some families apart ("registered" → regist, "registrations" → registr): a shared stem prefix counts. */
const MIN_PREFIX_MATCH = 5;

function containsStem(stems: ReadonlySet<string>, stem: string): boolean {
  if (stems.has(stem)) return true;
  if (stem.length < MIN_PREFIX_MATCH) return false;
  for (const other of stems) {
    if (other.length >= MIN_PREFIX_MATCH && (other.startsWith(stem) || stem.startsWith(other))) return true;
  }
  return false;
}

/** A word of the question as the answer stage matches it: its stem and the stems of its alternatives. */
interface MatchableTerm {
  stem: string;
  idf: number;
  alternatives: Array<{ stems: string[]; weight: number }>;
}

function matchableTerms(input: ComposeInput): MatchableTerm[] {
  return input.queryTerms.flatMap((term) => {
    const [stem] = contentStems(term.text);
    if (stem === undefined) return [];
    const alternatives = term.alternatives
      .map((a) => ({ stems: contentStems(a.text), weight: TRUSTED_RELATIONS.has(a.relation) ? a.weight : a.weight * input.settings.synonymCredit }))
      .filter((a) => a.stems.length > 0);
    return [{ stem, idf: input.idf(stem), alternatives }];
  });
}

/**
 * Expansions that say what the question's word means in this domain: the corpus's own acronym definitions and
 * the domain thesaurus. WordNet's are only possible senses of the word ("capital" → "assets").
 */
const TRUSTED_RELATIONS: ReadonlySet<QueryTerm['alternatives'][number]['relation']> = new Set(['acronym', 'thesaurus']);

/**
 * The question's words that no paragraph contains and that no expansion in the same meaning puts in the
 * corpus's words, and the share of the question's weight (idf) they carry: "bitcoin" is known through
 * "cryptocurrency" and "teenagers" through "adolescents"; "kratom" (only its class, new psychoactive substances,
 * is there), "capital" (only "great", a rarer sense) and "Mona Lisa" are not.
 */
function unknownWords(input: ComposeInput): { words: string[]; share: number } {
  const weighted = input.queryTerms.flatMap((term) => {
    const [stem] = contentStems(term.text);
    const known = term.inCorpus || term.alternatives.some((a) => a.sameMeaning);
    return stem === undefined ? [] : [{ text: term.text, idf: input.idf(stem), unknown: !known }];
  });
  const total = weighted.reduce((sum, t) => sum + t.idf, 0);
  const unknown = weighted.filter((t) => t.unknown);
  return { words: unknown.map((t) => t.text), share: total === 0 ? 0 : unknown.reduce((sum, t) => sum + t.idf, 0) / total };
}

/** Words an abstention names, so the reader knows what to reword. */
const MAX_NAMED_WORDS = 5;

/**
 * "The documents never use “kratom”…": which of the reader's words the record lacks, in the question's order and
 * as the reader wrote them ("Mona Lisa", not "mona lisa").
 */
function unknownWordsMessage(words: string[], question: string): string {
  // Content words are letters and digits only: nothing in them needs escaping.
  const asWritten = (word: string) => new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'iu').exec(question)?.[0] ?? word;
  const quoted = words.slice(0, MAX_NAMED_WORDS).map((w) => `“${asWritten(w)}”`);
  const list = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)!}`;
  return `The documents do not mention what this question is about: they never use ${list}, nor a word known to mean the same.`;
}

/**
 * The stems of each sentence answers have weighed: the same paragraphs answer question after question, and
 * stemming their every word again was a third of an answer's own time. Read-only once made.
 */
const sentenceStems = new LRUCache<string, ReadonlySet<string>>({ max: 20_000, memoMethod: (text) => new Set(contentStems(text)) });

/** 1 when the sentence has the word itself, an alternative's weight when it has that alternative, else 0. */
function credit(term: MatchableTerm, stems: ReadonlySet<string>): number {
  if (containsStem(stems, term.stem)) return 1;
  let best = 0;
  for (const { stems: alternative, weight } of term.alternatives) {
    if (weight > best && alternative.every((s) => containsStem(stems, s))) best = weight;
  }
  return best;
}

function scoreSentences(input: ComposeInput, type: QuestionType): ScoredSentence[] {
  const { settings } = input;
  const terms = matchableTerms(input);
  const totalIdf = terms.reduce((sum, t) => sum + t.idf, 0);
  const wants = type.kind === 'factoid' ? type.wants : null;
  // A question whose only topic is the meeting it names ("when did the first round take place?") is answered by
  // any sentence of the paragraphs retrieved for it, that meeting's opening ones; without a year it names nothing.
  const aboutTheMeeting = input.year === null ? 0 : 1;
  const countedStems = contentStems(countedThing(input.resolvedQuestion) ?? input.queryTerms.map((t) => t.text).join(' '));
  return input.evidence.flatMap((evidence, rank) =>
    evidence.sentences.map((sentence) => {
      const stems = sentenceStems.memo(sentence.text);
      const lexical = totalIdf === 0 ? aboutTheMeeting : terms.reduce((sum, t) => sum + t.idf * credit(t, stems), 0) / totalIdf;
      const evidenceScore = settings.lexicalWeight * lexical + settings.denseWeight * dot(input.queryVector, sentence.vector);
      const hasCue =
        wants === 'number'
          ? statesCount(sentence.text, input.resolvedQuestion, (word) => countedStems.some((stem) => containsStem(new Set(contentStems(word)), stem)))
          : wants !== null && hasAnswerCue(sentence.text, wants);
      return {
        text: sentence.text,
        evidence,
        position: sentence.position,
        vector: sentence.vector,
        stems,
        hasCue,
        evidenceScore,
        score: evidenceScore + settings.rankWeight / (rank + 1) + (hasCue ? settings.cueWeight : 0),
      };
    }),
  );
}

/** Greedy maximal marginal relevance: each pick is relevant and unlike the ones already picked. */
function selectDiverse(candidates: ScoredSentence[], max: number, min: number, floor: number): ScoredSentence[] {
  const chosen: ScoredSentence[] = [];
  const pool = candidates.filter((c) => c.text.length > 1);
  while (chosen.length < max && pool.length > 0) {
    let bestIndex = -1;
    let bestValue = -Infinity;
    pool.forEach((c, i) => {
      const redundancy = chosen.length === 0 ? 0 : Math.max(...chosen.map((s) => similarity(c, s)));
      const value = MMR_LAMBDA * c.score - (1 - MMR_LAMBDA) * redundancy;
      if (redundancy < NEAR_DUPLICATE && value > bestValue) {
        bestValue = value;
        bestIndex = i;
      }
    });
    if (bestIndex < 0) break;
    const [pick] = pool.splice(bestIndex, 1);
    if (chosen.length >= min && pick!.score < floor) break;
    chosen.push(pick!);
  }
  return chosen;
}

const byScore = (a: ScoredSentence, b: ScoredSentence) => b.score - a.score;
const byDocumentOrder = (a: ScoredSentence, b: ScoredSentence) =>
  a.evidence.hit.paragraph.document.localeCompare(b.evidence.hit.paragraph.document) ||
  a.evidence.hit.paragraph.order - b.evidence.hit.paragraph.order ||
  a.position - b.position;

function yearOf(s: ScoredSentence): number | null {
  return s.evidence.hit.paragraph.year;
}

/**
 * A factoid's answer leads with a sentence that holds the kind of fact asked for (a name for "who", a number
 * for "how many"), as long as it is reasonably on topic; the best-matching sentences follow as context.
 */
function factFirst(scored: ScoredSentence[], best: ScoredSentence): ScoredSentence[] {
  const ranked = [...scored].sort(byScore);
  const holder = ranked.find((s) => s.hasCue && s.score >= best.score * FACT_HOLDER_MIN_SHARE) ?? best;
  const rest = ranked.filter((s) => s !== holder && s.score >= best.score * 0.85);
  return [holder, ...selectDiverse(rest, MAX_FACT_SENTENCES - 1, 0, 0).filter((s) => similarity(s, holder) < NEAR_DUPLICATE)];
}

/** One or two sentences for each year where the topic comes up strongly enough, years in order. */
function timeline(sentences: ScoredSentence[], floor: number): ScoredSentence[] {
  const years = [...new Set(sentences.map(yearOf))].sort((a, b) => (a ?? 0) - (b ?? 0));
  return years.flatMap((year) => {
    const inYear = sentences.filter((s) => yearOf(s) === year).sort(byScore);
    if (!inYear[0] || inYear[0].score < floor) return [];
    return selectDiverse(inYear, MAX_PER_YEAR, 1, inYear[0].score * 0.9).sort(byDocumentOrder);
  });
}

function toCitation(evidence: Evidence, n: number, quoted: string[]): Citation {
  const p = evidence.hit.paragraph;
  return {
    n,
    id: p.id,
    document: evidence.hit.document,
    part: p.part,
    year: p.year,
    chapter: p.chapter,
    paragraph: p.paragraph,
    section: p.section,
    topic: p.topic,
    text: p.text,
    footnotes: p.footnotes,
    score: evidence.hit.score,
    citation: evidence.hit.citation,
    reference: evidence.hit.reference,
    quoted,
  };
}

/** Numbers the cited paragraphs in the order the answer first quotes them. */
function cite(chosen: ScoredSentence[]): { sentences: AnswerSentence[]; citations: Citation[] } {
  const numbers = new Map<Evidence, number>();
  const quotes = new Map<Evidence, string[]>();
  const sentences = chosen.map((s) => {
    if (!numbers.has(s.evidence)) numbers.set(s.evidence, numbers.size + 1);
    quotes.set(s.evidence, [...(quotes.get(s.evidence) ?? []), s.text]);
    return { text: s.text, citations: [numbers.get(s.evidence)!], year: yearOf(s) };
  });
  const citations = [...numbers].map(([evidence, n]) => toCitation(evidence, n, quotes.get(evidence)!));
  return { sentences, citations };
}

export function joinAnswerText(sentences: AnswerSentence[]): string {
  return sentences.map((s) => `${s.text} ${s.citations.map((n) => `[${n}]`).join('')}`).join(' ');
}

/** The abstention every caller gives: a plain sentence, no citations, the closest paragraphs as related. */
export function abstention(
  base: Pick<Answer, 'question' | 'resolvedQuestion' | 'year'>,
  reason: string,
  message: string,
  related: Evidence[],
  confidence: number,
): Answer {
  return {
    ...base,
    abstained: true,
    reason,
    confidence,
    layout: 'fact',
    answer: { text: message, sentences: [] },
    citations: [],
    related: related.slice(0, 3).map((e, i) => toCitation(e, i + 1, [])),
  };
}

export function composeAnswer(input: ComposeInput): Answer {
  const type: QuestionType = isYesNoQuestion(input.resolvedQuestion) ? { kind: 'topic' } : classifyQuestion(input.resolvedQuestion);
  const scored = scoreSentences(input, type);
  const confidence = Math.max(0, ...scored.map((s) => s.evidenceScore));
  const base = { question: input.question, resolvedQuestion: input.resolvedQuestion, year: input.year };

  const unknown = unknownWords(input);
  if (unknown.share > input.settings.maxUnknownShare) {
    return abstention(base, 'weak-evidence', unknownWordsMessage(unknown.words, input.resolvedQuestion), input.evidence, confidence);
  }
  if (scored.length === 0 || confidence < input.settings.abstainBelow) {
    return abstention(base, 'weak-evidence', 'The documents do not appear to cover this question.', input.evidence, confidence);
  }

  const best = [...scored].sort(byScore)[0]!;
  // A factoid is answered by a sentence that states the fact; on-topic sentences that do not are no answer.
  if (type.kind === 'factoid' && !scored.some((s) => s.hasCue && s.score >= best.score * FACT_HOLDER_MIN_SHARE)) {
    return abstention(base, 'weak-evidence', 'The documents discuss related matters but do not state this.', input.evidence, confidence);
  }
  let layout: AnswerLayout;
  let chosen: ScoredSentence[];
  if (type.kind === 'factoid') {
    layout = 'fact';
    chosen = factFirst(scored, best);
  } else {
    const perYear = input.year === null ? timeline(scored, Math.max(best.score * 0.5, input.settings.abstainBelow)) : [];
    const years = new Set(perYear.map(yearOf));
    if (years.size >= 2) {
      layout = 'timeline';
      chosen = perYear;
    } else {
      layout = 'summary';
      const focusYear = yearOf(best);
      const sameYear = scored.filter((s) => yearOf(s) === focusYear);
      chosen = selectDiverse(sameYear, MAX_SUMMARY_SENTENCES, MIN_SUMMARY_SENTENCES, best.score * 0.75).sort(byDocumentOrder);
    }
  }

  const { sentences, citations } = cite(chosen);
  return {
    ...base,
    abstained: false,
    layout,
    answer: { text: joinAnswerText(sentences), sentences },
    citations,
    confidence,
  };
}
