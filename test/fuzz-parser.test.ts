import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../src/parse/document-reader.js';
import { parseMarkdownDocument as parseUnDocument } from './support/parse.js';

/**
 * Property-based tests of the parser: whatever a PDF conversion (or a stray file) puts in the corpus folder,
 * parsing either yields citable paragraphs or fails with a ParseError naming the file, never anything else.
 */

const CORPUS_LINES = fs.readFileSync(path.resolve(import.meta.dirname, '../corpus/cnd-chairs-summaries-2019-2023.md'), 'utf8').split('\n');
const OPTIONS = { id: 'fuzz', file: 'fuzz.md' };
/** Enough runs to meet every kind of line many times over, few enough to keep the suite quick. */
const RUNS = 300;

/** Parses, and checks what every caller relies on; returns what happened for fast-check to report. */
function parsesToCitableParagraphsOrParseError(source: string): void {
  let paragraphs;
  try {
    ({ paragraphs } = parseUnDocument(source, OPTIONS));
  } catch (error) {
    if (error instanceof ParseError) {
      expect(error.message.startsWith('fuzz.md')).toBe(true);
      return;
    }
    throw error;
  }
  expect(paragraphs.length).toBeGreaterThan(0);
  for (const paragraph of paragraphs) {
    expect(paragraph.text.trim(), paragraph.id).not.toBe('');
    expect(Number.isInteger(paragraph.paragraph) && paragraph.paragraph > 0, `${paragraph.id}: number ${paragraph.paragraph}`).toBe(true);
  }
}

/** Characters a conversion or a hostile file may hold: controls, NUL, astral, combining, bidi, markup. */
const awkwardCharacter = fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', '\u200b', '\u200d', '\u202e', '\ufeff', '\ud800', '\udfff', '😀', '𝔞', 'e\u0301', 'ع', 'ש', '\t', '\r', '\f', '*', '#', '<', '>', '|', '(', ')', '.', '"');

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.array(fc.oneof(awkwardCharacter, fc.string({ unit: 'grapheme-ascii', maxLength: 8 })), { maxLength: 120 }).map((parts) => parts.join('')),
);

/** Lines shaped like the structure the parser looks for: chapters, sections, topics, numbered paragraphs, footnotes. */
const structuredLine = fc.oneof(
  fc.tuple(fc.constantFrom('I', 'II', 'IV', 'XL', 'MMM', ''), anyText).map(([numeral, text]) => `${numeral}. ${text}`),
  fc.tuple(fc.constantFrom('A', 'B', 'Z', 'a'), anyText).map(([letter, text]) => `${letter}. ${text}`),
  fc.tuple(fc.constantFrom('(a)', '(b)', '(zz)', '()', '(1)'), anyText).map(([enumerator, text]) => `${enumerator} ${text}`),
  fc.tuple(fc.integer({ min: -5, max: 99_999 }), anyText).map(([n, text]) => `${n}. ${text}`),
  fc.tuple(fc.constantFrom('#', '######', '**', '- ', '• ', '<sup>1</sup>', '<sup>', '---', '> ', '|'), anyText).map(([mark, text]) => `${mark}${text}${mark === '**' ? '**' : ''}`),
  fc.constantFrom('', ' ', '***', '____', '1.', '**1.**', '(19–21 October 2021)', 'I. Thematic discussions (19–21 October 2021)'),
  anyText,
);

type Mutation =
  | { kind: 'delete' | 'duplicate' | 'join' | 'blank'; at: number }
  | { kind: 'swap'; at: number; other: number }
  | { kind: 'insert' | 'prefix' | 'suffix'; at: number; text: string }
  | { kind: 'truncate' | 'splice'; at: number; position: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'join' as const, 'blank' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constantFrom('insert' as const, 'prefix' as const, 'suffix' as const), at: fc.nat(), text: fc.oneof(structuredLine, anyText) }),
  fc.record({ kind: fc.constantFrom('truncate' as const, 'splice' as const), at: fc.nat(), position: fc.nat(), text: fc.oneof(awkwardCharacter, anyText) }),
);

function mutate(lines: string[], mutations: Mutation[]): string[] {
  const result = [...lines];
  for (const m of mutations) {
    if (result.length === 0) result.push('');
    const at = m.at % result.length;
    const line = result[at]!;
    switch (m.kind) {
      case 'delete':
        result.splice(at, 1);
        break;
      case 'duplicate':
        result.splice(at, 0, line);
        break;
      case 'join':
        result.splice(at, 2, line + (result[at + 1] ?? ''));
        break;
      case 'blank':
        result[at] = '';
        break;
      case 'swap': {
        const other = m.other % result.length;
        [result[at], result[other]] = [result[other]!, line];
        break;
      }
      case 'insert':
        result.splice(at, 0, m.text);
        break;
      case 'prefix':
        result[at] = m.text + line;
        break;
      case 'suffix':
        result[at] = line + m.text;
        break;
      case 'truncate':
        result[at] = line.slice(0, m.position % (line.length + 1));
        break;
      case 'splice': {
        const position = m.position % (line.length + 1);
        result[at] = line.slice(0, position) + m.text + line.slice(position);
        break;
      }
    }
  }
  return result;
}

/** A stretch of the real corpus: whole chapters, or a cut starting mid-chapter, mid-list or mid-footnote. */
const corpusWindow = fc
  .tuple(fc.nat({ max: CORPUS_LINES.length - 1 }), fc.integer({ min: 1, max: 250 }))
  .map(([start, length]) => CORPUS_LINES.slice(start, start + length));

describe('parseUnDocument under fuzzing', () => {
  it('turns arbitrary text into citable paragraphs or a ParseError', () => {
    fc.assert(fc.property(anyText, parsesToCitableParagraphsOrParseError), { numRuns: RUNS });
  });

  it('turns arbitrary lines shaped like UN document structure into citable paragraphs or a ParseError', () => {
    fc.assert(
      fc.property(fc.array(structuredLine, { maxLength: 60 }), fc.constantFrom('\n', '\r\n', '\r', '\n\n'), (lines, newline) =>
        parsesToCitableParagraphsOrParseError(lines.join(newline)),
      ),
      { numRuns: RUNS },
    );
  });

  it('turns mutated stretches of the real corpus into citable paragraphs or a ParseError', () => {
    fc.assert(
      fc.property(corpusWindow, fc.array(mutation, { minLength: 1, maxLength: 12 }), (lines, mutations) =>
        parsesToCitableParagraphsOrParseError(mutate(lines, mutations).join('\n')),
      ),
      { numRuns: RUNS },
    );
  });

  it('turns the whole corpus with a few mutations into citable paragraphs', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => parsesToCitableParagraphsOrParseError(mutate(CORPUS_LINES, mutations).join('\n'))),
      // A whole-corpus parse takes a few hundred milliseconds: a handful of runs, the windows above do the rest.
      { numRuns: 15 },
    );
  });
});
