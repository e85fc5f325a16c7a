import { numberWordValue } from '../parse/number-words.js';
import { contentStems, contentTerms } from '../parse/terms.js';
import { analyseQuery, speaksOfTheMeeting } from '../retrieve/query-analysis.js';
import { countriesAsked } from '../retrieve/countries.js';
import { asksForOverview, classifyQuestion, isYesNoQuestion, speakerAsked, topicOf } from '../retrieve/question-type.js';
import type { SessionCalendar } from '../retrieve/session-calendar.js';
import type { WordKinds } from '../retrieve/word-kinds.js';
import type { Turn } from './types.js';

export interface ResolvedQuestion {
  /** Standalone text to search with. */
  text: string;
  /** Year carried over from the conversation, when the follow-up names none. */
  year: number | null;
  isFollowUp: boolean;
  /**
   * What the question asks about, as a phrase ("alternative development"): for a follow-up, the conversation's
   * topic as it carries over. With the year the previous question was about (null for a question standing
   * alone), a question about a year where the topic is absent can be answered plainly. Null when the question is
   * worded around what it asks ("who chaired the session") rather than a subject.
   */
  topic: string | null;
  previousYear: number | null;
  /**
   * What a follow-up put in place of a thing of the same kind ("cocaine" in "What about cocaine?" after a question
   * about cannabis), or of the earlier topic ("xylazine" in "What about xylazine?" after "Who raised fentanyl?"): a
   * new subject in the same year, which that year may not speak of. Null otherwise.
   */
  swappedIn: string | null;
}

/**
 * How rare a word must be (BM25 idf) to name a topic of its own in a short question: in at most about one
 * paragraph in 160, or in none ("kratom"). Common words ("tools", "day") lean on the conversation for their topic.
 * A word in one paragraph of 267 has 5.19, in two 4.70: "What about xylazine?", in one, is of its own (5.3 left it
 * out; the sets tuned on did not move).
 */
const TOPICAL_IDF = 5.1;

/** Openings that lean on the previous turn ("And in 2022?", "What about women?"). */
const FOLLOW_UP_OPENING = /^\s*(?:and\b|also\b|what\s+about\b|how\s+about\b|what\s+of\b|and\s+what\s+about\b|same\s+(?:for|in)\b|then\b|ok(?:ay)?\b)/i;
/** A verb of saying after the subject, perhaps one word on: "they said", "they also discussed". */
const SAYING_AHEAD = String.raw`(?=(?:[\w-]+\s+)?(?:say|said|says|discuss(?:ed)?|talk(?:ed)?|mention(?:ed)?|note[sd]?|stress(?:ed)?|recommend(?:ed)?|propose[sd]?|think|thought|conclude[sd]?|agree[sd]?|report(?:ed)?|raise[sd]?)\b)`;
/** "Was it mentioned…", "Were they discussed…": passive, so the pronoun is what was said, not who said it. */
const NOT_PASSIVE = String.raw`(?<!\b(?:was|is|were|are|been|being|be)\s+)`;
/**
 * "they" as the ones speaking ("What did they say about prisons?", "Did they talk about that?"): the meetings'
 * speakers, not the previous topic.
 */
const THEY_SPEAKING = new RegExp(String.raw`${NOT_PASSIVE}\bthey\s+${SAYING_AHEAD}`, 'gi');
/** "that year", "the same session": the conversation's year, not its topic. */
const YEAR_BACK = /\b(?:that|this|the\s+same)\s+(?:year|session|meeting|round)\b|\b(?:back\s+)?then(?=\s*[?.!]*\s*$)|\bat\s+the\s+time\b/gi;
/** Words that point back at the previous topic. */
const BACK_REFERENCE = /\b(?:it|its|they|them|their|this|that|these|those|then|the same|he|she|him|her|his|hers)\b|(?<=\b(?:said|say|says|think|thought)\s+)so\b|(?<!\b(?:is|are|was|were|be|been)\s+)\bthere\b/i;
/** Every word pointing back, for the one to replace to be chosen among them. */
const BACK_REFERENCES = new RegExp(BACK_REFERENCE.source, 'gi');
/** A name written with capitals inside the question ("the Container Control Programme") is a topic of its own. */
const NAME_INSIDE = /(?<=\S\s+(?:the\s+)?)\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+/u;
/** The opening words of a follow-up that only lean on the previous turn, however many: "And what about", "And about". */
const FILLER = /^(?:\s*(?:and|also|then|ok(?:ay)?|so)\b[\s,]*|\s*(?:what|how)\s+about\b\s*|\s*what\s+of\b\s*|\s*same\s+(?:for|in)\b\s*|\s*(?<=\band\s+)(?:about|regarding|on)\b\s*)+/i;

