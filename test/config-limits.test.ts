import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('configuration of the server’s limits', () => {
  it('defaults to a 16 KiB body, 15 s, 600 requests a minute 20 at once, no proxies, no CORS and a queue of 64 behind 2 model calls', () => {
    const config = loadConfig({});
    expect(config.serve).toEqual({ maxBodyBytes: 16_384, requestTimeoutMs: 15_000, rateLimitPerMinute: 600, rateLimitBurst: 20, trustedProxies: 0, corsOrigins: [] });
    expect(config.inferenceQueue).toEqual({ concurrency: 2, maxQueued: 64 });
  });

  it('reads each limit from its variable; RATE_LIMIT_PER_MIN=0 turns rate limiting off', () => {
    const config = loadConfig({
      MAX_BODY_BYTES: '65536',
      REQUEST_TIMEOUT_MS: '30000',
      RATE_LIMIT_PER_MIN: '0',
      RATE_LIMIT_BURST: '50',
      TRUSTED_PROXIES: '1',
      CORS_ORIGINS: 'https://example.org, http://localhost:5173,',
      INFERENCE_CONCURRENCY: '4',
      INFERENCE_QUEUE_MAX: '0',
    });
    expect(config.serve).toEqual({
      maxBodyBytes: 65_536,
      requestTimeoutMs: 30_000,
      rateLimitPerMinute: 0,
      rateLimitBurst: 50,
      trustedProxies: 1,
      corsOrigins: ['https://example.org', 'http://localhost:5173'],
    });
    expect(config.inferenceQueue).toEqual({ concurrency: 4, maxQueued: 0 });
  });

  it("passes the database's settings to the store, maintenance_work_mem for builds included", () => {
    const url = 'postgres://undocs:undocs@db.example.org:5432/undocs';
    expect(loadConfig({ DATABASE_URL: url }).store.database).toEqual({ url, namespace: 'undocs', poolSize: 10, statementTimeoutMs: 5_000, maintenanceWorkMem: '512MB' });
    expect(loadConfig({ DATABASE_URL: url, DATABASE_MAINTENANCE_WORK_MEM: '2GB' }).store.database).toMatchObject({ maintenanceWorkMem: '2GB' });
  });

  it('treats an empty variable as unset, so `RATE_LIMIT_PER_MIN=` does not silently turn the limit off', () => {
    expect(loadConfig({ RATE_LIMIT_PER_MIN: '', RATE_LIMIT_BURST: '', CORS_ORIGINS: '' }).serve).toMatchObject({ rateLimitPerMinute: 600, rateLimitBurst: 20, corsOrigins: [] });
  });

  it('reads RATE_LIMIT_BURST up to the rate; unset under a rate below 20, the burst is the whole rate', () => {
    expect(loadConfig({ RATE_LIMIT_PER_MIN: '120', RATE_LIMIT_BURST: '120' }).serve).toMatchObject({ rateLimitPerMinute: 120, rateLimitBurst: 120 });
    expect(loadConfig({ RATE_LIMIT_BURST: '1' }).serve).toMatchObject({ rateLimitPerMinute: 600, rateLimitBurst: 1 });
    expect(loadConfig({ RATE_LIMIT_PER_MIN: '6' }).serve).toMatchObject({ rateLimitPerMinute: 6, rateLimitBurst: 6 });
  });

  it.each([
    [{ RATE_LIMIT_PER_MIN: 'lots' }, 'RATE_LIMIT_PER_MIN: must be a whole number from 0 to 1000000 (requests a minute per client; 0 turns the limit off)'],
    [{ RATE_LIMIT_PER_MIN: '-5' }, 'RATE_LIMIT_PER_MIN: must be a whole number from 0'],
    [{ RATE_LIMIT_BURST: 'some' }, 'RATE_LIMIT_BURST: must be a whole number from 1 to 1000000 (requests a client may make at once)'],
    [{ RATE_LIMIT_BURST: '0' }, 'RATE_LIMIT_BURST: must be a whole number from 1 to 1000000'],
    [{ RATE_LIMIT_BURST: '2.5' }, 'RATE_LIMIT_BURST: must be a whole number from 1 to 1000000'],
    [{ RATE_LIMIT_BURST: '601' }, "RATE_LIMIT_BURST: must be at most RATE_LIMIT_PER_MIN (600): a burst is the part of a minute's allowance a client may spend at once"],
    [{ RATE_LIMIT_PER_MIN: '10', RATE_LIMIT_BURST: '20' }, 'RATE_LIMIT_BURST: must be at most RATE_LIMIT_PER_MIN (10)'],
    [{ MAX_BODY_BYTES: '16k' }, 'MAX_BODY_BYTES: must be a whole number from 1024 to 16777216 (bytes)'],
    [{ REQUEST_TIMEOUT_MS: '1.5' }, 'REQUEST_TIMEOUT_MS: must be a whole number from 100 to 600000 (milliseconds)'],
    [{ INFERENCE_CONCURRENCY: '0' }, 'INFERENCE_CONCURRENCY: must be a whole number from 1 to 64'],
    [{ INFERENCE_QUEUE_MAX: 'none' }, 'INFERENCE_QUEUE_MAX: must be a whole number from 0'],
    [{ TRUSTED_PROXIES: 'yes' }, 'TRUSTED_PROXIES: must be a whole number from 0 to 10'],
    [{ CORS_ORIGINS: 'https://example.org/app' }, 'CORS_ORIGINS: "https://example.org/app" is not an origin like https://example.org'],
    [{ CORS_ORIGINS: 'example.org' }, 'CORS_ORIGINS: "example.org" is not an origin'],
    [{ DATABASE_MAINTENANCE_WORK_MEM: '2 GB' }, "DATABASE_MAINTENANCE_WORK_MEM: must be a size in PostgreSQL's units, like 512MB or 2GB"],
  ])('refuses %j with a message naming the variable and what it expects', (env, message) => {
    expect(() => loadConfig(env)).toThrow(`Invalid configuration: ${message}`);
  });
});
