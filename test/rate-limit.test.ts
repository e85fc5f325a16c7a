import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVE_OPTIONS } from '../src/serve/options.js';
import { clientAddress, rateLimit, rateLimitKey } from '../src/serve/rate-limit.js';

/** What @hono/node-server passes as the environment: the request's socket, here with a chosen peer address. */
const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 50000, remoteFamily: 'IPv4' } } });

function limitedApp({ perMinute, burst }: { perMinute: number; burst: number }, clock: { now: number }, trustedProxies = 0) {
  const app = new Hono();
  app.use(rateLimit({ perMinute, burst, clientKey: (c) => clientAddress(c, trustedProxies), now: () => clock.now }));
  app.get('/', (c) => c.text('ok'));
  return app;
}

/** The server's own limits: what a person and a script meet. */
const DEFAULT_LIMITS = { perMinute: DEFAULT_SERVE_OPTIONS.rateLimitPerMinute, burst: DEFAULT_SERVE_OPTIONS.rateLimitBurst };

/** `count` requests from one client at the clock's time; their statuses. */
async function requestsAtOnce(app: Hono, count: number, address = '192.0.2.1'): Promise<number[]> {
  const responses = await Promise.all(Array.from({ length: count }, () => app.request('/', {}, fromAddress(address))));
  return responses.map((response) => response.status);
}