const YEARS_COUNT = String.raw`(a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?`;
/**
 * "And the year after?", "the previous year", "four years later": a year counted from the one the conversation is
 * about. The groups: a year later, a count of years later, a year earlier, a count of years earlier.
 */
const RELATIVE_YEAR = new RegExp(
  String.raw`\b(?:the\s+)?(?:(year\s+after|following\s+year|next\s+year|year\s+later)|${YEARS_COUNT}\s+(?:later|after(?:wards)?|on)|(year\s+before|previous\s+year|preceding\s+year|year\s+earlier)|${YEARS_COUNT}\s+(?:earlier|before|prior|previously))\b`,
  'i',
);

/** How many years a relative-year phrase moves, forward (positive) or back. */
function yearsMoved(match: RegExpExecArray): number {
  const [, later, laterCount, earlier, earlierCount] = match;
  // "a year later" moves one year.
  const count = (word: string) => (word.toLowerCase() === 'a' ? 1 : (numberWordValue(word) ?? Number(word)));
  if (later !== undefined) return 1;
  if (laterCount !== undefined) return count(laterCount);
  if (earlier !== undefined) return -1;
  return -count(earlierCount!);
}

/** A follow-up adds at most a few words of its own; anything longer is read as a new question. */
const MAX_FOLLOW_UP_TERMS = 4;

/**
 * Rewrites a follow-up as a standalone question from the last standalone question in the conversation:
 * "And in 2022?" keeps the topic and switches the year; "What about women?" keeps topic and year and adds
 * the new focus. A question is a follow-up only when it cannot stand alone: a question with a topic of its own
 * starts afresh and keeps no year from earlier turns, and one that spans years ("over the years") spans them.
 * "What about cocaine?" after a question about cannabis asks the same of cocaine: a focus naming a thing of a kind
 * the earlier question names (people, a drug, a country) takes that thing's place.
 * @param idf how rare a word is in the corpus: a short question with a rare word ("kratom") has its own topic.
 * @param kinds which kind of thing a word names; without it a new focus is always added to the topic.
 */
