/**
 * Text to match literally inside a regular expression: every character with a meaning in patterns escaped.
 * @example
 * new RegExp(`\\b${escapeRegExp('E/CN.7')}\\b`).test('see E/CN.7 (2024)'); // true
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A pattern for any of the words or names, each standing whole (no letter or digit on either side), longest
 * first so that "Republic of Korea" is not read as "Korea".
 * @example
 * wholeWords(['naloxone'], 'iu').test('Naloxone kits'); // true
 * wholeWords(['naloxone'], 'iu').test('naloxones'); // false
 */
export function wholeWords(names: Iterable<string>, flags: string): RegExp {
  const alternatives = [...names].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, flags);
}
