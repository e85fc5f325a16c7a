import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { Block, BlockStream, BlockStyle, FootnoteBlock, TextBlock } from '../blocks.js';
import { ParseError, type DocumentReader } from '../document-reader.js';
import { formatNumber, ListNumberer, readNumberingDefinitions, type ListLabel } from './docx-numbering.js';
import { child, childElements, childValue, descendants, isOn, onOff, parseXml, path, XmlError, type XmlElement } from './docx-xml.js';

/**
 * Reader for Word files (.docx). Mammoth reads the body and the footnotes (runs, text, fields, hyperlinks,
 * tracked changes, footnote references); what mammoth does not keep, this reader reads from the package
 * itself in a first pass over `word/document.xml`:
 * - the printed number of automatically numbered paragraphs ("23.", "(a)", "IV."), which exists only once
 *   the list paragraphs are counted (`docx-numbering.ts`);
 * - heading styles by outline level and style inheritance, and bold set by a paragraph or character style;
 * - footnote marks as Word prints them (counted in reference order, or the custom mark "*");
 * - running headers and footers, which become the stream's furniture and nothing else.
 * The first pass also edits the document part mammoth then reads: it tags every paragraph with a hidden
 * bookmark, so what the pass learnt about a paragraph is found again in mammoth's document by the tag rather
 * than by counting; it takes out hidden text (`w:vanish`), which mammoth would keep; and it unwraps simple
 * fields (`w:fldSimple`), whose shown result mammoth would drop.
 *
 * One Word paragraph is one block. Word files have neither lines nor pages, so blocks carry no location.
 */

// ---------------------------------------------------------------------------------------------------------
// Package: recognising the file, opening the zip

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, signature: number[] | string): boolean {
  const expected = typeof signature === 'string' ? [...Buffer.from(signature, 'latin1')] : signature;
  return bytes.length >= expected.length && expected.every((b, i) => bytes[i] === b);
}

function containsUtf16(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, 'utf16le'));
}

/** Why bytes that are not a zip archive cannot be read as a Word file. */
function notAZip(bytes: Uint8Array, file: string): ParseError {
  if (startsWith(bytes, OLE_SIGNATURE)) {
    // A compound file: Word encrypts a .docx into one, and Word 97–2003 saved .doc files as one.
    if (containsUtf16(bytes, 'EncryptedPackage') || containsUtf16(bytes, 'EncryptionInfo')) {
      return new ParseError(file, undefined, 'is encrypted: save a copy without a password');
    }
    if (containsUtf16(bytes, 'WordDocument')) {
      return new ParseError(file, undefined, 'is an old Word 97–2003 document (.doc) with a .docx name: open it in Word and save it as .docx');
    }
    return new ParseError(file, undefined, 'is not a readable Word file (an OLE compound file with no Word document in it)');
  }
  if (bytes.length === 0) return new ParseError(file, undefined, 'is not a readable Word file (the file is empty)');
  if (startsWith(bytes, '{\\rtf')) return new ParseError(file, undefined, 'is not a readable Word file (it is an RTF document: save it as .docx)');
  if (startsWith(bytes, '%PDF')) return new ParseError(file, undefined, 'is not a readable Word file (it is a PDF: name it .pdf)');
  return new ParseError(file, undefined, 'is not a readable Word file (not a zip archive)');
}

const unreadable = (file: string, reason: string) => new ParseError(file, undefined, `is not a readable Word file (${reason})`);

async function openZip(bytes: Uint8Array, file: string): Promise<JSZip> {
  const isZip = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
  if (!isZip) throw notAZip(bytes, file);
  try {
    return await JSZip.loadAsync(bytes);
  } catch (error) {
    throw unreadable(file, `the zip archive is damaged or cut short: ${(error as Error).message}`);
  }
}

async function readPart(zip: JSZip, name: string, file: string): Promise<string | null> {
  const entry = zip.file(name);
  if (!entry) return null;
  try {
    return await entry.async('string');
  } catch (error) {
    throw unreadable(file, `${name} cannot be unpacked: ${(error as Error).message}`);
  }
}

