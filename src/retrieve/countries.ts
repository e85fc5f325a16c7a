import { z } from 'zod';
import shippedCountries from '../domain/countries.json' with { type: 'json' };
import { wholeWords } from './escape-reg-exp.js';

/**
 * The country names a sentence contains, from the list of United Nations Member and observer States
 * (src/domain/countries.json): "Which country…" is answered by a sentence that names one, and a list of them
 * ("which countries") by one that names several.
 */

const CountriesFileSchema = z.object({
  description: z.string().optional(),
  /** Each country's names, the one documents use first. */
  countries: z.array(z.array(z.string().min(2)).min(1)),
});

const parsed = CountriesFileSchema.safeParse(shippedCountries);
if (!parsed.success) throw new Error(`src/domain/countries.json: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);

/** Each name as written, to the name documents use. */
const canonical = new Map(parsed.data.countries.flatMap((names) => names.map((name) => [name, names[0]!] as const)));

/** Longest names first, so "Republic of Korea" is not read as "Korea"; case kept: "Chad" the country, not "chad". */
const COUNTRY = wholeWords(canonical.keys(), 'gu');

/**
 * The countries a text names, each once, by the name documents use.
 * @example
 * countriesNamed('Colombia and the Plurinational State of Bolivia presented…'); // ['Colombia', 'Bolivia']
 */
export function countriesNamed(text: string): string[] {
  return [...new Set([...text.matchAll(COUNTRY)].map((match) => canonical.get(match[0])!))];
}

/** Each name in lower case, to the name documents use: people type "china" and "the us". */
const canonicalLower = new Map([...canonical].map(([name, documents]) => [name.toLowerCase(), documents] as const));
/**
 * People's questions need not capitalise: "and china?", "what did portugal say". Documents do, and there "Chad"
 * is the country and "chad" not; in a question about drug policy the common words among the names (turkey,
 * chad, china) are the countries.
 */
const COUNTRY_ANY_CASE = wholeWords(
  // Short forms in capitals are read as written: "us" is no United States, "US" is.
  [...canonical.keys()].filter((name) => /\p{Ll}/u.test(name)),
  'giu',
);

/**
 * The countries a question names, each once, by the name documents use, whatever its case.
 * @example
 * countriesAsked('and what did china say?'); // ['China']
 */
export function countriesAsked(question: string): string[] {
  const anyCase = [...question.matchAll(COUNTRY_ANY_CASE)].map((match) => canonicalLower.get(match[0].toLowerCase())!);
  return [...new Set([...countriesNamed(question), ...anyCase])];
}

/** A pattern that finds any country name, for cues that need no list. */
export const COUNTRY_NAME = new RegExp(COUNTRY.source, 'u');
