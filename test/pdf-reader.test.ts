import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, BlockStream, FootnoteBlock, TextBlock } from '../src/parse/blocks.js';
import { loadCorpus, loadDocument } from '../src/parse/corpus.js';
import { readDocumentFacts } from '../src/parse/document-facts.js';
import { ParseError } from '../src/parse/document-reader.js';
import {
  collectWords,
  dehyphenates,
  findFurniture,
  furnitureKey,
  groupLines,
  joinLines,
  layoutPages,
  pdfReader,
  splitFootnotes,
  type Line,
  type PageRuns,
  type TextRun,
} from '../src/parse/formats/pdf.js';
import { readerFor } from '../src/parse/readers.js';
import type { ParsedDocument } from '../src/parse/types.js';
import { readUnStructure } from '../src/parse/un-structure.js';

const REPO = path.resolve(import.meta.dirname, '..');
const CORPUS_DIR = path.join(REPO, 'corpus');
const FIXTURES = path.join(REPO, 'test/fixtures/documents');
const CND = 'cnd-chairs-summaries-2019-2023';
const CND_META = path.join(CORPUS_DIR, `${CND}.meta.json`);

// ---------------------------------------------------------------------------------------------------------
// Hand-made inputs for the pure repair functions
// ---------------------------------------------------------------------------------------------------------

/** A run of text with the width a 0.5 em average character gives it. */
function run(text: string, x: number, y: number, size = 10, bold = false): TextRun {
  return { text, x, y, width: text.length * 0.5 * size, size, bold };
}

/** A justified line: one run per word, the spaces stretched to reach `right`. */
function justified(words: string[], x: number, y: number, right: number, size = 10): TextRun[] {
  const widths = words.map((w) => w.length * 0.5 * size);
  const gap = (right - x - widths.reduce((a, b) => a + b, 0)) / (words.length - 1);
  let at = x;
  return words.map((w, i) => {
    const r = run(w, at, y, size);
    at += widths[i]! + gap;
    return r;
  });
}

function line(text: string, y: number, overrides: Partial<Line> = {}): Line {
  return { page: 1, y, x: 72, right: 72 + text.length * 5, size: 10, text, references: [], leadingMarker: null, bold: false, firstGap: 2.5, wordGap: 2.5, textX: 72, ...overrides };
}

const WORD_LIST = new Set(['international', 'national', 'inter', 'semisynthetic', 'semi', 'synthetic', 'recommendations', 'nonexistent', 'follow', 'up', 'follow-up', 'followup', 'drug', 'related', 'stocktaking', 'stock', 'taking']);
const isWord = (word: string) => WORD_LIST.has(word);

