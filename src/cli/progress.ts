import cliProgress from 'cli-progress';

export interface BuildProgress {
  update(done: number, total: number): void;
  /** Ends the bar and prints one summary line. */
  stop(): void;
}

/**
 * A progress bar for embedding the corpus. When the output is not a terminal (CI logs, pipes) redrawing would
 * only add noise, so only the summary line is written.
 */
export function createBuildProgress(label: string, stream: NodeJS.WriteStream = process.stdout): BuildProgress {
  const started = performance.now();
  const bar = stream.isTTY
    ? new cliProgress.SingleBar(
        {
          stream,
          format: `${label} [{bar}] {percentage}% | {value}/{total} paragraphs and sentences | ETA {eta_formatted}`,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let barStarted = false;
  let last = { done: 0, total: 0 };

  return {
    update(done, total) {
      last = { done, total };
      if (!bar) return;
      if (!barStarted) {
        bar.start(total, done);
        barStarted = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (barStarted) bar?.stop();
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(last.done / seconds) : 0;
      stream.write(`${label}: ${last.done}/${last.total} paragraphs and sentences in ${seconds.toFixed(1)} s (${rate}/s)\n`);
    },
  };
}
