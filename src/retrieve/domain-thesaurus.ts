import fs from 'node:fs';
import { z } from 'zod';
import { contentStems } from '../parse/terms.js';
import shippedThesaurus from '../domain/drug-policy/thesaurus.json' with { type: 'json' };
import type { Synonym, SynonymRelation, Vocabulary } from './synonyms.js';

/**
 * The words people use for what UN drug-policy texts name otherwise: "bitcoin" for "cryptocurrency", "weed" for
 * "cannabis", "behind bars" for "prison". WordNet knows general English; this is the domain's
 * own vocabulary, which a dictionary-trained model and WordNet both miss. It ships as a JSON file, so a new
 * domain (or a new language register) is a new file, not new code.
 */

const ThesaurusFileSchema = z.object({
  description: z.string().optional(),
  entries: z.array(
    z.object({
      /** What people may write: words or short phrases, matched by their stems in any order. */
      terms: z.array(z.string().min(1)).min(1),
      /** What the documents write for it. */
      means: z.array(z.string().min(1)).min(1),
      /**
       * The terms are instances of what `means` names ("kratom" → "new psychoactive substances"): a search may
       * use the class, but a passage about the class does not speak of the instance.
       */
      broader: z.boolean().optional(),
      /**
       * Where the link comes from: "domain" (the field's standard and lay vocabulary), "wordnet" (a WordNet synonym
       * or hypernym), "corpus" (two wordings the documents use for one thing). Never an evaluation question.
       */
      source: z.enum(['domain', 'wordnet', 'corpus']).optional(),
    }),
  ),
});

export type ThesaurusEntry = z.infer<typeof ThesaurusFileSchema>['entries'][number];

/** One lay wording, by the stems a question must contain for it to apply. */
interface LayTerm {
  stems: string[];
  /** Whether its words are more than its content words: "what is in my drugs", "after treatment", "go after". */
  leansOnFunctionWords: boolean;
  /** What the documents write for it, each with its stems. */
  means: Array<{ text: string; stems: string[] }>;
  /** An equivalent is the domain's own wording; a broader term is the class, as a WordNet hypernym is. */
  relation: Extract<SynonymRelation, 'thesaurus' | 'hypernym'>;
}

let shipped: DomainThesaurus | undefined;

export class DomainThesaurus {
  private readonly byFirstStem = new Map<string, LayTerm[]>();
  /** Every stem of every lay term: words the domain knows even where the corpus and WordNet do not ("fentanil"). */
  private readonly layStems = new Set<string>();
  private readonly documentWordings = new Set<string>();

  constructor(entries: ThesaurusEntry[]) {
    for (const { terms, means: meanings, broader } of entries) {
      for (const text of meanings) this.documentWordings.add(text);
      const means = meanings.map((text) => ({ text, stems: contentStems(text) }));
      for (const term of terms) {
        const stems = contentStems(term);
        const [first] = stems;
        if (first === undefined) continue;
        for (const stem of stems) this.layStems.add(stem);
        const list = this.byFirstStem.get(first) ?? [];
        const words = term.split(/[\s-]+/).filter((word) => word !== '');
        list.push({ stems, leansOnFunctionWords: words.length > stems.length, means, relation: broader ? 'hypernym' : 'thesaurus' });
        this.byFirstStem.set(first, list);
      }
    }
  }

  /** Reads a thesaurus file; a malformed one is an error naming the file and the field. */
  static fromFile(file: string): DomainThesaurus {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: cannot read the thesaurus (${(error as Error).message})`);
    }
    return DomainThesaurus.parse(json, file);
  }

  /** The configured thesaurus (THESAURUS_FILE), else the one shipped. */
  static configured(file: string | undefined): DomainThesaurus {
    return file === undefined ? DomainThesaurus.shipped() : DomainThesaurus.fromFile(file);
  }

  /** The drug-policy thesaurus shipped with the code (src/domain/drug-policy/thesaurus.json), read once per process. */
  static shipped(): DomainThesaurus {
    shipped ??= DomainThesaurus.parse(shippedThesaurus, 'src/domain/drug-policy/thesaurus.json');
    return shipped;
  }

  private static parse(json: unknown, source: string): DomainThesaurus {
    const parsed = ThesaurusFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${source}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
    }
    return new DomainThesaurus(parsed.data.entries);
  }

  /**
   * Every wording of the documents' that a search may add for a lay term, of more than one word: what an index
   * build can match once (IndexContent.searchedPhrases) rather than at every search that adds it.
   * @example
   * await updateIndex({ corpusDir, backend, embedder, reporter, searchedPhrases: DomainThesaurus.shipped().searchedPhrases() });
   */
  searchedPhrases(): string[] {
    return [...this.documentWordings].filter((text) => /[\s-]/.test(text.trim()));
  }

  /** Whether a lay term of the thesaurus uses this word: it is a word of the domain, not a misspelling. */
  knows(word: string): boolean {
    return contentStems(word).some((stem) => this.layStems.has(stem));
  }

  /**
   * The document terms for the lay wordings a question uses, each with the question's words it stands for as
   * its source. A wording applies when all its content words are among the question's, so "greasing officials'
   * palms" finds "grease palms". Terms the corpus never uses are left out: they could match nothing.
   */
  find(words: string[], vocabulary: Vocabulary): Synonym[] {
    const wordByStem = new Map(words.flatMap((word) => contentStems(word).map((stem) => [stem, word] as const)));
    const found = new Map<string, Synonym>();
    for (const stem of wordByStem.keys()) {
      for (const lay of this.byFirstStem.get(stem) ?? []) {
        if (!lay.stems.every((s) => wordByStem.has(s))) continue;
        // "What is in my drugs" or "after treatment" matched by "drug" or "treatment" alone would read every
        // question with that word of the record's own as the lay phrase: a phrase whose one content word the
        // corpus uses means what it means through the words a match cannot see.
        if (lay.leansOnFunctionWords && lay.stems.length === 1 && vocabulary.has(lay.stems[0]!)) continue;
        const source = lay.stems.map((s) => wordByStem.get(s)!).join(' ');
        for (const { text, stems } of lay.means) {
          // Each of the question's wordings gets the meaning ("older people and pensioners" both stand for
          // "elderly drug users"): the answer stage knows each word through its own alternatives.
          const key = `${stems.join(' ')}|${source}`;
          // A meaning the question already says adds nothing.
          if (found.has(key) || stems.length === 0 || stems.every((s) => wordByStem.has(s))) continue;
          if (!stems.every((s) => vocabulary.has(s))) continue;
          found.set(key, { text, source, relation: lay.relation, mainSense: lay.relation === 'thesaurus' });
        }
      }
    }
    return [...found.values()];
  }
}
