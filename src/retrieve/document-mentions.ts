import type { DocumentInfo } from '../parse/types.js';

/** "resolution 67/99", "decision 66/1": how UN bodies number what they adopt, and how people name it. */
const ADOPTED_TEXT = /\b(resolution|decision)\s+(\d{1,3}\/\d{1,4})\b/gi;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A document a question names, and the words that named it. */
export interface DocumentMention {
  document: string;
  /** As written in the question: "E/CN.7/2024/L.9", "resolution 67/99". */
  text: string;
}

/**
 * The one indexed document a question names, by its symbol ("What does E/CN.7/2024/L.9 ask of Member States?")
 * or by the number of the resolution or decision it is ("What does resolution 67/99 say about humanitarian
 * emergencies?"), so the question is answered from that document rather than from everything that shares its
 * words; the words that named it are then no topic to search for ("2024" in a symbol is not a year asked about).
 * Null when it names none, or names several.
 * @example
 * documentMentionIn('What does resolution 67/99 request?', documents); // { document: 'cnd-resolution-67-99', text: 'resolution 67/99' }
 */
export function documentMentionIn(question: string, documents: readonly DocumentInfo[]): DocumentMention | null {
  const mentions = new Map<string, string>();
  for (const d of documents) {
    const symbol = d.symbol && new RegExp(`(?<![\\w/.])${escapeRegExp(d.symbol)}(?![\\w/]|\\.\\w)`, 'i').exec(question);
    if (symbol) mentions.set(d.id, symbol[0]);
  }
  for (const [text, kind, number] of question.matchAll(ADOPTED_TEXT)) {
    const pattern = new RegExp(`\\b${kind}\\s+${escapeRegExp(number!)}(?![\\d/])`, 'i');
    for (const d of documents) if (pattern.test(d.title) || pattern.test(d.citationLabel)) mentions.set(d.id, text);
  }
  const [only, ...others] = mentions;
  return only && others.length === 0 ? { document: only[0], text: only[1] } : null;
}
