import type { Embedder } from './embed/types.js';
import { hashCorpus } from './parse/corpus-files.js';
import { loadCorpus } from './parse/corpus.js';
import type { DocumentInfo, Paragraph, ParseIssue } from './parse/types.js';
import { buildIndex, readIndexStatus, resolveCurrentIndex } from './store/build-index.js';
import type { Manifest } from './store/types.js';

/**
 * Building the index from the corpus folder, for whoever does it: `npm run index` on its own thread, the server's
 * pipeline worker at start-up (the one thread of the server that loads the model). What a person should see goes
 * to a reporter, so each caller prints it its own way.
 */

/** What the build tells a person: problems with files, and how far embedding has got. */
export interface IndexingReporter {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  /** Embedding progress; `done === total` is not the end: `embeddingDone` is. */
  embedding(label: string, done: number, total: number): void;
  embeddingDone(): void;
}

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

/**
 * Parses the corpus folder and reports every file that has to be left out, so its owner can fix it.
 * @example
 * const corpus = loadCorpusReportingErrors('corpus', reporter);
 */
export function loadCorpusReportingErrors(corpusDir: string, reporter: Pick<IndexingReporter, 'error'>): LoadedCorpus {
  const corpus = loadCorpus(corpusDir);
  for (const error of corpus.errors) reporter.error(formatIssue(error));
  if (corpus.errors.length > 0) {
    reporter.error(`${corpus.errors.length} file(s) in ${corpusDir} could not be read and are left out of the index.`);
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

/**
 * Embeds the corpus and makes the result the current index in `indexDir`.
 * @example
 * await indexCorpus(config.indexDir, loadCorpusReportingErrors(config.corpusDir, reporter), embedder, reporter);
 */
export async function indexCorpus(indexDir: string, corpus: LoadedCorpus, embedder: Embedder, reporter: IndexingReporter): Promise<Manifest> {
  if (corpus.paragraphs.length === 0) {
    throw new Error(`No paragraphs to index: ${corpus.corpusDir} holds no readable document (.md, .markdown or .txt).`);
  }
  // Reported once per build rather than on every start: they only change when the corpus does.
  for (const warning of corpus.warnings) reporter.warn(`warning: ${formatIssue(warning)}`);

  const label = `Embedding with ${embedder.modelId}`;
  let manifest: Manifest;
  try {
    manifest = await buildIndex({
      indexDir,
      documents: corpus.documents,
      paragraphs: corpus.paragraphs,
      corpusHash: corpus.hash,
      embedder,
      onProgress: (done, total) => reporter.embedding(label, done, total),
    });
  } finally {
    reporter.embeddingDone();
  }
  reporter.info(`Indexed ${manifest.paragraphCount} paragraphs from ${manifest.documents.length} document(s) into ${indexDir}`);
  return manifest;
}

/**
 * The folder of the current index for this model and corpus, first (re)building it if it is missing, stale (the
 * corpus or the model in use changed) or unusable.
 * @example
 * const indexDir = await ensureIndex({ corpusDir: 'corpus', indexDir: 'index', embedder, reporter });
 */
export async function ensureIndex(options: { corpusDir: string; indexDir: string; embedder: Embedder; reporter: IndexingReporter }): Promise<string> {
  const { corpusDir, indexDir, embedder, reporter } = options;
  const status = readIndexStatus(indexDir, { modelId: embedder.modelId, corpusHash: hashCorpus(corpusDir) });
  if (status.state === 'fresh') {
    reporter.info(`Index is up to date: ${status.reason}.`);
  } else {
    // Some reasons are whole sentences already (an unusable file says how to rebuild): no second full stop.
    reporter.info(`Index is ${status.state}: ${status.reason.replace(/\.$/, '')}. Building it now.`);
    await indexCorpus(indexDir, loadCorpusReportingErrors(corpusDir, reporter), embedder, reporter);
  }
  const current = resolveCurrentIndex(indexDir);
  if (current === null) throw new Error(`No index in ${indexDir} after building it`);
  return current;
}
