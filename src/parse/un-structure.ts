import type { Block, BlockStream, SourceLocation, TextBlock } from './blocks.js';
import { readDocumentFacts, type DocumentFacts } from './document-facts.js';
import { ParseError } from './document-reader.js';
import type { DocumentInfo, Footnote, Paragraph, ParseIssue, ParsedDocument } from './types.js';

/**
 * The one reader of United Nations document structure, over the block stream of any format: chapters
 * ("I. ..."), lettered sections ("A. Background"), enumerated topic headings ("(b) ..."), numbered paragraphs
 * ("23. ..."), unnumbered preambular paragraphs before the first numbered one (resolutions), annexes whose
 * numbering starts again, and footnotes printed away from the paragraph that cites them.
 *
 * Conversions damage the structure in ways this reader repairs rather than trusts:
 * - heading styles are arbitrary, so a heading is recognised by its shape and by the numbering sequence;
 * - page breaks split paragraphs and drop footnotes in the middle of them;
 * - a heading can be displaced above the heading it should follow.
 * Documents without numbered paragraphs fall back to one paragraph per block.
 */

/** What the person adding the document said about it in `<name>.meta.json`; wins over what the text prints. */
export interface DocumentMeta {
  title?: string;
  citationLabel?: string;
  symbol?: string;
  body?: string;
  session?: string;
  /** ISO date, "2024-03-04". */
  date?: string;
  /** The year the document's paragraphs speak of, when its chapters do not say. */
  year?: number;
}

export interface StructureOptions {
  /** Document id: the file name without extension. */
  id: string;
  /** File name as shown in messages. */
  file: string;
  meta?: DocumentMeta;
}

/** What a text block is to the structure, from its text and how the format set it. */
type Kind =
  | { kind: 'numbered'; number: number; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'item'; text: string }
  | { kind: 'prose'; text: string };

const NUMBERED = /^(\d{1,4})\.\s+(\S.*)$/;
const TOC_ENTRY = /(?:\.{4,}|…{2,})\s*\d+\s*$/;
const CHAPTER_HEADING = /^([IVXLC]+)\.\s+(.+)$/;
const SECTION_HEADING = /^([A-Z])\.\s+(.+)$/;
const TOPIC_HEADING = /^\(([A-Za-z]{1,4}|\d{1,3})\)\s+(.+)$/;
/** "Annex", "Annex II", "Annex II." followed by nothing, or by its title on the same line after a dash or colon. */
const ANNEX_HEADING = /^Annex(?:\s+([IVXLC]+|\d{1,2}))?\.?(?:\s*[:–—-]\s*(.+))?$/i;
/** A title longer than this is not used as the short label in citations. */
const MAX_LABEL_LENGTH = 60;
/** A paragraph number this far past the last one is taken as paragraphs lost in conversion; further, as text. */
const MAX_SKIPPED = 4;
/** "Report of the Secretary-General", "Note by the Secretariat": who issued a document, printed under its title. */
const AUTHORSHIP_LINE = /^(?:(?:Report|Note)\s+(?:of|by)\s+the\s+[\w\s-]+|Secretariat)$/i;
/** Preambular paragraphs are full clauses; a shorter unnumbered line before the first paragraph is masthead. */
const PREAMBLE_MIN_WORDS = 8;

function kindOf({ text, style }: TextBlock): Kind {
  // A number set as a heading ("## 1. Introduction") numbers the heading, not a paragraph.
  const numbered = style === 'heading' ? null : NUMBERED.exec(text);
  if (numbered) return { kind: 'numbered', number: Number(numbered[1]), text: numbered[2]! };
  // A line ending in a colon introduces what follows ("Day 1: ...:"): it is content, not structure.
  if ((style === 'heading' || style === 'bold') && !text.endsWith(':')) return { kind: 'heading', text };
  return style === 'list-item' ? { kind: 'item', text } : { kind: 'prose', text };
}

