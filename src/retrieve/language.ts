import * as stopwords from 'stopword';
import { z } from 'zod';
import shippedLanguages from '../domain/languages.json' with { type: 'json' };
import type { DetectedLanguage } from './question-reading.js';

/**
 * Which language a question is in, when it is not the corpus's: the index reads English, so "¿Qué se dijo
 * sobre…?" is answered with a plain word about the language, not with a list of "unknown words". Languages
 * are data (src/domain/languages.json): recognised by their script or by their own function words.
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
        /** The reply, in the language itself. */
        reply: z.string().min(1),
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

interface Recogniser {
  language: DetectedLanguage;
  script: RegExp | null;
  words: ReadonlySet<string> | null;
}

let shipped: LanguageDetector | undefined;

export class LanguageDetector {
  private readonly recognisers: Recogniser[];
  private readonly corpusWords: ReadonlySet<string>;

  constructor(file: z.infer<typeof LanguagesFileSchema>, source: string) {
    const lists = stopwords as unknown as Record<string, string[] | undefined>;
    this.corpusWords = new Set(lists[englishListCode(file.corpusLanguage)] ?? []);
    this.recognisers = file.languages.map(({ code, name, reply, stopWords, script }) => {
      const words = stopWords === undefined ? null : lists[stopWords];
      if (words === undefined) throw new Error(`${source}: ${code}: the stopword package has no list "${stopWords}"`);
      return {
        language: { code, name, reply },
        script: script === undefined ? null : new RegExp(`\\p{Script=${script}}`, 'gu'),
        // Words the corpus's language uses too ("a", "no") say nothing about which language it is.
        words: words === null ? null : new Set(words.filter((w) => !this.corpusWords.has(w))),
      };
    });
  }

  /** The six UN languages (src/domain/languages.json), read once per process. */
  static shipped(): LanguageDetector {
    if (!shipped) {
      const parsed = LanguagesFileSchema.safeParse(shippedLanguages);
      if (!parsed.success) throw new Error(`src/domain/languages.json: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
      shipped = new LanguageDetector(parsed.data, 'src/domain/languages.json');
    }
    return shipped;
  }

  /**
   * The question's language when it is another than the corpus's, else null.
   * @example
   * LanguageDetector.shipped().detect('¿Qué se dijo sobre el cannabis en 2021?')?.code; // 'es'
   */
  detect(question: string): DetectedLanguage | null {
    const letters = question.match(/\p{L}/gu)?.length ?? 0;
    if (letters === 0) return null;
    for (const { language, script } of this.recognisers) {
      if (script && (question.match(script)?.length ?? 0) / letters > SCRIPT_SHARE) return language;
    }
    const tokens = question.toLowerCase().match(/\p{L}+/gu) ?? [];
    const corpusHits = tokens.filter((t) => this.corpusWords.has(t)).length;
    let best: { language: DetectedLanguage; hits: number } | null = null;
    for (const { language, words } of this.recognisers) {
      if (!words) continue;
      const hits = tokens.filter((t) => words.has(t)).length;
      if (hits > (best?.hits ?? 0)) best = { language, hits };
    }
    if (!best || best.hits < MIN_FUNCTION_WORDS || best.hits / tokens.length < FUNCTION_WORD_SHARE || best.hits <= corpusHits) return null;
    return best.language;
  }
}

/** The stopword package names its lists by ISO 639-3. */
function englishListCode(code: string): string {
  return code === 'en' ? 'eng' : code;
}
