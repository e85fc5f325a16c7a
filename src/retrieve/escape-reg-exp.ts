/**
 * Text to match literally inside a regular expression: every character with a meaning in patterns escaped.
 * @example
 * new RegExp(`\\b${escapeRegExp('E/CN.7')}\\b`).test('see E/CN.7 (2024)'); // true
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
