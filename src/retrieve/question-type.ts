import { numberWordValue } from '../parse/number-words.js';
import { COUNTRY_NAME, countriesAsked, countriesNamed } from './countries.js';

/**
 * What kind of answer a question wants. A factoid asks for one fact (who, how many, when, which); anything
 * else asks what was said on a topic, answered with several sentences.
 */
export type QuestionType =
  | { kind: 'factoid'; wants: AnswerCue }
  | { kind: 'topic' }
  | { kind: 'overview' };

const NUMBER = /\b(?:how\s+many|how\s+much|what\s+(?:share|percentage|proportion|number|amount|total|fraction)|(?:what|which)\s+(?:[\w-]+\s+){1,2}(?:rate|percentage|share|proportion|figure|total)\s+(?:was|were|is|are|did|has|had)\b|number\s+of|percentage\s+of|share\s+of|(?:what|which)\s+(?:is|was|were|are)\s+the\s+(?:\w+\s+)?(?:budget|cost|price|amount|figure|total|rate|size)s?)\b/i;
/**
 * "Any numbers on that?", "What figures were given…", "Are there any statistics on cannabis use?": asks for
 * figures, yes-or-no though it may be worded, which sentences without one do not give.
 */
const FIGURES_ASKED = /\b(?:any|what|which|some)\s+(?:figures|numbers|statistics|stats|estimates)\b/i;
/**
 * "How big were the profits…", "how large is the online market compared with…", "how potent is…": asks for a
 * magnitude, answered by a figure or a share, not by "large increases" (the record's words for a size it does
 * not give).
 */
