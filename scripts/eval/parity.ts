import type { Embedder } from '../../src/embed/types.js';
import { openBackend, type DatabaseSettings } from '../../src/store/backend.js';
import { DomainThesaurus } from '../../src/retrieve/domain-thesaurus.js';
import { QueryExpander } from '../../src/retrieve/query-expansion.js';
import { buildIndex } from '../../src/store/build-index.js';
import type { ParagraphStore } from '../../src/store/types.js';
import type { AnswerReport, RetrievalReport } from './report.js';
import type { ReplySetReport } from './reply-set.js';

/**
 * The same evaluation over the same build in both backends: PostgreSQL must give the embedded store's figures,
 * within PARITY_TOLERANCE, on every set the evaluation scores.
 */

/** Largest difference accepted between the backends for any rate (recall, MRR, nDCG, fact, abstention, status). */
export const PARITY_TOLERANCE = 0.01;

/** The schema the evaluation's copy of the index lives in, beside (never in place of) the one a server uses. */
const EVALUATION_NAMESPACE_SUFFIX = '_eval';

/** What evaluateStore in scripts/eval.ts gives for one store. */
export interface StoreFigures {
  retrieval: RetrievalReport[];
  answer: AnswerReport;
  unseen: Array<{ key: string; retrieval: RetrievalReport[]; answer: AnswerReport }>;
  replies: Array<{ key: string } & ReplySetReport>;
}

export interface ParityRow {
  figure: string;
  embedded: number;
  postgres: number;
  difference: number;
}

export interface ParityReport {
  /** Every compared figure within the tolerance. */
  met: boolean;
  tolerance: number;
  compared: number;
  maxDifference: number;
  rows: ParityRow[];
}

/**
 * The embedded build, published to the configured database under its own schema with every vector reused (nothing
 * is embedded again), and opened there. A database that already holds this build's content is used as it is.
 */
export async function publishedToDatabase(database: DatabaseSettings, embeddedIndexDir: string, embedded: ParagraphStore, embedder: Embedder): Promise<ParagraphStore> {
  const backend = await openBackend({ indexDir: embeddedIndexDir, database: { ...database, namespace: `${database.namespace}${EVALUATION_NAMESPACE_SUFFIX}` } });
  const current = await backend.currentVersion();
  const manifest = current === null ? null : await backend.readManifest(current);
  const same = manifest !== null && manifest.corpusHash === embedded.manifest.corpusHash && manifest.modelId === embedded.manifest.modelId && manifest.formatVersion === embedded.manifest.formatVersion;
  if (!same) {
    const reuse = await (await openBackend({ indexDir: embeddedIndexDir })).openReusable(embedded.version);
    try {
      console.log(`Publishing the evaluation index to ${backend.location} (vectors reused, nothing embedded)`);
      await buildIndex({
        backend,
        documents: embedded.manifest.documents,
        paragraphs: await embedded.paragraphs(),
        corpusHash: embedded.manifest.corpusHash,
        embedder,
        reuse,
        ...QueryExpander.phrasesForBuild(DomainThesaurus.shipped()),
      });
    } finally {
      await reuse.close();
    }
  }
  const store = await backend.open((await backend.currentVersion())!);
  // The backend's pool stays open as long as the store is used: both end with the evaluation's process.
  return store;
}

/** Every rate of one store's figures, named by set and configuration. */
function rates(figures: StoreFigures): Map<string, number> {
  const named = new Map<string, number>();
  const retrievalRates = (set: string, reports: RetrievalReport[]) => {
    for (const r of reports) {
      for (const key of ['recallAt1', 'recallAt5', 'recallAt10', 'mrrAt10', 'ndcgAt10'] as const) named.set(`${set} ${r.name} ${key}`, r[key]);
    }
  };
  const answerRates = (set: string, a: AnswerReport) => {
    for (const key of ['factInAnswerRate', 'abstentionPrecision', 'abstentionRecall', 'falseAbstentionRate'] as const) named.set(`${set} answers ${key}`, a[key]);
  };
  retrievalRates('dev', figures.retrieval);
  answerRates('dev', figures.answer);
  for (const set of figures.unseen) {
    retrievalRates(set.key, set.retrieval);
    answerRates(set.key, set.answer);
  }
  for (const set of figures.replies) {
    for (const kind of [set.overall, ...set.byKind]) {
      named.set(`${set.key} ${kind.kind} recallAt5`, kind.recallAt5);
      named.set(`${set.key} ${kind.kind} factInAnswer`, kind.factInAnswer);
      named.set(`${set.key} ${kind.kind} statusAccuracy`, kind.statusAccuracy);
    }
  }
  return named;
}

/**
 * Evaluates the database's copy as the embedded store was, and compares every rate.
 * @example
 * const parity = await checkParity(embeddedFigures, await publishedToDatabase(config.store, store, embedder), evaluateStore);
 */
export async function checkParity(reference: StoreFigures, database: ParagraphStore, evaluate: (store: ParagraphStore) => Promise<StoreFigures>): Promise<ParityReport> {
  const figures = await evaluate(database);
  await database.close();
  const embedded = rates(reference);
  const postgres = rates(figures);
  const rows: ParityRow[] = [...embedded].map(([figure, value]) => {
    const other = postgres.get(figure) ?? Number.NaN;
    // NaN (a set with no question of a kind) on both sides is the same figure.
    const difference = Number.isNaN(value) && Number.isNaN(other) ? 0 : Math.abs(value - other);
    return { figure, embedded: value, postgres: other, difference };
  });
  const maxDifference = Math.max(0, ...rows.map((r) => (Number.isNaN(r.difference) ? Infinity : r.difference)));
  return { met: maxDifference <= PARITY_TOLERANCE, tolerance: PARITY_TOLERANCE, compared: rows.length, maxDifference, rows };
}

const fixed = (value: number) => (Number.isNaN(value) ? 'n/a' : value.toFixed(3));

/** The headline figures side by side, then every figure that differs at all. */
export function formatParity(parity: ParityReport): string {
  const headline = parity.rows.filter((r) => / hybrid\+rerank (recallAt5|mrrAt10)$| answers (factInAnswerRate|abstentionPrecision)$| all (recallAt5|factInAnswer|statusAccuracy)$/.test(r.figure));
  const differing = parity.rows.filter((r) => r.difference > 0 && !headline.includes(r));
  const width = Math.max(...parity.rows.map((r) => r.figure.length));
  const line = (r: ParityRow) => `${r.figure.padEnd(width)}  ${fixed(r.embedded).padStart(8)}  ${fixed(r.postgres).padStart(8)}  ${fixed(r.difference).padStart(6)}`;
  return [
    `Parity, embedded store against PostgreSQL: ${parity.compared} figures, largest difference ${fixed(parity.maxDifference)} ` +
      `(at most ${parity.tolerance}: ${parity.met ? 'met' : 'NOT met'}).`,
    `${'figure'.padEnd(width)}  ${'embedded'.padStart(8)}  ${'postgres'.padStart(8)}  ${'diff'.padStart(6)}`,
    ...headline.map(line),
    ...(differing.length === 0 ? ['Every other figure is identical.'] : ['Figures that differ:', ...differing.map(line)]),
  ].join('\n');
}
