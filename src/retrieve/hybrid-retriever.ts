import type { Embedder } from '../embed/types.js';
import { memoizeAsync } from '../memoize.js';
import { citedHit } from './cited-hit.js';
import type { DocumentInfo } from '../parse/types.js';
import type { ParagraphPlace, ParagraphStore, ScoredId, SearchFilter } from '../store/types.js';
import { reciprocalRankFusion, type RankedList } from './fusion.js';
import { DomainThesaurus } from './domain-thesaurus.js';
import { MeetingCalendar } from './meeting-calendar.js';
import { DocumentMentions } from './document-mentions.js';
import { analyseQuery, type AnalysedQuery } from './query-analysis.js';
import { SessionCalendar } from './session-calendar.js';
import { LanguageDetector } from './language.js';
import type { DetectedLanguage, SpellingCorrection, YearConflict, YearSpan } from './question-reading.js';
import { SpellingCorrector } from './spelling.js';
import { WordNet } from './wordnet.js';
import { WordKinds } from './word-kinds.js';
import { QueryExpander, type ExpandedQuery } from './query-expansion.js';
import { FeatureReranker, type RerankCandidate, type RerankQuery, type Reranker } from './rerank.js';
import { relevantCount } from './relevance.js';
import { retrievalSettingsFor, type RetrievalSettings } from './retrieval-settings.js';
import type { Hit, Retriever, SearchRequest, SearchResult } from './types.js';

export interface HybridRetrieverOptions {
  store: ParagraphStore;
  embedder: Embedder;
  documents: DocumentInfo[];
  /** Fusion and reranking parameters; by default those measured for the embedding model. */
  settings?: RetrievalSettings;
  /** The last stage; by default the feature reranker with the settings' weights (a cross-encoder can replace it). */
  reranker?: Reranker;
  /** Which stages run; the evaluation compares them, everything else uses the default. */
  method?: RetrievalMethod;
  /** The domain's lay wording and what the documents call it; by default the drug-policy thesaurus shipped here. */
  thesaurus?: DomainThesaurus;
}

/** Lexical or dense ranking alone, both fused, or fused and then reranked (the default). */
export type RetrievalMethod = 'lexical' | 'dense' | 'fused' | 'reranked';

/** Searches remembered with their results. */
const RECENT_SEARCHES = 512;

/** How many candidates each method contributes before fusion, at least. */
const MIN_CANDIDATES = 50;

/**
 * BM25 weight of the year a figure is asked for ("deaths in 2020"), against 1 for a question word: it decides
 * between paragraphs about the topic without outweighing the topic.
 */
const FIGURE_YEAR_WEIGHT = 0.5;

/** Paragraphs from the start of each year's report that answer a question about that meeting as a whole. */
const OPENING_PARAGRAPHS = 20;

/**
 * Retrieval in three stages. First, candidates: dense (HNSW cosine over paragraph embeddings) and lexical
 * (BM25 over the question's words and their expansions) each return their best paragraphs in the year that
 * applies. Either alone misses things the other finds: BM25 needs the document's words, embeddings need a
 * model that knows the domain. Second, fusion by weighted reciprocal rank. Third, reranking of the fused
 * candidates with evidence neither first-stage score has (sentence similarity, phrases, names, answer cues).
 */
export class HybridRetriever implements Retriever {
  private readonly store: ParagraphStore;
  private readonly embedder: Embedder;
  private readonly documents: Map<string, DocumentInfo>;
  private readonly settings: RetrievalSettings;
  private readonly method: RetrievalMethod;
  private readonly expander: QueryExpander;
  private readonly reranker: Reranker;
  private readonly calendar: MeetingCalendar;
  private readonly openings: Map<number, Opening[]>;
  /** How this corpus's questions name years by session or round; the answerer reads follow-ups with it. */
  readonly sessions: SessionCalendar;
  /** Which kind of thing a word names, from the WordNet the expansion reads; the answerer reads follow-ups with it. */
  readonly kinds: WordKinds;
  private readonly mentions: DocumentMentions;
  /** The first meeting year of the corpus: a span of years that ends before it dates figures, not meetings. */
  private readonly firstYear: number;
  private readonly speller: SpellingCorrector;
  private readonly languages = LanguageDetector.shipped();

