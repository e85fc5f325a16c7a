/**
 * The months as documents and questions write them, in order: index + 1 is the month's number. Shared by the
 * readers of dates in a masthead ("4 March 2024"), in meeting dates ("19–21 October") and in questions.
 * @example
 * MONTHS.indexOf('march') + 1; // 3
 */
export const MONTHS: readonly string[] = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
