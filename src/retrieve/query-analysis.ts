import { contentTerms } from '../parse/terms.js';
import type { SessionCalendar } from './session-calendar.js';
import { MONTHS } from '../parse/months.js';

/**
 * What a question says besides its topic: the meeting year it names, and the words worth matching lexically.
 * People name a year in several ways ("in 2021", "the sixty-fourth session", "the third round"); each is
 * mapped to the year of the meeting so the retriever can filter on it.
 */
export interface AnalysedQuery {
  /** The question as asked. */
  original: string;
  /** The question without the words that only named the year: what gets embedded. */
  topicText: string;
  /** Content words for the lexical index (stop words and year expressions removed). */
  terms: string[];
  /** The meeting year named by the question, or null when it names none or several. */
  year: number | null;
  /** A year the question sets aside ("which other years…" after a question about 2020): results skip it. */
  excludedYear: number | null;
  /** Calendar dates the question names ("on 19 October", "in December 2023"), for matching meeting dates. */
  dates: QueryDate[];
}

/** A month, with a day when one is given. */
export interface QueryDate {
  /** 1 to 12. */
  month: number;
  day: number | null;
}

const ORDINALS = [
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth',
] as const;
const ORDINAL_SUFFIX = /^(\d+)(?:st|nd|rd|th)$/;

function ordinalValue(word: string): number | null {
  const lower = word.toLowerCase();
  const digits = ORDINAL_SUFFIX.exec(lower);
  if (digits) return Number(digits[1]);
  const index = ORDINALS.indexOf(lower as (typeof ORDINALS)[number]);
  return index >= 0 ? index + 1 : null;
}

const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/** "sixty-fourth" → 64, "64th" → 64. */
function sessionOrdinalValue(text: string): number | null {
  const digits = ORDINAL_SUFFIX.exec(text.toLowerCase());
  if (digits) return Number(digits[1]);
  const [tens, unit] = text.toLowerCase().split(/[-\s]/);
  const base = TENS[tens ?? ''];
  if (base === undefined) return null;
  if (unit === undefined) return null;
  const ones = ordinalValue(unit);
  return ones === null ? null : base + ones;
}

/**
 * A year followed by one of these names a document or a deadline ("the 2019 Ministerial Declaration",
 * "the 2024 midterm review"), not the meeting the question is about.
 */
const YEAR_AS_NAME = /^\s*(?:ministerial|political|joint|plan|world|ungass|outcome|midterm|mid-term|review|agenda|declaration|special session|final review|convention|protocol|single convention|commentary)\b/i;

const YEAR = /\b(19\d{2}|20\d{2})(?:['’]s)?\b/g;
const SESSION_ORDINAL = '((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|\\d{1,3}(?:st|nd|rd|th))';
const ROUND_ORDINAL = '(first|second|third|fourth|fifth|sixth|\\dst|\\dnd|\\drd|\\dth)';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * "the sixty-fourth session", "the 64th CND session", "the seventy-eighth session of the General Assembly", and
 * "the third round (of the CND thematic discussions)", with the body named before or after, for each body's calendar.
 */
function sessionPatterns(calendar: SessionCalendar): { session: RegExp; round: RegExp } {
  const names = `(${calendar.bodyNames().map(escapeRegExp).join('|')})`;
  return {
    session: new RegExp(`\\b(?:the\\s+)?${SESSION_ORDINAL}\\s+(?:${names}\\s+)?session\\b(?:\\s+of\\s+(?:the\\s+)?${names}\\b)?`, 'gi'),
    round: new RegExp(`\\b(?:the\\s+)?${ROUND_ORDINAL}\\s+round\\b(?:\\s+of\\s+(?:the\\s+)?(?:${names}\\s+)?thematic\\s+discussions?)?`, 'gi'),
  };
}

/** "Which other years…", "in other sessions": the question looks away from the year it names. */
const OTHER_YEARS = /\b(?:other|different|remaining)\s+(?:years?|sessions?|rounds?|meetings?)\b/i;

const MONTH = `(${MONTHS.join('|')})`;
/** "19 October", "19-21 October", "October 19", or a month alone when a year or "in" marks it as a date ("in December"). */
const DATE = new RegExp(`\\b(?:(\\d{1,2})(?:\\s*[–-]\\s*\\d{1,2})?\\s+${MONTH}|${MONTH}\\s+(\\d{1,2})(?!\\d)|(?:in|during|since|until|by)\\s+${MONTH}|${MONTH}(?=\\s+(?:19|20)\\d{2}))\\b`, 'gi');

function namedDates(text: string): QueryDate[] {
  const dates: QueryDate[] = [];
  for (const match of text.matchAll(DATE)) {
    const [, dayBefore, monthAfterDay, monthBeforeDay, dayAfter, monthAfterIn, monthBeforeYear] = match;
    const month = (monthAfterDay ?? monthBeforeDay ?? monthAfterIn ?? monthBeforeYear)!.toLowerCase();
    const day = dayBefore ?? dayAfter;
    dates.push({ month: MONTHS.indexOf(month) + 1, day: day === undefined ? null : Number(day) });
  }
  return dates;
}

const patternsByCalendar = new WeakMap<SessionCalendar, ReturnType<typeof sessionPatterns>>();

/**
 * Reads the year a question names, in any of its forms, and the words it is about.
 * @example
 * analyseQuery('What was said about prisons at the sixty-fourth session?', sessions).year; // 2021 for a CND corpus
 */
export function analyseQuery(question: string, calendar: SessionCalendar): AnalysedQuery {
  const years = new Set<number>();
  let topicText = question;
  let patterns = patternsByCalendar.get(calendar);
  if (!patterns) patternsByCalendar.set(calendar, (patterns = sessionPatterns(calendar)));

  topicText = topicText.replace(patterns.session, (match, ordinal: string, bodyBefore?: string, bodyAfter?: string) => {
    const session = sessionOrdinalValue(ordinal);
    const year = session === null ? null : calendar.sessionYear(session, bodyBefore ?? bodyAfter ?? null);
    if (year === null) return match;
    years.add(year);
    return ' ';
  });
  topicText = topicText.replace(patterns.round, (match, ordinal: string, body?: string) => {
    const round = ordinalValue(ordinal);
    const year = round === null ? null : calendar.roundYear(round, body ?? null);
    if (year === null) return match;
    years.add(year);
    return ' ';
  });
  topicText = topicText.replace(YEAR, (match, digits: string, offset: number, whole: string) => {
    if (YEAR_AS_NAME.test(whole.slice(offset + match.length))) return match;
    years.add(Number(digits));
    return ' ';
  });

  topicText = topicText
    .replace(/\b(?:in|during|at|for|from|of)\s+(?:the\s+)?(?=[\s?.!,]*$)/i, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const namedYear = years.size === 1 ? [...years][0]! : null;
  const looksAway = OTHER_YEARS.test(question);
  return {
    original: question,
    topicText: topicText || question,
    terms: contentTerms(topicText),
    year: looksAway ? null : namedYear,
    excludedYear: looksAway ? namedYear : null,
    dates: namedDates(question),
  };
}