  /**
   * Reads where the store's paragraphs stand (the meeting calendar, each year's opening paragraphs) and builds a
   * retriever over it.
   * @example
   * const retriever = await HybridRetriever.open({ store, embedder, documents: store.manifest.documents });
   */
  static async open(options: HybridRetrieverOptions): Promise<HybridRetriever> {
    const outline = await options.store.outline();
    const settings = options.settings ?? retrievalSettingsFor(options.embedder.modelId);
    // Only a retriever that reranks analyses the corpus's paragraphs for it.
    const reranks = (options.method ?? 'reranked') === 'reranked';
    const reranker =
      options.reranker ?? (reranks ? await FeatureReranker.open(options.store, settings.rerank, outline) : new FeatureReranker(options.store, settings.rerank));
    return new HybridRetriever({ ...options, settings, reranker }, outline);
  }

  private constructor(options: HybridRetrieverOptions & Required<Pick<HybridRetrieverOptions, 'settings' | 'reranker'>>, outline: ParagraphPlace[]) {
    this.store = options.store;
    this.embedder = options.embedder;
    this.documents = new Map(options.documents.map((d) => [d.id, d]));
    this.sessions = SessionCalendar.forDocuments(options.documents);
    this.mentions = new DocumentMentions(options.documents);
    this.settings = options.settings;
    this.method = options.method ?? 'reranked';
    const thesaurus = options.thesaurus ?? DomainThesaurus.shipped();
    const wordnet = new WordNet();
    this.kinds = new WordKinds(wordnet);
    // The expansion and the spelling both judge words by the corpus's vocabulary: one read of it serves both.
    const vocabulary = this.store.vocabulary();
    this.expander = QueryExpander.fromStore(this.store, this.settings, thesaurus, wordnet, vocabulary);
    this.speller = SpellingCorrector.fromStore(this.store, wordnet, (word) => thesaurus.knows(word), vocabulary);
    this.calendar = MeetingCalendar.fromParagraphs(outline);
    this.openings = openingParagraphs(outline);
    // A loop, not Math.min(...): a million paragraphs' years are more arguments than the stack holds.
    this.firstYear = outline.reduce((first, p) => Math.min(first, p.year ?? Infinity), Infinity);
    this.reranker = options.reranker;
  }

  /**
   * Recent searches with their results: a repeated search (a reload, a shared link, the answer stage after the
   * search) costs a map look-up. "No year given" (infer one) and null (every year) must not share an entry, nor
   * a year filter kept against the question's year and one that gives way to it.
   */
  readonly search = memoizeAsync((request: SearchRequest) => this.run(request), {
    max: RECENT_SEARCHES,
    key: (request) =>
      JSON.stringify([
        request.query,
        request.k,
        request.year === undefined ? 'inferred' : request.year,
        request.document ?? null,
        request.asTyped === true,
        request.keepFilterYear === true,
      ]),
  });

  private async run(request: SearchRequest): Promise<SearchResult> {
    const { year, span, yearConflict, comparedYears, document, ranking: fused, rerankQuery, candidates, expanded, corrected, language } = await this.firstStage(request);
    let ranking = fused;
    if (this.method === 'reranked' && rerankQuery !== null) {
      const reranked = await this.reranker.rerank(rerankQuery, candidates);
      // Candidates past the rerank depth follow in fused order, scored below every reranked one.
      const floor = Math.min(0, ...reranked.map((r) => r.score));
      ranking = [...reranked, ...fused.slice(candidates.length).map(({ id }, i) => ({ id, score: floor - 1 - i }))];
    }
    const hits: Hit[] = [];
    const shown = ranking.slice(0, request.k);
    const paragraphs = await this.store.getMany(shown.map(({ id }) => id));
    for (const { id, score } of shown) {
      const paragraph = paragraphs.get(id);
      const info = paragraph && this.documents.get(paragraph.document);
      if (paragraph && info) {
        hits.push(citedHit(paragraph, info, score));
      }
    }
    const relevant = relevantCount(hits, expanded.terms, (stem) => this.store.idf(stem));
    return { query: request.query, year, span, yearConflict, comparedYears, document, hits, relevant, corrected, language, understood: { terms: expanded.terms, denseText: expanded.denseText } };
  }

