/**
 * Small numbers as documents and questions spell them, in order: a word's index is its value. Shared by the
 * readers of counts in questions ("which three countries", "two years later") and of figures in passages ("one
 * in eight").
 * @example
 * NUMBER_WORDS.indexOf('eight'); // 8
 */
export const NUMBER_WORDS: readonly string[] = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];

/**
 * The value of a spelled number, or undefined for any other word.
 * @example
 * numberWordValue('Three'); // 3
 */
export function numberWordValue(word: string): number | undefined {
  const value = NUMBER_WORDS.indexOf(word.toLowerCase());
  return value === -1 ? undefined : value;
}