export function resolveFollowUp(
  question: string,
  history: Turn[],
  sessions: SessionCalendar,
  idf: (stem: string) => number = () => 0,
  kinds: KindReader | null = null,
): ResolvedQuestion {
  const previous = history.at(-1);
  const relative = RELATIVE_YEAR.exec(question);
  const current = analyseQuery(relative ? question.replace(relative[0], ' ') : question, sessions);
  // A question standing alone has a topic to look for only when it asks what was said of one ("Was captagon
  // mentioned in 2020?"), not when it asks for something about it ("what fraction of users…").
  const ownTopic = topicOf(current.topicText);
  const standalone: ResolvedQuestion = { text: question, year: null, isFollowUp: false, topic: ownTopic === null ? null : subjectOf(ownTopic), previousYear: null, swappedIn: null };
  if (!previous) return standalone;

  const isShort = current.terms.length <= MAX_FOLLOW_UP_TERMS;
  const opens = FOLLOW_UP_OPENING.test(question);
  // Read without the words that only place it in the present: "these days" points back at nothing.
  const pointsBack = BACK_REFERENCE.test(current.topicText.replace(THEY_SPEAKING, '').replace(YEAR_BACK, ''));
  const yearBack = current.year === null && current.span === null && relative === null && current.topicText.search(YEAR_BACK) >= 0;
  // "Is there a figure for 2021?" after "How many people died from overdoses?" asks the same of 2021: its only
  // words name the kind of fact the earlier question asked for.
  const onlyTheFact = current.terms.length > 0 && current.terms.every((term) => SAME_FACT.test(term));
  const onlyYear = (current.terms.length === 0 || onlyTheFact) && (current.year !== null || current.span !== null || relative !== null);
  // A short who/which/when question with no year and no word rare enough to be a topic ("Who moderated the
  // second day?", "Which tools were recommended?") asks about what the conversation is about; "Which countries
  // raised kratom?" or "Do women get hooked faster?" do not lean on it.
  const type = classifyQuestion(question);
  const namesTopic =
    NAME_INSIDE.test(question) || contentTerms(current.topicText).some((word) => !speaksOfTheMeeting(word) && contentStems(word).some((stem) => idf(stem) >= TOPICAL_IDF));
  // "What did they recommend?": the speakers asked what they said, of what the conversation is about.
  const theySaidWhat = current.topicText.search(THEY_SPEAKING) >= 0 && contentTerms(current.topicText).every((word) => ASKING.test(word) || VIEW_VERB.test(word));
  const elliptical = isShort && current.year === null && current.span === null && (type.kind === 'factoid' || theySaidWhat) && !isYesNoQuestion(question) && !namesTopic && !statesTopic(question);
  const asksMore = ASKS_MORE.test(question);
  // "Who spoke?", "What were the main conclusions?", "Was anything agreed?" after "What happened at the 2021
  // meeting?": asked of that meeting, whose year the question carries.
  const ofTheMeeting = isShort && current.year === null && current.span === null && !namesTopic && !opens && !pointsBack && !asksMore && asksForOverview(previous.question);
  // "Since when?", "When?": only when, of what the conversation is about.
  const onlyWhen = ASKS_WHEN.test(question) && contentTerms(current.topicText).length === 0;
  if (!onlyYear && !onlyTheFact && !onlyWhen && !yearBack && !(isShort && (opens || pointsBack)) && !elliptical && !asksMore && !ofTheMeeting) return standalone;

  // The previous turn may itself have been a follow-up: resolve the conversation from its start.
  const before = resolveFollowUp(previous.question, history.slice(0, -1), sessions, idf, kinds);
  const earlier = analyseQuery(before.text, sessions);
  const previousYear = earlier.year ?? before.year;
  // "And over the years?" spans every year: nothing carries over.
  const step = relative === null ? 0 : yearsMoved(relative);
  const year = current.span !== null ? null : (current.year ?? (previousYear === null ? null : previousYear + step));
  const focus = trimEnd(current.topicText.replace(FILLER, '').replace(YEAR_BACK, ' ')).replace(/\s{2,}/g, ' ');
  const swap = opens && !pointsBack && kinds !== null ? swapForKind(trimEnd(earlier.topicText), focus, kinds) : null;
  const topic = swap?.topic ?? withoutStrandedPreposition(trimEnd(earlier.topicText));
  const asking = focus.replace(ASKING_STRESS, '');
  let text: string;
  let framed: string | null = null;
  const again = contentTerms(focus).length === 0 && swap === null ? askedWhen(topic, focus) : null;
  // "What about heroin-assisted treatment?" after "Did anyone mention safe injection sites?" asks the same of a
  // topic of its own, not of both together; "What about in prisons?" or "What about women?" narrows the earlier one.
  const frame = opens && !pointsBack && namesOwnTopic(focus, namesTopic) ? asksOfTopic(topic) : null;
  // "And INCB?" after "What did UNODC say about synthetic drugs?" asks what INCB said of them.
  const otherSpeaker = opens && !pointsBack && swap === null ? withOtherSpeaker(topic, focus) : null;
  if (asksMore) text = `What was said about ${referent(topic)}`;
  else if (ofTheMeeting) text = focus;
  else if (again !== null) text = again;
  // "Any numbers on that?" after a question that asked for none asks for the figures on its topic.
  else if (onlyTheFact && !asksForNumber(before.text)) text = `Any figures on ${referent(topic)}`;
  else if ((contentTerms(focus).length === 0 && !(pointsBack && ASKS_WHAT_TO_DO.test(focus))) || swap !== null || onlyTheFact) text = topic;
  else if (otherSpeaker !== null) text = otherSpeaker;
  else if (BARE_ASKING.test(asking)) text = askedOf(topic, asking);
  else if (pointsBack) text = pointBack(focus, referent(topic), speakingCountry(topic), kinds === null ? null : peopleIn(topic, kinds));
  else if (frame !== null) {
    // "And was cryptocurrency brought up in 2019 too?" brings "cryptocurrency" into the earlier question.
    framed = topicOf(focus) ?? focus;
    text = frame.replace(framed);
  }
  else if (opens) text = `${topic} and ${focus}`;
  // "Which tools were recommended?" after "What was said about money laundering?" asks of money laundering.
  else if (elliptical && before.topic !== null) text = `${focus} regarding ${before.topic}`;
  else text = focus;
  // "What did speakers say about cryptocurrencies then?" carries the year only: its topic is its own. "Was it
  // mentioned in 2019 too?" asks of what "it" stands for, however the earlier question was worded.
  const onlyPointsBack = pointsBack && contentTerms(focus).every((word) => ASKING.test(word) || BACK_REFERENCE.test(word));
  // "What about nitazenes?" after "Who raised fentanyl?" is about nitazenes.
  const resolvedTopic = onlyPointsBack ? referent(topic) : text === focus ? topicOf(focus) : (framed ?? topic);
  // The follow-up's span says which years ("before 2021"); the analysis took its words out of its topic.
  const span = current.span === null ? '' : ` ${spanWords(current.span)}`;
  const when = year === null ? (contentTerms(focus).length === 0 ? span : '') : ` in ${year}`;
  // Taking the year out of "…were there in 2019, as an absolute figure" leaves "there , as": closed up again.
  const standaloneText = `${text}${when}?`.replace(/\s+([,;:])/g, '$1').replace(/\s{2,}/g, ' ');
  return { text: standaloneText, year, isFollowUp: true, topic: resolvedTopic === null ? null : subjectOf(resolvedTopic), previousYear, swappedIn: swap?.swappedIn ?? framed };
}

