import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { buildSchema, identifier, writeBuild } from './postgres-build.js';
import { connectionConfig, databaseUnreachable, PostgresPool, unavailableAsStoreError } from './postgres-pool.js';
import { openPostgresReusable, openPostgresStore, parseManifest } from './postgres-store.js';
import {
  INDEX_FORMAT_VERSION,
  IndexUnusableError,
  StoreUnavailableError,
  type IndexContent,
  type Manifest,
  type OpenStoreOptions,
  type ParagraphStore,
  type ReusableIndex,
  type StoreBackend,
} from './types.js';

/*
 * Builds of the index kept in PostgreSQL (with pgvector), for servers on several machines sharing one index.
 * Layout, in the namespace's schema:
 *   builds     one row per build: its name, state ('building' until it is complete and checked), manifest
 *   current    the one row naming the build in use
 * and each build in a schema of its own, `<namespace>_<build>` (postgres-build.ts). Switching to a new build is
 * one transaction that marks it ready and points `current` at it, so readers see the previous build or the new
 * one, never part of one; it also notifies `<namespace>_builds` with the build's name, for servers that listen.
 */

/** `<UTC time>-<pid>-<random>`: sorts by time, tells which process wrote it, and never collides. */
const BUILD_NAME = /^\d{8}T\d{9}Z-\d+-[a-z0-9]{6}$/;

/**
 * Longest namespace whose build schemas (`<namespace>_` and a build name of up to 34 characters: a 7-digit pid)
 * fit PostgreSQL's 63-byte identifiers.
 */
const MAX_NAMESPACE_LENGTH = 28;

/** The first key of the publish lock (pg_advisory_lock(int, int)), "undc": the second is the namespace's hash. */
const PUBLISH_LOCK_CLASS = 0x756e6463;

/**
 * How often the server checks that a build's client is still there during a long statement (an index build can
 * take many minutes): a builder killed meanwhile then stops its statement, and releases the publish lock, within
 * this time rather than when the statement ends.
 */
const BUILD_CLIENT_CHECK_MS = 10_000;

/** A health check waits this long for `SELECT 1`: long enough for a busy server, short enough for a load balancer. */
const HEALTH_CHECK_TIMEOUT_MS = 2_000;

/** How the pool's connections appear in pg_stat_activity; a build's connection adds the build's name. */
const APPLICATION_NAME = 'undocs';

export interface PostgresBackendOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections held at most (1 to 100; default 10): the concurrency this process asks of the database. */
  poolSize?: number;
  /** Longest a search or read may run before the database cancels it (default 5000). Builds have no limit. */
  statementTimeoutMs?: number;
  /** Schema of the control tables, and prefix of the builds' schemas (default 'undocs'); tests use their own. */
  namespace?: string;
  /** Memory a build gives each index it creates (default '512MB'); the HNSW index builds much faster in memory. */
  maintenanceWorkMem?: string;
}

const OptionsSchema = z
  .object({
    url: z.string().refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL'),
    poolSize: z.number().int().min(1).max(100).default(10),
    statementTimeoutMs: z.number().int().min(1).max(2 ** 31 - 1).default(5_000),
    namespace: z
      .string()
      .max(MAX_NAMESPACE_LENGTH)
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier (letters, digits, underscores)')
      .refine((name) => !name.startsWith('pg_'), 'must not start with pg_, which PostgreSQL keeps for itself')
      .default('undocs'),
    maintenanceWorkMem: z
      .string()
      .regex(/^\d+(kB|MB|GB)$/, "must be a size such as '512MB'")
      .default('512MB'),
  })
  .strict();

type Settings = z.output<typeof OptionsSchema>;