  /**
   * Candidates and their fused ranking, with what a reranker needs; the search runs the rest. Public so that
   * rerank weights can be tuned on fixed candidates.
   */
  async firstStage(request: SearchRequest): Promise<FirstStage> {
    // A question in another language is searched as the English words its glossary reads it as, or as it is
    // when too little of it reads (names and shared terms may still match); one in the corpus's language has the
    // words it lacks read as the corpus words they resemble, unless asked not to.
    const language = this.languages.detect(request.query);
    const corrected = language === null && request.asTyped !== true ? await this.speller.correct(request.query) : null;
    const query = language?.searchedAs ?? corrected?.reading ?? request.query;
    // A question that names a document by its symbol or resolution number is about that document alone.
    const mention = request.document === undefined ? this.mentions.find(query) : null;
    const document = request.document ?? mention?.document ?? null;
    const analysed = analyseQuery(mention ? query.replace(mention.text, ' ') : query, this.sessions);
    const { year, span, yearConflict } = this.yearsToSearch(analysed, request);
    // "Compare 2019 and 2023 on cannabis": those meetings, not the ones between, unless a filter says otherwise.
    const comparedYears = year === null && span === null && request.year === undefined ? analysed.meetingYears : [];
    const filter: SearchFilter = {
      ...(year === null ? {} : { year }),
      ...(span?.from == null ? {} : { fromYear: span.from }),
      ...(span?.to == null ? {} : { toYear: span.to }),
      ...(comparedYears.length === 0 ? {} : { fromYear: comparedYears[0]!, toYear: comparedYears.at(-1)! }),
      ...(document === null ? {} : { document }),
    };
    const depth = Math.max(MIN_CANDIDATES, request.k * 5);
    const expanded = await this.expander.expand(analysed);
    // Paragraphs that name the year of the figure asked about are the likelier to report it.
    if (analysed.yearDates === 'figure') expanded.lexicalTerms.push({ text: String(analysed.year), weight: FIGURE_YEAR_WEIGHT });
    // "When did the first round take place?" has no topic but the meeting, which the opening paragraphs describe.
    if (expanded.terms.length === 0 && year !== null) {
      const openings = (this.openings.get(year) ?? []).filter((opening) => document === null || opening.document === document);
      const ranking = openings.map(({ id }, i) => ({ id, score: 1 / (i + 1) }));
      return { year, span, yearConflict, comparedYears, document, ranking, rerankQuery: null, candidates: [], expanded, corrected, language };
    }

    const vector = this.method === 'lexical' ? null : await this.embedder.embedQuery(expanded.denseText);
    // The two searches are independent: a store across a network answers both at once.
    const [dense, lexical] = await Promise.all([
      vector === null ? [] : this.store.denseSearch(vector, depth, filter),
      this.method === 'dense' ? [] : this.store.lexicalSearch(expanded.lexicalTerms, depth, filter),
    ]);
    const lists: RankedList[] = [
      { ranking: dense, weight: this.settings.denseWeight },
      { ranking: lexical, weight: this.settings.lexicalWeight },
    ];
    // "Which other years…": the year the conversation was about is set aside, not searched.
    const fused = reciprocalRankFusion(lists, this.settings.rrfK);
    const ranking =
      analysed.excludedYear !== null
        ? await this.ofYears(fused, (y) => y !== analysed.excludedYear)
        : comparedYears.length > 0
          ? await this.ofYears(fused, (y) => y != null && comparedYears.includes(y))
          : fused;
    if (vector === null) return { year, span, yearConflict, comparedYears, document, ranking, rerankQuery: null, candidates: [], expanded, corrected, language };

    const denseScores = new Map(dense.map((h) => [h.id, h.score]));
    const lexicalScores = new Map(lexical.map((h) => [h.id, h.score]));
    const toRerank = ranking.slice(0, this.settings.rerankDepth);
    const paragraphs = await this.store.getMany(toRerank.map(({ id }) => id));
    const candidates = toRerank.flatMap(({ id, score }) => {
      const paragraph = paragraphs.get(id);
      return paragraph ? [{ paragraph, fused: score, dense: denseScores.get(id) ?? null, lexical: lexicalScores.get(id) ?? null }] : [];
    });
    return { year, span, yearConflict, comparedYears, document, ranking, rerankQuery: { analysed, expanded, vector, lexicalScores }, candidates, expanded, corrected, language };
  }

