import { sameStemFamily, wordStem, wordStems } from '../parse/terms.js';
import type { QueryTerm } from '../retrieve/types.js';

/**
 * Whether a sentence reports what a named speaker said: "The Chief of the UNODC … Branch explained that…",
 * "…which was also identified by the INCB as a good model", and not "Some speakers recommended that Member States
 * use the UNODC Toolkit" (UNODC is spoken of) nor "Statements were also made by … civil society" (a roll).
 */

/** One way the record may name the speaker: the word stems of a name or of one of its other forms, in order. */
export type SpeakerName = readonly string[];

/**
 * The names a speaker goes by: as the question writes it, and each other form that every one of its words (`own`,
 * the question's terms within the speaker's name) stands for in the same meaning ("INCB" for "International
 * Narcotics Control Board", and the reverse).
 * @example
 * speakerNames('INCB', termsNamedIn('INCB', terms), saysTheSame); // [['incb'], ['intern', 'narcot', 'control', 'board']]
 */
export function speakerNames(speaker: string, own: readonly QueryTerm[], sameMeaning: (a: QueryTerm['alternatives'][number]) => boolean): SpeakerName[] {
  const otherForms = own.length === 0 ? [] : own[0]!.alternatives.filter(sameMeaning).map((a) => a.text);
  const shared = otherForms.filter((form) => own.every((term) => term.alternatives.some((a) => sameMeaning(a) && a.text === form)));
  return [...new Set([speaker, ...shared])].map(wordStems);
}

/**
 * Verbs a summary reports speech with, in the past tense it reports in (and "says"): not their stems, which are
 * also nouns' ("the UNODC Early Warning Advisory", "Member States", "the report").
 */
const REPORTING_VERB =
  /^(?:said|says|stated|noted|explained|highlighted|stressed|emphasi[sz]ed|underlined|underscored|presented|introduced|reported|recalled|pointed|called|recommended|proposed|suggested|warned|cautioned|welcomed|expressed|shared|identified|indicated|observed|mentioned|informed|described|outlined|provided|announced|urged|encouraged|acknowledged|affirmed|reaffirmed|reiterated|argued|concluded|found|showed|shown|illustrated|elaborated|briefed|estimated|confirmed|asserted|insisted)$/;
/** "was welcomed", "had been noted": the verb is passive, and whoever follows "by" spoke, not the words before it. */
const PASSIVE_AUXILIARY = /^(?:was|were|been|be|is|are|being)$/;
/** "was also identified by": words that may stand between the auxiliary and the verb. */
const ADVERB = /^(?:also|further|furthermore|often|repeatedly|widely|generally|clearly|strongly|particularly|specifically|again)$/;
/**
 * Words between the speaker and the verb, at most: "The Chief of the UNODC Drugs, Laboratory and Scientific
 * Services Branch explained" puts six between the organisation and its officer's verb.
 */
const MAX_SPEAKER_VERB_GAP = 7;
/** "…identified by the INCB", "…noted by the representative of UNODC": the speaker within this many words of "by". */
const MAX_AGENT_DISTANCE = 5;
/** Another subject between the speaker and the verb speaks instead: "UNODC tools were welcomed; speakers noted…". */
const OTHER_SUBJECT = /^(?:speakers?|delegations?|delegates?|participants?|countries|member|panell?ists?|experts?|they)$/;


/** Where one of the speaker's names stands in the sentence: the positions of its first and last words. */
interface Mention {
  start: number;
  end: number;
}

function mentions(words: readonly string[], names: readonly SpeakerName[]): Mention[] {
  const found: Mention[] = [];
  for (const name of names) {
    if (name.length === 0) continue;
    for (let start = 0; start + name.length <= words.length; start++) {
      if (name.every((stem, i) => sameStemFamily(words[start + i]!, stem))) found.push({ start, end: start + name.length - 1 });
    }
  }
  return found;
}

const DETERMINER = /^(?:the|a|an|its|their)$/;
/** "encouraged the INCB to monitor…", "called on UNODC and INCB to collect…": a name after these is spoken to or of. */
const GOVERNS_AN_OBJECT = /^(?:\w+ed|on|upon|to|with|for|from|into|about|against|towards?|in|at|through|via|including|as|of)$/;
/** "The Chief of the UNODC … Branch explained", "a speaker from UNODC reported": one "of" or "from" the speaker speaks for it. */
const OFFICE =
  /^(?:chief|head|director|president|representatives?|officers?|official|secretariat|secretary|experts?|members?|chair|spokesperson|researchers?|epidemiologist|statistician|ambassador|speakers?|delegates?|panell?ists?)$/;

