import type { EmbedFloorResult } from './embed-floor.js';
import type { ScaleResult } from './hnsw-scale.js';
import type { LoadResult } from './http-load.js';
import type { IndexBuildResult } from './index-build.js';
import type { BreakdownResult, StageBreakdown } from './search-breakdown.js';
import type { ServerStartResult } from './server-start.js';
import { formatBytes, formatMs } from './stats.js';

/** Everything one `npm run bench` measured; written to bench/results.json. */
export interface BenchResults {
  environment: Record<string, unknown>;
  embedFloor: EmbedFloorResult;
  indexBuild: IndexBuildResult & { bareEmbedMs: number; efficiency: number; paragraphRatio: number };
  breakdown: BreakdownResult;
  serverStart: ServerStartResult;
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
  scale: ScaleResult[];
  /** Sizes asked for but not run, and why. */
  scaleSkipped: { n: number; reason: string }[];
  targets: TargetCheck[];
  totalMs: number;
}

export interface TargetCheck {
  name: string;
  value: string;
  target: string;
  /** null when the figure could not be measured (e.g. the endpoint does not exist yet). */
  pass: boolean | null;
}

const status = (pass: boolean | null) => (pass === null ? 'n/a' : pass ? 'PASS' : 'MISS');
const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
const rps = (value: number) => `${value.toFixed(0)} req/s`;
const latencies = (r: LoadResult) => `p50 ${formatMs(r.latency.p50)} · p95 ${formatMs(r.latency.p95)} · p99 ${formatMs(r.latency.p99)}`;

/** The store's search beam, so the scale table can show what production queries would see. */
export const STORE_EF_SEARCH = 100;

export function checkTargets(r: Omit<BenchResults, 'targets' | 'totalMs'>): TargetCheck[] {
  const floor = r.embedFloor.benchQueries.p50;
  const ownWork = r.http.searchC1.latency.p50 - floor;
  const checks: TargetCheck[] = [
    {
      name: 'Index build vs bare embedding (same texts)',
      value: `${pct(r.indexBuild.efficiency)} (${formatMs(r.indexBuild.bareEmbedMs)} bare vs ${formatMs(r.indexBuild.totalMs)} build)`,
      target: '≥ 80%',
      pass: r.indexBuild.efficiency >= 0.8,
    },
    {
      name: 'Index build paragraphs/s vs bare paragraphs/s',
      value: `${pct(r.indexBuild.paragraphRatio)} (${r.indexBuild.paragraphsPerSecond.toFixed(0)} vs ${r.embedFloor.paragraphs.perSecond.toFixed(0)}/s; build also embeds ${r.indexBuild.sentences} sentences)`,
      target: '≥ 80%',
      pass: r.indexBuild.paragraphRatio >= 0.8,
    },
    { name: 'Server start to ready (median)', value: formatMs(r.serverStart.medianMs), target: '≤ 2 s', pass: r.serverStart.medianMs <= 2000 },
    { name: 'Server start to ready (issue 2)', value: formatMs(r.serverStart.medianMs), target: '≤ 3 s', pass: r.serverStart.medianMs <= 3000 },
    {
      name: "/api/search server's own work (HTTP p50 c1 − bare embed p50)",
      value: `${formatMs(ownWork)} (${formatMs(r.http.searchC1.latency.p50)} − ${formatMs(floor)})`,
      target: '≤ 1.5 ms',
      pass: ownWork <= 1.5,
    },
    { name: '/api/search p50 at concurrency 1 (issue 2)', value: formatMs(r.http.searchC1.latency.p50), target: '≤ 30 ms', pass: r.http.searchC1.latency.p50 <= 30 },
    { name: '/api/search throughput at concurrency 8', value: rps(r.http.searchC8.rps), target: '≥ 300 req/s', pass: r.http.searchC8.rps >= 300 },
    {
      name: '/api/search repeated identical query p50',
      value: formatMs(r.http.searchRepeated.latency.p50),
      target: '≤ 2 ms',
      pass: r.http.searchRepeated.latency.p50 <= 2,
    },
  ];
  const ask = r.http.askC1;
  checks.push({
    name: '/api/ask overhead (HTTP p50 c1 − bare embed p50)',
    value: ask ? `${formatMs(ask.latency.p50 - floor)} (${formatMs(ask.latency.p50)} − ${formatMs(floor)})` : r.http.askStatus,
    target: '≤ 5 ms',
    pass: ask ? ask.latency.p50 - floor <= 5 : null,
  });
  const health = r.http.healthUnderLoad.health.latency;
  checks.push({
    name: '/api/health p99 while /api/search runs at concurrency 8',
    value: formatMs(health.p99),
    target: '≤ 50 ms',
    pass: health.p99 <= 50,
  });
  const million = r.scale.find((s) => s.options.n === 1_000_000);
  const best = million && cheapestMeeting(million, 0.95);
  checks.push({
    name: 'HNSW 1M: recall@10 ≥ 0.95 with query p50 ≤ 5 ms',
    value: million
      ? best
        ? `recall ${best.recallAt10.toFixed(3)} at p50 ${formatMs(best.latency.p50)} (ef ${best.ef}); ${formatBytes(million.rssBytesPerVector)}/vector`
        : `recall never reached 0.95 (best ${Math.max(...million.search.map((s) => s.recallAt10)).toFixed(3)})`
      : (r.scaleSkipped.find((s) => s.n === 1_000_000)?.reason ?? 'not run'),
    target: '≥ 0.95 and ≤ 5 ms',
    pass: million ? best !== undefined && best.latency.p50 <= 5 : null,
  });
  return checks;
}

