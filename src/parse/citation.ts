import type { DocumentInfo, Paragraph } from './types.js';

/** "CND thematic discussions 2021 (III), para. 24": what a delegate would write in a footnote. */
export function formatCitation(paragraph: Paragraph, document: Pick<DocumentInfo, 'citationLabel'>): string {
  const where = [paragraph.year, paragraph.chapter && `(${paragraph.chapter})`].filter(Boolean).join(' ');
  return `${document.citationLabel}${where ? ` ${where}` : ''}, para. ${paragraph.paragraph}`;
}
