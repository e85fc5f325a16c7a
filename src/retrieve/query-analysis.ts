import { contentTerms } from '../parse/terms.js';
import type { SessionCalendar } from './session-calendar.js';
import { MONTHS } from '../parse/months.js';
import type { YearSpan } from './question-reading.js';
import { escapeRegExp } from './escape-reg-exp.js';

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
  /** The meeting year named by the question, or null when it names none or several, or names a span. */
  year: number | null;
  /**
   * What the named year dates: the meeting ("at the 2021 session", "what was said in 2021"), or a figure or event
   * ("how many deaths were recorded in 2020"), which that meeting or a later one may report. Null without a year.
   */
  yearDates: 'meeting' | 'figure' | null;
  /** Meeting years the question spans instead of naming one: "over the years" (all), "since 2021", "between 2019 and 2021". */
  span: YearSpan | null;
  /** A year the question sets aside ("which other years…" after a question about 2020): results skip it. */
  excludedYear: number | null;
  /** Calendar dates the question names ("on 19 October", "in December 2023"), for matching meeting dates. */
  dates: QueryDate[];
  /** A meeting named by its place among those on record: "the first meeting" (the earliest), "the latest session". */
  meetingInOrder: 'first' | 'last' | null;
  /** The meeting years a question names two or more of, not as a span: "Compare 2019 and 2023 on cannabis". */
  meetingYears: number[];
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

/** A year after "by" is a target ("end the AIDS epidemic by 2030"), not the meeting the question is about. */
const YEAR_AS_TARGET = /\bby\s+$/i;

