/**
 * Which of many phrases a corpus holds, as a phrase search matches them: their stems one after another within
 * one column of a paragraph (every column weighs in BM25, so an occurrence in any is a match). One pass over the
 * corpus's stems, each position looking up only the phrases that begin with its stem, where asking the database
 * for each phrase took a sequential scan of every paragraph for a phrase it lacked (0.2 s at 100,000 paragraphs).
 * Phrases are given as their stems; an empty one is never present.
 * @example
 * const paragraphs = [[['drug', 'user', 'servic'], ['health'], []]];
 * presentPhrases(paragraphs, [['drug', 'user'], ['senior', 'citizen']]); // [true, false]
 */
export function presentPhrases(paragraphs: ReadonlyArray<ReadonlyArray<readonly string[]>>, phrases: ReadonlyArray<readonly string[]>): boolean[] {
  const present = phrases.map(() => false);
  // The phrases not found yet, by their first stem: a phrase found leaves its list, so that common stems stop costing.
  const waiting = new Map<string, number[]>();
  for (const [i, stems] of phrases.entries()) {
    if (stems.length === 0) continue;
    const list = waiting.get(stems[0]!);
    if (list === undefined) waiting.set(stems[0]!, [i]);
    else list.push(i);
  }
  for (const columns of paragraphs) {
    for (const column of columns) {
      for (let start = 0; start < column.length; start++) {
        const candidates = waiting.get(column[start]!);
        if (candidates === undefined) continue;
        for (let c = candidates.length - 1; c >= 0; c--) {
          const stems = phrases[candidates[c]!]!;
          if (start + stems.length > column.length) continue;
          let matches = true;
          for (let k = 1; k < stems.length && matches; k++) matches = column[start + k] === stems[k];
          if (!matches) continue;
          present[candidates[c]!] = true;
          candidates.splice(c, 1);
        }
        if (candidates.length === 0) waiting.delete(column[start]!);
      }
    }
  }
  return present;
}
