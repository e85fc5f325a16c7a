/** The server's own account of a request (its Server-Timing header), gathered over a load and split by stage. */
import { percentile } from './stats.js';

/** Medians in milliseconds, each taken over per-response figures. */
export interface ServerTimingSplit {
  /** The question's embedding. */
  embed: number;
  /** The pipeline worker's time less the embedding: search, rerank, answer. */
  pipelineOwn: number;
  /** The request on the server less the worker's time: HTTP, validation, the hop to the worker and back. */
  mainThread: number;
  /** The whole request on the server; a client's latency less this is the client's and the loopback's. */
  total: number;
  /** The server's own work: the whole request on the server less the embedding. */
  ownWork: number;
}

/**
 * Parses a Server-Timing header into durations by metric name.
 * @example
 * serverTimingMetrics('embed;dur=1.4;desc="question embedding", total;dur=3.1') // { embed: 1.4, total: 3.1 }
 */
export function serverTimingMetrics(header: string | string[] | undefined): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const entry of [header ?? ''].flat().join(',').split(',')) {
    const [name, ...params] = entry.trim().split(';');
    const duration = params.map((param) => param.trim()).find((param) => param.startsWith('dur='));
    if (name && duration !== undefined) metrics[name.trim()] = Number(duration.slice('dur='.length));
  }
  return metrics;
}

/**
 * Collects the embed, pipeline and total metrics of each response that has all three.
 * @example
 * const samples = new ServerTimingSamples();
 * samples.add(response.headers.get('server-timing') ?? undefined);
 * samples.split(); // { embed, pipelineOwn, mainThread, total, ownWork } or null when no response carried them
 */
export class ServerTimingSamples {
  private readonly samples: Record<keyof ServerTimingSplit, number[]> = { embed: [], pipelineOwn: [], mainThread: [], total: [], ownWork: [] };

  add(header: string | string[] | undefined): void {
    const { embed, pipeline, total } = serverTimingMetrics(header);
    if (embed === undefined || pipeline === undefined || total === undefined) return;
    this.samples.embed.push(embed);
    this.samples.pipelineOwn.push(pipeline - embed);
    this.samples.mainThread.push(total - pipeline);
    this.samples.total.push(total);
    this.samples.ownWork.push(total - embed);
  }

  split(): ServerTimingSplit | null {
    if (this.samples.total.length === 0) return null;
    const median = (values: number[]) => percentile(Float64Array.from(values).sort(), 50);
    return {
      embed: median(this.samples.embed),
      pipelineOwn: median(this.samples.pipelineOwn),
      mainThread: median(this.samples.mainThread),
      total: median(this.samples.total),
      ownWork: median(this.samples.ownWork),
    };
  }
}