const MAGNITUDE = /\bhow\s+(?:big|large|high|widespread|extensive|common|prevalent|potent|toxic|deadly|lethal|accurate)\b/i;
/** Asks for a person's name (or people's names), which a title ("the President of the Board") does not give. */
const NAMED_PERSON = /\bname\s+of\s+the\b.*\bwho\b|\bnames\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:speakers|experts|panell?ists|representatives|delegates|moderators|participants|people|persons|individuals)\b|\bwho\s+(?:is|was|were)\s+the\s+(?:[\w-]+\s+){0,4}?(?:president|chair|chairperson|director|chief|ambassador|minister|moderator|rapporteur)\s+(?:who|that|at|of|in|for|during)\b|\bwhat\s+(?:is|was)\s+the\s+name\s+of\s+the\s+(?:[\w-]+\s+){0,3}(?:president|chair|director|chief|ambassador|minister|speaker|moderator|officer|expert|panell?ist|representative|delegate|researcher|scientist|professor|official|statistician|rapporteur)\b/i;
/** Asks what something is worth or costs, in money: answered by a sum, not by any number. */
const MONEY = /\b(?:how\s+much\s+(?:money|funding|was\s+(?:spent|pledged|raised|invested|allocated|paid))|what\s+did\s+(?:[\w'’-]+\s+){0,6}?cost|(?:what|which)\s+(?:is|was|were|are)\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:value|worth|cost|budget|funding|price|turnover|revenue|proceeds)|(?:value|worth|size)\s+of\s+the\s+(?:\w+\s+){0,2}?(?:market|trade|business|industry)|how\s+much\s+(?:is|was|are|were)\s+(?:\w+\s+){0,4}?worth|(?:what|how\s+much)\s+(?:is|was|are|were)\s+(?:[\w'’-]+\s+){1,6}?worth(?!\s+(?:noting|mentioning))|\b(?:value|worth|cost|size|amount)\s+(?:[\w'’-]+\s+){0,4}?in\s+(?:US\s+)?(?:dollars|euros|USD|EUR))\b/i;
/** Asks how a vote went or whether there was one: answered only by a sentence that reports voting. */
const VOTE = /\b(?:vot(?:e|ed|es|ing)|ballot|in\s+favou?r|against\s+it|abstain(?:ed)?|unanimous(?:ly)?|by\s+consensus)\b/i;
/** Asks what came of something: its results, outcome, effect or achievements. */
const RESULT = /\b(?:what\s+(?:were|was|are|is)\s+the\s+(?:\w+\s+){0,2}?(?:results?|outcomes?|effects?|impacts?|achievements?|findings|conclusions?)|what\s+(?:results?|outcomes?|achievements?|impacts?|effects?|conclusions?)\s+(?:has|have|did|do|does|were|was|came|come)\b|what\s+(?:did|has|have|do|does)\s+(?:\w+\s+){0,5}?(?:achieve|achieved|accomplish|accomplished|deliver|delivered|produce|find|found|show|showed|conclude|concluded|reveal|revealed)|did\s+(?:\w+\s+){0,5}?(?:succeed|work|pay\s+off|reduce|lower|cut))\b/i;

/**
 * Asks whether something was decided, adopted or agreed, or what was: "Has the convention been adopted yet?",
 * "Did the Commission decide to add…?", "Did the report end up including…?", "What did the review finally
 * decide?". A yes-or-no question may name a long subject first ("Was the proposal to merge the two
 * programmes into one eventually approved?"). Summaries of discussions report views far more often than
 * decisions, so only a sentence that reports one answers.
 */
const DECISION = /(?:^\s*(?:has|have|had|was|were|is|are)\s+(?:[\w'’-]+\s+){0,16}?(?:been\s+)?(?:adopted|approved|ratified|endorsed|decided|finali[sz]ed|agreed\s+(?:on|upon|to))\b)|\b(?:(?:has|have|had|was|were|is|are)\s+(?:[\w'’-]+\s+){0,6}?(?:been\s+)?(?:adopted|approved|ratified|endorsed|decided|finali[sz]ed|agreed\s+(?:on|upon|to))|did\s+(?:[\w'’-]+\s+){0,5}?(?:decide|adopt|approve|ratify|endorse|finali[sz]e|agree\s+(?:on|upon|to)|end\s+up\s+\w+ing)|what\s+did\s+(?:[\w'’-]+\s+){0,6}?(?:decide|agree\s+(?:on|upon|to)|adopt)|(?:what|which)\s+(?:was|were|are|is)\s+(?:the\s+)?(?:[\w'’-]+\s+)?decisions?)\b/i;

/**
 * Asks for the content of what someone said or found, insisting on it: "What exactly did the Ambassador say?",
 * "What did the Italian expert actually argue?", "What exactly did the studies find?". A record that only notes
 * that a statement was made, or that studies showed "promising results", does not answer.
 */
const STATEMENT_CONTENT = /\bwhat\s+(?:(?:exactly|actually|specifically|precisely)\s+)?(?:did|does|do|has|have)\s+(?:[\w'’-]+\s+){1,12}?(?:(?:exactly|actually|specifically|precisely|really)\s+)?(?:say|argue|state|propose|suggest|recommend|claim|tell|ask\s+for|call\s+for|find|show|conclude|reveal)\b/i;
const INSISTS = /\b(?:exactly|actually|specifically|precisely|really|in\s+detail)\b/i;
/** "…say on the 2020 NPS panel": "on" names where it was said, not what about. */
const WHERE_SPOKEN = String.raw`the\s+(?:[\w-]+\s+){0,3}?(?:panel|session|day|debate|discussion|occasion|briefing|meeting|segment)\b`;

/**
 * "What did Paraguay's written statement say?", "What did the Chair's opening remarks state?": the content of one
 * statement, which a summary may record only by naming its speaker among others.
 */
const ONE_STATEMENT_SAID = /\bwhat\s+did\s+(?:the\s+)?(?:[\p{L}\p{N}-]+\s+){0,4}?[\p{L}\p{N}-]+['’]s?\s+(?:(?:written|oral|joint|opening|closing|national)\s+)?(?:statements?|interventions?|presentations?|submissions?|contributions?|speech|remarks)\b(?:\s+[\w'’().-]+){0,8}?\s+(?:say|state|argue|propose|contain|cover)\b/iu;

/**
 * "What did the Ambassador of Afghanistan say in his presentation?", "What did the expert from the Dalgarno
 * Institute argue?": one speaker, named by office, asked what they said (not "what did speakers say about X",
 * which asks what was said on a topic). A summary often records only that they spoke.
 */
const ONE_SPEAKER_SAID = new RegExp(
  String.raw`\bwhat\s+did\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:ambassador|expert|representative|chief|director|executive\s+director|president|minister|panell?ist|delegate|observer|officer|statistician|rapporteur|moderator|member)\b(?:\s+[\w'’().-]+){0,8}?\s+(?:say|argue|state|propose|suggest|recommend|present|claim|tell|explain|report)\b(?!\s+(?:about|regarding|concerning|on\s+(?!behalf|${WHERE_SPOKEN})))`,
  'i',
);

/**
 * "What did civil society say about harm reduction?", "What did the INCB say?": what one named speaker said, not
 * what was said on a topic by whoever spoke. The summaries attribute most views to "some speakers" and
 * "delegations", so quoting those for a named speaker puts words in its mouth. A verb of speaking followed by
 * another is a noun ("What did the 2024 report say…").
 */
const SPEAKER_SAID = /^\s*(?:(?:and|so|then|ok|okay)\s*,?\s+)?what\s+(?:exactly\s+|else\s+)?(?:did|does|do|has|have|had)\s+((?:[\p{L}\p{N}'’.-]+\s+){0,10}?[\p{L}\p{N}'’.-]+)\s+(?:(?:actually|really|exactly|specifically|also|ever|then)\s+)?(say|said|state|note|argue|propose|suggest|recommend|report|present|highlight|stress|emphasi[sz]e|claim|tell|explain|think|want|call\s+for|mention|raise|contribute)\b(?!\s+(?:say|state|note|argue|propose|suggest|recommend|report|present|highlight|stress|claim|tell|explain|mention)\b)/iu;
/**
 * Who stands for whoever spoke, or for the whole record: "What did delegates say about…", "What did the first round
 * say about…" and "What has been said about…" ask what was said. A country is read by `oneCountrySaid` and the
 * paragraphs that name it.
 */
const ANY_SPEAKER = /^(?:been|being|they|them|he|she|it|this|that|these|those|we|you|anyone|anybody|everyone|someone|somebody|others?|people|speakers?|delegates?|delegations?|participants?|panell?ists?|panels?|experts?|members?|states|countries|governments?|nations|commission|cnd|chair|chairs|chairperson|documents?|summar(?:y|ies)|reports?|record|texts?|meetings?|sessions?|rounds?|years?|chapters?|discussions?|debates?|un|united|nations)$/i;

/** The speaker a question asks what they said, as the question writes it, and what it asks about, if anything. */
export interface SpeakerAsked {
  speaker: string;
  /** The question after its verb of speaking: "about synthetic drugs?" for "What did UNODC say about synthetic drugs?". */
  about: string;
}

/**
 * The speaker a question asks what they said, or null when it asks what was said on a topic (by speakers at large,
 * the Commission, the record) or names a country.
 * @example
 * speakerAsked('What did civil society say about harm reduction?'); // { speaker: 'civil society', about: ' about harm reduction?' }
 * speakerAsked('What did delegates say about cannabis?'); // null
 */
export function speakerAsked(question: string): SpeakerAsked | null {
  const match = SPEAKER_SAID.exec(question);
  // A verb of speaking written with a capital inside the question is part of a name: "the 2021 World Drug Report".
  if (match === null || /^\p{Lu}/u.test(match[2]!)) return null;
  const speaker = match[1]!.replace(/^the\s+/i, '').replace(/['’]s?(?![\p{L}\p{N}])/gu, '');
  // "What did the 2024 report say…" names a document, not a speaker; a speaker has a name, not a number alone.
  if (countriesAsked(speaker).length > 0 || !/\p{L}/u.test(speaker)) return null;
  const words = speaker.split(/\s+/);
  if (words.some((word) => ANY_SPEAKER.test(word))) return null;
  return { speaker, about: question.slice(match.index + match[0].length) };
}

/**
 * "Which country…", "which 18 countries…", "which Central Asian countries…", "what Member States…", "which
 * delegation…" (a delegation speaks for a State): answered by country names, not any capitalised words.
 */
const COUNTRY_QUESTION = /\b(?:which|what)\s+(?:(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+)?(?:other\s+)?(?:(?!(?:did|do|does|is|are|was|were|has|have|had|can|could|should|would|will)\b)[\w-]+\s+){0,2}?(countr(?:y|ies)|member\s+states?|nations?|governments?|delegations?)\b/i;
/** A list of countries is answered by a sentence naming several, at most this many required even for "which 47 States". */
const MAX_COUNTRIES_REQUIRED = 3;

/** "How long…" asks for a stretch of time, "how often…" for a frequency: a sentence without one does not answer. */
const DURATION = /\bhow\s+long\b/i;
const FREQUENCY = /\bhow\s+(?:often|frequently)\b/i;
/** "What is the deadline for submitting…": a date, which "annual" or "in due course" is not. */
const DEADLINE = /\b(?:what|which)\s+(?:is|was|are|were)\s+the\s+(?:[\w-]+\s+){0,2}?(?:deadlines?|due\s+dates?|closing\s+dates?|time\s*limits?)\b|\bby\s+when\b/i;
// "When COVID lockdowns hit, how did…" opens with a clause of time and asks how: not a date question.
const DATE = /^\s*(?:when(?![^?]*,\s*(?:how|what|which|who|why|did|do|does|were|was|is|are)\b)|(?:on|in|during)\s+(?:what|which)\s+(?:day|days|date|dates|month|year)|what\s+(?:day|days|date|dates|month|year)|which\s+(?:day|days|date|dates|month|year))\b/i;
/**
 * "Who…", also after a leading phrase ("In 2021, who chaired…"), or "which ambassador…". Not any "who": in
 * "women who use drugs" it only starts a relative clause, and this domain is full of them.
 */
const PERSON = /(?:^\s*|[,;:]\s*|^\s*(?:and|but|so)\s+)(?:who|whom|whose|by\s+whom)\b|\b(?:which|what)\s+(?:ambassador|person|official|chair|vice-chair|speaker|expert|delegate)s?\b/i;
/**
 * "Who gets hit hardest by the drug trade?", "Who is most at risk of overdose?": the groups a topic affects, which
 * the discussion of it names, not a person or a speaker (the roll of a meeting's speakers never answers it).
 */
const WHO_IS_AFFECTED = /^\s*who\s+(?:(?:is|are|was|were|gets?|got|has|have|had|will|would)\s+)?(?:been\s+)?(?:(?:the\s+)?(?:most|more|hardest|worst|least|likeliest|first)\s+)?(?:affected|hit|harmed|hurt|suffers?|suffered|suffering|at\s+risk|vulnerable|likely|benefits?|benefited|needs?|needed|uses?|used|dies?|died|dying|struggles?|pays?|paid|loses?|lost)\b/i;
const NAME = /^\s*(?:which|what\s+(?:is|was|were|are)\s+the\s+names?|name\s+the|where)\b|\b(?:which|what)\s+(?:organi[sz]ations?|countries|country|states?|programmes?|tools?|initiatives?|bodies|entities|platforms?|resolutions?)\b/i;

/**
 * "Why did the Chair hand over moderation…?", "Why didn't Paraguay speak?", "Why has the number of NPS stabilised?":
 * the reason for one past action or change. A summary reports what was done, seldom why, so only a sentence
 * that gives a reason answers. Not "why do people relapse?" or "why are synthetic drugs spreading?", whose
 * reasons are the discussion itself.
 */
const REASON_FOR_ACTION = /^\s*why\s+(?:did|didn['’]t|did\s+not|has|have|had|hasn['’]t|haven['’]t)\b/i;

/**
 * "What pledges have countries made under Pledge4Action?": what was pledged, which a record of the initiative, or
 * of countries invited to pledge, does not say.
 */
const PLEDGES = /\bwhat\s+(?:[\w-]+\s+){0,2}?(?:pledges|promises)\s+(?:have|had|has|did|were|was)\b/i;

/** "Which sessions / years / meetings / paragraphs…" asks where a topic came up: answered as a timeline, not one fact. */
const WHERE_IN_TIME = /\b(?:which|what)\s+(?:other\s+)?(?:sessions?|years?|meetings?|rounds?|chapters?|paragraphs?|passages?|parts?|sections?)\b/i;

const YES_NO = /^\s*(?:is|are|was|were|do|does|did|has|have|had|can|could|should|would|will)\b/i;

/**
 * "Was sewage testing put forward as a way to gauge how much…": a yes-or-no question, answered by what was said
 * even when a clause inside it reads like a factoid. Retrieval still looks for the fact the clause names: a
 * paragraph that states it is the best evidence either way.
 */
export function isYesNoQuestion(question: string): boolean {
  return YES_NO.test(question);
}

/**
 * "What did they say about testing sewage to work out how much drugs a city uses?" asks what was said: the
 * "how much" inside it is the topic, not the fact wanted.
 */
const WHAT_WAS_SAID = /^\s*what\s+(?:did|was|were|has|have|do|does|is|are)\s+(?:[\w'’-]+\s+){0,5}?(?:say|said|says|discuss|discussed|mention|mentioned|note|noted|raise|raised|stress|stressed|highlight|highlighted)\s+(?:about|on|regarding|concerning)\b/i;

const DISCOURSE_VERB = String.raw`(?:say|said|says|discuss|discussed|mention|mentioned|talk|talked|speak|spoke|raise|raised|note|noted|stress|stressed|highlight|highlighted|bring\s+up|brought\s+up|come\s+up|came\s+up|address|addressed)`;
/** "What did delegates say about gambling addiction?", "Did anyone talk about kratom?": what was said about. */
const SAID_ABOUT = new RegExp(String.raw`\b${DISCOURSE_VERB}\s+(?:about|on|regarding|concerning|of|how\s+to|how|whether|why)\s+(.+)$`, 'i');
/** "Was doping in sport discussed?", "Were captagon seizures mentioned in 2021?": what was discussed. */
const WAS_DISCUSSED = new RegExp(String.raw`^\s*(?:was|were|is|are|has|have|had)\s+(.+?)\s+(?:ever\s+|also\s+)?(?:been\s+)?${DISCOURSE_VERB}\b`, 'i');
/**
 * "When was the death penalty discussed?", "When did they talk about cannabis?": the meetings that spoke of a topic
 * (its years, on record), not a date the record states. The verb of speaking ends the question, or opens its last
 * clause: in "When was the Global Coalition to Address Synthetic Drugs Threats launched?" it is part of a name.
 */
const WHEN_SPOKEN_OF = new RegExp(String.raw`^\s*when\s+(?:was|were|did|has|have|had|is|are)\s+(?:[\w'’-]+\s+){0,8}?${DISCOURSE_VERB}(?:\s+(?:about|on|at|in|during|regarding|concerning)\b[^?]*)?\s*\??\s*$`, 'i');
/** "Did drug checking services come up in 2019?": the topic is what came up. */
/**
 * "Was the word 'harm reduction' used in 2021?", "Was the term drug checking mentioned?", and the same once the
 * question reader has taken "the word" out ("Was 'harm reduction' used…"): the wording is the topic.
 */
const WORDING_USED = /^\s*(?:was|were|is|are|has|have|had)\s+(?:(?:the\s+)?(?:words?|terms?|phrases?|expressions?)\s+(.+?)|(["'“‘][^"'”’]+["'”’]))\s+(?:ever\s+|also\s+|even\s+)?(?:been\s+)?(?:used|mentioned|employed|cited|found)\b/i;
/** "Who raised fentanyl?", "Which countries mentioned captagon in 2021?": what someone spoke of, as the question asks who. */
const WHO_SPOKE_OF = new RegExp(String.raw`^\s*(?:who|which\s+[\w-]+)\s+(?:(?:has|have|had|did)\s+)?(?:ever\s+|also\s+|first\s+)?(?:${DISCOURSE_VERB})\s+(?!about\b|on\b|regarding\b|concerning\b|of\b|how\b|whether\b|why\b|that\b|it\b|this\b|them\b)(.+)$`, 'i');
const DID_COME_UP = /^\s*(?:did|does|do)\s+(.+?)\s+(?:ever\s+|also\s+|even\s+)?come\s+up\b/i;

/** "Did the discussions cover kratom?", "Did any speaker touch on …?": whether the meetings took up a topic. */
const DID_THEY_COVER = /^\s*(?:did|do|does|have|has)\s+(?:the\s+|any\s+|anyone\s+|any\s+of\s+the\s+)?(?:[\w-]+\s+){0,2}?(?:discussions?|debates?|sessions?|meetings?|speakers?|delegates?|delegations?|panell?ists?|experts?|summar(?:y|ies)|record|documents?|commission)\s+(?:ever\s+|also\s+)?(?:cover|address|touch\s+(?:on|upon)|deal\s+with|take\s+up|consider|examine|look\s+at|tackle)\s+(.+)$/i;
/**
 * "What measures against doping were recommended?", "What support for veterans was discussed?": the response
 * proposed to a topic; what it is a response to is the topic.
 */
const WHAT_RESPONSE_TO = /^\s*what\s+(?:measures|support|steps|actions|policies|approaches|efforts|responses|recommendations|initiatives|programmes|programs|services)\s+(?:for|against|on|to|towards|regarding|concerning)\s+(.+?)\s+(?:was|were|has|have|had|is|are)\s+(?:been\s+)?(?:recommended|discussed|proposed|suggested|mentioned|taken|adopted|called\s+for|highlighted|presented|shared|described)\b/i;

/**
 * The part of a question that names its topic, when it asks what was said about one: "gambling addiction" in
 * "What did delegates say about gambling addiction?". Who spoke ("delegates", "the Commission") is not what the
 * question is about, so it does not tell whether the documents speak of it. Null for other questions.
 * @example
 * topicOf('Was doping in sport discussed?'); // 'doping in sport'
 */
export function topicOf(question: string): string | null {
  const wording = WORDING_USED.exec(question);
  if (wording !== null) return (wording[1] ?? wording[2]!).replace(/["'“”‘’]/g, '').trim();
  return SAID_ABOUT.exec(question)?.[1] ?? WAS_DISCUSSED.exec(question)?.[1] ?? DID_COME_UP.exec(question)?.[1] ?? DID_THEY_COVER.exec(question)?.[1] ?? WHAT_RESPONSE_TO.exec(question)?.[1] ?? WHO_SPOKE_OF.exec(question)?.[1] ?? null;
}

/** "about X", "recommendations on X": the words after which a question states its topic when not asking what was said of it. */
const STATED_TOPIC = /\b(?:about|regarding|concerning|(?:recommendations?|views?|discussions?|debates?|positions?|statements?|measures|progress|work|data|information|figures|numbers|anything|something|nothing|much|more)\s+on)\s+(\S.*)$/i;

/**
 * The topic a question names in so many words: what it asks was said of (topicOf), or what follows "about" or
 * a noun of discussion and "on" ("What were the recommendations on alternative development?"); null otherwise.
 * Not any "on": "high on synthetic drugs" and "bought on hidden websites" state no topic.
 * @example
 * statedTopic('What were the recommendations on alternative development?'); // 'alternative development?'
 */
export function statedTopic(question: string): string | null {
  return topicOf(question) ?? STATED_TOPIC.exec(question)?.[1] ?? null;
}

/**
 * "What did Israel say when it used its right of reply?", "What did the delegation of Paraguay state?": one country
 * asked what it said, which a summary often records only by naming it among the speakers. Not "what did
 * countries say about…", nor a country asked what it said about a topic ("about", "on" follow the verb).
 */
const COUNTRY_SAID = new RegExp(
  // A question need not capitalise the country: "what did portugal say".
  String.raw`\bwhat\s+did\s+(?:the\s+(?:delegation|representative|government)\s+of\s+)?(?:the\s+)?(?:${COUNTRY_NAME.source})\s+(?:[\w'’-]+\s+){0,2}?(?:say|state|argue|propose|present|claim)\b(?!\s+(?:about|regarding|concerning|on\s+(?!behalf)))`,
  'iu',
);

function oneCountrySaid(question: string): boolean {
  return COUNTRY_SAID.test(question);
}

/**
 * "What were the main topics in 2021?", "What was the 2022 session about?", "Summarise the 2019 discussions": what
 * a meeting discussed as a whole. The words around these forms may only name the meeting (`MEETING_ONLY`); a
 * question with a topic of its own ("What topics were discussed about cannabis?") asks about that topic.
 */
const OVERVIEW = new RegExp(
  [
    String.raw`^\s*(?:what|which)\s+(?:were|was|are|is)\s+(?:the\s+)?(?:(?:main|key|major|principal|central|core|overall|general|big)\s+)?(?:topics?|themes?|issues|subjects|agenda|priorities|focus|challenges|concerns|worries|problems)\b(?:\s+(?:discussed|addressed|covered|debated|examined|considered|tackled|taken\s+up))?`,
    String.raw`^\s*(?:what|which)\s+(?:(?:main|key|major|principal)\s+)?(?:topics?|themes?|issues|subjects|challenges|concerns|worries|problems)\s+(?:were|was|did|have\s+been|had\s+been)\s+(?:[\w'’-]+\s+){0,4}?(?:discussed|addressed|covered|debated|examined|considered|tackled|discuss|address|cover|debate|examine|consider|tackle)\b`,
    String.raw`^\s*(?:what|which)\s+(?:(?:main|key|major|principal)\s+)?(?:topics?|themes?|issues|subjects|challenges)\s+(?:came|come|have\s+come)\s+up\b`,
    String.raw`^\s*what\s+(?:was|were|is|are)\s+(?:the\s+|that\s+)?(?:[\w'’-]+\s+){0,3}?(?:sessions?|meetings?|discussions?|rounds?|year|debates?)\s+(?:all\s+|mainly\s+|mostly\s+|really\s+)?about\b`,
    String.raw`^\s*what\s+(?:did|do|does)\s+(?:the\s+)?(?:commission|cnd|meetings?|sessions?|discussions?|delegates|member\s+states|speakers)\s+(?:mainly\s+|mostly\s+|actually\s+)?(?:discuss|cover|address|focus\s+on|debate|talk\s+about)\b`,
    String.raw`^\s*what\s+(?:was|were|is)\s+on\s+the\s+agenda\b`,
    String.raw`\b(?:an?\s+)?(?:overview|summary|rundown|recap|outline|gist)\s+of\b`,
    String.raw`^\s*(?:please\s+)?(?:summari[sz]e|sum\s+up|recap|outline)\b`,
    String.raw`^\s*what\s+(?:happened|went\s+on|took\s+place)\b`,
    String.raw`^\s*(?:(?:can|could)\s+you\s+)?(?:tell\s+me|walk\s+me\s+through|talk\s+me\s+through)(?:\s+about)?\b`,
  ].join('|'),
  'i',
);
/** Words that only name the meeting an overview question asks about, or hold the question together. */
const MEETING_ONLY =
  /\b(?:(?:19|20)\d{2}|first|second|third|fourth|fifth|sixth|sixty-\w+|last|latest|previous|next|thematic|intersessional|autumn|sessions?|meetings?|discussions?|debates?|rounds?|years?|commission|cnd|chair['’]?s?|summary|summaries|the|a|an|in|at|of|during|for|on|this|that|these|those|its|their|all|each|every|main|key|please|me|us|can|could|would|you|give|tell|briefly|quickly|held|was|were|is|are|did|do|does|what|which|about|and|then|over|across|throughout|since|between|to|from|ever|so|far)\b/gi;

/**
 * Whether a question asks what a meeting discussed as a whole, naming no topic of its own.
 * @example
 * asksForOverview('What was the 2022 session about?'); // true
 * asksForOverview('What topics were discussed about cannabis?'); // false
 */
export function asksForOverview(question: string): boolean {
  const match = OVERVIEW.exec(question);
  if (match === null) return false;
  const around = `${question.slice(0, match.index)} ${question.slice(match.index + match[0].length)}`;
  return around.replace(MEETING_ONLY, ' ').replace(/[^\p{L}\p{N}]+/gu, '') === '';
}

/** "Who chaired each year?", "How many registrations were there every session?": the fact asked for, year by year. */
const EACH_YEAR = /\b(?:each|every|per)\s+(?:year|session|meeting|round)\b|\byear\s+by\s+year\b|\b(?:in|for|at)\s+each\s+of\s+the\s+(?:years|sessions|meetings|rounds)\b/i;

/**
 * Whether a question asks for its fact in every year on record rather than once.
 * @example
 * asksEachYear('Who chaired each year?'); // true
 */
export function asksEachYear(question: string): boolean {
  return EACH_YEAR.test(question);
}

/**
 * Whether the question asks for figures in so many words, as a yes-or-no question may ("Are there any statistics
 * on drug use in prisons?"): answered by a figure, not by what was said.
 * @example
 * asksForFigures('Any numbers on that?'); // true
 * asksForFigures('Did the number of NPS increase?'); // false: asks whether it did
 */
export function asksForFigures(question: string): boolean {
  return FIGURES_ASKED.test(question);
}

/** "Who opposed…", "who has supported…": the verb whose doer a "who" question asks for; not a copula ("who was…"). */
const WHO_DID = /(?:^\s*|[,;:]\s*|^\s*(?:and|but|so)\s+)who\s+(?:(?:did|has|have|had)\s+)?(?:(?:ever|actually|really|also|first|most|strongly)\s+)?(?!(?:was|were|is|are|be|been|did|does|do|has|have|had|can|could|would|will|should)\b)([a-z]+)\b/i;

/**
 * The deed a "who" question asks the doer of, or null: "Who opposed the death penalty?" asks who opposed it.
 * @example
 * deedAsked('Who opposed the death penalty?'); // 'opposed'
 * deedAsked('Who was the Chair in 2020?'); // null
 */
export function deedAsked(question: string): string | null {
  return WHO_DID.exec(question)?.[1] ?? null;
}

export function classifyQuestion(question: string): QuestionType {
  if (asksForOverview(question)) return { kind: 'overview' };
  if ((INSISTS.test(question) && STATEMENT_CONTENT.test(question)) || ONE_SPEAKER_SAID.test(question) || ONE_STATEMENT_SAID.test(question) || oneCountrySaid(question)) return { kind: 'factoid', wants: 'statement' };
  // A reason, whatever else the question names: "why has the number of NPS stabilised?" asks for no number.
  if (REASON_FOR_ACTION.test(question)) return { kind: 'factoid', wants: 'reason' };
  if (WHERE_IN_TIME.test(question) || WHAT_WAS_SAID.test(question) || WHEN_SPOKEN_OF.test(question)) return { kind: 'topic' };
  if (VOTE.test(question) && !/\bvot(?:e|ing)\s+(?:rights|age)\b/i.test(question)) return { kind: 'factoid', wants: 'vote' };
  if (MONEY.test(question)) return { kind: 'factoid', wants: 'money' };
  if (PLEDGES.test(question)) return { kind: 'factoid', wants: 'pledge' };
  if (COUNTRY_QUESTION.test(question)) return { kind: 'factoid', wants: 'country' };
  if (RESULT.test(question)) return { kind: 'factoid', wants: 'result' };
  if (NUMBER.test(question) || FIGURES_ASKED.test(question) || MAGNITUDE.test(question)) return { kind: 'factoid', wants: 'number' };
  if (DURATION.test(question)) return { kind: 'factoid', wants: 'duration' };
  if (FREQUENCY.test(question)) return { kind: 'factoid', wants: 'frequency' };
  if (DATE.test(question) || DEADLINE.test(question)) return { kind: 'factoid', wants: 'date' };
  if (DECISION.test(question)) return { kind: 'factoid', wants: 'decision' };
  if (WHO_IS_AFFECTED.test(question)) return { kind: 'topic' };
  if (NAMED_PERSON.test(question)) return { kind: 'factoid', wants: 'named person' };
  if (PERSON.test(question)) return { kind: 'factoid', wants: 'person' };
  if (NAME.test(question)) return { kind: 'factoid', wants: 'name' };
  return { kind: 'topic' };
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
export type AnswerCue = 'number' | 'money' | 'vote' | 'result' | 'decision' | 'statement' | 'country' | 'person' | 'named person' | 'date' | 'name' | 'duration' | 'frequency' | 'reason' | 'pledge';

const COUNT_WORD = String.raw`(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|several|many|few)`;
const TIME_UNIT = String.raw`(?:years?|months?|weeks?|days?|hours?|decades?)`;

const HONORIFIC_NAME = /(?:\bH\.E\.|\b(?:Ambassador|Mr\.|Ms\.|Mrs\.|Dr\.|Professor|Judge))\s+\p{Lu}/u;

const CUES: Record<AnswerCue, RegExp> = {
  country: COUNTRY_NAME,
  // A sum of money: a currency with a number, or a number of millions or billions of one.
  money: /(?:US\$|\$|€|£|\bUSD|\bEUR)\s*\d|\b\d[\d,.]*\s*(?:million|billion|trillion)?\s*(?:dollars|euros|pounds|USD|EUR)\b/i,
  vote: /\b(?:vot(?:e|ed|es|ing)|ballot|in\s+favou?r\s+of\s+the\s+(?:draft|resolution|proposal)|abstentions?|unanimous(?:ly)?|adopted\s+(?:by|without)\s+(?:a\s+)?(?:vote|consensus))\b/i,
  // What someone said, reported with its content: "stressed that…", "highlighted the importance of…", "called for…".
  statement: /\b(?:found|showed|shown|concluded|revealed|demonstrated|said|stated|stressed|noted|emphasi[sz]ed|highlighted|underlined|underscored|argued|pointed\s+out|recalled|explained|expressed|reiterated|observed|indicated|suggested|proposed|recommended|warned|cautioned|shared|reported|presented|welcomed|acknowledged|called\s+(?:for|on|upon))\s+(?:that|how|the|its|their|his|her|a|an|on|in|about|to|for|with|experiences?|concerns?|support)\b/i,
  // A decision reported as made: adopted, approved, agreed on, decided, entered into force.
  decision: /\b(?:adopted|approved|ratified|endorsed|decided|agreed\s+(?:to|on|upon|that)|decisions?\s+(?:was|were|to|on)|entered\s+into\s+force|(?:reached|by)\s+(?:a\s+)?consensus|consensus\s+was\s+reached)\b/i,
  // What came of something, said as such: results, outcomes, evaluations, progress made, or a change it brought
  // about ("led to", "was leading to").
  result: /\b(?:results?\s+(?:of|showed|show|indicate)|(?:found|showed|shown|concluded|revealed|indicated|suggested|confirmed)\s+that|outcomes?\s+(?:of|were|was)|resulted\s+in|(?:led|leads?|leading)\s+to|progress\s+(?:had|has|have)\s+been\s+made|progress\s+(?:was|were)\s+made|evaluations?\s+(?:of|showed|found)|(?:reduced|reduction|decrease[ds]?|increase[ds]?|declined?)\s+(?:by|in|of)\s+\S+|achieved|succeeded|success(?:ful(?:ly)?)?\s+in)\b/i,
  // Years are numbers too, but never the answer to "how many".
  number: /\b(?!(?:19|20)\d{2}\b)\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion|per\s*cent|percent|half|third|quarter|majority)\b|%/i,
  // A named person: an honorific before a capitalised name, or an office held "by" someone named; or a delegation,
  // which speaks for its country ("statements were made by Singapore on behalf of 43 countries").
  person: new RegExp(`${HONORIFIC_NAME.source}|\\bby\\s+(?:the\\s+)?(?:\\p{Lu}[\\p{L}-]+\\s+){1,}(?:of|\\p{Lu})|\\bby\\s+(?:the\\s+)?(?:${COUNTRY_NAME.source})`, 'u'),
  'named person': HONORIFIC_NAME,
  // A year alone dates something when it follows a preposition or ends a clause ("published in 2020", "set up
  // 2019."), not when it names what follows ("the 2024 midterm review", "the 2019 Ministerial Declaration").
  date: new RegExp(`\\b(?:\\d{1,2}(?:[–-]\\d{1,2})?\\s+(?:${MONTHS})|(?:${MONTHS})\\s+\\d{4})\\b|(?<=\\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|[Bb]etween|of|to|and|as\\s+of)\\s+)(?:19|20)\\d{2}\\b|\\b(?:19|20)\\d{2}\\b(?!\\s+\\p{L})`, 'u'),
  // Capitalised names, acronyms, and the numbers UN bodies name their resolutions and decisions by ("resolution 61/4").
  name: /(?:\b\p{Lu}[\p{L}-]+\s+){1,}\p{Lu}[\p{L}-]+|\b\p{Lu}{2,}\b|\b(?:resolutions?|decisions?)\s+\d+\/\d+/u,
  // "three years", "a decade" ("a multi-year workplan" is not one); a life sentence is a length too.
  duration: new RegExp(String.raw`\b${COUNT_WORD}[\s-]+${TIME_UNIT}\b|\blife\s+(?:imprisonment|sentences?)\b`, 'i'),
  // A pledge reported as made: someone pledged or promised something, or pledges of a sum or to do something.
  pledge: /\b(?:pledged|promised)\b|\bpledges?\s+(?:of|to)\s+(?:US\$|\$|€|£|USD|EUR|\d|provide|fund|support|increase|reduce|establish|allocate|contribute)/i,
  // A reason given as such: "because", "due to", "in order to", "at the request of", "as … was unable to".
  reason: /\b(?:because|due\s+to|owing\s+to|as\s+a\s+result\s+of|in\s+order\s+to|so\s+as\s+to|so\s+that|reasons?\s+(?:for|why|was|were|being)|the\s+reason|given\s+that|in\s+view\s+of|in\s+light\s+of|on\s+account\s+of|caused\s+by|driven\s+by|attributed\s+to|in\s+response\s+to|at\s+the\s+request\s+of|(?:was|were)\s+unable\s+to|could\s+not|in\s+the\s+absence\s+of)\b/i,
  frequency: new RegExp(String.raw`\b(?:annually|yearly|monthly|weekly|daily|every\s+(?:${COUNT_WORD}\s+)?${TIME_UNIT}|each\s+(?:year|month|week|session)|(?:once|twice|${COUNT_WORD}\s+times)\s+(?:a|per|each)\s+\w+)\b`, 'i'),
};

/** Every kind of fact a factoid may ask for. */
export const ANSWER_CUES = Object.keys(CUES) as AnswerCue[];

/**
 * A meeting summary's roll of speakers ("Statements were made by Switzerland on behalf of 47 Member States, Italy…",
 * "Expert panellists participated from…"): the countries it names spoke, which answers "which countries spoke"
 * and not "which countries joined the coalition".
 */
const ROLL_OF_SPEAKERS = /\b(?:(?:statements?|presentations?)\s+(?:were\s+|was\s+)?(?:also\s+)?(?:made|delivered|given)\s+by|panell?ists\s+participated\s+from|(?:panel|panel\s+discussion|interactive\s+debate)\s+(?:\w+\s+){0,6}?included\s+(?:\w+\s+)?experts?\s+from|(?:also\s+)?made\s+statements|took\s+the\s+floor|interventions\s+were\s+(?:also\s+)?made\s+by|(?:exercised|made\s+use\s+of|used)\s+(?:their|its|the)\s+rights?\s+of\s+reply)\b/i;
/** "What did the experts' statements say…": asks what was said, which a roll of who spoke does not tell. */
const ASKS_WHAT_WAS_SAID = /\bwhat\s+did\b[^?]*?\b(?:say|state|argue|tell|explain|propose|recommend)\b/i;
const ASKS_WHO_SPOKE = /\b(?:(?:were|was)\s+(?:there|present|represented)|spoke|speak|speaking|statements?|presentations?|presented|took\s+the\s+floor|intervened|interventions?|panel(?:l?ists?|s)?|experts?|participated|participat(?:e|es|ing)|participants?|t(?:ook|ake|akes|aking)\s+part|attend(?:ed|s|ing)?|delegations?\s+(?:were|was)\s+present)\b/i;

/**
 * Whether a sentence is a roll of who spoke and the question does not ask who spoke: the countries it names
 * spoke at the meeting, which says nothing else about them.
 * @example
 * onlyRollOfSpeakers('Statements were made by China and Peru.', "What was China's position on cannabis?"); // true
 */
export function onlyRollOfSpeakers(sentence: string, question: string): boolean {
  return ROLL_OF_SPEAKERS.test(sentence) && (!ASKS_WHO_SPOKE.test(question) || ASKS_WHAT_WAS_SAID.test(question));
}

/**
 * Whether a sentence names the countries a "which country" question asks for: one the question does not name
 * already, or for "which countries" (or "which 18 countries") several.
 * @example
 * namesCountries('Colombia and Peru shared their experience.', 'Which countries shared experience?'); // true
 */
export function namesCountries(sentence: string, question: string): boolean {
  if (onlyRollOfSpeakers(sentence, question)) return false;
  const asked = new Set(countriesAsked(question));
  const named = countriesNamed(sentence).filter((country) => !asked.has(country));
  const match = COUNTRY_QUESTION.exec(question);
  if (!match) return named.length > 0;
  const [, count, noun] = match;
  const plural = count !== undefined || /(?:ies|s)$/i.test(noun!);
  const wanted = count === undefined ? (plural ? 2 : 1) : Math.min(Number(count) || numberWordValue(count) || 2, MAX_COUNTRIES_REQUIRED);
  return named.length >= wanted;
}

/** Every capitalised name, acronym or numbered resolution in a sentence (the name cue, found throughout). */
const NAMES = new RegExp(CUES.name.source, 'gu');
/** The first word of an example given: "such as xylazine", "including tramadol", "known as captagon". */
const EXAMPLE = /\b(?:such\s+as|like|including|namely|known\s+as|called)\s+(?:the\s+)?([\p{L}\p{N}-]+)/giu;

/** Capitalised words that start sentences and name nothing. */
const NOT_A_NAME = /^(?:the|a|an|in|on|at|of|and|for|this|these|that|those|it|its|their|during|following|as)$/i;

/**
 * Whether a sentence names something the question does not name already: "Which specific substances did the WHO
 * Expert Committee recommend?" is not answered by a sentence whose only names are "WHO Expert Committee".
 * @example
 * namesSomethingNew('The WHO Expert Committee made recommendations.', 'Which substances did the WHO Expert Committee recommend?'); // false
 */
export function namesSomethingNew(sentence: string, question: string): boolean {
  const asked = new Set(question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const isNew = (name: string) => (name.match(/[\p{L}\p{N}]+/gu) ?? []).some((word) => !asked.has(word.toLowerCase()) && !NOT_A_NAME.test(word));
  for (const [name] of sentence.matchAll(NAMES)) if (isNew(name)) return true;
  // Drugs and the like go uncapitalised: "potent opioid NPS such as nytazenes" names one by example.
  for (const [, example] of sentence.matchAll(EXAMPLE)) if (isNew(example!)) return true;
  return false;
}

/** Whether a sentence holds the kind of fact the question wants (a number for "how many", a date for "when"). */
export function hasAnswerCue(sentence: string, wants: keyof typeof CUES): boolean {
  return CUES[wants].test(sentence);
}

/**
 * "How many [drug overdose deaths] were…" → "drug overdose deaths were": what a "how many" question counts, with
 * the verb that follows, which may name it too ("how many people registered" is answered by "600 registrations").
 */
export function countedThing(question: string): string | null {
  const match =
    // Where a copula places them, the place says who is counted: "how many people are in prison".
    /\bhow\s+(?:many|much)\s+(.+?\s+(?:were|was|are|is)\s+(?:in|on|under|behind)\s+(?:(?:the|a)\s+)?[\w-]+)/iu.exec(question) ??
    /\bhow\s+(?:many|much)\s+(.+?\s+(?:were|was|did|do|does|are|is|have|has|had|took|take|attended|registered|participated|reported|made|can|could|would|will|according))\b/iu.exec(question) ??
    // With no auxiliary ("how many people died in…"), what stands before the first preposition or the end.
    /\bhow\s+(?:many|much)\s+(.+?)(?=\s+(?:in|at|during|on|by|for|from|under|over|since|between|to|across|within|worldwide|every|each|per|a\s+year)\b|\s*[?,;.!]|\s*$)/iu.exec(question) ??
    // "What was the global number of drug-related deaths reported…", "the national totals of prescriptions…".
    /\b(?:numbers?|totals?|counts?)\s+of\s+(.+?)(?=\s+(?:in|at|during|on|by|for|from|under|over|since|between|to|across|within|worldwide|every|each|per|a\s+year|was|were|is|are|reported|recorded|registered|given)\b|\s*[?,;.!]|\s*$)/iu.exec(question);
  return match?.[1] ?? null;
}

/**
 * Where the counted thing's own words end and what qualifies it begins: "new HIV infections | among people who
 * inject drugs". The number must count the head ("1.4 million were living with HIV" or "11 million people
 * injected drugs" do not count new infections); the qualifying words need only be in the sentence.
 */
const QUALIFIER = /\s+(?:among|amongst|of|who|whom|that|which|in|at|with|from|for|by|on|under|per|across|since|during|between|as)\b/i;

/**
 * The head of what a "how many" question counts, without what qualifies it.
 * @example
 * countedHead('new HIV infections among people who inject drugs were'); // 'new HIV infections'
 */
export function countedHead(thing: string): string {
  const cut = QUALIFIER.exec(thing);
  return cut === null || cut.index === 0 ? thing : thing.slice(0, cut.index);
}

const NUMBER_TOKEN = /^(?:(?!(?:19|20)\d{2}$)\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?)$/i;
/** Words between a number and what it counts: "11 million people", "more than 500 registrations". */
const SCALE_TOKEN = /^(?:hundreds?|thousands?|millions?|billions?|more|over|than|about|around|some|nearly|almost|of)$/i;
/** A number followed by one of these is a share, which does not answer "how many": "10 per cent of the new infections". */
const SHARE_TOKEN = /^(?:per|percent|%)$/i;
/** "What percentage…", "what share…", "how much of…", "out of all…, how many": a question that asks for a portion. */
const SHARE_QUESTION = /\b(?:share|percentage|proportion|fraction|per\s*cent)\b|\bhow\s+much\s+of\b|\bout\s+of\s+(?:all|every)\b/i;
const SHARE = /\b\d[\d,.]*\s*(?:%|per\s*cent|percent)|\b(?:half|a\s+third|a\s+quarter|majority|one\s+in\s+\w+)\b/i;
/** "By what percentage did it grow?", "by how much did seizures fall?": a question that asks the size of a change. */
const CHANGE_QUESTION = /\bby\s+(?:what|how\s+much|how\s+many)\b[^?]*?\b(?:grow|grew|grown|increas|ris(?:e|en)|rose|fall|fell|fallen|declin|drop|decreas|expand|shr[iu]nk|doubl|jump|climb)/i;
/**
 * The size of a change: a percentage or a multiple ("rose by 20 per cent", "doubled", "fell by half"), not a share
 * of a population ("women made up half of the users"), which answers "what share" but not "by how much".
 */
const CHANGE = /\b\d[\d,.]*\s*(?:%|per\s*cent|percent)|\b(?:doubled|tripled|halved|by\s+(?:half|a\s+third|a\s+quarter))\b/i;
/** A sentence that speaks of a change, which its percentage or multiple may then measure ("1 per cent seized" does not). */
const CHANGED = /\b(?:grow|grew|grown|growth|increas\w*|ris(?:e|en|es|ing)|rose|fall(?:s|en|ing)?|fell|declin\w*|drop\w*|decreas\w*|expan\w*|doubled|tripled|halved|jump\w*|climb\w*|surg\w*)\b/i;
/** A figure with its scale or unit: "315 million", "USD 1.2 billion", "3,000 tons". */
const FIGURE = /\b\d[\d,.]*\s*(?:thousand|million|billion|trillion|tons?|tonnes?|kilograms?|kg|dollars|euros|USD|EUR)\b|(?:US\$|\$|€|£|\bUSD|\bEUR)\s*\d/i;
const COMPARES = /\bhow\s+much\s+(?:more|less|higher|lower|greater|larger|smaller|likelier|bigger)\b/i;
const MULTIPLE = /\b(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|a\s+hundred)\s*(?:times|-fold|fold)\b|\b(?:twice|double|triple)\b/i;
/** How many words after a number (and its scale) the counted thing may stand: "618 NPS", "47 Member States", "10 new HIV infections". */
const COUNT_WINDOW = 2;
/** How far after a number a year may date it: "618 NPS reported in 2021", "87 new substances identified in 2021". */
const YEAR_WINDOW = 6;
const YEAR_TOKEN = /^(?:19|20)\d{2}$/;
const TIED_TO_YEAR = /^(?:in|for|during|of|since|by)$/i;
const MONTH_TOKEN = new RegExp(`^(?:${MONTHS})$`, 'i');
/** Words after a counted word that continue the sentence rather than name another counted thing. */
const NOT_COUNTED_NEXT = /^(?:and|or|but|the|that|which|who|were|was|are|is|had|have|has|been|being|with|from|among|amongst|into|per|across|worldwide|globally|alone|each|every|reported|recorded|registered|identified)$/i;

/** What else tells whether a number counts the asked-for thing (see statesCount). */
export interface CountContext {
  /** Whether a counted word only qualifies the thing counted ("opioid" in "opioid overdose deaths"). */
  qualifies?: (word: string) => boolean;
  /** The years the question dates its figure by: a number the sentence dates by another year is not its count. */
  datedIn?: readonly number[];
}

/**
 * Whether a sentence counts the thing a "how many" question asks about: a number followed closely by one of
 * the question's words (stems compared by prefix, as Porter splits some families), or a share for "what share".
 * Any number is not enough: dates, shares, names with numbers ("COVID-19") and other counts ("one speaker
 * requested…") are everywhere in meeting summaries.
 */
export function statesCount(sentence: string, question: string, matches: (word: string) => boolean, { qualifies = () => false, datedIn = [] }: CountContext = {}): boolean {
  // "How much of the money…" and "out of all the people…, how many" ask for a portion too.
  if (CHANGE_QUESTION.test(question)) {
    if (CHANGED.test(sentence) && (CHANGE.test(sentence) || MULTIPLE.test(sentence))) return true;
  } else if (SHARE_QUESTION.test(question) && SHARE.test(sentence)) return true;
  // "How large is it compared with…" is answered by a share ("2 per cent") or a figure ("USD 315 million").
  if (MAGNITUDE.test(question) && (SHARE.test(sentence) || FIGURE.test(sentence))) return true;
  // "How much higher / more at risk / greater…" compares: answered by a multiple ("35 times", "six times").
  if (COMPARES.test(question) && MULTIPLE.test(sentence)) return true;
  const tokens = [...sentence.matchAll(/[\p{L}\p{N}%][\p{L}\p{N},.]*/gu)].map((m) => ({ text: m[0].replace(/[.,]$/, ''), start: m.index }));
  const askedYears = new Set(datedIn.map(String));
  return tokens.some(({ text, start }, i) => {
    // "COVID-19", "G-20": part of a name, not a count.
    if (!NUMBER_TOKEN.test(text) || /\p{L}-$/u.test(sentence.slice(Math.max(0, start - 2), start))) return false;
    let next = i + 1;
    while (next < tokens.length && SCALE_TOKEN.test(tokens[next]!.text)) next++;
    // "On 25 October": a day of the month, not a count of anything.
    if (tokens[next] !== undefined && (SHARE_TOKEN.test(tokens[next]!.text) || MONTH_TOKEN.test(tokens[next]!.text))) return false;
    const counted = tokens.slice(next, next + COUNT_WINDOW).findIndex((token) => matches(token.text));
    if (counted < 0) return false;
    // "618 NPS reported in 2021" does not count those of 2022 that the question asks for.
    if (askedYears.size > 0 && tokens.slice(next, next + YEAR_WINDOW).some((token, j) => YEAR_TOKEN.test(token.text) && !askedYears.has(token.text) && TIED_TO_YEAR.test(tokens[next + j - 1]?.text ?? ''))) return false;
    return !onlyQualifies(tokens.slice(next + counted).map((token) => token.text), matches, qualifies);
  });
}

/**
 * Whether the counted word after a number only qualifies something else the number counts: "the two opioid
 * epidemics" has "opioid" from "how many opioid overdose deaths", but counts epidemics. The words that follow it
 * are walked while they are the counted thing's; the count is of something else when the walk ends on a word
 * that only qualifies and the next word is a noun-like word of another thing.
 */
function onlyQualifies(words: string[], matches: (word: string) => boolean, qualifies: (word: string) => boolean): boolean {
  let last = 0;
  while (last + 1 < words.length && matches(words[last + 1]!)) last++;
  const following = words[last + 1];
  return qualifies(words[last]!) && following !== undefined && /^\p{L}{3,}$/u.test(following) && !NOT_COUNTED_NEXT.test(following);
}