/**
 * What a short question says it asks about ("Any numbers on overdose deaths?", "Which tools were recommended for
 * prevention?"): after any "on" or "for", wider than question-type's `statedTopic`, for a short question with such
 * words of its own does not lean on the conversation, whatever they say.
 */
const TOPIC_AFTER_PREPOSITION = /\b(?:about|on|regarding|concerning|for)\s+(\S.*)$/i;

/** Whether a question names what it asks about in so many words, with no word pointing back: it stands alone. */
function statesTopic(question: string): boolean {
  const stated = TOPIC_AFTER_PREPOSITION.exec(question)?.[1];
  return stated !== undefined && contentTerms(stated).length > 0 && !BACK_REFERENCE.test(stated) && stated.search(YEAR_BACK) < 0;
}

/** Verbs of a view put forward, which name no topic: "What did they recommend?", "What did they conclude?". */
const VIEW_VERB = /^(?:recommend\w*|propos\w*|suggest\w*|conclu\w*|agree\w*|think|thought)$/i;

/**
 * "What can be done about it?", "What should be done for them?": asks for what to do about what the pronoun
 * stands for, though all its words are stop words, where "Who said that?" asks the earlier question again.
 */
const ASKS_WHAT_TO_DO = /\bwhat\s+(?:can|could|should|must|might|will|would|is\s+being|was|has\s+been|have\s+been|had\s+been)\s+(?:be\s+)?done\b/i;

/** A name a follow-up may bring in for a speaker: capitalised words or an acronym ("INCB", "the World Health Organization"). */
const SPEAKER_NAME = /^(?:the\s+)?\p{Lu}[\p{L}\p{N}&'’-]*(?:\s+(?:of|for|on|and|the|\p{Lu}[\p{L}\p{N}&'’-]*)){0,6}$/u;

