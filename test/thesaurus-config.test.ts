import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testIndex } from './support/pipeline.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

describe('THESAURUS_FILE', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'thesaurus-config-'));
  const thesaurusFile = path.join(scratch, 'thesaurus.json');
  const indexDir = path.join(scratch, 'index');
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    fs.cpSync(testIndex.indexDir, indexDir, { recursive: true });
    // A word no paragraph contains, which only this thesaurus knows.
    fs.writeFileSync(thesaurusFile, JSON.stringify({ entries: [{ terms: ['zorblax'], means: ['cryptocurrency'] }] }));
    server = await startServerProcess(indexDir, { THESAURUS_FILE: thesaurusFile, RATE_LIMIT_PER_MIN: '0' });
  }, 120_000);

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    if (server) await server.exited;
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("replaces the shipped thesaurus in the server's searches", async () => {
    const response = await fetch(`${server!.url}/api/search?q=${encodeURIComponent('zorblax')}&k=3`);
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: Array<{ text: string }> };
    expect(results[0]!.text).toMatch(/cryptocurrenc/i);
  });

  it('stops the start with the file and the problem named when the file is malformed', async () => {
    const badFile = path.join(scratch, 'bad.json');
    fs.writeFileSync(badFile, JSON.stringify({ entries: [{ terms: ['x'] }] }));
    await expect(startServerProcess(indexDir, { THESAURUS_FILE: badFile })).rejects.toThrow(`${badFile}: entries.0.means`);
  }, 120_000);
});
