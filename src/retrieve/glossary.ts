import { z } from 'zod';

/**
 * Reads a question in another UN language as English words, so that it can be searched: the documents and the
 * index are English, and no translation model runs here. Each language has a glossary (data, in
 * src/domain/drug-policy/glossary/<code>.json) that maps its words and phrases to the words the record itself
 * uses ("estupefacientes" → "narcotic drugs", "麻醉药品" → "narcotic drugs"); the longest phrase that matches is
 * read first. Words that carry nothing for a keyword search (articles, particles) map to nothing. What no entry
 * reads is kept when it is written in Latin letters or digits (a name, an acronym, a year: "CHAMPS", "2022") and
 * dropped otherwise. The reader is told what was searched, so a wrong reading shows.
 */

export const GlossaryFileSchema = z.object({
  /** ISO 639-1, the language's code in src/domain/languages.json. */
  language: z.string().min(2),
  entries: z
    .array(
      z.object({
        /** Lower-case forms in the language: inflections, and phrases matched before their words. */
        source: z.array(z.string().min(1)).min(1),
        /** The record's English word or phrase for them; "" for a word that carries no meaning for a search. */
        english: z.string(),
      }),
    )
    .min(1),
});
export type GlossaryFile = z.infer<typeof GlossaryFileSchema>;

/** What a question in another language was read as. */
export interface Gloss {
  /** The English words searched, in the question's order. */
  text: string;
  /** How many of the question's words or characters some entry read, against all of them: how much was understood. */
  readShare: number;
}

/** Scripts written without spaces between words: matched character by character. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Clitics Arabic writes onto the next word ("والمخدرات", "بالمخدرات"): tried off when the whole word has no entry. */
const ARABIC_PREFIXES = ['وال', 'بال', 'فال', 'كال', 'لل', 'ال', 'و', 'ف', 'ب', 'ل', 'ك'];
/** French and Italian elisions ("l'usage", "qu'est-ce"): the article is its own word. */
const ELISION = /^([\p{L}]{1,3}['’])(?=\p{L})/u;
/**
 * Kept when no entry reads them: names, acronyms and numbers, written with a capital or a digit, are the same in
 * English ("CHAMPS", "Hydramarket", "2022"); an unread word in lower case is a word of the language, dropped.
 */
const KEEP_AS_WRITTEN = /^[\p{Lu}\p{N}][\p{Script=Latin}\p{N}.\-]*$/u;

export class Glossary {
  private readonly forms = new Map<string, string>();
  /** The most words (or, for unspaced scripts, characters) of any form: how far ahead a match looks. */
  private readonly longest: number;
  private readonly unspaced: boolean;

  /**
   * @example
   * const glossary = new Glossary({ language: 'es', entries: [{ source: ['pena de muerte'], english: 'death penalty' }] }, 'es.json');
   * glossary.read('¿Qué se dijo sobre la pena de muerte en 2022?').text; // 'death penalty 2022' (with the other words' entries)
   */
  constructor(file: GlossaryFile, source: string) {
    let longest = 1;
    this.unspaced = file.entries.some(({ source: forms }) => forms.some((form) => UNSPACED.test(form)));
    for (const { source: forms, english } of file.entries) {
      for (const raw of forms) {
        // Forms split as questions are, so "qu'est-ce qui" matches the words "qu'", "est-ce", "qui".
        const form = this.unspaced ? normalise(raw) : tokens(raw).join(' ');
        const previous = this.forms.get(form);
        if (previous !== undefined && previous !== english) throw new Error(`${source}: "${raw}" is read as both "${previous}" and "${english}"`);
        this.forms.set(form, english);
        longest = Math.max(longest, this.unspaced ? form.length : form.split(' ').length);
      }
    }
    this.longest = longest;
  }

  /** The English words a question is read as; an empty text when nothing could be read. */
  read(question: string): Gloss {
    return this.unspaced ? this.readUnspaced(question) : this.readWords(question);
  }

  private readWords(question: string): Gloss {
    const written = tokens(question, { keepCase: true });
    const words = written.map((word) => word.toLowerCase());
    const out: string[] = [];
    let read = 0;
    for (let i = 0; i < words.length; ) {
      const match = this.longestMatch(words, i);
      if (match !== null) {
        if (match.english !== '') out.push(match.english);
        read += match.length;
        i += match.length;
        continue;
      }
      const word = words[i]!;
      const unprefixed = this.withoutArabicPrefix(word);
      if (unprefixed !== null) {
        if (unprefixed !== '') out.push(unprefixed);
        read++;
      } else if (KEEP_AS_WRITTEN.test(written[i]!)) {
        out.push(written[i]!);
        // A number reads the same in every language; a name may be a word of the language that has no entry.
        if (/^\p{N}+$/u.test(word)) read++;
      }
      i++;
    }
    return { text: out.join(' '), readShare: words.length === 0 ? 0 : read / words.length };
  }

  private longestMatch(words: string[], start: number): { english: string; length: number } | null {
    for (let length = Math.min(this.longest, words.length - start); length >= 1; length--) {
      const english = this.forms.get(words.slice(start, start + length).join(' '));
      if (english !== undefined) return { english, length };
    }
    return null;
  }

  private withoutArabicPrefix(word: string): string | null {
    for (const prefix of ARABIC_PREFIXES) {
      if (word.startsWith(prefix) && word.length > prefix.length + 1) {
        const english = this.forms.get(word.slice(prefix.length));
        if (english !== undefined) return english;
      }
    }
    return null;
  }

  /** Chinese: the longest entry at each character; runs of Latin letters and digits are kept as words. */
  private readUnspaced(question: string): Gloss {
    const written = normalise(question, { keepCase: true });
    const text = written.toLowerCase();
    const out: string[] = [];
    let read = 0;
    let total = 0;
    for (let i = 0; i < text.length; ) {
      const latin = /^[\p{Script=Latin}\p{N}][\p{Script=Latin}\p{N}.\-]*/u.exec(written.slice(i));
      if (latin) {
        out.push(latin[0]);
        i += latin[0].length;
        continue;
      }
      if (!/\p{L}/u.test(text[i]!)) {
        i++;
        continue;
      }
      total++;
      let matched = false;
      for (let length = Math.min(this.longest, text.length - i); length >= 1; length--) {
        const english = this.forms.get(text.slice(i, i + length));
        if (english !== undefined) {
          if (english !== '') out.push(english);
          read += length;
          total += length - 1;
          i += length;
          matched = true;
          break;
        }
      }
      if (!matched) i++;
    }
    return { text: out.join(' '), readShare: total === 0 ? 0 : read / total };
  }
}

/** Composed accents, one space between words, lower case unless asked to keep it. */
function normalise(text: string, { keepCase = false } = {}): string {
  const composed = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return keepCase ? composed : composed.toLowerCase();
}

/** The question's words, punctuation off, elided articles apart ("l'usage" → "l'", "usage"). */
function tokens(question: string, options: { keepCase?: boolean } = {}): string[] {
  const words = normalise(question, options).match(/[\p{L}\p{M}\p{N}'’.\-]+/gu) ?? [];
  return words.flatMap((raw) => {
    const word = raw.replace(/^['’.\-]+|['’.\-]+$/g, '');
    if (word === '') return [];
    const elided = ELISION.exec(word);
    return elided ? [elided[1]!.replace('’', "'"), word.slice(elided[1]!.length)] : [word];
  });
}
