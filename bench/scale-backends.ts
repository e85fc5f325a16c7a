import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseSettings } from '../src/store/backend.js';
import { identifier } from '../src/store/postgres-build.js';
import type { ScaleBackendSpec } from './store-scale.js';

/**
 * The backends the store is measured with at scale: the embedded one always, each size in a folder of its own.
 * @example
 * const backends = [embeddedScaleBackend];
 */
export const embeddedScaleBackend: ScaleBackendSpec = {
  name: 'embedded',
  settingsFor: (_paragraphs, workDir) => ({ indexDir: path.join(workDir, 'embedded') }),
  cleanUp: async ({ indexDir }) => fs.rmSync(indexDir, { recursive: true, force: true }),
};

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Proportional set size of a process (its share of shared memory counted once over all processes), from /proc. */
function proportionalBytes(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The parent of a process, or null when it is not on this machine (or gone). */
function parentOf(pid: number): number | null {
  try {
    const match = /^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * The PostgreSQL server's own memory, when it runs on this machine: the sum of the proportional set sizes of the
 * postmaster and its children (shared_buffers counted once), beside shared_buffers itself.
 */
async function serverMemoryNote(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ pid: number; shared_buffers: string }>('SELECT pg_backend_pid() AS pid, current_setting($1) AS shared_buffers', ['shared_buffers']);
    const { pid, shared_buffers: sharedBuffers } = rows[0]!;
    const postmaster = parentOf(pid);
    if (postmaster === null) return `the PostgreSQL server is not on this machine; its shared_buffers is ${sharedBuffers}`;
    const children = fs
      .readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry) && parentOf(Number(entry)) === postmaster)
      .map(Number);
    const bytes = [postmaster, ...children].reduce((sum, p) => sum + proportionalBytes(p), 0);
    return (
      `the PostgreSQL server's own processes (postmaster and ${children.length} children) held ${(bytes / 2 ** 20).toFixed(0)} MiB (proportional set size) ` +
      `after the HTTP runs, with shared_buffers ${sharedBuffers}; the memory figures above are the client's`
    );
  });
}

/**
 * PostgreSQL (DATABASE_URL), each size in a namespace of its own (`bench_scale_<paragraphs>`, its builds in
 * `bench_scale_<paragraphs>_<build>`), dropped once measured.
 * @example
 * const backends = [embeddedScaleBackend, postgresScaleBackend(config.store.database!)];
 */
export function postgresScaleBackend(database: DatabaseSettings): ScaleBackendSpec {
  return {
    name: 'postgres',
    settingsFor: (paragraphs, workDir) => ({ indexDir: path.join(workDir, 'unused'), database: { ...database, namespace: `bench_scale_${paragraphs}` } }),
    cleanUp: async ({ database: settings }) =>
      withClient(settings!.url, async (client) => {
        const { rows } = await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE nspname = $1 OR starts_with(nspname, $1 || '_')`, [settings!.namespace]);
        for (const { name } of rows) await client.query(`DROP SCHEMA ${identifier(name)} CASCADE`);
      }),
    note: () => serverMemoryNote(database.url),
  };
}
