import { stemmer } from 'stemmer';

/**
 * Acronyms and the long forms they stand for, so that a question saying "IFFs" finds a paragraph that says
 * "illicit financial flows" and the other way round. The corpus defines most of its acronyms itself, in
 * either order: "new psychoactive substances (NPS)" or "CHAMPS (Children Amplified Prevention Services)";
 * those definitions are harvested. A few that UN documents use without ever spelling out (ARQ) come from a
 * short curated list.
 */

/** Acronym (upper case, singular) → long forms, as written. */
export type AcronymDictionary = Map<string, string[]>;

/**
 * Well-known acronyms of UN drug-policy documents, for those a corpus uses without defining. Harvested
 * definitions come first; these only add long forms the corpus does not give.
 */
export const KNOWN_ACRONYMS: Record<string, string[]> = {
  ARIN: ['asset recovery inter-agency network'],
  ARQ: ['annual report questionnaire'],
  ATS: ['amphetamine-type stimulants'],
  CARIN: ['Camden Asset Recovery Inter-Agency Network'],
  CND: ['Commission on Narcotic Drugs'],
  EMCDDA: ['European Monitoring Centre for Drugs and Drug Addiction'],
  EWA: ['Early Warning Advisory'],
  HCV: ['hepatitis C virus'],
  ICT: ['information and communications technology', 'information and communication technology'],
  IFF: ['illicit financial flow'],
  INCB: ['International Narcotics Control Board'],
  INTERPOL: ['International Criminal Police Organization'],
  NPS: ['new psychoactive substances'],
  NSP: ['needle and syringe programme'],
  OAT: ['opioid agonist therapy'],
  OHCHR: ['Office of the United Nations High Commissioner for Human Rights'],
  OST: ['opioid substitution therapy'],
  PWID: ['people who inject drugs'],
  SDG: ['Sustainable Development Goal'],
  UNAIDS: ['Joint United Nations Programme on HIV/AIDS'],
  UNDP: ['United Nations Development Programme'],
  UNGASS: ['special session of the General Assembly on the world drug problem'],
  UNODC: ['United Nations Office on Drugs and Crime'],
  UPU: ['Universal Postal Union'],
  VNGOC: ['Vienna NGO Committee on Narcotic Drugs'],
  WCO: ['World Customs Organization'],
  WDR: ['World Drug Report'],
  WHO: ['World Health Organization'],
};

/** Two or more capitals (digits, "&", "-", "/" allowed inside), optionally a plural "s": NPS, IFFs, AML/CFT. */
const SHORT_FORM = /^[A-Z][A-Z0-9&/-]*[A-Z0-9]s?$/;
const isShortForm = (text: string) => SHORT_FORM.test(text) && (text.match(/[A-Z]/g) ?? []).length >= 2;

/** "IFFs" → "IFF": a plural acronym stands for the same thing. */
export function singularAcronym(acronym: string): string {
  return /[A-Z0-9]s$/.test(acronym) ? acronym.slice(0, -1) : acronym;
}

const isAlphanumeric = (c: string) => /[\p{L}\p{N}]/u.test(c);

/**
 * Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in biomedical text":
 * walking both strings from the end, every letter of the short form must appear in order in the candidate,
 * and its first letter must start a word. Returns the shortest tail of the candidate that satisfies this,
 * with two repairs the paper's own examples call for: a long form does not start with a function word
 * ("Organization of American States (OAS)" is not "of American States"), and more than half of the short
 * form's letters must start a word of the long form, which rejects chance matches of letters inside words.
 */
export function matchLongForm(shortForm: string, candidate: string): string | null {
  const short = shortForm.toLowerCase();
  const long = candidate.toLowerCase();
  const startsWord = (i: number) => i === 0 || !isAlphanumeric(long[i - 1]!);
  let s = short.length - 1;
  let l = long.length - 1;
  let firstLetterAt = -1;
  while (s >= 0) {
    const c = short[s]!;
    if (!isAlphanumeric(c)) {
      s--;
      continue;
    }
    while (l >= 0 && (long[l] !== c || (s === 0 && !startsWord(l)))) l--;
    if (l < 0) return null;
    firstLetterAt = l;
    l--;
    s--;
  }
  // Move the start back over function words to an earlier word with the same initial ("Office of the ...").
  let start = long.lastIndexOf(' ', firstLetterAt) + 1;
  while (FUNCTION_WORDS.has(long.slice(start).split(' ')[0]!)) {
    do start = long.lastIndexOf(' ', start - 2) + 1;
    while (start > 0 && long[start] !== short[0]);
    if (long[start] !== short[0]) return null;
  }
  const longForm = candidate.slice(start).trim();
  return spellsOut(shortForm, longForm) ? longForm : null;
}

/**
 * The largest number of the letters that can start words of the long form in an in-order matching of all of
 * them (dynamic programming over letter and position); 0 when they cannot all be matched.
 */
function mostInitials(letters: string[], long: string): number {
  const impossible = -1;
  // best[j]: most initials matching the letters so far with the last one at or before position j - 1.
  let best = new Array<number>(long.length + 1).fill(0);
  for (const letter of letters) {
    const next = new Array<number>(long.length + 1).fill(impossible);
    for (let j = 1; j <= long.length; j++) {
      next[j] = next[j - 1]!;
      if (long[j - 1] === letter && best[j - 1]! !== impossible) {
        const initial = j === 1 || !isAlphanumeric(long[j - 2]!) ? 1 : 0;
        next[j] = Math.max(next[j]!, best[j - 1]! + initial);
      }
    }
    best = next;
  }
  return Math.max(0, best[long.length]!);
}

