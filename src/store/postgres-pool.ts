import pg from 'pg';
import pgvector from 'pgvector/pg';
import { StoreUnavailableError } from './types.js';

/*
 * The connections of the PostgreSQL backend: a bounded pool whose every connection parses pgvector's type, and
 * the one place that tells "the database cannot be reached" (StoreUnavailableError: answer 503 and ask again)
 * from any other failure. A server that goes away and comes back needs no restart: a connection that failed is
 * dropped, and the next checkout opens a new one.
 */

/** How long opening a connection may take before the database counts as unreachable (a host that drops packets). */
const CONNECT_TIMEOUT_MS = 5_000;

/** Idle connections are closed after this long, so a quiet server holds few of the database's connections. */
const IDLE_TIMEOUT_MS = 30_000;

/** Node's codes for a server that cannot be reached, or a connection cut under a query. */
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * PostgreSQL's codes for a server that will not serve now but will later: shutting down (57P01 admin_shutdown,
 * 57P02 crash_shutdown), starting up (57P03 cannot_connect_now), full (53300 too_many_connections); class 08 is
 * every connection exception.
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres says when a connection dies under it, or a connection is not opened in time. */
const LOST_CONNECTION = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/i;

export interface PoolSettings {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  /** Shown in pg_stat_activity, so an operator can tell this program's connections from others. */
  applicationName: string;
}

/**
 * Why an error means the database cannot be reached now, or null when it is an error of the request or the data.
 * @example
 * databaseUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })); // 'connect ECONNREFUSED 127.0.0.1:5432'
 */
export function databaseUnreachable(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  const unreachable =
    (typeof code === 'string' && (NETWORK_ERRORS.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) || LOST_CONNECTION.test(error.message);
  if (!unreachable) return null;
  // Node reports a host name that resolves to several addresses as one AggregateError with an empty message.
  const message = error.message || (error instanceof AggregateError ? String(error.errors[0]?.message ?? '') : '');
  return message || String(code);
}

/** The error to throw for one from node-postgres: StoreUnavailableError when the database cannot be reached. */
function storeError(error: unknown): unknown {
  const reason = databaseUnreachable(error);
  return reason === null ? error : new StoreUnavailableError(reason, { cause: error });
}

/**
 * Session settings of the pool's connections, which serve searches: without JIT compilation. A lexical search at
 * a million paragraphs is costed above PostgreSQL's jit_above_cost (its phrase matching may read many
 * paragraphs), and compiling it took 47 ms of its 95 (22 ms without). A searching query never runs long enough to
 * repay the compilation; a build's connection keeps the server's setting. Options in DATABASE_URL take their place.
 */
const SERVING_SESSION_OPTIONS = '-c jit=off';

/**
 * A bounded pool of connections to one database.
 * @example
 * const pool = new PostgresPool({ url, poolSize: 10, statementTimeoutMs: 5000, applicationName: 'undocs' });
 * const rows = await pool.query<{ one: number }>({ name: 'one', text: 'SELECT 1 AS one' });
 */
export class PostgresPool {
  private readonly pool: pg.Pool;

  constructor(readonly settings: PoolSettings) {
    this.pool = new pg.Pool({
      ...connectionConfig(settings),
      options: SERVING_SESSION_OPTIONS,
      max: settings.poolSize,
      idleTimeoutMillis: IDLE_TIMEOUT_MS,
      // Awaited before the connection is handed out, unlike the 'connect' event: no query can race the
      // registration, and a failed one fails that checkout instead of going unhandled.
      onConnect: registerVectorType,
    });
    // An idle connection that dies (the server restarts) is dropped by the pool, which then reports it here; the
    // next query that needs the server reports the outage itself. Without a listener, the event would end the process.
    this.pool.on('error', () => {});
  }

  /** Runs one statement on any connection and returns its rows. */
  async query<Row>(statement: pg.QueryConfig): Promise<Row[]> {
    return this.withClient(async (client) => (await client.query(statement)).rows as Row[]);
  }

  /** Runs statements on one connection, inside a transaction (what `SET LOCAL` needs), rolled back if they fail. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that is gone has no transaction left to roll back: its error is the one to report.
        if (databaseUnreachable(error) === null) await client.query('ROLLBACK');
        throw error;
      }
    });
  }

  /** Runs work on one connection; a connection that lost its server is closed rather than handed out again. */
  async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw storeError(error);
    }
    // A checked-out connection has no listener of the pool's: its death between two queries would otherwise
    // end the process. The query under way (or the next one) fails with the same error.
    const ignore = () => {};
    client.on('error', ignore);
    let failure: unknown;
    try {
      return await work(client);
    } catch (error) {
      failure = error;
      throw storeError(error);
    } finally {
      client.off('error', ignore);
      client.release(failure !== undefined && databaseUnreachable(failure) !== null ? (failure as Error) : undefined);
    }
  }

  /** Closes every connection; queries after this fail. */
  async end(): Promise<void> {
    await this.pool.end();
  }
}

async function registerVectorType(client: pg.ClientBase): Promise<void> {
  try {
    await pgvector.registerTypes(client);
  } catch (error) {
    if (databaseUnreachable(error) !== null) throw error;
    throw new Error(`pgvector is not installed in this database (a superuser runs CREATE EXTENSION vector): ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The settings of one connection, for the pool and for a connection of its own (a build, which outlasts any
 * statement timeout and holds a session lock).
 * @example
 * const client = new pg.Client({ ...connectionConfig(settings), statement_timeout: 0 });
 */
export function connectionConfig(settings: PoolSettings): pg.ClientConfig {
  return {
    connectionString: settings.url,
    statement_timeout: settings.statementTimeoutMs,
    application_name: settings.applicationName,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  };
}

/**
 * Runs a step of work that talks to the database and throws StoreUnavailableError for an unreachable one.
 * @example
 * await unavailableAsStoreError(() => client.query('SELECT 1'));
 */
export async function unavailableAsStoreError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storeError(error);
  }
}
