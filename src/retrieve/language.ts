import * as stopwords from 'stopword';
import { z } from 'zod';
import shippedLanguages from '../domain/languages.json' with { type: 'json' };
import { shippedGlossaries } from '../domain/drug-policy/glossaries.js';
import { contentTerms } from '../parse/terms.js';
import { Glossary, GlossaryFileSchema, type GlossaryFile } from './glossary.js';
import type { DetectedLanguage } from './question-reading.js';

/**
 * Which language a question is in, when it is not the corpus's, and what it reads as in the corpus's: the index
 * reads English, so "¿Qué se dijo sobre la pena de muerte?" is searched as the English words its glossary gives
 * ("what was said about death penalty", src/retrieve/glossary.ts), and the reply says so in the reader's language;
 * a question too little of which the glossary reads gets a plain word about the language, not a list of "unknown
 * words". Languages are data (src/domain/languages.json): recognised by their script or by their own function
 * words; each one's glossary is src/domain/drug-policy/glossary/<code>.json.
 */

const LanguagesFileSchema = z.object({
  description: z.string().optional(),
  /** The language of the documents and of the index's analysis. */
  corpusLanguage: z.string().min(2),
  languages: z.array(
    z
      .object({
        /** ISO 639-1. */
        code: z.string().min(2),
        /** In English, for the reply's first sentence. */
        name: z.string().min(1),
        /** A list of the stopword package (ISO 639-3: "spa"), for languages in the corpus's script. */
        stopWords: z.string().optional(),
        /** A Unicode script property value ("Cyrillic"), for languages written in their own. */
        script: z.string().optional(),
        /** The reply, in the language itself, when the question could not be read. */
        reply: z.string().min(1),
        /**
         * The reply, in the language itself, when the question was searched as the English words shown with it:
         * for a language with a glossary.
         */
        searchedReply: z.string().min(1).optional(),
      })
      .refine((l) => (l.stopWords === undefined) !== (l.script === undefined), { message: 'give either stopWords or script' }),
  ),
});

/** Share of a question's letters in a script that makes it that script's language. */
const SCRIPT_SHARE = 0.5;
/** A question in a language of the corpus's script has at least this many of its function words... */
const MIN_FUNCTION_WORDS = 2;
/** ...and they are at least this share of its words (names and shared terms such as "cannabis" are the rest). */
const FUNCTION_WORD_SHARE = 0.25;
/**
 * A question is searched through its glossary when the glossary reads at least this share of its words: below
 * it, too much of the question would be lost, and the search would answer another question.
 */
const MIN_READ_SHARE = 0.5;

interface Recogniser {
  language: Omit<DetectedLanguage, 'reply' | 'searchedAs'>;
  reply: string;
  searchedReply: string | null;
  script: RegExp | null;
  words: ReadonlySet<string> | null;
  glossary: Glossary | null;
}

let shipped: LanguageDetector | undefined;

export class LanguageDetector {
  private readonly recognisers: Recogniser[];
  private readonly corpusWords: ReadonlySet<string>;

  constructor(file: z.infer<typeof LanguagesFileSchema>, source: string, glossaries: ReadonlyMap<string, Glossary> = new Map()) {
    const lists = stopwords as unknown as Record<string, string[] | undefined>;
    this.corpusWords = new Set(lists[englishListCode(file.corpusLanguage)] ?? []);
    this.recognisers = file.languages.map(({ code, name, reply, searchedReply, stopWords, script }) => {
      const words = stopWords === undefined ? null : lists[stopWords];
      if (words === undefined) throw new Error(`${source}: ${code}: the stopword package has no list "${stopWords}"`);
      const glossary = glossaries.get(code) ?? null;
      if (glossary !== null && searchedReply === undefined) throw new Error(`${source}: ${code}: a language with a glossary needs its searchedReply`);
      return {
        language: { code, name },
        reply,
        searchedReply: searchedReply ?? null,
        script: script === undefined ? null : new RegExp(`\\p{Script=${script}}`, 'gu'),
        // Words the corpus's language uses too ("a", "no") say nothing about which language it is.
        words: words === null ? null : new Set(words.filter((w) => !this.corpusWords.has(w))),
        glossary,
      };
    });
  }

  /** The languages of src/domain/languages.json and their glossaries, read once per process. */
  static shipped(): LanguageDetector {
    if (!shipped) {
      const parsed = LanguagesFileSchema.safeParse(shippedLanguages);
      if (!parsed.success) throw new Error(`src/domain/languages.json: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
      const glossaries = new Map(
        Object.entries(shippedGlossaries).map(([code, data]) => {
          const where = `src/domain/drug-policy/glossary/${code}.json`;
          const file = GlossaryFileSchema.safeParse(data);
          if (!file.success) throw new Error(`${where}: ${file.error.issues[0]!.path.join('.')}: ${file.error.issues[0]!.message}`);
          return [code, new Glossary(file.data as GlossaryFile, where)];
        }),
      );
      shipped = new LanguageDetector(parsed.data, 'src/domain/languages.json', glossaries);
    }
    return shipped;
  }

  /**
   * The question's language when it is another than the corpus's, with the English words it is searched as when
   * its glossary reads enough of it; else null.
   * @example
   * LanguageDetector.shipped().detect('¿Qué se dijo sobre el cannabis en 2021?')?.code; // 'es'
   */
  detect(question: string): DetectedLanguage | null {
    const recogniser = this.recognise(question);
    if (recogniser === null) return null;
    const gloss = recogniser.glossary?.read(question) ?? null;
    const searchedAs = gloss !== null && gloss.readShare >= MIN_READ_SHARE && contentTerms(gloss.text).length > 0 ? gloss.text : null;
    return { ...recogniser.language, reply: searchedAs === null ? recogniser.reply : recogniser.searchedReply!, searchedAs };
  }

  private recognise(question: string): Recogniser | null {
    const letters = question.match(/\p{L}/gu)?.length ?? 0;
    if (letters === 0) return null;
    for (const recogniser of this.recognisers) {
      const { script } = recogniser;
      if (script && (question.match(script)?.length ?? 0) / letters > SCRIPT_SHARE) return recogniser;
    }
    const tokens = question.toLowerCase().match(/\p{L}+/gu) ?? [];
    const corpusHits = tokens.filter((t) => this.corpusWords.has(t)).length;
    // Languages of one family share many function words (Portuguese "que", "de", "para", "sobre" are Spanish
    // too), so each language that could be the question's is judged by how much of it it knows: its function
    // words, or the share its glossary reads, whichever is more.
    let best: { recogniser: Recogniser; known: number } | null = null;
    for (const recogniser of this.recognisers) {
      const { words, glossary } = recogniser;
      if (!words) continue;
      const hits = tokens.filter((t) => words.has(t)).length;
      if (hits < MIN_FUNCTION_WORDS || hits / tokens.length < FUNCTION_WORD_SHARE || hits <= corpusHits) continue;
      const known = Math.max(hits, glossary === null ? 0 : glossary.read(question).readShare * tokens.length);
      if (known > (best?.known ?? 0)) best = { recogniser, known };
    }
    return best?.recogniser ?? null;
  }
}

/** The stopword package names its lists by ISO 639-3. */
function englishListCode(code: string): string {
  return code === 'en' ? 'eng' : code;
}
