import { documentRef, formatCitation, formatReference } from '../parse/citation.js';
import type { DocumentInfo, Paragraph } from '../parse/types.js';
import type { Hit } from './types.js';

/**
 * A paragraph as a search result, with its document and both forms of its citation: what a search returns and
 * what an answer quotes from.
 * @example
 * const hit = citedHit(paragraph, documents.get(paragraph.document)!, 0.82);
 */
export function citedHit(paragraph: Paragraph, document: DocumentInfo, score: number): Hit {
  return { paragraph, document: documentRef(document), score, citation: formatCitation(paragraph, document), reference: formatReference(paragraph, document) };
}
