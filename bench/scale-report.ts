import type { EachOnceResult } from './question-load.js';
import type { TargetCheck } from './report.js';
import type { ScaleRun, StoreScaleResults } from './store-scale.js';
import type { StoreBreakdownStage } from './store-breakdown.js';
import { formatBytes, formatMs, type LatencySummary } from './stats.js';

/** The store-at-scale part of bench/results.md, and its targets. */

/** The size the targets are set at. */
const TARGET_PARAGRAPHS = 1_000_000;
/** /api/search p50 at concurrency 1 with the embedding excluded, at a million paragraphs. */
const SEARCH_P50_TARGET_MS = 20;
/** store.denseSearch recall@10 against exact search, at a million paragraphs. */
const RECALL_TARGET = 0.95;

/**
 * @example
 * scaleLabel(100_000); // '100k'
 */
export function scaleLabel(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n);
}

/** What a backend measured at the largest size below the target it reached, for a target it could not be measured at. */
function largestBelow(results: StoreScaleResults, backend: string): ScaleRun | undefined {
  return results.runs.filter((r) => r.backend === backend && r.paragraphs < TARGET_PARAGRAPHS).at(-1);
}

/**
 * Search p50 and recall at a million paragraphs, for each backend measured. A backend that did not reach a million
 * gets its reason and the figure of its largest size; when that size already misses the target, the target is
 * reported missed (search time only grows, and recall only falls, with the corpus), saying at which size.
 * @example
 * const checks = scaleTargets(results.storeScale, ['embedded']);
 */
export function scaleTargets(results: StoreScaleResults, backends: readonly string[]): TargetCheck[] {
  const label = scaleLabel(TARGET_PARAGRAPHS);
  return backends.flatMap((backend): TargetCheck[] => {
    const run = results.runs.find((r) => r.backend === backend && r.paragraphs === TARGET_PARAGRAPHS);
    const below = run === undefined ? largestBelow(results, backend) : undefined;
    const measured = run ?? below;
    const skip = results.skipped.find((s) => s.backend === backend && s.paragraphs === TARGET_PARAGRAPHS);
    const notRun = skip ? `${label} not run: ${skip.reason}` : `${label} not run (BENCH_SCALE)`;
    const check = (name: string, figure: (r: ScaleRun) => number, format: (value: number) => string, limit: number, atMost: boolean): TargetCheck => {
      const target = `${atMost ? '≤' : '≥'} ${format(limit)}`;
      if (measured === undefined) return { name, value: notRun, target, ratio: null, pass: null };
      const value = figure(measured);
      const pass = atMost ? value <= limit : value >= limit;
      if (run !== undefined) return { name, value: format(value), target, ratio: value / limit, pass };
      const at = `${format(value)} at ${scaleLabel(measured.paragraphs)}`;
      // Only a miss carries over to a larger corpus; a pass at a smaller size says nothing about a million.
      return pass ? { name, value: `${notRun}; ${at}`, target, ratio: null, pass: null } : { name, value: `missed already at ${scaleLabel(measured.paragraphs)}: ${at}; ${notRun}`, target, ratio: value / limit, pass: false };
    };
    return [
      check(`Store ${label} (${backend}): /api/search p50 at concurrency 1, embedding excluded`, (r) => r.http.searchC1.latency.p50, formatMs, SEARCH_P50_TARGET_MS, true),
      check(`Store ${label} (${backend}): recall@10 of store.denseSearch against exact search`, (r) => r.build.recall.recall, (v) => v.toFixed(3), RECALL_TARGET, false),
    ];
  });
}

const p50p95 = (l: LatencySummary) => `${formatMs(l.p50)} · ${formatMs(l.p95)}`;
const failed = (l: EachOnceResult) =>
  l.non2xx + l.errors === 0 ? '' : ` · ${l.non2xx + l.errors} failed (${Object.entries(l.failures).map(([why, count]) => `${why} ×${count}`).join(', ')})`;
const http = (l: EachOnceResult) =>
  `${p50p95(l.latency)} · ${l.rps.toFixed(0)}/s${l.serverCpuMsPerRequest === null ? '' : ` · CPU ${formatMs(l.serverCpuMsPerRequest)}`}${failed(l)}`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;

function breakdownRows(runs: ScaleRun[], stage: 'search' | 'ask'): string[] {
  const stages = runs.map((r) => r.build.breakdown[stage]);
  const names = [...new Set(stages.flatMap((s) => Object.keys(s.calls)))].sort(
    (a, b) => (stages.at(-1)!.calls[b]?.perRequest.mean ?? 0) - (stages.at(-1)!.calls[a]?.perRequest.mean ?? 0),
  );
  const cell = (s: StoreBreakdownStage, name: string) => {
    const call = s.calls[name];
    return call === undefined ? '–' : `${formatMs(call.perRequest.mean)} (p50 ${formatMs(call.perRequest.p50)}, p95 ${formatMs(call.perRequest.p95)}; ${call.callsPerRequest.toFixed(1)} calls)`;
  };
  return [
    ...names.map((name) => `| ${stage}: ${name} | ${stages.map((s) => cell(s, name)).join(' | ')} |`),
    `| ${stage}: outside the store (the pipeline's JavaScript) | ${stages.map((s) => formatMs(s.outsideStoreMeanMs)).join(' | ')} |`,
    `| **${stage}: total, mean (p50 · p95)** | ${stages.map((s) => `**${formatMs(s.total.mean)}** (${p50p95(s.total)})`).join(' | ')} |`,
  ];
}

