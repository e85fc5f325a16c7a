/** Pure helpers for showing answers and citations; no DOM here, so they are tested under Node. */
import type { Answer, AnswerHead, AnswerSentence, AnswerStatus, Citation, ComparedYears, CorrectedWord, DetectedLanguage, DocumentRef, DocumentSummary, YearConflict, YearSpan } from './types.js';

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
  return splitAt(text, merged).map(({ text: part, inRange }) => ({ text: part, highlighted: inRange }));
}

/** Runs of a text inside and outside the given ranges, which are sorted and do not overlap. */
function splitAt(text: string, ranges: ReadonlyArray<readonly [number, number]>): Array<{ text: string; inRange: boolean }> {
  const runs: Array<{ text: string; inRange: boolean }> = [];
  let position = 0;
  for (const [start, end] of ranges) {
    if (start > position) runs.push({ text: text.slice(position, start), inRange: false });
    runs.push({ text: text.slice(start, end), inRange: true });
    position = end;
  }
  if (position < text.length) runs.push({ text: text.slice(position), inRange: false });
  return runs;
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

/** "2019", "2019 and 2022", "2019, 2020 and 2022". */
function yearsInWords(years: readonly number[]): string {
  return years.length <= 1 ? years.join('') : `${years.slice(0, -1).join(', ')} and ${years.at(-1)}`;
}

/**
 * The badge of a question comparing meeting years, and what the reply says of those that never speak of its
 * topic: "2022 and 2023 compared"; "The 2022 discussions do not mention “fentanyl”: nothing of theirs is quoted."
 * (null when every compared year speaks of it).
 */
export function describeComparedYears(compared: ComparedYears): { badge: string; absent: string | null } {
  const badge = `${yearsInWords(compared.years)} compared`;
  if (compared.without.length === 0) return { badge, absent: null };
  return { badge, absent: `The ${yearsInWords(compared.without)} discussions do not mention “${compared.topic}”: nothing of theirs is quoted.` };
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

// ------------------------------------------------------------------------------------ kinds of reply

/**
 * The kind of a reply: answered, related (the topic, but not what was asked) or not covered. Turns saved before
 * the server said so carry only `abstained`, which then means not covered.
 */
export function replyKind(head: Pick<AnswerHead, 'abstained'> & { status?: AnswerStatus }): AnswerStatus {
  return head.status ?? (head.abstained ? 'not_covered' : 'answered');
}

/** Each kind's title, as shown and announced. */
export const REPLY_TITLES = {
  answered: 'Answer',
  related: 'Related, not an answer',
  not_covered: 'Not covered by the documents',
} as const satisfies Record<AnswerStatus, string>;

/** "2021 onwards", "Up to 2021", "2019–2021", "All years": the meeting years a question spanning several searched. */
export function describeSpan(span: YearSpan): string {
  const { from, to } = span;
  if (from === null && to === null) return 'All years';
  if (to === null) return `${from} onwards`;
  if (from === null) return `Up to ${to}`;
  return from === to ? String(from) : `${from}–${to}`;
}

export interface ReadingSegment {
  text: string;
  /** A word the search read otherwise than typed. */
  corrected: boolean;
}

/**
 * The question as searched, with the words read otherwise marked: each corrected word found, whole, in order of the
 * reading (a word that is not there, or is only part of a longer one, is not marked).
 */
export function correctionSegments(reading: string, words: readonly CorrectedWord[]): ReadingSegment[] {
  const ranges: Array<[number, number]> = [];
  for (const { to } of words) {
    if (to === '') continue;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu');
    for (const match of reading.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (ranges.some(([a, b]) => start < b && a < end)) continue;
      ranges.push([start, end]);
      break;
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return splitAt(reading, ranges).map(({ text, inRange }) => ({ text, corrected: inRange }));
}

/** Scripts written right to left, by ISO 639-1 code. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps', 'sd', 'ug']);

export function textDirection(code: string): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.has(code.toLowerCase().split('-')[0] ?? '') ? 'rtl' : 'ltr';
}

/**
 * A reply to a question in another language: the message in that language, and the English sentence the server
 * adds after it in parentheses ("This question seems to be in Spanish; …"), without them.
 */
export function languageReply(text: string, language: DetectedLanguage): { reply: string; english: string } {
  const reply = language.reply.trim();
  const rest = text.trim().startsWith(reply) ? text.trim().slice(reply.length).trim() : text.trim();
  const english = rest.replace(/^\((.*)\)$/s, '$1').trim();
  return { reply, english: english === '' || english === reply ? `This question seems to be in ${language.name}; the documents are in English.` : english };
}

/**
 * What the reader is told when the year filter and the question name different years: which year was searched
 * and why, and the button that searches the other one (switching to the question's year sets the filter to it).
 */
export function describeYearConflict(conflict: YearConflict): { text: string; action: string } {
  const { filter, question } = conflict;
  return conflict.applied === 'question'
    ? { text: `Your question names ${question}, so ${question} was searched, not the year filter (${filter}).`, action: `Search ${filter} instead` }
    : { text: `The year filter (${filter}) was kept, so ${filter} was searched, not ${question}, which your question names.`, action: `Set the filter to ${question} and search again` };
}

/** The start of a paragraph, cut at a word, for a list of related passages. */
export function excerpt(text: string, max = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : flat.slice(0, max)).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** Part of an announcement in another language than the page's, to be read out in that language. */
export interface ForeignText {
  text: string;
  lang: string;
  dir: 'rtl' | 'ltr';
}

/**
 * What screen readers hear when a reply arrives: how the question was read (a correction, a year conflict), then
 * the kind of reply with its message: the quoted sentences and how many sources; the message and how many related
 * passages or closest paragraphs. A reply in the reader's language is a part of its own, so it is read in it.
 */
export function replyAnnouncement(
  answer: Pick<Answer, 'abstained' | 'answer' | 'citations' | 'related'> & Partial<Pick<Answer, 'status' | 'corrected' | 'yearConflict' | 'language' | 'compared'>>,
): Array<string | ForeignText> {
  const reading: string[] = [];
  if (answer.corrected) reading.push(`Showing results for ${answer.corrected.reading}.`);
  if (answer.yearConflict) reading.push(describeYearConflict(answer.yearConflict).text);
  const absent = answer.compared ? describeComparedYears(answer.compared).absent : null;
  if (absent) reading.push(absent);
  const lead = reading.length > 0 ? `${reading.join(' ')} ` : '';
  const kind = replyKind(answer);
  if (kind === 'answered') return [`${lead}Answer: ${spokenAnswer(answer.answer.sentences, answer.citations.length)}`];
  const related = answer.related?.length ?? 0;
  const count =
    related === 0
      ? ''
      : kind === 'related'
        ? ` ${related} related ${related === 1 ? 'passage' : 'passages'}.`
        : ` ${related} closest ${related === 1 ? 'paragraph' : 'paragraphs'}.`;
  if (answer.language) {
    const { reply, english } = languageReply(answer.answer.text, answer.language);
    return [`${lead}${REPLY_TITLES[kind]}.`, { text: reply, lang: answer.language.code, dir: textDirection(answer.language.code) }, `${english}${count}`];
  }
  return [`${lead}${REPLY_TITLES[kind]}. ${answer.answer.text}${count}`];
}