/** The earlier question asked of another speaker, when it asked what one said and the focus names one; else null. */
function withOtherSpeaker(topic: string, focus: string): string | null {
  const asked = speakerAsked(topic);
  const speaker = focus.replace(STRESS_AFTER, '');
  if (asked === null || !SPEAKER_NAME.test(speaker) || !topic.includes(asked.speaker)) return null;
  return topic.replace(asked.speaker, speaker);
}

/** Whether a question asks for a number: "Is there a figure for 2021?" after it asks the same of 2021. */
function asksForNumber(question: string): boolean {
  const type = classifyQuestion(question);
  return type.kind === 'factoid' && type.wants === 'number';
}

/** Words that name only a kind of fact or of saying, no topic: "Is there a figure for 2021?", "Any numbers for 2020?" ("data" is a topic of the record). */
const SAME_FACT = /^(?:figures?|numbers?|estimates?|statistics?|stats|counts?|totals?|amounts?|values?|details?|mentions?|word)$/i;

/** A span of years in words the question reader reads back as the same span. */
function spanWords({ from, to }: { from: number | null; to: number | null }): string {
  if (from !== null && to !== null) return `between ${from} and ${to}`;
  return from !== null ? `since ${from}` : `up to ${to}`;
}

/** A follow-up that only asks who or which ("Which countries?", "And who exactly?"): of the previous topic. */
const BARE_ASKING = /^(?:who|which\s+[\w-]+|what\s+[\w-]+)$/i;
/** A word after a bare follow-up that only stresses it: "exactly" in "And who exactly?". */
const ASKING_STRESS = /\s+(?:exactly|then|specifically|in\s+particular)$/i;
/** The asking words a question starts with, where a bare follow-up's own go: "Who" in "Who wanted cannabis legalised". */
const LEADING_ASKING = /^\s*(?:who|which\s+[\w-]+)\b/i;

/**
 * A bare follow-up asked of the previous topic: "Which countries?" after "Who wanted cannabis legalised?" is
 * "Which countries wanted cannabis legalised?"; after "What was said about cannabis?", "Which countries spoke
 * about cannabis?".
 */
function askedOf(topic: string, asking: string): string {
  return LEADING_ASKING.test(topic) ? topic.replace(LEADING_ASKING, asking) : `${asking} spoke about ${referent(topic)}`;
}

/** "Tell me more", "What else?", "Anything else?": more of what was said on the earlier topic. */
const ASKS_MORE = /^\s*(?:(?:please\s+)?(?:tell|give|show)\s+me\s+more(?:\s+(?:about\s+)?(?:it|that|this))?|(?:and\s+)?(?:what|anything|something)\s+else|(?:any|some)\s+more|more(?:\s+please)?|go\s+on)(?:\s+please)?\s*[?.!]*\s*$/i;
/** "it" as the one speaking ("What did it say about coca?"): a country, or a body, that spoke. */
const IT_SPEAKING = new RegExp(String.raw`${NOT_PASSIVE}\bit\s+${SAYING_AHEAD}`, 'gi');

/** The one country the earlier question names, which "it" speaking stands for ("Did Colombia take part?"); else null. */
function speakingCountry(topic: string): string | null {
  const named = countriesAsked(topic);
  return named.length === 1 ? named[0]! : null;
}

/** "When was that?", "When did it come up?": a follow-up asking only when the earlier topic was discussed. */
const ASKS_WHEN = /^\s*(?:(?:since|from|until|till)\s+)?(?:when|(?:in|during)\s+(?:what|which)\s+years?|(?:what|which)\s+years?)\b/i;

/**
 * The earlier topic asked again with the follow-up's when: "When was the death penalty discussed" (the meetings
 * that discussed it); null when the follow-up does not ask when, or the earlier question did already. ("Who said
 * that?" stays the earlier question: its quotes name who said it, where the record names anyone.)
 */
function askedWhen(topic: string, focus: string): string | null {
  return ASKS_WHEN.test(focus) && !ASKS_WHEN.test(topic) ? `When was ${referent(topic)} discussed` : null;
}

