import { footnoteReferences, plainText } from './inline-markdown.js';
import type { DocumentInfo, Footnote, Paragraph, ParseIssue, ParsedDocument } from './types.js';

/**
 * Parser for United Nations documents converted from PDF to Markdown: chapters ("I. ..."), lettered
 * sections ("A. Background"), enumerated topic headings ("(b) ...") and numbered paragraphs ("23. ...").
 *
 * The conversion damages the structure in ways this parser repairs rather than trusts:
 * - heading levels are arbitrary (#, ####, bold lines, bold after the enumerator, even list items),
 *   so a heading is recognised by its shape and by the numbering sequence, never by its level;
 * - page breaks split paragraphs and drop footnotes and rules into the middle of them;
 * - a heading can be displaced above the heading it should follow.
 * Documents without numbered paragraphs fall back to blank-line paragraphs.
 */

export class ParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    /** What is wrong, without the location. */
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
    this.name = 'ParseError';
  }
}

export interface DocumentOptions {
  /** Document id: the file name without extension. */
  id: string;
  /** File name as shown in messages. */
  file: string;
  title?: string;
  citationLabel?: string;
}

type LineKind =
  | { kind: 'blank' }
  | { kind: 'ignored' }
  | { kind: 'footnote'; marker: string; markdown: string }
  | { kind: 'numbered'; number: number; markdown: string }
  | { kind: 'heading'; markdown: string; text: string }
  | { kind: 'bullet'; markdown: string }
  | { kind: 'text'; markdown: string };

interface Line {
  no: number;
  type: LineKind;
}

const HASH_HEADING = /^#{1,6}\s+/;
const BULLET = /^[-*+•]\s+/;
const NUMBERED = /^(?:\*\*)?(\d{1,4})\.(?:\*\*)?\s+(\S.*)$/;
const FOOTNOTE_DEFINITION = /^<sup>\s*([^<\s]{1,4})\s*<\/sup>\s*(.*)$/;
/** A whole line in bold, optionally after an enumerator left outside the bold: "(c) **...**". */
const BOLD_LINE = /^(\([^)\s]{1,4}\)\s+)?\*\*(.+)\*\*$/;
const TOC_ENTRY = /\.{4,}\s*\d+\s*$/;
const PAGE_RULE = /^(-{3,}|\*{3,}|_{3,})$/;

const CHAPTER_HEADING = /^([IVXLC]+)\.\s+(.+)$/;
const SECTION_HEADING = /^([A-Z])\.\s+(.+)$/;
const TOPIC_HEADING = /^\(([A-Za-z]{1,4}|\d{1,3})\)\s+(.+)$/;

function classifyLine(raw: string): LineKind {
  const line = raw.trim();
  if (line === '') return { kind: 'blank' };
  if (PAGE_RULE.test(line) || TOC_ENTRY.test(line)) return { kind: 'ignored' };

  const footnote = FOOTNOTE_DEFINITION.exec(line);
  if (footnote) return { kind: 'footnote', marker: footnote[1]!, markdown: footnote[2]! };

  const isHashHeading = HASH_HEADING.test(line);
  const body = line.replace(HASH_HEADING, '');
  if (!isHashHeading) {
    const numbered = NUMBERED.exec(body);
    if (numbered) return { kind: 'numbered', number: Number(numbered[1]), markdown: numbered[2]! };
  }
  const unbulleted = body.replace(BULLET, '');
  const bold = BOLD_LINE.exec(unbulleted);
  const isWhollyBold = bold !== null && !bold[2]!.includes('**');
  if (isHashHeading || isWhollyBold) {
    const text = plainText(unbulleted);
    // A line ending in a colon introduces what follows ("Day 1: ...:"): it is content, not structure.
    if (text !== '' && !text.endsWith(':')) return { kind: 'heading', markdown: unbulleted, text };
  }
  if (BULLET.test(body)) return { kind: 'bullet', markdown: unbulleted };
  return { kind: 'text', markdown: body };
}

/** PDF converters glue consecutive bold lines together: "**Title****Subtitle**". */
function splitGluedBold(lines: string[]): Array<{ no: number; text: string }> {
  return lines.flatMap((text, i) =>
    text.split(/(?<=\*\*)(?=\*\*)/).map((part) => ({ no: i + 1, text: part })),
  );
}