describe('PDF reader, repair functions', () => {
  describe('superscripts and lines', () => {
    it('takes a raised, smaller footnote marker out of the text and keeps it as a reference', () => {
      const [l] = groupLines([run('including resolution 61/4', 108, 700), run('1', 233, 703.9, 5.8), run(' on promoting measures', 236, 700)], 3);
      expect(l).toMatchObject({ text: 'including resolution 61/4 on promoting measures', references: ['1'], page: 3, size: 10 });
    });

    it('keeps a raised ordinal ending as text and reads several markers in one superscript', () => {
      const lines = groupLines([run('the 12', 108, 700), run('th', 138, 703.5, 5.8), run(' challenge,', 144, 700), run('2,3', 199, 703.9, 5.8)], 1);
      expect(lines.map((l) => [l.text, l.references])).toEqual([['the 12th challenge,', ['2', '3']]]);
    });

    it('reads the marker that opens a footnote line', () => {
      const [l] = groupLines([run('8', 108, 89.6, 4.9), run('Albania, Argentina, Australia', 122, 86.2, 8.5)], 5);
      expect(l).toMatchObject({ leadingMarker: '8', text: 'Albania, Argentina, Australia', size: 8.5, references: [] });
    });

    it('splits the masthead where a wide gap separates its columns, but not a justified line', () => {
      const masthead = groupLines([run('United Nations', 72, 750), run('E/CN.7/2024/CRP.5', 353, 750, 20, true)], 1);
      expect(masthead.map((l) => l.text)).toEqual(['United Nations', 'E/CN.7/2024/CRP.5']);
      const stretched = groupLines(justified(['dedicated', 'to', 'the', 'follow-up', 'to', 'the', 'Declaration'], 108, 700, 487), 1);
      expect(stretched.map((l) => l.text)).toEqual(['dedicated to the follow-up to the Declaration']);
      // Two words stretched over the line before a long URL, under a full line of the same paragraph.
      const twoWords = groupLines([...justified(['128.', 'All', 'information', 'can', 'be', 'found', 'through', 'the'], 108, 712, 487), run('link', 108, 700), run('below:', 457, 700)], 1);
      expect(twoWords.map((l) => l.text)).toEqual(['128. All information can be found through the', 'link below:']);
    });

    it('measures the gap after the first word, so a tab after "23." tells from a space', () => {
      const [tabbed] = groupLines([run('23.', 108, 700), run('The Commission adopted the', 132, 700)], 1);
      expect(tabbed).toMatchObject({ text: '23. The Commission adopted the', textX: 132 });
      expect(tabbed!.firstGap).toBeGreaterThan(5);
      const [spaced] = groupLines([run('118. Some speakers welcomed', 108, 700)], 1);
      expect(spaced!.firstGap).toBeLessThan(5);
    });
  });

  describe('running headers and footers', () => {
    /** Five pages: symbol header (left on even pages, right on odd), job number and "n/5" footer, body lines. */
    function pages(): Line[][] {
      return [1, 2, 3, 4, 5].map((n) => {
        const header = line('E/CN.7/2024/CRP.5', 796, { page: n, x: n % 2 === 0 ? 72 : 447, size: 9 });
        const words = ['Commission', 'Member States', 'speakers', 'the Chair', 'delegations', 'experts', 'the Board', 'observers'];
        const body = [0, 1, 2, 3].map((i) => line(`The ${words[(n + i) % 8]} noted that ${words[(n * 3 + i) % 8]} had said so.`, 760 - 12 * i, { page: n }));
        const footer = [line('V.24-01234', 30, { page: n, size: 8 }), line(`${n}/5`, 30, { page: n, x: 507, size: 9 })];
        const masthead = n === 1 ? [line('United Nations', 750, { page: 1 }), line('E/CN.7/2024/CRP.5', 750, { page: 1, x: 353, size: 20 })] : [];
        return [header, ...masthead, ...(n === 1 ? body.map((l) => ({ ...l, y: l.y - 40 })) : body), ...footer];
      });
    }

    it('normalises digits and case, so page numbers and job numbers repeat', () => {
      expect(furnitureKey('12/45')).toBe(furnitureKey('3/45'));
      expect(furnitureKey('V.24-01234')).toBe(furnitureKey('V.25-09876'));
      expect(furnitureKey('Page 3 of 45')).toBe('page # of #');
    });

    it('finds the header and footer lines by repeated text in the margins, not the masthead or the body', () => {
      const input = pages();
      const furniture = findFurniture(input, 12);
      const texts = (page: Line[]) => page.filter((l) => furniture.has(l)).map((l) => l.text);
      expect(texts(input[0]!)).toEqual(['E/CN.7/2024/CRP.5', 'V.24-01234', '1/5']);
      expect(texts(input[3]!)).toEqual(['E/CN.7/2024/CRP.5', 'V.24-01234', '4/5']);
      // The symbol in the masthead, far below the header's height, stays text.
      expect(input[0]!.filter((l) => !furniture.has(l)).map((l) => l.text)).toContain('E/CN.7/2024/CRP.5');
      expect([...furniture].some((l) => l.text.startsWith('The '))).toBe(false);
    });

    it('finds a running title whose words change, by its height apart from the text', () => {
      const titles = ['Introduction', 'Background', 'Deliberations on drug markets', 'Way forward', 'Annex: participants'];
      const input = pages().map((page, i) => [line(titles[i]!, 796, { page: i + 1, x: 72, size: 9 }), ...page.filter((l) => l.y !== 796 || l.x !== 72)]);
      const furniture = findFurniture(input, 12);
      expect(input.map((page) => furniture.has(page[0]!))).toEqual([true, true, true, true, true]);
    });

    it('finds nothing in a one-page document', () => {
      expect(findFurniture([pages()[0]!], 12).size).toBe(0);
    });
  });

  describe('hyphens at line ends', () => {
    /** A document its typesetter hyphenated: "recom-" / "mendations" breaks a word, not a compound. */
    const hyphenated = collectWords([['the international community and non-medical use', 'a follow-up meeting'], ['operational recom-', 'mendations were made']], isWord);
    /** A document with no word broken at a line end (LibreOffice does not hyphenate by default). */
    const typed = collectWords([['the international community', 'a stocktaking exercise'], ['a second stock-', 'taking exercise']], isWord);

    it('tells a document that hyphenates words from one whose hyphens are all typed', () => {
      expect(hyphenated.hyphenates).toBe(true);
      expect(typed.hyphenates).toBe(false);
    });

    it('joins a word the document prints whole elsewhere, or that the word list knows, where the document hyphenates', () => {
      expect(dehyphenates('inter', 'national', hyphenated)).toBe(true);
      expect(joinLines('at the inter-', 'national level', hyphenated)).toBe('at the international level');
      expect(joinLines('a precursor for semi-', 'synthetic cannabinoids', hyphenated)).toBe('a precursor for semisynthetic cannabinoids');
    });

    it('keeps the hyphen of a compound, of a prefix the document hyphenates, of a word list compound and before a capital', () => {
      expect(joinLines('illicit drug-', 'related activities', hyphenated)).toBe('illicit drug-related activities');
      expect(joinLines('remains low to non-', 'existent in many parts', hyphenated)).toBe('remains low to non-existent in many parts');
      expect(joinLines('a second follow-', 'up meeting', hyphenated)).toBe('a second follow-up meeting');
      expect(joinLines('the Inter-', 'American Commission', hyphenated)).toBe('the Inter-American Commission');
    });

    it('keeps every hyphen of a document that does not hyphenate, though the joined word is printed elsewhere', () => {
      expect(joinLines('a second stock-', 'taking exercise', typed)).toBe('a second stock-taking exercise');
      expect(joinLines('at the inter-', 'national level', typed)).toBe('at the inter-national level');
      expect(joinLines('a precursor for semi-', 'synthetic cannabinoids', typed)).toBe('a precursor for semi-synthetic cannabinoids');
    });

    it('keeps the space after a suspended hyphen, drops a soft hyphen, and runs a broken URL on', () => {
      expect(joinLines('low-', 'and middle-income countries', hyphenated)).toBe('low- and middle-income countries');
      expect(joinLines('the inter\u00ad', 'national community', typed)).toBe('the international community');
      expect(joinLines('see www.unodc.org/documents/', 'commissions/CND/guide.pdf', typed)).toBe('see www.unodc.org/documents/commissions/CND/guide.pdf');
      expect(joinLines('(www.unodc.org/session/thematic-', 'sessions.html).', hyphenated)).toBe('(www.unodc.org/session/thematic-sessions.html).');
      expect(joinLines('(HIV/Hepatitis C/', 'Tuberculosis)', typed)).toBe('(HIV/Hepatitis C/ Tuberculosis)');
      expect(joinLines('www.unodc.org/unodc/en/session/67_Session_2024/revie', 'w.html', typed, true)).toBe('www.unodc.org/unodc/en/session/67_Session_2024/review.html');
    });
  });

  describe('footnotes at the foot of a page', () => {
    const MEASURES = { bodySize: 10, leading: 1.2 };
    const body = [line('20. Resolution 61/4 was recalled.', 700, { references: ['1'] }), line('21. The next paragraph.', 682)];

    it('splits the smaller lines at the foot, from the first with a marker, into footnotes', () => {
      const notes = [line('Resolution 61/4.', 90, { size: 8.5, leadingMarker: '1' }), line('The statement of Paraguay was submitted', 80, { size: 8.5, leadingMarker: '2' }), line('only in writing.', 70, { size: 8.5 })];
      const split = splitFootnotes([...body, ...notes], MEASURES, false);
      expect(split.body).toEqual(body);
      expect(split.notes.map((n) => [n.marker, n.lines.map((l) => l.text)])).toEqual([
        ['1', ['Resolution 61/4.']],
        ['2', ['The statement of Paraguay was submitted', 'only in writing.']],
      ]);
    });

    it('takes a marker of the text size before a tab, and the lines above the first marker as the last page\'s note going on', () => {
      const notes = [line('continued from the page before.', 100, { size: 8.5 }), line('3 Ibid., vol. 1582.', 90, { size: 8.5, firstGap: 14, wordGap: 2 })];
      const split = splitFootnotes([...body, ...notes], MEASURES, true);
      expect(split.continuation.map((l) => l.text)).toEqual(['continued from the page before.']);
      expect(split.notes.map((n) => [n.marker, n.lines[0]!.text])).toEqual([['3', 'Ibid., vol. 1582.']]);
      // Without a note on the page before, small lines without a marker are body text.
      expect(splitFootnotes([...body, notes[0]!], MEASURES, false).body).toHaveLength(3);
      // Nor small print right under the text, though the page before had notes.
      expect(splitFootnotes([...body, line('Source: UNODC.', 670, { size: 8.5 })], MEASURES, true).body).toHaveLength(3);
    });
  });

  describe('pages to blocks', () => {
    /** Two pages: header, a numbered paragraph cut by the page break in the middle of "inter-national", a footnote going on to page 2, a bold heading, a bullet list. */
    function twoPages(): PageRuns[] {
      const header = () => run('E/CN.7/2025/CRP.1', 447, 796, 9);
      const footer = (page: number) => [run('V.25-00001', 72, 30, 8), run(`${page}/2`, 507, 30, 9)];
      const page1: TextRun[] = [
        header(),
        run('A.', 72, 724, 10, true),
        run('Background', 108, 724, 10, true),
        run('1.', 108, 706),
        ...justified(['The', 'Commission', 'recalled', 'its', 'resolution', 'and', 'the'], 132, 706, 487),
        ...justified(['commitments', 'made', 'at', 'the', 'national', 'and', 'inter-'], 108, 694, 487),
        run('1', 480, 697.9, 5.8),
        run('2', 108, 89.6, 4.9),
        run('A note on the international recom-', 122, 86.2, 8.5),
        ...footer(1),
      ];
      const page2: TextRun[] = [
        header(),
        run('national levels.', 108, 760),
        run('2.', 108, 742),
        run('Speakers highlighted the following:', 132, 742),
        run('•', 132, 724),
        run('Prevention;', 144, 724),
        run('•', 132, 709),
        run('Treatment.', 144, 709),
        run('mendations, long enough to run on to the next page.', 122, 86.2, 8.5),
        ...footer(2),
      ];
      return [
        { page: 1, runs: page1 },
        { page: 2, runs: page2 },
      ];
    }

    it('removes the furniture, keeps the page of every block, and gives the footnotes after the page\'s body', () => {
      const stream = layoutPages(twoPages(), isWord);
      expect(stream.furniture).toEqual(['E/CN.7/2025/CRP.1', 'V.25-00001', '1/2', '2/2']);
      const summary = stream.blocks.map((b) => (b.kind === 'text' ? [b.location.page, b.style, b.text, b.references] : b.kind === 'footnote' ? [b.location.page, 'footnote', b.marker, b.text] : ['break']));
      expect(summary).toEqual([
        [1, 'bold', 'A. Background', []],
        [1, 'body', '1. The Commission recalled its resolution and the commitments made at the national and', ['1']],
        [1, 'footnote', '2', 'A note on the international recommendations, long enough to run on to the next page.'],
        [2, 'body', 'international levels.', []],
        [2, 'body', '2. Speakers highlighted the following:', []],
        [2, 'list-item', 'Prevention;', []],
        [2, 'list-item', 'Treatment.', []],
      ]);
    });
  });
});