/** What a follow-up needs to know of a word's kind (WordKinds). */
export type KindReader = Pick<WordKinds, 'kindOf' | 'modifies'>;

/** A preposition a swapped focus opens with ("in Asia"). */
const LEADING_PREPOSITION = /^(in|for|among|amongst|at|on|from|to|across|within)\s/i;
/** A focus this long or longer asks something of its own ("What about cocaine seizures at sea?"), not the same of another thing. */
const MAX_SWAPPED_WORDS = 3;
/** Words after a swapped focus that only stress it: "What about women specifically?". */
const STRESS_AFTER = /\s+(?:specifically|in\s+particular|instead|too|as\s+well|then)$/i;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'-]*/gu;

/**
 * The topic with the focus in place of the first thing of the focus's kind, with the adjectives before it:
 * "drug use among young people" and "older people" give "drug use among older people"; "HIV among people who
 * inject drugs" and "women" give "HIV among women who inject drugs". Words about the meeting ("speakers") are
 * not its topic and are never swapped. Null when the focus names no kind, or the topic nothing of its kind.
 */
function swapForKind(topic: string, focus: string, kinds: KindReader): { topic: string; swappedIn: string } | null {
  const swapped = focus.replace(STRESS_AFTER, '');
  const focusWords = contentTerms(swapped);
  const head = focusWords.at(-1);
  const kind = head === undefined || focusWords.length >= MAX_SWAPPED_WORDS ? null : kinds.kindOf(head);
  if (kind === null) return null;
  const words = [...topic.matchAll(WORD)];
  const found = firstOfKind(words.map(([word]) => word), kind, kinds);
  if (found === null) return null;
  let start = words[found.from]!.index;
  const end = words[found.at]!.index + words[found.at]![0].length;
  // "And in Asia?" after "…alternative development in the Andes": the focus brings its own "in".
  const preposition = LEADING_PREPOSITION.exec(swapped)?.[1];
  const before = preposition === undefined ? null : new RegExp(String.raw`\b${preposition}\s+(?:the\s+)?$`, 'i').exec(topic.slice(0, start));
  if (before) start = before.index;
  // "And the UK?" after "What did the European Union say?": one "the".
  const placed = /\bthe\s+$/i.test(topic.slice(0, start)) ? swapped.replace(/^the\s+/i, '') : swapped;
  return { topic: `${topic.slice(0, start)}${placed}${topic.slice(end)}`, swappedIn: swapped };
}

/**
 * Where the first word of a kind stands among the words (`at`), and where the adjectives before it begin (`from`):
 * "older people" in "drug use among older people". Words about the meeting ("speakers") are never of a kind here.
 */
function firstOfKind(words: readonly string[], kind: string, kinds: KindReader): { from: number; at: number } | null {
  const at = words.findIndex((word) => contentTerms(word).length > 0 && !speaksOfTheMeeting(word) && kinds.kindOf(word) === kind);
  if (at < 0) return null;
  let from = at;
  while (from > 0 && contentTerms(words[from - 1]!).length > 0 && kinds.modifies(words[from - 1]!)) from--;
  return { from, at };
}

/** The topic phrase of a question's topic text; null for one still worded as a question ("who chaired the session"), no subject to say is absent from a year. */
function subjectOf(topicText: string): string | null {
  // "Did the discussions address alternative development": what they took up, not the asking verb.
  const subject = topicPhrase(trimEnd(topicOf(topicText) ?? topicText));
  return /^(?:who|what|which|when|where|why|how)\b/i.test(subject) ? null : subject;
}

/** "Was tramadol mentioned in as well" once its year is read out: the "in" that named the year goes with it. */
function withoutStrandedPreposition(text: string): string {
  return text.replace(/\s+(?:in|at|during|since|for)(?=\s+(?:as\s+well|too|also|again)\s*$|\s*$)/i, '');
}

function trimEnd(text: string): string {
  return text.replace(/[?.!\s]+$/, '').trim();
}

