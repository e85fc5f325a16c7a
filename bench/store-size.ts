import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { StoreSettings } from '../src/store/backend.js';
import { buildSchema } from '../src/store/postgres-build.js';

/**
 * What one build takes on disk. Embedded: the bytes of the files in its build folder (the SQLite file with text,
 * sentences and FTS5, the HNSW file, the manifest). PostgreSQL: pg_total_relation_size of every table in the
 * build's schema, which counts its indexes (HNSW included) and TOAST.
 */
export interface StoreSize {
  bytes: number;
  /** Per file or table. */
  parts: Record<string, number>;
}

function folderSize(dir: string): StoreSize {
  const parts: Record<string, number> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      parts[path.relative(dir, file)] = fs.statSync(file).size;
    }
  }
  return { bytes: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

async function schemaSize(url: string, schema: string): Promise<StoreSize> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string; bytes: string }>(
      `SELECT c.relname AS table, pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm')`,
      [schema],
    );
    if (rows.length === 0) throw new Error(`The schema ${schema} holds no tables`);
    const parts = Object.fromEntries(rows.map((row) => [row.table, Number(row.bytes)]));
    return { bytes: Object.values(parts).reduce((a, b) => a + b, 0), parts };
  } finally {
    await client.end();
  }
}

/**
 * @example
 * const { bytes } = await measureStoreSize({ indexDir }, version);
 */
export async function measureStoreSize(settings: StoreSettings, version: string): Promise<StoreSize> {
  if (settings.database !== undefined) return schemaSize(settings.database.url, buildSchema(settings.database.namespace, version));
  return folderSize(path.join(settings.indexDir, 'builds', version));
}
