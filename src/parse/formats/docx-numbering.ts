import { child, childElements, childValue, onOff, parseXml, type XmlElement } from './docx-xml.js';

/**
 * Word's automatic list numbering, computed the way Word prints it. A Word file stores no list numbers: a
 * paragraph says "list 7, level 0" and `word/numbering.xml` says how level 0 of list 7 is counted and shown
 * ("%1." in decimal from 1). UN documents and Pandoc conversions number their paragraphs this way, so the
 * printed "23." exists only once the paragraphs are counted in document order (ECMA-376 Part 1, §17.9).
 *
 * - `w:abstractNum` defines up to nine levels (`w:start`, `w:numFmt`, `w:lvlText`, `w:lvlRestart`, `w:isLgl`,
 *   `w:suff`); a `w:numStyleLink` makes it borrow the levels of the list a numbering style names.
 * - `w:num` is a list instance over an abstract definition. All instances of one abstract definition share
 *   one count, as Word shows them ("continue numbering"); an instance with `w:lvlOverride/w:startOverride`
 *   restarts the overridden levels at its first paragraph ("restart numbering": LibreOffice writes one such
 *   instance at a list's start and plain instances for the rest of it). A `w:lvlOverride` holding a whole
 *   `w:lvl` replaces that level's definition for the instance.
 * - A level restarts after any higher level is used, unless `w:lvlRestart` says which level restarts it
 *   (0: never).
 */

export interface ListLevel {
  /** Value of the level's first item (`w:start`; 0 when absent, as the standard says). */
  start: number;
  /** `w:numFmt`: "decimal", "lowerLetter", "upperRoman", "bullet", "none", ... */
  format: string;
  /** `w:lvlText`: "%1.", "(%1)", "%1.%2", or the bullet character. */
  text: string;
  /** `w:lvlRestart`, one-based; undefined: restart after any higher level; 0: never restart. */
  restartAfter?: number;
  /** `w:isLgl`: every level in the label shown in decimal. */
  legal: boolean;
  /** What separates the label from the text: a tab (default), a space, or nothing. */
  suffix: 'tab' | 'space' | 'nothing';
  /** `w:pStyle`: the paragraph style this level belongs to (numbering set by a style). */
  paragraphStyle?: string;
}

interface AbstractList {
  levels: Map<number, ListLevel>;
  /** `w:numStyleLink`: the numbering style whose list supplies the levels. */
  numStyleLink?: string;
}

interface ListInstance {
  abstractId: string;
  /** Per level: a start override, a replacement level, or both. */
  overrides: Map<number, { start?: number; level?: ListLevel }>;
}

export interface NumberingDefinitions {
  abstracts: Map<string, AbstractList>;
  instances: Map<string, ListInstance>;
}

/** What a numbered paragraph shows before its text. */
export interface ListLabel {
  /** "23.", "(a)", "IV.", "1.2"; for a bullet, the bullet character; "" for `w:numFmt="none"`. */
  label: string;
  /** The text between label and paragraph: " " for a tab or a space, "" for nothing. */
  separator: string;
  isBullet: boolean;
}

function readLevel(element: XmlElement): ListLevel {
  const start = Number.parseInt(childValue(element, 'w:start') ?? '0', 10);
  const restart = childValue(element, 'w:lvlRestart');
  const suffix = childValue(element, 'w:suff');
  return {
    start: Number.isFinite(start) ? start : 0,
    format: childValue(element, 'w:numFmt') ?? 'decimal',
    text: childValue(element, 'w:lvlText') ?? '',
    ...(restart !== undefined && Number.isFinite(Number(restart)) ? { restartAfter: Number(restart) } : {}),
    legal: onOff(child(element, 'w:isLgl')) ?? false,
    suffix: suffix === 'space' || suffix === 'nothing' ? suffix : 'tab',
    ...(childValue(element, 'w:pStyle') ? { paragraphStyle: childValue(element, 'w:pStyle')! } : {}),
  };
}

