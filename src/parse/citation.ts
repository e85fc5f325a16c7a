import type { DocumentInfo, DocumentRef, Paragraph } from './types.js';

type CitedDocument = Pick<DocumentInfo, 'citationLabel' | 'symbol' | 'title' | 'body' | 'session' | 'date'>;

/** "preamble, para. 3", "annex II, para. 1", "para. 24". */
function paragraphPlace(paragraph: Pick<Paragraph, 'part' | 'paragraph'>): string {
  return `${paragraph.part ? `${paragraph.part}, ` : ''}para. ${paragraph.paragraph}`;
}

/**
 * The short reference a delegate writes in a footnote. With a symbol: "E/CN.7/2024/CRP.5, para. 24 (CND thematic
 * discussions 2021, III)"; without: "CND thematic discussions 2021 (III), para. 24".
 * @example
 * formatCitation(paragraph, document); // "E/CN.7/2024/L.9, preamble, para. 3 (CND resolution 67/99, 2024)"
 */
export function formatCitation(paragraph: Paragraph, document: CitedDocument): string {
  if (document.symbol) {
    // A document labelled by its symbol alone is not named twice.
    const label = document.citationLabel === document.symbol ? null : document.citationLabel;
    const context = [[label, paragraph.year].filter(Boolean).join(' '), paragraph.chapter].filter(Boolean).join(', ');
    return `${document.symbol}, ${paragraphPlace(paragraph)}${context ? ` (${context})` : ''}`;
  }
  const where = [paragraph.year, paragraph.chapter && `(${paragraph.chapter})`].filter(Boolean).join(' ');
  return `${document.citationLabel}${where ? ` ${where}` : ''}, ${paragraphPlace(paragraph)}`;
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * Documents' dates as references write them ("4 March 2024"), by the ISO date: every reference of a document
 * has its date, and formatting one costs more than the rest of the reference. A corpus has few dates.
 */
const longDates = new Map<string, string>();

function longDate(isoDate: string): string {
  let formatted = longDates.get(isoDate);
  if (formatted === undefined) longDates.set(isoDate, (formatted = LONG_DATE.format(new Date(`${isoDate}T00:00:00Z`))));
  return formatted;
}

/**
 * The full reference a journalist can publish as it is, on one line: body and session, title, symbol and date,
 * chapter with its meeting dates, paragraph.
 * @example
 * formatReference(paragraph, document);
 * // 'Commission on Narcotic Drugs, sixty-seventh session, "Compilation of …", E/CN.7/2024/CRP.5 (4 March 2024), chap. III (19–21 October 2021), para. 24'
 */
export function formatReference(paragraph: Paragraph, document: CitedDocument): string {
  const issued = document.date ? longDate(document.date) : null;
  const identity = document.symbol ? `${document.symbol}${issued ? ` (${issued})` : ''}` : issued;
  const chapter = paragraph.chapter ? `chap. ${paragraph.chapter}${paragraph.meetingDates ? ` (${paragraph.meetingDates})` : ''}` : null;
  return [document.body, document.session, `"${document.title}"`, identity, chapter, paragraphPlace(paragraph)]
    .filter((part): part is string => Boolean(part))
    .join(', ');
}

/**
 * The document fields a citation carries to a reader.
 * @example
 * documentRef(document); // { id, symbol: 'E/CN.7/2024/CRP.5', title, citationLabel, body, session }
 */
export function documentRef({ id, symbol, title, citationLabel, body, session }: DocumentInfo): DocumentRef {
  return { id, symbol, title, citationLabel, body, session };
}
