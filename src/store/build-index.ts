import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Embedder } from '../embed/types.js';
import type { DocumentInfo, Paragraph } from '../parse/types.js';
import { passageText } from '../parse/passage-text.js';
import { splitSentences } from '../parse/sentences.js';
import { contentStems, contentTerms } from '../parse/terms.js';
import { harvestAcronyms } from '../parse/acronym-definitions.js';
import {
  IndexUnusableError,
  openStore,
  readManifest,
  writeFileDurably,
  writeIndexFiles,
  type SentenceRecord,
} from './sqlite-hnsw-store.js';
import { INDEX_FORMAT_VERSION, type Manifest, type ReusableIndex } from './types.js';
import { MIN_CORRECTABLE_LENGTH } from './spelling-variants.js';

/*
 * Layout of an index folder:
 *   CURRENT            name of the build in use (replaced atomically by rename)
 *   builds/<name>/     one complete build each: paragraphs.sqlite, vectors.hnsw, manifest.json
 * A reader follows CURRENT, so a build that dies half-way only leaves an unreferenced folder behind.
 */
const CURRENT_FILE = 'CURRENT';
const BUILDS_DIR = 'builds';
/** `<UTC time>-<pid>-<random>`: sorts by time, tells which process wrote it, and never collides. */
const BUILD_NAME = /^\d{8}T\d{9}Z-(\d+)-\w{6}$/;

export interface BuildIndexOptions {
  indexDir: string;
  documents: DocumentInfo[];
  /** Per document id: the hash of its source (file, meta.json, parser version), kept so the next update can reuse it. */
  sourceHashes?: ReadonlyMap<string, string>;
  /** In corpus order; their position becomes their vector label. */
  paragraphs: Paragraph[];
  corpusHash: string;
  embedder: Embedder;
  /** The build being replaced, when it was embedded with the same model: its vectors are reused by content hash. */
  reuse?: ReusableIndex;
  onProgress?: (done: number, total: number) => void;
}

/** What a build embedded and what it took from the build it replaced. */
export interface BuildReport {
  manifest: Manifest;
  embedded: { passages: number; sentences: number };
  reused: { passages: number; sentences: number };
}

/** SHA-256 of a text, hex: what vectors are reused by. */
function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Embeds what the build it replaces did not already embed, writes a new build and makes it current; the
 * previous build stays usable until the swap.
 * @example
 * const { manifest, reused } = await buildIndex({ indexDir: 'index', documents, sourceHashes, paragraphs, corpusHash, embedder, reuse });
 */
export async function buildIndex(options: BuildIndexOptions): Promise<BuildReport> {
  const { indexDir, documents, sourceHashes, paragraphs, corpusHash, embedder, reuse, onProgress } = options;
  assertUniqueIds(paragraphs);
  if (reuse && (reuse.manifest.modelId !== embedder.modelId || reuse.manifest.dimensions !== embedder.dimensions)) {
    throw new Error(`Cannot reuse vectors of ${reuse.manifest.modelId} for a build with ${embedder.modelId}`);
  }

  const passages = paragraphs.map(passageText);
  const contentHashes = paragraphs.map((p, i) => ({ passage: contentHash(passages[i]!), text: contentHash(p.text) }));
  const sentenceTexts = paragraphs.map((p) => splitSentences(p.text));
  const known = contentHashes.map(({ passage, text }) => reuse?.embedded(passage, text));
  const vectors: Array<Float32Array | undefined> = known.map((k) => k?.vector);
  const sentenceVectors: Array<Float32Array[] | undefined> = known.map((k, i) => (k?.sentences?.length === sentenceTexts[i]!.length ? k.sentences : undefined));

  const missingPassages = vectors.flatMap((v, i) => (v === undefined ? [i] : []));
  const missingSentences = sentenceVectors.flatMap((v, i) => (v === undefined ? [i] : []));
  const sentencesToEmbed = missingSentences.flatMap((i) => sentenceTexts[i]!);
  const total = missingPassages.length + sentencesToEmbed.length;
  const embeddedPassages = await embedder.embedPassages(missingPassages.map((i) => passages[i]!), (done) => onProgress?.(done, total));
  missingPassages.forEach((i, n) => (vectors[i] = embeddedPassages[n]!));
  const embeddedSentences = await embedder.embedPassages(sentencesToEmbed, (done) => onProgress?.(missingPassages.length + done, total));
  let nextSentence = 0;
  for (const i of missingSentences) sentenceVectors[i] = sentenceTexts[i]!.map(() => embeddedSentences[nextSentence++]!);

  const sentences: SentenceRecord[] = sentenceTexts.flatMap((texts, paragraphLabel) =>
    texts.map((text, position) => ({ paragraphLabel, position, text, vector: sentenceVectors[paragraphLabel]![position]! })),
  );
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    corpusHash,
    builtAt: new Date().toISOString(),
    documents,
    paragraphCount: paragraphs.length,
  };

  const buildsDir = path.join(indexDir, BUILDS_DIR);
  fs.mkdirSync(buildsDir, { recursive: true });
  const buildDir = fs.mkdtempSync(path.join(buildsDir, `${manifest.builtAt.replace(/[-:.]/g, '')}-${process.pid}-`));
  const name = path.basename(buildDir);
  try {
    writeIndexFiles(buildDir, {
      manifest,
      sourceHashes,
      paragraphs,
      contentHashes,
      vectors: vectors as Float32Array[],
      sentences,
      documentFrequencies: documentFrequencies(paragraphs),
      wordFrequencies: wordFrequencies(paragraphs),
      // Read by the query expander at every start; finding them means reading the whole corpus, so once here.
      acronymDefinitions: harvestAcronyms(paragraphs.map((p) => p.text)),
    });
    // Publish only what opens: the same checks the server will run.
    openStore(buildDir).close();
  } catch (error) {
    fs.rmSync(buildDir, { recursive: true, force: true });
    throw error;
  }

  makeCurrent(indexDir, name);
  removeStaleBuilds(indexDir, name);
  return {
    manifest,
    embedded: { passages: missingPassages.length, sentences: sentencesToEmbed.length },
    reused: { passages: paragraphs.length - missingPassages.length, sentences: sentences.length - sentencesToEmbed.length },
  };
}

