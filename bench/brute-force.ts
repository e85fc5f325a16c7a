import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

/**
 * Exact k nearest neighbours by inner product (cosine, since every vector is unit length), the ground truth
 * for recall. A tight Float32Array loop, split across worker threads by query; this file is also the worker.
 */

interface Job {
  data: Float32Array;
  queries: Float32Array;
  dims: number;
  k: number;
}

/** Labels of the k most similar rows of `data` for each query, best first, and their similarities. */
export function exactTopK({ data, queries, dims, k }: Job): { labels: Int32Array; scores: Float32Array } {
  if (dims % 4 !== 0) throw new Error(`dims must be a multiple of 4, got ${dims}`);
  const n = data.length / dims;
  const q = queries.length / dims;
  const labels = new Int32Array(q * k).fill(-1);
  const scores = new Float32Array(q * k).fill(-Infinity);
  for (let row = 0; row < n; row++) {
    const rowOffset = row * dims;
    for (let qi = 0; qi < q; qi++) {
      const qOffset = qi * dims;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < dims; j += 4) {
        s0 += data[rowOffset + j]! * queries[qOffset + j]!;
        s1 += data[rowOffset + j + 1]! * queries[qOffset + j + 1]!;
        s2 += data[rowOffset + j + 2]! * queries[qOffset + j + 2]!;
        s3 += data[rowOffset + j + 3]! * queries[qOffset + j + 3]!;
      }
      const score = s0 + s1 + s2 + s3;
      const base = qi * k;
      if (score <= scores[base + k - 1]!) continue;
      // Insertion into the query's sorted top-k.
      let pos = k - 1;
      while (pos > 0 && scores[base + pos - 1]! < score) {
        scores[base + pos] = scores[base + pos - 1]!;
        labels[base + pos] = labels[base + pos - 1]!;
        pos--;
      }
      scores[base + pos] = score;
      labels[base + pos] = row;
    }
  }
  return { labels, scores };
}

/**
 * Node 20 does not apply `--import tsx` inside worker threads, so the worker registers tsx itself and then
 * imports this file, whose last lines answer the job.
 */
const TYPESCRIPT_WORKER = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;

/** `exactTopK` with the queries shared out over `threads` workers; `data` must live in a SharedArrayBuffer. */
export async function exactTopKParallel(job: Job, threads: number): Promise<{ labels: Int32Array; scores: Float32Array }> {
  if (job.dims % 4 !== 0) throw new Error(`dims must be a multiple of 4, got ${job.dims}`);
  const q = job.queries.length / job.dims;
  const per = Math.ceil(q / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const queries = job.queries.slice(t * per * job.dims, Math.min(q, (t + 1) * per) * job.dims);
      return new Promise<{ labels: Int32Array; scores: Float32Array }>((resolve, reject) => {
        const worker = new Worker(TYPESCRIPT_WORKER, { eval: true, workerData: { ...job, queries } });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  const labels = new Int32Array(q * job.k);
  const scores = new Float32Array(q * job.k);
  let offset = 0;
  for (const part of parts) {
    labels.set(part.labels, offset);
    scores.set(part.scores, offset);
    offset += part.labels.length;
  }
  return { labels, scores };
}

if (!isMainThread && parentPort !== null) {
  parentPort.postMessage(exactTopK(workerData as Job));
}
