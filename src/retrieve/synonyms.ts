import { LRUCache } from 'lru-cache';
import { contentStems } from '../parse/terms.js';
import type { Synset, WordNet } from './wordnet.js';

/**
 * Synonyms from WordNet for the lexical side, so "inmates" also matches "prisoners" and "weed" "cannabis".
 * WordNet knows every sense of a word and the corpus uses few of them, so only words the corpus contains are
 * kept: an expansion that matches nothing only costs a query, but one that matches the wrong sense of a
 * common word pulls in noise, which is why expansions are also weighted below the question's own words.
 */

/** How an expansion relates to the question's word; "thesaurus" is the domain's own wording (see domain-thesaurus.ts). */
export type SynonymRelation = 'synonym' | 'derived' | 'hypernym' | 'thesaurus';

interface Related {
  text: string;
  relation: Exclude<SynonymRelation, 'thesaurus'>;
  mainSense: boolean;
}

/** A word or phrase as the corpus writes it, with its stems. */
interface CorpusWording {
  text: string;
  stems: string[];
}

interface InCorpus extends Related {
  stems: string[];
  key: string;
}

export interface Synonym {
  /** A word or phrase of the corpus's vocabulary ("prisoner", "old person"). */
  text: string;
  /** The question's word or phrase it stands in for. */
  source: string;
  /**
   * A synonym shares a sense with the source; a derived form is the same word in another part of speech
   * ("registered" → "registration"); a hypernym names the class of one of its senses ("weed" → "cannabis").
   */
  relation: SynonymRelation;
  /**
   * Whether it says what the question's word most often means: a synonym in the word's most frequent sense (of
   * its part of speech), a derived form, or the domain thesaurus's reading. "great" shares a rarer sense with
   * "capital", so a corpus saying "great" does not mean it speaks of capitals.
   */
  mainSense: boolean;
}

/** How many senses of each part of speech count: WordNet lists them most frequent first, and rare senses mislead. */
const SENSES_PER_PART_OF_SPEECH = 3;
/** At most this many expansions per word of the question, synonyms of earlier senses first. */
const MAX_PER_SOURCE = 10;

/** How many paragraphs contain each Porter stem: the corpus's vocabulary, for keeping only expansions that can match. */
export type Vocabulary = ReadonlyMap<string, number>;

/** Whether some paragraph has these words in this order. */
export type PhraseLookup = (phrase: string) => Promise<boolean>;

export class SynonymFinder {
  /**
   * @param expandBelow only words in fewer paragraphs than this are expanded: a word the corpus uses often
   * already finds its paragraphs, and its synonyms mostly add other senses; a word it lacks ("inmates") or
   * rarely uses needs the corpus's own word ("prisoners").
   */
  constructor(
    private readonly wordnet: WordNet,
    private readonly vocabulary: Vocabulary,
    private readonly expandBelow: number,
    private readonly hasPhrase: PhraseLookup,
  ) {}

  /**
   * Expansions for the question's content words and for pairs of adjacent ones, which WordNet may know as one
   * entry ("senior citizens", "waste water"). `words` are the question's content words in order.
   */
  async find(words: string[]): Promise<Synonym[]> {
    const questionStems = new Set(words.flatMap((w) => contentStems(w)));
    // WordNet writes some compounds with a hyphen ("low-cost"), others with a space ("senior citizen").
    const pairs = words.slice(1).flatMap((w, i) => [`${words[i]} ${w}`, `${words[i]}-${w}`]);
    const sources = [...words.filter((w) => this.frequency(w) < this.expandBelow), ...pairs];
    const seen = new Set<string>();
    const found: Synonym[] = [];
    // Looked up together: a source's phrases may each need the store.
    const related = await Promise.all(sources.map((source) => this.inCorpus.memo(source)));
    for (const [i, source] of sources.entries()) {
      let added = 0;
      for (const { text, stems, key, relation, mainSense } of related[i]!) {
        if (added >= MAX_PER_SOURCE) break;
        // Nothing new: "programme" for "program" is new, "prison" for "prisons" is not.
        if (seen.has(key) || stems.every((s) => questionStems.has(s))) continue;
        seen.add(key);
        found.push({ text, source, relation, mainSense });
        added++;
      }
    }
    return found;
  }

