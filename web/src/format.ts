/** Pure helpers for showing answers and citations; no DOM here, so they are tested under Node. */
import type { AnswerSentence, Citation, DocumentRef, DocumentSummary } from './types.js';

/**
 * What the copy button puts on the clipboard: the citation, then the quoted sentences in straight quotes,
 * e.g. `CND thematic discussions 2021 (III), para. 24: "quoted text"`. Without quoted sentences (a related
 * paragraph, one opened by link) the whole paragraph is the quotation.
 */
export function formatCitation(citation: string, quoted: readonly string[], fullText?: string): string {
  const parts = quoted.length > 0 ? quoted : fullText !== undefined ? [fullText.replace(/\s*\n\s*/g, ' ')] : [];
  if (parts.length === 0) return citation;
  return `${citation}: "${parts.map((part) => part.trim()).join(' […] ')}"`;
}

/**
 * A quoted sentence as the answer shows it: without the list bullet it may start with when it was a list item
 * ("• Drug treatment … "), which inside quotation marks reads as part of the quote. Enumerators such as "(a)"
 * stay (a reader may need them to find the item), and so does a hyphen or dash not followed by a space ("-2 per cent").
 */
export function displaySentence(text: string): string {
  return text.trim().replace(/^(?:[•◦▪▫‣⁃∙●○■□◆◇►▸➢✓✔·][\s\u00a0]*|[*–—-][\s\u00a0]+)+(?=\S)/u, '');
}

/** "2021 · III · para. 24", "Annex · para. 3": the position of a paragraph, as a reader scans for it. */
export function describePosition(paragraph: { year: number | null; chapter: string | null; paragraph: number; part?: string | null }): string {
  const part = paragraph.part ? paragraph.part.charAt(0).toUpperCase() + paragraph.part.slice(1) : null;
  return [paragraph.year === null ? null : String(paragraph.year), part, paragraph.chapter, `para. ${paragraph.paragraph}`].filter((item) => item !== null).join(' · ');
}

/** How a filter or a badge names a document: its symbol, else its short citation label. */
export function documentLabel(document: Pick<DocumentRef, 'symbol' | 'citationLabel'>): string {
  return document.symbol ?? document.citationLabel;
}

/**
 * How a source card names its document besides its symbol: its short label ("CND thematic discussions"), or its
 * title when the label is the symbol itself or there is no symbol.
 */
export function documentDescription(document: Pick<DocumentRef, 'symbol' | 'citationLabel' | 'title'>): string {
  return document.symbol && document.citationLabel !== document.symbol ? document.citationLabel : document.title;
}

/** How a source card names its document: "E/CN.7/2024/CRP.5 · CND thematic discussions", or its title without a symbol. */
export function documentName(document: Pick<DocumentRef, 'symbol' | 'citationLabel' | 'title'>): string {
  return document.symbol ? `${document.symbol} · ${documentDescription(document)}` : document.title;
}

/** The years the documents cover, in order, each once. */
export function documentYears(documents: readonly Pick<DocumentSummary, 'years'>[]): number[] {
  return [...new Set(documents.flatMap((document) => document.years))].sort((a, b) => a - b);
}

/** "Commission on Narcotic Drugs and General Assembly": a list in words. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export interface CorpusDescription {
  /** The page's heading: one document's citation label, or "5 UN documents · 2019–2024". */
  heading: string;
  /** Under the heading: the symbol or the bodies, then the years and paragraphs. */
  detail: string;
  /** The browser tab's title. */
  title: string;
  /** The page's meta description. */
  description: string;
  /** The issuing bodies, each once, in the order of the documents. */
  bodies: string[];
  years: string;
  paragraphs: number;
}

/** What the page says it answers from, from the documents indexed. */
export function describeCorpus(documents: readonly DocumentSummary[]): CorpusDescription {
  const years = describeYears(documentYears(documents));
  const paragraphs = documents.reduce((sum, document) => sum + document.paragraphs, 0);
  const bodies = [...new Set(documents.map((document) => document.body).filter((body): body is string => body !== null))];
  const counted = `${paragraphs} paragraphs`;
  const only = documents.length === 1 ? documents[0] : undefined;
  if (only) {
    const span = years ? `, ${years}` : '';
    return {
      heading: only.citationLabel,
      detail: [only.symbol, years || null, counted].filter((part) => part !== null).join(' · '),
      title: `${only.citationLabel} · cited answers`,
      description: `Cited answers from ${only.symbol ? `${only.symbol}, ` : ''}“${only.title}”${span}.`,
      bodies,
      years,
      paragraphs,
    };
  }
  const count = documents.length === 0 ? 'No documents' : `${documents.length} UN documents`;
  const heading = years ? `${count} · ${years}` : count;
  return {
    heading,
    detail: [bodies.length > 0 ? listInWords(bodies) : null, counted].filter((part) => part !== null).join(' · '),
    title: `${count} · cited answers`,
    description: `Cited answers from ${documents.length} UN documents${bodies.length > 0 ? ` of the ${listInWords(bodies)}` : ''}${years ? `, ${years}` : ''}.`,
    bodies,
    years,
    paragraphs,
  };
}

