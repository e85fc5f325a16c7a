import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, rateLimit, rateLimitKey } from '../src/serve/rate-limit.js';

/** What @hono/node-server passes as the environment: the request's socket, here with a chosen peer address. */
const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 50000, remoteFamily: 'IPv4' } } });

function limitedApp(perMinute: number, clock: { now: number }, trustedProxies = 0) {
  const app = new Hono();
  app.use(rateLimit({ perMinute, clientKey: (c) => clientAddress(c, trustedProxies), now: () => clock.now }));
  app.get('/', (c) => c.text('ok'));
  return app;
}

describe('rateLimit', () => {
  it('lets a client spend a minute’s allowance at once, then answers 429 with Retry-After and the error shape', async () => {
    const clock = { now: 0 };
    const app = limitedApp(3, clock);
    for (let i = 0; i < 3; i++) expect((await app.request('/', {}, fromAddress('192.0.2.1'))).status).toBe(200);
    const refused = await app.request('/', {}, fromAddress('192.0.2.1'));
    expect(refused.status).toBe(429);
    // One request's worth comes back every 20 s at 3 a minute.
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('at most 3 a minute') } });
  });

  it('refills evenly over the minute and counts each client on its own', async () => {
    const clock = { now: 0 };
    const app = limitedApp(60, clock);
    for (let i = 0; i < 60; i++) await app.request('/', {}, fromAddress('192.0.2.1'));
    expect((await app.request('/', {}, fromAddress('192.0.2.1'))).status).toBe(429);
    expect((await app.request('/', {}, fromAddress('192.0.2.2'))).status).toBe(200);
    clock.now += 1000;
    expect((await app.request('/', {}, fromAddress('192.0.2.1'))).status).toBe(200);
    expect((await app.request('/', {}, fromAddress('192.0.2.1'))).status).toBe(429);
    // Long after the last request the client starts again with a full allowance (and was forgotten meanwhile).
    clock.now += 10 * 60_000;
    for (let i = 0; i < 60; i++) expect((await app.request('/', {}, fromAddress('192.0.2.1'))).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless proxies are trusted, then reads the entry the proxy appended', async () => {
    const clock = { now: 0 };
    const direct = limitedApp(1, clock);
    const forged = (n: number) => ({ 'X-Forwarded-For': `198.51.100.${n}` });
    expect((await direct.request('/', { headers: forged(1) }, fromAddress('192.0.2.1'))).status).toBe(200);
    // A new forged address per request does not buy a new allowance.
    expect((await direct.request('/', { headers: forged(2) }, fromAddress('192.0.2.1'))).status).toBe(429);

    const proxied = limitedApp(1, clock, 1);
    const viaProxy = (chain: string) => proxied.request('/', { headers: { 'X-Forwarded-For': chain } }, fromAddress('10.0.0.1'));
    expect((await viaProxy('203.0.113.9')).status).toBe(200);
    expect((await viaProxy('203.0.113.10')).status).toBe(200);
    // The client wrote the left entry itself; the proxy appended the right one, which is what counts.
    expect((await viaProxy('1.1.1.1, 203.0.113.9')).status).toBe(429);
  });

  it('counts requests without a socket (in-process) under one shared allowance rather than not at all', async () => {
    const app = limitedApp(2, { now: 0 });
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/')).status).toBe(429);
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