  /**
   * A word's look-up walks its senses, their derived forms and classes, and checks phrases in the store; people
   * reuse their words from question to question: what a word leads to in this corpus is kept.
   */
  private readonly inCorpus = new LRUCache<string, Promise<InCorpus[]>>({
    max: 5000,
    memoMethod: (source) => {
      const found = this.lookUpInCorpus(source);
      // A look-up that failed (the database was out of reach) is not kept: the next question asks again.
      found.catch(() => this.inCorpus.delete(source));
      return found;
    },
  });

  /**
   * The word's related words that the corpus says, spelt as it does, stemmed: the same for every question. A
   * dictionary phrase counts only as a phrase: a corpus with "revenue" and "enhancement" here and there does
   * not say "revenue enhancement" (for "taxation"), and the phrase query would match nothing.
   */
  private async lookUpInCorpus(source: string): Promise<InCorpus[]> {
    const related = this.related(source);
    // Judged once per text: a word's senses share lemmas. Only a phrase needs the store, and all are asked at once.
    const wordings = new Map<string, CorpusWording | null>();
    for (const { text } of related) if (!wordings.has(text)) wordings.set(text, this.corpusWording(text));
    const phrases = [...wordings.values()].filter((w): w is CorpusWording => w !== null && w.stems.length > 1);
    const present = await Promise.all(phrases.map((w) => this.hasPhrase(w.text)));
    const absent = new Set(phrases.filter((_, i) => !present[i]));
    return related.flatMap(({ text, relation, mainSense }) => {
      const wording = wordings.get(text)!;
      return wording === null || absent.has(wording) ? [] : [{ text: wording.text, stems: wording.stems, key: wording.stems.join(' '), relation, mainSense }];
    });
  }

  /** A dictionary word as the corpus spells it, with its stems, when the corpus has every one of them; else null. */
  private corpusWording(related: string): CorpusWording | null {
    const text = this.corpusSpelling(related);
    const stems = contentStems(text);
    return stems.length > 0 && stems.every((s) => this.vocabulary.has(s)) ? { text, stems } : null;
  }

  /** Paragraphs containing the word's stem (for a phrase, its rarest word). */
  private frequency(text: string): number {
    return Math.min(...contentStems(text).map((s) => this.vocabulary.get(s) ?? 0));
  }

  /** WordNet hyphenates what the corpus may write as one word: "over-crowding" is "overcrowding" there. */
  private corpusSpelling(text: string): string {
    if (!text.includes('-')) return text;
    const joined = text.replace(/-/g, '');
    return contentStems(joined).every((s) => this.vocabulary.has(s)) ? joined : text;
  }

  /** Whether the synset is the lemma's most frequent sense of its part of speech. */
  private isFirstSenseOf(lemma: string, synset: Synset): boolean {
    return this.wordnet.firstSense(lemma, synset.pos) === synset.offset;
  }

  /** Lemmas sharing a frequent sense with the word, its derived forms, then the classes of its frequent senses ("auction" → "sell"). */
  private related(word: string): Related[] {
    const { synsets, lemmas: lemmaForms } = this.wordnet.senses(word);
    // The first senses of each part of speech, each marked when it is the first of its part of speech.
    const sensesSeen = new Map<Synset['pos'], number>();
    const senses: Array<{ synset: Synset; first: boolean }> = [];
    for (const synset of synsets) {
      const seen = sensesSeen.get(synset.pos) ?? 0;
      sensesSeen.set(synset.pos, seen + 1);
      if (seen < SENSES_PER_PART_OF_SPEECH) senses.push({ synset, first: seen === 0 });
    }
    // Same meaning both ways: the sense must be the first of the synonym's part of speech as well. "Gambling" and
    // "risk" share a sense of "gamble", but "risk" mostly means something else, so a corpus saying "risk" says
    // nothing of gambling.
    const synonyms = senses.flatMap(({ synset, first }) =>
      synset.lemmas.map((text) => ({ text, relation: 'synonym' as const, mainSense: first && this.isFirstSenseOf(text, synset) })),
    );
    const derived = senses.flatMap(({ synset }) =>
      synset.lemmas.filter((lemma) => lemmaForms.has(lemma)).flatMap((lemma) => this.wordnet.derivedForms(synset, lemma)),
    );
    const hypernyms = senses.flatMap(({ synset }) => this.wordnet.hypernyms(synset).flatMap((h) => h.lemmas));
    return [
      ...synonyms,
      ...derived.map((text) => ({ text, relation: 'derived' as const, mainSense: true })),
      ...hypernyms.map((text) => ({ text, relation: 'hypernym' as const, mainSense: false })),
    ];
  }
}
