import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import type { BlockStream, TextBlock } from '../src/parse/blocks.js';
import { loadCorpus, loadDocument } from '../src/parse/corpus.js';
import { ParseError } from '../src/parse/document-reader.js';
import { readDocx } from '../src/parse/formats/docx.js';
import { readMarkdown } from '../src/parse/formats/markdown.js';
import { readerFor } from '../src/parse/readers.js';
import type { Paragraph, ParsedDocument } from '../src/parse/types.js';
import { readUnStructure } from '../src/parse/un-structure.js';
import { makeCompoundFile, makeDocx, para } from './support/docx.js';

const REPO = path.resolve(import.meta.dirname, '..');
const DOCUMENTS = path.join(REPO, 'test/fixtures/documents');
const DOCX_FIXTURES = path.join(REPO, 'test/fixtures/docx');
const CORPUS_NAME = 'cnd-chairs-summaries-2019-2023';

const markdownCorpus = (await loadCorpus(path.join(REPO, 'corpus'))).documents.find((d) => d.document.id === CORPUS_NAME)!;

async function loadDocx(dir: string, file: string): Promise<ParsedDocument> {
  const id = path.basename(file, '.docx');
  return loadDocument(dir, { id, file, metaPath: path.join(dir, `${id}.meta.json`) });
}

async function streamOf(dir: string, file: string): Promise<BlockStream> {
  return readDocx(readFileSync(path.join(dir, file)), file);
}

function markdownOf(file: string): ParsedDocument {
  const source = readFileSync(path.join(DOCUMENTS, file), 'utf8');
  return readUnStructure(readMarkdown(source, file), { id: path.basename(file, '.md'), file });
}

const normalised = (text: string) => text.replace(/\s+/g, ' ').trim();
const where = (p: Paragraph) => `${p.part ?? ''}${p.chapter ?? ''} ${p.paragraph}`;
const texts = (stream: BlockStream) => stream.blocks.filter((b): b is TextBlock => b.kind === 'text').map((b) => b.text);

/**
 * A Word rendering against the Markdown it was made from: the same paragraphs in the same places, their text
 * equal for (nearly) all of them, the same footnotes on the same paragraphs.
 */
function expectSameParagraphs(docx: ParsedDocument, markdown: ParsedDocument, minimumShare = 0.99): void {
  expect(docx.paragraphs.map(where)).toEqual(markdown.paragraphs.map(where));
  const place = (p: Paragraph) => ({ year: p.year, chapter: p.chapter, part: p.part, section: p.section, topic: p.topic });
  expect(docx.paragraphs.map(place)).toEqual(markdown.paragraphs.map(place));
  const differing = docx.paragraphs.filter((p, i) => normalised(p.text) !== normalised(markdown.paragraphs[i]!.text));
  for (const p of differing) {
    const m = markdown.paragraphs[docx.paragraphs.indexOf(p)]!;
    console.log(`${docx.document.file} ${where(p)} differs from the Markdown:\n  docx: ${normalised(p.text)}\n  md:   ${normalised(m.text)}`);
  }
  expect(1 - differing.length / markdown.paragraphs.length).toBeGreaterThanOrEqual(minimumShare);
  const footnotes = (d: ParsedDocument) => d.paragraphs.map((p) => p.footnotes.map((f) => ({ marker: f.marker, text: normalised(f.text) })));
  expect(footnotes(docx)).toEqual(footnotes(markdown));
}

/** Nothing of the page furniture (its lines, its symbol and job number) or of the footnotes in any paragraph's text. */
function expectCleanText(parsed: ParsedDocument, furniture: string[]): void {
  const pieces = [...furniture, ...furniture.flatMap((line) => line.split(' ')).filter((word) => word.length >= 6)];
  expect(pieces.length).toBeGreaterThan(0);
  const footnoteTexts = parsed.paragraphs.flatMap((p) => p.footnotes.map((f) => f.text)).filter((t) => t.length > 20);
  for (const p of parsed.paragraphs) {
    for (const piece of pieces) expect(p.text).not.toContain(piece);
    for (const footnote of footnoteTexts) expect(p.text).not.toContain(footnote);
  }
}

