import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { hashCorpus, listCorpusFiles } from './corpus-files.js';
import { ParseError } from './document-reader.js';
import { readerFor } from './readers.js';
import type { ParsedDocument, ParseIssue } from './types.js';
import { readUnStructure, type DocumentMeta } from './un-structure.js';

/** Optional `<name>.meta.json` beside a document, for what the document itself does not print, or prints wrongly. */
const DocumentMetaSchema = z
  .object({
    title: z.string().min(1).optional(),
    citationLabel: z.string().min(1).optional(),
    symbol: z.string().min(1).optional(),
    body: z.string().min(1).optional(),
    session: z.string().min(1).optional(),
    date: z.iso.date('must be a date written YYYY-MM-DD').optional(),
    year: z.number().int().min(1945).max(2100).optional(),
  })
  .strict();

export interface Corpus {
  documents: ParsedDocument[];
  /** Files that could not be read or parsed; the other files are still indexed. */
  errors: ParseIssue[];
  /** Hash of every document and meta file's name and bytes: a changed corpus means a stale index. */
  hash: string;
}

function readMeta(metaPath: string, file: string): DocumentMeta {
  if (!existsSync(metaPath)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch (error) {
    throw new ParseError(path.basename(metaPath), undefined, `invalid JSON (${(error as Error).message})`);
  }
  const parsed = DocumentMetaSchema.safeParse(json);
  if (!parsed.success) {
    throw new ParseError(path.basename(metaPath), undefined, `invalid metadata for ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'root'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * Reads and parses one document file with its meta.json. Throws ParseError naming the file and the reason.
 * @example
 * const parsed = await loadDocument('corpus', { id: 'report', file: 'report.pdf', metaPath: 'corpus/report.meta.json' });
 */
export async function loadDocument(corpusDir: string, { id, file, metaPath }: { id: string; file: string; metaPath: string }): Promise<ParsedDocument> {
  const reader = await readerFor(file);
  if (!reader) throw new ParseError(file, undefined, 'is not a format the corpus indexes');
  const meta = readMeta(metaPath, file);
  const stream = await reader.read(readFileSync(path.join(corpusDir, file)), file);
  return readUnStructure(stream, { id, file, meta });
}

/**
 * Reads and parses every document in a folder, in name order; a file that cannot be read is reported and left out.
 * @example
 * const { documents, errors } = await loadCorpus('corpus');
 */
export async function loadCorpus(corpusDir: string): Promise<Corpus> {
  const documents: ParsedDocument[] = [];
  const errors: ParseIssue[] = [];
  const seenIds = new Map<string, string>();

  for (const entry of listCorpusFiles(corpusDir)) {
    try {
      const other = seenIds.get(entry.id);
      if (other) throw new ParseError(entry.file, undefined, `has the same name as ${other}; rename one of them`);
      seenIds.set(entry.id, entry.file);
      documents.push(await loadDocument(corpusDir, entry));
    } catch (error) {
      if (error instanceof ParseError) errors.push({ file: error.file, line: error.line, message: error.problem });
      else errors.push({ file: entry.file, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
    }
  }
  return { documents, errors, hash: hashCorpus(corpusDir) };
}