function parsePart(xml: string, name: string, file: string): XmlElement {
  try {
    return parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw unreadable(file, `${name} is damaged: ${error.message}`);
    throw error;
  }
}

function joinPartPath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

interface Relationship {
  type: string;
  target: string;
}

async function readRelationships(zip: JSZip, partName: string, file: string): Promise<Relationship[]> {
  const slash = partName.lastIndexOf('/');
  const relsName = `${partName.slice(0, slash + 1)}_rels/${partName.slice(slash + 1)}.rels`;
  const xml = await readPart(zip, relsName, file);
  if (xml === null) return [];
  const folder = partName.slice(0, slash);
  return childElements(parsePart(xml, relsName, file), 'rel:Relationship')
    .filter((r) => r.attributes['TargetMode'] !== 'External')
    .map((r) => ({ type: r.attributes['Type'] ?? '', target: joinPartPath(folder, r.attributes['Target'] ?? '') }));
}

const isType = (relationship: Relationship, name: string) => relationship.type.endsWith(`/${name}`);

async function findMainDocument(zip: JSZip, file: string): Promise<string> {
  const packageRels = await readRelationships(zip, '', file).catch(() => []);
  const declared = packageRels.find((r) => isType(r, 'officeDocument'))?.target;
  for (const candidate of [declared, 'word/document.xml']) if (candidate && zip.file(candidate)) return candidate;
  if (zip.file('xl/workbook.xml')) throw unreadable(file, 'it is an Excel workbook');
  if (zip.file('ppt/presentation.xml')) throw unreadable(file, 'it is a PowerPoint presentation');
  if (zip.file('content.xml')) throw unreadable(file, 'it is an OpenDocument file: save it as .docx');
  throw unreadable(file, 'there is no word/document.xml in the zip archive');
}

// ---------------------------------------------------------------------------------------------------------
// Styles: what a paragraph or run inherits

interface Style {
  type: string;
  name: string;
  basedOn?: string;
  bold?: boolean;
  superscript?: boolean;
  outlineLevel?: number;
  numId?: string;
  ilvl?: number;
  /** The leader character of a tab stop the style sets ("." in a table of contents). */
  leader?: string;
  /** Hidden text (`w:vanish`): not shown, not printed. */
  vanish?: boolean;
}

const LEADERS: Record<string, string> = { dot: '.', hyphen: '-', underscore: '_', heavy: '_', middleDot: '·' };

/** The leader character of a tab stop in paragraph properties, if one has a leader. */
function tabLeader(pPr: XmlElement | undefined): string | undefined {
  const tabs = child(pPr, 'w:tabs');
  if (!tabs) return undefined;
  for (const tab of childElements(tabs, 'w:tab')) {
    const leader = LEADERS[tab.attributes['w:leader'] ?? ''];
    if (leader && tab.attributes['w:val'] !== 'clear') return leader;
  }
  return undefined;
}

function verticalAlign(rPr: XmlElement | undefined): boolean | undefined {
  const value = childValue(rPr, 'w:vertAlign');
  return value === undefined ? undefined : value === 'superscript';
}

function numPrOf(pPr: XmlElement | undefined): { numId?: string; ilvl?: number } {
  const numPr = child(pPr, 'w:numPr');
  if (!numPr) return {};
  const numId = childValue(numPr, 'w:numId');
  const ilvl = childValue(numPr, 'w:ilvl');
  return { ...(numId !== undefined ? { numId } : {}), ...(ilvl !== undefined && Number.isFinite(Number(ilvl)) ? { ilvl: Number(ilvl) } : {}) };
}

function outlineLevelOf(pPr: XmlElement | undefined): number | undefined {
  const value = childValue(pPr, 'w:outlineLvl');
  return value === undefined || !Number.isFinite(Number(value)) ? undefined : Number(value);
}

class Styles {
  readonly byId = new Map<string, Style>();
  defaultParagraphStyle: string | undefined;
  defaultBold: boolean | undefined;
  /** Numbering style id → its `w:numId`, for lists linked to a numbering style. */
  readonly numberingStyles = new Map<string, string>();

