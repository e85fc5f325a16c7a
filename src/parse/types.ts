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
  /** Stable across rebuilds: `<document>.<chapter>.<paragraph>` (chapter "0" when the document has none). */
  id: string;
  /** Id of the source document (its file name without extension). */
  document: string;
  /** Chapter numeral as printed ("III"), or null when the document has no chapters. */
  chapter: string | null;
  /** Year of the meeting the chapter reports on. */
  year: number | null;
  /** Meeting dates as printed in the chapter heading ("19–21 October 2021"). */
  meetingDates: string | null;
  /** Section title without its letter ("Background", "Chair's summary of the deliberations", "Way forward"). */
  section: string | null;
  /** The thematic heading the paragraph falls under, without its enumerator. */
  topic: string | null;
  /** Paragraph number as printed; for documents without numbers, the position in the file. */
  paragraph: number;
  /** Clean text: page breaks joined, footnotes and Markdown removed; list items on their own lines. */
  text: string;
  footnotes: Footnote[];
  /** Position of the paragraph in its document, from 0; orders neighbours. */
  order: number;
  /** 1-based line in the source file where the paragraph starts. */
  line: number;
}

export interface DocumentInfo {
  /** File name without extension; unique within the corpus. */
  id: string;
  /** File name relative to the corpus folder. */
  file: string;
  title: string;
  /** Short name used in citations ("CND thematic discussions"). */
  citationLabel: string;
}

/** Something odd in the input that the parser repaired or skipped, located for the person who owns the file. */
export interface ParseIssue {
  file: string;
  line?: number;
  message: string;
}

export interface ParsedDocument {
  document: DocumentInfo;
  paragraphs: Paragraph[];
  warnings: ParseIssue[];
}
