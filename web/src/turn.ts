/** One turn of the conversation, and what it asks the server; no DOM or storage here, so it is tested under Node. */
import type { AnswerHead, AnswerSentence, AskBody, HistoryTurn, SpellingCorrection } from './types.js';

export interface Turn {
  id: string;
  question: string;
  /** The year filter the question was asked with, or null for all years. */
  year: number | null;
  /** The id of the document the question was limited to, or null for all; missing in turns saved before there were several. */
  document?: string | null;
  /** How that document was named when asked ("E/CN.7/2024/CRP.5"), for the turn's badge. */
  documentLabel?: string;
  status: 'pending' | 'done' | 'error';
  /** The answer but its sentences, from the first event on. */
  head?: AnswerHead;
  /** Sentences as they arrive; complete once status is done. */
  sentences: AnswerSentence[];
  /** The answer's text with its markers, sent back as history with follow-ups. */
  answerText?: string;
  error?: { message: string; retryable: boolean };
  /** Searched with the words as typed ("Search for … instead"), not as the corpus words they resemble. */
  asTyped?: boolean;
  /** The reading set aside by `asTyped`, to offer it back ("Show results for naloxone kits"). */
  typedOver?: SpellingCorrection;
  /** The year filter applies even where the question names another year. */
  keepFilterYear?: boolean;
  /** Asked without the earlier turns ("Ask as a new question"): never read as a follow-up. */
  standalone?: boolean;
}

/** The API accepts at most 20 turns of history, and a follow-up only leans on the last few anyway. */
const MAX_HISTORY_TURNS = 10;

/** The turns before `turn` that got an answer, as the API's history, for resolving follow-ups. */
export function historyBefore(turns: readonly Turn[], turn: Turn): HistoryTurn[] {
  const index = turns.indexOf(turn);
  return turns
    .slice(0, index === -1 ? turns.length : index)
    .filter((earlier) => earlier.status === 'done')
    .slice(-MAX_HISTORY_TURNS)
    // Follow-ups are resolved from the earlier questions; sending the answers too would only grow the body.
    .map((earlier) => ({ question: earlier.question.slice(0, 1000) }));
}

/**
 * What a turn asks the server: its question with the filters it was asked with, the earlier turns (none for a
 * question asked on its own), and the readings the reader chose; a switch left off is not sent.
 */
export function askBody(turns: readonly Turn[], turn: Turn): AskBody {
  return {
    question: turn.question,
    ...(turn.year === null ? {} : { year: turn.year }),
    ...(turn.document == null ? {} : { document: turn.document }),
    history: turn.standalone === true ? [] : historyBefore(turns, turn),
    ...(turn.asTyped === true ? { asTyped: true } : {}),
    ...(turn.keepFilterYear === true && turn.year !== null ? { keepFilterYear: true } : {}),
  };
}
