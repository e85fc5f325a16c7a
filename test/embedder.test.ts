import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env, pipeline } from '@xenova/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSettingsFor } from '../src/answer/answer-settings.js';
import { DEFAULT_EMBEDDING_PROFILE, embeddingProfile } from '../src/embed/model-profiles.js';
import { unprofiledModelWarning } from '../src/model-profiles.js';
import { retrievalSettingsFor } from '../src/retrieve/retrieval-settings.js';
import { createTransformersEmbedder } from '../src/embed/transformers-embedder.js';
import type { Embedder } from '../src/embed/types.js';
import { loadTestEmbedder, offlineModelSettings, TEST_MODEL_ID, TEST_MODELS_DIR } from './support/models.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const MODEL_ID = TEST_MODEL_ID;

const tempDirs: string[] = [];

function offlineRequest() {
  const { cacheDir, remoteHost, remoteTimeoutMs } = offlineModelSettings();
  return { modelId: MODEL_ID, cacheDir, remoteHost, remoteTimeoutMs };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'models-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, v, i) => sum + v * b[i]!, 0);
}

function length(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

describe('model profiles', () => {
  it('gives each model family the prefixes it was trained with', () => {
    expect(embeddingProfile('Xenova/bge-small-en-v1.5')).toMatchObject({
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      passagePrefix: '',
      pooling: 'cls',
    });
    expect(embeddingProfile('Xenova/e5-small-v2')).toMatchObject({ queryPrefix: 'query: ', passagePrefix: 'passage: ' });
    for (const id of ['Xenova/all-MiniLM-L6-v2', MODEL_ID]) {
      expect(embeddingProfile(id)).toMatchObject({ queryPrefix: '', passagePrefix: '', pooling: 'mean' });
    }
  });

  it('falls back to neutral embedding, fusion and answer settings for unknown models', () => {
    expect(embeddingProfile('someone/unknown-model')).toEqual(DEFAULT_EMBEDDING_PROFILE);
    expect(retrievalSettingsFor('someone/unknown-model')).toMatchObject({ rrfK: 60, denseWeight: 1, lexicalWeight: 1 });
    expect(answerSettingsFor('someone/unknown-model').abstainBelow).toBeGreaterThan(0);
  });

  it('warns about a model with no measured profile, naming the defaults it gets', () => {
    const warning = unprofiledModelWarning('someone/unknown-model');
    expect(warning).toContain('someone/unknown-model');
    expect(warning).toContain('mean pooling');
    expect(warning).toContain('fusion k 60');
    expect(unprofiledModelWarning(MODEL_ID)).toBeUndefined();
  });

  it('warns a model with only prefixes known that its fusion and answer settings are the defaults', () => {
    const warning = unprofiledModelWarning('Xenova/e5-small-v2');
    expect(warning).not.toContain('pooling');
    expect(warning).toContain('fusion k 60');
    expect(warning).toContain('abstention below');
  });
});

describe('loading from a models folder', () => {
  it('names the folder when the model is not in it', async () => {
    const empty = tempDir();
    const expected = path.join(empty, 'nobody/no-such-model');
    await expect(createTransformersEmbedder({ ...offlineRequest(), modelId: 'nobody/no-such-model', modelsDir: empty })).rejects.toThrow(expected);
  });

  it('says which files are missing when the folder has no ONNX model', async () => {
    const modelsDir = tempDir();
    fs.mkdirSync(path.join(modelsDir, 'someone/empty-model'), { recursive: true });
    fs.writeFileSync(path.join(modelsDir, 'someone/empty-model/config.json'), '{}');
    await expect(createTransformersEmbedder({ ...offlineRequest(), modelId: 'someone/empty-model', modelsDir })).rejects.toThrow(
      /No onnx\/model\.onnx or onnx\/model_quantized\.onnx/,
    );
  });
});

describe(`the stand-in model ${MODEL_ID}`, () => {
  let embedder: Embedder;

  beforeAll(async () => {
    embedder = await loadTestEmbedder(2);
  }, 60_000);

  it('reads its dimensions from a probe and returns unit vectors', async () => {
    expect(embedder.modelId).toBe(MODEL_ID);
    expect(embedder.dimensions).toBe(192);
    const vector = await embedder.embedQuery('drug trafficking at sea');
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(192);
    expect(length(vector)).toBeCloseTo(1, 5);
  });

  it('scores related texts above unrelated ones', async () => {
    const query = await embedder.embedQuery('older people who use drugs');
    const [related, unrelated] = await embedder.embedPassages([
      'the ageing population led to an increasing number of elderly drug users',
      'the weather in spring',
    ]);
    expect(cosine(query, related!)).toBeGreaterThan(cosine(query, unrelated!) + 0.1);
  });

  it('embeds passages in batches, reporting progress after each, as separate copies', async () => {
    const texts = ['prison health care', 'money laundering', 'alternative development', 'coca cultivation', 'opioid overdose'];
    const progress: Array<[number, number]> = [];
    const vectors = await embedder.embedPassages(texts, (done, total) => progress.push([done, total]));

    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    expect(vectors).toHaveLength(5);
    for (const v of vectors) expect(length(v)).toBeCloseTo(1, 5);
    expect(new Set(vectors.map((v) => v.buffer)).size).toBe(5);

    // Padding inside a batch must not change a text's vector: the same text alone gives the same embedding.
    const alone = await embedder.embedQuery(texts[4]!);
    expect(cosine(alone, vectors[4]!)).toBeCloseTo(1, 4);
  });

  it("gives the very vectors of transformers.js's own feature-extraction pipeline, which built earlier indexes", async () => {
    // The model's folder, as model-source.ts points transformers.js at it.
    Object.assign(env, { localModelPath: TEST_MODELS_DIR, allowRemoteModels: false });
    const extractor = await pipeline('feature-extraction', MODEL_ID, { quantized: false });
    const texts = ['naloxone', 'the Commission on Narcotic Drugs held its thematic discussions in Vienna', 'alternative development'];
    const expected = await extractor(texts, { pooling: 'mean', normalize: true });
    const vectors = await embedder.embedPassages(texts);
    texts.forEach((_, i) => expect(vectors[i], texts[i]).toEqual((expected.data as Float32Array).slice(i * 192, (i + 1) * 192)));
  });

  it('returns nothing for no passages without calling progress', async () => {
    const progress: number[] = [];
    expect(await embedder.embedPassages([], (done) => progress.push(done))).toEqual([]);
    expect(progress).toEqual([]);
  });
});
