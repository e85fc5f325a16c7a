/**
 * What kind of answer a question wants. A factoid asks for one fact (who, how many, when, which); anything
 * else asks what was said on a topic, answered with several sentences.
 */
export type QuestionType =
  | { kind: 'factoid'; wants: 'number' | 'person' | 'date' | 'name' }
  | { kind: 'topic' };

const NUMBER = /\b(?:how\s+many|how\s+much|what\s+(?:share|percentage|proportion|number|amount|total|fraction)|number\s+of|percentage\s+of|share\s+of)\b/i;
const DATE = /^\s*(?:when|on\s+what\s+date|what\s+date|in\s+what\s+year|which\s+(?:day|days|date|dates|month|year))\b/i;
const PERSON = /^\s*(?:who|whom|whose|by\s+whom)\b|\b(?:who|which\s+(?:ambassador|person|official|chair|speaker))\b/i;
const NAME = /^\s*(?:which|what\s+(?:is|was|were|are)\s+the\s+name|name\s+the|where)\b|\b(?:which|what)\s+(?:organi[sz]ations?|countries|country|states?|programmes?|tools?|initiatives?|bodies|entities|platforms?|resolutions?)\b/i;

export function classifyQuestion(question: string): QuestionType {
  if (NUMBER.test(question)) return { kind: 'factoid', wants: 'number' };
  if (DATE.test(question)) return { kind: 'factoid', wants: 'date' };
  if (PERSON.test(question)) return { kind: 'factoid', wants: 'person' };
  if (NAME.test(question)) return { kind: 'factoid', wants: 'name' };
  return { kind: 'topic' };
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const CUES: Record<'number' | 'person' | 'date' | 'name', RegExp> = {
  // Years are numbers too, but never the answer to "how many".
  number: /\b(?!(?:19|20)\d{2}\b)\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion|per\s*cent|percent|half|third|quarter|majority)\b|%/i,
  // A named person: an honorific before a capitalised name, or an office held "by" someone named.
  person: /(?:\bH\.E\.|\b(?:Ambassador|Mr\.|Ms\.|Mrs\.|Dr\.|Professor|Judge))\s+\p{Lu}|\bby\s+(?:the\s+)?(?:\p{Lu}[\p{L}-]+\s+){1,}(?:of|\p{Lu})/u,
  date: new RegExp(`\\b(?:\\d{1,2}(?:[–-]\\d{1,2})?\\s+(?:${MONTHS})|(?:${MONTHS})\\s+\\d{4}|(?:19|20)\\d{2})\\b`),
  name: /(?:\b\p{Lu}[\p{L}-]+\s+){1,}\p{Lu}[\p{L}-]+|\b\p{Lu}{2,}\b/u,
};

/** Whether a sentence holds the kind of fact the question wants (a number for "how many", a date for "when"). */
export function hasAnswerCue(sentence: string, wants: keyof typeof CUES): boolean {
  return CUES[wants].test(sentence);
}
