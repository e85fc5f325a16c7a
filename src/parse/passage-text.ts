import type { Paragraph } from './types.js';

/**
 * The text that represents a paragraph to a model (its vector, a cross-encoder's reading) and to the lexical
 * statistics: its heading gives context the paragraph often leaves implicit.
 * @example
 * passageText({ ...paragraph, topic: 'Drug checking', text: 'Services were expanded.' }); // 'Drug checking\nServices were expanded.'
 */
export function passageText(p: Paragraph): string {
  return p.topic ? `${p.topic}\n${p.text}` : p.text;
}
