import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const CLUSTER_SCRIPT = path.join(REPO_ROOT, 'scripts/postgres/cluster.sh');
/** Where Debian puts PostgreSQL 15 and where pgvector installs: both are needed for a cluster of our own. */
const INITDB = '/usr/lib/postgresql/15/bin/initdb';
const VECTOR_EXTENSION = '/usr/lib/postgresql/15/lib/vector.so';

/**
 * Whether the PostgreSQL tests can run here, and why not. In CI (`CI` set) they must run: `.ci/run` installs
 * PostgreSQL and pgvector and exports DATABASE_URL, so a missing piece fails the suite instead of skipping it.
 */
export function postgresUnavailable(): string | null {
  const missing = [
    process.env.DATABASE_URL === undefined && 'DATABASE_URL is not set',
    !fs.existsSync(INITDB) && `${INITDB} is missing (apt-get install postgresql-15)`,
    !fs.existsSync(VECTOR_EXTENSION) && `${VECTOR_EXTENSION} is missing (bash scripts/postgres/install-pgvector.sh)`,
  ].filter((reason): reason is string => typeof reason === 'string');
  if (missing.length === 0) return null;
  const reason = `PostgreSQL tests cannot run: ${missing.join('; ')}`;
  if (process.env.CI) throw new Error(`${reason}. In CI they must run: .ci/run sets them up.`);
  console.warn(`${reason}; skipping them (run .ci/run, or start a cluster with scripts/postgres/cluster.sh and set DATABASE_URL).`);
  return reason;
}

/** A schema name no other test run uses, for DATABASE_SCHEMA: tests in parallel share the database, never a schema. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A PostgreSQL cluster of the test's own, which it may stop and start to play a database that goes away. */
export interface ThrowAwayCluster {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  remove(): Promise<void>;
}

/** Ports tried for a cluster of a test's own: above the CI cluster's 54329, below the ephemeral range. */
const FIRST_PORT = 55000;
const PORTS = 5000;

/**
 * Starts a cluster of the test's own (scripts/postgres/cluster.sh, as CI's), so that stopping it disturbs no
 * other test file running at the same time.
 * @example
 * const cluster = await startThrowAwayCluster(); await cluster.stop(); await cluster.start(); await cluster.remove();
 */
export async function startThrowAwayCluster(): Promise<ThrowAwayCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-test-'));
  fs.chmodSync(dir, 0o777);
  let url: string | undefined;
  for (let attempt = 0; attempt < 5 && url === undefined; attempt++) {
    const port = FIRST_PORT + Math.floor(Math.random() * PORTS);
    try {
      url = (await run('bash', [CLUSTER_SCRIPT, 'start', dir, String(port)])).stdout.trim().split('\n').at(-1);
    } catch (error) {
      if (attempt === 4) throw error;
    }
  }
  const cluster: ThrowAwayCluster = {
    url: url!,
    stop: async () => void (await run('bash', [CLUSTER_SCRIPT, 'stop', dir])),
    start: async () => void (await run('bash', [CLUSTER_SCRIPT, 'start', dir])),
    remove: async () => void (await run('bash', [CLUSTER_SCRIPT, 'stop', dir, '--remove'])),
  };
  return cluster;
}
