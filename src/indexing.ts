import type { Config } from '../config.js';
import type { Embedder } from '../embed/types.js';
import { loadCorpus } from '../parse/corpus.js';
import type { DocumentInfo, Paragraph, ParseIssue } from '../parse/types.js';
import { buildIndex } from '../store/build-index.js';
import { createBuildProgress } from '../store/progress.js';
import type { Manifest } from '../store/types.js';

/** The corpus as the index is built from it: every parsed paragraph, plus what went wrong on the way. */
export interface LoadedCorpus {
  corpusDir: string;
  documents: DocumentInfo[];
  paragraphs: Paragraph[];
  hash: string;
  /** Files left out of the index. */
  errors: ParseIssue[];
  /** Oddities the parser repaired or skipped in files that were indexed. */
  warnings: ParseIssue[];
}

/** `file:line: message`, the form editors and terminals turn into a link to the spot. */
export function formatIssue(issue: ParseIssue): string {
  return `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.message}`;
}

/** Parses the corpus folder and prints every file that has to be left out, so its owner can fix it. */
export function loadCorpusReportingErrors(corpusDir: string): LoadedCorpus {
  const corpus = loadCorpus(corpusDir);
  for (const error of corpus.errors) console.error(formatIssue(error));
  if (corpus.errors.length > 0) {
    console.error(`${corpus.errors.length} file(s) in ${corpusDir} could not be read and are left out of the index.`);
  }
  return {
    corpusDir,
    documents: corpus.documents.map((parsed) => parsed.document),
    paragraphs: corpus.documents.flatMap((parsed) => parsed.paragraphs),
    hash: corpus.hash,
    errors: corpus.errors,
    warnings: corpus.documents.flatMap((parsed) => parsed.warnings),
  };
}

/** Embeds the corpus with a progress bar and makes the result the current index. */
export async function indexCorpus(config: Config, corpus: LoadedCorpus, embedder: Embedder): Promise<Manifest> {
  if (corpus.paragraphs.length === 0) {
    throw new Error(`No paragraphs to index: ${corpus.corpusDir} holds no readable document (.md, .markdown or .txt).`);
  }
  // Printed once per build rather than on every start: they only change when the corpus does.
  for (const warning of corpus.warnings) console.warn(`warning: ${formatIssue(warning)}`);

  const progress = createBuildProgress(`Embedding with ${embedder.modelId}`);
  let manifest: Manifest;
  try {
    manifest = await buildIndex({
      indexDir: config.indexDir,
      documents: corpus.documents,
      paragraphs: corpus.paragraphs,
      corpusHash: corpus.hash,
      embedder,
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.stop();
  }
  console.log(`Indexed ${manifest.paragraphCount} paragraphs from ${manifest.documents.length} document(s) into ${config.indexDir}`);
  return manifest;
}
