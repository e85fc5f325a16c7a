import { loadConfig } from '../config.js';
import { loadEmbedder } from '../embed/load-embedder.js';
import { updateIndex } from '../indexing.js';
import { DomainThesaurus } from '../retrieve/domain-thesaurus.js';
import { QueryExpander } from '../retrieve/query-expansion.js';
import { openBackend } from '../store/backend.js';
import { createConsoleReporter } from './console-reporter.js';
import { announceModel } from '../model-profiles.js';
import { runMain } from './run-main.js';

/**
 * `npm run index [-- --full]`: brings the index up to date with the corpus, parsing only the files that changed
 * and embedding only new text; `--full` parses and embeds everything again.
 */
runMain(async () => {
  const config = loadConfig();
  const reporter = createConsoleReporter();
  const unknown = process.argv.slice(2).filter((arg) => arg !== '--full');
  if (unknown.length > 0) throw new Error(`Unknown argument ${unknown[0]}; usage: npm run index [-- --full]`);
  const startedAt = performance.now();
  const loaded = await loadEmbedder(config.models, reporter);
  announceModel(loaded, startedAt, reporter);
  const backend = await openBackend(config.store);
  try {
    const result = await updateIndex({
      corpusDir: config.corpusDir,
      backend,
      embedder: loaded.embedder,
      reporter,
      full: process.argv.includes('--full'),
      ...QueryExpander.phrasesForBuild(DomainThesaurus.configured(config.thesaurusFile)),
    });
    // The readable files are indexed, but a script running this must still learn that some were left out.
    if (result.errors.length > 0) process.exitCode = 1;
  } finally {
    await backend.close();
  }
});
