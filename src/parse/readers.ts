import path from 'node:path';
import type { DocumentReader } from './document-reader.js';

/**
 * Which reader reads which file, by extension. Readers load on first use, so listing and hashing the corpus
 * folder (every start-up) does not load a PDF engine.
 */
const READERS: Record<string, () => Promise<DocumentReader>> = {
  '.md': async () => (await import('./formats/markdown.js')).markdownReader,
  '.markdown': async () => (await import('./formats/markdown.js')).markdownReader,
  '.txt': async () => (await import('./formats/markdown.js')).markdownReader,
  '.pdf': async () => (await import('./formats/pdf.js')).pdfReader,
  '.docx': async () => (await import('./formats/docx.js')).docxReader,
};

/** The extensions the corpus folder indexes, with their dot, in lower case; other files are ignored. */
export const DOCUMENT_EXTENSIONS: readonly string[] = Object.keys(READERS);

/**
 * The reader for a file, by its extension (any case); null when the format is not one the corpus indexes.
 * @example
 * const reader = await readerFor('E_CN.7_2024_CRP.5.pdf');
 */
export async function readerFor(file: string): Promise<DocumentReader | null> {
  const load = READERS[path.extname(file).toLowerCase()];
  return load ? load() : null;
}