/**
 * Paragraph counts per content word as written, for spelling correction: words only (a number or a symbol is
 * never a misspelling of another), and not the shortest, whose every neighbour is another real word.
 */
function wordFrequencies(paragraphs: Paragraph[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of paragraphs) {
    for (const word of contentTerms(passageText(p))) {
      if (/^\p{L}+$/u.test(word) && word.length >= MIN_CORRECTABLE_LENGTH) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

/** Paragraph counts per stem, over the same words the lexical index sees (headings included). */
function documentFrequencies(paragraphs: Paragraph[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of paragraphs) {
    for (const stem of contentStems(passageText(p))) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  }
  return counts;
}

function assertUniqueIds(paragraphs: Paragraph[]): void {
  const seen = new Set<string>();
  for (const { id } of paragraphs) {
    if (seen.has(id)) throw new Error(`Paragraph id ${id} occurs more than once; ids must be unique to be cited`);
    seen.add(id);
  }
}

/** rename(2) replaces CURRENT in one step, so readers see either the old build or the new one, never a partial file. */
function makeCurrent(indexDir: string, name: string): void {
  const temporary = path.join(indexDir, `${CURRENT_FILE}.tmp`);
  writeFileDurably(temporary, `${name}\n`);
  fs.renameSync(temporary, path.join(indexDir, CURRENT_FILE));
  // Flush the directory entry too, so the rename survives a power cut.
  const dirFd = fs.openSync(indexDir, 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}

/**
 * Deletes superseded builds and the leftovers of killed ones. Keeps whatever CURRENT names (another process may
 * have swapped since) and the folders of builds still running in other live processes.
 */
function removeStaleBuilds(indexDir: string, ownBuild: string): void {
  const current = currentBuildName(indexDir);
  const buildsDir = path.join(indexDir, BUILDS_DIR);
  for (const entry of fs.readdirSync(buildsDir)) {
    if (entry === ownBuild || entry === current) continue;
    const pid = BUILD_NAME.exec(entry)?.[1];
    if (pid === undefined) continue; // not ours to delete
    if (Number(pid) !== process.pid && processIsAlive(Number(pid))) continue;
    fs.rmSync(path.join(buildsDir, entry), { recursive: true, force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function currentBuildName(indexDir: string): string | null {
  const file = path.join(indexDir, CURRENT_FILE);
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const name = content.trim();
  // CURRENT is only ever a bare folder name; anything else must not be followed out of builds/.
  if (!BUILD_NAME.test(name)) throw new IndexUnusableError(file, `it does not name a build folder ("${name}")`);
  return name;
}

/** Folder of the build in use, or null when no build has completed. Throws IndexUnusableError when CURRENT is garbled. */
export function resolveCurrentIndex(indexDir: string): string | null {
  const name = currentBuildName(indexDir);
  return name === null ? null : path.join(indexDir, BUILDS_DIR, name);
}

export type IndexState = 'missing' | 'stale' | 'fresh' | 'unusable';

export interface IndexStatus {
  state: IndexState;
  /** One sentence for the operator: why the index can or cannot be used as it is. */
  reason: string;
}

/** Decides at start-up whether the index can serve the configured model and corpus, or must be (re)built. */
export function readIndexStatus(indexDir: string, expected: { modelId: string; corpusHash: string }): IndexStatus {
  try {
    const dir = resolveCurrentIndex(indexDir);
    if (dir === null) return { state: 'missing', reason: `no index has been built in ${indexDir}` };

    const manifest = readManifest(dir);
    if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
      return {
        state: 'stale',
        reason: `the index is in format ${manifest.formatVersion}, this version uses format ${INDEX_FORMAT_VERSION}`,
      };
    }
    if (manifest.modelId !== expected.modelId) {
      return {
        state: 'stale',
        reason: `the index was embedded with ${manifest.modelId}, the configured model is ${expected.modelId}`,
      };
    }
    if (manifest.corpusHash !== expected.corpusHash) {
      return { state: 'stale', reason: 'the corpus has changed since the index was built' };
    }

    openStore(dir).close();
    return {
      state: 'fresh',
      reason: `${manifest.paragraphCount} paragraphs embedded with ${manifest.modelId} at ${manifest.builtAt}`,
    };
  } catch (error) {
    if (error instanceof IndexUnusableError) return { state: 'unusable', reason: error.message };
    throw error;
  }
}
