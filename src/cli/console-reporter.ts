import cliProgress from 'cli-progress';
import type { ModelLoadReporter } from '../embed/load-embedder.js';
import type { DownloadProgress } from '../embed/model-source.js';
import type { IndexingReporter } from '../indexing.js';
import { createBuildProgress, type BuildProgress } from './progress.js';

export type ConsoleReporter = IndexingReporter & Required<ModelLoadReporter>;

/** On a pipe or in a log, a download's progress is a line at most this often. */
const LOG_PROGRESS_EVERY_MS = 2000;

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * What the command line shows while models load and the index builds: a progress bar per file being
 * downloaded and one for embedding on a terminal; on a pipe or in a log, a line per file and a percentage now
 * and then instead of redrawn bars.
 *
 * @example
 * const reporter = createConsoleReporter();
 * const { embedder } = await loadEmbedder(config.models, reporter);
 */
export function createConsoleReporter(stream: NodeJS.WriteStream = process.stdout, errors: NodeJS.WriteStream = process.stderr): ConsoleReporter {
  const downloads = createDownloadDisplay(stream);
  let embedding: BuildProgress | undefined;
  return {
    info: (line) => stream.write(`${line}\n`),
    warn: (line) => errors.write(`${line}\n`),
    error: (line) => errors.write(`${line}\n`),
    notice: (line) => errors.write(`${line}\n`),
    download: (info) => downloads(info),
    embedding(label, done, total) {
      embedding ??= createBuildProgress(label, stream);
      embedding.update(done, total);
    },
    embeddingDone() {
      embedding?.stop();
      embedding = undefined;
    },
  };
}

/** Turns transformers.js's download events into bars (terminal) or occasional lines (log). */
export function createDownloadDisplay(stream: NodeJS.WriteStream): (info: DownloadProgress) => void {
  const multibar = stream.isTTY
    ? new cliProgress.MultiBar(
        { stream, format: 'Downloading {file} [{bar}] {percentage}% | {size} | ETA {eta_formatted}', hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const files = new Map<string, { bar?: cliProgress.SingleBar; startedAt: number; loggedAt: number; total: number; loaded: number }>();
  return (info) => {
    const file = `${info.name ?? ''}/${info.file ?? ''}`;
    if (info.status === 'download') {
      const now = performance.now();
      files.set(file, { startedAt: now, loggedAt: now, total: 0, loaded: 0 });
      if (!multibar) stream.write(`Downloading ${file}\n`);
      return;
    }
    const state = files.get(file);
    if (state === undefined) return;
    if (info.status === 'progress' && info.loaded !== undefined && info.total !== undefined) {
      state.loaded = info.loaded;
      state.total = info.total;
      if (multibar) {
        state.bar ??= multibar.create(info.total, 0, { file, size: megabytes(info.total) });
        state.bar.setTotal(info.total);
        state.bar.update(info.loaded, { file, size: megabytes(info.total) });
      } else if (performance.now() - state.loggedAt >= LOG_PROGRESS_EVERY_MS) {
        state.loggedAt = performance.now();
        stream.write(`Downloading ${file}: ${Math.round(info.progress ?? 0)}% of ${megabytes(info.total)}\n`);
      }
    }
    if (info.status === 'done') {
      files.delete(file);
      const seconds = ((performance.now() - state.startedAt) / 1000).toFixed(1);
      const line = `Downloaded ${file} (${megabytes(state.loaded)}) in ${seconds} s\n`;
      if (multibar && files.size > 0) {
        // Written through the bars still moving, which would otherwise draw over it.
        multibar.log(line);
      } else {
        // The last bar ends first, so the line lands below the finished bars.
        multibar?.stop();
        stream.write(line);
      }
    }
  };
}
