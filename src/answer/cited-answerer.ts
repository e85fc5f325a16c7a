import { memoizeAsync } from '../memoize.js';
import { answerSettingsFor, type AnswerSettings } from './answer-settings.js';
import type { Embedder } from '../embed/types.js';
import type { Hit, QueryTerm, Retriever, SearchResult } from '../retrieve/types.js';
import { analyseQuery, speaksOfTheMeeting } from '../retrieve/query-analysis.js';
import { asksEachYear, asksForOverview, speakerAsked } from '../retrieve/question-type.js';
import { readParagraphReference, withoutSymbol, type ParagraphReference } from '../retrieve/paragraph-reference.js';
import { citedHit } from '../retrieve/cited-hit.js';
import type { SessionCalendar } from '../retrieve/session-calendar.js';
import type { ParagraphPlace, ParagraphStore } from '../store/types.js';
import { contentStems, contentTerms, isSplitStem } from '../parse/terms.js';
import type { Paragraph } from '../parse/types.js';
import { paragraphStems } from '../retrieve/paragraph-stems.js';
import { withCorrections } from '../retrieve/spelling.js';
import type { YearSpan } from '../retrieve/question-reading.js';
import { abstention, composeAnswer, quotedParagraphs, saysTheSame, termsNamedIn, type AnswerBase, type Evidence } from './compose.js';
import { resolveFollowUp, type KindReader } from './follow-up.js';
import { saidBy, speakerNames } from './attribution.js';
import { readSmallTalk, smallTalkReply, yearRange } from './small-talk.js';
import type { Answer, Answerer, AskRequest } from './types.js';

export interface CitedAnswererOptions {
  retriever: Retriever;
  store: ParagraphStore;
  /** The embedder the retriever uses; wrap it in a query cache so the question is embedded once. */
  embedder: Embedder;
  /** How questions name years by session or round, as the retriever reads them. */
  sessions: SessionCalendar;
  /** Which kind of thing a word names, as the retriever reads words (its `kinds`): "What about cocaine?" then asks the same of cocaine. */
  kinds?: KindReader;
  settings?: AnswerSettings;
}

/** Answers remembered for repeated questions. */
const RECENT_ANSWERS = 256;

/** How many paragraphs per word a topic's presence in each year is judged on: enough for every mention in a large corpus. */
const TOPIC_PRESENCE_DEPTH = 2000;
/** A paragraph speaks of a topic when it has words carrying this share of the topic's weight (idf): "waste water" for "testing waste water". */
const TOPIC_PRESENCE_SHARE = 0.6;

/** The longest run of a topic's words looked for as a phrase: the record's terms are of two or three ("drug checking services"). */
const MAX_TOPIC_PHRASE_WORDS = 3;

/**
 * How a meeting's summary states what it discussed, in the words such statements use ("the Commission focused its
 * discussions on how to address the following challenges"), searched within a year for a question asking what
 * its meeting was about.
 */
const MEETING_FOCUS_QUERY = 'the aim of the discussions: they focused on how to address the following challenges, and discussed the challenge';
/** Paragraphs of each year searched for that statement: the background paragraph that holds it ranks in the first six of every year on record. */
const MEETING_FOCUS_PARAGRAPHS = 8;

/** Years after the start of an open span outside the corpus that its passages are looked for in: the record looks ahead to reviews some years on. */
const YEARS_LOOKED_AHEAD = 10;

/** Paragraphs quoted for a number asked without a year or chapter ("What does paragraph 5 say?"): one a chapter, as many as a short corpus has. */
const MAX_PARAGRAPHS_BY_NUMBER = 5;

/** Paragraphs of each year searched for a fact asked year by year: its own paragraph ranks in the first few. */
const EACH_YEAR_PARAGRAPHS = 3;

/**
 * Paragraphs searched for what a named speaker said ("What did UNODC say about synthetic drugs?"): the summaries
 * attribute few views to anyone by name, and the paragraph that does may rank below others on the topic (UNODC's
 * 2023 briefing on synthetic drugs ranks 34th for that question).
 */
const SPEAKER_SEARCH_DEPTH = 40;

/** Paragraphs an answer draws its sentences from, unless the request asks for another number. */
export const DEFAULT_EVIDENCE_PARAGRAPHS = 8;

/**
 * The answer pipeline: resolve a follow-up into a standalone question, retrieve paragraphs (filtered by year
 * when one applies), then compose an answer from their sentences or abstain.
 */
