import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { hashCorpus, listCorpusFiles, type CorpusFile } from './corpus-files.js';
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
 * Takes a file's document id, refusing a second file of the same name ("report.pdf" beside "report.docx").
 * @example
 * const seen = new Map<string, string>();
 * claimDocumentId(seen, entry); // throws ParseError for a second "report"
 */
export function claimDocumentId(seen: Map<string, string>, { id, file }: CorpusFile): void {
  const other = seen.get(id);
  if (other) throw new ParseError(file, undefined, `has the same name as ${other}; rename one of them`);
  seen.set(id, file);
}

/**
 * Why a file is left out of the index, for its owner: a parse error as the reader located it, any other failure
 * (a file that vanished, a permission) by its code.
 * @example
 * errors.push(fileIssue(error, entry.file));
 */
export function fileIssue(error: unknown, file: string): ParseIssue {
  if (error instanceof ParseError) return { file: error.file, line: error.line, message: error.problem };
  return { file, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
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
      claimDocumentId(seenIds, entry);
      documents.push(await loadDocument(corpusDir, entry));
    } catch (error) {
      errors.push(fileIssue(error, entry.file));
    }
  }
  return { documents, errors, hash: hashCorpus(corpusDir) };
}