/** Whether a whole text spells out an acronym: it starts with the first letter and more than half the letters start words. */
function spellsOut(shortForm: string, text: string): boolean {
  const letters = [...shortForm.toLowerCase()].filter(isAlphanumeric);
  const long = text.toLowerCase();
  return letters.length > 0 && long.startsWith(letters[0]!) && mostInitials(letters, long) * 2 > letters.length;
}

const FUNCTION_WORDS = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'to', 'a', 'an', 'or', 'with', 'by', 'at']);

/** Words the long form of an acronym of this length may span before the parenthesis (Schwartz & Hearst's window). */
function maxLongFormWords(shortForm: string): number {
  return Math.min(shortForm.length + 5, shortForm.length * 2);
}

function isPlausible(shortForm: string, longForm: string): boolean {
  const words = longForm.split(/\s+/);
  return (
    longForm.length > shortForm.length &&
    words.length <= maxLongFormWords(shortForm) &&
    !longForm.includes(singularAcronym(shortForm)) &&
    !/[()]/.test(longForm)
  );
}

/** "long form (ACR)" */
const LONG_THEN_SHORT = /((?:[\p{L}\p{N}][\p{L}\p{N}'’/-]*[\s,]+){1,14})\(([^()\s]{2,12})\)/gu;
/** "ACR (long form)" */
const SHORT_THEN_LONG = /\b([A-Z][A-Za-z0-9&/-]{1,11})\s+\(([^()]{3,150})\)/g;

/** Definitions written in the text, in both orders; acronyms are keyed singular and upper case. */
export function harvestAcronyms(texts: Iterable<string>): AcronymDictionary {
  const found: AcronymDictionary = new Map();
  const add = (shortForm: string, longForm: string) => {
    const key = singularAcronym(shortForm);
    const forms = found.get(key) ?? [];
    if (!forms.some((f) => f.toLowerCase() === longForm.toLowerCase())) forms.push(longForm);
    found.set(key, forms);
  };
  for (const raw of texts) {
    const text = raw.replace(/\s+/g, ' ');
    for (const [, before, shortForm] of text.matchAll(LONG_THEN_SHORT)) {
      if (!isShortForm(shortForm!)) continue;
      const window = before!.trim().replace(/,$/, '').split(' ').slice(-maxLongFormWords(shortForm!)).join(' ');
      const longForm = matchLongForm(singularAcronym(shortForm!), window);
      if (longForm !== null && isPlausible(shortForm!, longForm)) add(shortForm!, longForm);
    }
    for (const [, shortForm, inside] of text.matchAll(SHORT_THEN_LONG)) {
      // The parenthesis must spell the acronym out, give or take a leading word ("IONICS (Project Ion Incident
      // Communication System)"); "ARQ (see annex)" defines nothing.
      const longForm = inside!.trim();
      const words = longForm.split(' ');
      const spelled = [longForm, words.slice(1).join(' ')].some((form) => spellsOut(singularAcronym(shortForm!), form));
      if (isShortForm(shortForm!) && spelled && isPlausible(shortForm!, longForm)) add(shortForm!, longForm);
    }
  }
  return found;
}

/** Harvested definitions first, then the curated ones the corpus lacks. */
export function acronymDictionary(
  harvested: ReadonlyMap<string, readonly string[]>,
  known: Record<string, string[]> = KNOWN_ACRONYMS,
): AcronymDictionary {
  const dictionary: AcronymDictionary = new Map([...harvested].map(([acronym, forms]) => [acronym, [...forms]]));
  for (const [acronym, longForms] of Object.entries(known)) {
    const forms = dictionary.get(acronym) ?? [];
    for (const longForm of longForms) {
      if (!forms.some((f) => stemSequence(f).join(' ') === stemSequence(longForm).join(' '))) forms.push(longForm);
    }
    dictionary.set(acronym, forms);
  }
  return dictionary;
}

/** Porter stems of every word, stop words included: "Office on Drugs and Crime" must match word for word. */
function stemSequence(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => stemmer(w));
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
 * Acronyms the question names (as written: "WHO" is an acronym, "who" a question word; "IFFs" and "UPU's"
 * count) and long forms it spells out, each with the forms it did not use.
 */
export function findAcronyms(question: string, dictionary: AcronymDictionary): AcronymMatch[] {
  const matches = new Map<string, AcronymMatch>();
  for (const token of question.match(/[\p{L}\p{N}&/-]+/gu) ?? []) {
    const acronym = singularAcronym(token.replace(/['’]s$/, ''));
    const longForms = isShortForm(token.replace(/['’]s$/, '')) ? dictionary.get(acronym) : undefined;
    if (longForms !== undefined) matches.set(acronym, { acronym, alternatives: longForms });
  }
  const questionStems = stemSequence(question);
  for (const [acronym, longForms] of dictionary) {
    if (matches.has(acronym)) continue;
    if (longForms.some((f) => containsSequence(questionStems, stemSequence(f)))) matches.set(acronym, { acronym, alternatives: [acronym] });
  }
  return [...matches.values()];
}