export class CitedAnswerer implements Answerer {
  private readonly retriever: Retriever;
  private readonly store: ParagraphStore;
  private readonly embedder: Embedder;
  private readonly settings: AnswerSettings;
  private readonly corpusYears: number[];
  private readonly sessions: SessionCalendar;
  private readonly kinds: KindReader | null;

  constructor(options: CitedAnswererOptions) {
    this.retriever = options.retriever;
    this.store = options.store;
    this.embedder = options.embedder;
    this.sessions = options.sessions;
    this.kinds = options.kinds ?? null;
    this.settings = options.settings ?? answerSettingsFor(options.embedder.modelId);
    this.corpusYears = Object.keys(options.store.stats().years).map(Number).sort((a, b) => a - b);
  }

  /** Recent answers: people repeat questions (reloads, shared links); follow-ups depend only on earlier questions. */
  readonly ask = memoizeAsync((request: AskRequest) => this.compose(request), {
    max: RECENT_ANSWERS,
    key: (request) =>
      JSON.stringify([
        request.question,
        request.year ?? 'inferred',
        request.document ?? null,
        request.k,
        request.keepFilterYear === true,
        request.asTyped === true,
        request.history?.map((turn) => turn.question),
      ]),
  });

  private async compose(received: AskRequest): Promise<Answer> {
    // "Hi", "Thanks", "What can you do?": not a question about the documents, answered before any search, and no
    // earlier question a follow-up leans on.
    const request = received.history === undefined ? received : { ...received, history: received.history.filter((turn) => readSmallTalk(turn.question) === null) };
    const talk = readSmallTalk(request.question);
    if (talk !== null) {
      const base: AnswerBase = { question: request.question, resolvedQuestion: request.question, year: null, document: request.document ?? null, corrected: null, language: null, yearConflict: null, span: null };
      return abstention(base, 'not_covered', 'not-a-question', smallTalkReply(talk, this.store.documents(), this.corpusYears), [], 0);
    }
    const reference = readParagraphReference(request.question);
    if (reference !== null) return this.paragraphByNumber(reference, request);
    const resolved = resolveFollowUp(request.question, request.history ?? [], this.sessions, (stem) => this.store.idf(stem), this.kinds);
    const k = request.k ?? DEFAULT_EVIDENCE_PARAGRAPHS;
    const asked = speakerAsked(resolved.text);
    // The retriever reads the year from the question (years, sessions, rounds, meeting dates) unless one is given.
    const result = await this.retriever.search({
      query: resolved.text,
      k: asked === null ? k : Math.max(k, SPEAKER_SEARCH_DEPTH),
      year: request.year,
      document: request.document,
      keepFilterYear: request.keepFilterYear,
      asTyped: request.asTyped,
    });
    const { corrected, language, yearConflict, span } = result;
    // A topic typed with a typo ("naloxne") is looked for in each year as the search read it ("naloxone").
    const asRead = (text: string | null) => (text === null || corrected === null ? text : withCorrections(text, corrected.words));
    const topic = asRead(resolved.topic);
    // A question in another language was searched as English words: those are what the answer is composed for.
    const resolvedQuestion = language?.searchedAs ?? resolved.text;
    const base: AnswerBase = { question: request.question, resolvedQuestion, year: result.year, document: result.document, corrected, language, yearConflict, span };

    if (language !== null && language.searchedAs === null) {
      const message = `${language.reply} (This question seems to be in ${language.name}; the documents are in English and the search reads English only.)`;
      return abstention(base, 'not_covered', 'other-language', message, await this.evidence(result.hits), 0);
    }
    const outside = this.yearsOutsideCorpus(result.year, span);
    if (outside !== null) {
      const closest = await this.retriever.search({ query: resolved.text, k, year: null, document: request.document });
      // "The final review in 2029", "the sixty-seventh session": the meetings on record may speak of a year they
      // do not cover; their passages that name it are related, though no meeting of that year is on record.
      // "What's next after 2024?" is answered in part by the passages naming a later year (the 2029 review).
      const asked: YearSpan = result.year !== null || span === null ? { from: outside, to: outside } : span;
      const closestNaming = closest.hits.filter((hit) => namesYearWithin(hit.paragraph.text, asked));
      // A question with a topic of its own ("cannabis since 2024") is not answered by passages on something else.
      const naming = closestNaming.length > 0 || topic !== null ? closestNaming : await this.namingYears(asked, k, request.document);
      if (naming.length > 0) return abstention(base, 'related', 'year-not-covered', this.yearsMessage(asked, true), await this.evidence(naming), 0);
      return abstention(base, 'not_covered', 'year-not-covered', this.yearsMessage(asked, false), await this.evidence(closest.hits), 0);
    }
    // "And in 2021?" after a question about alternative development, or "Was captagon mentioned in 2020?": if that
    // year never speaks of it, say so, and which years do.
    // "Which countries were mentioned for it?" after "The 2022 discussions do not mention methamphetamine": the
    // topic is still absent from that year.
    const absent = resolved.isFollowUp && result.year !== null && result.year === resolved.previousYear && resolved.swappedIn === null ? await this.absentEarlier(request, result.year) : null;
    if (absent !== null) return abstention(base, 'not_covered', 'topic-not-in-year', absent.answer.text, [], 0, absent.otherYears);
    // "What about cocaine?" after a question about cannabis in 2022 asks 2022 of a new subject.
    const swappedIn = asRead(resolved.swappedIn);
    if (swappedIn !== null && result.year !== null) {
      const years = await this.swappedInYears(swappedIn, result.understood.terms, request.document);
      if (years !== null && years.length > 0 && !years.includes(result.year)) {
        return abstention(base, 'not_covered', 'topic-not-in-year', absentFromYear(result.year, swappedIn, years), [], 0, years);
      }
    } else if (topic !== null && result.year !== null && result.year !== resolved.previousYear && !asksForOverview(resolvedQuestion)) {
      // (A question about a meeting as a whole has no topic to be absent: "main topics" are not words to look for.)
      const present = resolved.isFollowUp
        ? await this.followUpTopicYears(topic, request, result.understood.terms)
        : { topic, years: await this.specificWordYears(topic, result.understood.terms, request.document) };
      const { years } = present;
      if (years !== null && years.length > 0 && !years.includes(result.year)) {
        const message = absentFromYear(result.year, present.topic, years);
        // A question's own wording may not be the record's ("at sea" where it says "maritime"): that year's closest
        // passages are shown beside the reply. A follow-up's topic is the earlier answer's, worded as the record words it.
        const closest = resolved.isFollowUp ? [] : await this.evidence(result.hits);
        return abstention(base, 'not_covered', 'topic-not-in-year', message, closest, 0, years);
      }
    }

    const answer = composeAnswer({
      ...base,
      queryTerms: result.understood.terms,
      // The retriever embedded the same text: the query cache answers this without inference.
      queryVector: await this.embedder.embedQuery(result.understood.denseText),
      evidence:
        asked === null
          ? await this.evidence(await this.hitsForEachYear(resolvedQuestion, result.hits, result.year, span, request.document))
          : await this.quotingSpeaker(asked.speaker, result.hits, result.understood.terms, k),
      idf: (stem) => this.store.idf(stem),
      settings: this.settings,
    });
    return this.withComparedYears(answer, result, request.document);
  }

