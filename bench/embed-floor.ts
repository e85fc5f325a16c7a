import type { Embedder } from '../src/embed/types.js';
import { analyseQuery } from '../src/retrieve/query-analysis.js';
import { nowMs, summarise, type LatencySummary } from './stats.js';
import { SessionCalendar } from '../src/retrieve/session-calendar.js';

/** Bench questions are read as for the CND corpus: unnamed sessions on the Commission's calendar. */
const TEST_SESSIONS = SessionCalendar.forDocuments([{ body: 'Commission on Narcotic Drugs' }]);

/**
 * The floor every other figure is compared with: the model alone, called in-process, with no HTTP, retrieval
 * or cache. Query latency is one text per call; throughput is batches of the embedder's size (16).
 */
export interface EmbedFloorResult {
  shortQuestion: string;
  /** One short question, embedded `runs` times after warm-up. */
  shortQuery: LatencySummary;
  /** The HTTP bench's questions as the retriever embeds them (year words removed): the floor of `/api/search`. */
  benchQueries: LatencySummary;
  paragraphs: ThroughputResult;
  sentences: ThroughputResult;
}

export interface ThroughputResult {
  texts: number;
  batchSize: number;
  /** Median over the passes. */
  ms: number;
  perSecond: number;
  passes: number[];
}

const SHORT_QUESTION = 'What is alternative development?';
const WARM_UP = 20;

async function queryLatency(embedder: Embedder, texts: string[], runs: number): Promise<LatencySummary> {
  for (let i = 0; i < WARM_UP; i++) await embedder.embedQuery(texts[i % texts.length]!);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const text = texts[i % texts.length]!;
    const start = nowMs();
    await embedder.embedQuery(text);
    samples.push(nowMs() - start);
  }
  return summarise(samples);
}

/** Median of `passes` full passes over `texts`, after one warm-up batch. */
export async function passageThroughput(embedder: Embedder, texts: string[], batchSize: number, passes: number): Promise<ThroughputResult> {
  await embedder.embedPassages(texts.slice(0, batchSize));
  const times: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const start = nowMs();
    await embedder.embedPassages(texts);
    times.push(nowMs() - start);
  }
  const ms = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  return { texts: texts.length, batchSize, ms, perSecond: (texts.length / ms) * 1000, passes: times };
}

export async function measureEmbedFloor(options: {
  embedder: Embedder;
  batchSize: number;
  paragraphTexts: string[];
  sentenceTexts: string[];
  benchQuestions: string[];
  runs?: number;
  passes?: number;
}): Promise<EmbedFloorResult> {
  const { embedder, batchSize, paragraphTexts, sentenceTexts, benchQuestions } = options;
  const runs = options.runs ?? 200;
  const passes = options.passes ?? 3;
  return {
    shortQuestion: SHORT_QUESTION,
    shortQuery: await queryLatency(embedder, [SHORT_QUESTION], runs),
    benchQueries: await queryLatency(embedder, benchQuestions.map((q) => analyseQuery(q, TEST_SESSIONS).topicText), runs),
    paragraphs: await passageThroughput(embedder, paragraphTexts, batchSize, passes),
    sentences: await passageThroughput(embedder, sentenceTexts, batchSize, passes),
  };
}
