import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import { errorBody } from './schemas.js';

/** Where `web/build.ts` writes the page: index.html, and its hashed assets under assets/. */
export const WEB_DIST_DIR = path.resolve(import.meta.dirname, '../../web/dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The page itself is revalidated on every visit (cheap with its ETag), so a new build shows at once. */
const PAGE_CACHE = 'no-cache';
/** Assets carry a content hash in their name: a changed file is a new URL, so they can be kept for good. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  etag: string;
  cacheControl: string;
}

interface WebFiles {
  page: StaticFile;
  assets: Map<string, StaticFile>;
  /** Modification time of index.html when read: a rebuild (npm run build:web) is picked up without a restart. */
  builtAt: number;
}

function readStaticFile(file: string, cacheControl: string): StaticFile | null {
  const contentType = CONTENT_TYPES[path.extname(file)];
  if (contentType === undefined) return null;
  const body = new Uint8Array(fs.readFileSync(file));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, contentType, etag, cacheControl };
}

/** The built page, read into memory (it is a few tens of kilobytes), or null when it has not been built. */
function loadWebFiles(dir: string): WebFiles | null {
  const pageFile = path.join(dir, 'index.html');
  const builtAt = fs.statSync(pageFile, { throwIfNoEntry: false })?.mtimeMs;
  if (builtAt === undefined) return null;
  const page = readStaticFile(pageFile, PAGE_CACHE);
  if (page === null) return null;
  const assets = new Map<string, StaticFile>();
  const assetsDir = path.join(dir, 'assets');
  if (fs.existsSync(assetsDir)) {
    for (const name of fs.readdirSync(assetsDir)) {
      const file = readStaticFile(path.join(assetsDir, name), ASSET_CACHE);
      if (file !== null) assets.set(name, file);
    }
  }
  return { page, assets, builtAt };
}

function send(c: Context, file: StaticFile): Response {
  const headers = { 'Content-Type': file.contentType, 'Cache-Control': file.cacheControl, ETag: file.etag };
  const ifNoneMatch = c.req.header('If-None-Match');
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === file.etag)) {
    return c.body(null, 304, headers);
  }
  return c.body(file.body, 200, headers);
}

/**
 * Serves the web page at `/` and its assets at `/assets/<name>`. The files are held in memory and read again
 * when index.html changes (checked when the page is requested); until the page is built, `/` answers 503
 * saying how to build it.
 */
export function serveWebPage(app: Hono<any, any, any>, dir: string = WEB_DIST_DIR): void {
  let files: WebFiles | null = null;
  const current = () => (files ??= loadWebFiles(dir));

  app.get('/', (c) => {
    const builtAt = fs.statSync(path.join(dir, 'index.html'), { throwIfNoEntry: false })?.mtimeMs;
    if (files !== null && builtAt !== files.builtAt) files = null;
    const web = current();
    if (web === null) {
      return c.json(errorBody('page_not_built', 'The web page has not been built: run "npm run build:web" (npm start does it first)'), 503);
    }
    return send(c, web.page);
  });

  app.get('/assets/:name', (c) => {
    const file = current()?.assets.get(c.req.param('name'));
    if (file === undefined) return c.json(errorBody('not_found', `No asset ${c.req.param('name')}`), 404);
    return send(c, file);
  });
}
