import { MONTHS } from '../parse/months.js';
import { NUMBER_WORDS, numberWordValue } from '../parse/number-words.js';

/**
 * Figures a text names, as digits, to tell whether a passage speaks of the figure a question names: "the 87
 * newly identified NPS" is asked about, and a passage without 87 is about other NPS.
 */

/**
 * A figure standing alone: not part of a name or code ("COVID-19", "resolution 66/3", "S/2023/1") nor of a
 * word; thousands separators and decimals kept ("1,200", "16.4").
 */
const FIGURE = /(?<![\p{L}\p{N}\-/.,])\d+(?:[.,]\d+)*(?![\p{L}\p{N}\-/]|[.,]\d)/gu;

/** A meeting's year: questions name it to choose the year, which the year filter already does. */
const YEAR = /^(?:19|20)\d\d$/;
/**
 * How many things a question asks to be named ("Which 5 countries spoke first?", "Name 3 programmes"): a passage
 * that names them answers it without stating the number. "Which are the 100 countries…" names a set by its size.
 */
const LIST_SIZE = /\b(?:which|what|name|list|top)\s+\d+\b/giu;
/**
 * A meeting's day ("the 23 October session", "on October 23"): it says when the meeting was, which the paragraphs
 * of its summary seldom repeat.
 */
const DAY_OF_MONTH = new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS.join('|')})\\b|\\b(?:${MONTHS.join('|')})\\s+\\d{1,2}\\b`, 'giu');

/** Small numbers a passage may spell out ("one in eight" for "1 in 8"). */
const SPELT_NUMBER = new RegExp(`\\b(${NUMBER_WORDS.join('|')})\\b`, 'giu');

function digitsOf(figure: string): string {
  // "1,200" and "1200" are one figure; a decimal comma or point stays ("16.4").
  return /^\d{1,3}(?:,\d{3})+$/.test(figure) ? figure.replace(/,/g, '') : figure;
}

/**
 * The figures a question names, other than the years it names: each must stand in a passage that answers it.
 * @example
 * figuresAskedAbout('Which substances were among the 87 newly identified NPS in 2021?'); // ['87']
 * figuresAskedAbout('How did COVID-19 change treatment in 2020?'); // []
 * figuresAskedAbout('Who moderated the 17 October 2019 session?'); // []
 * figuresAskedAbout('Which 5 countries spoke first?'); // []
 */
export function figuresAskedAbout(question: string): string[] {
  const figures = [...question.replace(DAY_OF_MONTH, ' ').replace(LIST_SIZE, ' ').matchAll(FIGURE)].map((m) => digitsOf(m[0])).filter((figure) => !YEAR.test(figure));
  return [...new Set(figures)];
}

/**
 * The figures a passage states, written as digits or as words up to twenty.
 * @example
 * figuresStated('only one in eight persons had access to treatment; 1,200 services'); // Set {'1', '8', '1200'}
 */
export function figuresStated(text: string): Set<string> {
  const figures = new Set([...text.matchAll(FIGURE)].map((m) => digitsOf(m[0])));
  for (const m of text.matchAll(SPELT_NUMBER)) figures.add(String(numberWordValue(m[1]!)));
  return figures;
}