describe('the corpus as Word files, against the Markdown it was rendered from', () => {
  it('is read by the .docx reader through the registry', async () => {
    expect((await readerFor('E_CN.7_2024_CRP.5.DOCX'))?.format).toBe('Word');
  });

  for (const file of [`${CORPUS_NAME}.docx`, `${CORPUS_NAME}-autonum.docx`]) {
    it(`${file}: the same 267 paragraphs, places, texts and footnotes as the Markdown`, async () => {
      const started = performance.now();
      const parsed = await loadDocx(DOCUMENTS, file);
      console.log(`${file}: parsed in ${Math.round(performance.now() - started)} ms`);
      expect(parsed.paragraphs).toHaveLength(267);
      const perChapter = ['I', 'II', 'III', 'IV', 'V'].map((c) => parsed.paragraphs.filter((p) => p.chapter === c).length);
      expect(perChapter).toEqual([35, 36, 37, 31, 128]);
      expectSameParagraphs(parsed, markdownCorpus);
      expect(parsed.document).toMatchObject({ symbol: 'E/CN.7/2024/CRP.5', date: '2024-03-04', body: 'Commission on Narcotic Drugs', session: 'sixty-seventh session' });
      const stream = await streamOf(DOCUMENTS, file);
      expect(stream.furniture).toContain('E/CN.7/2024/CRP.5');
      expect(stream.furniture.some((line) => line.startsWith('V.24-01234'))).toBe(true);
      // Nothing from the header or footer in the blocks (the masthead prints the symbol, not the job number).
      expect(texts(stream).filter((t) => t.includes('V.24-01234') || t === 'E/CN.7/2024/CRP.5')).toEqual([]);
      expectCleanText(parsed, stream.furniture);
    });
  }

  it('numbers paragraphs the same whether the number is typed or Word numbering', async () => {
    const typed = texts(await streamOf(DOCUMENTS, `${CORPUS_NAME}.docx`)).filter((t) => /^\d+\. /.test(t));
    const automatic = texts(await streamOf(DOCUMENTS, `${CORPUS_NAME}-autonum.docx`)).filter((t) => /^\d+\. /.test(t));
    expect(automatic).toHaveLength(267);
    expect(automatic).toEqual(typed);
  });

  it('reads the footnote marks as Word prints them, custom marks included, and keeps footnote text out of paragraphs', async () => {
    const stream = await streamOf(DOCUMENTS, `${CORPUS_NAME}.docx`);
    const marks = stream.blocks.filter((b) => b.kind === 'footnote').map((b) => b.marker);
    expect(marks).toEqual(['*', '**', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const agenda = texts(stream).find((t) => t.startsWith('Items 3 and 6 of the provisional agenda'));
    expect(agenda).toBe('Items 3 and 6 of the provisional agenda');
    const cited = stream.blocks.find((b): b is TextBlock => b.kind === 'text' && b.text.includes('resolution 61/4 on promoting measures'));
    expect(cited?.text).toMatch(/^20\. Addressing the gender gap/);
    expect(cited?.references).toEqual(['1', '2', '3']);
    // Chapter III's paras. 4 and 8 cite 1 and 2 with no footnote anywhere: superscript digits, read as marks.
    const orphans = stream.blocks.filter((b): b is TextBlock => b.kind === 'text' && /^(4\. The third round|8\. In preparation for the 2021)/.test(b.text));
    expect(orphans.map((b) => b.references)).toEqual([['1'], ['2']]);
    expect(orphans[0]!.text).toContain('in line with the 2019 workplan, was held');
  });

  it('a LibreOffice re-save of the Word-numbered file (its own numbering, styles and fields) gives the same paragraphs', async () => {
    const parsed = await loadDocx(DOCX_FIXTURES, `${CORPUS_NAME}-libreoffice.docx`);
    expectSameParagraphs(parsed, markdownCorpus);
    expect(parsed.document.symbol).toBe('E/CN.7/2024/CRP.5');
  });

  describe('a variant rendered now, with another symbol, job number, font and layout', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'docx-variant-'));
    afterAll(() => rmSync(out, { recursive: true, force: true }));
    const hasTools = (() => {
      try {
        execFileSync('pandoc', ['--version'], { stdio: 'ignore' });
        execFileSync('python3', ['--version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();

    // Skips on a developer's machine without pandoc; CI installs it (.ci/run), so there it runs, and fails if it is missing.
    it.skipIf(!hasTools && process.env.CI === undefined)('gives the same paragraphs, and the new symbol and date', async () => {
      execFileSync(
        path.join(REPO, 'scripts/fixtures/make-fixtures.sh'),
        ['-o', out, '--name', 'variant', '--no-pdf', '--symbol', 'E/CN.7/2025/CRP.12', '--job', 'V.25-09876', '--date', '2 December 2025', '--font', 'Arial', '--size', '11',
          '--numbering', 'auto', '--header-layout', 'mirrored', '--title-page', '--page-label', 'plain', path.join(REPO, 'corpus', `${CORPUS_NAME}.md`)],
        { stdio: 'ignore', timeout: 60_000 },
      );
      const parsed = await loadDocx(out, 'variant.docx');
      expectSameParagraphs(parsed, markdownCorpus);
      expect(parsed.document).toMatchObject({ symbol: 'E/CN.7/2025/CRP.12', date: '2025-12-02' });
      const stream = await streamOf(out, 'variant.docx');
      expect(texts(stream).filter((t) => t.includes('V.25-09876'))).toEqual([]);
      expectCleanText(parsed, stream.furniture);
    }, 90_000);
  });
});

describe('the resolution and the report, against their Markdown sources', () => {
  it('resolution: nine preambular paragraphs, ten operative ones, footnotes with the clauses citing them', async () => {
    const parsed = await loadDocx(DOCUMENTS, 'cnd-resolution-67-99.docx');
    const markdown = markdownOf('cnd-resolution-67-99.md');
    expectSameParagraphs(parsed, markdown, 1);
    expect(parsed.paragraphs.filter((p) => p.part === 'preamble')).toHaveLength(9);
    expect(parsed.paragraphs.filter((p) => p.part === null).map((p) => p.paragraph)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(parsed.paragraphs[0]!.text).toMatch(/^Recalling the Single Convention/);
    expect(parsed.paragraphs.find((p) => p.part === null && p.paragraph === 1)!.text).toMatch(/^Calls upon Member States/);
    expect(parsed.document).toMatchObject({ symbol: 'E/CN.7/2024/L.9', date: '2024-03-15' });
    expectCleanText(parsed, (await streamOf(DOCUMENTS, 'cnd-resolution-67-99.docx')).furniture);
  });

  for (const [dir, file] of [[DOCUMENTS, 'cnd-report-access-2024.docx'], [DOCX_FIXTURES, 'cnd-report-access-2024-libreoffice.docx']] as const) {
    it(`${file}: paragraphs numbered through the chapters, and the annex numbered from 1`, async () => {
      const parsed = await loadDocx(dir, file);
      expectSameParagraphs(parsed, markdownOf('cnd-report-access-2024.md'), 1);
      expect(parsed.paragraphs.map((p) => p.id.replace(/^[^.]+\./, ''))).toEqual([
        'I.1', 'I.2', 'II.3', 'II.4', 'II.5', 'II.6', 'II.7', 'III.8', 'III.9', 'III.10', 'IV.11', 'IV.12',
        'annex.0.1', 'annex.0.2', 'annex.0.3', 'annex.0.4', 'annex.0.5', 'annex.0.6',
      ]);
      expect(parsed.paragraphs.find((p) => p.part === 'annex')?.topic).toBe('Member States that replied to the note verbale of the Secretariat');
      expect(parsed.paragraphs.find((p) => p.paragraph === 6 && p.part === null)?.text.split('\n')).toHaveLength(5);
      expect(parsed.document.symbol).toBe('E/CN.7/2024/2');
      expect(parsed.warnings).toEqual([]);
      expectCleanText(parsed, (await streamOf(dir, file)).furniture);
    });
  }
});

async function parseError(bytes: Uint8Array, file: string): Promise<ParseError> {
  try {
    await readDocx(bytes, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    return error as ParseError;
  }
  throw new Error(`${file} was read`);
}

describe('files that are not readable Word files', () => {
  it('a DOCX cut short: the file and the reason', async () => {
    const error = await parseError(readFileSync(path.join(DOCUMENTS, 'cnd-report-access-2024-corrupt.docx')), 'cnd-report-access-2024-corrupt.docx');
    expect(error.message).toMatch(/^cnd-report-access-2024-corrupt\.docx: is not a readable Word file \(the zip archive is damaged or cut short: .+\)$/);
  });

  it('in a corpus folder, the good file still indexes and the error names the bad one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docx-corpus-'));
    try {
      copyFileSync(path.join(DOCUMENTS, 'cnd-report-access-2024-corrupt.docx'), path.join(dir, 'broken.docx'));
      copyFileSync(path.join(DOCUMENTS, 'cnd-resolution-67-99.docx'), path.join(dir, 'resolution.docx'));
      const loaded = await loadCorpus(dir);
      expect(loaded.documents.map((d) => [d.document.id, d.paragraphs.length])).toEqual([['resolution', 19]]);
      expect(loaded.errors).toEqual([{ file: 'broken.docx', line: undefined, message: expect.stringMatching(/^is not a readable Word file \(/) }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('not a zip, empty, an RTF or a PDF with a .docx name', async () => {
    expect((await parseError(Buffer.from('just some text'), 'notes.docx')).message).toBe('notes.docx: is not a readable Word file (not a zip archive)');
    expect((await parseError(new Uint8Array(), 'empty.docx')).message).toBe('empty.docx: is not a readable Word file (the file is empty)');
    expect((await parseError(Buffer.from('{\\rtf1\\ansi hello}'), 'letter.docx')).problem).toMatch(/it is an RTF document/);
    expect((await parseError(Buffer.from('%PDF-1.7\n...'), 'report.docx')).problem).toMatch(/it is a PDF/);
  });

  it('a zip without a Word document in it, or with a damaged document part', async () => {
    const empty = new JSZip();
    empty.file('[Content_Types].xml', '<Types/>');
    expect((await parseError(await empty.generateAsync({ type: 'uint8array' }), 'a.docx')).problem).toBe('is not a readable Word file (there is no word/document.xml in the zip archive)');
    const workbook = new JSZip();
    workbook.file('xl/workbook.xml', '<workbook/>');
    expect((await parseError(await workbook.generateAsync({ type: 'uint8array' }), 'b.docx')).problem).toBe('is not a readable Word file (it is an Excel workbook)');
    const good = await JSZip.loadAsync(await makeDocx({ body: para('Text.') }));
    const xml = await good.file('word/document.xml')!.async('string');
    good.file('word/document.xml', xml.slice(0, xml.length - 40));
    expect((await parseError(await good.generateAsync({ type: 'uint8array' }), 'c.docx')).problem).toMatch(/^is not a readable Word file \(word\/document\.xml is damaged: .*cut short\)$/);
  });

  it('damaged anywhere (cut short, bytes overwritten), a Word file is read or rejected with a ParseError naming it', async () => {
    const good = readFileSync(path.join(DOCUMENTS, 'cnd-resolution-67-99.docx'));
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let k = 0; k < 60; k++) {
      const bytes = Buffer.from(good);
      if (k % 3 === 0) bytes.fill(0, Math.floor(random() * bytes.length));
      else for (let j = 0; j <= k % 5; j++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const outcome = await readDocx(bytes, 'damaged.docx').then(
        () => 'read',
        (error: unknown) => (error instanceof ParseError && error.file === 'damaged.docx' && error.problem.startsWith('is not a readable Word file (') ? 'rejected' : error),
      );
      expect(['read', 'rejected']).toContain(outcome);
    }
  });

  it('an old Word 97–2003 file renamed .docx: says so', async () => {
    const error = await parseError(readFileSync(path.join(DOCX_FIXTURES, 'word-97-document.doc')), 'old.docx');
    expect(error.message).toBe('old.docx: is an old Word 97–2003 document (.doc) with a .docx name: open it in Word and save it as .docx');
  });

  it('a Word file saved with a password (an encrypted compound file)', async () => {
    const encrypted = makeCompoundFile([{ name: 'EncryptionInfo', size: 1024 }, { name: 'EncryptedPackage', size: 20_000 }]);
    const error = await parseError(encrypted, 'secret.docx');
    expect(error.message).toBe('secret.docx: is encrypted: save a copy without a password');
    expect((await parseError(makeCompoundFile([{ name: 'Workbook', size: 5000 }]), 'x.docx')).problem).toMatch(/OLE compound file/);
  });
});

describe('Word features, one at a time', () => {
  const STYLES =
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>' +
    '<w:style w:type="paragraph" w:styleId="HChG"><w:name w:val="_ H _Ch_G"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>' +
    '<w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="My heading"/><w:basedOn w:val="Heading1"/></w:style>' +
    '<w:style w:type="paragraph" w:styleId="H23G"><w:name w:val="_ H_2/3_G"/><w:rPr><w:b/></w:rPr></w:style>' +
    '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9000"/></w:tabs></w:pPr></w:style>' +
    '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>' +
    '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>';

  it('headings by outline level or heading style (also inherited), bold by run, character style or paragraph style', async () => {
    const body = [
      para('I. Introduction', { style: 'HChG' }),
      para('A. Background', { style: 'MyHeading' }),
      para('Set in bold by its style', { style: 'H23G' }),
      para('Bold by direct formatting', { bold: true }),
      '<w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>Bold by a character style</w:t></w:r></w:p>',
      '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Partly bold, </w:t></w:r><w:r><w:t>partly not</w:t></w:r></w:p>',
      '<w:p><w:pPr><w:pStyle w:val="H23G"/></w:pPr><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>Style bold, run not</w:t></w:r></w:p>',
    ].join('');
    const { blocks } = await readDocx(await makeDocx({ body, styles: STYLES }), 'styles.docx');
    expect(blocks.map((b) => (b.kind === 'text' ? [b.text, b.style] : b.kind))).toEqual([
      ['I. Introduction', 'heading'],
      ['A. Background', 'heading'],
      ['Set in bold by its style', 'bold'],
      ['Bold by direct formatting', 'bold'],
      ['Bold by a character style', 'bold'],
      ['Partly bold, partly not', 'body'],
      ['Style bold, run not', 'body'],
    ]);
  });

  it('prints automatic numbers before the text, from a direct w:numPr or from the paragraph style; bullets become list items', async () => {
    const styles =
      STYLES +
      '<w:style w:type="paragraph" w:styleId="SingleTxtG"><w:name w:val="_ Single Txt_G"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="Chapter"/><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>';
    const numbering =
      '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>' +
      '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>' +
      '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>' +
      '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:pStyle w:val="Chapter"/></w:lvl></w:abstractNum>' +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>';
    const body = [
      para('Introduction', { style: 'Chapter' }),
      para('The Commission met.', { style: 'SingleTxtG' }),
      para('It decided:', { style: 'SingleTxtG' }),
      para('to meet again;', { style: 'SingleTxtG', ilvl: 1, numId: '2' }),
      para('to report.', { style: 'SingleTxtG', ilvl: 1, numId: '2' }),
      para('A bullet', { numId: '1' }),
      para('Typed number 3. stays as typed'),
      para('Findings', { style: 'Chapter' }),
      para('It found.', { style: 'SingleTxtG' }),
      para('Not numbered here', { style: 'SingleTxtG', numId: '0' }),
    ].join('');
    const { blocks } = await readDocx(await makeDocx({ body, styles, numbering }), 'numbers.docx');
    expect(blocks.map((b) => (b.kind === 'text' ? [b.text, b.style] : b.kind))).toEqual([
      ['I. Introduction', 'heading'],
      ['1. The Commission met.', 'body'],
      ['2. It decided:', 'body'],
      ['(a) to meet again;', 'body'],
      ['(b) to report.', 'body'],
      ['A bullet', 'list-item'],
      ['Typed number 3. stays as typed', 'body'],
      ['II. Findings', 'heading'],
      ['3. It found.', 'body'],
      ['Not numbered here', 'body'],
    ]);
  });

  it('footnotes: marks counted as Word counts them, custom marks, typed superscript marks; no note text in the paragraph', async () => {
    const ref = (id: number, custom = '') =>
      `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference ${custom ? 'w:customMarkFollows="1" ' : ''}w:id="${id}"/>${custom ? `<w:t>${custom}</w:t>` : ''}</w:r>`;
    const note = (id: number, text: string) =>
      `<w:footnote w:id="${id}"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:tab/><w:t>${text}</w:t></w:r></w:p></w:footnote>`;
    const body = [
      `<w:p><w:r><w:t>Provisional agenda</w:t></w:r>${ref(5, '*')}</w:p>`,
      `<w:p><w:r><w:t>1.</w:t><w:tab/><w:t xml:space="preserve">Recalling resolution 61/4</w:t></w:r>${ref(9)}<w:r><w:t xml:space="preserve"> and 59/5</w:t></w:r>${ref(7)}<w:r><w:t>.</w:t></w:r></w:p>`,
      `<w:p><w:r><w:t>2.</w:t><w:tab/><w:t>A mark typed in superscript</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>3</w:t></w:r><w:r><w:t xml:space="preserve"> on the 21</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>st</w:t></w:r><w:r><w:t xml:space="preserve"> day,</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>4,5</w:t></w:r><w:r><w:t xml:space="preserve"> and m</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2.</w:t></w:r></w:p>`,
    ].join('');
    const footnotes = note(5, 'E/CN.7/2024/1.') + note(9, 'Resolution 61/4 of the Commission.') + note(7, 'Resolution 59/5 of the Commission.');
    const settings = '<w:footnotePr><w:numFmt w:val="lowerRoman"/><w:numStart w:val="2"/></w:footnotePr>';
    const { blocks } = await readDocx(await makeDocx({ body, styles: STYLES, footnotes, settings }), 'notes.docx');
    expect(blocks).toEqual([
      { kind: 'text', text: 'Provisional agenda', style: 'body', references: ['*'], location: {} },
      { kind: 'footnote', marker: '*', text: 'E/CN.7/2024/1.', location: {} },
      { kind: 'text', text: '1. Recalling resolution 61/4 and 59/5.', style: 'body', references: ['ii', 'iii'], location: {} },
      { kind: 'footnote', marker: 'ii', text: 'Resolution 61/4 of the Commission.', location: {} },
      { kind: 'footnote', marker: 'iii', text: 'Resolution 59/5 of the Commission.', location: {} },
      { kind: 'text', text: '2. A mark typed in superscript on the 21st day, and m2.', style: 'body', references: ['3', '4', '5'], location: {} },
    ]);
  });

  it('footnote marks start again in a section that restarts them', async () => {
    const cite = (text: string, id: number, sectPr = '') =>
      `<w:p>${sectPr ? `<w:pPr>${sectPr}</w:pPr>` : ''}<w:r><w:t>${text}</w:t></w:r><w:r><w:footnoteReference w:id="${id}"/></w:r></w:p>`;
    const note = (id: number) => `<w:footnote w:id="${id}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Note ${id}.</w:t></w:r></w:p></w:footnote>`;
    const body = cite('First section, one.', 2) + cite('First section, two.', 3, '<w:sectPr/>') + cite('Second section.', 4) +
      '<w:sectPr><w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr></w:sectPr>';
    const { blocks } = await readDocx(await makeDocx({ body, footnotes: note(2) + note(3) + note(4) }), 'sections.docx');
    expect(blocks.filter((b) => b.kind === 'footnote').map((b) => [b.marker, b.text])).toEqual([['1', 'Note 2.'], ['2', 'Note 3.'], ['1', 'Note 4.']]);
  });

  it('headers and footers go to the furniture and nowhere else, and give the symbol', async () => {
    const header = '<w:p><w:r><w:t>E/CN.7/2024/L.9</w:t></w:r></w:p>';
    const footer = '<w:p><w:r><w:t>V.24-04321</w:t></w:r><w:r><w:tab/></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>';
    const body = [para('Draft resolution'), para('1. Calls upon Member States to act.'), para('2. Decides to remain seized of the matter.')].join('');
    const stream = await readDocx(await makeDocx({ body, styles: STYLES, headers: [header], footers: [footer, footer] }), 'l9.docx');
    expect(stream.furniture).toEqual(['E/CN.7/2024/L.9', 'V.24-04321 1']);
    expect(texts(stream)).toEqual(['Draft resolution', '1. Calls upon Member States to act.', '2. Decides to remain seized of the matter.']);
    expect(readUnStructure(stream, { id: 'l9', file: 'l9.docx' }).document.symbol).toBe('E/CN.7/2024/L.9');
  });

  it('tables give one block per cell paragraph, never headings; a table of contents keeps its leader dots', async () => {
    const cell = (text: string, bold = false) => `<w:tc>${para(text, { bold })}</w:tc>`;
    const body = [
      para('Contents', { style: 'Heading1' }),
      '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>I.</w:t><w:tab/><w:t>Introduction</w:t><w:tab/><w:t>3</w:t></w:r></w:p>',
      `<w:tbl><w:tr>${cell('Region', true)}${cell('Replies', true)}</w:tr><w:tr>${cell('Africa')}${cell('14')}</w:tr></w:tbl>`,
    ].join('');
    const { blocks } = await readDocx(await makeDocx({ body, styles: STYLES }), 'table.docx');
    expect(blocks.map((b) => (b.kind === 'text' ? [b.text, b.style] : b.kind))).toEqual([
      ['Contents', 'heading'],
      ['I. Introduction ..... 3', 'body'],
      ['Region', 'body'],
      ['Replies', 'body'],
      ['Africa', 'body'],
      ['14', 'body'],
    ]);
  });

  it('tracked changes as Word shows them; parts written with another namespace prefix', async () => {
    const body =
      '<w:p><w:r><w:t xml:space="preserve">The Commission </w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>rejected</w:delText></w:r></w:del>' +
      '<w:ins w:id="2" w:author="a"><w:r><w:t>adopted</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> the text.</w:t></w:r></w:p>';
    expect(texts(await readDocx(await makeDocx({ body }), 'tracked.docx'))).toEqual(['The Commission adopted the text.']);
    const numbering = '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>';
    const prefixed = await makeDocx({ body: para('Prefixed.', { numId: '1' }), numbering, prefix: 'ns0' });
    expect(Buffer.from(await (await JSZip.loadAsync(prefixed)).file('word/document.xml')!.async('uint8array')).toString()).toContain('<ns0:p>');
    expect(texts(await readDocx(prefixed, 'prefixed.docx'))).toEqual(['4. Prefixed.']);
  });

  it('leaves hidden text out and keeps the shown result of a simple field', async () => {
    const styles = '<w:style w:type="character" w:styleId="Hidden"><w:name w:val="Hidden"/><w:rPr><w:vanish/></w:rPr></w:style>';
    const body =
      '<w:p><w:r><w:t xml:space="preserve">As set out in paragraph </w:t></w:r><w:fldSimple w:instr=" REF _Ref1 \\h "><w:r><w:t>23</w:t></w:r></w:fldSimple>' +
      '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> (drafting note)</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Hidden"/></w:rPr><w:t> [hidden]</w:t></w:r>' +
      '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve"> above.</w:t></w:r></w:p>';
    expect(texts(await readDocx(await makeDocx({ body, styles }), 'fields.docx'))).toEqual(['As set out in paragraph 23 above.']);
  });

  it('an empty document parses to no blocks; the structure reader then says it has no paragraphs', async () => {
    const stream = await readDocx(await makeDocx({ body: '<w:p/><w:sectPr/>' }), 'blank.docx');
    expect(stream.blocks).toEqual([]);
    expect(() => readUnStructure(stream, { id: 'blank', file: 'blank.docx' })).toThrow(/blank\.docx: contains no paragraphs of text/);
  });
});