/** The smallest search beam whose recall meets the target. */
export function cheapestMeeting(scale: ScaleResult, recall: number) {
  return scale.search.find((s) => s.recallAt10 >= recall);
}

function scaleLabel(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n);
}

export function markdownReport(r: BenchResults): string {
  const env = r.environment;
  const lines: string[] = [];
  lines.push('# Benchmark results', '');
  lines.push(
    `\`npm run bench\` on ${String(env.date)}, commit ${String(env.commit)}: ${String(env.cpus)} × ${String(env.cpuModel)}, ` +
      `${formatBytes(Number(env.memoryBytes))} RAM, Node ${String(env.node)}, load average ${String(env.loadAverageBefore)} before and ` +
      `${String(env.loadAverageAfter)} after. Client and server share the machine (and its 2 cores) with whatever else ran; ` +
      `treat the figures as one run on a shared box, not a controlled measurement.`,
    '',
  );

  lines.push('## Targets', '', '| Measurement | Result | Target | Status |', '|---|---|---|---|');
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.value} | ${t.target} | ${status(t.pass)} |`);
  lines.push('');

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
  lines.push(`| Server start to ready, ${r.serverStart.readyMs.length} starts | ${r.serverStart.readyMs.map(formatMs).join(', ')} (server's own log: ${r.serverStart.selfReportedS ?? '?'} s) |`);
  lines.push(`| Server peak resident memory (VmHWM, end of HTTP runs) | ${formatBytes(h.serverPeakRssBytes)} |`);
  const row = (name: string, l: LoadResult | null, fallback = 'not available') =>
    lines.push(`| ${name} | ${l ? `${latencies(l)} · ${rps(l.rps)} · ${l.responses} responses${l.serverCpuMsPerRequest === null ? '' : ` · server CPU ${formatMs(l.serverCpuMsPerRequest)}/request`}${l.non2xx + l.errors > 0 ? ` · ${l.non2xx} non-2xx, ${l.errors} errors` : ''}` : fallback} |`);
  row('/api/health, concurrency 1, idle server (the HTTP floor)', h.healthIdle);
  row('/api/search, new questions, concurrency 1', h.searchC1);
  row('/api/search, new questions, concurrency 8', h.searchC8);
  row('/api/search, one repeated question, concurrency 1', h.searchRepeated);
  row('/api/ask, new questions, concurrency 1', h.askC1, h.askStatus);
  row('/api/ask, new questions, concurrency 8', h.askC8, h.askStatus);
  row('/api/health, concurrency 1, during /api/search at concurrency 8', h.healthUnderLoad.health);
  row('/api/search at concurrency 8, during the health run', h.healthUnderLoad.search);
  lines.push('');

  lines.push(...breakdownTable(r));

  if (r.scale.length > 0 || r.scaleSkipped.length > 0) {
    const first = r.scale[0]?.options;
    lines.push('## HNSW at scale (synthetic, 192 dimensions, k = 10)', '');
    if (first) {
      lines.push(
        `hnswlib-node, cosine, M ${first.m}, efConstruction ${first.efConstruction}. Vectors: the corpus's ${r.scale[0]!.centres} paragraph and sentence ` +
          `vectors as cluster centres plus Gaussian noise of norm ${first.noiseNorm}, re-normalised; ${first.queries} held-out queries made the same way; ` +
          `recall against exact brute force. "ef ${STORE_EF_SEARCH}" is the store's search beam; "ef for 0.95" is the smallest tried that reaches recall 0.95.`,
        '',
      );
    }
    lines.push(
      '| Vectors | Build | Inserts/s | RSS per vector (layout) | ef 100: p50 · p95 · recall@10 | ef for 0.95: p50 · recall@10 | NN cosine (median) |',
      '|---|---|---|---|---|---|---|',
    );
    for (const s of r.scale) {
      const store = s.search.find((p) => p.ef === STORE_EF_SEARCH);
      const best = cheapestMeeting(s, 0.95);
      lines.push(
        `| ${scaleLabel(s.options.n)} | ${formatMs(s.buildMs)} | ${s.insertsPerSecond.toFixed(0)} | ${formatBytes(s.rssBytesPerVector)} (${s.layoutBytesPerVector} B) | ` +
          `${store ? `${formatMs(store.latency.p50)} · ${formatMs(store.latency.p95)} · ${store.recallAt10.toFixed(3)}` : 'n/a'} | ` +
          `${best ? `ef ${best.ef}: ${formatMs(best.latency.p50)} · ${best.recallAt10.toFixed(3)}` : 'not reached'} | ${s.nearestNeighbourCosineMedian.toFixed(2)} |`,
      );
    }
    for (const s of r.scaleSkipped) lines.push(`| ${scaleLabel(s.n)} | skipped: ${s.reason} | | | | | |`);
    lines.push('');
  }
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
  return lines;
}