  /**
   * "Compare what was said about fentanyl in 2022 and 2023", answered from 2023 alone: the reply says that the
   * 2022 discussions never mention fentanyl, rather than leave the reader to wonder why 2022 is not quoted.
   */
  private async withComparedYears(answer: Answer, result: SearchResult, document: string | undefined): Promise<Answer> {
    if (result.comparedYears.length < 2 || answer.status === 'not_covered') return answer;
    const topic = result.understood.terms
      .filter((term) => term.inCorpus && !speaksOfTheMeeting(term.text))
      .map((term) => term.text)
      .join(' ');
    const years = topic === '' ? null : await this.specificWordYears(topic, result.understood.terms, document);
    if (years === null) return answer;
    return { ...answer, compared: { years: result.comparedYears, topic, without: result.comparedYears.filter((year) => !years.includes(year)) } };
  }

  /**
   * A question about every year asked is searched in each year: "What was the 2022 session about?" (or about
   * each session) for the paragraphs stating what its meeting discussed (MEETING_FOCUS_QUERY), before the
   * question's own hits, which name no topic; "Who chaired each year?" for its own hits in each year, where one
   * search for all years may bring up two. Other questions keep their hits.
   */
  private async hitsForEachYear(question: string, hits: Hit[], year: number | null, span: YearSpan | null, document: string | undefined): Promise<Hit[]> {
    const overview = asksForOverview(question);
    if (!overview && (year !== null || !asksEachYear(question))) return hits;
    const years = year !== null ? [year] : this.corpusYears.filter((y) => (span?.from ?? y) <= y && y <= (span?.to ?? y));
    const [query, k] = overview ? [MEETING_FOCUS_QUERY, MEETING_FOCUS_PARAGRAPHS] : [question, EACH_YEAR_PARAGRAPHS];
    const found = await Promise.all(years.map((y) => this.retriever.search({ query, k, year: y, keepFilterYear: true, document, asTyped: true })));
    const byId = new Map([...found.flatMap((r) => r.hits), ...hits].map((hit) => [hit.paragraph.id, hit]));
    return [...byId.values()];
  }

