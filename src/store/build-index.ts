import { createHash } from 'node:crypto';
import type { Embedder } from '../embed/types.js';
import type { DocumentInfo, Paragraph } from '../parse/types.js';
import { passageText } from '../parse/passage-text.js';
import { splitSentences } from '../parse/sentences.js';
import { contentStems, contentTerms } from '../parse/terms.js';
import { harvestAcronyms } from '../parse/acronym-definitions.js';
import {
  INDEX_FORMAT_VERSION,
  IndexUnusableError,
  type ContentHashes,
  type IndexContent,
  type Manifest,
  type ReusableIndex,
  type SentenceRecord,
  type StoreBackend,
} from './types.js';
import { MIN_CORRECTABLE_LENGTH } from './spelling-variants.js';

export interface BuildIndexOptions {
  /** Where the build is written and made current. */
  backend: StoreBackend;
  documents: DocumentInfo[];
  /** Per document id: the hash of its source (file, meta.json, parser version), kept so the next update can reuse it. */
  sourceHashes?: ReadonlyMap<string, string>;
  /** In corpus order; their position becomes their vector label. */
  paragraphs: Paragraph[];
  corpusHash: string;
  embedder: Embedder;
  /** The build being replaced, when it was embedded with the same model: its vectors are reused by content hash. */
  reuse?: ReusableIndex;
  /** Phrases the retriever is known to search for (IndexContent.searchedPhrases). */
  searchedPhrases?: readonly string[];
  /** Phrases the retriever may ask the store whether it holds (IndexContent.probedPhrases). */
  probedPhrases?: readonly string[];
  onProgress?: (done: number, total: number) => void;
}

/** What a build embedded and what it took from the build it replaced. */
export interface BuildReport {
  manifest: Manifest;
  /** The new build's name, current now. */
  version: string;
  embedded: { passages: number; sentences: number };
  reused: { passages: number; sentences: number };
}

/** SHA-256 of a text, hex: what vectors are reused by. */
function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Embeds what the build it replaces did not already embed, has the backend write a new build and make it
 * current; the previous build stays usable until the swap, and for a while after.
 * @example
 * const { manifest, reused } = await buildIndex({ backend, documents, sourceHashes, paragraphs, corpusHash, embedder, reuse });
 */
export async function buildIndex(options: BuildIndexOptions): Promise<BuildReport> {
  const { backend, documents, sourceHashes, paragraphs, corpusHash, embedder, reuse, searchedPhrases, probedPhrases, onProgress } = options;
  assertUniqueIds(paragraphs);
  if (reuse && (reuse.manifest.modelId !== embedder.modelId || reuse.manifest.dimensions !== embedder.dimensions)) {
    throw new Error(`Cannot reuse vectors of ${reuse.manifest.modelId} for a build with ${embedder.modelId}`);
  }

  const passages = paragraphs.map(passageText);
  const contentHashes = contentHashesOf(paragraphs);
  const sentenceTexts = paragraphs.map((p) => splitSentences(p.text));
  const known = reuse === undefined ? contentHashes.map(() => undefined) : await reuse.embedded(contentHashes);
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

  const content = assembleIndexContent({
    documents,
    sourceHashes,
    paragraphs,
    corpusHash,
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    contentHashes,
    vectors: vectors as Float32Array[],
    sentenceTexts,
    sentenceVectors: sentenceVectors as Float32Array[][],
    searchedPhrases,
    probedPhrases,
  });
  const version = await backend.publish(content);
  return {
    manifest: content.manifest,
    version,
    embedded: { passages: missingPassages.length, sentences: sentencesToEmbed.length },
    reused: { passages: paragraphs.length - missingPassages.length, sentences: content.sentences.length - sentencesToEmbed.length },
  };
}