  constructor(root: XmlElement | null) {
    if (!root) return;
    this.defaultBold = onOff(path(root, 'w:docDefaults', 'w:rPrDefault', 'w:rPr', 'w:b'));
    for (const element of childElements(root, 'w:style')) {
      const id = element.attributes['w:styleId'];
      if (id === undefined) continue;
      const type = element.attributes['w:type'] ?? 'paragraph';
      const pPr = child(element, 'w:pPr');
      const rPr = child(element, 'w:rPr');
      const numbering = numPrOf(pPr);
      const basedOn = childValue(element, 'w:basedOn');
      const bold = onOff(child(rPr, 'w:b'));
      const superscript = verticalAlign(rPr);
      const vanish = onOff(child(rPr, 'w:vanish'));
      const outlineLevel = outlineLevelOf(pPr);
      const leader = tabLeader(pPr);
      const style: Style = {
        type,
        name: childValue(element, 'w:name') ?? id,
        ...(leader !== undefined ? { leader } : {}),
        ...(basedOn !== undefined ? { basedOn } : {}),
        ...(bold !== undefined ? { bold } : {}),
        ...(superscript !== undefined ? { superscript } : {}),
        ...(vanish !== undefined ? { vanish } : {}),
        ...(outlineLevel !== undefined ? { outlineLevel } : {}),
        ...numbering,
      };
      this.byId.set(id, style);
      if (type === 'paragraph' && isOn(element.attributes['w:default'])) {
        this.defaultParagraphStyle = id;
      }
      if (type === 'numbering' && numbering.numId !== undefined) this.numberingStyles.set(id, numbering.numId);
    }
  }

  /** The styles a style inherits from, itself first. */
  chain(id: string | undefined): Style[] {
    const out: Style[] = [];
    const seen = new Set<string>();
    for (let current = id; current !== undefined && !seen.has(current); ) {
      seen.add(current);
      const style = this.byId.get(current);
      if (!style) break;
      out.push(style);
      current = style.basedOn;
    }
    return out;
  }

  inherited<K extends keyof Style>(id: string | undefined, key: K): Style[K] | undefined {
    for (const style of this.chain(id)) if (style[key] !== undefined) return style[key];
    return undefined;
  }

  isHeadingStyle(id: string | undefined): boolean {
    return this.chain(id).some((s) => /^heading\s*[1-9]$/i.test(s.name) || /^title$/i.test(s.name));
  }
}

// ---------------------------------------------------------------------------------------------------------
// First pass over the body: numbering, styles and footnote marks per paragraph, and the tags

interface ParagraphFacts {
  label: ListLabel | null;
  isHeading: boolean;
  /** Every visible run of text is bold. */
  isBold: boolean;
  /** The leader a tab stop of the paragraph draws ("." in a table of contents), if any. */
  leader: string | undefined;
  isBullet: boolean;
}

interface NoteProperties {
  format: string;
  start: number;
  restart: string;
}

function noteProperties(element: XmlElement | undefined, fallback: NoteProperties): NoteProperties {
  if (!element) return fallback;
  const start = Number(childValue(element, 'w:numStart') ?? Number.NaN);
  return {
    format: childValue(element, 'w:numFmt') ?? fallback.format,
    start: Number.isFinite(start) ? start : fallback.start,
    restart: childValue(element, 'w:numRestart') ?? fallback.restart,
  };
}

interface FirstPass {
  taggedXml: string;
  paragraphs: ParagraphFacts[];
  /** `footnote:3` → the mark Word prints; absent for references with a custom mark. */
  noteMarks: Map<string, string>;
  customMarkNotes: Set<string>;
}

const TAG_PREFIX = '_docxReaderP';

/** Elements whose content Word does not show: deleted text, moved-away text, the fallback copy of a drawing. */
const HIDDEN_CONTENT = new Set(['w:del', 'w:moveFrom', 'mc:Fallback', 'w:pPr', 'w:rPr', 'w:instrText', 'w:delText']);