  /**
   * The `k` best paragraphs for a question asking what a named speaker said, in the order retrieval ranked them:
   * first those that report the speaker saying something (saidBy), then the others, which are related passages
   * when none does.
   */
  private async quotingSpeaker(speaker: string, hits: Hit[], terms: QueryTerm[], k: number): Promise<Evidence[]> {
    const names = speakerNames(speaker, termsNamedIn(speaker, terms), saysTheSame);
    const evidence = await this.evidence(hits);
    const saying = evidence.filter((e) => e.sentences.some((sentence) => saidBy(sentence.text, names)));
    const chosen = new Set([...saying, ...evidence].slice(0, k));
    return evidence.filter((e) => chosen.has(e));
  }

  /**
   * "What does paragraph 12 of the 2022 summary say?": that paragraph, quoted whole, found by its number within the
   * year, chapter and document the question (or the request's filters) names; each chapter's paragraph of that
   * number when it names none (at most MAX_PARAGRAPHS_BY_NUMBER); "not covered" when there is none.
   */
  private async paragraphByNumber(reference: ParagraphReference, request: AskRequest): Promise<Answer> {
    const documents = this.store.documents();
    // A symbol no document of the corpus has filters to nothing, and the reply names it.
    const document = reference.symbol === null ? request.document : (documents.find((d) => d.symbol?.toLowerCase() === reference.symbol!.toLowerCase())?.id ?? reference.symbol);
    const year = request.year ?? analyseQuery(withoutSymbol(request.question, reference.symbol), this.sessions).year;
    const base: AnswerBase = { question: request.question, resolvedQuestion: request.question, year, document: document ?? null, corrected: null, language: null, yearConflict: null, span: null };
    // Ids end with the paragraph's number (document, part, chapter, number): only those are read.
    const places = (await this.outline()).filter(
      (p) => (document === undefined || p.document === document) && (year === null || p.year === year) && p.id.endsWith(`.${reference.paragraph}`),
    );
    const paragraphs = [...(await this.store.getMany(places.map((p) => p.id))).values()]
      .filter((p) => p.paragraph === reference.paragraph && (reference.chapter === null || p.chapter === reference.chapter))
      .slice(0, MAX_PARAGRAPHS_BY_NUMBER);
    if (paragraphs.length === 0) {
      const where = [reference.symbol ?? document ?? null, reference.chapter === null ? null : `chapter ${reference.chapter}`, year === null ? null : String(year)].filter((w) => w !== null);
      const message = `The documents have no paragraph ${reference.paragraph}${where.length > 0 ? ` in ${where.join(', ')}` : ''}.`;
      return abstention(base, 'not_covered', 'no-such-paragraph', message, [], 0);
    }
    return quotedParagraphs(base, await this.evidence(this.cited(paragraphs.map((paragraph) => ({ paragraph, score: 1 })))));
  }

  /** Where every paragraph stands, read once, when a question first asks for a paragraph by its number. */
  private outlineRead: Promise<ParagraphPlace[]> | undefined;
  private outline(): Promise<ParagraphPlace[]> {
    this.outlineRead ??= this.store.outline();
    return this.outlineRead;
  }

  /** The previous turn's reply when it said that `year` does not mention its topic; null otherwise. */
  private async absentEarlier(request: AskRequest, year: number): Promise<Answer | null> {
    const history = request.history ?? [];
    const previous = history.at(-1);
    if (previous === undefined) return null;
    // As it was asked: answered from the cache of recent answers when this process gave it.
    const earlier = await this.ask({ question: previous.question, history: history.slice(0, -1), document: request.document, year: request.year, keepFilterYear: request.keepFilterYear });
    return earlier.reason === 'topic-not-in-year' && earlier.year === year ? earlier : null;
  }

