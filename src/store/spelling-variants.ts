/**
 * The symmetric-delete index of SymSpell (Wolf Garbe, 2012) over the corpus's words: every word is stored under
 * each string it becomes with up to `MAX_EDIT_DISTANCE` letters deleted, and a misspelt word finds its
 * candidates by looking up its own deletions. Two strings within that many edits share a deletion, so the
 * look-up misses none; it also returns some further away, which the caller verifies with a true edit distance.
 * Built with the index, so a question costs one indexed query, whatever the size of the vocabulary.
 */

/** Edits a misspelling may be from the word meant: two covers a doubled and a dropped letter in long words. */
export const MAX_EDIT_DISTANCE = 2;

/** Words shorter than this are neither corrected nor offered as corrections: a short word has many real neighbours. */
export const MIN_CORRECTABLE_LENGTH = 5;

/**
 * Only the first letters count, as in SymSpell: a typo past them is caught by the remaining letters being equal,
 * and deletions of long words stay few (at most 7 + 21 for two edits).
 */
export const VARIANT_PREFIX_LENGTH = 7;

/**
 * The strings a word becomes with up to `maxDistance` letters deleted from its first `VARIANT_PREFIX_LENGTH`
 * letters, the prefix itself included.
 * @example
 * spellingVariants('naloxone', 1); // ['naloxon', 'aloxon', 'nloxon', 'naoxon', 'nalxon', 'naloon', 'naloxn', 'naloxo']
 */
export function spellingVariants(word: string, maxDistance: number = MAX_EDIT_DISTANCE): string[] {
  const prefix = [...word].slice(0, VARIANT_PREFIX_LENGTH).join('');
  const found = new Set<string>([prefix]);
  let frontier = [prefix];
  for (let distance = 1; distance <= maxDistance; distance++) {
    const next: string[] = [];
    for (const text of frontier) {
      const letters = [...text];
      if (letters.length <= 1) continue;
      for (let i = 0; i < letters.length; i++) {
        const deleted = [...letters.slice(0, i), ...letters.slice(i + 1)].join('');
        if (!found.has(deleted)) {
          found.add(deleted);
          next.push(deleted);
        }
      }
    }
    frontier = next;
  }
  return [...found];
}
