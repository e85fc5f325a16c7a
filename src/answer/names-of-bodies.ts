import { contentStems } from '../parse/terms.js';
import { countriesNamed } from '../retrieve/countries.js';

/**
 * The nouns an English name of an organisation, or of one of its parts, ends its main part with ("… Services
 * Branch", "… Research Section", "Commission on …"). A capitalised run of words ending in one is the name of a
 * body, and its other words describe the body, not the sentence's topic.
 */
const BODY_HEADS = new Set(
  [
    'agency', 'alliance', 'assembly', 'association', 'authority', 'bank', 'board', 'branch', 'bureau', 'centre', 'center',
    'coalition', 'commission', 'committee', 'conference', 'council', 'court', 'department', 'directorate', 'division',
    'federation', 'forum', 'foundation', 'fund', 'group', 'initiative', 'institute', 'laboratory', 'ministry', 'mission',
    'network', 'observatory', 'office', 'organisation', 'organization', 'partnership', 'platform', 'programme', 'program',
    'project', 'secretariat', 'section', 'service', 'society', 'unit', 'union',
  ],
);

/** The joiners after which a name says what its body is of or for ("Commission on Narcotic Drugs"): its head stands before the first. */
const COMPLEMENT = new Set(['of', 'on', 'for', 'against']);

/**
 * Whether a lowercase word joins the words of one name: "and" between two of them ("Drugs and Crime", not
 * "Crime and the Global Coalition", two names), a complement's word and the "the" after it ("Office of the").
 */
function joins(word: string, before: string, after: string | undefined): boolean {
  if (word === 'and' || word === '&') return after !== undefined && nameWord(after);
  if (word === 'the') return COMPLEMENT.has(before);
  return COMPLEMENT.has(word);
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*|&|[^\s\p{L}\p{N}]/gu;

/** A word that can stand in a name: capitalised and no mere "The" or "In" opening a sentence. */
function nameWord(word: string): boolean {
  return /^\p{Lu}/u.test(word) && contentStems(word).length > 0;
}

/** A sentence's words as a name of a body divides them: the stems of each name, and of the words that describe no body. */
export interface BodyNames {
  /** Each name's stems, its head's among them. */
  names: ReadonlyArray<ReadonlySet<string>>;
  /** The stems of every word but those that describe a body, its head kept: "commission" stays, "narcotic" not. */
  outside: ReadonlySet<string>;
}

/**
 * The names of bodies a sentence writes: in "the Chief of the UNODC Drugs, Laboratory and Scientific Services
 * Branch", "laboratory", "scientific" and "services" describe a branch, so a question on drug laboratories is not
 * answered by what that branch's chief said of fentanyl. Null when the sentence names none.
 * @example
 * bodyNamesIn('The Laboratory and Scientific Services Branch explained the use of clandestine laboratories.');
 * // { names: [Set {'laboratori', 'scientif', 'servic', 'branch'}], outside: Set {'branch', 'explain', 'us', 'clandestin', 'laboratori'} }
 */
export function bodyNamesIn(sentence: string): BodyNames | null {
  const words = sentence.match(WORD) ?? [];
  const names: Array<ReadonlySet<string>> = [];
  const describing = new Set<number>();
  let start = 0;
  while (start < words.length) {
    if (!nameWord(words[start]!)) {
      start++;
      continue;
    }
    // A run of capitalised words, with joiners only between them.
    let end = start;
    for (let next = start + 1; next < words.length; next++) {
      if (nameWord(words[next]!)) end = next;
      else if (!joins(words[next]!, words[next - 1]!, words[next + 1])) break;
    }
    const run = words.slice(start, end + 1);
    const complement = run.findIndex((w) => COMPLEMENT.has(w));
    const head = (complement === -1 ? run.length : complement) - 1;
    if (head >= 0 && BODY_HEADS.has(run[head]!.toLowerCase())) {
      // A country the run names beside the body ("the Commission on Narcotic Drugs and Brazil") is no part of it.
      const countries = new Set(countriesNamed(run.join(' ')).flatMap((c) => contentStems(c)));
      const name = new Set<string>();
      run.forEach((word, i) => {
        for (const stem of contentStems(word)) {
          if (countries.has(stem)) continue;
          name.add(stem);
          if (i !== head) describing.add(start + i);
        }
      });
      names.push(name);
      start = end + 1;
    } else {
      // "Member States of the Commission on Narcotic Drugs": no body's name before "of", perhaps one after it.
      start += complement === -1 ? run.length : complement + 1;
    }
  }
  if (describing.size === 0) return null;
  return { names, outside: new Set(words.filter((_, i) => !describing.has(i)).flatMap((w) => contentStems(w))) };
}