/** Words that ask or frame rather than name the topic: "Was tramadol mentioned in 2023 as well?" is about tramadol. */
const ASKING = /^(?:was|were|is|are|did|do|does|has|have|had|mentioned|mention|discussed|discuss|raised|come|came|up|again|well|also|too|back|said|say|noted|reported|according|many|much|speakers?|delegates?|discussions?|sessions?|meetings?|thematic)$/i;

/** Verbs a yes-or-no question asks whether someone did to its topic, in the forms such questions use. */
const DEED = String.raw`(?:endorse|support|oppose|raise|address|recommend|propose|call|highlight|stress|consider|approve|adopt|reject|condemn|back|welcome|acknowledge|recogni[sz]e|critici[sz]e|debate|favou?r|promote|push|urge|talk|mention|discuss|note|agree)(?:d|ed|s)?|ban(?:ned|s)?|brought|bring|said|say`;
/**
 * "Has the CND ever endorsed harm reduction", "Did civil society organizations raise the issue of stigma": the
 * topic is what the deed was done to, after up to four words of who did it.
 */
const YES_NO_DEED = new RegExp(
  String.raw`^(?:has|have|had|did|does|do)\s+(?:[\w'’-]+\s+){1,4}?(?:(?:ever|already|actually|really|also|yet|formally|officially)\s+)?(?:${DEED})\s+(?:(?:about|on|for|up|to|against)\s+)?(.+)$`,
  'i',
);

/**
 * "Who raised fentanyl", "Which countries supported drug checking": the topic is what the deed was done to, after
 * who asks who did it.
 */
const WHO_DEED = new RegExp(
  String.raw`^(?:who|which\s+[\w-]+)\s+(?:(?:has|have|had|did)\s+)?(?:(?:ever|actually|really|also|first)\s+)?(?:${DEED})\s+(?:(?:about|on|for|up|to|against)\s+)?(.+)$`,
  'i',
);

/**
 * The topic of a question as a phrase to put in a follow-up and in a reply: "drug checking services" for "What
 * was said about drug checking services"; where the question is worded otherwise ("Was tramadol mentioned as
 * well?"), its content words without the asking ones ("tramadol").
 */
function topicPhrase(question: string): string {
  const core = topicCore(question);
  // "Has the CND ever endorsed harm reduction": what was endorsed, not who.
  const deedObject = (YES_NO_DEED.exec(core) ?? WHO_DEED.exec(core))?.[1];
  if (deedObject !== undefined && contentTerms(deedObject).length > 0) return deedObject;
  const stillAsks = /^(?:was|were|is|are|did|do|does|has|have)\b/i.test(core) || /\b(?:mentioned|discussed|come\s+up|as\s+well)\b/i.test(core);
  // "Was the dark web discussed": what was discussed, as written ("the dark web").
  return stillAsks ? (topicOf(core)?.trim() ?? contentPhrase(core)) : core;
}

/** Words that open a focus narrowing the earlier topic rather than naming one: "in prisons", "for women". */
const NARROWING = /^(?:in|on|at|for|among|amongst|with|without|from|by|during|within|outside|under|between|across|regarding)\b/i;

/** Whether a follow-up's focus is a topic of its own: a rare word, or a phrase of two content words or more. */
function namesOwnTopic(focus: string, rare: boolean): boolean {
  return !NARROWING.test(focus) && (rare || contentTerms(focus).length >= 2);
}

/**
 * The earlier question as a frame its topic phrase can be taken out of ("Did anyone mention | safe injection
 * sites"), or null when its words are not a topic phrase within it.
 */
function asksOfTopic(question: string): { replace: (topic: string) => string } | null {
  const phrase = topicPhrase(question);
  const at = question.lastIndexOf(phrase);
  if (phrase === question || at < 0) return null;
  return { replace: (topic) => `${question.slice(0, at)}${topic}${question.slice(at + phrase.length)}` };
}

/**
 * The follow-up with its first word pointing back replaced by what it stands for. "They" speaking stays (the
 * speakers); "it" speaking is the country the earlier question named ("What did it say about coca?" after "Did
 * Colombia take part?"), and stays when it named none: a topic does not speak.
 */
