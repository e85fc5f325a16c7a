import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/*
 * The HNSW graph of a build, made on a thread of its own while the main thread writes SQLite: at a million
 * paragraphs each took over half an hour, one after the other, on a machine with a second core idle. hnswlib adds
 * points one at a time, synchronously, so a thread is the only way to overlap them.
 *
 * The worker is a script given as text, not a module file: the same code then runs from TypeScript sources
 * (tsx, vitest) and from the server's bundle, where a worker file would need a build step of its own. It loads
 * hnswlib-node from the path this module resolves, whatever the current directory.
 */

/** Graph degree and build-time beam: hnswlib's recommended values for high recall on sentence embeddings; pgvector builds its graph with the same. */
export const HNSW_M = 16;
export const HNSW_EF_CONSTRUCTION = 200;

export interface VectorIndexJob {
  file: string;
  dimensions: number;
  vectors: readonly Float32Array[];
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { HierarchicalNSW } = require(workerData.hnswlib);
const { file, dimensions, count, vectors, m, efConstruction } = workerData;
const all = new Float32Array(vectors);
const index = new HierarchicalNSW('cosine', dimensions);
// hnswlib refuses an index of capacity 0, so an empty corpus still gets room for one element.
index.initIndex({ maxElements: Math.max(1, count), m, efConstruction });
for (let label = 0; label < count; label++) index.addPoint(Array.from(all.subarray(label * dimensions, (label + 1) * dimensions)), label);
index.writeIndexSync(file);
// hnswlib says nothing when it cannot open the file: a missing one is the failure it did not report.
require('node:fs').statSync(file);
parentPort.postMessage('written');
`;

/** A vector index being written on its own thread. */
export interface VectorIndexWriting {
  /** Settles when the file is written, or with what stopped it. */
  written: Promise<void>;
  /** Stops the thread (the caller's own step failed): the file is left unfinished. */
  stop(): Promise<void>;
}

/**
 * Starts writing the vector index of `vectors` (labels by position) to `file` on another thread. The vectors are
 * copied into one buffer handed to the thread, so the caller may go on using its arrays.
 * @example
 * const graph = startVectorIndex({ file: 'builds/x/vectors.hnsw', dimensions: 192, vectors });
 * writeParagraphDatabase(...); // meanwhile
 * await graph.written;
 */
export function startVectorIndex({ file, dimensions, vectors }: VectorIndexJob): VectorIndexWriting {
  vectors.forEach((vector, label) => {
    if (vector.length !== dimensions) throw new Error(`Vector ${label} has ${vector.length} dimensions, expected ${dimensions}`);
  });
  const all = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, label) => all.set(vector, label * dimensions));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { hnswlib: createRequire(import.meta.url).resolve('hnswlib-node'), file, dimensions, count: vectors.length, vectors: all.buffer, m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION },
    transferList: [all.buffer],
  });
  const written = new Promise<void>((resolve, reject) => {
    let done = false;
    worker.once('message', () => (done = true));
    worker.once('error', (error) => reject(new Error(`Writing the vector index ${file} failed: ${error.message}`, { cause: error })));
    worker.once('exit', (code) => (done ? resolve() : reject(new Error(`Writing the vector index ${file} stopped (thread exit code ${code})`))));
  });
  return {
    written,
    stop: async () => {
      written.catch(() => {});
      await worker.terminate();
    },
  };
}
