import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCitation, formatReference } from '../src/parse/citation.js';
import { loadCorpus } from '../src/parse/corpus.js';
import { readDocumentFacts } from '../src/parse/document-facts.js';
import { readMarkdown } from '../src/parse/formats/markdown.js';
import { DocumentMentions } from '../src/retrieve/document-mentions.js';
import { analyseQuery } from '../src/retrieve/query-analysis.js';
import { SessionCalendar } from '../src/retrieve/session-calendar.js';
import { parseMarkdownDocument } from './support/parse.js';

/** UN layouts other than the CND compilation, and what a document says about itself. */

const RESOLUTION = `E/CN.7/2024/L.9

Distr.: Limited
12 March 2024

Original: English

**Commission on Narcotic Drugs**
**Sixty-seventh session**

Vienna, 14–22 March 2024

**Resolution 67/99. Promoting drug checking as part of a public health approach**

The Commission on Narcotic Drugs,

*Recalling* its resolution 61/11 of 16 March 2018 on promoting non-stigmatizing attitudes to ensure the availability of health services,<sup>1</sup>

*Noting with concern* that the number of deaths associated with drug use has increased over the past decade and that the drug market is
becoming more complex and diversified,

*Acknowledging* the work of the United Nations Office on Drugs and Crime in supporting Member States in developing evidence-based responses,

1. *Calls upon* Member States to consider, in accordance with national legislation, evidence-based drug checking services;

2. *Requests* the United Nations Office on Drugs and Crime to provide technical assistance to Member States upon request;

3. *Also requests* the Executive Director to report to the Commission at its sixty-ninth session on the implementation of the present resolution.

<sup>1</sup> See Official Records of the Economic and Social Council, 2018, Supplement No. 8 (E/2018/28), chap. I, sect. C.
`;

const REPORT = `E/CN.7/2024/2

Distr.: General
4 January 2024

**Commission on Narcotic Drugs**

**World situation with regard to drug abuse**

**Report of the Secretariat**

## I. Introduction

1. The present report is submitted pursuant to Commission resolution 64/1 and covers the year 2023.

2. It draws on the replies to the annual report questionnaire received from 102 Member States.

## II. Trends in drug use

### A. Global overview

3. An estimated 292 million people used drugs in 2022, an increase of 20 per cent over ten years.

4. Cannabis remained the most widely used drug worldwide.

### B. Regional trends

5. In Africa, the use of tramadol for non-medical purposes continued to be reported.

## Annex

**Member States that replied to the questionnaire**

1. Replies were received from 102 Member States, listed by region.

2. Of those, 37 replied to every part of the questionnaire.
`;

const CND_SESSIONS = SessionCalendar.forDocuments([{ body: 'Commission on Narcotic Drugs' }]);

describe('a resolution', () => {
  const parsed = parseMarkdownDocument(RESOLUTION, { id: 'cnd-resolution-67-99', file: 'cnd-resolution-67-99.md' });
  const byId = new Map(parsed.paragraphs.map((p) => [p.id, p]));

  it('indexes its unnumbered preambular paragraphs, then its numbered operative paragraphs, in reading order', () => {
    expect(parsed.paragraphs.map((p) => [p.part, p.paragraph])).toEqual([
      ['preamble', 1],
      ['preamble', 2],
      ['preamble', 3],
      [null, 1],
      [null, 2],
      [null, 3],
    ]);
    expect(parsed.paragraphs[0]!.text).toMatch(/^Recalling its resolution 61\/11/);
    // A line break inside a clause is not a new clause.
    expect(parsed.paragraphs[1]!.text).toBe(
      'Noting with concern that the number of deaths associated with drug use has increased over the past decade and that the drug market is becoming more complex and diversified,',
    );
    expect(parsed.paragraphs[3]!.text).toMatch(/^Calls upon Member States/);
    expect(byId.get('cnd-resolution-67-99.preamble.0.2')?.paragraph).toBe(2);
  });

  it('keeps the masthead and the title out of the paragraphs and gives the footnote to the clause citing it', () => {
    const texts = parsed.paragraphs.map((p) => p.text).join('\n');
    for (const masthead of ['Distr.', 'Vienna, 14–22 March 2024', 'Sixty-seventh session', 'The Commission on Narcotic Drugs,', 'Official Records']) {
      expect(texts).not.toContain(masthead);
    }
    expect(parsed.paragraphs[0]!.footnotes).toEqual([{ marker: '1', text: expect.stringMatching(/^See Official Records/) }]);
    expect(parsed.document.title).toBe('Resolution 67/99. Promoting drug checking as part of a public health approach');
  });

  it('reads its symbol, date, body and session from the masthead and dates its paragraphs by it', () => {
    expect(parsed.document).toMatchObject({
      symbol: 'E/CN.7/2024/L.9',
      date: '2024-03-12',
      year: 2024,
      body: 'Commission on Narcotic Drugs',
      session: 'sixty-seventh session',
    });
    expect(parsed.paragraphs.every((p) => p.year === 2024)).toBe(true);
    expect(parsed.warnings).toEqual([]);
  });

  it('is cited by symbol and part', () => {
    const preamble = parsed.paragraphs[2]!;
    expect(parsed.document.citationLabel).toBe('CND resolution 67/99');
    expect(formatCitation(preamble, parsed.document)).toBe('E/CN.7/2024/L.9, preamble, para. 3 (CND resolution 67/99 2024)');
    expect(formatCitation(preamble, { ...parsed.document, citationLabel: 'E/CN.7/2024/L.9' })).toBe('E/CN.7/2024/L.9, preamble, para. 3 (2024)');
    expect(formatReference(parsed.paragraphs[3]!, parsed.document)).toBe(
      'Commission on Narcotic Drugs, sixty-seventh session, "Resolution 67/99. Promoting drug checking as part of a public health approach", E/CN.7/2024/L.9 (12 March 2024), para. 1',
    );
  });
});

