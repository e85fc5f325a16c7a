import { createRequire } from 'node:module';
import path from 'node:path';
import type { Block, BlockStream, BlockStyle, FootnoteBlock, TextBlock } from '../blocks.js';
import { ParseError, type DocumentReader } from '../document-reader.js';

/**
 * Reader for PDF files with a text layer, through Mozilla's pdf.js, in Node and without a worker thread: the
 * text runs of every page with their position, size and font, made back into the lines and blocks the page
 * shows. The damage that only this format has is repaired here, by layout alone and never by what a UN
 * document says (that is the structure reader's job):
 * - running headers and footers are found statistically (the same text, digits aside, in the same margin of
 *   most pages) and returned as furniture instead of text;
 * - footnotes are the lines at the foot of a page in a smaller font, from a line that starts with a marker;
 *   one that goes on at the foot of the next page is joined;
 * - superscript footnote markers in running text are taken out of it and kept as the block's references;
 * - a word hyphenated at a line end is joined only when the document, or the word list, says the joined
 *   word is the word ("inter-" "national"), and keeps its hyphen otherwise ("drug-" "related");
 * - a paragraph cut by a page break is left as two blocks, which the structure reader joins.
 */

// ---------------------------------------------------------------------------------------------------------
// What pdf.js gives, reduced to what the layout needs
// ---------------------------------------------------------------------------------------------------------

/** One piece of text pdf.js drew in one font at one position: a word, a few words or a whole line. */
export interface TextRun {
  text: string;
  /** Left end of the baseline, in PDF points from the page's lower left corner. */
  x: number;
  y: number;
  width: number;
  /** Font size in points. */
  size: number;
  bold: boolean;
}

export interface PageRuns {
  /** 1-based page number. */
  page: number;
  runs: TextRun[];
}

// ---------------------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------------------

/** One printed line (or one column of it): its runs put together, superscript footnote markers taken out. */
export interface Line {
  page: number;
  /** Baseline. */
  y: number;
  x: number;
  right: number;
  /** Size of most of the line's characters (superscripts aside). */
  size: number;
  text: string;
  /** Footnote markers printed as superscripts inside the line, in order. */
  references: string[];
  /** A superscript footnote marker before any text of the line (how a footnote starts). */
  leadingMarker: string | null;
  /** Every character (superscripts aside) is in a bold font. */
  bold: boolean;
  /** Gap after the first word, in points: a tab after an enumerator is wider than a space. */
  firstGap: number;
  /** The line's usual space between words (its median gap), in points: a justified line stretches them all. */
  wordGap: number;
  /** Where the text after a first word set apart by a tab starts ("23.<tab>The Commission"); else `x`. */
  textX: number;
}

/** A superscript that is a footnote marker: "1", "12", "*", "**", "†"; also "1,2" for two notes. */
const MARKER = /^(?:\d{1,3}|\*{1,3}|[†‡§¶]{1,2})(?:\s*,\s*(?:\d{1,3}|\*{1,3}|[†‡§¶]{1,2}))*$/;
/** A marker at the size of the footnote's text, set apart from it by a tab: "1<tab>Resolution 61/4.". */
const BARE_MARKER = /^(?:\d{1,3}|\*{1,3}|[†‡§¶]{1,2})$/;
const BARE_MARKER_GAP_EMS = 0.8;
/** Runs this much smaller than their line, with a raised baseline, are superscripts. */
const SUPERSCRIPT_MAX_RATIO = 0.85;
/** A gap wider than this many ems on one baseline separates columns (the masthead's left and right). */
const COLUMN_GAP_EMS = 3.5;

interface Cluster {
  y: number;
  size: number;
  runs: Array<TextRun & { raised: boolean }>;
}

function chars(text: string): number {
  return text.replace(/\s+/g, '').length;
}

/** The size most characters of these runs are set in. */
function dominantSize(runs: TextRun[]): number {
  const bySize = new Map<number, number>();
  for (const run of runs) {
    const size = Math.round(run.size * 10) / 10;
    bySize.set(size, (bySize.get(size) ?? 0) + chars(run.text));
  }
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of bySize) if (count > bestCount || (count === bestCount && size > best)) [best, bestCount] = [size, count];
  return best;
}

/**
 * Groups one page's runs into lines, top to bottom: runs on one baseline, with the raised, smaller runs just
 * above it (superscripts) taken into it, split where a wide gap separates columns.
 * @example
 * groupLines([{ text: 'Resolution 61/4', x: 72, y: 700, width: 60, size: 10, bold: false },
 *             { text: '1', x: 132, y: 703.5, width: 3, size: 6, bold: false }], 1)[0].references; // ["1"]
 */
