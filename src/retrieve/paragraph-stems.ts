import { passageText } from '../parse/passage-text.js';
import { contentStems, stemsAsFound } from '../parse/terms.js';
import type { Paragraph } from '../parse/types.js';

/**
 * The Porter stems of a paragraph's passage (heading and text), as an asked stem finds them (stemsAsFound), computed once per paragraph object: the reranker
 * and the relevance count both judge candidates by them, and the same paragraphs come back question after
 * question. Keyed by the object the store hands out, so an entry lives as long as the store keeps that paragraph
 * and cannot outlive a rebuilt index.
 */
const stemsByParagraph = new WeakMap<Paragraph, ReadonlySet<string>>();

/**
 * @example
 * paragraphStems(store.get(id)!).has(stemmer('naloxone')); // whether the paragraph speaks of naloxone
 */
export function paragraphStems(paragraph: Paragraph): ReadonlySet<string> {
  let stems = stemsByParagraph.get(paragraph);
  if (stems === undefined) stemsByParagraph.set(paragraph, (stems = stemsAsFound(contentStems(passageText(paragraph)))));
  return stems;
}
