import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCitation, formatReference } from '../src/parse/citation.js';
import { loadCorpus } from '../src/parse/corpus.js';
import { ParseError } from '../src/parse/document-reader.js';
import { parseMarkdownDocument as parseUnDocument } from './support/parse.js';
import type { Paragraph } from '../src/parse/types.js';

const CORPUS_DIR = path.resolve(import.meta.dirname, '../corpus');
const corpus = await loadCorpus(CORPUS_DIR);
const cnd = corpus.documents.find((d) => d.document.id === 'cnd-chairs-summaries-2019-2023')!;
const paragraphs = cnd.paragraphs;

function para(year: number, number: number): Paragraph {
  const found = paragraphs.find((p) => p.year === year && p.paragraph === number);
  if (!found) throw new Error(`no paragraph ${year} ${number}`);
  return found;
}

describe('the CND compilation, parsed from the real file', () => {
  it('has exactly 267 paragraphs, split by year as printed', () => {
    expect(corpus.errors).toEqual([]);
    expect(paragraphs).toHaveLength(267);
    const perYear = Object.fromEntries([2019, 2020, 2021, 2022, 2023].map((y) => [y, paragraphs.filter((p) => p.year === y).length]));
    expect(perYear).toEqual({ 2019: 35, 2020: 36, 2021: 37, 2022: 31, 2023: 128 });
  });

  it('numbers each chapter 1..N without gaps, with chapters I to V in year order', () => {
    const chapters = ['I', 'II', 'III', 'IV', 'V'];
    chapters.forEach((chapter, i) => {
      const inChapter = paragraphs.filter((p) => p.chapter === chapter);
      expect(inChapter.map((p) => p.paragraph)).toEqual(inChapter.map((_, n) => n + 1));
      expect(new Set(inChapter.map((p) => p.year))).toEqual(new Set([2019 + i]));
    });
  });

  it('leaves no Markdown, HTML, heading marks or footnote text in paragraph text', () => {
    for (const p of paragraphs) {
      expect(p.text).not.toMatch(/<\/?sup>|\*\*|^#|\\_|\]\(http| \| /m);
      for (const footnote of paragraphs.flatMap((q) => q.footnotes)) {
        if (footnote.text.length > 30) expect(p.text).not.toContain(footnote.text);
      }
    }
  });

  it('gives stable, unique ids and document order', () => {
    expect(new Set(paragraphs.map((p) => p.id)).size).toBe(267);
    expect(para(2021, 24).id).toBe('cnd-chairs-summaries-2019-2023.III.24');
    expect(paragraphs.map((p) => p.order)).toEqual(paragraphs.map((_, i) => i));
  });

  it('reads meeting dates, sections and topics from headings at any level', () => {
    expect(para(2021, 24).meetingDates).toBe('19–21 October 2021');
    expect(para(2019, 1).section).toBeNull();
    expect(para(2019, 2).section).toBe('Background');
    expect(para(2022, 2).section).toBe('Background'); // ##### heading
    expect(para(2021, 2).section).toBe('Background'); // #### heading
    expect(para(2019, 8).section).toBe("Chair's summary of the deliberations");
    expect(para(2019, 34).section).toBe('Way forward');
    expect(para(2022, 30).section).toBe('Way forward');
    expect(para(2019, 8).topic).toBe('2019 Ministerial Declaration Challenge: "Both the range of drugs and drugs markets are expanding and diversifying"');
    // bold pseudo-heading with the enumerator outside the bold
    expect(para(2021, 23).topic).toMatch(/^2019 Ministerial Declaration Challenge: “The value of confiscated proceeds/);
    // headings converted into list items
    expect(para(2023, 65).topic).toMatch(/^Thematic Session 6 on/);
    expect(para(2021, 9).topic).toBe('Opening session');
    expect(para(2019, 2).topic).toBeNull();
  });

  it('joins a paragraph split by a page break (2019 para. 23)', () => {
    expect(para(2019, 23).text).toContain('under article 7 of the United Nations Convention against Illicit Traffic');
    expect(para(2021, 32).text).toContain('even if one member of the group is identified');
  });

  it('takes footnotes out of 2020 para. 22 and gives them to para. 20, which cites them', () => {
    const p22 = para(2020, 22);
    expect(p22.text).toContain('the Dalgarno Institute, representing civil society.');
    expect(p22.text).toContain('The expert panel discussion preceding the interactive debate included experts');
    expect(p22.text).not.toMatch(/Resolution \d/);
    expect(p22.footnotes).toEqual([]);
    expect(para(2020, 20).footnotes).toEqual([
      { marker: '1', text: 'Resolution 61/4.' },
      { marker: '2', text: 'Resolution 59/5.' },
      { marker: '3', text: 'Resolution 55/5.' },
    ]);
    expect(para(2020, 20).text).toContain('resolution 61/4 on promoting measures');
  });

  it('gives footnote 8, the list of 47 States, to 2023 para. 15 and not to para. 18 where it was printed', () => {
    const [footnote] = para(2023, 15).footnotes;
    expect(footnote?.marker).toBe('8');
    expect(footnote?.text).toMatch(/^Albania, Argentina, Australia/);
    const p18 = para(2023, 18);
    expect(p18.footnotes).toEqual([]);
    expect(p18.text).toContain('scheduling of families of precursor chemicals rather than of single precursors');
    expect(p18.text).not.toContain('Albania');
  });

  it('keeps bullet lists and the unnumbered 2023 programme with their paragraph', () => {
    expect(para(2019, 4).text.split('\n')).toHaveLength(4);
    expect(para(2019, 4).text).toContain('• Both the range of drugs and drugs markets are expanding and diversifying;');
    const programme = para(2023, 4).text.split('\n');
    expect(programme).toContain('Day 2: 24 October 2023');
    expect(programme.filter((line) => line.startsWith('Morning: Challenge'))).toHaveLength(6);
    expect(programme.at(-1)).toBe('Afternoon: 1/2 day closing with a focus on the way forward');
    expect(para(2023, 5).text).toMatch(/^The 2023 CND Thematic Discussions were held in a hybrid format/);
    expect(para(2023, 5).topic).toBeNull();
  });

  it('applies the displaced "C. Way forward" heading after thematic session 11\'s first paragraph (2023 paras. 119 and 120–128)', () => {
    const p119 = para(2023, 119);
    expect(p119.section).toBe("Chair's summary of the deliberations");
    expect(p119.topic).toMatch(/^Thematic Session 11 on 2019 Ministerial Declaration Challenge/);
    expect(p119.text).toContain('medical and scientific purposes, including for the relief of pain');
    for (let n = 120; n <= 128; n++) {
      expect(para(2023, n).section).toBe('Way forward');
      expect(para(2023, n).topic).toBeNull();
    }
    expect(para(2023, 120).text).toMatch(/joint presentation .* 2024 midterm/);
    expect(cnd.warnings.some((w) => w.line === 779 && /applied after that paragraph/.test(w.message))).toBe(true);
  });

  it('formats a citation a delegate can paste', () => {
    expect(cnd.document.citationLabel).toBe('CND thematic discussions');
    expect(formatCitation(para(2021, 24), cnd.document)).toBe('E/CN.7/2024/CRP.5, para. 24 (CND thematic discussions 2021, III)');
    expect(formatCitation(para(2021, 24), { ...cnd.document, symbol: null })).toBe('CND thematic discussions 2021 (III), para. 24');
    expect(formatReference(para(2021, 24), cnd.document)).toBe(
      `Commission on Narcotic Drugs, sixty-seventh session, "${cnd.document.title}", E/CN.7/2024/CRP.5 (4 March 2024), chap. III (19–21 October 2021), para. 24`,
    );
  });

  it('hashes the corpus by content', async () => {
    expect(corpus.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await loadCorpus(CORPUS_DIR)).hash).toBe(corpus.hash);
  });
});