describe('rateLimit', () => {
  it('lets a client spend its burst at once, then answers 429 with Retry-After and the error shape', async () => {
    const clock = { now: 0 };
    const app = limitedApp({ perMinute: 3, burst: 3 }, clock);
    expect(await requestsAtOnce(app, 3)).toEqual([200, 200, 200]);
    const refused = await app.request('/', {}, fromAddress('192.0.2.1'));
    expect(refused.status).toBe(429);
    // One request's worth comes back every 20 s at 3 a minute.
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('at most 3 a minute from one client, 3 at once') } });
  });

  it('refuses a burst beyond the default allowance of 20 at once, though a minute allows 600', async () => {
    const clock = { now: 0 };
    const app = limitedApp(DEFAULT_LIMITS, clock);
    const statuses = await requestsAtOnce(app, 600);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    const refused = await app.request('/', {}, fromAddress('192.0.2.1'));
    expect(refused.status).toBe(429);
    // The next request's worth comes back in 100 ms; Retry-After counts whole seconds.
    expect(refused.headers.get('retry-after')).toBe('1');
    clock.now += 100;
    expect(await requestsAtOnce(app, 2)).toEqual([200, 429]);
  });

  it('lets a person using the chat through: page loads, and questions with the sources they open at once', async () => {
    const clock = { now: 0 };
    const app = limitedApp(DEFAULT_LIMITS, clock);
    // The page, its script and style sheet, the statistics and a linked paragraph; at once, a first question
    // and the four sources opened from its answer.
    const pageLoad = 5;
    const question = 5;
    expect(await requestsAtOnce(app, pageLoad + question)).toEqual(Array(pageLoad + question).fill(200));
    // A quick reader: a question every 3 s for ten minutes, reloading the page every tenth.
    for (let i = 1; i <= 200; i++) {
      clock.now += 3000;
      const count = question + (i % 10 === 0 ? pageLoad : 0);
      expect(await requestsAtOnce(app, count), `question ${i}`).toEqual(Array(count).fill(200));
    }
  });

  it('lets a script making several requests a second through, steadily or a few at a time', async () => {
    const clock = { now: 0 };
    const app = limitedApp(DEFAULT_LIMITS, clock);
    // Eight a second, one every 125 ms, for five minutes.
    for (let i = 0; i < 8 * 300; i++, clock.now += 125) expect((await app.request('/', {}, fromAddress('192.0.2.1'))).status).toBe(200);
    // Five at once every second, for five minutes.
    for (let i = 0; i < 300; i++, clock.now += 1000) expect(await requestsAtOnce(app, 5, '192.0.2.2')).toEqual([200, 200, 200, 200, 200]);
  });

  it('paces a script faster than the rate to 600 a minute after its burst', async () => {
    const clock = { now: 0 };
    const app = limitedApp(DEFAULT_LIMITS, clock);
    let answered = 0;
    // Twenty a second for a minute: 1,200 asked for.
    for (let i = 0; i < 20 * 60; i++, clock.now += 50) if ((await app.request('/', {}, fromAddress('192.0.2.1'))).status === 200) answered++;
    expect(answered).toBeGreaterThanOrEqual(600);
    expect(answered).toBeLessThanOrEqual(600 + 20);
  });

  it('refills evenly over the minute and counts each client on its own', async () => {
    const clock = { now: 0 };
    const app = limitedApp({ perMinute: 60, burst: 5 }, clock);
    expect(await requestsAtOnce(app, 5)).toEqual(Array(5).fill(200));
    expect((await app.request('/', {}, fromAddress('192.0.2.1'))).status).toBe(429);
    expect((await app.request('/', {}, fromAddress('192.0.2.2'))).status).toBe(200);
    clock.now += 1000;
    expect((await app.request('/', {}, fromAddress('192.0.2.1'))).status).toBe(200);
    expect((await app.request('/', {}, fromAddress('192.0.2.1'))).status).toBe(429);
    // Long after the last request the client starts again with a full burst (and was forgotten meanwhile).
    clock.now += 10 * 60_000;
    expect(await requestsAtOnce(app, 6)).toEqual([...Array(5).fill(200), 429]);
  });

  it('ignores X-Forwarded-For unless proxies are trusted, then reads the entry the proxy appended', async () => {
    const clock = { now: 0 };
    const direct = limitedApp({ perMinute: 1, burst: 1 }, clock);
    const forged = (n: number) => ({ 'X-Forwarded-For': `198.51.100.${n}` });
    expect((await direct.request('/', { headers: forged(1) }, fromAddress('192.0.2.1'))).status).toBe(200);
    // A new forged address per request does not buy a new allowance.
    expect((await direct.request('/', { headers: forged(2) }, fromAddress('192.0.2.1'))).status).toBe(429);

    const proxied = limitedApp({ perMinute: 1, burst: 1 }, clock, 1);
    const viaProxy = (chain: string) => proxied.request('/', { headers: { 'X-Forwarded-For': chain } }, fromAddress('10.0.0.1'));
    expect((await viaProxy('203.0.113.9')).status).toBe(200);
    expect((await viaProxy('203.0.113.10')).status).toBe(200);
    // The client wrote the left entry itself; the proxy appended the right one, which is what counts.
    expect((await viaProxy('1.1.1.1, 203.0.113.9')).status).toBe(429);
  });

  it('counts requests without a socket (in-process) under one shared allowance rather than not at all', async () => {
    const app = limitedApp({ perMinute: 2, burst: 2 }, { now: 0 });
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/')).status).toBe(429);
  });

  it('refuses a rate or a burst that is not a positive whole number', () => {
    const clientKey = () => undefined;
    expect(() => rateLimit({ perMinute: 0, burst: 1, clientKey })).toThrow('perMinute must be a positive integer, got 0');
    expect(() => rateLimit({ perMinute: 600, burst: 0, clientKey })).toThrow('burst must be a positive integer, got 0');
    expect(() => rateLimit({ perMinute: 600, burst: 2.5, clientKey })).toThrow('burst must be a positive integer, got 2.5');
  });
});

describe('rateLimitKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
  ])('%s counts as %s', (address, key) => {
    expect(rateLimitKey(address)).toBe(key);
  });

  it('puts the addresses of one IPv6 /64 under one allowance', () => {
    expect(rateLimitKey('2001:db8:aa:bb:1::1')).toBe(rateLimitKey('2001:db8:aa:bb:ffff:eeee:dddd:cccc'));
    expect(rateLimitKey('2001:db8:aa:bb::1')).not.toBe(rateLimitKey('2001:db8:aa:bc::1'));
  });
});
