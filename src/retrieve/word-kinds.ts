import { LRUCache } from 'lru-cache';
import type { WordNet, Synset } from './wordnet.js';
import { countriesAsked } from './countries.js';
import { regionsNamed } from './regions.js';

/**
 * The kinds of thing a conversation moves between by naming another of the same kind ("What about cocaine?" after
 * a question about cannabis, "What about young people?" after one about women), as WordNet classes: a word is of
 * a kind when one of its leading noun senses has the class among its hypernyms, at most `KIND_DEPTH` steps up.
 * Kept to classes whose members stand in for each other in a question; a class as broad as "group" or
 * "substance" would swap a thing for one merely near it.
 */
const KIND_CLASSES: ReadonlyMap<string, string> = new Map([
  ['person', 'people'],
  ['people', 'people'],
  ['drug', 'drug'],
  // A country, a continent and a region stand in for each other: "What about East Africa?" after a question
  // about West Africa, "And Colombia?" after one about Latin America.
  ['country', 'place'],
  ['continent', 'place'],
  ['geographical area', 'place'],
]);

/**
 * How many hypernym steps a word's sense may climb to reach its class: "cocaine" → "hard drug" → "narcotic" →
 * "drug" is three; "woman" → "female" → "person" is two. One more step takes "hiv" to "ill health".
 */
const KIND_DEPTH = 3;

const NO_KIND = '';

/**
 * How many of a word's noun senses, most frequent first, may give it a kind: "cannabis" the plant comes before
 * "cannabis" the drug; senses after the second are rare ones ("charwoman" for "woman").
 */
const LEADING_SENSES = 2;

/** Words whose kind is kept: people reuse their words from turn to turn, and a server meets new ones without end. */
const KEPT_KINDS = 5000;

/**
 * Which kind of thing a word names, for a conversation that swaps one thing for another of its kind.
 * @example
 * const kinds = new WordKinds(new WordNet());
 * kinds.kindOf('cocaine') === kinds.kindOf('cannabis'); // true: both 'drug'
 */
export class WordKinds {
  private readonly wordnet: WordNet;
  // lru-cache keeps no undefined: a word of no kind is kept as NO_KIND.
  private readonly known = new LRUCache<string, string>({ max: KEPT_KINDS, memoMethod: (word) => this.kindOfSenses(this.leadingSenses(word)) ?? NO_KIND });

  constructor(wordnet: WordNet) {
    this.wordnet = wordnet;
  }

  /**
   * The word's kind ('people', 'drug' or 'place'), or null when WordNet gives it none of these.
   * @example
   * kinds.kindOf('women'); // 'people'
   */
  kindOf(word: string): string | null {
    // A country's or a region's name is a place whatever WordNet makes of it ("the Andes", a mountain range).
    if (countriesAsked(word).length > 0 || regionsNamed(word).length > 0) return 'place';
    const kind = this.known.memo(word.toLowerCase());
    return kind === NO_KIND ? null : kind;
  }

  /**
   * Whether WordNet knows the word as an adjective: a modifier a swapped noun takes with it ("young" in "young
   * people", "synthetic" in "synthetic drugs").
   * @example
   * kinds.modifies('older'); // true
   */
  modifies(word: string): boolean {
    // From the index alone: no synset needs reading to know that one exists.
    return this.wordnet.firstSense(word, 'adj') !== null;
  }

  /** Each lemma's own leading noun senses: "men" is a lemma (the work force) and so is "man". */
  private leadingSenses(word: string): Synset[] {
    return this.wordnet.lemmas(word, 'noun').flatMap((lemma) => this.wordnet.lookup(lemma, ['noun']).slice(0, LEADING_SENSES));
  }

  private kindOfSenses(senses: Synset[]): string | null {
    for (const sense of senses) {
      let level = [sense];
      for (let step = 0; step <= KIND_DEPTH && level.length > 0; step++) {
        for (const synset of level) {
          const kind = synset.lemmas.map((lemma) => KIND_CLASSES.get(lemma)).find((found) => found !== undefined);
          if (kind !== undefined) return kind;
        }
        level = level.flatMap((synset) => this.wordnet.hypernyms(synset));
      }
    }
    return null;
  }
}