function pointBack(focus: string, referent: string, country: string | null, people: string | null): string {
  const speaking = new Set([...focus.matchAll(THEY_SPEAKING)].map((match) => match.index));
  const itSpeaking = new Set([...focus.matchAll(IT_SPEAKING)].map((match) => match.index));
  let replaced = false;
  return focus.replace(BACK_REFERENCES, (word: string, at: number) => {
    if (replaced || speaking.has(at)) return word;
    if (itSpeaking.has(at)) {
      if (country === null) return word;
      replaced = true;
      return country;
    }
    replaced = true;
    // "What helps them stop?" after "Why do people start using drugs?": "them" are the people, not the topic.
    if (people !== null && /^(?:them|they)$/i.test(word)) return people;
    return referent;
  });
}

/** Words after a noun for people that keep describing them: "women who inject drugs", "people in prison". */
const DESCRIBES_PEOPLE = /^(?:who|that|with|in|from|of|at|under|living|using|affected|and|or)$/i;

/**
 * The people an earlier question speaks of as the subject of what they do, with the words that qualify them
 * ("people" in "Why do people start using drugs?"), which a plural pronoun stands for. Null when it names none,
 * or when the people are its whole topic ("women who inject drugs"), which the topic's referent says already.
 */
function peopleIn(topic: string, kinds: KindReader): string | null {
  const words = [...trimEnd(topicPhrase(topic)).matchAll(WORD)].map(([word]) => word);
  const found = firstOfKind(words, 'people', kinds);
  if (found === null || found.at === words.length - 1 || DESCRIBES_PEOPLE.test(words[found.at + 1]!)) return null;
  return words.slice(found.from, found.at + 1).join(' ');
}

/**
 * What "that" or "those" stands for in a follow-up: the topic phrase, or for a topic still worded as a question
 * ("How many new psychoactive substances were reported"), its content words ("new psychoactive substances").
 */
function referent(question: string): string {
  // "Who chaired it?" after "What was this session about?": the meeting itself, not the words about it.
  if (asksForOverview(question)) return 'the meeting';
  const phrase = topicPhrase(question);
  return /^(?:who|what|which|when|where|why|how)\b/i.test(phrase) ? contentPhrase(phrase) : phrase;
}

function contentPhrase(text: string): string {
  const words = contentTerms(text).filter((word) => !ASKING.test(word));
  return words.length === 0 ? text : words.join(' ');
}

/**
 * What follows "about" in a question worded otherwise ("Is anyone worried about fentanyl?", "Is there anything on
 * access to medicines?"): what it asks of.
 */
const ABOUT_TOPIC = /\b(?:about|regarding|concerning|(?:anything|something|nothing|much|more|information)\s+on)\s+(\S.*)$/i;

/**
 * "What was said about drug checking services" → "drug checking services": the topic without the asking;
 * "Is anyone worried about fentanyl" → "fentanyl"; "How big is the dark web" → "the dark web".
 */
function topicCore(question: string): string {
  const core = question
    .replace(/^(?:what|how)\s+(?:was|were|is|are|did|do|does|has|have)\s+(?:[\w-]+\s+){0,4}?(?:said|say|says|discussed|discuss|mentioned|mention|noted|reported|stated)\s+(?:about|on|regarding|concerning)\s+/i, '')
    .replace(/^(?:what|which|who)\s+(?:was|were|is|are)\s+/i, '')
    // "How big is the dark web" → "the dark web": the size asked is not the thing "it" points back at.
    .replace(/^how\s+(?:big|large|high|widespread|extensive|common|prevalent|serious|important|dangerous|potent|toxic|deadly|lethal)\s+(?:was|were|is|are)\s+/i, '')
    // "Why does stigma matter" → "stigma": why it matters is not what "it" points back at.
    .replace(/^why\s+(?:does|do|did|is|are|was|were)\s+(.+?)\s+(?:matter|matters|important|necessary|needed|a\s+problem|an\s+issue|a\s+concern)$/i, '$1');
  return core !== question ? core : (ABOUT_TOPIC.exec(question)?.[1] ?? question);
}
