import { loadCorpusReportingErrors } from '../src/indexing.js';
import type { DocumentInfo, Paragraph } from '../src/parse/types.js';
import { splitSentences } from '../src/parse/sentences.js';
import { openBackend } from '../src/store/backend.js';
import { contentHashesOf } from '../src/store/build-index.js';

/**
 * What synthetic corpora are made of: the real corpus's paragraphs and their sentences, with the vectors the
 * real model gave each when the index was built (read back from that index, so nothing is embedded again).
 */
export interface RealMaterial {
  documents: DocumentInfo[];
  paragraphs: Paragraph[];
  /** Per paragraph, the vector of its passage (headings and text). */
  passageVectors: Float32Array[];
  /** Per paragraph, its sentences as the build split them, each with its vector. */
  sentences: Array<Array<{ text: string; vector: Float32Array }>>;
  corpusHash: string;
  modelId: string;
  dimensions: number;
}

/**
 * Parses the corpus folder and reads every vector of it from the embedded index built from that corpus.
 * @example
 * const real = await readRealMaterial('corpus', '/tmp/bench-index-x1y2z3');
 */
export async function readRealMaterial(corpusDir: string, indexDir: string): Promise<RealMaterial> {
  const corpus = await loadCorpusReportingErrors(corpusDir, { error: (line) => console.error(line) });
  const backend = await openBackend({ indexDir });
  const version = await backend.currentVersion();
  if (version === null) throw new Error(`${indexDir} holds no index built from ${corpusDir}`);
  const index = await backend.openReusable(version);
  try {
    if (index.manifest.corpusHash !== corpus.hash) throw new Error(`${indexDir} was built from another corpus than ${corpusDir}`);
    const embedded = await index.embedded(contentHashesOf(corpus.paragraphs));
    const sentenceTexts = corpus.paragraphs.map((p) => splitSentences(p.text));
    const passageVectors = embedded.map((e, i) => {
      if (e?.vector === undefined || e.sentences?.length !== sentenceTexts[i]!.length) {
        throw new Error(`${indexDir} lacks the vectors of paragraph ${corpus.paragraphs[i]!.id}`);
      }
      return e.vector;
    });
    return {
      documents: corpus.documents,
      paragraphs: corpus.paragraphs,
      passageVectors,
      sentences: sentenceTexts.map((texts, i) => texts.map((text, s) => ({ text, vector: embedded[i]!.sentences![s]! }))),
      corpusHash: corpus.hash,
      modelId: index.manifest.modelId,
      dimensions: index.manifest.dimensions,
    };
  } finally {
    await index.close();
    await backend.close();
  }
}