function levelIndex(element: XmlElement): number {
  const value = Number.parseInt(element.attributes['w:ilvl'] ?? '0', 10);
  return Number.isFinite(value) && value >= 0 && value <= 8 ? value : 0;
}

/**
 * Reads `word/numbering.xml` (as text, or already parsed).
 * @example
 * const definitions = readNumberingDefinitions(numberingXml);
 */
export function readNumberingDefinitions(numbering: string | XmlElement | null): NumberingDefinitions {
  const definitions: NumberingDefinitions = { abstracts: new Map(), instances: new Map() };
  if (numbering === null) return definitions;
  const root = typeof numbering === 'string' ? parseXml(numbering) : numbering;
  for (const abstract of childElements(root, 'w:abstractNum')) {
    const levels = new Map<number, ListLevel>();
    for (const level of childElements(abstract, 'w:lvl')) levels.set(levelIndex(level), readLevel(level));
    const link = childValue(abstract, 'w:numStyleLink');
    definitions.abstracts.set(abstract.attributes['w:abstractNumId'] ?? '', { levels, ...(link ? { numStyleLink: link } : {}) });
  }
  for (const num of childElements(root, 'w:num')) {
    const overrides = new Map<number, { start?: number; level?: ListLevel }>();
    for (const override of childElements(num, 'w:lvlOverride')) {
      const start = childValue(override, 'w:startOverride');
      const level = child(override, 'w:lvl');
      overrides.set(levelIndex(override), {
        ...(start !== undefined && Number.isFinite(Number(start)) ? { start: Number(start) } : {}),
        ...(level ? { level: readLevel(level) } : {}),
      });
    }
    definitions.instances.set(num.attributes['w:numId'] ?? '', { abstractId: childValue(num, 'w:abstractNumId') ?? '', overrides });
  }
  return definitions;
}

const ROMAN: Array<[number, string]> = [
  [1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'],
  [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i'],
];

function roman(value: number): string {
  let rest = value;
  let out = '';
  for (const [n, numeral] of ROMAN) {
    while (rest >= n) {
      out += numeral;
      rest -= n;
    }
  }
  return out;
}

/** Word's letters: a..z, then aa..zz, then aaa.. (the letter repeated, not "ab"). */
function letters(value: number): string {
  const letter = String.fromCharCode(97 + ((value - 1) % 26));
  return letter.repeat(Math.floor((value - 1) / 26) + 1);
}

const CHICAGO = ['*', '†', '‡', '§'];

/**
 * A number as a Word number format shows it (`w:numFmt`, also used for footnote marks); formats this reader
 * does not know fall back to decimal.
 * @example
 * formatNumber(4, 'upperRoman'); // "IV"
 */
export function formatNumber(value: number, format: string): string {
  if (value <= 0 && format !== 'decimal' && format !== 'decimalZero') return String(value);
  switch (format) {
    case 'decimalZero':
      return value < 10 && value >= 0 ? `0${value}` : String(value);
    case 'upperRoman':
      return roman(value).toUpperCase();
    case 'lowerRoman':
      return roman(value);
    case 'upperLetter':
      return letters(value).toUpperCase();
    case 'lowerLetter':
      return letters(value);
    case 'ordinal': {
      const tens = value % 100;
      const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][value % 10] ?? 'th');
      return `${value}${suffix}`;
    }
    case 'decimalEnclosedParen':
      return `(${value})`;
    case 'decimalEnclosedFullstop':
      return `${value}.`;
    case 'chicago':
      return CHICAGO[(value - 1) % 4]!.repeat(Math.floor((value - 1) / 4) + 1);
    case 'none':
      return '';
    default:
      return String(value);
  }
}

/**
 * Counts numbered paragraphs in document order and gives each the label Word prints.
 * @example
 * const numberer = new ListNumberer(readNumberingDefinitions(xml));
 * numberer.next('1', 0)?.label; // "1."
 */