/** A corpus with every vector computed: what a build holds once embedding is done. */
export interface EmbeddedCorpus {
  documents: DocumentInfo[];
  /** Per document id: the hash of its source (file, meta.json, parser version). */
  sourceHashes?: ReadonlyMap<string, string>;
  /** In corpus order; their position becomes their vector label. */
  paragraphs: Paragraph[];
  corpusHash: string;
  modelId: string;
  dimensions: number;
  /** Per paragraph, the hashes its vectors are reused by (see `contentHashesOf`). */
  contentHashes: ContentHashes[];
  /** Per paragraph, the vector of its passage (headings and text). */
  vectors: Float32Array[];
  /** Per paragraph, its sentences as split for quoting. */
  sentenceTexts: string[][];
  /** Per paragraph, the vector of each of its sentences, in the order of `sentenceTexts`. */
  sentenceVectors: Float32Array[][];
  /** Phrases the retriever is known to search for (IndexContent.searchedPhrases); none when not given. */
  searchedPhrases?: readonly string[];
  /** Phrases the retriever may ask the store whether it holds (IndexContent.probedPhrases); none when not given. */
  probedPhrases?: readonly string[];
}

/**
 * Everything a backend writes for a build, from a corpus already embedded: the sentences tied to their
 * paragraphs, the manifest, and what is counted over the whole corpus (term and word frequencies, acronyms).
 * `buildIndex` calls it after embedding; benchmarks call it with vectors they made without the model.
 * @example
 * const content = assembleIndexContent({ documents, paragraphs, corpusHash, modelId, dimensions, contentHashes: contentHashesOf(paragraphs), vectors, sentenceTexts, sentenceVectors });
 * const version = await backend.publish(content);
 */
export function assembleIndexContent(corpus: EmbeddedCorpus): IndexContent {
  const { documents, sourceHashes, paragraphs, corpusHash, modelId, dimensions, contentHashes, vectors, sentenceTexts, sentenceVectors, searchedPhrases = [], probedPhrases = [] } = corpus;
  const sentences: SentenceRecord[] = sentenceTexts.flatMap((texts, paragraphLabel) =>
    texts.map((text, position) => ({ paragraphLabel, position, text, vector: sentenceVectors[paragraphLabel]![position]! })),
  );
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    modelId,
    dimensions,
    corpusHash,
    builtAt: new Date().toISOString(),
    documents,
    paragraphCount: paragraphs.length,
  };
  return {
    manifest,
    sourceHashes,
    paragraphs,
    contentHashes,
    vectors,
    sentences,
    documentFrequencies: documentFrequencies(paragraphs),
    wordFrequencies: wordFrequencies(paragraphs),
    // Read by the query expander at every start; finding them means reading the whole corpus, so once here.
    acronymDefinitions: harvestAcronyms(paragraphs.map((p) => p.text)),
    searchedPhrases,
    probedPhrases,
  };
}

/**
 * The hashes of each paragraph's passage (headings and text) and of its text alone, by which a later build
 * reuses its vectors.
 * @example
 * const [{ passage, text }] = contentHashesOf([paragraph]);
 */
export function contentHashesOf(paragraphs: readonly Paragraph[]): ContentHashes[] {
  return paragraphs.map((p) => ({ passage: contentHash(passageText(p)), text: contentHash(p.text) }));
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

export type IndexState = 'missing' | 'stale' | 'fresh' | 'unusable';

export interface IndexStatus {
  state: IndexState;
  /** One sentence for the operator: why the index can or cannot be used as it is. */
  reason: string;
}

/**
 * Decides at start-up whether the current build can serve the configured model and corpus, or must be (re)built.
 * @example
 * const { state, reason } = await readIndexStatus(backend, { modelId: embedder.modelId, corpusHash });
 */
export async function readIndexStatus(backend: StoreBackend, expected: { modelId: string; corpusHash: string }): Promise<IndexStatus> {
  try {
    const version = await backend.currentVersion();
    if (version === null) return { state: 'missing', reason: `no index has been built in ${backend.location}` };

    const manifest = await backend.readManifest(version);
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

    await (await backend.open(version)).close();
    return {
      state: 'fresh',
      reason: `${manifest.paragraphCount} paragraphs embedded with ${manifest.modelId} at ${manifest.builtAt}`,
    };
  } catch (error) {
    if (error instanceof IndexUnusableError) return { state: 'unusable', reason: error.message };
    throw error;
  }
}
