import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import type { Config } from '../config.js';
import { PipelinePool } from '../serve/pipeline-pool.js';
import type { FollowedBuild } from '../store/followed-build.js';
import type { ParagraphStore, StoreBackend } from '../store/types.js';
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

runMain(async () => {
  // First, so that the worker loads its modules and the model on the other core while this thread loads its own.
  const pipeline = new PipelinePool();
  const { loadConfig } = await import('../config.js');
  const config = loadConfig();
  const [{ createAdaptorServer }, { createApp, createLoadingApp }, { loadExamples }, { answerClientErrorsAsJson }, { openBackend }, { FollowedBuild }, { createConsoleReporter }] =
    await Promise.all([
      import('@hono/node-server'),
      import('../serve/app.js'),
      import('../serve/examples.js'),
      import('../serve/client-errors.js'),
      import('../store/backend.js'),
      import('../store/followed-build.js'),
      import('./console-reporter.js'),
    ]);
  // The worker loads the model (downloading it if needed) and checks or builds the index; this thread prints.
  const preparing = pipeline.prepare(
    { models: config.models, corpusDir: config.corpusDir, store: config.store, inferenceQueue: config.inferenceQueue, thesaurusFile: config.thesaurusFile, warmUp: config.warmUp },
    createConsoleReporter(),
    config.pipelineWorkers,
  );
  // Awaited once listening; a failure before then (a model that cannot be had) must wait for that, not crash here.
  preparing.catch(() => {});
  // Listen before loading, so health checks and early visitors get "loading" instead of a refused connection.
  let app = createLoadingApp(config.serve);
  // Once serving, every request first makes sure the app answers from the build current now (a cheap check at most
  // once a second; see FollowedBuild), so a rebuild made while serving is picked up without a restart.
  let refresh: () => Promise<void> = async () => {};
  const server = createAdaptorServer({
    fetch: async (request, bindings) => {
      await refresh();
      return app.fetch(request, bindings);
    },
  });
  answerClientErrorsAsJson(server);
  const url = urlOf(await listen(server, config));
  console.log(`Listening on ${url}; loading the model and the index.`);

  // Set once serving: a signal during start-up has nothing in flight to wait for, and exiting ends the worker.
  let serving: { pipeline: PipelinePool; build: FollowedBuild; backend: StoreBackend } | undefined;
  closeOnSignals(server, async () => {
    if (serving === undefined) return;
    await serving.pipeline.close();
    await serving.build.close();
    await serving.backend.close();
  });
  const { models } = await preparing;
  // This thread's store serves what needs no model (statistics, paragraphs); the worker opens its own to search.
  const backend = await openBackend(config.store);
  const build = await FollowedBuild.open(backend, { vectors: false, modelId: models.model });
  serving = { pipeline, build, backend };
  const appFor = (store: ParagraphStore) =>
    createApp(
      { retriever: pipeline, answerer: pipeline, store, models, examples: loadExamples(config.corpusDir, store.manifest.documents), checkStore: () => backend.check() },
      config.serve,
    );
  let appStore = build.latest;
  app = appFor(appStore);
  refresh = async () => {
    try {
      const store = await build.current();
      if (store === appStore) return;
      app = appFor(store);
      appStore = store;
      console.log(`Serving build ${store.version}: ${store.manifest.paragraphCount} paragraphs from ${store.manifest.documents.length} document(s).`);
    } catch (error) {
      // The build in use keeps serving: a database that cannot be reached answers 503 from the routes that need it.
      console.error(`Could not check for a new build: ${(error as Error).message}`);
    }
  };
  // performance.now() counts from process start, so this includes compiling and loading modules.
  console.log(`Ready: ${url} (started in ${(performance.now() / 1000).toFixed(1)} s)`);
});
