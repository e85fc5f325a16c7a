import { describe, expect, it } from 'vitest';
import { formatNumber, ListNumberer, readNumberingDefinitions } from '../src/parse/formats/docx-numbering.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

function lvl(ilvl: number, format: string, text: string, extra = '', start = 1): string {
  return `<w:lvl w:ilvl="${ilvl}"><w:start w:val="${start}"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;
}

function numbering(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${W}>${inner}</w:numbering>`;
}

/** Labels of a sequence of paragraphs given as [numId, ilvl]. */
function labels(xml: string, paragraphs: Array<[string, number]>, styles?: Map<string, string>): Array<string | null> {
  const numberer = new ListNumberer(readNumberingDefinitions(xml), styles);
  return paragraphs.map(([numId, ilvl]) => numberer.next(numId, ilvl)?.label ?? null);
}

describe('formatting numbers as Word does', () => {
  it('writes decimal, roman, letters (aa after z), ordinal and the Chicago footnote marks', () => {
    expect([1, 4, 9, 14, 40, 1999].map((n) => formatNumber(n, 'upperRoman'))).toEqual(['I', 'IV', 'IX', 'XIV', 'XL', 'MCMXCIX']);
    expect([1, 3, 26, 27, 28, 53].map((n) => formatNumber(n, 'lowerLetter'))).toEqual(['a', 'c', 'z', 'aa', 'bb', 'aaa']);
    expect(formatNumber(2, 'upperLetter')).toBe('B');
    expect(formatNumber(7, 'lowerRoman')).toBe('vii');
    expect([1, 2, 3, 4, 11, 22].map((n) => formatNumber(n, 'ordinal'))).toEqual(['1st', '2nd', '3rd', '4th', '11th', '22nd']);
    expect([1, 2, 3, 4, 5].map((n) => formatNumber(n, 'chicago'))).toEqual(['*', '†', '‡', '§', '**']);
    expect(formatNumber(5, 'decimalZero')).toBe('05');
    expect(formatNumber(12, 'somethingNew')).toBe('12');
  });
});

