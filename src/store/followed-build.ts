import { IndexUnusableError, type OpenStoreOptions, type ParagraphStore, type StoreBackend } from './types.js';

/**
 * How often a server asks whether another build has become current: a rebuild made by `npm run index`, or by any
 * server on the same database, is served within this. Asking costs a file read or one indexed row.
 */
export const DEFAULT_CHECK_EVERY_MS = 1_000;

/**
 * How long a build that is no longer current stays open: requests that started on it finish on it. Longer than
 * any request may take (REQUEST_TIMEOUT_MS is 15 s by default, 600 s at most).
 */
export const DEFAULT_RETIRE_AFTER_MS = 660_000;

export interface FollowedBuildOptions extends OpenStoreOptions {
  checkEveryMs?: number;
  retireAfterMs?: number;
  /**
   * The embedding model the process searches with: a build embedded with another is not switched to (its
   * vectors could not be compared with the questions'), and is said once.
   */
  modelId?: string;
}

/**
 * The build a backend has current, followed: `current()` gives the store that is current now, opening a new build
 * when one has been switched to, so a server picks up rebuilds without a restart. A build that stops being
 * current is closed once requests still using it have had time to finish.
 * @example
 * const followed = await FollowedBuild.open(backend, { vectors: false });
 * const store = await followed.current();
 */
export class FollowedBuild {
  private checkedAt = 0;
  private checking: Promise<ParagraphStore> | undefined;
  private readonly retiring = new Map<ReturnType<typeof setTimeout>, ParagraphStore>();
  private closed = false;
  /** A build refused for its model, so that it is said once rather than at every check. */
  private refused: string | undefined;
  /** A build that could not be opened, said once; it is tried again at every check (a replica may lag). */
  private unusable: string | undefined;

  private constructor(
    private readonly backend: StoreBackend,
    private store: ParagraphStore,
    private readonly options: Required<Pick<FollowedBuildOptions, 'checkEveryMs' | 'retireAfterMs'>> & Omit<FollowedBuildOptions, 'checkEveryMs' | 'retireAfterMs'>,
  ) {
    this.checkedAt = Date.now();
  }

  /** Opens the current build; throws when there is none, or it cannot be opened. */
  static async open(backend: StoreBackend, { checkEveryMs = DEFAULT_CHECK_EVERY_MS, retireAfterMs = DEFAULT_RETIRE_AFTER_MS, ...open }: FollowedBuildOptions = {}): Promise<FollowedBuild> {
    const version = await backend.currentVersion();
    if (version === null) throw new Error(`No index has been built in ${backend.location}; run \`npm run index\``);
    return new FollowedBuild(backend, await backend.open(version, open), { checkEveryMs, retireAfterMs, ...open });
  }

  /** The store opened last, without asking the backend: for what may be a little out of date (start-up messages). */
  get latest(): ParagraphStore {
    return this.store;
  }

  /**
   * The current build's store. When the last check is older than `checkEveryMs`, asks the backend first; a new
   * build that cannot be opened (yet) leaves the one in use serving, and is tried again at the next check.
   */
  async current(): Promise<ParagraphStore> {
    if (this.closed) throw new Error('This followed build has been closed');
    if (Date.now() - this.checkedAt < this.options.checkEveryMs) return this.store;
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(): Promise<ParagraphStore> {
    // Counted from the attempt: a backend that cannot be reached is asked again a second later, not at every request.
    this.checkedAt = Date.now();
    const version = await this.backend.currentVersion();
    if (version === null || version === this.store.version || version === this.refused || this.closed) return this.store;
    const { modelId } = this.options;
    if (modelId !== undefined) {
      const manifest = await this.backend.readManifest(version);
      if (manifest.modelId !== modelId) {
        this.refused = version;
        console.error(`Not switching to build ${version}: it was embedded with ${manifest.modelId}, this server searches with ${modelId}.`);
        return this.store;
      }
    }
    let opened: ParagraphStore;
    try {
      opened = await this.backend.open(version, { vectors: this.options.vectors });
    } catch (error) {
      // A build this version cannot read (written by a newer or older one, or damaged) must not fail requests
      // that the build in use answers; a database that cannot be reached still fails them (503).
      if (!(error instanceof IndexUnusableError)) throw error;
      if (this.unusable !== version) console.error(`Not switching to build ${version}, still serving ${this.store.version}: ${error.message}`);
      this.unusable = version;
      return this.store;
    }
    const previous = this.store;
    this.store = opened;
    const timer = setTimeout(() => {
      this.retiring.delete(timer);
      void previous.close();
    }, this.options.retireAfterMs);
    // A retiring build must not keep the process alive when everything else has ended.
    timer.unref();
    this.retiring.set(timer, previous);
    return opened;
  }

  /** Closes the build in use and those retiring, at once. */
  async close(): Promise<void> {
    this.closed = true;
    const stores = [this.store, ...this.retiring.values()];
    for (const timer of this.retiring.keys()) clearTimeout(timer);
    this.retiring.clear();
    await Promise.all(stores.map((store) => store.close()));
  }
}
