import { isIPv6 } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { errorBody } from './schemas.js';

const MINUTE_MS = 60_000;

export interface RateLimitOptions {
  /** Requests a client may make per minute, sustained. */
  perMinute: number;
  /** Requests a client may make at once, before the per-minute rate paces it: the bucket's size. */
  burst: number;
  /** Who is asking; requests with no known client share one allowance rather than going uncounted. */
  clientKey: (c: Context) => string | undefined;
  /** Milliseconds on a monotonic clock; tests pass their own. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Per-client rate limiting with a token bucket: each client holds up to `burst` tokens, refilled at `perMinute`
 * a minute, and a request spends one. With none left the answer is 429 with Retry-After saying when the next
 * token arrives. Hono has no rate limiter of its own; this one drops a client's bucket once it has had time to
 * fill again (looking once a minute), so its memory is bounded by the clients of the last minute or so.
 *
 * @example
 * // 600 a minute, 20 at once: a client that spent its 20 gets one more every 100 ms.
 * app.use(rateLimit({ perMinute: 600, burst: 20, clientKey: (c) => clientAddress(c, 0) }));
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { perMinute, burst, clientKey, now = () => performance.now() } = options;
  if (!Number.isInteger(perMinute) || perMinute < 1) throw new Error(`perMinute must be a positive integer, got ${perMinute}`);
  if (!Number.isInteger(burst) || burst < 1) throw new Error(`burst must be a positive integer, got ${burst}`);
  const tokensPerMs = perMinute / MINUTE_MS;
  const refillMs = burst / tokensPerMs;
  const buckets = new Map<string, Bucket>();
  let sweptAt = now();

  // A bucket untouched for as long as it takes to fill has filled: forgetting it changes nothing for its client.
  const sweep = (time: number) => {
    for (const [key, bucket] of buckets) if (time - bucket.updatedAt >= refillMs) buckets.delete(key);
    sweptAt = time;
  };

  return async function rateLimitMiddleware(c, next) {
    const time = now();
    if (time - sweptAt >= MINUTE_MS) sweep(time);
    const key = clientKey(c) ?? '';
    const bucket = buckets.get(key) ?? { tokens: burst, updatedAt: time };
    bucket.tokens = Math.min(burst, bucket.tokens + (time - bucket.updatedAt) * tokensPerMs);
    bucket.updatedAt = time;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / tokensPerMs / 1000));
      return c.json(
        errorBody('rate_limited', `Too many requests: at most ${perMinute} a minute from one client, ${burst} at once; try again in ${retryAfterSeconds} s`),
        429,
        { 'Retry-After': String(retryAfterSeconds) },
      );
    }
    bucket.tokens -= 1;
    await next();
  };
}

/**
 * The address a request came from: the connection's peer, or, behind `trustedProxies` reverse proxies, the
 * address the outermost of them received it from. Each proxy appends its peer to X-Forwarded-For, so that
 * address is `trustedProxies` entries from the right; entries further left were written by the client and
 * could be anything. Undefined for a request without a socket (app.request() in tests).
 */
export function clientAddress(c: Context, trustedProxies: number): string | undefined {
  if (trustedProxies > 0) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    if (forwarded !== undefined && forwarded.length > 0) return forwarded[Math.max(0, forwarded.length - trustedProxies)];
  }
  const bindings = c.env as Partial<HttpBindings> | undefined;
  return bindings?.incoming === undefined ? undefined : getConnInfo(c).remote.address;
}

/**
 * The allowance an address counts against. An IPv6 client is usually given a whole /64 and can pick a new
 * address in it for every request, so IPv6 addresses are counted per /64; IPv4 addresses (also when written
 * IPv4-mapped, `::ffff:192.0.2.1`) one by one.
 */
export function rateLimitKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.toLowerCase().split('%')[0]!.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // A trailing dotted quad (`::ffff:0:192.0.2.1`) fills two groups.
  const tailWidth = tailGroups.length + (tailGroups.at(-1)?.includes('.') ? 1 : 0);
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailWidth).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