describe('other documents', () => {
  it('indexes a file without numbered paragraphs as blank-line paragraphs, numbered in order', () => {
    const parsed = parseUnDocument('# Notes on policy\n\nFirst block of text\nstill the first.\n\nSecond block.\n\n## Later\n\nThird block.', { id: 'notes', file: 'notes.md' });
    expect(parsed.paragraphs.map((p) => [p.paragraph, p.text, p.topic])).toEqual([
      [1, 'First block of text still the first.', 'Notes on policy'],
      [2, 'Second block.', 'Notes on policy'],
      [3, 'Third block.', 'Later'],
    ]);
    expect(parsed.document.title).toBe('Notes on policy');
    expect(parsed.paragraphs[0]?.chapter).toBeNull();
  });

  it('parses numbered paragraphs without chapters', () => {
    const parsed = parseUnDocument('Report\n\n1. One.\n\n2. Two\n\ncontinued.\n', { id: 'r', file: 'r.txt' });
    expect(parsed.paragraphs.map((p) => [p.id, p.text])).toEqual([
      ['r.0.1', 'One.'],
      ['r.0.2', 'Two continued.'],
    ]);
  });

  it('rejects an empty or binary file with an error naming the file and line', () => {
    expect(() => parseUnDocument('\n\n  \n', { id: 'e', file: 'empty.md' })).toThrow(/empty\.md: contains no paragraphs/);
    const error = (() => {
      try {
        parseUnDocument('line one\nline\u0000two', { id: 'b', file: 'bin.md' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toBe('bin.md:2: contains NUL bytes: not a text file');
  });

  it('reports unreadable files by name and line while the other files still index', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
    writeFileSync(path.join(dir, 'good.md'), '1. A good paragraph.\n\n2. Another one.\n');
    writeFileSync(path.join(dir, 'latin1.txt'), Buffer.concat([Buffer.from('fine line\nbad \xe9 line\n', 'latin1')]));
    writeFileSync(path.join(dir, 'empty.md'), '');
    writeFileSync(path.join(dir, 'good.meta.json'), '{"citationLabel": 3}');
    writeFileSync(path.join(dir, 'ignored.odt'), 'not indexed');
    const loaded = await loadCorpus(dir);
    expect(loaded.documents).toEqual([]);
    expect(loaded.errors).toEqual([
      { file: 'empty.md', line: undefined, message: 'contains no paragraphs of text' },
      { file: 'good.meta.json', line: undefined, message: 'invalid metadata for good.md: citationLabel: Invalid input: expected string, received number' },
      { file: 'latin1.txt', line: 2, message: 'is not valid UTF-8 text' },
    ]);
    writeFileSync(path.join(dir, 'good.meta.json'), '{"citationLabel": "Good doc"}');
    const fixed = await loadCorpus(dir);
    expect(fixed.documents.map((d) => [d.document.id, d.document.citationLabel, d.paragraphs.length])).toEqual([['good', 'Good doc', 2]]);
    expect(fixed.hash).not.toBe(loaded.hash);
  });
});