/**
 * A PDF written by hand: pages of one-line text objects in Helvetica and Helvetica-Bold, fonts not embedded, so
 * pdf.js must take them from its own standard fonts.
 */
function handMadePdf(pages: Array<Array<{ text: string; x: number; y: number; size: number; bold?: boolean }>>): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  const regular = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const pageIds = pages.map((lines) => {
    const content = lines.map((l) => `BT /${l.bold ? 'F2' : 'F1'} ${l.size} Tf ${l.x} ${l.y} Td (${l.text.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj ET`).join('\n');
    const contentId = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    return { contentId, pageId: add('') };
  });
  const parent = add(`<< /Type /Pages /Kids [${pageIds.map((p) => `${p.pageId} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  for (const { contentId, pageId } of pageIds) {
    objects[pageId - 1] = `<< /Type /Page /Parent ${parent} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${regular} 0 R /F2 ${bold} 0 R >> >> /Contents ${contentId} 0 R >>`;
  }
  const catalog = add(`<< /Type /Catalog /Pages ${parent} 0 R >>`);
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = Buffer.byteLength(pdf, 'latin1');
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

describe('PDF reader, through pdf.js', () => {
  it('reads a PDF whose fonts are not embedded, bold by the font\'s name, without touching the network', async () => {
    const page = (n: number) => [
      { text: 'E/CN.7/2025/CRP.3', x: 450, y: 800, size: 9 },
      { text: 'A.  Background', x: 72, y: 740, size: 10, bold: true },
      { text: `${n}.  The Commission recalled its resolution on international`, x: 108, y: 720, size: 10 },
      { text: 'cooperation and adopted it.', x: 108, y: 708, size: 10 },
      { text: 'V.25-00321', x: 72, y: 30, size: 8 },
      { text: `${n}/3`, x: 500, y: 30, size: 9 },
    ];
    const calls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: unknown) => {
      calls.push(String(input));
      throw new Error('no network in this test');
    }) as typeof fetch;
    try {
      const stream = await pdfReader.read(handMadePdf([page(1), page(2), page(3)]), 'hand-made.pdf');
      expect(stream.furniture).toEqual(['E/CN.7/2025/CRP.3', 'V.25-00321', '1/3', '2/3', '3/3']);
      expect(stream.blocks.filter((b): b is TextBlock => b.kind === 'text').map((b) => [b.location.page, b.style, b.text])).toEqual(
        [1, 2, 3].flatMap((n) => [
          [n, 'bold', 'A. Background'],
          [n, 'body', `${n}. The Commission recalled its resolution on international cooperation and adopted it.`],
        ]),
      );
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(calls).toEqual([]);
  }, 30_000);
});

