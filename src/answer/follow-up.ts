import { contentTerms } from '../parse/terms.js';
import { analyseQuery } from '../retrieve/query-analysis.js';
import type { SessionCalendar } from '../retrieve/session-calendar.js';
import type { Turn } from './types.js';

export interface ResolvedQuestion {
  /** Standalone text to search with. */
  text: string;
  /** Year carried over from the conversation, when the follow-up names none. */
  year: number | null;
  isFollowUp: boolean;
}

/** Openings that lean on the previous turn ("And in 2022?", "What about women?"). */
const FOLLOW_UP_OPENING = /^\s*(?:and\b|also\b|what\s+about\b|how\s+about\b|what\s+of\b|and\s+what\s+about\b|same\s+(?:for|in)\b|then\b|ok(?:ay)?\b)/i;
/** Words that point back at the previous topic. */
const BACK_REFERENCE = /\b(?:it|its|they|them|their|this|that|these|those|there|then|the same)\b/i;
const FILLER = /^\s*(?:and|also|then|ok(?:ay)?|so)\b[\s,]*|^\s*(?:what|how)\s+about\b\s*|^\s*what\s+of\b\s*|^\s*same\s+(?:for|in)\b\s*/i;

/** A follow-up adds at most a few words of its own; anything longer is read as a new question. */
const MAX_FOLLOW_UP_TERMS = 4;

/**
 * Rewrites a follow-up as a standalone question from the last standalone question in the conversation:
 * "And in 2022?" keeps the topic and switches the year; "What about women?" keeps topic and year and adds
 * the new focus. Questions that stand on their own pass through unchanged.
 */
export function resolveFollowUp(question: string, history: Turn[], sessions: SessionCalendar): ResolvedQuestion {
  const previous = history.at(-1);
  const current = analyseQuery(question, sessions);
  if (!previous) return { text: question, year: null, isFollowUp: false };

  const isShort = current.terms.length <= MAX_FOLLOW_UP_TERMS;
  const opens = FOLLOW_UP_OPENING.test(question);
  const pointsBack = BACK_REFERENCE.test(question);
  const onlyYear = current.terms.length === 0 && current.year !== null;
  // A short question that names no year of its own ("Who moderated the second day?") still speaks of the
  // year the conversation is about.
  const elliptical = isShort && current.year === null;
  if (!onlyYear && !(isShort && (opens || pointsBack)) && !elliptical) return { text: question, year: null, isFollowUp: false };

  // The previous turn may itself have been a follow-up: resolve the conversation from its start.
  const before = resolveFollowUp(previous.question, history.slice(0, -1), sessions);
  const earlier = analyseQuery(before.text, sessions);
  const year = current.year ?? earlier.year ?? before.year;
  const topic = trimEnd(earlier.topicText);
  const focus = trimEnd(current.topicText.replace(FILLER, ''));
  let text: string;
  if (contentTerms(focus).length === 0) text = topic;
  else if (pointsBack) text = focus.replace(BACK_REFERENCE, topicCore(topic));
  else if (opens) text = `${topic} and ${focus}`;
  else text = focus;
  return { text: `${text}${year === null ? '' : ` in ${year}`}?`, year, isFollowUp: true };
}

function trimEnd(text: string): string {
  return text.replace(/[?.!\s]+$/, '').trim();
}

/** "What was said about drug checking services" → "drug checking services": the topic without the asking. */
function topicCore(question: string): string {
  return question
    .replace(/^(?:what|how)\s+(?:was|were|is|are|did|do|does|has|have)\s+(?:[\w-]+\s+){0,4}?(?:said|say|says|discussed|discuss|mentioned|mention|noted|reported|stated)\s+(?:about|on|regarding|concerning)\s+/i, '')
    .replace(/^(?:what|which|who)\s+(?:was|were|is|are)\s+/i, '');
}
