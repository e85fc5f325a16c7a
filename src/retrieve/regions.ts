import { z } from 'zod';
import shippedRegions from '../domain/regions.json' with { type: 'json' };
import shippedCountries from '../domain/countries.json' with { type: 'json' };
import { countriesNamed } from './countries.js';
import { escapeRegExp } from './escape-reg-exp.js';

/**
 * The regions of the world a text names, and what lies within each (src/domain/regions.json): a question naming a
 * region asks about that region, as one naming a country asks about the country.
 */

const RegionsFileSchema = z.object({
  description: z.string().optional(),
  regions: z.array(
    z.object({
      /** The region's names, the one a reply uses first. */
      names: z.array(z.string().min(2)).min(1),
      /** The countries (as countries.json names them first) and the regions of this file within it. */
      within: z.array(z.string().min(2)),
    }),
  ),
});

const parsed = RegionsFileSchema.safeParse(shippedRegions);
if (!parsed.success) throw new Error(`src/domain/regions.json: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
const regions = parsed.data.regions;

/** A name as compared: lower case, a hyphen the same as a space ("South-East Asia", "south east asia"). */
const key = (name: string) => name.toLowerCase().replace(/-/g, ' ');
/** Each name's key, to the name a reply uses. */
const canonical = new Map(regions.flatMap(({ names }) => names.map((name) => [key(name), names[0]!] as const)));

const unknown = regions.flatMap(({ names, within }) => within.filter((place) => !canonical.has(key(place)) && countriesNamed(place)[0] !== place).map((place) => `${names[0]}: ${place}`));
if (unknown.length > 0) throw new Error(`src/domain/regions.json: within names no country or region of the lists: ${unknown.join('; ')}`);

const withinOf = new Map(regions.map(({ names, within }) => [names[0]!, within] as const));
/** The region and every country and region within it, however deep, added to `seen`. */
function placesIn(region: string, seen: Set<string>): Set<string> {
  seen.add(region);
  for (const place of withinOf.get(region)!) {
    const inner = canonical.get(key(place));
    if (inner === undefined) seen.add(place);
    else if (!seen.has(inner)) placesIn(inner, seen);
  }
  return seen;
}
const contents = new Map([...withinOf.keys()].map((region) => [region, placesIn(region, new Set())] as const));

/** Names as alternatives of one pattern, longest first, a hyphen or a space between the parts being one. */
const alternatives = (names: Iterable<string>) =>
  [...names]
    .sort((a, b) => b.length - a.length)
    .map((name) => escapeRegExp(name).replace(/ /g, '[- ]'))
    .join('|');
const wholeWords = (names: Iterable<string>) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives(names)})(?![\\p{L}\\p{N}])`, 'giu');
/**
 * Countries whose names hold a region's ("South Africa", the "Central African" Republic): read whole, as countries,
 * before any region within them is.
 */
const REGION_ALONE = wholeWords(canonical.keys());
const countryNamesHoldingRegions = (shippedCountries.countries as string[][]).flat().filter((name) => name.match(REGION_ALONE) !== null).map(key);
/**
 * Longest names first, so "Latin America and the Caribbean" is one region; any case, since people type "east
 * africa" and every name is one no common word is spelt as.
 */
const REGION = wholeWords([...canonical.keys(), ...countryNamesHoldingRegions]);

const SIDE = String.raw`(?:North|South|East|West|Central|Northern|Southern|Eastern|Western|South-East|South-Eastern)`;
/** "North and West Africa" names North Africa too: the continent said once for both sides. */
const SIDES_OF_ONE = new RegExp(String.raw`\b(${SIDE})\s+(and|or)\s+(${SIDE})\s+(Africa|America|Asia|Europe)\b`, 'giu');

/**
 * The regions a text names, each once, by the name a reply uses.
 * @example
 * regionsNamed('new trafficking hubs in North and West Africa'); // ['North Africa', 'West Africa']
 * regionsNamed('what about east africa?'); // ['East Africa']
 */
export function regionsNamed(text: string): string[] {
  const spelledOut = text.replace(SIDES_OF_ONE, '$1 $4 $2 $3 $4');
  return [...new Set([...spelledOut.matchAll(REGION)].flatMap((match) => canonical.get(key(match[0])) ?? []))];
}

/**
 * The region with every country and region within it, by the names countriesNamed and regionsNamed give.
 * @example
 * placesWithin('Golden Triangle'); // Set { 'Golden Triangle', "Lao People's Democratic Republic", 'Myanmar', 'Thailand' }
 */
export function placesWithin(region: string): ReadonlySet<string> {
  return contents.get(region) ?? new Set([region]);
}