describe('the printed labels of automatically numbered paragraphs', () => {
  it('counts a list from its start value in its format and label text', () => {
    const xml = numbering(
      `<w:abstractNum w:abstractNumId="0">${lvl(0, 'decimal', '%1.', '', 8)}</w:abstractNum>` +
        `<w:abstractNum w:abstractNumId="1">${lvl(0, 'lowerLetter', '(%1)')}</w:abstractNum>` +
        `<w:abstractNum w:abstractNumId="2">${lvl(0, 'upperRoman', '%1.')}</w:abstractNum>` +
        `<w:abstractNum w:abstractNumId="3">${lvl(0, 'upperLetter', '%1.')}</w:abstractNum>` +
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>' +
        '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>',
    );
    expect(labels(xml, [['1', 0], ['1', 0], ['2', 0], ['2', 0], ['2', 0], ['3', 0], ['3', 0], ['3', 0], ['3', 0], ['4', 0], ['4', 0], ['1', 0]])).toEqual([
      '8.', '9.', '(a)', '(b)', '(c)', 'I.', 'II.', 'III.', 'IV.', 'A.', 'B.', '10.',
    ]);
  });

  it('restarts deeper levels after a higher one, shows every level the label text names, and honours w:lvlRestart', () => {
    const xml = numbering(
      `<w:abstractNum w:abstractNumId="0">${lvl(0, 'upperRoman', '%1.')}${lvl(1, 'upperLetter', '%2.')}${lvl(2, 'decimal', '%1.%2.%3')}` +
        `${lvl(3, 'lowerLetter', '(%4)', '<w:lvlRestart w:val="0"/>')}</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="0"/></w:num>`,
    );
    expect(labels(xml, [['7', 0], ['7', 1], ['7', 2], ['7', 2], ['7', 3], ['7', 1], ['7', 2], ['7', 0], ['7', 1], ['7', 3]])).toEqual([
      'I.', 'A.', 'I.A.1', 'I.A.2', '(a)', 'B.', 'I.B.1', 'II.', 'A.', '(b)',
    ]);
  });

  it('shows every level in decimal on a legal level (w:isLgl)', () => {
    const xml = numbering(
      `<w:abstractNum w:abstractNumId="0">${lvl(0, 'upperRoman', '%1.')}${lvl(1, 'decimal', '%1.%2', '<w:isLgl/>')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`,
    );
    expect(labels(xml, [['1', 0], ['1', 0], ['1', 1]])).toEqual(['I.', 'II.', '2.1']);
  });

  it('restarts at a start override and otherwise continues across instances of one definition (LibreOffice writes lists so)', () => {
    // One instance with <w:startOverride> opens each chapter's list; the rest of the chapter uses plain instances.
    const xml = numbering(
      `<w:abstractNum w:abstractNumId="6">${lvl(0, 'decimal', '%1.')}</w:abstractNum>` +
        '<w:num w:numId="12"><w:abstractNumId w:val="6"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>' +
        '<w:num w:numId="6"><w:abstractNumId w:val="6"/></w:num><w:num w:numId="18"><w:abstractNumId w:val="6"/></w:num>' +
        '<w:num w:numId="17"><w:abstractNumId w:val="6"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>' +
        '<w:num w:numId="30"><w:abstractNumId w:val="6"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="24"/></w:lvlOverride></w:num>',
    );
    expect(labels(xml, [['12', 0], ['6', 0], ['6', 0], ['18', 0], ['17', 0], ['6', 0], ['30', 0], ['30', 0]])).toEqual(['1.', '2.', '3.', '4.', '1.', '2.', '24.', '25.']);
  });

  it('uses a level a w:lvlOverride replaces, for that instance only', () => {
    const xml = numbering(
      `<w:abstractNum w:abstractNumId="0">${lvl(0, 'decimal', '%1.')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
        `<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">${lvl(0, 'lowerRoman', '(%1)', '', 3)}</w:lvlOverride></w:num>`,
    );
    expect(labels(xml, [['1', 0], ['2', 0], ['2', 0]])).toEqual(['1.', '(iii)', '(iv)']);
  });

  it('follows a numbering style link to the list that holds the levels', () => {
    const xml = numbering(
      `<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="UNParas"/>${lvl(0, 'decimal', '%1.')}</w:abstractNum>` +
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="UNParas"/></w:abstractNum>' +
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>',
    );
    expect(labels(xml, [['2', 0], ['2', 0], ['1', 0]], new Map([['UNParas', '1']]))).toEqual(['1.', '2.', '3.']);
  });

  it('gives bullets as bullets, "none" as no label, and nothing for numId 0 or an undefined list', () => {
    const xml = numbering(
      `<w:abstractNum w:abstractNumId="0">${lvl(0, 'bullet', '•')}${lvl(1, 'none', '', '<w:suff w:val="nothing"/>')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`,
    );
    const numberer = new ListNumberer(readNumberingDefinitions(xml));
    expect(numberer.next('1', 0)).toEqual({ label: '•', separator: ' ', isBullet: true });
    expect(numberer.next('1', 1)).toEqual({ label: '', separator: '', isBullet: false });
    expect(numberer.next('0', 0)).toBeNull();
    expect(numberer.next('99', 0)).toBeNull();
    expect(numberer.next('1', 5)).toBeNull();
  });

  it('separates the label by a space unless the level says nothing follows it, and starts at 0 when w:start is missing', () => {
    const xml = numbering(
      '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>' +
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
    );
    const numberer = new ListNumberer(readNumberingDefinitions(xml));
    expect(numberer.next('1', 0)).toEqual({ label: '0)', separator: '', isBullet: false });
    expect(numberer.next('1', 0)?.label).toBe('1)');
  });

  it('reads a part written with another prefix for the namespace', () => {
    const xml = `<n:numbering xmlns:n="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><n:abstractNum n:abstractNumId="0"><n:lvl n:ilvl="0"><n:start n:val="5"/><n:numFmt n:val="decimal"/><n:lvlText n:val="%1."/></n:lvl></n:abstractNum><n:num n:numId="1"><n:abstractNumId n:val="0"/></n:num></n:numbering>`;
    expect(labels(xml, [['1', 0], ['1', 0]])).toEqual(['5.', '6.']);
  });
});
