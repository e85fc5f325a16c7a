import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailable, startThrowAwayCluster, uniqueSchema, type ThrowAwayCluster } from './support/postgres.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { testIndex } from './support/pipeline.js';

/**
 * Two servers on one PostgreSQL database, as an operator runs them: both answer, both pick up a build that
 * `npm run index` makes while they serve, without a restart and without one failed request; and when the
 * database goes away they answer 503 with Retry-After, say why in their health, and recover on their own.
 * The cluster is the test's own (stopping CI's would disturb the other PostgreSQL tests running meanwhile).
 */

const run = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const ADDED_DOCUMENT = 'cnd-resolution-67-99.md';
/** Questions for the load while the build switches: different ones, so no answer comes from a cache. */
const QUESTIONS = ['naloxone', 'alternative development', 'prison health', 'drug checking services', 'women and drug use', 'cannabis', 'precursor chemicals', 'synthetic opioids'];
/** How long a server may take to notice a new build: it checks once a second (FollowedBuild). */
const PICK_UP_MS = 10_000;

const skipReason = postgresUnavailable();

describe.skipIf(skipReason !== null)('two servers on one PostgreSQL database', () => {
  let cluster: ThrowAwayCluster;
  let work: string;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];

  /** `npm run index` against the test's database, as an operator would run it. */
  const index = () => run(process.execPath, ['--import', 'tsx', 'src/cli/build-index.ts'], { cwd: REPO_ROOT, env: { ...process.env, ...env } });

  beforeAll(async () => {
    cluster = await startThrowAwayCluster();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-servers-'));
    fs.cpSync(path.join(REPO_ROOT, 'corpus'), path.join(work, 'corpus'), { recursive: true });
    env = {
      DATABASE_URL: cluster.url,
      DATABASE_SCHEMA: uniqueSchema('servers'),
      CORPUS_DIR: path.join(work, 'corpus'),
      INDEX_DIR: path.join(work, 'unused-index'),
      MODELS_DIR: testIndex.modelsDir,
      EMBED_MODEL: testIndex.modelId,
      RATE_LIMIT_PER_MIN: '0',
    };
    await index();
    servers.push(...(await Promise.all([startServerProcess(env.INDEX_DIR!, env), startServerProcess(env.INDEX_DIR!, env)])));
  }, 240_000);

  afterAll(async () => {
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await cluster?.remove();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const documentCount = async (server: ServerProcess) => ((await (await fetch(`${server.url}/api/documents`)).json()) as { documents: unknown[] }).documents.length;

  it('answers from both servers', async () => {
    for (const server of servers) {
      const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent('naloxone kits')}&k=3`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { results: Array<{ id: string }> };
      expect(body.results.length).toBe(3);
      expect(await documentCount(server)).toBe(1);
    }
  });

  it('picks up a build made by npm run index while both serve, without a restart or one failed request', async () => {
    const statuses: number[] = [];
    let loading = true;
    const load = async (server: ServerProcess, offset: number) => {
      for (let i = offset; loading; i++) {
        // A new question every time (the counter makes it one), so each request reaches the store.
        const query = `${QUESTIONS[i % QUESTIONS.length]} ${i}`;
        const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent(query)}&k=5`);
        statuses.push(response.status);
        await response.arrayBuffer();
      }
    };
    const loads = servers.map((server, i) => load(server, i * 1000));
    fs.copyFileSync(path.join(REPO_ROOT, 'test/fixtures/documents', ADDED_DOCUMENT), path.join(env.CORPUS_DIR!, ADDED_DOCUMENT));
    const { stdout } = await index();
    expect(stdout).toMatch(/added cnd-resolution-67-99\.md/);
    const deadline = Date.now() + PICK_UP_MS;
    while (Date.now() < deadline && (await Promise.all(servers.map(documentCount))).some((count) => count !== 2)) await new Promise((r) => setTimeout(r, 200));
    // A little longer under load on the new build, then the load stops.
    await new Promise((r) => setTimeout(r, 1000));
    loading = false;
    await Promise.all(loads);

    expect(await Promise.all(servers.map(documentCount))).toEqual([2, 2]);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // Both search the new document now: its resolution number finds it.
    for (const server of servers) {
      const body = (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent('resolution 67/99')}&k=3`)).json()) as { results: Array<{ document: { id: string } }> };
      expect(body.results.map((r) => r.document.id)).toContain('cnd-resolution-67-99');
    }
  }, 120_000);

  it('answers 503 with Retry-After while the database is gone, says why in its health, and recovers by itself', async () => {
    await cluster.stop();
    try {
      for (const server of servers) {
        const search = await fetch(`${server.url}/api/search?q=${encodeURIComponent('heroin seizures while down')}`);
        expect(search.status).toBe(503);
        expect(Number(search.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await search.json()).toEqual({ error: { code: 'store_unavailable', message: expect.stringMatching(/cannot be reached/) } });
        const paragraph = await fetch(`${server.url}/api/paragraphs/${encodeURIComponent('cnd-chairs-summaries-2019-2023.I.1')}`);
        expect(paragraph.status).toBe(503);
        const health = await fetch(`${server.url}/api/health`);
        expect(health.status).toBe(503);
        expect(await health.json()).toEqual({ status: 'unavailable', reason: expect.any(String) });
      }
    } finally {
      await cluster.start();
    }
    for (const server of servers) {
      const deadline = Date.now() + PICK_UP_MS;
      let status = 0;
      let body = '';
      while (Date.now() < deadline && status !== 200) {
        const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent('heroin seizures after')}`);
        status = response.status;
        body = await response.text();
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status, `${body}\n${server.output().slice(-1500)}`).toBe(200);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    }
    // Nothing crashed meanwhile: both are still the processes started at the beginning.
    expect(servers.map((s) => s.child.exitCode)).toEqual([null, null]);
  }, 60_000);
});
