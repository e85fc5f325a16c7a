import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DOCUMENT_EXTENSIONS } from './readers.js';


export interface CorpusFile {
  /** Document id: the file name without extension. */
  id: string;
  /** File name within the corpus folder. */
  file: string;
  /** The optional `<id>.meta.json` beside it. */
  metaPath: string;
}

/** The documents of a corpus folder, in name order. Kept apart from the parser so start-up can skip parsing. */
export function listCorpusFiles(corpusDir: string): CorpusFile[] {
  if (!existsSync(corpusDir)) throw new Error(`Corpus folder not found: ${corpusDir}`);
  return readdirSync(corpusDir)
    .filter((name) => DOCUMENT_EXTENSIONS.includes(path.extname(name).toLowerCase()))
    .sort()
    .map((file) => {
      const id = path.basename(file, path.extname(file));
      return { id, file, metaPath: path.join(corpusDir, `${id}.meta.json`) };
    });
}

/**
 * Hash of every document and meta file's name and bytes: a changed corpus means a stale index. Reading bytes
 * is enough to tell, so a server whose index is fresh never parses the corpus.
 */
export function hashCorpus(corpusDir: string): string {
  const hash = createHash('sha256');
  for (const { file, metaPath } of listCorpusFiles(corpusDir)) {
    hash.update(`${file}\0`);
    try {
      hash.update(readFileSync(path.join(corpusDir, file)));
    } catch (error) {
      // An unreadable file is reported when the corpus is parsed; for the hash, its absence is the content.
      hash.update(`unreadable: ${(error as NodeJS.ErrnoException).code}`);
    }
    if (existsSync(metaPath)) hash.update(`\0${path.basename(metaPath)}\0`).update(readFileSync(metaPath));
    hash.update('\0');
  }
  return hash.digest('hex');
}
