import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { afterAll, describe, expect, it } from 'vitest';
import { startVectorIndex } from '../src/store/hnsw-build.js';

describe('the vector index written on its own thread', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hnsw-build-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  // Points on a circle, each its own nearest neighbour: label by position.
  const vectors = Array.from({ length: 300 }, (_, i) => Float32Array.of(Math.cos(i / 50), Math.sin(i / 50), 0.1));

  it('writes an index hnswlib reads back, each vector under its position', async () => {
    const file = path.join(dir, 'vectors.hnsw');
    const writing = startVectorIndex({ file, dimensions: 3, vectors });
    await writing.written;
    const index = new hnswlib.HierarchicalNSW('cosine', 3);
    index.readIndexSync(file);
    expect(index.getCurrentCount()).toBe(300);
    for (const label of [0, 123, 299]) expect(index.searchKnn(Array.from(vectors[label]!), 1).neighbors).toEqual([label]);
  });

  it('refuses a vector of the wrong size before it starts', () => {
    expect(() => startVectorIndex({ file: path.join(dir, 'bad.hnsw'), dimensions: 3, vectors: [Float32Array.of(1, 0)] })).toThrow(/Vector 0 has 2 dimensions, expected 3/);
  });

  it('says which file it could not write', async () => {
    const file = path.join(dir, 'missing-folder', 'vectors.hnsw');
    await expect(startVectorIndex({ file, dimensions: 3, vectors }).written).rejects.toThrow(file);
  });

  it('stops when asked, leaving the file unwritten', async () => {
    const file = path.join(dir, 'stopped.hnsw');
    const many = Array.from({ length: 50_000 }, (_, i) => Float32Array.of(Math.cos(i), Math.sin(i), i % 7));
    const writing = startVectorIndex({ file, dimensions: 3, vectors: many });
    await writing.stop();
    await expect(writing.written).rejects.toThrow(/stopped/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