  /**
   * The years whose paragraphs speak of a topic: those with most of its words by weight (headings included), or
   * null when it has none to look for or no paragraph has them, where nothing can be said either way.
   */
  private async topicYears(topic: string, document: string | undefined): Promise<number[] | null> {
    // Words, not stems: the store's index stems what it is given ("proportionate", not "proportion").
    const words = contentTerms(topic);
    if (words.length === 0) return null;
    const filter = document === undefined ? {} : { document };
    const weights = words.map((word) => this.wordIdf(word));
    const total = weights.reduce((sum, w) => sum + w, 0);
    const weightById = new Map<string, number>();
    const matches = await Promise.all(words.map((word) => this.lexicalMatches(word, filter)));
    matches.forEach((hits, i) => {
      for (const { id } of hits) weightById.set(id, (weightById.get(id) ?? 0) + weights[i]!);
    });
    return this.yearsOf([...weightById].filter(([, weight]) => weight >= total * TOPIC_PRESENCE_SHARE).map(([id]) => id));
  }

  /**
   * The years that speak of a follow-up's new subject: by its words, or where the record has none of them
   * ("nitazenes"), by the record's own words for it.
   */
  private async swappedInYears(subject: string, terms: QueryTerm[], document: string | undefined): Promise<number[] | null> {
    const years = await this.topicYears(subject, document);
    return years !== null && years.length > 0 ? years : this.specificWordYears(subject, terms, document);
  }

  /** A follow-up's topic as the reply names it, and the years that speak of it (null: nothing can be said). */
  private async followUpTopicYears(topic: string, request: AskRequest, terms: QueryTerm[]): Promise<{ topic: string; years: number[] | null }> {
    const years = await this.topicYears(topic, request.document);
    return years !== null ? { topic, years } : ((await this.answeredTopicYears(request, terms)) ?? { topic, years: null });
  }

  /**
   * For a follow-up whose topic was asked in everyday words ("Is executing people for drug crimes allowed…?", then
   * "And in 2020?"), which no paragraph has most of: the topic as the earlier answer quoted it, the rarest of the
   * question's words or their readings in the record's terms that its sentences have ("death penalty"), and the
   * years whose paragraphs have it. Null when the earlier question was not answered or its quotes have none.
   */
  private async answeredTopicYears(request: AskRequest, terms: QueryTerm[]): Promise<{ topic: string; years: number[] | null } | null> {
    const history = request.history ?? [];
    const previous = history.at(-1);
    if (previous === undefined) return null;
    // The earlier turn, as it was asked: answered from the cache of recent answers when this process gave it.
    const earlier = await this.ask({ question: previous.question, history: history.slice(0, -1), document: request.document });
    if (earlier.status !== 'answered') return null;
    const quoted = new Set(earlier.answer.sentences.flatMap((sentence) => contentStems(sentence.text)));
    const inQuotes = (text: string) => contentStems(text).every((stem) => quoted.has(stem));
    const forms = terms
      .filter((term) => !speaksOfTheMeeting(term.text))
      .flatMap((term) => [term.text, ...term.alternatives.filter(saysTheSame).map((a) => a.text)]);
    const anchor = this.rarest(forms.filter(inQuotes), (text) => text);
    if (anchor === undefined) return null;
    const hits = await this.store.lexicalSearch([anchor], TOPIC_PRESENCE_DEPTH, request.document === undefined ? {} : { document: request.document });
    return { topic: anchor, years: await this.yearsOf(hits.map((hit) => hit.id)) };
  }

