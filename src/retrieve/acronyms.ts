import { z } from 'zod';
import shippedAcronyms from '../domain/drug-policy/acronyms.json' with { type: 'json' };
import { wordStems } from '../parse/terms.js';
import { isShortForm, singularAcronym, type AcronymDictionary } from '../parse/acronym-definitions.js';

/**
 * Acronyms and the long forms they stand for, so that a question saying "IFFs" finds a paragraph that says
 * "illicit financial flows" and the other way round. The corpus defines most of its acronyms itself, in
 * either order: "new psychoactive substances (NPS)" or "CHAMPS (Children Amplified Prevention Services)";
 * the index build harvests those definitions (src/parse/acronym-definitions.ts). A few that UN documents use
 * without ever spelling out (ARQ) come from a short curated list.
 */

const AcronymFileSchema = z.object({
  description: z.string().optional(),
  acronyms: z.record(z.string().regex(/^[A-Z][A-Za-z0-9&/-]*$/, 'must be an acronym'), z.array(z.string().min(1)).min(1)),
});

/**
 * Well-known acronyms of UN drug-policy documents, for those a corpus uses without defining, from the domain's
 * data file (src/domain/drug-policy/acronyms.json). Harvested definitions come first; these only add long forms
 * the corpus does not give.
 */
export const KNOWN_ACRONYMS: Record<string, string[]> = AcronymFileSchema.parse(shippedAcronyms).acronyms;

/** Harvested definitions first, then the curated ones the corpus lacks. */
export function acronymDictionary(
  harvested: ReadonlyMap<string, readonly string[]>,
  known: Record<string, string[]> = KNOWN_ACRONYMS,
): AcronymDictionary {
  const dictionary: AcronymDictionary = new Map([...harvested].map(([acronym, forms]) => [acronym, [...forms]]));
  for (const [acronym, longForms] of Object.entries(known)) {
    const forms = dictionary.get(acronym) ?? [];
    for (const longForm of longForms) {
      if (!forms.some((f) => wordStems(f).join(' ') === wordStems(longForm).join(' '))) forms.push(longForm);
    }
    dictionary.set(acronym, forms);
  }
  return dictionary;
}


function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** What a question says in one form that the corpus may say in the other. */
export interface AcronymMatch {
  acronym: string;
  /** The forms the question does not use: long forms for an acronym it names, the acronym for a long form it spells out. */
  alternatives: string[];
}

/**
 * A dictionary made ready for reading questions: the stem sequence of every long form is computed once, not for
 * every question (stemming them all again was most of the time a question spent on its acronyms).
 */
export class AcronymFinder {
  private readonly stemmedLongForms: Array<{ acronym: string; stems: string[][] }>;

  constructor(private readonly dictionary: AcronymDictionary) {
    this.stemmedLongForms = [...dictionary].map(([acronym, longForms]) => ({ acronym, stems: longForms.map(wordStems) }));
  }

  /**
   * Acronyms the question names (as written: "WHO" is an acronym, "who" a question word; "IFFs" and "UPU's"
   * count) and long forms it spells out, each with the forms it did not use.
   * @example
   * new AcronymFinder(dictionary).find('What is the EWA?'); // [{ acronym: 'EWA', alternatives: ['Early Warning Advisory'] }]
   */
  find(question: string): AcronymMatch[] {
    const matches = new Map<string, AcronymMatch>();
    for (const token of question.match(/[\p{L}\p{N}&/-]+/gu) ?? []) {
      const acronym = singularAcronym(token.replace(/['’]s$/, ''));
      const longForms = isShortForm(token.replace(/['’]s$/, '')) ? this.dictionary.get(acronym) : undefined;
      if (longForms !== undefined) matches.set(acronym, { acronym, alternatives: longForms });
    }
    const questionStems = wordStems(question);
    for (const { acronym, stems } of this.stemmedLongForms) {
      if (matches.has(acronym)) continue;
      if (stems.some((form) => containsSequence(questionStems, form))) matches.set(acronym, { acronym, alternatives: [acronym] });
    }
    return [...matches.values()];
  }
}

/**
 * `AcronymFinder.find` for one question.
 * @example
 * findAcronyms("What was the UPU's role?", dictionary); // [{ acronym: 'UPU', alternatives: ['Universal Postal Union'] }]
 */
export function findAcronyms(question: string, dictionary: AcronymDictionary): AcronymMatch[] {
  return new AcronymFinder(dictionary).find(question);
}