/**
 * Whether a mention may be the subject of what follows: not the object of a verb or a preposition before it
 * (skipping articles, and the names joined to it by "and"), unless it is the body of the officer who speaks.
 */
function mayBeSubject(words: readonly string[], mention: Mention): boolean {
  let before = mention.start - 1;
  while (before >= 0 && DETERMINER.test(words[before]!)) before--;
  // "…UNODC and INCB to collect": the first of the joined names tells.
  for (let joined = 0; joined < 3 && before >= 1 && words[before] === 'and'; joined++) {
    before -= 2;
    while (before >= 0 && DETERMINER.test(words[before]!)) before--;
  }
  if (before < 0 || !GOVERNS_AN_OBJECT.test(words[before]!)) return true;
  return (words[before] === 'of' || words[before] === 'from') && before > 0 && OFFICE.test(words[before - 1]!);
}

/**
 * Whether the sentence has the speaker, by one of its names, as the one who speaks: followed closely by a
 * reporting verb in the active voice, or after the "by" that follows one in the passive.
 * @example
 * saidBy('The INCB President noted that access had improved.', [['incb']]); // true
 * saidBy('Some speakers welcomed the INCB tools.', [['incb']]); // false
 */
export function saidBy(sentence: string, names: readonly SpeakerName[]): boolean {
  const words = sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const found = mentions(words.map(wordStem), names);
  if (found.length === 0) return false;
  const subjects = found.filter((mention) => mayBeSubject(words, mention));
  return words.some((word, verb) => {
    if (!REPORTING_VERB.test(word)) return false;
    if (words[verb + 1] === 'by' || isPassive(words, verb)) return agentAfter(words, verb, found);
    return subjects.some(({ end }) => end < verb && verb - end <= MAX_SPEAKER_VERB_GAP && !words.slice(end + 1, verb).some((w) => OTHER_SUBJECT.test(w)));
  });
}

function isPassive(words: readonly string[], verb: number): boolean {
  let before = verb - 1;
  while (before >= 0 && ADVERB.test(words[before]!)) before--;
  return before >= 0 && PASSIVE_AUXILIARY.test(words[before]!);
}

/** The speaker named right after the passive verb's "by" ("identified by the INCB"). */
function agentAfter(words: readonly string[], verb: number, found: readonly Mention[]): boolean {
  const by = words.indexOf('by', verb + 1);
  if (by < 0 || by > verb + 2) return false;
  return found.some(({ end }) => end > by && end - by <= MAX_AGENT_DISTANCE && !words.slice(by + 1, end).some((w) => OTHER_SUBJECT.test(w) || w === 'and'));
}

/**
 * Whether the sentence reports speakers doing the deed a "who" question asks the doer of: "A number of speakers
 * opposed the use of the death penalty" and "Several delegations expressed their opposition to…" say who opposed
 * it, as far as the record says (speakers, delegations, not named); "The Chair opened the session" does not.
 * @example
 * doneBySpeakers('A number of speakers opposed the use of the death penalty.', 'opposed'); // true
 * doneBySpeakers('The death penalty was discussed.', 'opposed'); // false
 */
export function doneBySpeakers(sentence: string, deed: string): boolean {
  const words = sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const deedStem = wordStem(deed.toLowerCase());
  return words.some((word, at) => {
    if (!OTHER_SUBJECT.test(word)) return false;
    const after = words.slice(at + 1, at + 1 + MAX_SPEAKER_VERB_GAP);
    // "Speakers noted it, which the Chair opposed": the clause that begins there has a doer of its own.
    const clauseEnd = after.findIndex((next) => NEW_CLAUSE.test(next));
    return after.slice(0, clauseEnd < 0 ? after.length : clauseEnd).some((next) => sameStemFamily(wordStem(next), deedStem));
  });
}

/** Words that begin a clause with a doer of its own. */
const NEW_CLAUSE = /^(?:which|who|whom|whose|while|whereas|although|but)$/;