  /**
   * For a question standing alone, the years whose paragraphs have its topic's most specific word (the rarest of
   * its words the corpus has, "captagon" in "Was captagon mentioned in 2020?") or a word of the same meaning
   * ("maritime" for "sea"); null when the topic has no word of the corpus to look for. A question's own wording
   * of its topic is often not the record's ("terrorist groups profiting from narcotics"), so all its words
   * cannot be asked for, as they are for a topic a conversation carried over from an earlier answer.
   */
  private async specificWordYears(topic: string, terms: QueryTerm[], document: string | undefined): Promise<number[] | null> {
    // A word the record never writes counts by the record's words for it ("nitazenes", which it spells "nytazenes").
    const inTopic = termsNamedIn(topic, terms).filter((term) => (term.inCorpus || term.alternatives.some(saysTheSame)) && !speaksOfTheMeeting(term.text));
    const filter = document === undefined ? {} : { document };
    // "harm reduction" is a term of its own: "reduction", its rarer word, is in a year that never speaks of it. A
    // year speaks of the topic when it has one of the phrases the record makes of its words.
    const phrases = await this.recordedPhrases(topic, inTopic);
    if (phrases.length > 0) {
      const years = new Set<number>();
      for (const phrase of phrases) for (const year of (await this.yearsOf((await this.store.lexicalSearch(phrase, TOPIC_PRESENCE_DEPTH, filter)).map((hit) => hit.id))) ?? []) years.add(year);
      return [...years].sort((a, b) => a - b);
    }
    const rarest = this.rarest(inTopic, (term) => term.text);
    if (rarest === undefined) return null;
    // Words, not stems: the store's index stems what it is given.
    const sameMeaning = rarest.alternatives.filter((a) => (rarest.inCorpus ? a.sameMeaning : saysTheSame(a))).map((a) => a.text);
    const hits = await this.store.lexicalSearch([rarest.text, ...sameMeaning], TOPIC_PRESENCE_DEPTH, filter);
    return this.yearsOf(hits.map((hit) => hit.id), wordSaidIn(rarest.text, sameMeaning));
  }

  /**
   * The runs of two or three of the topic's words, written next to each other, that the record uses as phrases
   * ("harm reduction" in "Was harm reduction mentioned in 2021?"), each with the readings of the same meaning all
   * its words share, as lexical search terms.
   */
  private async recordedPhrases(topic: string, inTopic: QueryTerm[]): Promise<string[][]> {
    // Words next to each other: only spaces or hyphens between them ("COVID-19", not "HIV and hepatitis").
    const written = ` ${topic.toLowerCase().replace(/[\s-]+/g, ' ')} `;
    const phrases: string[][] = [];
    for (let length = 2; length <= MAX_TOPIC_PHRASE_WORDS; length++) {
      for (let start = 0; start + length <= inTopic.length; start++) {
        const run = inTopic.slice(start, start + length);
        const [first, ...rest] = run;
        const text = run.map((term) => term.text).join(' ');
        if (!written.includes(` ${text} `) || !(await this.store.hasPhrase(text))) continue;
        const shared = first!.alternatives.filter((a) => a.sameMeaning && rest.every((term) => term.alternatives.some((b) => b.sameMeaning && b.text === a.text)));
        phrases.push([text, ...shared.map((a) => a.text)]);
      }
    }
    return phrases;
  }

  /** The item whose word is rarest in the corpus (the first of equals); undefined for none. */
  private rarest<T>(items: readonly T[], wordOf: (item: T) => string): T | undefined {
    let best: { item: T; idf: number } | undefined;
    for (const item of items) {
      const idf = this.wordIdf(wordOf(item));
      if (best === undefined || idf > best.idf) best = { item, idf };
    }
    return best?.item;
  }

  /** How rare a word is in the corpus: the idf of its rarest stem. */
  private wordIdf(word: string): number {
    return Math.max(0, ...contentStems(word).map((stem) => this.store.idf(stem)));
  }

  /** The paragraphs that have the word, as the topic presence judges it: a split family's own words only. */
  private async lexicalMatches(word: string, filter: { document?: string }): Promise<Array<{ id: string }>> {
    const hits = await this.store.lexicalSearch([word], TOPIC_PRESENCE_DEPTH, filter);
    const saidIn = wordSaidIn(word, []);
    if (saidIn === null) return hits;
    const paragraphs = await this.store.getMany(hits.map((hit) => hit.id));
    return hits.filter((hit) => {
      const paragraph = paragraphs.get(hit.id);
      return paragraph !== undefined && saidIn(paragraph);
    });
  }

  /** The years of the paragraphs, those that `speaksOf` when given; null when there are none. */
  private async yearsOf(ids: string[], speaksOf: ((paragraph: Paragraph) => boolean) | null = null): Promise<number[] | null> {
    if (ids.length === 0) return null;
    const paragraphs = [...(await this.store.getMany(ids)).values()].filter((p) => speaksOf === null || speaksOf(p));
    if (paragraphs.length === 0) return null;
    const years = new Set(paragraphs.map((p) => p.year).filter((y): y is number => typeof y === 'number'));
    return [...years].sort((a, b) => a - b);
  }

