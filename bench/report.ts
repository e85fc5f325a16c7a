import type { EmbedFloorResult } from './embed-floor.js';
import type { LoadResult } from './http-load.js';
import type { NeverSeenHttp } from './never-seen-http.js';
import type { IndexBuildResult } from './index-build.js';
import type { BreakdownResult, StageBreakdown } from './search-breakdown.js';
import type { ServerStartResult } from './server-start.js';
import { formatBytes, formatMs, type LatencySummary } from './stats.js';
import type { IncrementalUpdateResult } from './incremental-update.js';
import { scaleSection, scaleTargets } from './scale-report.js';
import type { StoreScaleResults } from './store-scale.js';

/** Everything one `npm run bench` measured; written to bench/results.json. */
export interface BenchResults {
  environment: Record<string, unknown>;
  embedFloor: EmbedFloorResult;
  indexBuild: IndexBuildResult & { bareEmbedMs: number; efficiency: number; paragraphRatio: number };
  incremental: IncrementalUpdateResult;
  breakdown: BreakdownResult;
  serverStart: ServerStartResult;
  /** /api/search with questions a fresh server has never seen, words included (bench/never-seen-http.ts). */
  neverSeen: NeverSeenHttp;
  http: {
    questions: number;
    searchC1: LoadResult;
    searchC8: LoadResult;
    searchRepeated: LoadResult;
    /** null when the server has no POST /api/ask. */
    askC1: LoadResult | null;
    askC8: LoadResult | null;
    askStatus: string;
    /** The HTTP floor: the cheapest route, on an idle server. */
    healthIdle: LoadResult;
    healthUnderLoad: { health: LoadResult; search: LoadResult };
    serverPeakRssBytes: number;
    serverRssBytes: number;
  };
  /** The store at 10k, 100k and 1M paragraphs, per backend. */
  storeScale: StoreScaleResults;
  /** The backends the store was measured with. */
  scaleBackends: string[];
  targets: TargetCheck[];
  totalMs: number;
}

export interface TargetCheck {
  name: string;
  /** The figure and how it was obtained. */
  value: string;
  target: string;
  /** Measured ÷ target: above 1 misses an "at most" target, below 1 misses an "at least" one. */
  ratio: number | null;
  /** null when the figure could not be measured (e.g. the endpoint does not exist yet). */
  pass: boolean | null;
}

const status = (pass: boolean | null) => (pass === null ? 'n/a' : pass ? 'PASS' : 'MISS');
const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
const rps = (value: number) => `${value.toFixed(0)} req/s`;
const latencies = (r: LoadResult) => `p50 ${formatMs(r.latency.p50)} · p95 ${formatMs(r.latency.p95)} · p99 ${formatMs(r.latency.p99)}`;
const formatRatio = (ratio: number | null) => (ratio === null || !Number.isFinite(ratio) ? '–' : `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(0)}×`);

function atMost(name: string, measured: number, limit: number, value: string, target: string): TargetCheck {
  return { name, value, target: `≤ ${target}`, ratio: measured / limit, pass: measured <= limit };
}

function atLeast(name: string, measured: number, limit: number, value: string, target: string): TargetCheck {
  return { name, value, target: `≥ ${target}`, ratio: measured / limit, pass: measured >= limit };
}

const notMeasured = (name: string, why: string, target: string): TargetCheck => ({ name, value: why, target, ratio: null, pass: null });

