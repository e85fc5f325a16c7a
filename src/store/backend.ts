import { EmbeddedBackend } from './embedded-backend.js';
import type { StoreBackend } from './types.js';

/** A PostgreSQL database that holds the index's builds, and how this process uses it. */
export interface DatabaseSettings {
  /** `postgres://user:password@host:port/database`: PostgreSQL 15 or later with the `vector` extension (0.7 or later: its HNSW index holds the vectors as halfvec). */
  url: string;
  /** Connections this process keeps open at most, from 1 to 100. */
  poolSize: number;
  /** A statement running longer than this is cancelled by the server, in milliseconds. */
  statementTimeoutMs: number;
  /** Memory a build gives each index it creates ('512MB' when not given): an HNSW graph that does not fit builds far slower. */
  maintenanceWorkMem?: string;
  /**
   * The schema that holds which build is current; each build has its own schema beside it, named after it.
   * Servers that share it serve the same index; another name keeps another index in the same database.
   */
  namespace: string;
}

/** Which backend keeps the index: a folder on this machine (the default), or a PostgreSQL database. */
export interface StoreSettings {
  /** The embedded store's folder (INDEX_DIR); unused when `database` is set. */
  indexDir: string;
  /** Set by DATABASE_URL: the index lives in PostgreSQL, shared by every server that points at it. */
  database?: DatabaseSettings;
}

/**
 * The one way into the store for every entry point (server, CLIs, evaluation, benchmarks): the embedded backend
 * unless a database is configured. The PostgreSQL client is loaded only then.
 * @example
 * const backend = await openBackend({ indexDir: 'index' });
 * const store = await backend.open((await backend.currentVersion())!);
 */
export async function openBackend(settings: StoreSettings): Promise<StoreBackend> {
  if (settings.database === undefined) return new EmbeddedBackend(settings.indexDir);
  const { openPostgresBackend } = await import('./postgres-backend.js');
  return openPostgresBackend(settings.database);
}
