import { createHash } from 'node:crypto';
import type { DocumentInfo, Paragraph } from '../src/parse/types.js';
import { contentHashesOf, type EmbeddedCorpus } from '../src/store/build-index.js';
import type { RealMaterial } from './real-material.js';
import { gaussianSource, seededRandom } from './stats.js';

/**
 * A corpus of any size made of the real one, so that the store is measured on text and vectors like those it
 * serves: every synthetic paragraph quotes 2 to 5 real sentences, each from a real paragraph drawn at random,
 * under the headings (year, chapter, meeting dates, section, topic) of one more real paragraph. The sentences
 * keep the real model's vectors (the same text embeds to the same vector); a paragraph's vector is the
 * normalised sum of its sentences' vectors plus noise (PASSAGE_NOISE_NORM). Word and term statistics stay
 * those of real sentences, and nothing is embedded, so what the measurements see is the store's own cost.
 */
export interface SyntheticCorpus extends EmbeddedCorpus {
  /** Every passage vector, row by row in label order, in shared memory (for the brute-force workers); `vectors` are views of it. */
  vectorData: Float32Array;
}

/** A UN report runs to a few hundred numbered paragraphs (the real compilation has 267): 2,000 documents make a million. */
export const PARAGRAPHS_PER_DOCUMENT = 500;

/** Sentences a synthetic paragraph quotes: the real corpus's paragraphs have 1 to 5, 3 at the median. */
const MIN_SENTENCES = 2;
const MAX_SENTENCES = 5;

/**
 * Norm of the noise (NOISE_TERMS) added to the normalised sum of a paragraph's sentence vectors before normalising
 * again. The model does not embed a passage as the sum of its sentences: over the real corpus a passage's vector
 * lies at median cosine 0.83 from the normalised sum of its own sentences' vectors (bundled model; each run
 * measures it again, `vectorCalibration`). Noise of norm 0.67 moves a unit vector to cosine 1/√(1 + 0.67²) = 0.83
 * from where it was, so a synthetic passage strays from its sentences as far as a real one does, two paragraphs
 * quoting the same sentences are not the same point, and synthetic passages spread as real ones do.
 */
export const PASSAGE_NOISE_NORM = 0.67;

/**
 * Real vectors mixed into one draw of noise. Their deviations from the mean, weighted by independent normals, make
 * a Gaussian with the real vectors' covariance (approximately, from 16 of them), so noise moves a vector along the
 * directions real texts differ in (the real vectors' top 20 principal components hold two thirds of their
 * variance), not into the dimensions no text uses, as isotropic noise would: that made neighbours far more
 * uniform than real ones (HNSW recall@10 0.89 against 0.94 at 30k in a trial). 16 terms cost 3,000
 * multiply-adds a paragraph.
 */
const NOISE_TERMS = 16;

/**
 * Adds noise of norm `norm`, shaped like the real vectors' own variation (NOISE_TERMS), to `vector` in place and
 * normalises it.
 * @example
 * const addNoise = noiseAdder(seededRandom(1), realVectors);
 * addNoise(vector, 0.25);
 */
export function noiseAdder(random: () => number, real: readonly Float32Array[]): (vector: Float32Array, norm: number) => void {
  const dims = real[0]!.length;
  const mean = new Float32Array(dims);
  for (const v of real) for (let j = 0; j < dims; j++) mean[j]! += v[j]! / real.length;
  const deviations = new Float32Array(real.length * dims);
  real.forEach((v, i) => {
    for (let j = 0; j < dims; j++) deviations[i * dims + j] = v[j]! - mean[j]!;
  });
  const gaussian = gaussianSource(random);
  const noise = new Float32Array(dims);
  return (vector, norm) => {
    noise.fill(0);
    for (let t = 0; t < NOISE_TERMS; t++) {
      const row = Math.floor(random() * real.length) * dims;
      const weight = gaussian();
      for (let j = 0; j < dims; j++) noise[j]! += weight * deviations[row + j]!;
    }
    let sum = 0;
    for (const v of noise) sum += v * v;
    const scale = norm / Math.sqrt(sum);
    for (let j = 0; j < dims; j++) vector[j]! += scale * noise[j]!;
    normaliseInPlace(vector);
  };
}

/**
 * Every real vector, passages and sentences: what noise is shaped by.
 * @example
 * const addNoise = noiseAdder(seededRandom(1), realVectors(real));
 */
export function realVectors(real: RealMaterial): Float32Array[] {
  return [...real.passageVectors, ...real.sentences.flatMap((sentences) => sentences.map((s) => s.vector))];
}

function normaliseInPlace(vector: Float32Array): void {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const inverse = 1 / Math.sqrt(sum);
  for (let j = 0; j < vector.length; j++) vector[j]! *= inverse;
}

/** How the synthetic vectors compare with the real ones, medians over the corpus (or CALIBRATION_PAIRS random pairs). */
export interface VectorCalibration {
  /** A real passage vector against the normalised sum of its own sentences' vectors: what PASSAGE_NOISE_NORM reproduces. */
  sentenceSumCosine: number;
  /** Two real passages drawn at random. */
  realPairCosine: number;
  /** Two synthetic passages drawn at random: near the real figure when the synthetic vectors spread as real ones do. */
  syntheticPairCosine: number;
}

/** Random pairs the pair cosines are the median of: enough for two decimals. */
const CALIBRATION_PAIRS = 2000;

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, j) => sum + v * b[j]!, 0);
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Measured again at every run, for the model in use: with the bundled model, 0.83 to the sentence sum, and random
 * pairs at 0.34 (real) and 0.31 (synthetic), where synthetic vectors without the noise would be at 0.43.
 * @example
 * const { sentenceSumCosine } = vectorCalibration(real, corpus.vectors, 20240304);
 */