/**
 * @example
 * lines.push(...scaleSection(results.storeScale));
 */
export function scaleSection(results: StoreScaleResults): string[] {
  const { runs, skipped } = results;
  if (runs.length === 0 && skipped.length === 0) return [];
  const first = runs[0];
  const lines = ['## The store at scale', ''];
  if (first) {
    const c = first.shared.calibration;
    lines.push(
      `Synthetic corpora made of the real one, built and served by each backend. Each paragraph quotes 2 to 5 real sentences (each from a ` +
        `real paragraph drawn at random) under the headings of another real paragraph, in documents of ${first.shared.paragraphsPerDocument} paragraphs ` +
        `(years 2019–2023 as in the real corpus); sentences keep their real vectors, a paragraph's vector is the normalised sum of its sentences' ` +
        `plus noise of norm ${first.shared.passageNoiseNorm}, because a real passage lies at median cosine ${c.sentenceSumCosine.toFixed(2)} from the sum ` +
        `of its sentences; two random synthetic paragraphs are at median cosine ${c.syntheticPairCosine.toFixed(2)}, two real ones at ${c.realPairCosine.toFixed(2)}. ` +
        `The IndexContent is assembled as every build assembles it (assembleIndexContent) and published with \`backend.publish\`; nothing is embedded. ` +
        `Memory is the resident memory of the process that opens the store and serves the real app (createApp over assemblePipeline, on one thread, ` +
        `rate limiting off) over its baseline with the modules loaded; on disk is the build's files (embedded) or its schema's tables with indexes and ` +
        `TOAST (PostgreSQL). Recall: store.denseSearch (k 10) against exact cosine top 10 over every vector, ${first.build.recall.queries} real ` +
        `questions' vectors plus noise. HTTP: questions the server has never seen, each sent once (${results.questions.perHttpRun} per run, ` +
        `${results.questions.warmUp} more to warm up), with the embedding excluded: the server answers query vectors the real model computed beforehand.`,
      '',
    );
  }
  lines.push(
    '| Backend | Paragraphs (documents, sentences) | Content assembly | Publish | Publish rate | On disk (per paragraph) | Open | Resident over baseline: opened · served (per paragraph) | Peak RSS | Run time |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of runs) {
    const m = r.memory;
    lines.push(
      `| ${r.backend} | ${scaleLabel(r.paragraphs)} (${r.documents}, ${r.sentences}) | ${formatMs(r.shared.assembleMs)} | ${formatMs(r.build.publishMs)} | ` +
        `${r.build.paragraphsPerSecond.toFixed(0)} paragraphs/s | ${formatBytes(r.build.size.bytes)} (${kib(r.build.size.bytes / r.paragraphs)}) | ${formatMs(m.openMs)} | ` +
        `${formatBytes(m.openedBytes - m.baselineBytes)} · ${formatBytes(m.servedBytes - m.baselineBytes)} (${kib(m.bytesPerParagraph)}) | ${formatBytes(m.peakBytes)} | ${formatMs(r.wallMs)} |`,
    );
  }
  for (const s of skipped) {
    const p = s.prediction;
    lines.push(`| ${s.backend} | ${scaleLabel(s.paragraphs)} | ${p ? `predicted ${formatMs(p.assembleMs)}` : '–'} | ${p ? `predicted ${formatMs(p.publishMs)}` : '–'} | skipped: ${s.reason} | | | | | |`);
  }
  lines.push('');
  lines.push(
    '| Backend | Paragraphs | Recall@10 | denseSearch p50: k 10 · k 50 · k 50 in one year | /api/search c1: p50 · p95 · rate · server CPU | /api/search c8 | /api/ask c1 | /api/ask c8 |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const r of runs) {
    const d = r.build.recall.latency;
    const misses = r.embeddingMisses > 0 ? ` (${r.embeddingMisses} query texts lacked a vector)` : '';
    lines.push(
      `| ${r.backend} | ${scaleLabel(r.paragraphs)} | ${r.build.recall.recall.toFixed(3)} | ${formatMs(d.k.p50)} · ${formatMs(d.depth.p50)} · ${formatMs(d.depthInYear.p50)} | ` +
        `${http(r.http.searchC1)}${misses} | ${http(r.http.searchC8)} | ${http(r.http.askC1)} | ${http(r.http.askC8)} |`,
    );
  }
  lines.push('');
  for (const backend of [...new Set(runs.map((r) => r.backend))]) {
    const own = runs.filter((r) => r.backend === backend);
    lines.push(
      `Where a search and an answer spend their time over the ${backend} store, in-process, the embedding excluded: each store method's milliseconds per ` +
        `request, mean (p50, p95 over the requests; calls per request), ${own[0]!.build.breakdown.search.requests} questions searched and ` +
        `${own[0]!.build.breakdown.ask.requests} others answered, each once, over a store opened afresh.` +
        (backend === 'postgres' ? ' The dense and lexical searches run at once here, so their times overlap.' : ''),
      '',
      `| Part | ${own.map((r) => scaleLabel(r.paragraphs)).join(' | ')} |`,
      `|---|${own.map(() => '---|').join('')}`,
      ...breakdownRows(own, 'search'),
      ...breakdownRows(own, 'ask'),
      '',
    );
    for (const r of own) if (r.note) lines.push(`${backend} ${scaleLabel(r.paragraphs)}: ${r.note}`, '');
  }
  return lines;
}
