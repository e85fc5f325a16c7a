import type { RetrievalSettings } from './retrieval-settings.js';
import { contentStems } from '../parse/terms.js';
import type { ParagraphStore, WeightedTerm } from '../store/types.js';
import type { QueryTerm } from './types.js';
import type { AcronymDictionary } from '../parse/acronym-definitions.js';
import { AcronymFinder, acronymDictionary, type AcronymMatch } from './acronyms.js';
import type { AnalysedQuery } from './query-analysis.js';
import { DomainThesaurus } from './domain-thesaurus.js';
import { SynonymFinder, type PhraseLookup, type Synonym, type SynonymRelation, type Vocabulary } from './synonyms.js';
import { WordNet, type WordUsage } from './wordnet.js';
import { escapeRegExp } from './escape-reg-exp.js';

/** A question made ready for both indexes: what the lexical side matches and what the dense side embeds. */
export interface ExpandedQuery {
  /** Each content word of the question with the other words that may stand for it in the corpus. */
  terms: QueryTerm[];
  /** The question's own words at weight 1, then the other forms of its acronyms and its synonyms, lower. */
  lexicalTerms: WeightedTerm[];
  /** The topic text with each acronym followed by its long form, so the embedding sees the words it knows. */
  denseText: string;
  acronyms: AcronymMatch[];
  synonyms: Synonym[];
}

export type ExpansionSettings = Pick<
  RetrievalSettings,
  'acronymWeight' | 'synonymWeight' | 'derivedWeight' | 'hypernymWeight' | 'thesaurusWeight' | 'layPhraseWordShare' | 'expandBelow'
>;

/**
 * Query expansion from what the corpus itself says (its acronym definitions and vocabulary), from the domain
 * thesaurus and from WordNet. Built once per opened index, from statistics the index build stored.
 */
export class QueryExpander {
  private readonly synonymFinder: SynonymFinder;
  private readonly acronymFinder: AcronymFinder;

  constructor(
    private readonly acronyms: AcronymDictionary,
    private readonly vocabulary: Vocabulary,
    private readonly wordnet: WordNet,
    private readonly settings: ExpansionSettings,
    hasPhrase: PhraseLookup,
    private readonly thesaurus: DomainThesaurus = new DomainThesaurus([]),
  ) {
    this.synonymFinder = new SynonymFinder(wordnet, vocabulary, settings.expandBelow, hasPhrase);
    this.acronymFinder = new AcronymFinder(acronyms);
  }

  /**
   * From what the index build counted and found (the corpus's vocabulary and acronym definitions) and its phrases.
   * A caller that reads the vocabulary for something else too passes it, so it is read from the store once.
   */
  static fromStore(
    store: ParagraphStore,
    settings: ExpansionSettings,
    thesaurus: DomainThesaurus,
    wordnet: WordNet = new WordNet(),
    vocabulary: Vocabulary = store.vocabulary(),
  ): QueryExpander {
    return new QueryExpander(acronymDictionary(store.acronymDefinitions()), vocabulary, wordnet, settings, (phrase) => store.hasPhrase(phrase), thesaurus);
  }

  /**
   * The phrases an index build can prepare for the expansions it will make: the thesaurus's document wordings,
   * which searches add (IndexContent.searchedPhrases), and WordNet's entries of several words, whose presence in
   * the corpus every expansion asks (IndexContent.probedPhrases).
   * @example
   * await updateIndex({ corpusDir, backend, embedder, reporter, ...QueryExpander.phrasesForBuild(DomainThesaurus.shipped()) });
   */
  static phrasesForBuild(thesaurus: DomainThesaurus, wordnet: WordNet = new WordNet()): { searchedPhrases: string[]; probedPhrases: string[] } {
    return { searchedPhrases: thesaurus.searchedPhrases(), probedPhrases: wordnet.phraseLemmas() };
  }