function romanValue(numeral: string): number {
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = values[numeral[i]!]!;
    const next = values[numeral[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

interface Chapter {
  numeral: string;
  year: number | null;
  meetingDates: string | null;
}

/** "... (19–21 October 2021)" → dates "19–21 October 2021", year 2021 (the last year named). */
function chapterFromHeading(numeral: string, title: string): Chapter {
  const dates = /\(([^()]*\b(?:19|20)\d{2})\)\s*$/.exec(title)?.[1] ?? null;
  const years = (dates ?? title).match(/\b(?:19|20)\d{2}\b/g);
  return { numeral, year: years ? Number(years[years.length - 1]) : null, meetingDates: dates };
}

/** Text that ends a sentence (possibly inside closing quotes or brackets) cannot be cut by a page break. */
const ENDS_SENTENCE = /[.!?;:…]["'”’)\]]*$/;
const STARTS_LOWERCASE = /^[\p{Ll}]/u;

interface Piece {
  text: string;
  /** Prose of the numbered paragraph itself, which a page break may have cut. */
  isProse: boolean;
}

interface Draft {
  number: number;
  line: number;
  chapter: Chapter | null;
  chapterIndex: number;
  section: string | null;
  topic: string | null;
  pieces: Piece[];
  references: string[];
  footnotes: Footnote[];
}

function addPiece(draft: Draft, markdown: string, kind: 'prose' | 'block' | 'item'): void {
  draft.references.push(...footnoteReferences(markdown));
  const text = plainText(markdown);
  if (text === '') return;
  const last = draft.pieces.at(-1);
  const continuesLast =
    last !== undefined &&
    kind !== 'item' &&
    (STARTS_LOWERCASE.test(text) || (kind === 'prose' && last.isProse && !ENDS_SENTENCE.test(last.text)));
  if (continuesLast) {
    last.text = `${last.text} ${text}`;
  } else {
    // Prose after a heading-like line or a list item is a block of its own (the 2023 programme), not a
    // continuation, so it must not be glued to the next line either.
    const isProse = kind === 'prose' && (last === undefined || last.isProse);
    draft.pieces.push({ text: kind === 'item' ? `• ${text}` : text, isProse });
  }
}

interface FootnoteDefinition extends Footnote {
  line: number;
  chapterIndex: number;
  /** The paragraph being read when the footnote appeared (page footers land mid-paragraph). */
  interrupted: Draft | null;
}

/**
 * Footnotes are printed at the foot of the page, which can be a paragraph or two away from the one citing
 * them; attach each to the paragraph of the same chapter that cites its marker, nearest first.
 */
function attachFootnotes(drafts: Draft[], definitions: FootnoteDefinition[], issue: (line: number, message: string) => void): void {
  for (const definition of definitions) {
    const citing = drafts
      .filter((d) => d.chapterIndex === definition.chapterIndex && d.references.includes(definition.marker))
      .sort((a, b) => Math.abs(a.line - definition.line) - Math.abs(b.line - definition.line));
    const owner = citing[0] ?? definition.interrupted;
    if (!owner) {
      issue(definition.line, `footnote ${definition.marker} is not cited by any paragraph; skipped`);
      continue;
    }
    if (!citing[0]) issue(definition.line, `footnote ${definition.marker} is not cited; kept with the paragraph around it`);
    owner.footnotes.push({ marker: definition.marker, text: definition.text });
  }
}

function paragraphId(documentId: string, chapter: Chapter | null, number: number): string {
  return `${documentId}.${chapter?.numeral ?? '0'}.${number}`;
}

function toParagraphs(documentId: string, drafts: Draft[]): Paragraph[] {
  return drafts.map((d, order) => ({
    id: paragraphId(documentId, d.chapter, d.number),
    document: documentId,
    chapter: d.chapter?.numeral ?? null,
    year: d.chapter?.year ?? null,
    meetingDates: d.chapter?.meetingDates ?? null,
    section: d.section,
    topic: d.topic,
    paragraph: d.number,
    text: d.pieces.map((p) => p.text).join('\n'),
    footnotes: d.footnotes,
    order,
    line: d.line,
  }));
}

function documentInfo(options: DocumentOptions, titleFromText: string | null): DocumentInfo {
  const title = options.title ?? titleFromText ?? options.id;
  return {
    id: options.id,
    file: options.file,
    title,
    citationLabel: options.citationLabel ?? (title.length <= 60 ? title : options.id),
  };
}

/** Parses a document with numbered paragraphs; returns null when it has none, so the caller can fall back. */
function parseNumberedDocument(lines: Line[], options: DocumentOptions): ParsedDocument | null {
  const warnings: ParseIssue[] = [];
  const issue = (line: number, message: string) => warnings.push({ file: options.file, line, message });

  const drafts: Draft[] = [];
  const footnotes: FootnoteDefinition[] = [];
  const frontMatterHeadings: string[] = [];
  let inBody = false;
  let chapter: Chapter | null = null;
  let chapterIndex = 0;
  let chapterCount = 0;
  let sectionLetter: string | null = null;
  let section: string | null = null;
  let topic: string | null = null;
  /** A topic heading has been read and no paragraph yet: the place a displaced heading shows up. */
  let topicAwaitsParagraph = false;
  let lastNumber = 0;
  let current: Draft | null = null;

  const startChapter = (numeral: string, title: string) => {
    inBody = true;
    chapterCount = romanValue(numeral);
    chapterIndex += 1;
    chapter = chapterFromHeading(numeral, title);
    sectionLetter = section = topic = null;
    topicAwaitsParagraph = false;
    lastNumber = 0;
    current = null;
  };

  for (const { no, type } of lines) {
    switch (type.kind) {
      case 'blank':
      case 'ignored':
        break;

      case 'footnote':
        if (inBody) {
          footnotes.push({ marker: type.marker, text: plainText(type.markdown), line: no, chapterIndex, interrupted: current });
        }
        break;

      case 'heading': {
        const chapterMatch = CHAPTER_HEADING.exec(type.text);
        const sectionMatch = SECTION_HEADING.exec(type.text);
        const topicMatch = TOPIC_HEADING.exec(type.text);
        const nextSectionLetter: string = sectionLetter ? String.fromCharCode(sectionLetter.charCodeAt(0) + 1) : 'A';
        if (sectionMatch && sectionMatch[1] === nextSectionLetter && inBody) {
          if (topicAwaitsParagraph) {
            issue(no, `heading "${type.text}" stands between the heading "${topic}" and its first paragraph; treated as misplaced and ignored`);
            break;
          }
          sectionLetter = sectionMatch[1]!;
          section = sectionMatch[2]!;
          topic = null;
          current = null;
        } else if (chapterMatch && romanValue(chapterMatch[1]!) === chapterCount + 1) {
          startChapter(chapterMatch[1]!, chapterMatch[2]!);
        } else if (!inBody) {
          if (!/^contents$/i.test(type.text)) frontMatterHeadings.push(type.text);
        } else if (topicMatch) {
          topic = topicMatch[2]!;
          topicAwaitsParagraph = true;
          current = null;
        } else if (current) {
          addPiece(current, type.markdown, 'block');
        } else {
          topic = type.text;
          topicAwaitsParagraph = true;
        }
        break;
      }

      case 'numbered': {
        const isNext = type.number === lastNumber + 1;
        const skipsAFew = type.number > lastNumber + 1 && type.number <= lastNumber + 5;
        if (!isNext && !skipsAFew) {
          if (current) addPiece(current, `${type.number}. ${type.markdown}`, 'block');
          else if (inBody) issue(no, `paragraph number ${type.number} is out of sequence after ${lastNumber}; skipped`);
          break;
        }
        if (skipsAFew) issue(no, `paragraph ${type.number} follows ${lastNumber}: paragraphs missing`);
        inBody = true;
        lastNumber = type.number;
        topicAwaitsParagraph = false;
        const draft: Draft = {
          number: type.number,
          line: no,
          chapter,
          chapterIndex,
          section,
          topic,
          pieces: [],
          references: [],
          footnotes: [],
        };
        addPiece(draft, type.markdown, 'prose');
        drafts.push(draft);
        current = draft;
        break;
      }

      case 'bullet':
      case 'text':
        if (!inBody) break;
        if (current) addPiece(current, type.markdown, type.kind === 'bullet' ? 'item' : 'prose');
        else issue(no, 'text outside any numbered paragraph; skipped');
        break;
    }
  }

  if (drafts.length === 0) return null;
  attachFootnotes(drafts, footnotes, issue);
  const title = frontMatterHeadings.at(-1)?.replace(/\*+$/, '').trim() || null;
  return { document: documentInfo(options, title), paragraphs: toParagraphs(options.id, drafts), warnings };
}

/** Fallback for documents without numbered paragraphs: each blank-line block is a paragraph, numbered in order. */
function parseBlockDocument(lines: Line[], options: DocumentOptions): ParsedDocument {
  const drafts: Draft[] = [];
  let topic: string | null = null;
  let title: string | null = null;
  let current: Draft | null = null;
  for (const { no, type } of lines) {
    if (type.kind === 'blank' || type.kind === 'ignored') {
      current = null;
    } else if (type.kind === 'heading') {
      title ??= type.text;
      topic = type.text;
      current = null;
    } else {
      if (!current) {
        current = { number: drafts.length + 1, line: no, chapter: null, chapterIndex: 0, section: null, topic, pieces: [], references: [], footnotes: [] };
        drafts.push(current);
      }
      const markdown = type.kind === 'numbered' ? `${type.number}. ${type.markdown}` : type.markdown;
      addPiece(current, markdown, type.kind === 'bullet' ? 'item' : 'prose');
    }
  }
  const kept = drafts.filter((d) => d.pieces.length > 0).map((d, i) => ({ ...d, number: i + 1 }));
  return { document: documentInfo(options, title), paragraphs: toParagraphs(options.id, kept), warnings: [] };
}

/** Parses one document's Markdown or plain text into cited paragraphs. Throws ParseError when nothing can be read. */
export function parseUnDocument(source: string, options: DocumentOptions): ParsedDocument {
  if (source.includes('\u0000')) throw new ParseError(options.file, source.slice(0, source.indexOf('\u0000')).split('\n').length, 'contains NUL bytes: not a text file');
  const lines = splitGluedBold(source.replace(/\r\n?/g, '\n').split('\n')).map(({ no, text }) => ({ no, type: classifyLine(text) }));
  const parsed = parseNumberedDocument(lines, options) ?? parseBlockDocument(lines, options);
  if (parsed.paragraphs.length === 0) throw new ParseError(options.file, undefined, 'contains no paragraphs of text');
  return parsed;
}
