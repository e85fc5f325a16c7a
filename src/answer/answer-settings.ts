/**
 * How answer sentences are ranked and when the evidence is too weak to answer. Similarities of a weak model
 * are low and compressed, so the threshold must be measured for each model, never carried over.
 */
export interface AnswerSettings {
  /** Weight of the idf-weighted share of the question's words a sentence contains. */
  lexicalWeight: number;
  /** Weight of the cosine similarity between question and sentence vectors. */
  denseWeight: number;
  /** Weight of the paragraph's retrieval rank (1 for the first, 1/2 for the second...). */
  rankWeight: number;
  /** Bonus for a sentence holding what a factoid asks for (a number for "how many"). */
  cueWeight: number;
  /** Below this evidence strength the answer abstains. */
  abstainBelow: number;
  /**
   * Share of a synonym's retrieval weight that counts when a sentence has the synonym instead of the question's
   * word: WordNet's senses are broad ("capital" → "great"), so a synonym is weaker evidence than the word itself.
   */
  synonymCredit: number;
  /**
   * Abstain when words the corpus never uses, even through an expansion in the same meaning, carry more than this
   * share of the question's weight (idf): the question is then about something the documents do not mention
   * ("kratom", "the Mona Lisa").
   */
  maxUnknownShare: number;
  /**
   * How common in general English (WordNet's SemCor count) a word the corpus lacks must be to weigh half as much as
   * a word nothing in English uses: it weighs the corpus's highest idf × this / (this + its count). "kratom" (0)
   * keeps the full weight, "inside" (44) a small one: the corpus not using a common word says little about
   * whether it speaks of the question. From 1 (common words weigh almost nothing) to 1000 (all weigh the same).
   */
  commonWordUsage: number;
  /**
   * Two sentences whose vectors are at least this close (cosine) say the same, and an answer quotes one of them;
   * null when the model's vectors cannot tell (sentences sharing most of their words are repeats either way).
   * From 0.8 (a good sentence model's paraphrases) to 1; null for a model whose sentences on one topic all lie
   * that close.
   */
  sameMeaningCosine: number | null;
}

/** For models without measured settings: words and vectors count about equally, as for a good hub model. */
const DEFAULT_ANSWER_SETTINGS: AnswerSettings = {
  lexicalWeight: 0.6,
  denseWeight: 0.4,
  rankWeight: 0.1,
  cueWeight: 0.15,
  abstainBelow: 0.3,
  synonymCredit: 0.5,
  maxUnknownShare: 0.5,
  commonWordUsage: 10,
  sameMeaningCosine: 0.9,
};

/** Settings measured for a model, by the id the embedder reports. */
const MEASURED: Record<string, AnswerSettings> = {
  // `npm run eval -- --tune-answers`, last on 2026-12-03 over 1,109 questions (dev, held-out, calibration and the
  // six tuned-on unseen sets), five-fold cross-validated balanced accuracy of answered against held back: 0.897.
  // abstainBelow 0.1 was chosen in four folds of five. The grid is flat at the top: 0.907 at maxUnknownShare 0.5
  // with commonWordUsage 10, 0.904 at the 0.6 and 30 kept, which put more facts in answers (0.738 against 0.731):
  // a difference of a few questions either way. Paraphrases share few words with their answer and this model's
  // similarities are low: a higher evidence threshold mostly refuses answerable questions, while the unknown
  // words catch the questions the documents never mention.
  // Its vectors put "opposed the death penalty" and "the death penalty was not forbidden by international law"
  // at cosine 0.9 or more: on the sets tuned on (859 facts) no threshold put 652 in answers, 0.95 651, 0.9 650.
  'offline/minilm-wordnet-embed': { ...DEFAULT_ANSWER_SETTINGS, abstainBelow: 0.1, maxUnknownShare: 0.6, commonWordUsage: 30, sameMeaningCosine: null },
};

/**
 * The answer settings measured for an embedding model, or the defaults.
 * @example
 * new CitedAnswerer({ retriever, store, embedder, settings: answerSettingsFor(embedder.modelId) });
 */
export function answerSettingsFor(modelId: string): AnswerSettings {
  return MEASURED[modelId] ?? DEFAULT_ANSWER_SETTINGS;
}

/** Whether `answerSettingsFor` has measured settings for the model rather than the defaults. */
export function hasMeasuredAnswerSettings(modelId: string): boolean {
  return modelId in MEASURED;
}