export function vectorCalibration(real: RealMaterial, synthetic: readonly Float32Array[], seed: number): VectorCalibration {
  const random = seededRandom(seed);
  const randomPairs = (vectors: readonly Float32Array[]) =>
    median(Array.from({ length: CALIBRATION_PAIRS }, () => dot(vectors[Math.floor(random() * vectors.length)]!, vectors[Math.floor(random() * vectors.length)]!)));
  const sentenceSums = real.sentences.map((sentences, i) => {
    const sum = new Float32Array(real.dimensions);
    for (const { vector } of sentences) for (let j = 0; j < sum.length; j++) sum[j]! += vector[j]!;
    normaliseInPlace(sum);
    return dot(sum, real.passageVectors[i]!);
  });
  return { sentenceSumCosine: median(sentenceSums), realPairCosine: randomPairs(real.passageVectors), syntheticPairCosine: randomPairs(synthetic) };
}

/** The k-th copy of a real document: the first keeps its id and symbol, later ones are its addenda. */
function documentCopy(real: DocumentInfo, copy: number): DocumentInfo {
  if (copy === 0) return real;
  const id = `${real.id}-add-${copy}`;
  return {
    ...real,
    id,
    file: id + real.file.slice(real.file.lastIndexOf('.')),
    title: `${real.title}, addendum ${copy}`,
    symbol: real.symbol === null ? null : `${real.symbol}/Add.${copy}`,
  };
}

/** An id as the parser makes them: `<document>.<chapter>.<number>`, with the part before the chapter when there is one. */
function paragraphId(document: string, home: Paragraph, number: number): string {
  const part = home.part === null ? '' : `${home.part.replace(/\s+/g, '-')}.`;
  return `${document}.${part}${home.chapter ?? '0'}.${number}`;
}

/**
 * `count` paragraphs made of the real corpus, the same for the same seed. Documents are copies of the real ones
 * (PARAGRAPHS_PER_DOCUMENT paragraphs each), with their paragraphs in the real reading order of the paragraphs
 * whose headings they take, numbered within each chapter.
 * @example
 * const corpus = generateSyntheticCorpus(real, { paragraphs: 100_000, seed: 20240304 });
 * const version = await backend.publish(assembleIndexContent(corpus));
 */
export function generateSyntheticCorpus(real: RealMaterial, { paragraphs: count, seed }: { paragraphs: number; seed: number }): SyntheticCorpus {
  const random = seededRandom(seed);
  const addNoise = noiseAdder(random, realVectors(real));
  const dims = real.dimensions;
  const withSentences = real.sentences.flatMap((sentences, i) => (sentences.length > 0 ? [i] : []));
  const homesOf = new Map(real.documents.map((d) => [d.id, real.paragraphs.flatMap((p, i) => (p.document === d.id ? [i] : []))]));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

  const vectorData = new Float32Array(new SharedArrayBuffer(count * dims * Float32Array.BYTES_PER_ELEMENT));
  const documents: DocumentInfo[] = [];
  const paragraphs: Paragraph[] = [];
  const sentenceTexts: string[][] = [];
  const sentenceVectors: Float32Array[][] = [];
  for (let d = 0; paragraphs.length < count; d++) {
    const source = real.documents[d % real.documents.length]!;
    const document = documentCopy(source, Math.floor(d / real.documents.length));
    documents.push(document);
    const size = Math.min(PARAGRAPHS_PER_DOCUMENT, count - paragraphs.length);
    // Headings drawn first and put in reading order, so chapters and sections follow each other as in the real document.
    const homes = Array.from({ length: size }, () => pick(homesOf.get(source.id)!)).sort((a, b) => a - b);
    const numbers = new Map<string, number>();
    homes.forEach((h, order) => {
      const home = real.paragraphs[h]!;
      const place = `${home.part}|${home.chapter}`;
      const number = (numbers.get(place) ?? 0) + 1;
      numbers.set(place, number);
      const quoted = new Set<{ text: string; vector: Float32Array }>();
      // Drawn again when it comes twice: a paragraph never repeats a sentence.
      for (const wanted = MIN_SENTENCES + Math.floor(random() * (MAX_SENTENCES - MIN_SENTENCES + 1)); quoted.size < wanted; ) quoted.add(pick(real.sentences[pick(withSentences)]!));
      const label = paragraphs.length;
      const vector = vectorData.subarray(label * dims, (label + 1) * dims);
      for (const { vector: sentence } of quoted) for (let j = 0; j < dims; j++) vector[j]! += sentence[j]!;
      normaliseInPlace(vector);
      addNoise(vector, PASSAGE_NOISE_NORM);
      paragraphs.push({
        id: paragraphId(document.id, home, number),
        document: document.id,
        part: home.part,
        chapter: home.chapter,
        year: home.year,
        meetingDates: home.meetingDates,
        section: home.section,
        topic: home.topic,
        paragraph: number,
        text: [...quoted].map((s) => s.text).join(' '),
        footnotes: [],
        order,
        line: null,
        page: null,
      });
      sentenceTexts.push([...quoted].map((s) => s.text));
      sentenceVectors.push([...quoted].map((s) => s.vector));
    });
  }
  return {
    documents,
    paragraphs,
    corpusHash: createHash('sha256').update(`synthetic ${count} ${seed} ${real.corpusHash}`).digest('hex'),
    modelId: real.modelId,
    dimensions: dims,
    contentHashes: contentHashesOf(paragraphs),
    vectors: paragraphs.map((_, label) => vectorData.subarray(label * dims, (label + 1) * dims)),
    vectorData,
    sentenceTexts,
    sentenceVectors,
  };
}