/** The runs of a paragraph itself (not of paragraphs nested in its text boxes), in order. */
function ownRuns(paragraph: XmlElement): XmlElement[] {
  const runs: XmlElement[] = [];
  const visit = (element: XmlElement) => {
    for (const c of element.children) {
      if (typeof c === 'string' || HIDDEN_CONTENT.has(c.name) || c.name === 'w:p') continue;
      if (c.name === 'w:r') runs.push(c);
      else visit(c);
    }
  };
  visit(paragraph);
  return runs;
}

/** A run of hidden text (`w:vanish` on the run, its character style or the paragraph's style). */
function isHiddenRun(run: XmlElement, paragraphStyle: string | undefined, styles: Styles): boolean {
  const rPr = child(run, 'w:rPr');
  return onOff(child(rPr, 'w:vanish')) ?? styles.inherited(childValue(rPr, 'w:rStyle'), 'vanish') ?? styles.inherited(paragraphStyle, 'vanish') ?? false;
}

function runText(run: XmlElement): string {
  return childElements(run, 'w:t')
    .map((t) => t.children.filter((c): c is string => typeof c === 'string').join(''))
    .join('');
}

function paragraphFacts(paragraph: XmlElement, styles: Styles, numberer: ListNumberer, counts: boolean): ParagraphFacts {
  const pPr = child(paragraph, 'w:pPr');
  const styleId = childValue(pPr, 'w:pStyle') ?? styles.defaultParagraphStyle;
  const direct = numPrOf(pPr);
  const numId = direct.numId ?? styles.inherited(styleId, 'numId');
  let label: ListLabel | null = null;
  if (counts && numId !== undefined) {
    const ilvl = direct.ilvl ?? styles.inherited(styleId, 'ilvl') ?? (styleId ? numberer.levelOfStyle(numId, styleId) : null) ?? 0;
    label = numberer.next(numId, ilvl);
  }
  const outline = outlineLevelOf(pPr) ?? styles.inherited(styleId, 'outlineLevel');
  const isHeading = (outline !== undefined && outline >= 0 && outline <= 8) || styles.isHeadingStyle(styleId);

  let boldRuns = 0;
  let plainRuns = 0;
  for (const run of ownRuns(paragraph)) {
    if (child(run, 'w:footnoteReference') || child(run, 'w:endnoteReference') || isHiddenRun(run, styleId, styles)) continue;
    if (runText(run).trim() === '') continue;
    const rPr = child(run, 'w:rPr');
    const charStyle = childValue(rPr, 'w:rStyle');
    const superscript = verticalAlign(rPr) ?? styles.inherited(charStyle, 'superscript') ?? styles.inherited(styleId, 'superscript') ?? false;
    if (superscript) continue;
    const bold = onOff(child(rPr, 'w:b')) ?? styles.inherited(charStyle, 'bold') ?? styles.inherited(styleId, 'bold') ?? styles.defaultBold ?? false;
    if (bold) boldRuns++;
    else plainRuns++;
  }
  const leader = tabLeader(pPr) ?? styles.inherited(styleId, 'leader');
  return { label: label?.isBullet ? null : label, isHeading, isBold: boldRuns > 0 && plainRuns === 0, leader, isBullet: label?.isBullet ?? false };
}

