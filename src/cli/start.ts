import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import type { Config } from '../config.js';
import { WorkerPipeline } from '../serve/worker-pipeline.js';
import type { ParagraphStore } from '../store/types.js';
import { runMain } from './run-main.js';

/** Resolves once the server listens; rejects with a readable reason (port taken, host unknown) if it cannot. */
function listen(server: ServerType, config: Config): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot listen on ${config.host}:${config.port} (${error.code ?? error.message}); set HOST or PORT to change it.`));
    server.once('error', onError);
    server.listen(config.port, config.host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function urlOf(address: AddressInfo): string {
  const anyInterface = address.address === '0.0.0.0' || address.address === '::';
  const host = anyInterface ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * On SIGTERM or SIGINT: stop accepting connections, let requests in flight finish, clean up, then exit 0.
 * A second signal exits at once, for when something hangs.
 */
function closeOnSignals(server: ServerType, cleanup: () => Promise<void>): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      console.error(`${signal} again: exiting without waiting for requests in flight.`);
      process.exit(1);
    }
    closing = true;
    console.log(`${signal}: no longer accepting connections; finishing requests in flight.`);
    server.close((error) => {
      if (error) console.error(`Error while closing the server: ${error.message}`);
      void cleanup().finally(() => process.exit(error ? 1 : 0));
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** The folder of the current index, first (re)building it if it is missing, stale or unusable. */
async function currentIndex(config: Config): Promise<string> {
  const [{ hashCorpus }, { readIndexStatus, resolveCurrentIndex }] = await Promise.all([import('../parse/corpus-files.js'), import('../store/build-index.js')]);
  const status = readIndexStatus(config.indexDir, { modelId: config.embedModel, corpusHash: hashCorpus(config.corpusDir) });
  if (status.state === 'fresh') {
    console.log(`Index is up to date: ${status.reason}.`);
  } else {
    // Some reasons are whole sentences already (an unusable file says how to rebuild): no second full stop.
    console.log(`Index is ${status.state}: ${status.reason.replace(/\.$/, '')}. Building it now.`);
    // Only a build needs the parser and a model on this thread: a start with a fresh index loads neither.
    const [{ indexCorpus, loadCorpusReportingErrors }, { loadEmbedder }] = await Promise.all([import('./index-corpus.js'), import('./load-embedder.js')]);
    // The model's files are read while the corpus is parsed.
    const loadingEmbedder = loadEmbedder(config);
    const corpus = loadCorpusReportingErrors(config.corpusDir);
    await indexCorpus(config, corpus, await loadingEmbedder);
  }
  const indexDir = resolveCurrentIndex(config.indexDir);
  if (indexDir === null) throw new Error(`No index in ${config.indexDir} after building it`);
  return indexDir;
}

runMain(async () => {
  // First, so that the worker loads its modules and the model on the other core while this thread loads its own.
  const pipeline = WorkerPipeline.start();
  const { loadConfig } = await import('../config.js');
  const config = loadConfig();
  pipeline.loadModel({ embedModel: config.embedModel, modelsDir: config.modelsDir, modelsCacheDir: config.modelsCacheDir });
  const [{ createAdaptorServer }, { createApp, createLoadingApp }, { answerClientErrorsAsJson }, { openStore }] = await Promise.all([
    import('@hono/node-server'),
    import('../serve/app.js'),
    import('../serve/client-errors.js'),
    import('../store/sqlite-hnsw-store.js'),
  ]);
  // Listen before loading, so health checks and early visitors get "loading" instead of a refused connection.
  let app = createLoadingApp(config.serve);
  const server = createAdaptorServer({ fetch: (request, bindings) => app.fetch(request, bindings) });
  answerClientErrorsAsJson(server);
  const url = urlOf(await listen(server, config));
  console.log(`Listening on ${url}; loading the index.`);

  // Set once serving: a signal during start-up has nothing in flight to wait for, and exiting ends the worker.
  let serving: { pipeline: WorkerPipeline; store: ParagraphStore } | undefined;
  closeOnSignals(server, async () => {
    if (serving === undefined) return;
    await serving.pipeline.close();
    serving.store.close();
  });
  const indexDir = await currentIndex(config);
  // This thread's store serves what needs no model (statistics, paragraphs); the worker opens its own to search.
  const store = openStore(indexDir, { vectors: false });
  const { modelId } = await pipeline.open(indexDir, config.inferenceQueue, config.thesaurusFile);
  serving = { pipeline, store };
  app = createApp({ retriever: pipeline, answerer: pipeline, store, modelId }, config.serve);
  // performance.now() counts from process start, so this includes compiling and loading modules.
  console.log(`Ready: ${url} (started in ${(performance.now() / 1000).toFixed(1)} s)`);
});