export function groupLines(runs: TextRun[], page: number): Line[] {
  const sorted = runs.filter((r) => r.text.trim() !== '' && r.size > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const clusters: Cluster[] = [];
  for (const run of sorted) {
    const last = clusters.at(-1);
    if (last && Math.abs(last.y - run.y) <= 0.2 * Math.min(last.size, run.size)) {
      last.runs.push({ ...run, raised: false });
      last.size = dominantSize(last.runs);
    } else {
      clusters.push({ y: run.y, size: run.size, runs: [{ ...run, raised: false }] });
    }
  }
  // A cluster of small runs just above a line is that line's superscripts.
  const merged: Cluster[] = [];
  for (let i = 0; i < clusters.length; i++) {
    const cluster = clusters[i]!;
    const below = clusters[i + 1];
    if (below && isSuperscriptCluster(cluster, below)) {
      below.runs.push(...cluster.runs.map((r) => ({ ...r, raised: true })));
      continue;
    }
    merged.push(cluster);
  }
  return merged.flatMap((cluster, i) => splitColumns(cluster, [merged[i - 1], merged[i + 1]]).map((runs) => buildLine(runs, page)));
}

function isSuperscriptCluster(cluster: Cluster, below: Cluster): boolean {
  const maxSize = Math.max(...cluster.runs.map((r) => r.size));
  const rise = cluster.y - below.y;
  if (maxSize > SUPERSCRIPT_MAX_RATIO * below.size || rise <= 0 || rise > 0.7 * below.size) return false;
  const left = Math.min(...below.runs.map((r) => r.x));
  const right = Math.max(...below.runs.map((r) => r.x + r.width));
  return cluster.runs.every((r) => r.x >= left - 3 * below.size && r.x <= right + below.size);
}

/**
 * Splits a line where a gap much wider than its word spaces separates columns (the masthead's "United Nations"
 * and the symbol on the right). A justified line stretches all its spaces alike, however wide: no column there.
 * A line of two words with one wide gap is justified when its words match in size and weight and a line just
 * above or below spans the same width ("through the link" / "below:" before a long URL).
 */
function splitColumns(cluster: Cluster, neighbours: Array<Cluster | undefined>): Array<Cluster['runs']> {
  const runs = [...cluster.runs].sort((a, b) => a.x - b.x);
  const em = cluster.size;
  const gaps: number[] = [];
  let end = -Infinity;
  for (const run of runs) {
    if (end > -Infinity) gaps.push(run.x - end);
    end = Math.max(end, run.x + run.width);
  }
  const spaces = [...gaps.filter((g) => g > 0.15 * em), ...runs.flatMap((r) => (r.text.trim().match(/\s+/g) ?? []).map(() => 0.25 * em))];
  const left = runs[0]!.x;
  const extent = (c: Cluster) => [Math.min(...c.runs.map((r) => r.x)), Math.max(...c.runs.map((r) => r.x + r.width))] as const;
  const inJustifiedText = () =>
    runs.every((r) => r.size === runs[0]!.size && r.bold === runs[0]!.bold) &&
    neighbours.some((n) => {
      if (!n || Math.abs(n.y - cluster.y) > 1.5 * em) return false;
      const [l, r] = extent(n);
      return Math.abs(l - left) <= em && Math.abs(r - end) <= em;
    });
  const isColumnGap = (gap: number) => {
    if (gap <= COLUMN_GAP_EMS * em) return false;
    const others = [...spaces].sort((a, b) => a - b);
    others.splice(others.indexOf(gap), 1);
    const median = others[Math.floor(others.length / 2)];
    return median === undefined ? !inJustifiedText() : gap > 2.5 * median;
  };
  const columns: Array<Cluster['runs']> = [[runs[0]!]];
  runs.slice(1).forEach((run, i) => {
    if (isColumnGap(gaps[i]!)) columns.push([]);
    columns.at(-1)!.push(run);
  });
  return columns;
}

function buildLine(runs: Array<TextRun & { raised: boolean }>, page: number): Line {
  const normal = runs.filter((r) => !r.raised);
  const size = dominantSize(normal.length > 0 ? normal : runs);
  const baseline = (normal.find((r) => Math.round(r.size * 10) / 10 === size) ?? normal[0] ?? runs[0]!).y;
  const isMarker = (r: TextRun & { raised: boolean }) =>
    r.size <= SUPERSCRIPT_MAX_RATIO * size && (r.raised || r.y - baseline > 0.12 * size) && MARKER.test(r.text.trim());

  let text = '';
  const references: string[] = [];
  let leadingMarker: string | null = null;
  let boldChars = 0;
  let allChars = 0;
  let previousEnd: number | null = null;
  let spaceOwed = false;
  /** Gap after the first word and where the text after it starts, once the first word is complete. */
  let firstGap: number | null = null;
  let textX: number | null = null;
  let x: number | null = null;
  for (const run of runs) {
    const gap = previousEnd === null ? 0 : run.x - previousEnd;
    const spaced = previousEnd !== null && (gap > 0.15 * size || /^\s/.test(run.text));
    previousEnd = Math.max(previousEnd ?? -Infinity, run.x + run.width);
    if (isMarker(run)) {
      const markers = run.text.trim().split(/\s*,\s*/);
      if (chars(text) === 0 && leadingMarker === null) leadingMarker = markers.join(',');
      else references.push(...markers);
      spaceOwed ||= spaced;
      continue;
    }
    x ??= run.x;
    const space = text !== '' && (spaced || spaceOwed || /\s$/.test(text));
    if (firstGap === null && text !== '' && space && !/\s/.test(text.trim())) {
      // The first word ended with the run before: the gap is what the page shows between them.
      firstGap = Math.max(gap, 0.25 * size);
      textX = run.x;
    }
    text = (space ? `${text.trimEnd()} ` : text) + run.text.trimStart();
    if (firstGap === null && /\S\s+\S/.test(text.trim())) {
      // The first word ended inside this run: a space, or a wider gap if the text holds several.
      firstGap = /^\S+\s{2,}/.test(text.trim()) ? size : 0.25 * size;
    }
    spaceOwed = false;
    allChars += chars(run.text);
    if (run.bold) boldChars += chars(run.text);
  }
  text = text.replace(/\s+/g, ' ').trim();
  firstGap ??= 0;
  const gaps: number[] = [];
  runs.forEach((run, i) => {
    const before = runs[i - 1];
    if (before && run.x - (before.x + before.width) > 0.15 * size) gaps.push(run.x - (before.x + before.width));
    for (const _ of run.text.trim().match(/\s+/g) ?? []) gaps.push(0.25 * size);
  });
  const wordGap = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0.25 * size;
  return {
    page,
    y: baseline,
    x: x ?? runs[0]!.x,
    right: Math.max(...runs.map((r) => r.x + r.width)),
    size,
    text,
    references,
    leadingMarker,
    bold: allChars > 0 && boldChars === allChars,
    firstGap,
    wordGap,
    textX: textX ?? x ?? runs[0]!.x,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Running headers and footers
// ---------------------------------------------------------------------------------------------------------

/** Lines this close to the top or the bottom of a page are where running headers and footers can be. */
const MARGIN_LINES = 3;
/** A header or footer repeats on at least this share of the pages (and on two at least). */
const FURNITURE_SHARE = 0.5;
const FURNITURE_MAX_CHARS = 120;

/** The text of a line with its digits and case left out: "2/45", "3/45" and "V.24-01234", "V.25-05678" repeat. */
export function furnitureKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * The rows (baselines) at one end of a page that stand apart from the text: from the edge, rows no more than a
 * line and a half apart, at most a few, followed by a wider gap. Null when there is no such gap (a page of
 * text only, or a short page whose lines all sit together).
 */
function marginBand(rowsFromEdge: number[], pitch: number): Set<number> | null {
  for (let i = 0; i < Math.min(MARGIN_LINES, rowsFromEdge.length - 1); i++) {
    if (Math.abs(rowsFromEdge[i]! - rowsFromEdge[i + 1]!) > 1.6 * pitch) return new Set(rowsFromEdge.slice(0, i + 1));
  }
  return null;
}

/**
 * The lines of each page that are running headers and footers. A candidate is one of the few lines at the top
 * or the bottom of its page set apart from the text by a wider gap than the text's own (`pitch` is the text's
 * baseline distance). It is furniture when a line with the same text, digits aside, stands in the same margin
 * at about the same height on most pages (the symbol, "V.24-01234", "3/45"); or when a line stands at the
 * same height on most pages, further from the text (a running title whose words change with the chapter).
 * @example
 * findFurniture(pages, 12).has(pages[1][0]); // true for "E/CN.7/2024/CRP.5" at the top of page 2
 */
export function findFurniture(pages: Line[][], pitch: number): Set<Line> {
  const furniture = new Set<Line>();
  const pageCount = pages.length;
  const needed = Math.max(2, Math.ceil(FURNITURE_SHARE * pageCount));
  if (pageCount < 2) return furniture;

  interface Candidate {
    line: Line;
    zone: 'top' | 'bottom';
    page: number;
    /** Space to the nearest line on the side of the text. */
    isolation: number;
  }
  const candidates: Candidate[] = [];
  pages.forEach((lines, page) => {
    const byHeight = [...lines].sort((a, b) => b.y - a.y);
    const rows = [...new Set(byHeight.map((l) => Math.round(l.y)))];
    for (const zone of ['top', 'bottom'] as const) {
      const band = marginBand(zone === 'top' ? rows : [...rows].reverse(), pitch);
      if (!band) continue;
      const rest = zone === 'top' ? rows[band.size] : rows[rows.length - 1 - band.size];
      for (const line of byHeight) {
        if (!band.has(Math.round(line.y)) || line.text.length > FURNITURE_MAX_CHARS) continue;
        candidates.push({ line, zone, page, isolation: rest === undefined ? Infinity : Math.abs(rest - line.y) });
      }
    }
  });

  // The same text in the same margin, at about the same height, on most pages.
  const byKey = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const key = `${candidate.zone}:${furnitureKey(candidate.line.text)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), candidate]);
  }
  for (const group of byKey.values()) {
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const height = median(group.map((c) => c.line.y));
    const size = median(group.map((c) => c.line.size));
    const near = group.filter((c) => Math.abs(c.line.y - height) <= 2 * size);
    if (new Set(near.map((c) => c.page)).size >= needed) for (const c of near) furniture.add(c.line);
  }

  // A line at the same height on most pages, far from the text: a running title whose words change.
  const byHeight = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    if (candidate.isolation <= 2 * pitch) continue;
    const key = `${candidate.zone}:${Math.round(candidate.line.y / 2)}`;
    byHeight.set(key, [...(byHeight.get(key) ?? []), candidate]);
  }
  for (const group of byHeight.values()) {
    if (new Set(group.map((c) => c.page)).size >= Math.max(3, needed)) for (const c of group) furniture.add(c.line);
  }
  return furniture;
}

// ---------------------------------------------------------------------------------------------------------
// Hyphenation at line ends
// ---------------------------------------------------------------------------------------------------------

const LINE_END_HYPHEN = /([\p{L}\p{M}]+)[-‐]$/u;
const LINE_START_WORD = /^([\p{L}\p{M}]+)/u;
/** A web address or a path: "www.", "://", a dot before a slash, or two slashes. */
const URL_LIKE = /(?:^|[(\[<"“])(?:https?:\/\/|www\.)|\.[^\s/]*\/|\/[^\s/]*\//i;
/** The words after which a hyphen is a suspended one, left hanging for the compound after them. */
const SUSPENDED_BEFORE = /^(?:and|or|nor|to)$/;

/** What the document itself shows about its words, for deciding a hyphen at a line end. */
export interface WordEvidence {
  /** Words and hyphenated compounds (and the adjacent pairs of their parts) printed inside lines, lower case. */
  words: Set<string>;
  /** First parts of hyphenated compounds printed inside lines: "non" from "non-medical". */
  hyphenPrefixes: Set<string>;
  /** Whether a word is in the word list; by default WordNet's. */
  isWord: (word: string) => boolean;
  /**
   * Whether the document breaks words at line ends with a hyphen (automatic hyphenation) at all: some line
   * ends "recom-" / "mendations", a fragment that is no word of a word that is. Without that, a hyphen at a
   * line end is one the author typed ("semi-" / "synthetic" stays "semi-synthetic", though "semisynthetic" is
   * a word too).
   */
  hyphenates: boolean;
}

const WORD = /[\p{L}\p{M}]+(?:[-‐'’][\p{L}\p{M}]+)*/gu;

/**
 * The evidence from a document's text, given as its blocks' lines in order: every word not cut by a line end,
 * and whether any line end breaks a word.
 * @example
 * const evidence = collectWords([['the international community', 'and non-medical use']], isWord);
 */
export function collectWords(blocks: string[][], isWord: (word: string) => boolean): WordEvidence {
  const words = new Set<string>();
  const hyphenPrefixes = new Set<string>();
  for (const line of blocks.flat()) {
    const body = line.replace(/[-‐\u00ad]$/, '');
    const tokens = body.match(WORD) ?? [];
    // The last word of a line ending in a hyphen is a fragment, not a word.
    if (body !== line) tokens.pop();
    for (const token of tokens) {
      const lower = token.toLowerCase();
      words.add(lower);
      const parts = lower.split(/[-‐]/);
      if (parts.length > 1) {
        parts.forEach((part, i) => {
          words.add(part);
          if (i < parts.length - 1) {
            hyphenPrefixes.add(part);
            words.add(`${part}-${parts[i + 1]}`);
          }
        });
      }
    }
  }
  const breaks = blocks.flatMap((lines) =>
    lines.flatMap((line, i) => {
      const head = LINE_END_HYPHEN.exec(line)?.[1];
      const tail = LINE_START_WORD.exec(lines[i + 1] ?? '')?.[1];
      return head && tail && /^\p{Ll}/u.test(tail) ? [[head.toLowerCase(), tail.toLowerCase()] as const] : [];
    }),
  );
  // A break inside a word, not between two: the joined word is a word, a piece of it is not ("recom-" /
  // "mendations", "Secre-" / "tariat"). Two words ("stock-" / "taking", "semi-" / "synthetic") prove nothing.
  const hyphenates = breaks.some(
    ([head, tail]) =>
      !words.has(`${head}-${tail}`) && !hyphenPrefixes.has(head) && (words.has(head + tail) || isWord(head + tail)) && !(isWord(head) && isWord(tail)),
  );
  return { words, hyphenPrefixes, isWord, hyphenates };
}

/**
 * Whether "first-" at a line end and "second" at the start of the next make one unhyphenated word. The
 * document is asked first: the hyphenated compound printed inside a line elsewhere keeps the hyphen, and so
 * does every hyphen of a document that shows no word broken at a line end (`hyphenates`: LibreOffice, for one,
 * does not hyphenate by default, and authors spell "stock-taking" and "stocktaking" in one text). In a
 * document that does hyphenate, the joined word printed elsewhere drops it, a first part the document
 * hyphenates with other words ("non-medical", "non-governmental") keeps it, and then the word list decides:
 * the joined word drops the hyphen when it is a word and the compound is not. Otherwise the hyphen stays: a
 * kept hyphen costs a search little, a wrong join makes a non-word.
 * @example
 * dehyphenates('inter', 'national', evidence); // true
 * dehyphenates('drug', 'related', evidence);   // false
 */
export function dehyphenates(first: string, second: string, evidence: WordEvidence): boolean {
  const head = first.toLowerCase();
  const tail = second.toLowerCase();
  if (!/^\p{Ll}/u.test(second)) return false;
  if (evidence.words.has(`${head}-${tail}`)) return false;
  // A document whose typesetter does not hyphenate has only the hyphens its author typed.
  if (!evidence.hyphenates) return false;
  if (evidence.words.has(head + tail)) return true;
  if (evidence.hyphenPrefixes.has(head)) return false;
  return evidence.isWord(head + tail) && !evidence.isWord(`${head}-${tail}`);
}

/**
 * Two consecutive lines of one block as one text: a space between them; nothing after a hyphen that joins a
 * word or a soft hyphen (which is dropped), after a dash without a space before it, or when the first line is a
 * word too long for a line that the typesetter broke where the room ran out (`brokenWord`, a long URL).
 * @example
 * joinLines('the inter-', 'national community', evidence); // "the international community"
 * joinLines('illicit drug-', 'related activities', evidence); // "illicit drug-related activities"
 */
export function joinLines(first: string, second: string, evidence: WordEvidence, brokenWord = false): string {
  if (first === '') return second;
  if (second === '') return first;
  if (first.endsWith('\u00ad')) return first.slice(0, -1) + second;
  const lastToken = first.slice(first.lastIndexOf(' ') + 1);
  // A web address or a path runs on after a "/" or a "-" it was broken at, without a space or a join.
  if (URL_LIKE.test(lastToken) && /[/\-‐]$/.test(lastToken)) return first + second;
  const hyphenated = LINE_END_HYPHEN.exec(first);
  if (hyphenated) {
    const next = LINE_START_WORD.exec(second);
    if (next && dehyphenates(hyphenated[1]!, next[1]!, evidence)) return first.slice(0, -1) + second;
    // A suspended hyphen keeps its space: "low- and middle-income", "pre- or post-trial".
    if (next && SUSPENDED_BEFORE.test(next[1]!)) return `${first} ${second}`;
    return first + second;
  }
  if (/\S[–—]$/.test(first)) return first + second;
  // A line that is one word to the end is a word too long for a line, broken where the room ran out (a URL).
  if (brokenWord) return first + second;
  return `${first} ${second}`;
}

// ---------------------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------------------

const BULLET = /^[•◦▪▫■□●○‣⁃∙·–—-]$/;
const STRONG_BULLET = /^[•◦▪▫■□●○‣⁃∙·]$/;
/** An enumerator a list or paragraph line starts with: "23.", "(a)", "iv)", "II.", "B.". */
const ENUMERATOR = /^(?:\d{1,4}[.)]|\(?[A-Za-z]{1,4}\)|[IVXLCivxlc]{1,6}\.|[A-Z]\.)$/;
const ENDS_SENTENCE = /[.!?;:…]["'”’)\]]*$/;

/** Document-wide measures the layout rules compare against. */
export interface Measures {
  /** The size most of the text is set in. */
  bodySize: number;
  /** Baseline distance of consecutive lines of a paragraph, per point of font size (1.2 for 10 on 12). */
  leading: number;
}

/** The body size (by characters) and the line spacing of the body text (the commonest baseline distance). */
export function measure(pages: Line[][]): Measures {
  const lines = pages.flat();
  const bySize = new Map<number, number>();
  for (const line of lines) bySize.set(line.size, (bySize.get(line.size) ?? 0) + line.text.length);
  const bodySize = [...bySize.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
  const pitches = new Map<number, number>();
  for (const page of pages) {
    for (let i = 1; i < page.length; i++) {
      const [a, b] = [page[i - 1]!, page[i]!];
      if (a.size !== bodySize || b.size !== bodySize) continue;
      const delta = Math.round((a.y - b.y) * 2) / 2;
      if (delta >= 0.9 * bodySize && delta <= 2.5 * bodySize) pitches.set(delta, (pitches.get(delta) ?? 0) + 1);
    }
  }
  const pitch = [...pitches.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1.2 * bodySize;
  return { bodySize, leading: pitch / bodySize };
}

/** A word broken for want of room is longer than a line: far longer than this many ems. */
const BROKEN_WORD_MIN_EMS = 25;

interface Draft {
  lines: Line[];
  /** The right edge of the frame each line is set in. */
  frames: number[];
}

/**
 * A line that is one long word reaching the frame's right edge: a word too long for a line (a URL), broken where
 * the room ran out.
 */
function isBrokenWord(line: Line, frameRight: number): boolean {
  // The letter that did not fit can be as wide as an em: the line ends up to that short of the edge.
  return !line.text.includes(' ') && line.right - line.x >= BROKEN_WORD_MIN_EMS * line.size && line.right >= frameRight - 1.2 * line.size;
}

function joinDraft(lines: Line[], frames: number[], evidence: WordEvidence): string {
  let text = '';
  lines.forEach((line, i) => {
    const before = lines[i - 1];
    text = joinLines(text, line.text, evidence, before !== undefined && isBrokenWord(before, frames[i - 1]!));
  });
  return text;
}

function isCentred(a: Line, b: Line): boolean {
  return Math.abs((a.x + a.right) / 2 - (b.x + b.right) / 2) < a.size;
}

/** The first word of a line and how wide it is printed, estimated from the line's average character width. */
function firstWordWidth(line: Line): number {
  const word = line.text.split(' ')[0] ?? '';
  return ((line.right - line.x) / Math.max(1, line.text.length)) * word.length;
}

/**
 * Whether a line was ended before the text frame's right edge on purpose: the next line's first word would
 * have fitted after it, so the typesetter did not break the line for want of room. This is the line-breaking
 * rule run backwards; it holds for justified and ragged text alike.
 */
function endedShort(last: Line, next: Line, frameRight: number): boolean {
  if (/[-‐\u00ad]$/.test(last.text)) return false;
  return last.right + 0.3 * last.size + 1.15 * firstWordWidth(next) < frameRight;
}

/** Whether `line` goes on the block `draft` has so far, by spacing, font, indentation and line ends. */
function continues(draft: Draft, line: Line, frameRight: number, m: Measures): boolean {
  const last = draft.lines.at(-1)!;
  const first = draft.lines[0]!;
  const size = Math.max(last.size, line.size);
  const delta = last.y - line.y;
  if (delta <= 0) return false;
  if (delta > m.leading * size + 0.2 * size) return false;
  if (Math.abs(last.size - line.size) > 0.12 * size) return false;
  if (bulletOf(line)?.strong) return false;
  const enumerator = line.text.split(' ')[0] ?? '';
  const endsSentence = ENDS_SENTENCE.test(last.text);
  if (ENUMERATOR.test(enumerator) && line.text.length > enumerator.length && (endsSentence || tabAfterFirstWord(line))) return false;
  if (endedShort(last, line, frameRight)) return false;
  const blockBold = draft.lines.every((l) => l.bold);
  if (blockBold !== line.bold && last.right < frameRight - 2 * last.size) return false;
  const tolerance = 0.5 * line.size;
  const near = (a: number, b: number) => Math.abs(a - b) <= tolerance;
  // Continuation lines share their left edge; a line elsewhere starts another block.
  if (draft.lines.length >= 2) return near(line.x, draft.lines[1]!.x) || (isCentred(last, line) && !endsSentence);
  // The second line: flush with the first, under the text after the first line's label (a hanging indent),
  // left of an indented first line, or centred under it.
  return near(line.x, first.x) || line.x < first.x || hangsFromLabel(first, line) || isCentred(first, line);
}

/**
 * A line indented under the text of a first line that starts with a label ("(a)", "23.", "•") and a tab or a
 * space: a hanging indent. Where the label and the text are one run, the text's start is estimated from the
 * first line's average character width.
 */
function hangsFromLabel(first: Line, line: Line): boolean {
  const label = first.text.split(' ')[0] ?? '';
  if (!(ENUMERATOR.test(label) || BULLET.test(label)) || first.text.length <= label.length) return false;
  const estimated = first.x + ((first.right - first.x) * (label.length + 1)) / first.text.length;
  return line.x > first.x && line.x <= Math.max(first.textX, estimated) + 0.5 * line.size;
}

/** Whether the line's first word is followed by a tab: a gap wider than a space and than its other word gaps. */
function tabAfterFirstWord(line: Line): boolean {
  return line.firstGap >= 0.5 * line.size && line.firstGap > 1.5 * line.wordGap;
}

/** A bullet opening a line: "•" always; a dash only when a tab follows it. */
function bulletOf(line: Line): { strong: boolean } | null {
  const first = line.text.split(' ')[0] ?? '';
  if (!BULLET.test(first) || line.text.length <= first.length) return null;
  const strong = STRONG_BULLET.test(first);
  return strong || tabAfterFirstWord(line) ? { strong } : null;
}

function blockOf(draft: Draft, m: Measures, evidence: WordEvidence): TextBlock {
  let text = joinDraft(draft.lines, draft.frames, evidence);
  let style: BlockStyle = 'body';
  const size = dominantSize(draft.lines.map((l) => ({ text: l.text, size: l.size, x: 0, y: 0, width: 0, bold: l.bold })));
  if (bulletOf(draft.lines[0]!)) {
    text = text.replace(/^\S+\s+/, '');
    style = 'list-item';
  } else if (size >= 1.15 * m.bodySize) {
    style = 'heading';
  } else if (draft.lines.every((l) => l.bold)) {
    style = 'bold';
  }
  // A superscript before a body line's text is a reference like any other (a line can start after a note's marker).
  const references = draft.lines.flatMap((l) => (l.leadingMarker === null ? l.references : [...l.leadingMarker.split(','), ...l.references]));
  return { kind: 'text', text, style, references, location: { page: draft.lines[0]!.page } };
}

/**
 * The right edge of the text frame each line is set in: the furthest any line reaches in its run of lines
 * one line space apart in one size (the masthead's narrow column, the page's text width).
 */
function frameRights(lines: Line[], m: Measures): number[] {
  const rights: number[] = [];
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    const [a, b] = [lines[i - 1]!, lines[i]];
    const together = b !== undefined && a.y - b.y > 0 && a.y - b.y <= m.leading * Math.max(a.size, b.size) + 0.2 * a.size && Math.abs(a.size - b.size) <= 0.12 * a.size;
    if (together) continue;
    const right = Math.max(...lines.slice(start, i).map((l) => l.right));
    for (let j = start; j < i; j++) rights.push(right);
    start = i;
  }
  return rights;
}

/** The page's body lines grouped into the blocks they make. */
function bodyDrafts(lines: Line[], m: Measures): Draft[] {
  const frames = frameRights(lines, m);
  const drafts: Draft[] = [];
  lines.forEach((line, i) => {
    const current = drafts.at(-1);
    if (current && continues(current, line, frames[i - 1]!, m)) {
      current.lines.push(line);
      current.frames.push(frames[i]!);
    } else {
      drafts.push({ lines: [line], frames: [frames[i]!] });
    }
  });
  return drafts;
}

/** Footnote lines are at least this much smaller than the body text. */
const FOOTNOTE_MAX_RATIO = 0.92;

interface PageFootnotes {
  body: Line[];
  /** Lines at the top of the footnote area before any marker: the end of the last page's last footnote. */
  continuation: Line[];
  notes: Array<{ marker: string; lines: Line[] }>;
}

/**
 * Splits a page's lines into the body and the footnotes at its foot: the run of lines at the bottom set
 * smaller than the body text, from the first that opens with a marker.
 */
export function splitFootnotes(lines: Line[], m: Measures, previousHasNotes: boolean): PageFootnotes {
  let start = lines.length;
  while (start > 0 && lines[start - 1]!.size <= FOOTNOTE_MAX_RATIO * m.bodySize) start--;
  const area = lines.slice(start).map(withNoteMarker);
  const firstMarker = area.findIndex((l) => l.leadingMarker !== null);
  // Small lines with no marker go on the last page's note only where they stand apart from the text, as a
  // footnote area does (below its rule), not small print right under the text.
  const apart = start > 0 && area.length > 0 && lines[start - 1]!.y - area[0]!.y > 1.3 * m.leading * m.bodySize;
  previousHasNotes &&= apart;
  if (firstMarker < 0) {
    return previousHasNotes ? { body: lines.slice(0, start), continuation: area, notes: [] } : { body: lines, continuation: [], notes: [] };
  }
  const before = area.slice(0, firstMarker);
  const notes: PageFootnotes['notes'] = [];
  for (const line of area.slice(firstMarker)) {
    if (line.leadingMarker !== null) notes.push({ marker: line.leadingMarker, lines: [line] });
    else notes.at(-1)!.lines.push(line);
  }
  return previousHasNotes
    ? { body: lines.slice(0, start), continuation: before, notes }
    : { body: [...lines.slice(0, start), ...lines.slice(start, start + firstMarker)], continuation: [], notes };
}

/** A footnote line's marker: its leading superscript, or a bare number or star before a tab, taken out of the text. */
function withNoteMarker(line: Line): Line {
  if (line.leadingMarker !== null) return line;
  const first = line.text.split(' ')[0] ?? '';
  if (!BARE_MARKER.test(first) || !tabAfterFirstWord(line) || line.firstGap < BARE_MARKER_GAP_EMS * line.size || line.text.length <= first.length) return line;
  return { ...line, leadingMarker: first, text: line.text.slice(first.length).trim() };
}

/**
 * The block stream of a document from the text runs of its pages: furniture out, footnotes after each page's
 * body blocks, paragraphs as blocks.
 */
export function layoutPages(pages: PageRuns[], isWord: (word: string) => boolean): BlockStream {
  const lines = pages.map((p) => groupLines(p.runs, p.page));
  const first = measure(lines);
  const furniture = findFurniture(lines, first.leading * first.bodySize);
  const kept = lines.map((page) => page.filter((l) => !furniture.has(l)));
  const m = measure(kept);

  // Blocks first, text after: whether a line-end hyphen joins a word depends on the whole document's words.
  const laidOut: Array<{ body: Draft[]; split: PageFootnotes }> = [];
  for (const page of kept) {
    const split = splitFootnotes(page, m, laidOut.some((p) => p.split.notes.length > 0));
    laidOut.push({ body: bodyDrafts(split.body, m), split });
  }
  const sequences: string[][] = [];
  let previousLast: Line | undefined;
  let notesSoFar: Line[] = [];
  for (const { body, split } of laidOut) {
    // A block cut by the page break goes on in the next page's first block; a note in its continuation.
    const firstLine = body[0]?.lines[0];
    if (previousLast && firstLine) sequences.push([previousLast.text, firstLine.text]);
    previousLast = body.at(-1)?.lines.at(-1) ?? previousLast;
    sequences.push(...body.map((d) => d.lines.map((l) => l.text)));
    if (split.continuation.length > 0 && notesSoFar.length > 0) sequences.push([...notesSoFar, ...split.continuation].map((l) => l.text));
    sequences.push(...split.notes.map((n) => n.lines.map((l) => l.text)));
    notesSoFar = split.notes.at(-1)?.lines ?? notesSoFar;
  }
  const evidence = collectWords(sequences, isWord);

  const blocks: Block[] = [];
  let lastNote: FootnoteBlock | null = null;
  /** The last body block of the page before, whose last word a page break may have hyphenated. */
  let lastBody: TextBlock | null = null;
  for (const { body: drafts, split } of laidOut) {
    const body = drafts.map((d) => blockOf(d, m, evidence));
    if (lastBody && body[0]) carryHyphenatedWord(lastBody, body[0], evidence);
    blocks.push(...body);
    if (body.length > 0) lastBody = body.at(-1)!;
    if (lastNote && split.continuation.length > 0) {
      lastNote.text = joinLines(lastNote.text, joinDraft(split.continuation, noteFrames(split.continuation), evidence), evidence);
    }
    for (const note of split.notes) {
      const text = joinDraft(note.lines, noteFrames(note.lines), evidence);
      const block: FootnoteBlock = { kind: 'footnote', marker: note.marker, text, location: { page: note.lines[0]!.page } };
      blocks.push(block);
      lastNote = block;
    }
  }
  const furnitureText = [...new Set([...furniture].sort((a, b) => a.page - b.page || b.y - a.y || a.x - b.x).map((l) => l.text))];
  return { blocks, furniture: furnitureText };
}

/** Footnote lines are set in the width of the page's text: the widest of them reaches its right edge. */
function noteFrames(lines: Line[]): number[] {
  const right = Math.max(...lines.map((l) => l.right));
  return lines.map(() => right);
}

/**
 * A word hyphenated across a page break: the first page's block ends "inter-", the next page's first block
 * starts "national". The blocks stay apart (the structure reader joins them), but the word moves whole to the
 * second, joined or hyphenated as `joinLines` decides, so that joining the blocks with a space reads right.
 */
function carryHyphenatedWord(before: TextBlock, after: TextBlock, evidence: WordEvidence): void {
  const fragment = /(?:^|\s)(\S*[\p{L}\p{M}][-‐\u00ad])$/u.exec(before.text);
  if (!fragment || !/^\p{Ll}/u.test(after.text) || after.style !== 'body') return;
  before.text = before.text.slice(0, before.text.length - fragment[1]!.length).trimEnd();
  after.text = joinLines(fragment[1]!, after.text, evidence);
}

// ---------------------------------------------------------------------------------------------------------
// pdf.js
// ---------------------------------------------------------------------------------------------------------

/** Below this many characters a page in the average, the file has no text layer to speak of: it is scanned. */
const MIN_CHARS_PER_PAGE = 25;
/** A font whose name says it is bold: "LiberationSerif-Bold", "Arial,Bold", "TimesNewRomanPS-BoldMT", "Calibri-Semibold". */
const BOLD_FONT = /bold|black|heavy|semibold|demi|[-,]bd\b|extrabold|ultrabold/i;

let wordListCheck: ((word: string) => boolean) | null = null;

/** WordNet's words, loaded on the first hyphen the document itself cannot decide. */
async function wordList(): Promise<(word: string) => boolean> {
  if (wordListCheck) return wordListCheck;
  const { WordNet } = await import('../../retrieve/wordnet.js');
  const wordnet = new WordNet();
  const cache = new Map<string, boolean>();
  wordListCheck = (word) => {
    let known = cache.get(word);
    if (known === undefined) {
      known = wordnet.knows(word);
      cache.set(word, known);
    }
    return known;
  };
  return wordListCheck;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsModule: Promise<PdfJs> | null = null;

/**
 * pdf.js for Node, with its worker code run on this thread (pdf.js's "fake worker"), loaded from the package
 * itself: nothing is fetched from a network or a CDN.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= (async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // The worker's message handler, set where pdf.js looks for it before it would import a worker script.
    const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    const worker = (await import(workerModule)) as { WorkerMessageHandler: unknown };
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    return pdfjs;
  })();
  return pdfjsModule;
}

/** pdf.js's own folders (fonts, character maps, decoders), as the file paths with a trailing slash it wants. */
function packageFolder(folder: string): string {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return `${path.join(root, folder)}${path.sep}`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function openDocument(bytes: Uint8Array, file: string) {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdf.js hands the buffer over to its worker and detaches it: give it a copy.
    data: new Uint8Array(bytes),
    standardFontDataUrl: packageFolder('standard_fonts'),
    cMapUrl: packageFolder('cmaps'),
    cMapPacked: true,
    wasmUrl: packageFolder('wasm'),
    iccUrl: packageFolder('iccs'),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    return { task, document: await task.promise };
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = (error as { name?: string } | null)?.name;
    if (name === 'PasswordException') throw new ParseError(file, undefined, 'is encrypted: save a copy without a password');
    throw new ParseError(file, undefined, `is not a readable PDF (${describeError(error)})`);
  }
}

/** Reads the text runs of every page, with the real font names (pdf.js loads them with a page's drawing operations). */
async function readRuns(bytes: Uint8Array, file: string): Promise<PageRuns[]> {
  const { task, document } = await openDocument(bytes, file);
  try {
    const contents = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      contents.push({ page, content: await page.getTextContent() });
    }
    const characters = contents.reduce((sum, { content }) => sum + content.items.reduce((s, item) => s + ('str' in item ? chars(item.str) : 0), 0), 0);
    if (characters < MIN_CHARS_PER_PAGE * Math.max(1, document.numPages)) {
      throw new ParseError(file, undefined, 'has no text layer: the file is a scanned image; OCR it first (for example with ocrmypdf) and add the OCR\'d PDF');
    }
    const fontNames = new Map<string, string>();
    const pages: PageRuns[] = [];
    for (const { page, content } of contents) {
      const used = new Set(content.items.flatMap((item) => ('fontName' in item ? [item.fontName] : [])));
      if ([...used].some((id) => !fontNames.has(id))) {
        await page.getOperatorList();
        for (const id of used) {
          if (fontNames.has(id)) continue;
          const font = page.commonObjs.has(id) ? (page.commonObjs.get(id) as { name?: string } | null) : null;
          fontNames.set(id, font?.name ?? content.styles[id]?.fontFamily ?? '');
        }
      }
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [a, b, c, d, e, f] = item.transform as number[];
        // Text turned on its side (a job number up the margin) is not running text.
        if (Math.abs(b!) > 0.01 || Math.abs(c!) > 0.01 || a! <= 0) continue;
        runs.push({ text: item.str, x: e!, y: f!, width: item.width, size: Math.abs(d!), bold: BOLD_FONT.test(fontNames.get(item.fontName) ?? '') });
      }
      pages.push({ page: page.pageNumber, runs });
      page.cleanup();
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

/**
 * The block stream of a PDF file.
 * @example
 * const stream = await readPdf(fs.readFileSync('corpus/E_CN.7_2024_CRP.5.pdf'), 'E_CN.7_2024_CRP.5.pdf');
 */
export async function readPdf(bytes: Uint8Array, file: string): Promise<BlockStream> {
  const pages = await readRuns(bytes, file);
  const isWord = await wordList();
  return layoutPages(pages, isWord);
}

/** Reads `.pdf` files. */
export const pdfReader: DocumentReader = {
  format: 'PDF',
  read: readPdf,
};
