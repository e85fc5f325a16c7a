/**
 * A question that asks for one numbered paragraph of the record, by the citation a delegate checks it by: "What
 * does paragraph 12 of the 2022 summary say?", "show me para 5 of chapter III", "E/CN.7/2024/CRP.5, para. 30".
 * The year, when the question names one, is read as any question's is; here only the paragraph, the chapter and
 * the document's symbol.
 */
export interface ParagraphReference {
  /** The paragraph's number within its chapter. */
  paragraph: number;
  /** The chapter's Roman numeral ("III"), or null. */
  chapter: string | null;
  /** The document's symbol ("E/CN.7/2024/CRP.5"), or null. */
  symbol: string | null;
}

const PARAGRAPH_NUMBER = /\b(?:paragraph|para\.?|par\.|¶)\s*(\d{1,4})\b/i;
const CHAPTER = /\b(?:chapter|chap\.?|ch\.)\s*([IVXLC]{1,7})\b/i;
/** A UN document symbol: a series letter and at least two more parts ("E/CN.7/2024/CRP.5", "A/RES/78/1"). */
const SYMBOL = /\b[A-Z]{1,5}(?:\/[A-Za-z0-9.-]+){2,}/;
/**
 * What a request for a paragraph says besides its reference: "What does … of the 2022 summary say?". A question
 * with words of its own ("What did paragraph 7 commit Member States to?") asks about something, and is searched.
 */
const REQUEST_WORDS =
  /\b(?:what|does|do|did|is|was|says?|said|show|me|us|quote|read|give|text|wording|of|the|a|in|from|full|whole|please|can|could|you|summary|summaries|chapter|document|report|compilation|year|session|meeting|discussions?|thematic|cnd|commission|chair['’]?s?|and|(?:19|20)\d{2}|sixty-\w+|first|second|third|fourth|fifth|sixth)\b/gi;

/**
 * The paragraph a question asks for by its number, or null when it names none or asks something of its own.
 * @example
 * readParagraphReference('What does paragraph 12 of the 2022 summary say?'); // { paragraph: 12, chapter: null, symbol: null }
 * readParagraphReference('show me para 5 of chapter III'); // { paragraph: 5, chapter: 'III', symbol: null }
 */
export function readParagraphReference(question: string): ParagraphReference | null {
  const number = PARAGRAPH_NUMBER.exec(question);
  if (number === null) return null;
  const chapter = CHAPTER.exec(question)?.[1]?.toUpperCase() ?? null;
  const symbol = SYMBOL.exec(question)?.[0] ?? null;
  const rest = withoutSymbol(question.replace(PARAGRAPH_NUMBER, ' ').replace(CHAPTER, ' '), symbol)
    .replace(REQUEST_WORDS, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return rest === '' ? { paragraph: Number(number[1]), chapter, symbol } : null;
}

/**
 * The question without the document symbol it names, so that the year inside a symbol ("E/CN.7/2024/…") is not
 * read as the year asked about.
 * @example
 * withoutSymbol('E/CN.7/2024/CRP.5 para 30', 'E/CN.7/2024/CRP.5'); // ' para 30'
 */
export function withoutSymbol(question: string, symbol: string | null): string {
  return symbol === null ? question : question.replace(symbol, ' ');
}
