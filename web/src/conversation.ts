/** The conversation's turns and how they survive a reload (localStorage). */
import type { Turn } from './turn.js';

export { askBody, historyBefore, type Turn } from './turn.js';

export interface SavedConversation {
  turns: Turn[];
  year: number | null;
  /** The document filter: a document's id, or null for all documents. */
  document: string | null;
}

const STORAGE_KEY = 'cnd-cited-answers:conversation:v1';
/** Enough for a day's work; older turns fall off so storage stays well under its quota. */
const MAX_SAVED_TURNS = 60;

let counter = 0;
export function newTurnId(): string {
  counter += 1;
  return `t${Date.now().toString(36)}${counter.toString(36)}`;
}

const isFlag = (value: unknown): boolean => value === undefined || typeof value === 'boolean';

const isYear = (value: unknown): value is number | null => value === null || (typeof value === 'number' && Number.isInteger(value));
const isDocument = (value: unknown): value is string | null => value === null || (typeof value === 'string' && value !== '');

function isTurn(value: unknown): value is Turn {
  if (typeof value !== 'object' || value === null) return false;
  const turn = value as Partial<Turn>;
  return (
    typeof turn.id === 'string' &&
    typeof turn.question === 'string' &&
    isYear(turn.year) &&
    (turn.document === undefined || isDocument(turn.document)) &&
    (turn.status === 'pending' || turn.status === 'done' || turn.status === 'error') &&
    isFlag(turn.asTyped) &&
    isFlag(turn.keepFilterYear) &&
    isFlag(turn.standalone) &&
    Array.isArray(turn.sentences) &&
    (turn.head === undefined || (typeof turn.head === 'object' && turn.head !== null && Array.isArray(turn.head.citations)))
  );
}

/** The saved conversation; anything unreadable (another version, a hand edit) starts a fresh one. */
export function loadConversation(): SavedConversation {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (raw === null) return { turns: [], year: null, document: null };
    const parsed = JSON.parse(raw) as { turns?: unknown; year?: unknown; document?: unknown };
    const turns = Array.isArray(parsed.turns) ? parsed.turns.filter(isTurn) : [];
    for (const turn of turns) {
      // The page was closed while this one was on its way.
      if (turn.status === 'pending') {
        turn.status = 'error';
        turn.error = { message: 'This answer was interrupted when the page was closed or reloaded.', retryable: true };
      }
    }
    return { turns, year: isYear(parsed.year) ? parsed.year : null, document: isDocument(parsed.document) ? parsed.document : null };
  } catch {
    return { turns: [], year: null, document: null };
  }
}

export function saveConversation(conversation: SavedConversation): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ turns: conversation.turns.slice(-MAX_SAVED_TURNS), year: conversation.year, document: conversation.document }));
  } catch {
    // Storage full or disabled (private browsing): the conversation just will not survive a reload.
  }
}
