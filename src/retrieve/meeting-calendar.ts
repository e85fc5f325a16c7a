import type { Paragraph } from '../parse/types.js';
import type { QueryDate } from './query-analysis.js';
import { MONTHS } from '../parse/months.js';

/** "16–18 October", "4 December": a day or a range of days, then the month. */
const DAYS_OF_MONTH = new RegExp(`(\\d{1,2})(?:\\s*[–-]\\s*(\\d{1,2}))?\\s+(${MONTHS.join('|')})`, 'gi');

interface MeetingDays {
  month: number;
  first: number;
  last: number;
}

/**
 * When each year's meeting was held, read from the meeting dates printed in the chapter headings
 * ("21–23 October and 4–6 December 2023"), so that a question naming a date but no year ("on 17 October",
 * "in December") can still be filtered to the one meeting held then.
 */
export class MeetingCalendar {
  private constructor(private readonly days: Map<number, MeetingDays[]>) {}

  static fromParagraphs(paragraphs: Iterable<Pick<Paragraph, 'year' | 'meetingDates'>>): MeetingCalendar {
    const days = new Map<number, MeetingDays[]>();
    const seen = new Set<string>();
    for (const { year, meetingDates } of paragraphs) {
      if (year === null || meetingDates === null || seen.has(`${year}/${meetingDates}`)) continue;
      seen.add(`${year}/${meetingDates}`);
      for (const [, first, last, month] of meetingDates.matchAll(DAYS_OF_MONTH)) {
        const range = { month: MONTHS.indexOf(month!.toLowerCase()) + 1, first: Number(first), last: Number(last ?? first) };
        days.set(year, [...(days.get(year) ?? []), range]);
      }
    }
    return new MeetingCalendar(days);
  }

  /**
   * The earliest or the latest meeting year on record ("the first meeting", "the latest session"); null for
   * none, or when no meeting is on record.
   * @example
   * calendar.yearInOrder('last'); // 2023 for meetings of 2019 to 2023
   */
  yearInOrder(order: 'first' | 'last' | null): number | null {
    if (order === null || this.days.size === 0) return null;
    const years = [...this.days.keys()];
    return order === 'first' ? Math.min(...years) : Math.max(...years);
  }

  /** The one meeting year every date falls in; null when the question names no date, or none or several meetings fit. */
  yearOf(dates: QueryDate[]): number | null {
    if (dates.length === 0) return null;
    const fitting = [...this.days].filter(([, ranges]) =>
      dates.every((d) => ranges.some((r) => r.month === d.month && (d.day === null || (d.day >= r.first && d.day <= r.last)))),
    );
    return fitting.length === 1 ? fitting[0]![0] : null;
  }
}