export function checkTargets(r: Omit<BenchResults, 'targets' | 'totalMs'>): TargetCheck[] {
  const floor = r.embedFloor.benchQueries.p50;
  const { indexBuild: b, serverStart, http } = r;
  const search = http.searchC1.latency.p50;
  const checks: TargetCheck[] = [
    atLeast(
      'Index build speed vs bare embedding of the same texts',
      b.efficiency,
      0.8,
      `${pct(b.efficiency)} (${formatMs(b.bareEmbedMs)} bare vs ${formatMs(b.totalMs)} build)`,
      '80%',
    ),
    atLeast(
      'Index build paragraphs/s vs bare paragraphs/s',
      b.paragraphRatio,
      0.8,
      `${pct(b.paragraphRatio)} (${b.paragraphsPerSecond.toFixed(0)} vs ${r.embedFloor.paragraphs.perSecond.toFixed(0)}/s; the build also embeds ${b.sentences} sentences)`,
      '80%',
    ),
    atMost(
      'Adding one document to the index, as a share of a full rebuild',
      r.incremental.addOneMs / r.incremental.fullRebuildMs,
      0.25,
      `${pct(r.incremental.addOneMs / r.incremental.fullRebuildMs)} (${formatMs(r.incremental.addOneMs)} vs ${formatMs(r.incremental.fullRebuildMs)})`,
      '25%',
    ),
    atMost('Server start to ready (median)', serverStart.medianMs, 2000, formatMs(serverStart.medianMs), '2 s'),
    atMost('Server start to ready (issue 2)', serverStart.medianMs, 3000, formatMs(serverStart.medianMs), '3 s'),
    atMost(
      "/api/search server's own work (HTTP p50 c1 − bare embed p50)",
      search - floor,
      1.5,
      `${formatMs(search - floor)} (${formatMs(search)} − ${formatMs(floor)})`,
      '1.5 ms',
    ),
    atMost('/api/search p50 at concurrency 1 (issue 2)', search, 30, formatMs(search), '30 ms'),
    atLeast('/api/search throughput at concurrency 8', http.searchC8.rps, 300, rps(http.searchC8.rps), '300 req/s'),
    atMost('/api/search repeated identical query p50', http.searchRepeated.latency.p50, 2, formatMs(http.searchRepeated.latency.p50), '2 ms'),
    ...neverSeenTargets(r.neverSeen),
  ];
  const ask = http.askC1?.latency.p50;
  checks.push(
    ask === undefined
      ? notMeasured('/api/ask overhead (HTTP p50 c1 − bare embed p50)', http.askStatus, '≤ 5 ms')
      : atMost('/api/ask overhead (HTTP p50 c1 − bare embed p50)', ask - floor, 5, `${formatMs(ask - floor)} (${formatMs(ask)} − ${formatMs(floor)})`, '5 ms'),
  );
  const health = http.healthUnderLoad.health.latency.p99;
  checks.push(atMost('/api/health p99 while /api/search runs at concurrency 8', health, 50, formatMs(health), '50 ms'));

  checks.push(...scaleTargets(r.storeScale, r.scaleBackends));
  return checks;
}

/**
 * The targets as a Markdown table, with a heading.
 * @example
 * lines.push(...targetsSection(checkTargets(results)));
 */
export function targetsSection(targets: readonly TargetCheck[]): string[] {
  return [
    '## Targets',
    '',
    '| Measurement | Result | Target | Result ÷ target | Status |',
    '|---|---|---|---|---|',
    ...targets.map((t) => `| ${t.name} | ${t.value} | ${t.target} | ${formatRatio(t.ratio)} | ${status(t.pass)} |`),
    '',
  ];
}

/**
 * The scale-out issue's targets on today's corpus, on questions the server has never seen: the server's own work
 * per search (its Server-Timing total less the embedding) and the throughput at concurrency 8.
 */
function neverSeenTargets({ c1, c8, questions, runs }: NeverSeenHttp): TargetCheck[] {
  const own = c1.serverTiming?.ownWork;
  const of = `${questions} never-seen questions, median of ${runs.length} fresh servers`;
  return [
    own === undefined
      ? notMeasured("/api/search server's own work, never-seen questions (Server-Timing total − embed, p50 c1)", 'no Server-Timing header', '≤ 2 ms')
      : atMost(
          "/api/search server's own work, never-seen questions (Server-Timing total − embed, p50 c1)",
          own,
          2,
          `${formatMs(own)} (pipeline ${formatMs(c1.serverTiming!.pipelineOwn)}, main thread ${formatMs(c1.serverTiming!.mainThread)}; HTTP p50 ${formatMs(c1.latency.p50)}, embed ${formatMs(c1.serverTiming!.embed)}; ${of})`,
          '2 ms',
        ),
    atLeast('/api/search throughput at concurrency 8, never-seen questions', c8.rps, 400, `${rps(c8.rps)} (p50 ${formatMs(c8.latency.p50)}; ${of})`, '400 req/s'),
  ];
}

