import fs from 'node:fs';
import path from 'node:path';
import type { StoreSettings } from '../src/store/backend.js';

/**
 * What one build takes on disk. Embedded: the bytes of the files in its build folder (the SQLite file with text,
 * sentences and FTS5, the HNSW file, the manifest).
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

/**
 * @example
 * const { bytes } = await measureStoreSize({ indexDir }, version);
 */
export async function measureStoreSize(settings: StoreSettings, version: string): Promise<StoreSize> {
  return folderSize(path.join(settings.indexDir, 'builds', version));
}