function isPostgresUrl(url: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * The PostgreSQL backend: checks the options and sets up a pool, without connecting yet, so that a server can start
 * while the database is down (its health check then says why it cannot serve).
 * @example
 * const backend = await openPostgresBackend({ url: process.env.DATABASE_URL! });
 * const store = await backend.open((await backend.currentVersion())!);
 */
export async function openPostgresBackend(options: PostgresBackendOptions): Promise<StoreBackend> {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length > 0 ? `option ${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new Error(`Invalid PostgreSQL backend options: ${problems}`);
  }
  return new PostgresBackend(parsed.data);
}

class PostgresBackend implements StoreBackend {
  readonly location: string;
  private readonly pool: PostgresPool;
  /** The control schema, quoted. */
  private readonly c: string;

  constructor(private readonly settings: Settings) {
    const url = new URL(settings.url);
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    this.location = `PostgreSQL at ${host}:${url.port || 5432}/${decodeURIComponent(url.pathname.slice(1))} (namespace ${settings.namespace})`;
    this.pool = new PostgresPool({
      url: settings.url,
      poolSize: settings.poolSize,
      statementTimeoutMs: settings.statementTimeoutMs,
      applicationName: APPLICATION_NAME,
    });
    this.c = identifier(settings.namespace);
  }

  async currentVersion(): Promise<string | null> {
    let rows: Array<{ build: string; state: string }>;
    try {
      rows = await this.pool.query({
        name: 'current build',
        text: `SELECT c.build, b.state FROM ${this.c}.current c JOIN ${this.c}.builds b ON b.name = c.build`,
      });
    } catch (error) {
      // No control tables: nothing was ever published in this namespace.
      if (isUndefinedRelation(error)) return null;
      throw error;
    }
    const [row] = rows;
    if (row === undefined) return null;
    if (row.state !== 'ready') throw new IndexUnusableError(`${this.settings.namespace}.current`, `it names build ${row.build}, which has not completed`);
    return row.build;
  }

  async readManifest(version: string): Promise<Manifest> {
    const table = `${this.settings.namespace}.builds`;
    if (!BUILD_NAME.test(version)) throw new IndexUnusableError(table, `"${version}" is not the name of a build`);
    let rows: Array<{ state: string; manifest: unknown }>;
    try {
      rows = await this.pool.query({ name: 'build manifest', text: `SELECT state, manifest FROM ${this.c}.builds WHERE name = $1`, values: [version] });
    } catch (error) {
      if (isUndefinedRelation(error)) throw new IndexUnusableError(table, 'it does not exist, so no build was ever published here');
      throw error;
    }
    const [row] = rows;
    if (row === undefined) throw new IndexUnusableError(table, `it has no build ${version}`);
    if (row.state !== 'ready') throw new IndexUnusableError(table, `build ${version} has not completed (it is ${row.state})`);
    return parseManifest(row.manifest, table);
  }

  async open(version: string, options?: OpenStoreOptions): Promise<ParagraphStore> {
    const manifest = await this.manifestToOpen(version);
    return openPostgresStore(this.pool, version, buildSchema(this.settings.namespace, version), manifest, options);
  }

  async openReusable(version: string): Promise<ReusableIndex> {
    const manifest = await this.manifestToOpen(version);
    return openPostgresReusable(this.pool, version, buildSchema(this.settings.namespace, version), manifest);
  }

  /** A build's manifest, if this version reads its format: an older build is rebuilt, never misread. */
  private async manifestToOpen(version: string): Promise<Manifest> {
    const manifest = await this.readManifest(version);
    if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
      throw new IndexUnusableError(
        `${this.settings.namespace}.builds`,
        `build ${version} was built in format ${manifest.formatVersion} and this version reads format ${INDEX_FORMAT_VERSION}`,
      );
    }
    return manifest;
  }

  /**
   * Writes the build on a connection of its own: it runs longer than any statement timeout, and holds the
   * namespace's publish lock for its whole session, so a builder that dies releases the lock with its connection.
   */
  async publish(content: IndexContent): Promise<string> {
    const { manifest, paragraphs, vectors, contentHashes } = content;
    if (paragraphs.length !== vectors.length || paragraphs.length !== contentHashes.length) {
      throw new Error(`${paragraphs.length} paragraphs but ${vectors.length} vectors and ${contentHashes.length} content hashes`);
    }
    if (manifest.paragraphCount !== paragraphs.length) {
      throw new Error(`Manifest counts ${manifest.paragraphCount} paragraphs but ${paragraphs.length} were given`);
    }
    const build = newBuildName();
    const client = new pg.Client({
      ...connectionConfig(this.pool.settings),
      statement_timeout: 0,
      application_name: `${APPLICATION_NAME} build ${build}`,
    });
    // Reported by the statement under way, or the next one; without a listener it would end the process.
    client.on('error', () => {});
    await unavailableAsStoreError(() => client.connect());
    try {
      return await unavailableAsStoreError(() => this.publishOn(client, build, content));
    } finally {
      // Ending the session releases the publish lock. A connection already lost has nothing left to end, and the
      // publish's own outcome is what the caller needs to hear.
      await client.end().catch(() => {});
    }
  }

  private async publishOn(client: pg.Client, build: string, content: IndexContent): Promise<string> {
    const { namespace } = this.settings;
    const c = this.c;
    await client.query(`SET client_connection_check_interval = ${BUILD_CLIENT_CHECK_MS}`);
    const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [PUBLISH_LOCK_CLASS, namespace]);
    if (!lock.rows[0]!.locked) throw new Error(`Another build is being published to ${this.location}; only one runs at a time (${await this.buildsUnderWay(client)})`);

    await client.query(`
      CREATE SCHEMA IF NOT EXISTS ${c};
      CREATE TABLE IF NOT EXISTS ${c}.builds (
        name text PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('building', 'ready')),
        manifest jsonb NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        pid int NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${c}.current (
        "only" boolean PRIMARY KEY DEFAULT true CHECK ("only"),
        build text NOT NULL REFERENCES ${c}.builds (name)
      );
    `);
    // Builds still 'building' were interrupted (killed, or their server lost): no other build runs while we hold the lock.
    const interrupted = await client.query<{ name: string }>(`SELECT name FROM ${c}.builds WHERE state = 'building'`);
    for (const { name } of interrupted.rows) await this.dropBuild(client, name);

    await client.query(`INSERT INTO ${c}.builds (name, state, manifest, pid) VALUES ($1, 'building', $2, $3)`, [build, JSON.stringify(content.manifest), process.pid]);
    let previous: string | null;
    try {
      const schema = buildSchema(namespace, build);
      await writeBuild(client, { build, schema }, content, { maintenanceWorkMem: this.settings.maintenanceWorkMem });
      // Publish only what opens: the same checks a server will run.
      await (await openPostgresStore(this.pool, build, schema, content.manifest)).close();
      previous = await this.makeCurrent(client, build);
    } catch (error) {
      // Best effort: when the database is gone, the next publish removes what is left.
      if (databaseUnreachable(error) === null) await this.dropBuild(client, build).catch(() => {});
      throw error;
    }
    // The switch is made, so this publish has succeeded: a stale build that cannot be dropped now (the connection
    // lost) is dropped by the next publish.
    await this.dropStaleBuilds(client, [build, previous]).catch(() => {});
    return build;
  }

  /** Drops older builds; the one replaced stays for servers still answering from it until they notice the switch. */
  private async dropStaleBuilds(client: pg.Client, keep: ReadonlyArray<string | null>): Promise<void> {
    const stale = await client.query<{ name: string }>(`SELECT name FROM ${this.c}.builds WHERE state = 'ready' AND NOT name = ANY($1::text[])`, [
      keep.filter((name) => name !== null),
    ]);
    for (const { name } of stale.rows) await this.dropBuild(client, name);
  }

  /** In one transaction: the build becomes ready and current, and listeners are told. Returns the build it replaced. */
  private async makeCurrent(client: pg.Client, build: string): Promise<string | null> {
    const c = this.c;
    await client.query('BEGIN');
    try {
      const replaced = await client.query<{ build: string }>(`SELECT build FROM ${c}.current FOR UPDATE`);
      await client.query(`UPDATE ${c}.builds SET state = 'ready' WHERE name = $1`, [build]);
      await client.query(`INSERT INTO ${c}.current ("only", build) VALUES (true, $1) ON CONFLICT ("only") DO UPDATE SET build = EXCLUDED.build`, [build]);
      await client.query('SELECT pg_notify($1, $2)', [`${this.settings.namespace}_builds`, build]);
      await client.query('COMMIT');
      return replaced.rows[0]?.build ?? null;
    } catch (error) {
      if (databaseUnreachable(error) === null) await client.query('ROLLBACK');
      throw error;
    }
  }

  /** Drops a build's schema and row together, so that neither outlives the other. */
  private async dropBuild(client: pg.Client, build: string): Promise<void> {
    await client.query('BEGIN');
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${identifier(buildSchema(this.settings.namespace, build))} CASCADE`);
      await client.query(`DELETE FROM ${this.c}.builds WHERE name = $1`, [build]);
      await client.query('COMMIT');
    } catch (error) {
      if (databaseUnreachable(error) === null) await client.query('ROLLBACK');
      throw error;
    }
  }

  /** Which builds hold the publish lock, for the message of the publish that could not take it. */
  private async buildsUnderWay(client: pg.Client): Promise<string> {
    try {
      const rows = (await client.query<{ name: string; pid: number; started_at: Date }>(`SELECT name, pid, started_at FROM ${this.c}.builds WHERE state = 'building'`)).rows;
      return rows.map((r) => `build ${r.name} by process ${r.pid} since ${r.started_at.toISOString()}`).join(', ') || 'its build is starting';
    } catch (error) {
      if (isUndefinedRelation(error)) return 'it is creating the control tables';
      throw error;
    }
  }

  async check(): Promise<{ ok: true } | { ok: false; reason: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`${this.location} did not answer within ${HEALTH_CHECK_TIMEOUT_MS} ms`), HEALTH_CHECK_TIMEOUT_MS);
    });
    const answer = this.pool.query({ name: 'health check', text: 'SELECT 1' }).then(
      () => null,
      (error: unknown) => (error instanceof StoreUnavailableError ? error.reason : (error as Error).message),
    );
    try {
      const reason = await Promise.race([answer, timeout]);
      return reason === null ? { ok: true } : { ok: false, reason };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** 42P01 undefined_table, 3F000 invalid_schema_name: the control tables were never created. */
function isUndefinedRelation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '42P01' || code === '3F000';
}

function newBuildName(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const random = [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${new Date().toISOString().replace(/[-:.]/g, '')}-${process.pid}-${random}`;
}