  /**
   * The ranking's paragraphs whose meeting year is kept: "which other years…" sets one aside, "2019 and 2023" keeps
   * two. `keep` is given undefined for a paragraph no longer in the store.
   */
  private async ofYears(ranking: ScoredId[], keep: (year: number | null | undefined) => boolean): Promise<ScoredId[]> {
    const paragraphs = await this.store.getMany(ranking.map(({ id }) => id));
    return ranking.filter(({ id }) => keep(paragraphs.get(id)?.year));
  }

  /**
   * Which meeting years a search covers. The question's own words come first: a span ("since 2021"), a figure's
   * year (that meeting and the later ones, which report it), or a meeting year; a date without a year ("on 17
   * October") names the meeting held that day, when only one was. A year filter that the question contradicts
   * gives way to the question, which is said, unless the request keeps the filter.
   */
  private yearsToSearch(analysed: AnalysedQuery, request: SearchRequest): Pick<FirstStage, 'year' | 'span' | 'yearConflict'> {
    const questionYear = analysed.year ?? this.calendar.yearOf(analysed.dates) ?? this.calendar.yearInOrder(analysed.meetingInOrder);
    const filterYear = request.year;
    if (filterYear === null) return { year: null, span: null, yearConflict: null };
    if (filterYear !== undefined) {
      if (questionYear === null || questionYear === filterYear) return { year: filterYear, span: null, yearConflict: null };
      const applied = request.keepFilterYear ? 'filter' : 'question';
      return { year: applied === 'filter' ? filterYear : questionYear, span: null, yearConflict: { filter: filterYear, question: questionYear, applied } };
    }
    // A span that ends before the first meeting dates figures ("between 1998 and 2009"), which any meeting may report.
    if (analysed.span !== null && analysed.span.to !== null && analysed.span.to < this.firstYear) return { year: null, span: null, yearConflict: null };
    // "Over the years" searches every year, as no year would: there is no span to report.
    if (analysed.span !== null) return { year: null, span: analysed.span.from === null && analysed.span.to === null ? null : analysed.span, yearConflict: null };
    if (analysed.yearDates === 'figure') return { year: null, span: { from: analysed.year, to: null }, yearConflict: null };
    return { year: questionYear, span: null, yearConflict: null };
  }
}

/**
 * The first paragraphs of each document's part for a year, first ones of every document first: reports of
 * meetings open with when and where it was held, who chaired and what it was about.
 */
function openingParagraphs(paragraphs: ParagraphPlace[]): Map<number, Opening[]> {
  const byYear = new Map<number, Array<Opening & { position: number }>>();
  const taken = new Map<string, number>();
  for (const { id, year, document } of paragraphs) {
    if (year === null) continue;
    const part = `${document}/${year}`;
    const position = taken.get(part) ?? 0;
    if (position >= OPENING_PARAGRAPHS) continue;
    taken.set(part, position + 1);
    const ofYear = byYear.get(year) ?? [];
    ofYear.push({ id, document, position });
    byYear.set(year, ofYear);
  }
  // Array.prototype.sort is stable: within a position, documents keep their corpus order.
  return new Map([...byYear].map(([year, ofYear]) => [year, ofYear.sort((a, b) => a.position - b.position).map(({ id, document }) => ({ id, document }))]));
}

/** An opening paragraph of a year's report, with its document so a document filter needs no look-up. */
interface Opening {
  id: string;
  document: string;
}

export interface FirstStage {
  /** The year that filters the results, or null. */
  year: number | null;
  /** The meeting years searched when the question spans several or dates a figure, or null. */
  span: YearSpan | null;
  yearConflict: YearConflict | null;
  /** The meeting years the question names apart to compare them, which alone are searched; else empty. */
  comparedYears: number[];
  /** The document that filters the results (asked for, or named in the question), or null. */
  document: string | null;
  /** All candidates, fused. */
  ranking: ScoredId[];
  /** Null when the dense side did not run, so there is nothing to rerank with. */
  rerankQuery: RerankQuery | null;
  /** The best fused candidates, as the reranker takes them. */
  candidates: RerankCandidate[];
  expanded: ExpandedQuery;
  corrected: SpellingCorrection | null;
  language: DetectedLanguage | null;
}
