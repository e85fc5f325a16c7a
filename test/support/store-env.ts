/**
 * Runs first in every test worker (vitest `setupFiles`). The database the run was given (DATABASE_URL, which
 * `.ci/run` exports) is for the PostgreSQL tests, which read it as TEST_DATABASE_URL; the servers and commands the
 * other tests start must use the embedded index those tests built for them, so they do not inherit it.
 */
if (process.env.DATABASE_URL !== undefined) {
  process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  delete process.env.DATABASE_SCHEMA;
}
