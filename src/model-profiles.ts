import { answerSettingsFor, hasMeasuredAnswerSettings } from './answer/answer-settings.js';
import type { LoadedEmbedder } from './embed/load-embedder.js';
import { describeOrigin } from './embed/model-source.js';
import { embeddingProfile, hasEmbeddingProfile } from './embed/model-profiles.js';
import { hasMeasuredRetrievalSettings, retrievalSettingsFor } from './retrieve/retrieval-settings.js';

/**
 * Each stage keeps its own per-model settings beside it (embed: prefixes and pooling; retrieve: fusion and
 * reranking; answer: sentence weights and the abstention threshold). This module sits above them to say, in one
 * line an operator can act on, which of them a model lacks and what it gets instead.
 *
 * @example
 * const warning = unprofiledModelWarning('someone/new-model');
 * if (warning) console.warn(warning);
 */
export function unprofiledModelWarning(modelId: string): string | undefined {
  const missing: string[] = [];
  if (!hasEmbeddingProfile(modelId)) {
    const { pooling, queryPrefix, passagePrefix } = embeddingProfile(modelId);
    missing.push(`${pooling} pooling, query prefix ${JSON.stringify(queryPrefix)}, passage prefix ${JSON.stringify(passagePrefix)}`);
  }
  if (!hasMeasuredRetrievalSettings(modelId)) {
    const { rrfK, denseWeight, lexicalWeight } = retrievalSettingsFor(modelId);
    missing.push(`fusion k ${rrfK} with dense weight ${denseWeight} and lexical weight ${lexicalWeight}`);
  }
  if (!hasMeasuredAnswerSettings(modelId)) missing.push(`abstention below ${answerSettingsFor(modelId).abstainBelow}`);
  if (missing.length === 0) return undefined;
  return (
    `warning: no measured profile for the embedding model ${modelId}; using the defaults (${missing.join('; ')}). ` +
    'Answers may be weaker; README "Adding a model profile" says how to measure and add one.'
  );
}

/**
 * Says which embedding model serves, where it came from and how long it took, and warns when it has no measured
 * profile: the same lines from the server and every command.
 * @example
 * announceModel(await loadEmbedder(config.models, reporter), startedAt, reporter);
 */
export function announceModel({ embedder, source }: LoadedEmbedder, startedAt: number, reporter: { info(line: string): void; warn(line: string): void }): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  reporter.info(`Loaded ${embedder.modelId} (${embedder.dimensions} dimensions), ${describeOrigin(source)}, in ${seconds} s`);
  const warning = unprofiledModelWarning(embedder.modelId);
  if (warning !== undefined) reporter.warn(warning);
}
