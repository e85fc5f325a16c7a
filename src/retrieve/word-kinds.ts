import type { WordNet, Synset } from './wordnet.js';

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
  ['country', 'country'],
]);

/**
 * How many hypernym steps a word's sense may climb to reach its class: "cocaine" → "hard drug" → "narcotic" →
 * "drug" is three; "woman" → "female" → "person" is two. One more step takes "hiv" to "ill health".
 */
const KIND_DEPTH = 3;

/**
 * How many of a word's noun senses, most frequent first, may give it a kind: "cannabis" the plant comes before
 * "cannabis" the drug; senses after the second are rare ones ("charwoman" for "woman").
 */
const LEADING_SENSES = 2;

/**
 * Which kind of thing a word names, for a conversation that swaps one thing for another of its kind.
 * @example
 * const kinds = new WordKinds(new WordNet());
 * kinds.kindOf('cocaine') === kinds.kindOf('cannabis'); // true: both 'drug'
 */
export class WordKinds {
  private readonly wordnet: WordNet;
  private readonly known = new Map<string, string | null>();

  constructor(wordnet: WordNet) {
    this.wordnet = wordnet;
  }

  /**
   * The word's kind ('people', 'drug' or 'country'), or null when WordNet gives it none of these.
   * @example
   * kinds.kindOf('women'); // 'people'
   */
  kindOf(word: string): string | null {
    const key = word.toLowerCase();
    let kind = this.known.get(key);
    if (kind === undefined) {
      // Each lemma's own leading senses: "men" is a lemma (the work force) and so is "man".
      const senses = this.wordnet.lemmas(key, 'noun').flatMap((lemma) => this.wordnet.lookup(lemma, ['noun']).slice(0, LEADING_SENSES));
      kind = this.kindOfSenses(senses);
      this.known.set(key, kind);
    }
    return kind;
  }

  /**
   * Whether WordNet knows the word as an adjective: a modifier a swapped noun takes with it ("young" in "young
   * people", "synthetic" in "synthetic drugs").
   * @example
   * kinds.modifies('older'); // true
   */
  modifies(word: string): boolean {
    return this.wordnet.lookup(word.toLowerCase(), ['adj']).length > 0;
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
