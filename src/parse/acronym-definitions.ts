/**
 * Acronym definitions a text writes itself, in either order: "new psychoactive substances (NPS)" or "CHAMPS
 * (Children Amplified Prevention Services)". The index build harvests them from the corpus, so that query
 * expansion can find a paragraph that says "illicit financial flows" for a question saying "IFFs".
 */

/** Acronym (upper case, singular) → long forms, as written. */
export type AcronymDictionary = Map<string, string[]>;

/** Two or more capitals (digits, "&", "-", "/" allowed inside), optionally a plural "s": NPS, IFFs, AML/CFT. */
const SHORT_FORM = /^[A-Z][A-Z0-9&/-]*[A-Z0-9]s?$/;
export const isShortForm = (text: string) => SHORT_FORM.test(text) && (text.match(/[A-Z]/g) ?? []).length >= 2;

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