function firstPass(source: string, body: XmlElement, styles: Styles, numberer: ListNumberer, settings: XmlElement | null): FirstPass {
  const paragraphs: ParagraphFacts[] = [];
  /** Changes to the document part before mammoth reads it: the paragraph tags, hidden runs taken out, simple fields unwrapped. */
  const edits: Array<{ from: number; to: number; text: string }> = [];
  const references: Array<{ key: string; type: 'footnote' | 'endnote'; section: number; custom: boolean }> = [];
  const sections: XmlElement[] = [];

  const visit = (element: XmlElement, hidden: boolean, inFallback: boolean, paragraphStyle: string | undefined) => {
    for (const c of element.children) {
      if (typeof c === 'string') continue;
      if (c.name === 'w:r' && isHiddenRun(c, paragraphStyle, styles)) {
        edits.push({ from: c.start, to: c.end, text: '' });
        continue;
      }
      if (c.name === 'w:fldSimple' && !c.selfClosing) {
        // Mammoth drops a simple field with its shown result ("see para. 23"); keep the result as plain runs.
        edits.push({ from: c.start, to: c.startTagEnd, text: '' }, { from: source.lastIndexOf('</', c.end - 1), to: c.end, text: '' });
      }
      if (c.name === 'w:p') {
        const deletedMark = path(c, 'w:pPr', 'w:rPr', 'w:del') !== undefined;
        const index = paragraphs.length;
        paragraphs.push(paragraphFacts(c, styles, numberer, !hidden && !inFallback && !deletedMark));
        if (!c.selfClosing) {
          const pPr = child(c, 'w:pPr');
          const at = pPr ? pPr.end : c.startTagEnd;
          edits.push({
            from: at,
            to: at,
            text: `<dxr:bookmarkStart xmlns:dxr="${c.uri}" dxr:id="${900_000_000 + index}" dxr:name="${TAG_PREFIX}${index}"/>`,
          });
        }
        visit(c, hidden, inFallback, childValue(child(c, 'w:pPr'), 'w:pStyle') ?? styles.defaultParagraphStyle);
        const sectPr = path(c, 'w:pPr', 'w:sectPr');
        if (sectPr) sections.push(sectPr);
        continue;
      }
      if (c.name === 'w:footnoteReference' || c.name === 'w:endnoteReference') {
        if (!hidden && !inFallback) {
          const type = c.name === 'w:footnoteReference' ? 'footnote' : 'endnote';
          references.push({ key: `${type}:${c.attributes['w:id']}`, type, section: sections.length, custom: isOn(c.attributes['w:customMarkFollows']) });
        }
        continue;
      }
      if (c.name === 'w:sectPr' && element.name === 'w:body') sections.push(c);
      visit(c, hidden || c.name === 'w:del' || c.name === 'w:moveFrom', inFallback || c.name === 'mc:Fallback', paragraphStyle);
    }
  };
  visit(body, false, false, undefined);

  // Footnote and endnote marks: counted in reference order, from each section's start, in its format.
  const noteMarks = new Map<string, string>();
  const customMarkNotes = new Set<string>();
  const documentNotes = {
    footnote: noteProperties(child(settings ?? undefined, 'w:footnotePr'), { format: 'decimal', start: 1, restart: 'continuous' }),
    endnote: noteProperties(child(settings ?? undefined, 'w:endnotePr'), { format: 'lowerRoman', start: 1, restart: 'continuous' }),
  };
  for (const type of ['footnote', 'endnote'] as const) {
    let counter: number | undefined;
    let section = 0;
    for (const reference of references.filter((r) => r.type === type)) {
      const properties = noteProperties(child(sections[reference.section], `w:${type}Pr`), documentNotes[type]);
      if (counter === undefined) counter = properties.start;
      else if (reference.section !== section && properties.restart === 'eachSect') counter = properties.start;
      section = reference.section;
      if (reference.custom) {
        customMarkNotes.add(reference.key);
        continue;
      }
      if (noteMarks.has(reference.key)) continue;
      noteMarks.set(reference.key, formatNumber(counter, properties.format));
      counter++;
    }
  }

  let taggedXml = '';
  let last = 0;
  for (const { from, to, text } of edits.sort((a, b) => a.from - b.from || a.to - b.to)) {
    taggedXml += source.slice(last, from) + text;
    last = to;
  }
  taggedXml += source.slice(last);
  return { taggedXml, paragraphs, noteMarks, customMarkNotes };
}

// ---------------------------------------------------------------------------------------------------------
// Headers and footers: the furniture

