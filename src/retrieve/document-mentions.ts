import type { DocumentInfo } from '../parse/types.js';

/** "resolution 67/99", "decision 66/1": how UN bodies number what they adopt, and how people name it. */
const ADOPTED_TEXT = /\b(resolution|decision)\s+(\d{1,3}\/\d{1,4})\b/gi;
/** What could be a document symbol in a question ("E/CN.7/2024/L.9"), with the characters a symbol may hold. */
const SYMBOL_LIKE = /(?<![\w/.])[A-Za-z]{1,6}(?:\/[A-Za-z0-9.-]+)+/g;

/** A document a question names, and the words that named it. */
export interface DocumentMention {
  document: string;
  /** As written in the question: "E/CN.7/2024/L.9", "resolution 67/99". */
  text: string;
}

/**
 * The documents a question may name, indexed once when the retriever opens: by symbol, and by the number of the
 * resolution or decision their title or label says they are. Finding a mention then costs a few map look-ups,
 * however many documents the index holds.
 * @example
 * const mentions = new DocumentMentions(store.manifest.documents);
 * mentions.find('What does resolution 67/99 request?'); // { document: 'cnd-resolution-67-99', text: 'resolution 67/99' }
 */
export class DocumentMentions {
  /** Lower-case symbol → document id. */
  private readonly bySymbol = new Map<string, string>();
  /** "resolution 67/99" → the ids of the documents adopted as it. */
  private readonly byAdoptedText = new Map<string, Set<string>>();

  constructor(documents: readonly DocumentInfo[]) {
    for (const d of documents) {
      if (d.symbol) this.bySymbol.set(d.symbol.toLowerCase(), d.id);
      for (const text of [d.title, d.citationLabel]) {
        for (const [, kind, number] of text.matchAll(ADOPTED_TEXT)) {
          const key = `${kind!.toLowerCase()} ${number}`;
          this.byAdoptedText.set(key, (this.byAdoptedText.get(key) ?? new Set()).add(d.id));
        }
      }
    }
  }

  /**
   * The one indexed document a question names, by its symbol ("What does E/CN.7/2024/L.9 ask of Member States?")
   * or by the number of the resolution or decision it is ("What does resolution 67/99 say about humanitarian
   * emergencies?"), so the question is answered from that document rather than from everything that shares its
   * words; the words that named it are then no topic to search for ("2024" in a symbol is not a year asked
   * about). Null when it names none, or names several.
   */
  find(question: string): DocumentMention | null {
    const mentions = new Map<string, string>();
    for (const [candidate] of question.matchAll(SYMBOL_LIKE)) {
      // A sentence may end right after a symbol: "… E/CN.7/2024/L.9." names E/CN.7/2024/L.9.
      const text = candidate.replace(/\.+$/, '');
      const id = this.bySymbol.get(text.toLowerCase());
      if (id !== undefined) mentions.set(id, text);
    }
    for (const [text, kind, number] of question.matchAll(ADOPTED_TEXT)) {
      for (const id of this.byAdoptedText.get(`${kind!.toLowerCase()} ${number}`) ?? []) mentions.set(id, text);
    }
    const [only, ...others] = mentions;
    return only && others.length === 0 ? { document: only[0], text: only[1] } : null;
  }
}
