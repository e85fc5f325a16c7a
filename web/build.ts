/**
 * Builds the web page into web/dist: the TypeScript bundled and minified, the CSS bundled, both named by a
 * hash of their content so the server can let browsers cache them for good, and index.html pointing at them.
 *
 * Runs before `npm start` (prestart), in the test global setup, and by hand with `npm run build:web`.
 * It writes into a fresh folder and swaps it in, so a server never reads a half-written build.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const WEB_DIR = import.meta.dirname;
export const DIST_DIR = path.join(WEB_DIR, 'dist');

export interface WebBuild {
  dir: string;
  /** Asset file names under dist/assets, by their role. */
  assets: { js: string; css: string; icon: string };
}

function hashedName(file: string, hash: string): string {
  const ext = path.extname(file);
  return `${path.basename(file, ext)}-${hash}${ext}`;
}

export async function buildWeb(options: { outDir?: string } = {}): Promise<WebBuild> {
  const outDir = options.outDir ?? DIST_DIR;
  const staging = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  const assetsDir = path.join(staging, 'assets');
  fs.mkdirSync(assetsDir, { recursive: true });
  try {
    const result = await esbuild.build({
      entryPoints: { app: path.join(WEB_DIR, 'src/main.ts'), styles: path.join(WEB_DIR, 'src/styles.css') },
      outdir: assetsDir,
      entryNames: '[name]-[hash]',
      bundle: true,
      format: 'esm',
      target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
      minify: true,
      sourcemap: 'linked',
      legalComments: 'none',
      metafile: true,
      logLevel: 'warning',
    });
    const outputs = Object.entries(result.metafile.outputs);
    const find = (entry: string) => {
      const found = outputs.find(([, output]) => output.entryPoint !== undefined && path.resolve(output.entryPoint) === path.join(WEB_DIR, entry));
      if (!found) throw new Error(`esbuild produced no output for ${entry}`);
      return path.basename(found[0]);
    };
    const js = find('src/main.ts');
    const css = find('src/styles.css');

    const iconSource = fs.readFileSync(path.join(WEB_DIR, 'src/icon.svg'));
    const icon = hashedName('icon.svg', createShortHash(iconSource));
    fs.writeFileSync(path.join(assetsDir, icon), iconSource);

    const template = fs.readFileSync(path.join(WEB_DIR, 'index.html'), 'utf8');
    const page = template
      .replaceAll('%APP_JS%', `/assets/${js}`)
      .replaceAll('%APP_CSS%', `/assets/${css}`)
      .replaceAll('%ICON%', `/assets/${icon}`);
    if (/%[A-Z_]+%/.test(page)) throw new Error(`web/index.html has a placeholder the build does not fill: ${/%[A-Z_]+%/.exec(page)?.[0]}`);
    fs.writeFileSync(path.join(staging, 'index.html'), page);

    swapIn(staging, outDir);
    return { dir: outDir, assets: { js, css, icon } };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Eight characters of the content's hash, like esbuild's [hash], so every asset name looks alike. */
function createShortHash(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('base64url').replace(/[-_]/g, '').slice(0, 8).toUpperCase();
}

/** Replaces `target` with `staging`; the old build is moved aside first, then removed. */
export function swapIn(staging: string, target: string): void {
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  if (fs.existsSync(target)) fs.renameSync(target, old);
  fs.renameSync(staging, target);
  fs.rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = performance.now();
  const build = await buildWeb();
  console.log(`Built the web page into ${path.relative(process.cwd(), build.dir) || '.'} in ${Math.round(performance.now() - started)} ms`);
}