export class ListNumberer {
  /** Current value per level, per abstract definition (the count all its instances share). */
  private readonly counters = new Map<string, Array<number | undefined>>();
  /** Instances already used: their start overrides have been applied. */
  private readonly started = new Set<string>();

  constructor(
    private readonly definitions: NumberingDefinitions,
    /** Numbering style id → the `w:numId` its paragraph properties name (for `w:numStyleLink`). */
    private readonly numberingStyles: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** The abstract definition that holds the levels of an instance, following numbering-style links. */
  private resolveAbstract(numId: string): { id: string; list: AbstractList } | null {
    const seen = new Set<string>();
    let instance = this.definitions.instances.get(numId);
    while (instance && !seen.has(instance.abstractId)) {
      seen.add(instance.abstractId);
      const list = this.definitions.abstracts.get(instance.abstractId);
      if (!list) return null;
      if (list.numStyleLink === undefined) return { id: instance.abstractId, list };
      const linkedNum = this.numberingStyles.get(list.numStyleLink);
      instance = linkedNum === undefined ? undefined : this.definitions.instances.get(linkedNum);
    }
    return null;
  }

  /** The level definition an instance uses at a level, with its overrides applied. */
  level(numId: string, ilvl: number): ListLevel | null {
    const instance = this.definitions.instances.get(numId);
    const resolved = this.resolveAbstract(numId);
    if (!instance || !resolved) return null;
    const override = instance.overrides.get(ilvl);
    const base = override?.level ?? resolved.list.levels.get(ilvl);
    if (!base) return null;
    return override?.start === undefined ? base : { ...base, start: override.start };
  }

  /** The level of a list whose `w:pStyle` is this paragraph style (numbering set through a style). */
  levelOfStyle(numId: string, styleId: string): number | null {
    const resolved = this.resolveAbstract(numId);
    if (!resolved) return null;
    for (const [ilvl, level] of resolved.list.levels) if (level.paragraphStyle === styleId) return ilvl;
    return null;
  }

  /**
   * Counts one paragraph of list `numId` at level `ilvl` and returns its label; null when the list or level
   * is not defined (Word then shows no number), or for `numId` "0", which removes numbering.
   */
  next(numId: string, ilvl: number): ListLabel | null {
    if (numId === '0') return null;
    const instance = this.definitions.instances.get(numId);
    const resolved = this.resolveAbstract(numId);
    if (!instance || !resolved) return null;
    const current = this.level(numId, ilvl);
    if (!current) return null;
    let counters = this.counters.get(resolved.id);
    if (!counters) {
      counters = new Array<number | undefined>(9).fill(undefined);
      this.counters.set(resolved.id, counters);
    }
    if (!this.started.has(numId)) {
      this.started.add(numId);
      for (const [overridden, override] of instance.overrides) if (override.start !== undefined || override.level) counters[overridden] = undefined;
    }
    const value = counters[ilvl] === undefined ? current.start : counters[ilvl]! + 1;
    counters[ilvl] = value;
    for (let deeper = ilvl + 1; deeper < 9; deeper++) {
      const restartAfter = this.level(numId, deeper)?.restartAfter;
      // Omitted, or naming a level at or below the deeper one: restart after any higher level.
      const restarts = restartAfter === undefined || restartAfter > deeper ? true : restartAfter !== 0 && ilvl < restartAfter;
      if (restarts) counters[deeper] = undefined;
    }
    const separator = current.suffix === 'nothing' ? '' : ' ';
    if (current.format === 'bullet') return { label: current.text, separator, isBullet: true };
    const label = current.text.replace(/%([1-9])/g, (_, digit: string) => {
      const at = Number(digit) - 1;
      const level = at === ilvl ? current : this.level(numId, at);
      if (!level) return '';
      const shown = counters[at] ?? level.start;
      return formatNumber(shown, current.legal ? 'decimal' : level.format);
    });
    return { label, separator: label === '' ? '' : separator, isBullet: false };
  }
}
