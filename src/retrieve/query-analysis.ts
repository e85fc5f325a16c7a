import { contentTerms } from '../parse/terms.js';

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

const TENS: Record<string, number> = { sixty: 60, seventy: 70, fifty: 50, eighty: 80 };

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
 * How the Commission on Narcotic Drugs counts its meetings. Its regular sessions are numbered from 1958
 * (the sixty-fourth session is 2021), and the thematic discussions that follow up the 2019 Ministerial
 * Declaration are counted in rounds, two of them in 2023.
 */
export const CND_CALENDAR = {
  sessionYear: (session: number) => 1957 + session,
  roundYear: new Map<number, number>([
    [1, 2019],
    [2, 2020],
    [3, 2021],
    [4, 2022],
    [5, 2023],
    [6, 2023],
  ]),
};

/**
 * A year followed by one of these names a document or a deadline ("the 2019 Ministerial Declaration",
 * "the 2024 midterm review"), not the meeting the question is about.
 */
const YEAR_AS_NAME = /^\s*(?:ministerial|political|joint|plan|world|ungass|outcome|midterm|mid-term|review|agenda|declaration|special session|final review|convention|protocol|single convention|commentary)\b/i;

const YEAR = /\b(19\d{2}|20\d{2})(?:['’]s)?\b/g;
const SESSION = /\b(?:the\s+)?((?:sixty|seventy|fifty|eighty)[-\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|\d{2}(?:st|nd|rd|th))\s+(?:CND\s+)?session\b/gi;
const ROUND = /\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|\dst|\dnd|\drd|\dth)\s+round\b(?:\s+of\s+(?:the\s+)?(?:CND\s+)?thematic\s+discussions?)?/gi;

/** "Which other years…", "in other sessions": the question looks away from the year it names. */
const OTHER_YEARS = /\b(?:other|different|remaining)\s+(?:years?|sessions?|rounds?|meetings?)\b/i;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
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

export function analyseQuery(question: string): AnalysedQuery {
  const years = new Set<number>();
  let topicText = question;

  topicText = topicText.replace(SESSION, (match, ordinal: string) => {
    const session = sessionOrdinalValue(ordinal);
    if (session === null) return match;
    years.add(CND_CALENDAR.sessionYear(session));
    return ' ';
  });
  topicText = topicText.replace(ROUND, (match, ordinal: string) => {
    const round = ordinalValue(ordinal);
    const year = round === null ? undefined : CND_CALENDAR.roundYear.get(round);
    if (year === undefined) return match;
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