describe('PDF reader, a typesetter\'s hyphenation', () => {
  it('joins words the typesetter broke, by the document and WordNet, and keeps the hyphens of compounds', async () => {
    const lines = ['1.  The Commission adopted the recom-', 'mendations on inter-', 'national cooperation and on drug-', 'related crime, with a follow-', 'up report.'];
    const pdf = handMadePdf([lines.map((text, i) => ({ text, x: 108, y: 720 - 12 * i, size: 10 }))]);
    const stream = await pdfReader.read(pdf, 'hyphenated.pdf');
    expect(stream.blocks).toEqual([
      { kind: 'text', style: 'body', references: [], location: { page: 1 }, text: '1. The Commission adopted the recommendations on international cooperation and on drug-related crime, with a follow-up report.' },
    ]);
  }, 30_000);
});

// ---------------------------------------------------------------------------------------------------------
// The structure reader and the document facts, for what PDF pages do to them
// ---------------------------------------------------------------------------------------------------------

function text(t: string, page: number, style: TextBlock['style'] = 'body', references: string[] = []): TextBlock {
  return { kind: 'text', text: t, style, references, location: { page } };
}
function note(marker: string, t: string, page: number): FootnoteBlock {
  return { kind: 'footnote', marker, text: t, location: { page } };
}