describe('a report with chapters, sections and an annex', () => {
  const parsed = parseMarkdownDocument(REPORT, { id: 'report', file: 'report.md' });

  it('numbers the body by chapter and the annex on its own, with unique ids', () => {
    expect(parsed.paragraphs.map((p) => p.id)).toEqual([
      'report.I.1',
      'report.I.2',
      'report.II.3',
      'report.II.4',
      'report.II.5',
      'report.annex.0.1',
      'report.annex.0.2',
    ]);
    expect(parsed.paragraphs.find((p) => p.id === 'report.II.5')?.section).toBe('Regional trends');
    const annex = parsed.paragraphs.filter((p) => p.part === 'annex');
    expect(annex.map((p) => p.topic)).toEqual(['Member States that replied to the questionnaire', 'Member States that replied to the questionnaire']);
    expect(formatCitation(annex[1]!, parsed.document)).toBe('E/CN.7/2024/2, annex, para. 2 (World situation with regard to drug abuse 2024)');
  });

  it('takes the year of the document for paragraphs whose chapter names no meeting', () => {
    expect(parsed.document.date).toBe('2024-01-04');
    expect(new Set(parsed.paragraphs.map((p) => p.year))).toEqual(new Set([2024]));
  });
});

describe('documents that print little about themselves', () => {
  it('does not cite the title line of a plain text file as paragraph 1', () => {
    const parsed = parseMarkdownDocument('Note on drug checking in festivals\n\nSeveral services tested samples on site.\n\nResults were shared with health authorities.\n', {
      id: 'note',
      file: 'note.txt',
      meta: { year: 2022 },
    });
    expect(parsed.document.title).toBe('Note on drug checking in festivals');
    expect(parsed.paragraphs.map((p) => [p.paragraph, p.text])).toEqual([
      [1, 'Several services tested samples on site.'],
      [2, 'Results were shared with health authorities.'],
    ]);
    expect(parsed.paragraphs.every((p) => p.year === 2022)).toBe(true);
  });

  it('warns when a document has no date, and says how to give one', () => {
    const parsed = parseMarkdownDocument('1. A paragraph with no date anywhere.\n', { id: 'undated', file: 'undated.md' });
    expect(parsed.paragraphs[0]!.year).toBeNull();
    expect(parsed.warnings).toEqual([{ file: 'undated.md', message: expect.stringMatching(/no date found.*"date" or "year" to undated\.meta\.json/) }]);
  });

  it('accepts year, date, symbol, body and session in meta.json, and names a bad key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meta-'));
    fs.writeFileSync(path.join(dir, 'statement.md'), '1. The delegation supported the resolution.\n');
    fs.writeFileSync(path.join(dir, 'statement.meta.json'), JSON.stringify({ year: 2021, symbol: 'UNODC/2021/7', body: 'Commission on Narcotic Drugs', citationLabel: 'Statement' }));
    const { documents, errors } = await loadCorpus(dir);
    expect(errors).toEqual([]);
    expect(documents[0]!.document).toMatchObject({ year: 2021, symbol: 'UNODC/2021/7', citationLabel: 'Statement', date: null });
    expect(documents[0]!.paragraphs[0]!.year).toBe(2021);
    fs.writeFileSync(path.join(dir, 'statement.meta.json'), JSON.stringify({ date: '4 March 2024', colour: 'blue' }));
    const broken = await loadCorpus(dir);
    expect(broken.errors[0]!.message).toMatch(/date: must be a date written YYYY-MM-DD/);
    expect(broken.errors[0]!.message).toMatch(/Unrecognized key: "colour"/);
  });

  it('names an adopted text by the body whose session the masthead gives, not the principal organ above it', () => {
    const stream = readMarkdown('Economic and Social Council\n\nCommission on Narcotic Drugs\n\nSixty-seventh session\n\nResolution 67/99. Drug checking\n\n1. Text.\n', 'r.md');
    expect(readDocumentFacts(stream)).toMatchObject({ body: 'Commission on Narcotic Drugs', adoptedAs: 'CND resolution 67/99' });
  });

  it('finds the symbol in the running header when the first page does not print it, and not in a footnote', () => {
    const stream = readMarkdown('Distr.: General, 4 March 2024\n\n* E/CN.7/2024/1.\n\n1. Text.\n', 'x.md');
    expect(readDocumentFacts(stream)).toMatchObject({ symbol: null, date: '2024-03-04' });
    expect(readDocumentFacts({ ...stream, furniture: ['V.24-01234', 'E/CN.7/2024/CRP.5'] }).symbol).toBe('E/CN.7/2024/CRP.5');
  });
});