function paragraphLines(root: XmlElement): string[] {
  const lines: string[] = [];
  for (const paragraph of descendants(root, 'w:p')) {
    let text = '';
    const visit = (element: XmlElement) => {
      for (const c of element.children) {
        if (typeof c === 'string' || HIDDEN_CONTENT.has(c.name) || c.name === 'w:p') continue;
        if (c.name === 'w:t') text += c.children.filter((t): t is string => typeof t === 'string').join('');
        else if (c.name === 'w:tab' || c.name === 'w:br' || c.name === 'w:cr') text += ' ';
        else visit(c);
      }
    };
    visit(paragraph);
    const line = normalise(text);
    if (line !== '') lines.push(line);
  }
  return lines;
}

async function readFurniture(zip: JSZip, relationships: Relationship[], file: string): Promise<string[]> {
  const lines: string[] = [];
  for (const relationship of relationships.filter((r) => isType(r, 'header') || isType(r, 'footer'))) {
    const xml = await readPart(zip, relationship.target, file);
    if (xml === null) continue;
    for (const line of paragraphLines(parsePart(xml, relationship.target, file))) if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------
// Mammoth's document model (the parts this reader uses)

interface MammothNode {
  type: string;
  children?: MammothNode[];
  value?: string;
  styleId?: string | null;
  styleName?: string | null;
  verticalAlignment?: string;
  noteType?: string;
  noteId?: string;
  name?: string;
  numbering?: { isOrdered: boolean } | null;
  body?: MammothNode[];
}

interface MammothDocument extends MammothNode {
  notes: { resolve(reference: { noteType: string; noteId: string }): MammothNode | null };
}

async function readWithMammoth(buffer: Buffer, file: string): Promise<MammothDocument> {
  let captured: MammothDocument | null = null;
  try {
    await mammoth.convertToHtml(
      { buffer },
      {
        // Keep the document model; hand mammoth an empty document so it does not render HTML nobody reads.
        transformDocument: (document: MammothDocument) => {
          captured = document;
          return { ...document, children: [] };
        },
      },
    );
  } catch (error) {
    // Mammoth's XML errors run over several lines ("[xmldom error]\telement parse error: ...\n@#[line:...]").
    const reason = String((error as Error).message ?? error).split('\n')[0]!.replace(/\[xmldom error\]/g, '').replace(/\s+/g, ' ').trim();
    throw unreadable(file, `a part of it is damaged: ${reason || 'mammoth cannot read it'}`);
  }
  if (!captured) throw unreadable(file, 'mammoth read no document');
  return captured;
}

// ---------------------------------------------------------------------------------------------------------
// Blocks from the model

/** Superscript text that is a footnote mark ("1", "12", "*", "†", "a"; "1,2" is two), not an ordinal suffix. */
const MARK = /^(?:\d{1,3}|[*†‡§¶]{1,4}|[a-z])$/;
/** A bullet typed into the text, followed by a tab: a list item made by hand. */
const TYPED_BULLET = /^\s*[•·▪◦●○■□‣⁃–-]\s*\t\s*/;

function normalise(text: string): string {
  return text
    .replace(/[\u00ad\u200b\u200c\u200d\ufeff]/g, '')
    .replace(/\u2011/g, '-')
    .replace(/[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

type Atom =
  | { kind: 'text'; value: string; superscript: boolean; run: MammothNode | null }
  | { kind: 'tab' }
  | { kind: 'space' }
  | { kind: 'note'; noteType: string; noteId: string; run: MammothNode | null };

class BlockBuilder {
  readonly blocks: Block[] = [];

  constructor(
    private readonly document: MammothDocument,
    private readonly pass: FirstPass,
    private readonly styles: Styles,
  ) {}

  private isSuperscript(run: MammothNode | null): boolean {
    if (!run) return false;
    if (run.verticalAlignment === 'superscript') return true;
    return run.verticalAlignment !== 'subscript' && (this.styles.inherited(run.styleId ?? undefined, 'superscript') ?? false);
  }

  private atoms(nodes: MammothNode[] | undefined, run: MammothNode | null, out: Atom[]): Atom[] {
    for (const node of nodes ?? []) {
      switch (node.type) {
        case 'run':
          this.atoms(node.children, node, out);
          break;
        case 'text':
          out.push({ kind: 'text', value: node.value ?? '', superscript: this.isSuperscript(run), run });
          break;
        case 'tab':
          out.push({ kind: 'tab' });
          break;
        case 'break':
          out.push({ kind: 'space' });
          break;
        case 'noteReference':
          out.push({ kind: 'note', noteType: node.noteType ?? 'footnote', noteId: node.noteId ?? '', run });
          break;
        case 'paragraph':
        case 'table':
          break; // text boxes: mammoth gives them as paragraphs of their own
        default:
          if (node.children) this.atoms(node.children, run, out);
      }
    }
    return out;
  }

  /** Text and the footnotes it cites: marks out of the text, custom marks read from the run that follows them. */
  private textOf(nodes: MammothNode[] | undefined, leader: string | undefined): { raw: string; references: Array<{ marker: string; note: MammothNode | null }> } {
    const atoms = this.atoms(nodes, null, []);
    const references: Array<{ marker: string; note: MammothNode | null }> = [];
    const lastTab = atoms.map((a) => a.kind).lastIndexOf('tab');
    let raw = '';
    for (let i = 0; i < atoms.length; i++) {
      const atom = atoms[i]!;
      if (atom.kind === 'tab') raw += leader && i === lastTab ? ` ${leader.repeat(5)} ` : '\t';
      else if (atom.kind === 'space') raw += ' ';
      else if (atom.kind === 'note') {
        const key = `${atom.noteType}:${atom.noteId}`;
        let marker = this.pass.noteMarks.get(key) ?? '*';
        if (this.pass.customMarkNotes.has(key)) {
          // A custom mark is the text that follows the reference in its run ("*", "**").
          let mark = '';
          while (atom.run !== null && atoms[i + 1]?.kind === 'text' && (atoms[i + 1] as { run: MammothNode | null }).run === atom.run) {
            mark += (atoms[++i] as { value: string }).value;
          }
          marker = mark.trim() || marker;
        }
        references.push({ marker, note: this.document.notes.resolve({ noteType: atom.noteType, noteId: atom.noteId }) });
      } else if (atom.superscript) {
        // A mark typed as superscript text: collect the whole superscript stretch.
        let value = atom.value;
        while (atoms[i + 1]?.kind === 'text' && (atoms[i + 1] as { superscript: boolean }).superscript) value += (atoms[++i] as { value: string }).value;
        const marks = value.split(',').map((m) => m.trim());
        if (marks.every((m) => MARK.test(m))) references.push(...marks.map((marker) => ({ marker, note: null })));
        else raw += value;
      } else raw += atom.value;
    }
    return { raw, references };
  }

  /** A footnote's text, without the mark printed at its start. */
  private noteText(note: MammothNode): string {
    return normalise(
      (note.body ?? [])
        .map((paragraph) => {
          const atoms = this.atoms(paragraph.children, null, []);
          let start = 0;
          while (start < atoms.length) {
            const atom = atoms[start]!;
            const skippable = atom.kind === 'tab' || atom.kind === 'space' || (atom.kind === 'text' && (atom.superscript || atom.value.trim() === ''));
            if (!skippable) break;
            start++;
          }
          return atoms
            .slice(start)
            .map((a) => (a.kind === 'text' ? a.value : a.kind === 'note' ? '' : ' '))
            .join('');
        })
        .join(' '),
    );
  }

  private factsOf(paragraph: MammothNode): ParagraphFacts | undefined {
    let index: number | undefined;
    for (const node of paragraph.children ?? []) {
      if (node.type === 'bookmarkStart' && node.name?.startsWith(TAG_PREFIX)) index = Number(node.name.slice(TAG_PREFIX.length));
    }
    return index === undefined ? undefined : this.pass.paragraphs[index];
  }

  private styleOf(facts: ParagraphFacts | undefined, paragraph: MammothNode, text: string, typedBullet: boolean, inTable: boolean): BlockStyle {
    const isHeading = facts ? facts.isHeading : /^heading\s*[1-9]$/i.test(paragraph.styleName ?? '');
    const isBullet = typedBullet || (facts ? facts.isBullet : paragraph.numbering?.isOrdered === false);
    if (isHeading) return 'heading';
    // As in the Markdown reader: a bold bulleted line is a heading set as a list item, unless it introduces
    // what follows ("Day 1: ...:"), so that both formats give the same blocks.
    if (facts?.isBold && !inTable && !(isBullet && text.endsWith(':'))) return 'bold';
    return isBullet ? 'list-item' : 'body';
  }

  private paragraph(paragraph: MammothNode, inTable: boolean): void {
    const facts = this.factsOf(paragraph);
    const { raw, references } = this.textOf(paragraph.children, facts?.leader);
    const typedBullet = !facts?.label && TYPED_BULLET.test(raw);
    const body = normalise(typedBullet ? raw.replace(TYPED_BULLET, '') : raw);
    const label = facts?.label && facts.label.label !== '' ? `${facts.label.label}${facts.label.separator}` : '';
    const text = body === '' ? '' : normalise(label + body);
    if (text !== '') {
      const block: TextBlock = {
        kind: 'text',
        text,
        style: this.styleOf(facts, paragraph, text, typedBullet, inTable),
        references: references.map((r) => r.marker),
        location: {},
      };
      this.blocks.push(block);
    }
    for (const { marker, note } of references) {
      if (!note) continue;
      const footnote: FootnoteBlock = { kind: 'footnote', marker, text: this.noteText(note), location: {} };
      if (footnote.text !== '') this.blocks.push(footnote);
    }
  }

  visit(nodes: MammothNode[] | undefined, inTable = false): void {
    for (const node of nodes ?? []) {
      if (node.type === 'paragraph') this.paragraph(node, inTable);
      else if (node.type === 'table' || node.type === 'tableRow' || node.type === 'tableCell') this.visit(node.children, true);
      else if (node.children) this.visit(node.children, inTable);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------

/**
 * The blocks and furniture of a Word file. Throws ParseError naming the file when it is not a readable Word
 * file: not a zip, cut short, an old .doc renamed, encrypted, or missing its document part.
 * @example
 * const { blocks, furniture } = await readDocx(readFileSync('report.docx'), 'report.docx');
 */
export async function readDocx(bytes: Uint8Array, file: string): Promise<BlockStream> {
  const zip = await openZip(bytes, file);
  const mainPart = await findMainDocument(zip, file);
  const relationships = await readRelationships(zip, mainPart, file);
  const folder = mainPart.slice(0, mainPart.lastIndexOf('/') + 1);
  /** A part the main document relates to (styles, numbering, settings), at Word's usual name if none is declared. */
  const related = async (type: string) => {
    const target = relationships.find((r) => isType(r, type))?.target ?? `${folder}${type}.xml`;
    const xml = await readPart(zip, target, file);
    return xml === null ? null : parsePart(xml, target, file);
  };

  const documentXml = (await readPart(zip, mainPart, file))!;
  const documentRoot = parsePart(documentXml, mainPart, file);
  const body = child(documentRoot, 'w:body');
  if (!body) throw unreadable(file, `${mainPart} has no body`);
  const styles = new Styles(await related('styles'));
  const numbering = readNumberingDefinitions(await related('numbering'));
  const numberer = new ListNumberer(numbering, styles.numberingStyles);
  const pass = firstPass(documentXml, body, styles, numberer, await related('settings'));

  zip.file(mainPart, pass.taggedXml);
  let tagged: Buffer;
  try {
    tagged = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  } catch (error) {
    throw unreadable(file, `a part of the zip archive cannot be unpacked: ${(error as Error).message}`);
  }
  const document = await readWithMammoth(tagged, file);
  const builder = new BlockBuilder(document, pass, styles);
  builder.visit(document.children);
  return { blocks: builder.blocks, furniture: await readFurniture(zip, relationships, file) };
}

/** Reads `.docx` files. */
export const docxReader: DocumentReader = {
  format: 'Word',
  read: readDocx,
};
