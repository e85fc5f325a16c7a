import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { hashCorpus, listCorpusFiles } from './corpus-files.js';
import { ParseError, parseUnDocument } from './un-document.js';
import type { ParsedDocument, ParseIssue } from './types.js';

/** Optional `<name>.meta.json` beside a document, for what the text itself cannot say well. */
const DocumentMetaSchema = z
  .object({
    title: z.string().min(1).optional(),
    citationLabel: z.string().min(1).optional(),
  })
  .strict();

export interface Corpus {
  documents: ParsedDocument[];
  /** Files that could not be read or parsed; the other files are still indexed. */
  errors: ParseIssue[];
  /** Hash of every document and meta file's name and bytes: a changed corpus means a stale index. */
  hash: string;
}

function readMeta(metaPath: string, file: string): z.infer<typeof DocumentMetaSchema> {
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

/** UTF-8 with a fatal decoder, so a binary or mis-encoded file is reported rather than indexed as garbage. */
function decodeText(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lines = bytes.toString('latin1').split('\n');
    const badLine = lines.findIndex((line) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(line, 'latin1'));
        return false;
      } catch {
        return true;
      }
    });
    throw new ParseError(file, badLine + 1, 'is not valid UTF-8 text');
  }
}

/** Reads and parses every document in a folder, in name order. */
export function loadCorpus(corpusDir: string): Corpus {
  const documents: ParsedDocument[] = [];
  const errors: ParseIssue[] = [];
  const seenIds = new Map<string, string>();

  for (const { id, file, metaPath } of listCorpusFiles(corpusDir)) {
    try {
      const bytes = readFileSync(path.join(corpusDir, file));
      const other = seenIds.get(id);
      if (other) throw new ParseError(file, undefined, `has the same name as ${other}; rename one of them`);
      seenIds.set(id, file);
      const meta = readMeta(metaPath, file);
      documents.push(parseUnDocument(decodeText(bytes, file), { id, file, ...meta }));
    } catch (error) {
      if (error instanceof ParseError) errors.push({ file: error.file, line: error.line, message: error.problem });
      else errors.push({ file, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
    }
  }
  return { documents, errors, hash: hashCorpus(corpusDir) };
}
