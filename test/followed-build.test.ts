import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Embedder } from '../src/embed/types.js';
import type { DocumentInfo, Paragraph } from '../src/parse/types.js';
import { openBackend } from '../src/store/backend.js';
import { buildIndex } from '../src/store/build-index.js';
import { FollowedBuild } from '../src/store/followed-build.js';
import type { StoreBackend } from '../src/store/types.js';
import { loadTestEmbedder } from './support/models.js';

const document: DocumentInfo = { id: 'report', file: 'report.md', title: 'Report', citationLabel: 'Report', symbol: null, body: null, session: null, date: null, year: 2021 };

function paragraphs(texts: string[]): Paragraph[] {
  return texts.map((text, order) => ({
    id: `report.${order + 1}`,
    document: 'report',
    part: null,
    chapter: null,
    year: 2021,
    meetingDates: null,
    section: null,
    topic: null,
    paragraph: order + 1,
    text,
    footnotes: [],
    order,
    line: order + 1,
    page: null,
  }));
}

describe('following the current build', () => {
  let indexDir: string;
  let backend: StoreBackend;
  let embedder: Embedder;
  const build = (texts: string[], model: Embedder = embedder) =>
    buildIndex({ backend, documents: [document], paragraphs: paragraphs(texts), corpusHash: texts.join('|'), embedder: model });

  beforeAll(async () => {
    indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'followed-'));
    backend = await openBackend({ indexDir });
    embedder = await loadTestEmbedder();
  });
  afterAll(() => fs.rmSync(indexDir, { recursive: true, force: true }));

  it('switches to a new build at the next check, and the previous one keeps answering until it is retired', async () => {
    const first = await build(['Prisons need health services.']);
    const followed = await FollowedBuild.open(backend, { checkEveryMs: 0, retireAfterMs: 60_000 });
    const before = await followed.current();
    expect(before.version).toBe(first.version);

    const second = await build(['Prisons need health services.', 'Naloxone kits save lives.']);
    const after = await followed.current();
    expect(after.version).toBe(second.version);
    expect(after.manifest.paragraphCount).toBe(2);
    // A request that began on the first build finishes on it.
    expect((await before.lexicalSearch(['prisons'], 5)).map((hit) => hit.id)).toEqual(['report.1']);
    await followed.close();
  });

  it('checks the backend at most once per interval', async () => {
    await build(['Cannabis policy was discussed.']);
    const followed = await FollowedBuild.open(backend, { checkEveryMs: 60_000 });
    const opened = followed.latest.version;
    await build(['Cannabis policy was discussed.', 'Alternative development too.']);
    expect((await followed.current()).version).toBe(opened);
    await followed.close();
  });

  it('does not switch to a build embedded with another model than the one it searches with', async () => {
    await build(['Synthetic drugs were discussed.']);
    const followed = await FollowedBuild.open(backend, { checkEveryMs: 0, modelId: embedder.modelId });
    const served = followed.latest.version;
    const otherModel: Embedder = { ...embedder, modelId: 'another/model', embedPassages: (texts, progress) => embedder.embedPassages(texts, progress), embedQuery: (text) => embedder.embedQuery(text) };
    await build(['Synthetic drugs were discussed again.'], otherModel);
    expect((await followed.current()).version).toBe(served);
    await followed.close();
  });

  it('keeps serving the build in use when the new one cannot be opened, says so once, and switches once it can', async () => {
    await build(['Cannabis was discussed.']);
    const followed = await FollowedBuild.open(backend, { checkEveryMs: 0 });
    const served = followed.latest.version;
    await build(['Cannabis was discussed.', 'So was its regulation.']);
    const next = (await backend.currentVersion())!;
    const vectors = path.join(indexDir, 'builds', next, 'vectors.hnsw');
    fs.renameSync(vectors, `${vectors}.away`);
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect((await followed.current()).version).toBe(served);
      expect((await followed.current()).version).toBe(served);
      expect(said).toHaveBeenCalledTimes(1);
      expect(String(said.mock.calls[0]![0])).toMatch(new RegExp(`Not switching to build ${next}, still serving ${served}: Index .*vectors\\.hnsw is unusable`));
    } finally {
      said.mockRestore();
    }
    fs.renameSync(`${vectors}.away`, vectors);
    expect((await followed.current()).version).toBe(next);
    await followed.close();
  });

  it('closes the build in use and those retiring', async () => {
    await build(['Precursors were discussed.']);
    const followed = await FollowedBuild.open(backend, { checkEveryMs: 0, retireAfterMs: 60_000 });
    const first = followed.latest;
    await build(['Precursors were discussed.', 'And their control.']);
    const second = await followed.current();
    await followed.close();
    await expect(first.lexicalSearch(['precursors'], 1)).rejects.toThrow();
    await expect(second.lexicalSearch(['precursors'], 1)).rejects.toThrow();
    await expect(followed.current()).rejects.toThrow(/closed/);
  });
});
