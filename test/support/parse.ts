import { readMarkdown } from '../../src/parse/formats/markdown.js';
import type { ParsedDocument } from '../../src/parse/types.js';
import { readUnStructure, type StructureOptions } from '../../src/parse/un-structure.js';

/** A Markdown or plain-text document through the pipeline's own reader and structure reader, as the corpus loader reads it. */
export function parseMarkdownDocument(source: string, options: StructureOptions): ParsedDocument {
  return readUnStructure(readMarkdown(source, options.file), options);
}
