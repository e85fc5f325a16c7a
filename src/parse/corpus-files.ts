import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DOCUMENT_EXTENSIONS } from './readers.js';

/**
 * Bumped whenever parsing gives different paragraphs for the same bytes (2: one structure reader over the block
 * stream of every format, preambles, annexes, document facts; 3: paragraph numbers running on through chapters,
 * footnotes of preambular paragraphs), so an update parses every file again instead of reusing what an older
 * parser made of it. Vectors are still reused wherever the text came out the same.
 */
export const PARSER_VERSION = 3;

export interface CorpusFile {
  /** Document id: the file name without extension. */
  id: string;
  /** File name within the corpus folder. */
  file: string;
  /** The optional `<id>.meta.json` beside it. */
  metaPath: string;
}

/**
 * The documents of a corpus folder, in name order. Kept apart from the parser so start-up can skip parsing.
 * @example
 * listCorpusFiles('corpus'); // [{ id: 'report', file: 'report.pdf', metaPath: 'corpus/report.meta.json' }]
 */
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
 * Hash of one document's source: the parser version, its name and bytes, its meta.json's. An update reuses the
 * earlier build's paragraphs of a document whose source hash has not changed.
 * @example
 * hashSource('corpus', listCorpusFiles('corpus')[0]);
 */
export function hashSource(corpusDir: string, { file, metaPath }: CorpusFile): string {
  const hash = createHash('sha256').update(`parser ${PARSER_VERSION}\0${file}\0`);
  try {
    hash.update(readFileSync(path.join(corpusDir, file)));
  } catch (error) {
    // An unreadable file is reported when the corpus is parsed; for the hash, its absence is the content.
    hash.update(`unreadable: ${(error as NodeJS.ErrnoException).code}`);
  }
  if (existsSync(metaPath)) hash.update(`\0${path.basename(metaPath)}\0`).update(readFileSync(metaPath));
  return hash.digest('hex');
}

/**
 * Hash of every document's source hash, in name order: a changed corpus means a stale index. Reading bytes is
 * enough to tell, so a server whose index is fresh never parses the corpus.
 */
export function hashCorpus(corpusDir: string): string {
  return combineSourceHashes(listCorpusFiles(corpusDir).map((entry) => hashSource(corpusDir, entry)));
}

/**
 * The corpus hash from its files' source hashes, in name order: what `hashCorpus` computes, for a caller that
 * has hashed every file already.
 * @example
 * combineSourceHashes(files.map((entry) => hashSource('corpus', entry))) === hashCorpus('corpus'); // true
 */
export function combineSourceHashes(sourceHashes: readonly string[]): string {
  const hash = createHash('sha256');
  for (const sourceHash of sourceHashes) hash.update(`${sourceHash}\0`);
  return hash.digest('hex');
}