describe('structure reader and facts over page layouts', () => {
  it('attaches no paragraph the footnote of a masthead line printed after the body has begun', () => {
    const blocks: Block[] = [
      text('Items 3 and 6 of the provisional agenda', 1, 'body', ['*']),
      text('I. Introduction', 1, 'heading'),
      text('1. The Commission met in Vienna and adopted its report.', 1),
      note('*', 'E/CN.7/2024/1.', 1),
      text('2. It also heard statements.', 2),
    ];
    const parsed = readUnStructure({ blocks, furniture: [] }, { id: 'r', file: 'r.pdf' });
    expect(parsed.paragraphs.map((p) => p.footnotes)).toEqual([[], []]);
    expect(parsed.warnings.filter((w) => /footnote/.test(w.message))).toEqual([]);
  });

  it('gives a footnote printed at the foot of a page that ends in the next chapter to the paragraph citing it on that page', () => {
    const blocks: Block[] = [
      text('I. Introduction', 1, 'heading'),
      text('1. The report is based on the replies of 68 Member States.', 1, 'body', ['1']),
      text('II. Availability', 1, 'heading'),
      text('2. Global consumption increased.', 1),
      note('1', 'E/INCB/2023/2.', 1),
      text('3. More than 80 per cent of consumption.', 2),
    ];
    const parsed = readUnStructure({ blocks, furniture: [] }, { id: 'r', file: 'r.pdf' });
    expect(parsed.paragraphs.map((p) => [p.id, p.footnotes])).toEqual([
      ['r.I.1', [{ marker: '1', text: 'E/INCB/2023/2.' }]],
      ['r.II.2', []],
      ['r.II.3', []],
    ]);
  });

  it('joins the halves of an unnumbered paragraph cut by a page break, across the page\'s footnotes', () => {
    const blocks: Block[] = [
      text('Notes on policy', 1, 'heading'),
      text('The first paragraph ends on this page.', 1),
      text('The second paragraph is cut by the page', 1, 'body', ['1']),
      note('1', 'A footnote at the foot of page 1.', 1),
      text('Break and goes on here.', 2),
      text('A third paragraph starts the next page.', 3),
    ];
    const parsed = readUnStructure({ blocks, furniture: [] }, { id: 'n', file: 'n.pdf' });
    expect(parsed.paragraphs.map((p) => [p.paragraph, p.page, p.text])).toEqual([
      [1, 1, 'The first paragraph ends on this page.'],
      [2, 1, 'The second paragraph is cut by the page Break and goes on here.'],
      [3, 3, 'A third paragraph starts the next page.'],
    ]);
  });

  it('reads the body whose session the masthead names, also when the two run together on one line', () => {
    const masthead = (lines: string[]): BlockStream => ({ blocks: lines.map((l) => text(l, 1)), furniture: [] });
    expect(readDocumentFacts(masthead(['Economic and Social Council', 'Commission on Narcotic Drugs', 'Sixty-seventh session']))).toMatchObject({
      body: 'Commission on Narcotic Drugs',
      session: 'sixty-seventh session',
    });
    expect(readDocumentFacts(masthead(['Economic and Social Council', 'Commission on Narcotic Drugs Sixty-seventh session']))).toMatchObject({
      body: 'Commission on Narcotic Drugs',
      session: 'sixty-seventh session',
    });
    expect(readDocumentFacts(masthead(['Economic and Social Council', 'Distr.: General']))).toMatchObject({ body: 'Economic and Social Council', session: null });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The fixtures, against what the Markdown source parses to
// ---------------------------------------------------------------------------------------------------------

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Comparison {
  /** Paragraphs whose text differs, with both texts. */
  differing: Array<{ id: string; pdf: string; markdown: string }>;
  share: number;
}

/** Compares a PDF's paragraphs with the Markdown's: the same ids in order, the same place in the structure and footnotes; text share reported. */
function compareWithMarkdown(pdf: ParsedDocument, markdown: ParsedDocument, label: string): Comparison {
  const place = (p: ParsedDocument['paragraphs'][number]) => ({ id: p.id, part: p.part, chapter: p.chapter, paragraph: p.paragraph, year: p.year, section: p.section, topic: p.topic, meetingDates: p.meetingDates });
  expect(pdf.paragraphs.map(place)).toEqual(markdown.paragraphs.map(place));
  expect(pdf.paragraphs.map((p) => [p.id, p.footnotes])).toEqual(markdown.paragraphs.map((p) => [p.id, p.footnotes]));
  const differing = markdown.paragraphs.flatMap((m, i) => {
    const p = pdf.paragraphs[i]!;
    return normalise(p.text) === normalise(m.text) ? [] : [{ id: m.id, pdf: normalise(p.text), markdown: normalise(m.text) }];
  });
  const share = 1 - differing.length / markdown.paragraphs.length;
  console.log(`${label}: ${markdown.paragraphs.length - differing.length}/${markdown.paragraphs.length} paragraphs with the Markdown's text (${(100 * share).toFixed(1)} %)`);
  for (const d of differing) console.log(`  ${d.id}\n    pdf:      ${d.pdf}\n    markdown: ${d.markdown}`);
  return { differing, share };
}

/** No running header or footer, and no footnote's text, inside any paragraph. */
function expectNoFurnitureOrFootnotes(parsed: ParsedDocument, stream: BlockStream, furniture: { symbol: string; job: string; pageLabel: RegExp }): void {
  const footnotes = stream.blocks.filter((b): b is FootnoteBlock => b.kind === 'footnote').map((f) => f.text).filter((t) => t.length >= 20);
  expect(stream.furniture).toContain(furniture.symbol);
  expect(stream.furniture).toContain(furniture.job);
  for (const p of parsed.paragraphs) {
    expect(p.text, p.id).not.toContain(furniture.symbol);
    expect(p.text, p.id).not.toContain(furniture.job);
    expect(p.text, p.id).not.toMatch(furniture.pageLabel);
    for (const f of footnotes) expect(p.text, p.id).not.toContain(f);
    for (const f of p.footnotes) expect(p.text, p.id).not.toContain(f.text.length >= 20 ? f.text : '\u0000');
  }
}

async function readFixture(dir: string, file: string, meta?: object): Promise<{ stream: BlockStream; parsed: ParsedDocument; ms: number }> {
  const started = performance.now();
  const stream = await pdfReader.read(fs.readFileSync(path.join(dir, file)), file);
  const ms = performance.now() - started;
  return { stream, ms, parsed: readUnStructure(stream, { id: path.basename(file, '.pdf'), file, meta }) };
}

const markdownCorpus = await loadCorpus(CORPUS_DIR);
const markdownCnd = markdownCorpus.documents.find((d) => d.document.id === CND)!;

describe('the corpus as a PDF (LibreOffice from the Word fixture)', () => {
  let fixture: Awaited<ReturnType<typeof readFixture>>;
  beforeAll(async () => {
    fixture = await readFixture(FIXTURES, `${CND}.pdf`, JSON.parse(fs.readFileSync(CND_META, 'utf8')));
    console.log(`corpus PDF (45 pages) read in ${Math.round(fixture.ms)} ms`);
  }, 60_000);

  it('is read through the registry and loadDocument like any corpus file', async () => {
    expect((await readerFor('E_CN.7_2024_CRP.5.PDF'))?.format).toBe('PDF');
    const loaded = await loadDocument(FIXTURES, { id: CND, file: `${CND}.pdf`, metaPath: CND_META });
    expect(loaded.paragraphs.map((p) => p.text)).toEqual(fixture.parsed.paragraphs.map((p) => p.text));
  }, 60_000);

  it('gives the Markdown\'s 267 paragraphs, 35/36/37/31/128, in the same places, with the same footnotes', () => {
    const { parsed } = fixture;
    expect(parsed.paragraphs).toHaveLength(267);
    expect(['I', 'II', 'III', 'IV', 'V'].map((c) => parsed.paragraphs.filter((p) => p.chapter === c).length)).toEqual([35, 36, 37, 31, 128]);
    expect(new Set(parsed.paragraphs.map((p) => p.year))).toEqual(new Set([2019, 2020, 2021, 2022, 2023]));
    const { share } = compareWithMarkdown(parsed, markdownCnd, 'corpus PDF');
    expect(share).toBeGreaterThanOrEqual(0.99);
    expect(parsed.paragraphs.every((p) => p.page !== null)).toBe(true);
  });

  it('leaves no header, footer or footnote text in any paragraph', () => {
    expectNoFurnitureOrFootnotes(fixture.parsed, fixture.stream, { symbol: 'E/CN.7/2024/CRP.5', job: 'V.24-01234', pageLabel: /\b\d{1,2}\/45\b/ });
    expect(fixture.parsed.paragraphs.some((p) => p.text.includes('This document has not been edited'))).toBe(false);
  });

  it('joins paragraphs cut by a page break, in lower case or mid-sentence in capitals', () => {
    const para = (chapter: string, n: number) => fixture.parsed.paragraphs.find((p) => p.chapter === chapter && p.paragraph === n)!;
    // Page 1 ends "... Mirghani Abbaker Altayeb", page 2 starts "Bakhjet (Sudan), Chair of ...".
    expect(para('I', 1).text).toContain('Mirghani Abbaker Altayeb Bakhjet (Sudan), Chair of the Commission');
    expect(para('I', 7).text).toContain("on the Commission's website, allowing all interested stakeholders");
    expect(fixture.parsed.paragraphs.filter((p) => p.page !== null && p.text.length > 0)).toHaveLength(267);
  });

  it('reads the document facts the Markdown and its meta give', () => {
    const { symbol, body, session, date, title } = fixture.parsed.document;
    expect({ symbol, body, session, date, title }).toEqual({
      symbol: markdownCnd.document.symbol,
      body: markdownCnd.document.body,
      session: markdownCnd.document.session,
      date: markdownCnd.document.date,
      title: markdownCnd.document.title,
    });
    // Without the meta, from the page itself: the symbol of the running header and the masthead.
    expect(readDocumentFacts(fixture.stream)).toEqual({ symbol: 'E/CN.7/2024/CRP.5', date: '2024-03-04', body: 'Commission on Narcotic Drugs', session: 'sixty-seventh session', adoptedAs: null });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Variants rendered at test time, with parameters the reader has not been tuned on
// ---------------------------------------------------------------------------------------------------------

function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
// Without pandoc and LibreOffice these skip on a developer's machine; CI installs them (.ci/run), so there they
// run, and fail if the tools are missing, rather than pass unnoticed.
const CAN_RENDER = (hasTool('pandoc') && (hasTool('soffice') || hasTool('libreoffice')) && hasTool('python3')) || process.env.CI !== undefined;

interface Variant {
  name: string;
  symbol: string;
  job: string;
  date: string;
  iso: string;
  args: string[];
  pageLabel: (pages: number) => RegExp;
}

const VARIANTS: Variant[] = [
  {
    name: 'arial-autonum-mirrored',
    symbol: 'E/CN.7/2025/CRP.12',
    job: 'V.25-09876',
    date: '2 December 2025',
    iso: '2025-12-02',
    args: ['--font', 'Arial', '--size', '11', '--numbering', 'auto', '--header-layout', 'mirrored', '--title-page', '--page-label', 'plain'],
    pageLabel: () => /^\d{1,2}$/m,
  },
  {
    name: 'dejavu-12-of',
    symbol: 'E/CN.7/2023/CRP.9',
    job: 'V.23-11111',
    date: '1 June 2023',
    iso: '2023-06-01',
    args: ['--font', 'DejaVu Serif', '--size', '12', '--page-label', 'of'],
    pageLabel: (pages) => new RegExp(`\\b\\d{1,2} of ${pages}\\b`),
  },
];

/**
 * A short note by the Secretariat, numbered through two chapters, with a footnote every fifth paragraph and a
 * long one on paragraph `longNoteAt`: at 11, LibreOffice starts it at the foot of page 2 and ends it on page 3.
 */
function noteDocument(longNoteAt: number): string {
  const sentences = [
    'The Commission took note of the information provided by Member States on the implementation of the relevant resolutions.',
    'Several speakers underlined the importance of evidence-based prevention, treatment and rehabilitation services, including for women and young people.',
    'It was noted that the non-medical use of synthetic opioids had increased in several regions, posing new challenges to public health systems.',
    'Speakers highlighted the need for technical assistance, capacity-building and the sharing of good practices among competent national authorities.',
    'A number of delegations referred to the follow-up process and to the midterm review of the implementation of international drug policy commitments.',
  ];
  const lines = ['5 May 2025', '', 'Original: English', '', '**Commission on Narcotic Drugs**', '', '**Sixty-eighth session**', '', 'Vienna, 10–14 March 2025', '', '**Report on the intersessional meetings**', '', '**Note by the Secretariat**', ''];
  let n = 0;
  let note = 0;
  for (const [numeral, title] of [['I', 'Introduction'], ['II', 'Deliberations']] as const) {
    lines.push(`## ${numeral}. ${title}`, '');
    for (let k = 0; k < 8; k++) {
      n += 1;
      const text = [0, 1, 2, 3].map((i) => sentences[(n * 3 + i * 2) % sentences.length]).join(' ');
      if (n === longNoteAt || n % 5 === 0) {
        note += 1;
        lines.push(`${n}. ${text}<sup>${note}</sup>`, '');
        const noteText = n === longNoteAt ? `${Array.from({ length: 6 }, () => sentences[4]).join(' ')} The last words of the long note.` : sentences[n % sentences.length]!;
        lines.push(`<sup>${note}</sup> ${noteText}`, '');
      } else {
        lines.push(`${n}. ${text}`, '');
      }
    }
  }
  return lines.join('\n');
}

describe.skipIf(!CAN_RENDER)('documents rendered at test time: the corpus with another symbol, job number, date, font and layout, and a note', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-variants-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
  beforeAll(async () => {
    const started = performance.now();
    fs.writeFileSync(path.join(out, 'cnd-note-2025.md'), noteDocument(11));
    const render = promisify(execFile);
    await Promise.all([
      render(path.join(REPO, 'scripts/fixtures/make-fixtures.sh'), ['-o', out, '--symbol', 'E/CN.7/2025/7', '--job', 'V.25-04444', path.join(out, 'cnd-note-2025.md')], { timeout: 170_000 }),
      ...VARIANTS.map((v) =>
        promisify(execFile)(
          path.join(REPO, 'scripts/fixtures/make-fixtures.sh'),
          ['-o', out, '--name', v.name, '--symbol', v.symbol, '--job', v.job, '--date', v.date, ...v.args, path.join(CORPUS_DIR, `${CND}.md`)],
          { timeout: 170_000 },
        ),
      ),
    ]);
    console.log(`rendered ${VARIANTS.length} variants and a note in ${Math.round(performance.now() - started)} ms`);
  }, 180_000);

  it('joins a footnote that goes on at the foot of the next page', async () => {
    const pdfFile = path.join(out, 'cnd-note-2025.pdf');
    const pageText = (page: number) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    // The rendering the test relies on: the long note starts on page 2 and ends on page 3.
    expect(pageText(2)).toContain('A number of delegations referred');
    expect(pageText(3)).toContain('last words of the long note');
    const { parsed, stream } = await readFixture(out, 'cnd-note-2025.pdf');
    const markdownStream = await (await readerFor('cnd-note-2025.md'))!.read(fs.readFileSync(path.join(out, 'cnd-note-2025.md')), 'cnd-note-2025.md');
    const markdown = readUnStructure(markdownStream, { id: 'cnd-note-2025', file: 'cnd-note-2025.md' });
    expect(compareWithMarkdown(parsed, markdown, 'note PDF').share).toBe(1);
    const long = stream.blocks.find((b): b is FootnoteBlock => b.kind === 'footnote' && b.text.endsWith('The last words of the long note.'));
    expect(long?.location.page).toBe(2);
    expect(long?.text).toBe(markdownStream.blocks.find((b): b is FootnoteBlock => b.kind === 'footnote' && b.text.endsWith('long note.'))?.text);
  }, 60_000);

  for (const variant of VARIANTS) {
    it(`${variant.name}: the Markdown's paragraphs, footnotes and facts, no furniture in the text`, async () => {
      // No meta file: what the document says about itself comes from its pages.
      const { parsed, stream, ms } = await readFixture(out, `${variant.name}.pdf`);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path.join(out, `${variant.name}.pdf`)], { encoding: 'utf8' }))?.[1] ?? 0);
      console.log(`${variant.name} (${pages} pages) read in ${Math.round(ms)} ms`);
      const markdownStream = await (await readerFor(`${CND}.md`))!.read(fs.readFileSync(path.join(CORPUS_DIR, `${CND}.md`)), `${CND}.md`);
      const reference = readUnStructure(markdownStream, { id: variant.name, file: `${CND}.md` });
      const { share } = compareWithMarkdown(parsed, reference, variant.name);
      expect(share).toBeGreaterThanOrEqual(0.99);
      expectNoFurnitureOrFootnotes(parsed, stream, { symbol: variant.symbol, job: variant.job, pageLabel: variant.pageLabel(pages) });
      expect(parsed.document).toMatchObject({ symbol: variant.symbol, date: variant.iso, body: 'Commission on Narcotic Drugs', session: 'sixty-seventh session', title: markdownCnd.document.title });
    }, 60_000);
  }
});

// ---------------------------------------------------------------------------------------------------------
// The resolution and the report
// ---------------------------------------------------------------------------------------------------------

async function markdownFixture(name: string): Promise<ParsedDocument> {
  const file = `${name}.md`;
  const stream = await (await readerFor(file))!.read(fs.readFileSync(path.join(FIXTURES, file)), file);
  return readUnStructure(stream, { id: name, file });
}

describe('a resolution and a report with an annex, as PDFs', () => {
  it('reads the resolution\'s unnumbered preambular and numbered operative paragraphs as its source gives them', async () => {
    const { parsed, stream } = await readFixture(FIXTURES, 'cnd-resolution-67-99.pdf');
    const markdown = await markdownFixture('cnd-resolution-67-99');
    const { share } = compareWithMarkdown(parsed, markdown, 'resolution PDF');
    expect(share).toBe(1);
    const preamble = parsed.paragraphs.filter((p) => p.part === 'preamble');
    expect(preamble.map((p) => p.text.split(' ')[0])).toEqual(['Recalling', 'Reaffirming', 'Recalling', 'Recalling', 'Noting', 'Noting', 'Acknowledging', 'Bearing', 'Welcoming']);
    expect(preamble[0]!.footnotes.map((f) => f.marker)).toEqual(['1', '2', '3']);
    const operative = parsed.paragraphs.filter((p) => p.part === null);
    expect(operative.map((p) => p.paragraph)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(operative[0]!.text).toMatch(/^Calls upon Member States to make full use/);
    expect(operative[2]!.text).toContain('(c) Provide training for health-care professionals');
    // "women during childbirth ..." starts page 2 in the middle of the fifth preambular clause.
    expect(preamble[4]!.text).toMatch(/life-limiting illnesses, women during childbirth/);
    expectNoFurnitureOrFootnotes(parsed, stream, { symbol: 'E/CN.7/2024/L.9', job: 'V.24-04321', pageLabel: /\b\d\/3\b/ });
    expect(parsed.document).toMatchObject({ symbol: 'E/CN.7/2024/L.9', date: '2024-03-15', body: 'Commission on Narcotic Drugs', session: 'sixty-seventh session' });
  }, 60_000);

  it('reads the report\'s chapters, the paragraphs numbered through them, and its annex', async () => {
    const { parsed, stream } = await readFixture(FIXTURES, 'cnd-report-access-2024.pdf');
    const markdown = await markdownFixture('cnd-report-access-2024');
    const { share } = compareWithMarkdown(parsed, markdown, 'report PDF');
    expect(share).toBe(1);
    expect(parsed.paragraphs.filter((p) => p.part === null).map((p) => `${p.chapter}.${p.paragraph}`)).toEqual(['I.1', 'I.2', 'II.3', 'II.4', 'II.5', 'II.6', 'II.7', 'III.8', 'III.9', 'III.10', 'IV.11', 'IV.12']);
    const annex = parsed.paragraphs.filter((p) => p.part === 'annex');
    expect(annex.map((p) => p.paragraph)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(annex[0]!.topic).toBe('Member States that replied to the note verbale of the Secretariat');
    // Footnote 1 is printed at the foot of page 1, after chapter II has begun there.
    expect(parsed.paragraphs.find((p) => p.id.endsWith('.I.2'))!.footnotes.map((f) => f.marker)).toEqual(['1']);
    // Headers alternate left and right, and page 1 has none.
    expectNoFurnitureOrFootnotes(parsed, stream, { symbol: 'E/CN.7/2024/2', job: 'V.24-00187', pageLabel: /\b\d\/4\b/ });
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------
// Files that cannot be read
// ---------------------------------------------------------------------------------------------------------

describe('PDFs that cannot be read', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-errors-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.copyFileSync(path.join(FIXTURES, 'cnd-report-access-2024-scanned.pdf'), path.join(dir, 'scanned.pdf'));
  fs.copyFileSync(path.join(FIXTURES, 'cnd-resolution-67-99-encrypted.pdf'), path.join(dir, 'encrypted.pdf'));
  // A download cut short: the first third of a PDF, without its cross-reference table and trailer.
  const whole = fs.readFileSync(path.join(FIXTURES, 'cnd-resolution-67-99.pdf'));
  fs.writeFileSync(path.join(dir, 'damaged.pdf'), whole.subarray(0, Math.floor(whole.length / 3)));
  fs.copyFileSync(path.join(FIXTURES, 'cnd-resolution-67-99.pdf'), path.join(dir, 'good.pdf'));

  async function failure(file: string): Promise<ParseError> {
    try {
      await pdfReader.read(fs.readFileSync(path.join(dir, file)), file);
    } catch (error) {
      if (error instanceof ParseError) return error;
      throw error;
    }
    throw new Error(`${file} was read`);
  }

  it('says a scanned PDF has no text layer and how to add one', async () => {
    const error = await failure('scanned.pdf');
    expect(error.file).toBe('scanned.pdf');
    expect(error.message).toBe("scanned.pdf: has no text layer: the file is a scanned image; OCR it first (for example with ocrmypdf) and add the OCR'd PDF");
  }, 30_000);

  it('says an encrypted PDF is encrypted', async () => {
    expect((await failure('encrypted.pdf')).message).toBe('encrypted.pdf: is encrypted: save a copy without a password');
  }, 30_000);

  it('says a damaged file is not a readable PDF, with pdf.js\'s reason', async () => {
    expect((await failure('damaged.pdf')).message).toMatch(/^damaged\.pdf: is not a readable PDF \(.+\)$/);
    fs.writeFileSync(path.join(dir, 'text.pdf'), 'This is not a PDF at all.\n');
    expect((await failure('text.pdf')).message).toMatch(/^text\.pdf: is not a readable PDF \(/);
    fs.rmSync(path.join(dir, 'text.pdf'));
  }, 30_000);

  it('leaves them out of the corpus and names each, while the good file indexes', async () => {
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => [d.document.id, d.paragraphs.length])).toEqual([['good', 19]]);
    expect(corpus.errors.map((e) => [e.file, e.message.replace(/^is not a readable PDF \(.*\)$/, 'is not a readable PDF (…)')])).toEqual([
      ['damaged.pdf', 'is not a readable PDF (…)'],
      ['encrypted.pdf', 'is encrypted: save a copy without a password'],
      ['scanned.pdf', "has no text layer: the file is a scanned image; OCR it first (for example with ocrmypdf) and add the OCR'd PDF"],
    ]);
  }, 60_000);
});
