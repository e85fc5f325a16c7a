import { describe, expect, it } from 'vitest';
import { describePosition, describeYears, displaySentence, formatAnswerForCopy, formatCitation, groupByYear, highlightSegments } from '../../web/src/format.js';

describe('formatCitation', () => {
  it('quotes the quoted sentences after the citation', () => {
    expect(formatCitation('CND thematic discussions 2021 (III), para. 24', ['UNODC emphasized the importance.'])).toBe(
      'CND thematic discussions 2021 (III), para. 24: "UNODC emphasized the importance."',
    );
    expect(formatCitation('C, para. 1', ['One.', ' Two. '])).toBe('C, para. 1: "One. […] Two."');
  });

  it('quotes the whole paragraph when nothing of it was quoted, on one line', () => {
    expect(formatCitation('C, para. 1', [], 'Items:\n• a\n• b')).toBe('C, para. 1: "Items: • a • b"');
    expect(formatCitation('C, para. 1', [])).toBe('C, para. 1');
  });
});

describe('highlightSegments', () => {
  it('marks each quoted sentence and keeps all the text', () => {
    const text = 'First one. Second one. Third one.';
    const segments = highlightSegments(text, ['Second one.', 'Third one.']);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments).toEqual([
      { text: 'First one. ', highlighted: false },
      { text: 'Second one.', highlighted: true },
      { text: ' ', highlighted: false },
      { text: 'Third one.', highlighted: true },
    ]);
  });

  it('merges overlapping quotes and ignores ones not in the text', () => {
    expect(highlightSegments('abcdef', ['bcd', 'cde', 'xyz', ''])).toEqual([
      { text: 'a', highlighted: false },
      { text: 'bcde', highlighted: true },
      { text: 'f', highlighted: false },
    ]);
  });
});

describe('groupByYear', () => {
  it('groups a timeline by year in order, keeping the answer order within a year', () => {
    const s = (text: string, year: number | null) => ({ text, citations: [1], year });
    expect(groupByYear([s('c', 2023), s('a', 2019), s('d', null), s('b', 2019)])).toEqual([
      { year: 2019, sentences: [s('a', 2019), s('b', 2019)] },
      { year: 2023, sentences: [s('c', 2023)] },
      { year: null, sentences: [s('d', null)] },
    ]);
  });
});

describe('small descriptions', () => {
  it('describes positions, years and a copied answer', () => {
    expect(describePosition({ year: 2021, chapter: 'III', paragraph: 24 })).toBe('2021 · III · para. 24');
    expect(describePosition({ year: null, chapter: null, paragraph: 3 })).toBe('para. 3');
    expect(describeYears([2021, 2019, 2020])).toBe('2019–2021');
    expect(describeYears([2019, 2023])).toBe('2019, 2023');
    expect(
      formatAnswerForCopy('Q?', [{ text: 'A.', citations: [1, 2], year: 2021 }], [
        { n: 1, citation: 'C1' },
        { n: 2, citation: 'C2' },
      ] as never),
    ).toBe('Q?\n\nA. [1][2]\n\nSources:\n[1] C1\n[2] C2\n');
  });
});

describe('displaySentence', () => {
  it('strips a leading list bullet, and only that', () => {
    expect(displaySentence('• Drug treatment services continue to fall short.')).toBe('Drug treatment services continue to fall short.');
    expect(displaySentence('  - Both the range of drugs is expanding; ')).toBe('Both the range of drugs is expanding;');
    expect(displaySentence('▪\u00a0A point.')).toBe('A point.');
    expect(displaySentence('– Dash item.')).toBe('Dash item.');
    expect(displaySentence('(a) An enumerated item.')).toBe('(a) An enumerated item.');
    expect(displaySentence('-2 per cent was reported.')).toBe('-2 per cent was reported.');
    expect(displaySentence('A sentence • with a bullet inside.')).toBe('A sentence • with a bullet inside.');
    expect(displaySentence('•')).toBe('•');
  });

  it('is what a copied answer quotes', () => {
    expect(formatAnswerForCopy('Q?', [{ text: '• A.', citations: [1], year: 2021 }], [{ n: 1, citation: 'C1' }] as never)).toBe('Q?\n\nA. [1]\n\nSources:\n[1] C1\n');
  });
});
