import type { Block, BlockStream, BlockStyle, TextBlock } from '../blocks.js';
import { ParseError, type DocumentReader } from '../document-reader.js';
import { footnoteReferences, plainText } from '../inline-markdown.js';

/**
 * Reader for Markdown and plain text, above all UN documents converted from PDF to Markdown. One line is one
 * block; the conversion's damage that only this format has is repaired here: heading levels are arbitrary
 * (#, ####, bold lines, bold after the enumerator, even list items), consecutive bold lines are glued together,
 * page breaks leave rules behind, and footnotes are `<sup>1</sup>` lines where the page ended.
 */

const HASH_HEADING = /^#{1,6}\s+/;
const BULLET = /^[-*+•]\s+/;
const FOOTNOTE_DEFINITION = /^<sup>\s*([^<\s]{1,4})\s*<\/sup>\s*(.*)$/;
/** A whole line in bold, optionally after an enumerator left outside the bold: "(c) **...**". */
const BOLD_LINE = /^(\([^)\s]{1,4}\)\s+)?\*\*(.+)\*\*$/;
/** What a page break leaves behind in a conversion: a rule. */
const PAGE_RULE = /^(-{3,}|\*{3,}|_{3,})$/;
/** "23. ...", "**23.** ...": a numbered paragraph, whose number a Markdown parser would take for list markup. */
const NUMBERED = /^(?:\*\*)?(\d{1,4})\.(?:\*\*)?\s+(\S.*)$/;

function readLine(raw: string, line: number): Block | null {
  const text = raw.trim();
  if (text === '') return { kind: 'break' };
  if (PAGE_RULE.test(text)) return null;

  const footnote = FOOTNOTE_DEFINITION.exec(text);
  if (footnote) return { kind: 'footnote', marker: footnote[1]!, text: plainText(footnote[2]!), location: { line } };

  const isHashHeading = HASH_HEADING.test(text);
  const body = text.replace(HASH_HEADING, '');
  const references = footnoteReferences(body);
  const block = (markdown: string, style: BlockStyle): TextBlock => ({ kind: 'text', text: plainText(markdown), style, references, location: { line } });
  const numbered = isHashHeading ? null : NUMBERED.exec(body);
  if (numbered) return { ...block(numbered[2]!, 'body'), text: `${numbered[1]}. ${plainText(numbered[2]!)}` };
  const unbulleted = body.replace(BULLET, '');
  const bold = BOLD_LINE.exec(unbulleted);
  if (isHashHeading) return block(unbulleted, 'heading');
  // A bold list item is a heading the conversion bulleted, unless it introduces what follows ("Day 1: ...:").
  const isWhollyBold = bold !== null && !bold[2]!.includes('**');
  if (isWhollyBold && !(BULLET.test(body) && plainText(unbulleted).endsWith(':'))) return block(unbulleted, 'bold');
  return block(unbulleted, BULLET.test(body) ? 'list-item' : 'body');
}

/** PDF converters glue consecutive bold lines together: "**Title****Subtitle**". */
function splitGluedBold(lines: string[]): Array<{ no: number; text: string }> {
  return lines.flatMap((text, i) => text.split(/(?<=\*\*)(?=\*\*)/).map((part) => ({ no: i + 1, text: part })));
}

/**
 * The blocks of a Markdown or plain-text document.
 * @example
 * const { blocks } = readMarkdown('## I. Background\n\n1. The Commission ...', 'report.md');
 */
export function readMarkdown(source: string, file: string): BlockStream {
  if (source.includes('\u0000')) {
    throw new ParseError(file, source.slice(0, source.indexOf('\u0000')).split('\n').length, 'contains NUL bytes: not a text file');
  }
  const lines = splitGluedBold(source.replace(/\r\n?/g, '\n').split('\n'));
  const blocks = lines.map(({ no, text }) => readLine(text, no)).filter((block): block is Block => block !== null);
  // Markup that is all a line holds ("**" left by a conversion) leaves an empty block: a boundary, no content.
  return { blocks: blocks.map((b) => (b.kind === 'text' && b.text === '' ? { kind: 'break' } : b)), furniture: [] };
}

/** UTF-8 with a fatal decoder, so a binary or mis-encoded file is reported with its line rather than indexed as garbage. */
function decodeText(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lines = Buffer.from(bytes).toString('latin1').split('\n');
    const badLine = lines.findIndex((line) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(line, 'latin1'));
        return false;
      } catch {
        return true;
      }
    });
    throw new ParseError(file, badLine + 1, 'is not valid UTF-8 text');
  }
}

/** Reads `.md`, `.markdown` and `.txt` files. */
export const markdownReader: DocumentReader = {
  format: 'Markdown',
  read: async (bytes, file) => readMarkdown(decodeText(bytes, file), file),
};
