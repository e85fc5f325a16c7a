/**
 * The format-neutral stream every format reader produces and the one UN structure reader consumes
 * (`un-structure.ts`): a PDF, a Word file and a Markdown conversion of the same document give the same blocks,
 * so numbered paragraphs, chapters, sections, topics and footnotes are recognised once, not once per format.
 *
 * A reader's job ends at what the format itself shows: where a block starts and ends, whether it is set as a
 * heading, in bold or as a list item, which footnotes it cites, and the page furniture (running headers and
 * footers) it removed. It never decides what a block means ("23." starting a paragraph, "A." a section).
 */

/** Where a block starts in its file: a line for text formats, a page for PDF; Word files have neither. */
export interface SourceLocation {
  /** 1-based line in a text file. */
  line?: number;
  /** 1-based page of a PDF. */
  page?: number;
}

/**
 * How the format set a block apart. `heading`: marked as a heading by the format (a Markdown `#`, a Word heading
 * style); `bold`: the whole block in bold, the pseudo-heading of converted and typed documents; `list-item`: a
 * bulleted item; `body`: running text.
 */
export type BlockStyle = 'heading' | 'bold' | 'list-item' | 'body';

export interface TextBlock {
  kind: 'text';
  /** Plain text on one line: markup, superscript footnote markers and line-end hyphenation removed. */
  text: string;
  style: BlockStyle;
  /** Markers of the footnotes this block cites, in order ("resolution 61/4¹" cites "1"). */
  references: string[];
  location: SourceLocation;
}

/** A footnote's text with its marker, where the format printed it (at the foot of a page, or in a footnote part). */
export interface FootnoteBlock {
  kind: 'footnote';
  marker: string;
  text: string;
  location: SourceLocation;
}

/** A boundary the format drew between blocks with nothing in it (a blank line); only text formats have them. */
export interface BreakBlock {
  kind: 'break';
}

export type Block = TextBlock | FootnoteBlock | BreakBlock;

/** What a format reader returns for one file. */
export interface BlockStream {
  blocks: Block[];
  /**
   * The running headers and footers the reader removed from every page, one string per line as printed (the
   * symbol "E/CN.7/2024/CRP.5", the job number "V.24-01234"): the structure reader looks for the document symbol
   * there when the first page does not print it in the body.
   */
  furniture: string[];
}
