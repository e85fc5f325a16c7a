/**
 * The example questions of the empty page, one for each way of using it. Each is checked against the real
 * pipeline by test/web/examples.test.ts, so an example that stops getting a good answer fails the tests.
 */
export interface Example {
  /** What the example shows, e.g. "A fact". */
  use: string;
  /** Asked in order; a second question is a follow-up to the first. */
  questions: readonly string[];
}

export const EXAMPLES: readonly Example[] = [
  { use: 'A fact', questions: ['Which Ambassador chaired the 2022 thematic discussions?'] },
  { use: 'A topic in one year', questions: ['What was said about drug checking services in 2023?'] },
  { use: 'A topic across the years', questions: ['How has alternative development been discussed over the years?'] },
  { use: 'A follow-up', questions: ['What was said about money laundering in 2021?', 'And in 2023?'] },
  { use: 'A theme in every year', questions: ['What was said about COVID-19?'] },
  { use: 'When and where', questions: ['When were the 2021 thematic discussions held?'] },
];