export function markdownReport(r: BenchResults): string {
  const env = r.environment;
  const lines: string[] = [];
  lines.push('# Benchmark results', '');
  lines.push(
    `\`npm run bench\` on ${String(env.date)}, commit ${String(env.commit)}: ${String(env.cpus)} × ${String(env.cpuModel)}, ` +
      `${formatBytes(Number(env.memoryBytes))} RAM, Node ${String(env.node)}, load average ${String(env.loadAverageBefore)} before and ` +
      `${String(env.loadAverageAfter)} after. Client and server share the machine (and its 2 cores) with whatever else ran; ` +
      `treat the figures as one run on a shared box, not a controlled measurement. "Server CPU per request" (from /proc) ` +
      `barely moves when other processes compete for the cores, so it is the figure to compare between runs.`,
    '',
  );

  lines.push(...targetsSection(r.targets));

  const f = r.embedFloor;
  const b = r.indexBuild;
  const h = r.http;
  lines.push('## Figures', '', '| Measurement | Result |', '|---|---|');
  lines.push(`| Bare query embedding, "${f.shortQuestion}" (${f.shortQuery.count} runs) | p50 ${formatMs(f.shortQuery.p50)} · p95 ${formatMs(f.shortQuery.p95)} |`);
  lines.push(`| Bare query embedding, the ${h.questions} bench questions | p50 ${formatMs(f.benchQueries.p50)} · p95 ${formatMs(f.benchQueries.p95)} |`);
  lines.push(`| Bare paragraph embedding, batch ${f.paragraphs.batchSize} (${f.paragraphs.texts} corpus paragraphs) | ${f.paragraphs.perSecond.toFixed(0)} paragraphs/s |`);
  lines.push(`| Bare sentence embedding, batch ${f.sentences.batchSize} (${f.sentences.texts} corpus sentences) | ${f.sentences.perSecond.toFixed(0)} sentences/s |`);
  lines.push(
    `| Index build (${b.paragraphs} paragraphs + ${b.sentences} sentences) | ${formatMs(b.totalMs)}: paragraphs ${formatMs(b.paragraphEmbedMs)}, ` +
      `sentences ${formatMs(b.sentenceEmbedMs)}, rest ${formatMs(b.otherMs)} · ${b.paragraphsPerSecond.toFixed(0)} paragraphs/s · ${b.textsPerSecond.toFixed(0)} texts/s |`,
  );
  const u = r.incremental;
  lines.push(
    `| Adding one document (${u.addedFile}, ${u.addedParagraphs} paragraphs) to the full index, against a full rebuild (${u.fullRebuildParagraphs} paragraphs) | ` +
      `${formatMs(u.addOneMs)} against ${formatMs(u.fullRebuildMs)} (${(u.fullRebuildMs / u.addOneMs).toFixed(1)}× faster); embedded ${u.embedded.passages} paragraphs and ${u.embedded.sentences} sentences, reused ${u.reused.passages} and ${u.reused.sentences} |`,
  );
  lines.push(`| Server start to ready, ${r.serverStart.readyMs.length} starts | ${r.serverStart.readyMs.map(formatMs).join(', ')} (server's own log: ${r.serverStart.selfReportedS ?? '?'} s) |`);
  lines.push(`| Server peak resident memory (VmHWM, end of HTTP runs) | ${formatBytes(h.serverPeakRssBytes)} |`);
  const row = (name: string, l: LoadResult | null, fallback = 'not available') =>
    lines.push(`| ${name} | ${l ? `${latencies(l)} · ${rps(l.rps)} · ${l.responses} responses${l.serverCpuMsPerRequest === null ? '' : ` · server CPU ${formatMs(l.serverCpuMsPerRequest)}/request`}${l.non2xx + l.errors > 0 ? ` · ${l.non2xx} non-2xx, ${l.errors} errors` : ''}` : fallback} |`);
  row('/api/health, concurrency 1, idle server (the HTTP floor)', h.healthIdle);
  for (const [i, run] of r.neverSeen.runs.entries()) {
    row(`/api/search, never-seen questions, concurrency 1, fresh server ${i + 1}`, run.c1);
    row(`/api/search, never-seen questions, concurrency 8, fresh server ${i + 1}`, run.c8);
  }
  row('/api/search, new questions, concurrency 1', h.searchC1);
  row('/api/search, new questions, concurrency 8', h.searchC8);
  row('/api/search, one repeated question, concurrency 1', h.searchRepeated);
  row('/api/ask, new questions, concurrency 1', h.askC1, h.askStatus);
  row('/api/ask, new questions, concurrency 8', h.askC8, h.askStatus);
  row('/api/health, concurrency 1, during /api/search at concurrency 8', h.healthUnderLoad.health);
  row('/api/search at concurrency 8, during the health run', h.healthUnderLoad.search);
  lines.push('');

  lines.push(...breakdownTable(r));

  lines.push(...scaleSection(r.storeScale));
  lines.push(`Whole run: ${formatMs(r.totalMs)}. Raw figures: \`bench/results.json\`.`, '');
  return lines.join('\n');
}

