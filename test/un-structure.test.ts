import { describe, expect, it } from 'vitest';
import { parseMarkdownDocument } from './support/parse.js';

describe('the structure reader on documents other than the compilation', () => {
  it('follows paragraph numbers that run on through the chapters, as reports number them', () => {
    const parsed = parseMarkdownDocument(
      ['## I. Introduction', '', '1. One.', '', '2. Two.', '', '## II. Findings', '', '3. Three.', '', '4. Four.', '', '## III. Conclusions', '', '5. Five.'].join('\n'),
      { id: 'r', file: 'r.md', meta: { year: 2024 } },
    );
    expect(parsed.paragraphs.map((p) => [p.chapter, p.paragraph, p.text])).toEqual([
      ['I', 1, 'One.'],
      ['I', 2, 'Two.'],
      ['II', 3, 'Three.'],
      ['II', 4, 'Four.'],
      ['III', 5, 'Five.'],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('still reads chapters that number from 1 again, and a chapter without paragraphs does not break the run', () => {
    const restarting = parseMarkdownDocument(['## I. One', '', '1. A.', '', '2. B.', '', '## II. Two', '', '1. C.'].join('\n'), { id: 'c', file: 'c.md' });
    expect(restarting.paragraphs.map((p) => p.id)).toEqual(['c.I.1', 'c.I.2', 'c.II.1']);
    const gap = parseMarkdownDocument(['## I. One', '', '1. A.', '', '## II. Two', '', '## III. Three', '', '2. B.'].join('\n'), { id: 'g', file: 'g.md' });
    expect(gap.paragraphs.map((p) => p.id)).toEqual(['g.I.1', 'g.III.2']);
  });

  it('gives footnotes printed among preambular paragraphs to the clause citing them; masthead notes stay out', () => {
    const parsed = parseMarkdownDocument(
      [
        'Item 5 of the provisional agenda<sup>*</sup>',
        '',
        '<sup>*</sup> E/CN.7/2024/1.',
        '',
        'Recalling the Single Convention on Narcotic Drugs of 1961 as amended by the 1972 Protocol,<sup>1</sup>',
        '',
        '<sup>1</sup> United Nations, Treaty Series, vol. 976, No. 14152.',
        '',
        'Noting with concern that humanitarian emergencies severely disrupt the supply of medicines,',
        '',
        '1. Calls upon Member States to make full use of the simplified control procedures.',
      ].join('\n'),
      { id: 'res', file: 'res.md', meta: { year: 2024 } },
    );
    expect(parsed.paragraphs.map((p) => [p.id, p.footnotes])).toEqual([
      ['res.preamble.0.1', [{ marker: '1', text: 'United Nations, Treaty Series, vol. 976, No. 14152.' }]],
      ['res.preamble.0.2', []],
      ['res.0.1', []],
    ]);
    expect(parsed.warnings).toEqual([]);
  });
});
