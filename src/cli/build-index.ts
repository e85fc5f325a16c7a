import { loadConfig } from '../config.js';
import { indexCorpus, loadCorpusReportingErrors } from './index-corpus.js';
import { loadEmbedder } from './load-embedder.js';
import { runMain } from './run-main.js';

/** `npm run index`: rebuilds the index from the corpus, whether or not the current one is up to date. */
runMain(async () => {
  const config = loadConfig();
  const corpus = loadCorpusReportingErrors(config.corpusDir);
  const embedder = await loadEmbedder(config);
  await indexCorpus(config, corpus, embedder);
  // The readable files are indexed, but a script running this must still learn that some were left out.
  if (corpus.errors.length > 0) process.exitCode = 1;
});