export interface Tally<K> {
  key: K;
  count: number;
}

/**
 * How many retrieved paragraphs (each once, by id) fall in each year, and in each document: what the answer's
 * chart shows. Years in order (undated last), documents in the order they are first cited.
 */
export function tallyParagraphs(paragraphs: readonly Pick<Citation, 'id' | 'year' | 'document'>[]): { years: Tally<number | null>[]; documents: Tally<DocumentRef>[] } {
  const seen = new Set<string>();
  const years = new Map<number | null, number>();
  const documents = new Map<string, Tally<DocumentRef>>();
  for (const paragraph of paragraphs) {
    if (seen.has(paragraph.id)) continue;
    seen.add(paragraph.id);
    years.set(paragraph.year, (years.get(paragraph.year) ?? 0) + 1);
    // Paragraphs saved before documents had fields of their own carry the document's id only.
    const document = typeof paragraph.document === 'object' && paragraph.document !== null ? paragraph.document : null;
    if (document === null) continue;
    const tally = documents.get(document.id);
    if (tally) tally.count += 1;
    else documents.set(document.id, { key: document, count: 1 });
  }
  return {
    years: [...years.entries()].sort(([a], [b]) => (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY)).map(([key, count]) => ({ key, count })),
    documents: [...documents.values()],
  };
}

export interface TextSegment {
  text: string;
  highlighted: boolean;
}

/**
 * Splits a paragraph into runs of plain and highlighted text, highlighting every occurrence of each quoted
 * sentence. Overlapping quotes merge; a quote not found verbatim (it should always be) is simply not marked.
 */
export function highlightSegments(text: string, quoted: readonly string[]): TextSegment[] {
  const ranges: Array<[number, number]> = [];
  for (const quote of quoted) {
    const needle = quote.trim();
    if (needle === '') continue;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
      ranges.push([at, at + needle.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  const segments: TextSegment[] = [];
  let position = 0;
  for (const [start, end] of merged) {
    if (start > position) segments.push({ text: text.slice(position, start), highlighted: false });
    segments.push({ text: text.slice(start, end), highlighted: true });
    position = end;
  }
  if (position < text.length) segments.push({ text: text.slice(position), highlighted: false });
  return segments;
}

export interface YearGroup {
  year: number | null;
  sentences: AnswerSentence[];
}

/** A timeline's sentences grouped by meeting year, years in order, sentences in answer order within each. */
export function groupByYear(sentences: readonly AnswerSentence[]): YearGroup[] {
  const groups = new Map<number | null, AnswerSentence[]>();
  for (const sentence of sentences) {
    const group = groups.get(sentence.year);
    if (group) group.push(sentence);
    else groups.set(sentence.year, [sentence]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY))
    .map(([year, list]) => ({ year, sentences: list }));
}

/** "2019–2023" for a run, "2019, 2021" otherwise. */
export function describeYears(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined) return '';
  if (first === last) return String(first);
  return last - first === sorted.length - 1 ? `${first}–${last}` : sorted.join(', ');
}

/** The answer as plain text to paste elsewhere: the question, the cited sentences, then the sources. */
export function formatAnswerForCopy(question: string, sentences: readonly AnswerSentence[], citations: readonly Citation[]): string {
  const body = sentences.map((sentence) => `${displaySentence(sentence.text)} ${sentence.citations.map((n) => `[${n}]`).join('')}`).join('\n');
  // The full reference, ready to publish (a turn saved before there were references has the short citation).
  const sources = citations.map((citation) => `[${citation.n}] ${citation.reference || citation.citation}`).join('\n');
  return `${question}\n\n${body}\n\nSources:\n${sources}\n`;
}

/** The answer read aloud by screen readers: sentences without their markers, and how many sources. */
export function spokenAnswer(sentences: readonly AnswerSentence[], citationCount: number): string {
  const text = sentences.map((sentence) => sentence.text).join(' ');
  return `${text} (${citationCount} ${citationCount === 1 ? 'source' : 'sources'}.)`;
}

/** What a bar of an answer's chart picks out: one year's paragraphs (null: the undated ones), or one document's. */
export type SpreadFocus = { kind: 'year'; year: number | null } | { kind: 'document'; id: string };

/** Whether a retrieved paragraph is one the focus picks out. */
export function inFocus(paragraph: Pick<Citation, 'year' | 'document'>, focus: SpreadFocus): boolean {
  if (focus.kind === 'year') return paragraph.year === focus.year;
  return typeof paragraph.document === 'object' && paragraph.document !== null && paragraph.document.id === focus.id;
}

export function sameFocus(a: SpreadFocus | null | undefined, b: SpreadFocus | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.kind === 'year' ? b.kind === 'year' && a.year === b.year : b.kind === 'document' && a.id === b.id;
}

/** "2021: 3 paragraphs", "Undated: 1 paragraph": a bar's label, read out and shown on hover. */
export function describeTally(label: string, count: number): string {
  return `${label}: ${count} ${count === 1 ? 'paragraph' : 'paragraphs'}`;
}
