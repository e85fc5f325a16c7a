import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createLoadingApp } from '../../src/serve/app.js';
import { securityHeaders } from '../../src/serve/security.js';
import { serveWebPage } from '../../src/serve/static.js';
import { buildWeb } from '../../web/build.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'web-static-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('serving the built page', async () => {
  const build = await buildWeb({ outDir: path.join(tmp, 'dist') });
  const app = new Hono();
  app.use(securityHeaders());
  serveWebPage(app, build.dir);

  it('serves the page with no-cache and an ETag, and answers a matching If-None-Match with 304', async () => {
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const html = await response.text();
    expect(html).toContain(`<script type="module" src="/assets/${build.assets.js}"></script>`);
    expect(html).toContain(`href="/assets/${build.assets.css}"`);
    expect(html).not.toMatch(/<script>|\son[a-z]+=|\sstyle=/);
    const again = await app.request('/', { headers: { 'If-None-Match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves hashed assets with their content type, cached for good', async () => {
    for (const [name, type] of [
      [build.assets.js, 'text/javascript; charset=utf-8'],
      [build.assets.css, 'text/css; charset=utf-8'],
      [build.assets.icon, 'image/svg+xml'],
    ] as const) {
      const response = await app.request(`/assets/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await app.request('/assets/nothing.js')).status).toBe(404);
    expect((await app.request('/assets/..%2Findex.html')).status).toBe(404);
  });

  it('names every asset by a hash of its content', () => {
    for (const name of Object.values(build.assets)) expect(name).toMatch(/^[a-z]+-[A-Z0-9]{8}\.(js|css|svg)$/);
  });

  it('says how to build the page when it has not been built', async () => {
    const bare = new Hono();
    serveWebPage(bare, path.join(tmp, 'missing'));
    const response = await bare.request('/');
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('npm run build:web');
  });
});

describe('security headers', () => {
  it('are on every response of the server, the page and the API, also while it loads', async () => {
    const app = createLoadingApp();
    for (const url of ['/', '/api/health', '/api/stats', '/nowhere']) {
      const headers = (await app.request(url)).headers;
      expect(headers.get('content-security-policy'), url).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
      expect(headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(headers.get('referrer-policy'), url).toBe('no-referrer');
      expect(headers.get('x-frame-options'), url).toBe('DENY');
      expect(headers.get('strict-transport-security'), url).toBeNull();
    }
  });
});