/** Where the time of a request goes: the in-process parts, then what HTTP adds on top of them. */
function breakdownTable(r: BenchResults): string[] {
  const { search, ask, variantMismatches } = r.breakdown;
  const column = (b: StageBreakdown | null, name: string) => (b && b.meanMs[name] !== undefined ? formatMs(b.meanMs[name]) : '–');
  const calls = (name: string) => {
    const perRequest = [search.callsPerRequest[name], ask?.callsPerRequest[name]].map((c) => (c === undefined ? '–' : c.toFixed(1)));
    return ` (calls: ${perRequest.join(' / ')})`;
  };
  const names = [...new Set([...Object.keys(search.meanMs), ...Object.keys(ask?.meanMs ?? {})])];
  const lines = [
    '## Where the time goes',
    '',
    `In-process, the pipeline the server assembles over an instrumented store and model, ${search.requests} new questions each ` +
      `(mean per request; the parts above JSON.stringify add up to the mean total). ` +
      (variantMismatches.length === 0
        ? 'Case variants of every question gave the same results as the original, so the HTTP figures measure uncached work.'
        : `WARNING: ${variantMismatches.length} case variants gave other results than their question.`),
    '',
    '| Part | /api/search | /api/ask |',
    '|---|---|---|',
  ];
  for (const name of names) lines.push(`| ${name}${name.startsWith('store.') ? calls(name) : ''} | ${column(search, name)} | ${column(ask, name)} |`);
  lines.push(`| **total, mean (p50)** | ${formatMs(search.total.mean)} (${formatMs(search.total.p50)}) | ${ask ? `${formatMs(ask.total.mean)} (${formatMs(ask.total.p50)})` : '–'} |`);
  const http = r.http;
  const overHttp = (l: LoadResult | null, b: StageBreakdown | null) => (l && b ? formatMs(l.latency.p50 - b.total.p50) : '–');
  lines.push(`| HTTP, Hono, zod and response (HTTP p50 at concurrency 1 − in-process p50) | ${overHttp(http.searchC1, search)} | ${overHttp(http.askC1, ask)} |`);
  lines.push(`| of which the HTTP floor (/api/health p50, idle) | ${formatMs(http.healthIdle.latency.p50)} | ${formatMs(http.healthIdle.latency.p50)} |`);
  lines.push('');
  const unseen = r.breakdown.unseen;
  if (unseen) {
    lines.push(
      `Questions never seen before (${unseen.questions} calibration and held-out questions, each asked once of a fresh pipeline, so no cache filled by a repeated word helps):`,
      '',
      '| p50 (p95) | embedding | own work | total |',
      '|---|---|---|---|',
      ...(['search', 'ask'] as const).map((name) => {
        const stage = unseen[name];
        const cell = (l: LatencySummary) => `${formatMs(l.p50)} (${formatMs(l.p95)})`;
        return `| /api/${name} | ${cell(stage.embed)} | ${cell(stage.ownWork)} | ${cell(stage.total)} |`;
      }),
      '',
    );
  }
  return lines;
}
