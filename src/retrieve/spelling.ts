import { contentStems, contentTerms } from '../parse/terms.js';
import { MIN_CORRECTABLE_LENGTH } from '../store/spelling-variants.js';
import type { ParagraphStore } from '../store/types.js';
import type { Vocabulary } from './synonyms.js';
import type { WordNet } from './wordnet.js';
import type { CorrectedWord, SpellingCorrection } from './question-reading.js';
import { wholeWords } from './escape-reg-exp.js';

/**
 * Reads a misspelt question word as the corpus word it most likely stands for ("naloxne" → "naloxone"), so a
 * typo in a short search does not empty it. Only a word that neither the corpus nor English (WordNet) nor the
 * domain's wording knows is read again: "cops" is a real word, to be expanded, not corrected to "crops".
 */

/** Whether something other than the corpus knows the word: WordNet, the domain thesaurus, the acronym list. */
export type KnownWord = (word: string) => boolean;

/**
 * Edits a typed word may be from the word meant, by the longer of the two: one for words of five to seven letters
 * (two would reach too many other words), two from eight letters ("cannabsi" is one transposition; "naloxn" is
 * "naloxone" with two letters dropped).
 */
function maxEdits(typed: string, meant: string): number {
  return Math.max(typed.length, meant.length) >= 8 ? 2 : 1;
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and transpositions of adjacent
 * letters each count one, as people mistype.
 * @example
 * editDistance('cannabsi', 'cannabis'); // 1
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Letters only: a word with a digit is a number, a symbol or a code ("E/CN.7"), never a misspelling. */
const WORD = /(?<![\p{L}\p{N}])\p{L}+(?![\p{L}\p{N}])/gu;

export class SpellingCorrector {
  constructor(
    private readonly store: Pick<ParagraphStore, 'spellingCandidates'>,
    private readonly vocabulary: Vocabulary,
    private readonly isKnown: KnownWord,
  ) {}

  /**
   * The index's words, with WordNet and the domain's own wording as the English the corpus may not use.
   * @example
   * (await SpellingCorrector.fromStore(store, wordnet, (w) => thesaurus.knows(w)).correct('naloxne kits'))?.reading; // 'naloxone kits'
   */
  static fromStore(store: ParagraphStore, wordnet: WordNet, knownElsewhere: KnownWord, vocabulary: Vocabulary = store.vocabulary()): SpellingCorrector {
    return new SpellingCorrector(store, vocabulary, (word) => knownElsewhere(word) || wordnet.knows(word));
  }

  /** The question with its unknown words read as the likeliest corpus words, or null when no word needs it. */
  async correct(text: string): Promise<SpellingCorrection | null> {
    const typedWords = [...text.matchAll(WORD)];
    // Looked up together: each unknown word is one look-up in the store's spelling index.
    const corrections = await Promise.all(typedWords.map((match) => this.correctWord(match[0], isSentenceStart(text, match.index))));
    const words: CorrectedWord[] = [];
    let reading = '';
    let end = 0;
    typedWords.forEach((match, i) => {
      const corrected = corrections[i];
      if (corrected === null || corrected === undefined) return;
      const to = matchCase(match[0], corrected);
      words.push({ from: match[0], to });
      reading += text.slice(end, match.index) + to;
      end = match.index + match[0].length;
    });
    return words.length === 0 ? null : { original: text, reading: reading + text.slice(end), words };
  }

  private async correctWord(typed: string, startsSentence: boolean): Promise<string | null> {
    const word = typed.toLowerCase();
    if (word.length < MIN_CORRECTABLE_LENGTH) return null;
    // A capital inside a sentence names something (a person, a place) the corpus may simply not mention;
    // an all-capital word is an acronym.
    if ((typed !== word && !startsSentence) || (typed.length > 1 && typed === typed.toUpperCase())) return null;
    // A stop word or a question word ("which", "about") is not the topic, whatever its spelling.
    if (contentTerms(word).length === 0) return null;
    const [stem] = contentStems(word);
    if (stem !== undefined && this.vocabulary.has(stem)) return null;
    if (this.isKnown(word)) return null;

    let best: { word: string; distance: number; paragraphs: number } | null = null;
    for (const candidate of await this.store.spellingCandidates(word)) {
      const distance = editDistance(word, candidate.word);
      if (distance > maxEdits(word, candidate.word)) continue;
      // The nearest word first, and among equally near ones the one the corpus uses most: a typist is more likely
      // to have meant a common word than a rare one.
      if (best === null || distance < best.distance || (distance === best.distance && candidate.paragraphs > best.paragraphs)) {
        best = { ...candidate, distance };
      }
    }
    return best?.word ?? null;
  }
}

function isSentenceStart(text: string, offset: number): boolean {
  return /^[\s"'“‘(¿¡]*$/u.test(text.slice(0, offset)) || /[.?!]\s+$/u.test(text.slice(0, offset));
}

/** "Cannabsi" → "Cannabis": the reading keeps the typed capital. */
function matchCase(typed: string, word: string): string {
  return typed[0] !== typed[0]!.toLowerCase() ? word[0]!.toUpperCase() + word.slice(1) : word;
}

/**
 * A text with the words a correction read otherwise replaced by their readings, wherever they stand whole: the
 * topic of "What was said about naloxne in 2022?" is looked for as "naloxone".
 * @example
 * withCorrections('naloxne kits', [{ from: 'naloxne', to: 'naloxone' }]); // 'naloxone kits'
 */
export function withCorrections(text: string, words: readonly CorrectedWord[]): string {
  return words.reduce((read, { from, to }) => read.replace(wholeWords([from], 'giu'), to), text);
}