  async expand(query: AnalysedQuery): Promise<ExpandedQuery> {
    const weights = this.settings;
    const acronyms = this.acronymFinder.find(query.topicText).map((match) => ({
      ...match,
      // A form the corpus never uses cannot match; keeping it would only cost a query.
      alternatives: match.alternatives.filter((form) => contentStems(form).every((s) => this.vocabulary.has(s))),
    }));
    // The domain's wording first: where it and WordNet offer the same term, the thesaurus's weight applies.
    const synonyms = [...this.thesaurus.find(query.terms, this.vocabulary), ...(await this.synonymFinder.find(query.terms))];

    const terms = new Map<string, WeightedTerm>();
    const add = (text: string, weight: number) => {
      const key = contentStems(text).join(' ');
      if (key !== '' && weight > 0 && (terms.get(key)?.weight ?? 0) < weight) terms.set(key, { text, weight });
    };
    for (const term of query.terms) add(term, 1);
    for (const { alternatives } of acronyms) for (const form of alternatives) add(form, weights.acronymWeight);
    const relationWeight = this.relationWeights();
    for (const synonym of synonyms) add(synonym.text, relationWeight[synonym.relation] * (synonym.relation === 'thesaurus' ? this.layPhraseFactor(synonym.source) : 1));

    let denseText = query.topicText;
    for (const { acronym, alternatives } of acronyms) {
      const longForm = alternatives.find((form) => form !== acronym);
      if (longForm !== undefined) denseText = denseText.replace(new RegExp(`\\b${escapeRegExp(acronym)}(s?)\\b`), `${acronym}$1 (${longForm})`);
    }
    return { terms: this.alternativesByTerm(query.terms, acronyms, synonyms), lexicalTerms: [...terms.values()], denseText, acronyms, synonyms };
  }

  /** How many of the question's words a thesaurus wording stands for, at `layPhraseWordShare` each; at least one. */
  private layPhraseFactor(source: string): number {
    return Math.max(1, this.settings.layPhraseWordShare * source.split(' ').length);
  }

  private relationWeights(): Record<SynonymRelation, number> {
    const { synonymWeight, derivedWeight, hypernymWeight, thesaurusWeight } = this.settings;
    return { synonym: synonymWeight, derived: derivedWeight, hypernym: hypernymWeight, thesaurus: thesaurusWeight };
  }

  /** Which expansion stands for which word of the question, so a match on "prisoners" can count for "inmates". */
  private alternativesByTerm(words: string[], acronyms: AcronymMatch[], synonyms: Synonym[]): QueryTerm[] {
    const weights = this.settings;
    const relationWeight = this.relationWeights();
    return words.map((word) => {
      const [stem] = contentStems(word);
      const fromSynonyms = synonyms
        .filter((s) => s.source.split(/[\s-]/).includes(word))
        .map((s) => ({ text: s.text, weight: relationWeight[s.relation], relation: s.relation, sameMeaning: s.mainSense }));
      const fromAcronyms = acronyms.flatMap(({ acronym, alternatives }) => {
        const namesAcronym = word === acronym.toLowerCase() || word === `${acronym.toLowerCase()}s`;
        const inLongForm = stem !== undefined && (this.acronyms.get(acronym) ?? []).some((form) => contentStems(form).includes(stem));
        return namesAcronym || inLongForm ? alternatives.map((text) => ({ text, weight: weights.acronymWeight, relation: 'acronym' as const, sameMeaning: true })) : [];
      });
      const inCorpus = stem !== undefined && this.vocabulary.has(stem);
      return { text: word, inCorpus, usage: inCorpus ? null : commonAsNoName(this.wordnet.usage(word)), alternatives: [...fromAcronyms, ...fromSynonyms] };
    });
  }
}

/**
 * How common a word is in English as a word that names no thing: its SemCor count when it is a verb, adjective
 * or adverb more often than a noun ("inside", "signed"), else 0. A noun the corpus lacks names a topic it does
 * not speak of ("the capital of Australia", "gambling"), however common the noun is.
 */
function commonAsNoName(usage: WordUsage): number {
  return usage.other > usage.noun ? usage.other : 0;
}
