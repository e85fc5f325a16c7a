import { loadConfig } from '../config.js';
import { loadEmbedder } from '../embed/load-embedder.js';
import { indexCorpus, loadCorpusReportingErrors } from '../indexing.js';
import { createConsoleReporter } from './console-reporter.js';
import { announceModel } from '../model-profiles.js';
import { runMain } from './run-main.js';

/** `npm run index`: rebuilds the index from the corpus, whether or not the current one is up to date. */
runMain(async () => {
  const config = loadConfig();
  const reporter = createConsoleReporter();
  const corpus = loadCorpusReportingErrors(config.corpusDir, reporter);
  const startedAt = performance.now();
  const loaded = await loadEmbedder(config.models, reporter);
  announceModel(loaded, startedAt, reporter);
  await indexCorpus(config.indexDir, corpus, loaded.embedder, reporter);
  // The readable files are indexed, but a script running this must still learn that some were left out.
  if (corpus.errors.length > 0) process.exitCode = 1;
});