describe('session ordinals, on the calendar of the body that numbers them', () => {
  it('reads an unnamed session on the calendar of the corpus body', () => {
    expect(analyseQuery('What was said at the sixty-fourth session?', CND_SESSIONS).year).toBe(2021);
    expect(analyseQuery('What was said at the 64th CND session?', CND_SESSIONS).year).toBe(2021);
  });

  it("reads another body's session on that body's calendar, never on the CND's", () => {
    expect(analyseQuery('What did the seventy-eighth session of the General Assembly decide on drugs?', CND_SESSIONS).year).toBe(2023);
    expect(analyseQuery('Which resolutions did the thirty-third session of the Crime Commission adopt?', CND_SESSIONS).year).toBe(2024);
    // A body whose sessions are not numbered by year gives no year at all, rather than the CND's.
    expect(analyseQuery('What happened at the sixty-first session of the Economic and Social Council?', CND_SESSIONS).year).toBeNull();
  });

  it('reads no unnamed session when the corpus mixes bodies, or has none that numbers sessions', () => {
    const mixed = SessionCalendar.forDocuments([{ body: 'Commission on Narcotic Drugs' }, { body: 'General Assembly' }]);
    expect(analyseQuery('What was said at the sixty-fourth session?', mixed).year).toBeNull();
    expect(analyseQuery('What was said at the sixty-fourth session of the CND?', mixed).year).toBe(2021);
    expect(analyseQuery('What was said at the sixty-fourth session?', SessionCalendar.forDocuments([{ body: null }])).year).toBeNull();
  });
});

describe('a question that names a document', () => {
  const documents = [
    { id: 'compilation', file: 'c.md', title: "Compilation of the Chairs' summaries", citationLabel: 'CND thematic discussions', symbol: 'E/CN.7/2024/CRP.5', body: null, session: null, date: null, year: null },
    { id: 'res', file: 'r.md', title: 'Resolution 67/99. Promoting drug checking', citationLabel: 'CND resolution 67/99', symbol: 'E/CN.7/2024/L.9', body: null, session: null, date: null, year: 2024 },
  ];

  const documentMentionIn = (question: string, documents: ConstructorParameters<typeof DocumentMentions>[0]) => new DocumentMentions(documents).find(question);

  it('is read as a filter on that document, by symbol or resolution number', () => {
    expect(documentMentionIn('What does E/CN.7/2024/L.9 request?', documents)).toEqual({ document: 'res', text: 'E/CN.7/2024/L.9' });
    expect(documentMentionIn('what does e/cn.7/2024/crp.5 say about prisons', documents)).toEqual({ document: 'compilation', text: 'e/cn.7/2024/crp.5' });
    expect(documentMentionIn('What does Resolution 67/99 say about festivals?', documents)).toEqual({ document: 'res', text: 'Resolution 67/99' });
  });

  it('is not read into symbols that merely start alike, other resolutions, or several documents', () => {
    expect(documentMentionIn('What does E/CN.7/2024/L.91 request?', documents)).toBeNull();
    expect(documentMentionIn('Was resolution 67/9 mentioned?', documents)).toBeNull();
    expect(documentMentionIn('Compare E/CN.7/2024/L.9 and E/CN.7/2024/CRP.5', documents)).toBeNull();
    expect(documentMentionIn('What was said about drug checking?', documents)).toBeNull();
  });
});
