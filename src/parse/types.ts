/** A footnote printed at the foot of a page, re-attached to the paragraph that cites it. */
export interface Footnote {
  /** The marker as printed ("1", "8", "*"). */
  marker: string;
  text: string;
}

/**
 * One numbered paragraph of a document, with everything needed to cite it.
 * This is the unit that is embedded, indexed, retrieved and quoted.
 */
export interface Paragraph {
  /**
   * Stable across rebuilds: `<document>.<chapter>.<paragraph>` (chapter "0" when the document has none), with the
   * part between when there is one: `<document>.preamble.0.3`, `<document>.annex-II.0.1`.
   */
  id: string;
  /** Id of the source document (its file name without extension). */
  document: string;
  /** The part outside the main body the paragraph stands in ("preamble", "annex", "annex II"), or null. */
  part: string | null;
  /** Chapter numeral as printed ("III"), or null when the document has no chapters. */
  chapter: string | null;
  /** Year of the meeting the chapter reports on; otherwise the document's year; null when neither is known. */
  year: number | null;
  /** Meeting dates as printed in the chapter heading ("19–21 October 2021"). */
  meetingDates: string | null;
  /** Section title without its letter ("Background", "Chair's summary of the deliberations", "Way forward"). */
  section: string | null;
  /** The thematic heading the paragraph falls under, without its enumerator. */
  topic: string | null;
  /** Paragraph number as printed; for preambles and documents without numbers, the position in the part. */
  paragraph: number;
  /** Clean text: page breaks joined, footnotes and Markdown removed; list items on their own lines. */
  text: string;
  footnotes: Footnote[];
  /** Position of the paragraph in its document, from 0; orders neighbours. */
  order: number;
  /** 1-based line in the source file where the paragraph starts (text formats). */
  line: number | null;
  /** 1-based page where the paragraph starts (PDF). */
  page: number | null;
}

export interface DocumentInfo {
  /** File name without extension; unique within the corpus. */
  id: string;
  /** File name relative to the corpus folder. */
  file: string;
  title: string;
  /** Short name used in citations ("CND thematic discussions"). */
  citationLabel: string;
  /** UN document symbol ("E/CN.7/2024/CRP.5"), or null when neither the document nor its meta.json gives one. */
  symbol: string | null;
  /** Issuing body ("Commission on Narcotic Drugs"). */
  body: string | null;
  /** The body's session, as printed ("sixty-seventh session"). */
  session: string | null;
  /** Date of issue, ISO ("2024-03-04"). */
  date: string | null;
  /** The year paragraphs take when their chapter names no meeting year: meta.json's, else the date's. */
  year: number | null;
}

/** What a citation shows of its document. */
export type DocumentRef = Pick<DocumentInfo, 'id' | 'symbol' | 'title' | 'citationLabel' | 'body' | 'session'>;

/** Something odd in the input that the parser repaired or skipped, located for the person who owns the file. */
export interface ParseIssue {
  file: string;
  line?: number;
  page?: number;
  message: string;
}

export interface ParsedDocument {
  document: DocumentInfo;
  paragraphs: Paragraph[];
  warnings: ParseIssue[];
}
