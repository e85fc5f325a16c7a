import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBackend } from '../src/store/backend.js';
import { testIndex } from './support/pipeline.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

/**
 * Damage done to a copy of the test index's current build, and the file the start-up message must name. Each
 * case costs a rebuild (~10 s), so these are the distinct ways in: unreadable JSON, a file SQLite refuses, and
 * a file SQLite opens but whose integrity check fails.
 */
const damages: Array<[string, string, (build: string) => void]> = [
  [
    'a manifest.json cut short mid-write',
    'manifest.json',
    (build) => {
      const file = path.join(build, 'manifest.json');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 40));
    },
  ],
  [
    'a paragraphs.sqlite whose header was overwritten',
    'paragraphs.sqlite',
    (build) => {
      const file = path.join(build, 'paragraphs.sqlite');
      const bytes = fs.readFileSync(file);
      bytes.fill(0x41, 0, 100);
      fs.writeFileSync(file, bytes);
    },
  ],
  [
    'a paragraphs.sqlite with a damaged page',
    'paragraphs.sqlite',
    (build) => {
      const file = path.join(build, 'paragraphs.sqlite');
      const bytes = fs.readFileSync(file);
      const pageSize = bytes.readUInt16BE(16);
      // The head of page 2, a table's b-tree page: SQLite opens the file but its integrity check fails.
      bytes.fill(0xff, pageSize, pageSize + 64);
      fs.writeFileSync(file, bytes);
    },
  ],
];

async function stop(server: ServerProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.child.kill('SIGTERM');
  return server.exited;
}

describe('a damaged index at start-up', () => {
  const scratch: string[] = [];
  afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it.each(damages)('with %s: says which file and why, rebuilds, serves, and starts cleanly next time', async (_, fileName, damage) => {
    const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-corruption-'));
    scratch.push(indexDir);
    fs.cpSync(testIndex.indexDir, indexDir, { recursive: true });
    const backend = await openBackend({ indexDir });
    const damagedVersion = (await backend.currentVersion())!;
    const damaged = path.join(indexDir, 'builds', damagedVersion);
    damage(damaged);

    // startServerProcess rejects if the server exits before it is ready: a crash (or crash loop) fails here.
    const server = await startServerProcess(indexDir, { RATE_LIMIT_PER_MIN: '0' });
    try {
      const output = server.output();
      const problem = new RegExp(`Index is unusable: Index ${path.join(damaged, fileName).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is unusable: [\\s\\S]+ Run \`npm run index\` to rebuild the index\\. Building it now\\.`);
      expect(output).toMatch(problem);
      expect(output).not.toMatch(/\n\s+at /);
      expect(await backend.currentVersion()).not.toBe(damagedVersion);

      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      const search = await fetch(`${server.url}/api/search?q=naloxone&k=2`);
      expect(search.status).toBe(200);
      expect(((await search.json()) as { results: unknown[] }).results).toHaveLength(2);
    } finally {
      expect(await stop(server)).toEqual({ code: 0, signal: null });
    }

    // The rebuilt index is used as it is on the next start: no second rebuild, no loop.
    const again = await startServerProcess(indexDir, { RATE_LIMIT_PER_MIN: '0' });
    expect(again.output()).toMatch(/Index is up to date/);
    expect(again.output()).not.toMatch(/Building it now/);
    expect(await stop(again)).toEqual({ code: 0, signal: null });
  }, 180_000);
});