const YEAR = /\b(19\d{2}|20\d{2})(?:['’]s)?\b/g;
const SESSION_ORDINAL = '((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|\\d{1,3}(?:st|nd|rd|th))';
const ROUND_ORDINAL = '(first|second|third|fourth|fifth|sixth|\\dst|\\dnd|\\drd|\\dth)';

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

const SPAN_YEAR = '((?:19|20)\\d{2})';
/** "over the years", "across the sessions", "each year", "over time": every year the documents cover. */
const ALL_YEARS = /\b(?:over|across|through(?:out)?|during|in)\s+(?:(?:all|each\s+of)\s+)?(?:the\s+)?(?:recent\s+|successive\s+|various\s+|past\s+|last\s+(?:few|five)\s+)?(?:years|sessions|meetings|rounds)\b|\b(?:each|every)\s+(?:year|session|round)\b|\ball\s+(?:the\s+)?(?:years|sessions|rounds)\b|\bover\s+time\b|\byear\s+(?:by|after|on)\s+year\b/i;
/** "between 2019 and 2021", "from 2019 to 2021", "2019–2021". */
const YEAR_RANGE = new RegExp(`\\b(?:between\\s+${SPAN_YEAR}\\s+and|from\\s+${SPAN_YEAR}\\s+(?:to|until|through)|${SPAN_YEAR}\\s*[–-])\\s*${SPAN_YEAR}\\b`, 'i');
/** "since 2021", "from 2020 on", "after 2020": that year (the next, for "after") and every later one. */
const YEARS_FROM = new RegExp(`\\b(since|from|after)\\s+${SPAN_YEAR}(?:\\s+(?:on|onwards?))?\\b`, 'i');
/** "until 2021", "before 2022", "up to 2021". */
const YEARS_TO = new RegExp(`\\b(until|till|before|up\\s+to|through)\\s+${SPAN_YEAR}\\b`, 'i');

function namedSpan(text: string): { span: YearSpan; rest: string } | null {
  const range = YEAR_RANGE.exec(text);
  if (range) {
    const [first, second] = [range[1] ?? range[2] ?? range[3], range[4]].map(Number) as [number, number];
    return { span: { from: Math.min(first, second), to: Math.max(first, second) }, rest: text.replace(range[0], ' ') };
  }
  const from = YEARS_FROM.exec(text);
  if (from) {
    const year = Number(from[2]);
    return { span: { from: from[1]!.toLowerCase() === 'after' ? year + 1 : year, to: null }, rest: text.replace(from[0], ' ') };
  }
  const to = YEARS_TO.exec(text);
  if (to) {
    const year = Number(to[2]);
    return { span: { from: null, to: to[1]!.toLowerCase() === 'before' ? year - 1 : year }, rest: text.replace(to[0], ' ') };
  }
  const all = ALL_YEARS.exec(text);
  return all ? { span: { from: null, to: null }, rest: text.replace(all[0], ' ') } : null;
}

/**
 * Words that make a question about a meeting (what was said or done there), whatever else it asks: "How many
 * people registered for the 2021 discussions?" counts the meeting's participants.
 */
const ABOUT_THE_MEETING = /\b(?:said|say|says|saying|discuss(?:ed|es|ion|ions)?|mention(?:ed|s)?|rais(?:ed|e)|not(?:ed|e)|highlight(?:ed|s)?|stress(?:ed|es)?|emphasi[sz]ed|talk(?:ed)?|debat(?:ed|e)|address(?:ed)?|present(?:ed|ation|ations)?|recommend(?:ed|ations?)?|speakers?|panel(?:s|lists?)?|sessions?|meetings?|discussions?|chair(?:ed|s)?|moderat(?:ed|or|ors)|participa(?:nts?|ted|tion)|attend(?:ed|ance|ees)?|regist(?:ered|ration|rations)|delegat(?:es|ions?)|statements?|thematic|commission|cnd|held|took\s+place|organi[sz]ed)\b/i;
/**
 * Whether the text speaks of the meeting itself (what was said, who chaired, moderated, took part): a short
 * follow-up made of such words ("Who moderated the second day?") has no topic of its own.
 * @example
 * speaksOfTheMeeting('moderated'); // true
 */
export function speaksOfTheMeeting(text: string): boolean {
  return ABOUT_THE_MEETING.test(text);
}

/** What a figure or an event is: counted, recorded, seized, grown, died... (deaths, not "the death penalty"). */
const FIGURE_OR_EVENT = /\b(?:how\s+(?:many|much)|number\s+of|rate\s+of|percentage|proportion|share\s+of|per\s*cent|deaths|death\s+(?:toll|rates?)|died|killed|overdoses?|seiz(?:ed|ures?)|record(?:ed|s)?|produc(?:ed|tion)|cultivat(?:ed|ion)|harvest(?:ed)?|estimat(?:ed|es?)|prevalence|ro[sw]e|fell|increas(?:ed|e)|decreas(?:ed|e)|declin(?:ed|e)|dismantled|arrest(?:ed|s)|convicted|sentenced|executed|trafficked)\b/i;

/**
 * Words that place a question in the present ("Are more old people using drugs these days?"), which the record,
 * dated by its meetings, never echoes: matched as words, "days" found the meetings' day-by-day programmes.
 */
const PRESENT_TIME = /\b(?:these\s+days|nowadays|right\s+now|at\s+the\s+moment|at\s+present|lately|any\s*more)\b/gi;

/**
 * A request's opening verb ("List the chairs…", "Compare what was said…", "Describe…"), which asks rather than says
 * what it is about: matched as a word, "list" found "the listing of substances" and "compare" "comparable data".
 */
const OPENING_REQUEST = /^\s*(?:please\s+)?(?:list|compare|name|show(?:\s+me)?|give\s+me|describe|explain|outline|find|quote|cite)\b(?:\s+(?:me|us))?(?:\s+all)?/i;
/**
 * Words for the record's own parts and wording ("Which paragraph mentions captagon?", "the citation for…", "Was
 * the word 'harm reduction' used…"), which ask where the record says something, not what: matched as words,
 * "paragraph" found "paragraph 7 of the Way forward". ("sentences" stays: people are sentenced.)
 */
const PASSAGE_WORDS =
  /\b(?:paragraphs?|paras?|passages?|citations?|quotations?|quotes?|wording|(?:(?:use|used|using|mention|mentioned)\s+)?the\s+(?:words?|terms?|phrases?|expressions?)(?=\s+(?:["'“‘]|\w)))\b/gi;

/**
 * "How do countries deal with drug users in prison?": how something is handled, which names no topic; matched as
 * a word, "deal" found the drug "dealers" of another paragraph.
 */
const HANDLING = /\b(?:deal|deals|dealing|dealt|cope|copes|coping|coped)\s+with\b/gi;

/**
 * "How did the discussion of cannabis change between 2019 and 2023?", "How has alternative development evolved?":
 * asks how what was said of a topic changed from meeting to meeting, which the meetings' words on the topic show;
 * the words that frame it ("discussion", "change") are not the topic, and matched as words they found "changes in
 * the range of drugs" and "changing use patterns".
 */
const HOW_IT_CHANGED =
  /^\s*how\s+(?:did|has|have|had)\s+(?:the\s+)?(?:(?:discussions?|debates?|talks?|thinking|positions?|views?|focus|tone|language|conversations?|attention)\s+(?:of|on|about|around|regarding|over)\s+)?(.+?)\s+(?:changed?|evolved?|developed?|shift(?:ed)?|moved?|progress(?:ed)?)\b/i;

/**
 * "What was the first meeting about?", "Summarise the latest session": the earliest or the latest meeting on
 * record. ("The first session" is the Commission's first, in 1946, which the session calendar reads; "the first
 * intersessional meeting" is each year's own.)
 */
const MEETING_IN_ORDER = /\b(?:the\s+)?(?:(first|earliest)\s+(?:meeting|year|thematic\s+discussions|discussions)|(last|latest|most\s+recent|final|newest)\s+(?:meeting|session|year|round|thematic\s+discussions|discussions))\b/i;

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
  const spanned = namedSpan(question);
  let topicText = (spanned?.rest ?? question).replace(HOW_IT_CHANGED, '$1').replace(HANDLING, ' ').replace(OPENING_REQUEST, ' ').replace(PRESENT_TIME, ' ').replace(PASSAGE_WORDS, ' ');
  // A year named only by the plain number can date a figure; a session or round names the meeting itself.
  let namedByNumber = false;
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
    if (YEAR_AS_NAME.test(whole.slice(offset + match.length)) || YEAR_AS_TARGET.test(whole.slice(0, offset))) return match;
    years.add(Number(digits));
    namedByNumber = true;
    return ' ';
  });

  let meetingInOrder: AnalysedQuery['meetingInOrder'] = null;
  if (years.size === 0 && spanned === null) {
    topicText = topicText.replace(MEETING_IN_ORDER, (_match, first?: string) => {
      meetingInOrder = first === undefined ? 'last' : 'first';
      return ' ';
    });
  }

  // The year's preposition goes with it: "reported in 2021, according to…" is "reported, according to…".
  topicText = topicText
    .replace(/\b(?:in|during|at|for|from|of)\s+(?:the\s+)?(?=[\s?.!,]*$|\s*,)/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const namedYear = spanned !== null || years.size !== 1 ? null : [...years][0]!;
  const looksAway = OTHER_YEARS.test(question);
  const year = looksAway ? null : namedYear;
  const datesFigure = year !== null && namedByNumber && FIGURE_OR_EVENT.test(question) && !ABOUT_THE_MEETING.test(question);
  return {
    original: question,
    topicText: topicText || question,
    terms: contentTerms(topicText),
    year,
    yearDates: year === null ? null : datesFigure ? 'figure' : 'meeting',
    span: spanned?.span ?? null,
    excludedYear: looksAway ? namedYear : null,
    dates: namedDates(question),
    meetingInOrder,
    // A figure's years ("deaths in 2019 and 2021") may be reported by later meetings: only meetings are compared.
    meetingYears: years.size >= 2 && spanned === null && !looksAway && !FIGURE_OR_EVENT.test(question) ? [...years].sort((a, b) => a - b) : [],
  };
}
