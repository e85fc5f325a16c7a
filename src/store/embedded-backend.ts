import fs from 'node:fs';
import path from 'node:path';
import { openStore, readManifest, writeFileDurably, writeIndexFiles } from './sqlite-hnsw-store.js';
import { IndexUnusableError, type IndexContent, type Manifest, type OpenStoreOptions, type ParagraphStore, type ReusableIndex, type StoreBackend } from './types.js';

/*
 * Layout of an index folder:
 *   CURRENT            name of the build in use (replaced atomically by rename)
 *   builds/<name>/     one complete build each: paragraphs.sqlite, vectors.hnsw, manifest.json
 * A reader follows CURRENT, so a build that dies half-way only leaves an unreferenced folder behind.
 */
const CURRENT_FILE = 'CURRENT';
const BUILDS_DIR = 'builds';
/** `<UTC time>-<pid>-<random>`: sorts by time, tells which process wrote it, and never collides. */
const BUILD_NAME = /^\d{8}T\d{9}Z-(\d+)-\w{6}$/;

/**
 * The embedded store's builds, kept in one folder on this machine (INDEX_DIR): the default, which needs no
 * set-up. Processes on the same machine share it; a server notices a new build by the CURRENT file changing.
 * @example
 * const backend = new EmbeddedBackend('index');
 * const store = await backend.open((await backend.currentVersion())!);
 */
export class EmbeddedBackend implements StoreBackend {
  readonly location: string;

  constructor(private readonly indexDir: string) {
    this.location = `${indexDir}${indexDir.endsWith(path.sep) ? '' : path.sep}`;
  }

  async currentVersion(): Promise<string | null> {
    return currentBuildName(this.indexDir);
  }

  async readManifest(version: string): Promise<Manifest> {
    return readManifest(this.buildDir(version));
  }

  async open(version: string, options?: OpenStoreOptions): Promise<ParagraphStore> {
    return openStore(this.buildDir(version), options);
  }

  async openReusable(version: string): Promise<ReusableIndex> {
    // An update reads paragraphs and vectors from SQLite alone; the vector index is not loaded.
    return openStore(this.buildDir(version), { vectors: false });
  }

  async publish(content: IndexContent): Promise<string> {
    const buildsDir = path.join(this.indexDir, BUILDS_DIR);
    fs.mkdirSync(buildsDir, { recursive: true });
    const buildDir = fs.mkdtempSync(path.join(buildsDir, `${content.manifest.builtAt.replace(/[-:.]/g, '')}-${process.pid}-`));
    const name = path.basename(buildDir);
    try {
      await writeIndexFiles(buildDir, content);
      // Publish only what opens: the same checks the server will run.
      await openStore(buildDir).close();
    } catch (error) {
      fs.rmSync(buildDir, { recursive: true, force: true });
      throw error;
    }
    const previous = currentBuildName(this.indexDir);
    makeCurrent(this.indexDir, name);
    removeStaleBuilds(this.indexDir, [name, previous]);
    return name;
  }

  async check(): Promise<{ ok: true } | { ok: false; reason: string }> {
    // A folder on this machine is there or not; what is in it, the index status says.
    return { ok: true };
  }

  async close(): Promise<void> {}

  /** The folder of a build; only a bare build name is followed, never a path out of builds/. */
  private buildDir(version: string): string {
    if (!BUILD_NAME.test(version)) throw new IndexUnusableError(path.join(this.indexDir, BUILDS_DIR, version), 'it is not the name of a build');
    return path.join(this.indexDir, BUILDS_DIR, version);
  }
}

/** rename(2) replaces CURRENT in one step, so readers see either the old build or the new one, never a partial file. */
function makeCurrent(indexDir: string, name: string): void {
  const temporary = path.join(indexDir, `${CURRENT_FILE}.tmp`);
  writeFileDurably(temporary, `${name}\n`);
  fs.renameSync(temporary, path.join(indexDir, CURRENT_FILE));
  // Flush the directory entry too, so the rename survives a power cut.
  const dirFd = fs.openSync(indexDir, 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}

/**
 * Deletes older builds and the leftovers of killed ones. Keeps the builds named (this one and the one it replaced,
 * which servers may still be answering from until they notice the switch), whatever CURRENT names (another process
 * may have swapped since), and the folders of builds still running in other live processes.
 */
function removeStaleBuilds(indexDir: string, keep: ReadonlyArray<string | null>): void {
  const current = currentBuildName(indexDir);
  const buildsDir = path.join(indexDir, BUILDS_DIR);
  for (const entry of fs.readdirSync(buildsDir)) {
    if (keep.includes(entry) || entry === current) continue;
    const pid = BUILD_NAME.exec(entry)?.[1];
    if (pid === undefined) continue; // not ours to delete
    if (Number(pid) !== process.pid && processIsAlive(Number(pid))) continue;
    fs.rmSync(path.join(buildsDir, entry), { recursive: true, force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function currentBuildName(indexDir: string): string | null {
  const file = path.join(indexDir, CURRENT_FILE);
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const name = content.trim();
  // CURRENT is only ever a bare folder name; anything else must not be followed out of builds/.
  if (!BUILD_NAME.test(name)) throw new IndexUnusableError(file, `it does not name a build folder ("${name}")`);
  return name;
}