  /** The year, or the first year of a span, that lies outside the corpus's years; null when the search is within them. */
  private yearsOutsideCorpus(year: number | null, span: YearSpan | null): number | null {
    if (year !== null) return this.corpusYears.includes(year) ? null : year;
    const first = this.corpusYears[0];
    const last = this.corpusYears.at(-1);
    if (span === null || first === undefined || last === undefined) return null;
    if (span.from !== null && span.from > last) return span.from;
    if (span.to !== null && span.to < first) return span.to;
    return null;
  }

  /**
   * Paragraphs that name a year of a span outside the corpus's, as hits, most mentions first: "What's next after
   * 2024?" names no topic the search could rank by, and the record's passages on the 2029 review answer it in part.
   * An open span is looked for over the ten years after its start (or before its end).
   */
  private async namingYears(asked: YearSpan, k: number, document: string | undefined): Promise<Hit[]> {
    const from = asked.from ?? asked.to! - YEARS_LOOKED_AHEAD;
    const to = asked.to ?? from + YEARS_LOOKED_AHEAD;
    const years = Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    const found = await this.store.lexicalSearch(years, k, document === undefined ? {} : { document });
    const paragraphs = await this.store.getMany(found.map((hit) => hit.id));
    return this.cited(
      found.flatMap(({ id, score }) => {
        const paragraph = paragraphs.get(id);
        return paragraph === undefined || !namesYearWithin(paragraph.text, asked) ? [] : [{ paragraph, score }];
      }),
    );
  }

  /** Paragraphs as hits, each with the citation of its document. */
  private cited(found: ReadonlyArray<{ paragraph: Paragraph; score: number }>): Hit[] {
    const byId = new Map(this.store.documents().map((d) => [d.id, d]));
    return found.flatMap(({ paragraph, score }) => {
      const source = byId.get(paragraph.document);
      return source === undefined ? [] : [citedHit(paragraph, source, score)];
    });
  }

  private async evidence(hits: Hit[]): Promise<Evidence[]> {
    const sentences = await this.store.sentences(hits.map((hit) => hit.paragraph.id));
    return hits.map((hit) => ({ hit, sentences: sentences.get(hit.paragraph.id) ?? [] }));
  }

  private yearsMessage(asked: YearSpan, mentioned: boolean): string {
    const covered = yearRange(this.corpusYears);
    const { from, to } = asked;
    const years = from === to ? String(from) : to === null ? `the years from ${from}` : from === null ? `the years up to ${to}` : `${from} to ${to}`;
    if (mentioned) return `The documents cover the years ${covered}; ${years} ${from === to ? 'comes' : 'come'} up only in what was said then, in the passages below.`;
    return `The documents cover the years ${covered}; they say nothing about ${years}.`;
  }
}

/**
 * For a word of a family Porter merges with another ("legalizing", which the full-text index stems as "legal"), a
 * test that a paragraph the index found has the word's own family or a form of the same meaning: "legal assistance"
 * does not speak of legalizing. Null for any other word, whose matches are its own.
 */
function wordSaidIn(word: string, sameMeaning: readonly string[]): ((paragraph: Paragraph) => boolean) | null {
  const [stem] = contentStems(word);
  if (stem === undefined || !isSplitStem(stem)) return null;
  const forms = [[stem], ...sameMeaning.map((form) => contentStems(form))];
  return (paragraph) => {
    const stems = paragraphStems(paragraph);
    return forms.some((form) => form.length > 0 && form.every((s) => stems.has(s)));
  };
}

/** A calendar year written in a text. */
const WRITTEN_YEAR = /(?<![\p{L}\p{N}/-])(?:19|20)\d\d(?![\p{L}\p{N}/-])/gu;

/** Whether a text names a year within a span ("2029" for "after 2024"); an open end is unbounded. */
function namesYearWithin(text: string, { from, to }: YearSpan): boolean {
  return [...text.matchAll(WRITTEN_YEAR)].some(([written]) => {
    const year = Number(written);
    return (from === null || year >= from) && (to === null || year <= to);
  });
}

/** The reply for a topic a year's discussions do not mention, naming the years that do. */
function absentFromYear(year: number, topic: string, years: number[]): string {
  return `The ${year} discussions do not mention ${topic}; those of ${listYears(years)} do.`;
}

/** "2019, 2022 and 2023". */
function listYears(years: number[]): string {
  return years.length === 1 ? String(years[0]) : `${years.slice(0, -1).join(', ')} and ${years.at(-1)}`;
}
