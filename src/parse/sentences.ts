/**
 * Sentence splitting for quoting. Intl.Segmenter (ICU) handles decimals, "e.g.", "para. 7" and quotes,
 * but breaks after an abbreviation followed by a capital ("H.E. Ambassador"), so those breaks are undone.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Ends of a segment that are abbreviations, not sentence ends, when a capital follows. */
const ABBREVIATION_END =
  /(?:^|[\s(])(?:(?:\p{Lu}\.){1,4}|(?:Mr|Mrs|Ms|Dr|Prof|No|Nos|para|paras|Art|St|vs|e\.g|i\.e|cf|Rev|Corp|Inc|Ltd|Jr|Sr|approx|Vol|pp?|Amb)\.)\s*$/u;

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  // List items and programme lines are printed on lines of their own: never one sentence across lines.
  for (const line of text.split('\n')) {
    let pending = '';
    for (const { segment } of segmenter.segment(line)) {
      pending += segment;
      if (!ABBREVIATION_END.test(pending)) {
        if (pending.trim()) sentences.push(pending.trim());
        pending = '';
      }
    }
    if (pending.trim()) sentences.push(pending.trim());
  }
  return sentences;
}