function romanValue(numeral: string): number {
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = values[numeral[i]!]!;
    const next = values[numeral[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

interface Chapter {
  numeral: string;
  year: number | null;
  meetingDates: string | null;
}

/** "... (19–21 October 2021)" → dates "19–21 October 2021", year 2021 (the last year named). */
function chapterFromHeading(numeral: string, title: string): Chapter {
  const dates = /\(([^()]*\b(?:19|20)\d{2})\)\s*$/.exec(title)?.[1] ?? null;
  const years = (dates ?? title).match(/\b(?:19|20)\d{2}\b/g);
  return { numeral, year: years ? Number(years[years.length - 1]) : null, meetingDates: dates };
}

/** Text that ends a sentence (possibly inside closing quotes or brackets) cannot be cut by a page break. */
const ENDS_SENTENCE = /[.!?;:…]["'”’)\]]*$/;
const STARTS_LOWERCASE = /^[\p{Ll}]/u;

interface Piece {
  text: string;
  /** Prose of the numbered paragraph itself, which a page break may have cut. */
  isProse: boolean;
}

interface Draft {
  /** "preamble", "annex", "annex II": the part of the document outside its main body, or null. */
  part: string | null;
  number: number;
  location: SourceLocation;
  chapter: Chapter | null;
  chapterIndex: number;
  section: string | null;
  topic: string | null;
  pieces: Piece[];
  references: string[];
  footnotes: Footnote[];
}

function addPiece(draft: Draft, text: string, references: string[], kind: 'prose' | 'block' | 'item'): void {
  draft.references.push(...references);
  if (text === '') return;
  const last = draft.pieces.at(-1);
  const continuesLast =
    last !== undefined &&
    kind !== 'item' &&
    (STARTS_LOWERCASE.test(text) || (kind === 'prose' && last.isProse && !ENDS_SENTENCE.test(last.text)));
  if (continuesLast) {
    last.text = `${last.text} ${text}`;
  } else {
    // Prose after a heading-like line or a list item is a block of its own (the 2023 programme), not a
    // continuation, so it must not be glued to the next line either.
    const isProse = kind === 'prose' && (last === undefined || last.isProse);
    draft.pieces.push({ text: kind === 'item' ? `• ${text}` : text, isProse });
  }
}

interface FootnoteDefinition extends Footnote {
  order: number;
  chapterIndex: number;
  location: SourceLocation;
  /** The paragraph being read when the footnote appeared (page footers land mid-paragraph). */
  interrupted: Draft | null;
}

type Issue = (location: SourceLocation, message: string) => void;

/**
 * Footnotes are printed at the foot of the page, which can be a paragraph or two away from the one citing
 * them; attach each to the paragraph of the same chapter that cites its marker, nearest first.
 */
function attachFootnotes(drafts: Draft[], definitions: FootnoteDefinition[], citedOutside: Set<string>, issue: Issue): void {
  const orderOf = new Map(drafts.map((d, i) => [d, i]));
  /** The pages a paragraph can stand on, when the format has pages: from its first to where the next one starts. */
  const onPage = (d: Draft, page: number | undefined) => {
    const first = d.location.page;
    const next = drafts[orderOf.get(d)! + 1]?.location.page ?? first;
    return page !== undefined && first !== undefined && next !== undefined && first <= page && page <= next;
  };
  const nearest = (a: Draft, b: Draft, order: number) => Math.abs(orderOf.get(a)! - order) - Math.abs(orderOf.get(b)! - order);
  for (const definition of definitions) {
    const cites = (d: Draft) => d.references.includes(definition.marker);
    let citing = drafts.filter((d) => d.chapterIndex === definition.chapterIndex && cites(d));
    // A page that ends in the next chapter prints the notes of the chapter before at its foot, after the new
    // chapter has begun: then the paragraph citing the marker on that page is the owner.
    if (citing.length === 0) citing = drafts.filter((d) => cites(d) && onPage(d, definition.location.page));
    citing.sort((a, b) => nearest(a, b, definition.order));
    // The note of a heading or a masthead line (the title's "This document has not been edited"), printed at the
    // foot of a page the body has already started on: it belongs to no paragraph.
    if (!citing[0] && citedOutside.has(definition.marker)) continue;
    const owner = citing[0] ?? definition.interrupted;
    if (!owner) {
      issue(definition.location, `footnote ${definition.marker} is not cited by any paragraph; skipped`);
      continue;
    }
    if (!citing[0]) issue(definition.location, `footnote ${definition.marker} is not cited; kept with the paragraph around it`);
    owner.footnotes.push({ marker: definition.marker, text: definition.text });
  }
}

/** `<document>.<chapter>.<paragraph>`, with the part before it when there is one: `<document>.annex.<chapter>.<paragraph>`. */
function paragraphId(documentId: string, draft: Draft): string {
  return [documentId, draft.part?.replace(/\s+/g, '-'), draft.chapter?.numeral ?? '0', draft.number].filter((s) => s !== undefined && s !== null).join('.');
}

function toParagraphs(document: DocumentInfo, drafts: Draft[]): Paragraph[] {
  return drafts.map((d, order) => ({
    id: paragraphId(document.id, d),
    document: document.id,
    part: d.part,
    chapter: d.chapter?.numeral ?? null,
    year: d.chapter?.year ?? document.year,
    meetingDates: d.chapter?.meetingDates ?? null,
    section: d.section,
    topic: d.topic,
    paragraph: d.number,
    text: d.pieces.map((p) => p.text).join('\n'),
    footnotes: d.footnotes,
    order,
    line: d.location.line ?? null,
    page: d.location.page ?? null,
  }));
}

function documentInfo(options: StructureOptions, facts: DocumentFacts, titleFromText: string | null): DocumentInfo {
  const meta = options.meta ?? {};
  const title = meta.title ?? titleFromText ?? options.id;
  const date = meta.date ?? facts.date;
  return {
    id: options.id,
    file: options.file,
    title,
    // A long title makes a poor label: what the document was adopted as, else its symbol, is what people cite.
    citationLabel: meta.citationLabel ?? facts.adoptedAs ?? (title.length <= MAX_LABEL_LENGTH ? title : (meta.symbol ?? facts.symbol ?? options.id)),
    symbol: meta.symbol ?? facts.symbol,
    body: meta.body ?? facts.body,
    session: meta.session ?? facts.session,
    date,
    year: meta.year ?? (date ? Number(date.slice(0, 4)) : null),
  };
}

interface Reading {
  drafts: Draft[];
  title: string | null;
  warnings: ParseIssue[];
}

/** Reads a document with numbered paragraphs; null when it has none, so the caller can fall back. */
function readNumbered(blocks: Block[], options: StructureOptions): Reading | null {
  const warnings: ParseIssue[] = [];
  const issue: Issue = (location, message) => warnings.push({ file: options.file, ...location, message });

  const drafts: Draft[] = [];
  const footnotes: FootnoteDefinition[] = [];
  const frontMatterHeadings: string[] = [];
  /** Unnumbered prose since the last heading before the body: a resolution's preamble, if a numbered paragraph follows. */
  let preamble: Draft[] = [];
  /** Footnotes printed among those preambular paragraphs: kept if the preamble is, for the clauses citing them. */
  let preambleFootnotes: FootnoteDefinition[] = [];
  let inBody = false;
  let part: string | null = null;
  let chapter: Chapter | null = null;
  let chapterIndex = 0;
  let chapterCount = 0;
  let sectionLetter: string | null = null;
  let section: string | null = null;
  let topic: string | null = null;
  /** A topic heading has been read and no paragraph yet: the place a displaced heading shows up. */
  let topicAwaitsParagraph = false;
  /** A section heading displaced above its topic's first paragraph: it applies after that paragraph. */
  let displacedSection: { letter: string; title: string } | null = null;
  let lastNumber = 0;
  /**
   * The last paragraph number before the current chapter: a chapter either numbers from 1 again (the
   * compilation of Chair's summaries) or goes on from the chapters before it (most reports).
   */
  let numberBeforeChapter = 0;
  let current: Draft | null = null;

  const startChapter = (numeral: string, title: string) => {
    inBody = true;
    chapterCount = romanValue(numeral);
    chapterIndex += 1;
    chapter = chapterFromHeading(numeral, title);
    sectionLetter = section = topic = null;
    topicAwaitsParagraph = false;
    displacedSection = null;
    numberBeforeChapter = lastNumber || numberBeforeChapter;
    lastNumber = 0;
    current = null;
  };
  const startAnnex = (numeral: string | undefined, title: string | undefined) => {
    part = numeral ? `annex ${numeral}` : 'annex';
    chapter = null;
    chapterCount = 0;
    chapterIndex += 1;
    sectionLetter = section = null;
    topic = title ?? null;
    topicAwaitsParagraph = false;
    displacedSection = null;
    numberBeforeChapter = 0;
    lastNumber = 0;
    current = null;
  };
  const draft = (number: number, location: SourceLocation, draftPart: string | null): Draft => ({
    part: draftPart,
    number,
    location,
    chapter,
    chapterIndex,
    section,
    topic,
    pieces: [],
    references: [],
    footnotes: [],
  });

  /** The paragraph each text block's text and references went to. */
  const owners = new Map<Block, Draft>();
  const give = (target: Draft, block: TextBlock, text: string, kind: 'prose' | 'block' | 'item') => {
    addPiece(target, text, block.references, kind);
    owners.set(block, target);
  };

  for (const block of blocks) {
    if (block.kind === 'break') continue;
    if (block.kind === 'footnote') {
      if (inBody) {
        footnotes.push({ marker: block.marker, text: block.text, order: drafts.length - 1, chapterIndex, location: block.location, interrupted: current });
      } else {
        preambleFootnotes.push({ marker: block.marker, text: block.text, order: preamble.length - 1, chapterIndex, location: block.location, interrupted: null });
      }
      continue;
    }
    if (TOC_ENTRY.test(block.text)) continue;
    const type = kindOf(block);
    const at = block.location;
    switch (type.kind) {
      case 'heading': {
        const chapterMatch = CHAPTER_HEADING.exec(type.text);
        const sectionMatch = SECTION_HEADING.exec(type.text);
        const topicMatch = TOPIC_HEADING.exec(type.text);
        const annexMatch = ANNEX_HEADING.exec(type.text);
        const nextSectionLetter: string = sectionLetter ? String.fromCharCode(sectionLetter.charCodeAt(0) + 1) : 'A';
        preamble = [];
        preambleFootnotes = [];
        if (annexMatch && inBody) {
          startAnnex(annexMatch[1], annexMatch[2]);
        } else if (sectionMatch && sectionMatch[1] === nextSectionLetter && inBody) {
          if (topicAwaitsParagraph) {
            issue(at, `heading "${type.text}" stands between the heading "${topic}" and its first paragraph; applied after that paragraph`);
            displacedSection = { letter: sectionMatch[1]!, title: sectionMatch[2]! };
            break;
          }
          sectionLetter = sectionMatch[1]!;
          section = sectionMatch[2]!;
          topic = null;
          current = null;
        } else if (chapterMatch && romanValue(chapterMatch[1]!) === chapterCount + 1) {
          startChapter(chapterMatch[1]!, chapterMatch[2]!);
        } else if (!inBody) {
          if (!/^(?:contents|summary)$/i.test(type.text)) frontMatterHeadings.push(type.text);
        } else if (topicMatch) {
          topic = topicMatch[2]!;
          topicAwaitsParagraph = true;
          current = null;
        } else if (part !== null && topic === null && current === null) {
          // The line after "Annex" is its title.
          topic = type.text;
        } else if (current) {
          give(current, block, type.text, 'block');
        } else {
          topic = type.text;
          topicAwaitsParagraph = true;
        }
        break;
      }

      case 'numbered': {
        // The first paragraph of a chapter may continue the numbering of the chapters before it.
        const after = lastNumber === 0 && numberBeforeChapter > 0 && type.number > numberBeforeChapter ? numberBeforeChapter : lastNumber;
        const isNext = type.number === after + 1;
        const skipsAFew = type.number > after + 1 && type.number <= after + 1 + MAX_SKIPPED;
        if (!isNext && !skipsAFew) {
          if (current) give(current, block, `${type.number}. ${type.text}`, 'block');
          else if (inBody) issue(at, `paragraph number ${type.number} is out of sequence after ${lastNumber}; skipped`);
          break;
        }
        if (skipsAFew) issue(at, `paragraph ${type.number} follows ${after}: paragraphs missing`);
        if (!inBody) {
          drafts.push(...preamble);
          // Masthead notes ("provisional agenda*") are cited by no preambular paragraph: left out, as before the body.
          footnotes.push(...preambleFootnotes.filter((f) => preamble.some((d) => d.references.includes(f.marker))));
        }
        preamble = [];
        preambleFootnotes = [];
        inBody = true;
        lastNumber = type.number;
        topicAwaitsParagraph = false;
        const next = draft(type.number, at, part);
        give(next, block, type.text, 'prose');
        drafts.push(next);
        current = next;
        if (displacedSection) {
          sectionLetter = displacedSection.letter;
          section = displacedSection.title;
          topic = null;
          displacedSection = null;
          current = next;
        }
        break;
      }

      case 'item':
      case 'prose':
        if (!inBody) {
          const clause = collectPreamble(preamble, block, type.kind, (number) => draft(number, at, 'preamble'));
          if (clause) owners.set(block, clause);
          break;
        }
        if (current) give(current, block, type.text, type.kind === 'item' ? 'item' : 'prose');
        else issue(at, 'text outside any numbered paragraph; skipped');
        break;
    }
  }

  if (drafts.length === 0) return null;
  // Markers cited by blocks that ended up in no paragraph: headings, the title, masthead lines.
  const kept = new Set(drafts);
  const citedOutside = new Set(
    blocks.flatMap((b) => {
      const owner = owners.get(b);
      return b.kind === 'text' && !(owner && kept.has(owner)) ? b.references : [];
    }),
  );
  attachFootnotes(drafts, footnotes, citedOutside, issue);
  // The title is the last heading before the body, but for the line that says who wrote it ("Report of the Secretariat").
  const title = frontMatterHeadings.filter((h) => !AUTHORSHIP_LINE.test(h)).at(-1)?.replace(/\*+$/, '').trim() || null;
  return { drafts, title, warnings };
}

/**
 * Unnumbered clauses before a resolution's first numbered paragraph ("Recalling its resolution 61/4, ..."): each
 * block is a paragraph of its own unless a page break cut it (it then goes on in lower case). Short lines are
 * the masthead ("Vienna, 14–22 March 2024"), not clauses.
 */
function collectPreamble(preamble: Draft[], block: TextBlock, kind: 'item' | 'prose', draft: (number: number) => Draft): Draft | null {
  const last = preamble.at(-1);
  if (last && STARTS_LOWERCASE.test(block.text)) {
    addPiece(last, block.text, block.references, kind);
    return last;
  }
  if (block.text.split(/\s+/).length < PREAMBLE_MIN_WORDS) return null;
  const next = draft(preamble.length + 1);
  addPiece(next, block.text, block.references, kind);
  preamble.push(next);
  return next;
}

/** A first line that is short and ends no sentence is the document's title, not its first paragraph. */
const TITLE_MAX_WORDS = 20;

/**
 * Fallback for documents without numbered paragraphs: each block (blank-line block in text files) is a paragraph,
 * numbered in order; in formats with pages, the two halves of a paragraph cut by a page break are one.
 */
function readBlocks(blocks: Block[], options: StructureOptions): Reading {
  const drafts: Draft[] = [];
  let topic: string | null = null;
  let title: string | null = null;
  let current: Draft | null = null;
  const texts = blocks.filter((b): b is TextBlock => b.kind === 'text');
  const first = texts[0];
  const firstIsTitle =
    first !== undefined && texts.length > 1 && first.text.split(/\s+/).length <= TITLE_MAX_WORDS && !ENDS_SENTENCE.test(first.text);
  /** The page of the block read last, in formats with pages. */
  let page: number | undefined;
  for (const block of blocks) {
    // A page's footnotes stand between its last block and the next page's first: they end no paragraph.
    if (block.kind === 'footnote' && block.location.page !== undefined) continue;
    if (block.kind === 'break' || block.kind === 'footnote') {
      current = null;
      continue;
    }
    const type = kindOf(block);
    if (type.kind === 'heading' || (block === first && firstIsTitle)) {
      title ??= block.text;
      topic = block.text;
      current = null;
      continue;
    }
    // The first block of a page goes on with the last paragraph of the page before when a page break cut it:
    // it starts in lower case, or that paragraph had not ended its sentence.
    const lastPiece = current?.pieces.at(-1);
    const cutByPageBreak =
      lastPiece !== undefined &&
      page !== undefined &&
      block.location.page !== undefined &&
      block.location.page > page &&
      type.kind === 'prose' &&
      (STARTS_LOWERCASE.test(block.text) || !ENDS_SENTENCE.test(lastPiece.text));
    page = block.location.page;
    if (!current || (block.location.line === undefined && !cutByPageBreak)) {
      current = { part: null, number: drafts.length + 1, location: block.location, chapter: null, chapterIndex: 0, section: null, topic, pieces: [], references: [], footnotes: [] };
      drafts.push(current);
    }
    const text = type.kind === 'numbered' ? `${type.number}. ${type.text}` : type.text;
    addPiece(current, text, block.references, type.kind === 'item' ? 'item' : 'prose');
  }
  const kept = drafts.filter((d) => d.pieces.length > 0).map((d, i) => ({ ...d, number: i + 1 }));
  return { drafts: kept, title, warnings: [] };
}

/**
 * Reads one document's block stream into cited paragraphs with the document's metadata. Throws ParseError when
 * nothing can be read.
 * @example
 * const parsed = readUnStructure(readMarkdown(source, 'report.md'), { id: 'report', file: 'report.md' });
 */
export function readUnStructure(stream: BlockStream, options: StructureOptions): ParsedDocument {
  const reading = readNumbered(stream.blocks, options) ?? readBlocks(stream.blocks, options);
  if (reading.drafts.length === 0) throw new ParseError(options.file, undefined, 'contains no paragraphs of text');
  const facts = readDocumentFacts(stream);
  const document = documentInfo(options, facts, reading.title);
  const warnings = [...reading.warnings];
  if (document.year === null && reading.drafts.every((d) => d.chapter?.year == null)) {
    warnings.push({
      file: options.file,
      message: `no date found: its paragraphs have no year, so year filters and the timeline leave them out; add "date" or "year" to ${options.id}.meta.json`,
    });
  }
  return { document, paragraphs: toParagraphs(document, reading.drafts), warnings };
}
