import type { DocumentInfo } from '../parse/types.js';

/** "resolution 67/99", "decision 66/1": how UN bodies number what they adopt, and how people name it. */
const ADOPTED_TEXT = /\b(resolution|decision)\s+(\d{1,3}\/\d{1,4})\b/gi;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The one indexed document a question names, by its symbol ("What does E/CN.7/2024/L.9 ask of Member States?")
 * or by the number of the resolution or decision it is ("What does resolution 67/99 say about humanitarian
 * emergencies?"), so the question is answered from that document rather than from everything that shares its words.
 * Null when it names none, or names several.
 * @example
 * documentNamedIn('What does resolution 67/99 request?', documents); // 'cnd-resolution-67-99'
 */
export function documentNamedIn(question: string, documents: readonly DocumentInfo[]): string | null {
  const named = new Set<string>();
  for (const d of documents) {
    if (d.symbol && new RegExp(`(?<![\\w/.])${escapeRegExp(d.symbol)}(?![\\w/]|\\.\\w)`, 'i').test(question)) named.add(d.id);
  }
  for (const [, kind, number] of question.matchAll(ADOPTED_TEXT)) {
    const pattern = new RegExp(`\\b${kind}\\s+${escapeRegExp(number!)}(?![\\d/])`, 'i');
    for (const d of documents) if (pattern.test(d.title) || pattern.test(d.citationLabel)) named.add(d.id);
  }
  return named.size === 1 ? [...named][0]! : null;
}
