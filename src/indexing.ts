import type { Embedder } from './embed/types.js';
import { combineSourceHashes, hashCorpus, hashSource, listCorpusFiles } from './parse/corpus-files.js';
import { claimDocumentId, fileIssue, loadCorpus, loadDocument } from './parse/corpus.js';
import { DOCUMENT_EXTENSIONS } from './parse/readers.js';
import type { DocumentInfo, Paragraph, ParseIssue } from './parse/types.js';
import { buildIndex, readIndexStatus, type BuildReport } from './store/build-index.js';
import { INDEX_FORMAT_VERSION, IndexUnusableError, type ReusableIndex, type StoreBackend } from './store/types.js';

/**
 * Building and updating the index from the corpus folder, for whoever does it: `npm run index` on its own thread,
 * the server's pipeline worker at start-up (the one thread of the server that loads the model). An update parses
 * only the files that changed and embeds only the paragraphs it has not embedded before; what a person should
 * see goes to a reporter, so each caller prints it its own way.
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

/** Which files an update found added, changed, removed or unchanged since the build it replaces. */
export interface CorpusChanges {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

export interface UpdateResult extends BuildReport {
  changes: CorpusChanges;
  /** Files left out of the index because they cannot be read. */
  errors: ParseIssue[];
}

/** `file:line: message` (or `file, page 3: message`), the form editors and terminals turn into a link to the spot. */
export function formatIssue(issue: ParseIssue): string {
  const where = issue.line !== undefined ? `:${issue.line}` : issue.page !== undefined ? `, page ${issue.page}` : '';
  return `${issue.file}${where}: ${issue.message}`;
}

function reportErrors(errors: ParseIssue[], corpusDir: string, reporter: Pick<IndexingReporter, 'error'>): void {
  for (const error of errors) reporter.error(formatIssue(error));
  if (errors.length > 0) reporter.error(`${errors.length} file(s) in ${corpusDir} could not be read and are left out of the index.`);
}

/**
 * Parses the whole corpus folder and reports every file that has to be left out, so its owner can fix it.
 * @example
 * const corpus = await loadCorpusReportingErrors('corpus', reporter);
 */
export async function loadCorpusReportingErrors(corpusDir: string, reporter: Pick<IndexingReporter, 'error'>): Promise<LoadedCorpus> {
  const corpus = await loadCorpus(corpusDir);
  reportErrors(corpus.errors, corpusDir, reporter);
  return {
    corpusDir,
    documents: corpus.documents.map((parsed) => parsed.document),
    paragraphs: corpus.documents.flatMap((parsed) => parsed.paragraphs),
    hash: corpus.hash,
    errors: corpus.errors,
    warnings: corpus.documents.flatMap((parsed) => parsed.warnings),
  };
}

/** The current build, when its vectors can serve this embedder; otherwise nothing is reused. */
async function reusableBuild(backend: StoreBackend, embedder: Embedder): Promise<ReusableIndex | undefined> {
  try {
    const version = await backend.currentVersion();
    if (version === null) return undefined;
    const manifest = await backend.readManifest(version);
    if (manifest.formatVersion !== INDEX_FORMAT_VERSION || manifest.modelId !== embedder.modelId || manifest.dimensions !== embedder.dimensions) return undefined;
    return await backend.openReusable(version);
  } catch (error) {
    if (error instanceof IndexUnusableError) return undefined;
    throw error;
  }
}

function describeChanges({ added, changed, removed, unchanged }: CorpusChanges): string {
  const list = (files: string[]) => (files.length <= 5 ? files.join(', ') : `${files.slice(0, 5).join(', ')} and ${files.length - 5} more`);
  const parts = [
    added.length > 0 && `added ${list(added)}`,
    changed.length > 0 && `changed ${list(changed)}`,
    removed.length > 0 && `removed ${list(removed)}`,
    `${unchanged.length} unchanged`,
  ].filter(Boolean);
  return `Documents: ${parts.join('; ')}.`;
}

/**
 * Brings the index the backend keeps up to date with the corpus folder: files whose bytes (and meta.json) are unchanged
 * keep the paragraphs the previous build parsed, paragraphs whose text is unchanged keep their vectors, and the
 * result is written as a new build and switched to at once, so readers never see half an update.
 * @example
 * const { changes, embedded, reused } = await updateIndex({ corpusDir: 'corpus', backend, embedder, reporter });
 */
export async function updateIndex(options: {
  corpusDir: string;
  backend: StoreBackend;
  embedder: Embedder;
  reporter: IndexingReporter;
  /** Re-parse and re-embed every file, reusing nothing. */
  full?: boolean;
  /** Phrases the retriever is known to search for, whose matches the build may keep (IndexContent.searchedPhrases). */
  searchedPhrases?: readonly string[];
  /** Phrases the retriever may ask the store whether it holds, which the build may look for once (IndexContent.probedPhrases). */
  probedPhrases?: readonly string[];
}): Promise<UpdateResult> {
  const { corpusDir, backend, embedder, reporter, searchedPhrases, probedPhrases } = options;
  const previous = options.full ? undefined : await reusableBuild(backend, embedder);
  try {
    const changes: CorpusChanges = { added: [], changed: [], removed: [], unchanged: [] };
    const errors: ParseIssue[] = [];
    const documents: DocumentInfo[] = [];
    const paragraphs: Paragraph[] = [];
    const sourceHashes = new Map<string, string>();
    // Every file's, read or not: the corpus hash the index records, without reading the files a second time.
    const allSourceHashes: string[] = [];
    const seenIds = new Map<string, string>();
    for (const entry of listCorpusFiles(corpusDir)) {
      const sourceHash = hashSource(corpusDir, entry);
      allSourceHashes.push(sourceHash);
      const earlier = await previous?.indexedDocument(entry.id);
      try {
        claimDocumentId(seenIds, entry);
        if (earlier && earlier.sourceHash === sourceHash) {
          changes.unchanged.push(entry.file);
          documents.push(earlier.info);
          // One at a time: push(...) of a very long document's paragraphs would pass more arguments than the stack holds.
          for (const paragraph of earlier.paragraphs) paragraphs.push(paragraph);
        } else {
          const parsed = await loadDocument(corpusDir, entry);
          // Reported when a file is parsed, not at every update: they only change when the file does.
          for (const warning of parsed.warnings) reporter.warn(`warning: ${formatIssue(warning)}`);
          (earlier ? changes.changed : changes.added).push(entry.file);
          documents.push(parsed.document);
          for (const paragraph of parsed.paragraphs) paragraphs.push(paragraph);
        }
        sourceHashes.set(entry.id, sourceHash);
      } catch (error) {
        errors.push(fileIssue(error, entry.file));
      }
    }
    for (const { id, file } of previous?.manifest.documents ?? []) if (!sourceHashes.has(id)) changes.removed.push(file);
    reportErrors(errors, corpusDir, reporter);
    if (paragraphs.length === 0) {
      throw new Error(`No paragraphs to index: ${corpusDir} holds no readable document (${DOCUMENT_EXTENSIONS.join(', ')}).`);
    }
    reporter.info(describeChanges(changes));

    const label = `Embedding with ${embedder.modelId}`;
    let report: BuildReport;
    try {
      report = await buildIndex({
        backend,
        documents,
        sourceHashes,
        paragraphs,
        corpusHash: combineSourceHashes(allSourceHashes),
        embedder,
        reuse: previous,
        searchedPhrases,
        probedPhrases,
        onProgress: (done, total) => reporter.embedding(label, done, total),
      });
    } finally {
      reporter.embeddingDone();
    }
    const { manifest, embedded, reused } = report;
    reporter.info(
      `Indexed ${manifest.paragraphCount} paragraphs from ${manifest.documents.length} document(s) into ${backend.location}: ` +
        `embedded ${embedded.passages} paragraphs and ${embedded.sentences} sentences, reused the vectors of ${reused.passages} and ${reused.sentences}.`,
    );
    return { ...report, changes, errors };
  } finally {
    await previous?.close();
  }
}

/**
 * The name of the current build for this model and corpus, first updating it if it is missing, stale (the corpus
 * or the model in use changed) or unusable.
 * @example
 * const version = await ensureIndex({ corpusDir: 'corpus', backend, embedder, reporter });
 */
export async function ensureIndex(options: { corpusDir: string; backend: StoreBackend; embedder: Embedder; reporter: IndexingReporter }): Promise<string> {
  const { corpusDir, backend, embedder, reporter } = options;
  const status = await readIndexStatus(backend, { modelId: embedder.modelId, corpusHash: hashCorpus(corpusDir) });
  if (status.state === 'fresh') {
    reporter.info(`Index is up to date: ${status.reason}.`);
  } else {
    // Some reasons are whole sentences already (an unusable file says how to rebuild): no second full stop.
    reporter.info(`Index is ${status.state}: ${status.reason.replace(/\.$/, '')}. ${status.state === 'stale' ? 'Updating' : 'Building'} it now.`);
    await updateIndex({ corpusDir, backend, embedder, reporter });
  }
  const current = await backend.currentVersion();
  if (current === null) throw new Error(`No index in ${backend.location} after building it`);
  return current;
}
