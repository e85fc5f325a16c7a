import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { loadConfig, type Config } from '../config.js';
import { hashCorpus } from '../parse/corpus-files.js';
import { assemblePipeline } from '../pipeline.js';
import { createApp, createLoadingApp } from '../serve/app.js';
import { answerClientErrorsAsJson } from '../serve/client-errors.js';
import { readIndexStatus, resolveCurrentIndex } from '../store/build-index.js';
import { openStore } from '../store/sqlite-hnsw-store.js';
import type { ParagraphStore } from '../store/types.js';
import { loadEmbedder } from './load-embedder.js';
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
 * On SIGTERM or SIGINT: stop accepting connections, let requests in flight finish, then exit 0.
 * A second signal exits at once, for when something hangs.
 */
function closeOnSignals(server: ServerType, cleanup: () => void): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      console.error(`${signal} again: exiting without waiting for requests in flight.`);
      process.exit(1);
    }
    closing = true;
    console.log(`${signal}: no longer accepting connections; finishing requests in flight.`);
    server.close((error) => {
      cleanup();
      if (error) console.error(`Error while closing the server: ${error.message}`);
      process.exit(error ? 1 : 0);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Opens the current index, first (re)building it if it is missing, stale or unusable. */
async function loadIndex(config: Config): Promise<{ store: ParagraphStore; app: OpenAPIHono }> {
  // The model loads on onnxruntime's threads while the corpus is hashed and the index checked.
  const loadingEmbedder = loadEmbedder(config);
  const status = readIndexStatus(config.indexDir, { modelId: config.embedModel, corpusHash: hashCorpus(config.corpusDir) });
  const embedder = await loadingEmbedder;
  if (status.state === 'fresh') {
    console.log(`Index is up to date: ${status.reason}.`);
  } else {
    // Some reasons are whole sentences already (an unusable file says how to rebuild): no second full stop.
    console.log(`Index is ${status.state}: ${status.reason.replace(/\.$/, '')}. Building it now.`);
    // The parser is only needed to build: a start with a fresh index does not even load it.
    const { indexCorpus, loadCorpusReportingErrors } = await import('./index-corpus.js');
    await indexCorpus(config, loadCorpusReportingErrors(config.corpusDir), embedder);
  }
  const indexDir = resolveCurrentIndex(config.indexDir);
  if (indexDir === null) throw new Error(`No index in ${config.indexDir} after building it`);
  const pipeline = assemblePipeline(openStore(indexDir), embedder, config.inferenceQueue);
  return { store: pipeline.store, app: createApp({ ...pipeline, modelId: embedder.modelId }, config.serve) };
}

runMain(async () => {
  const config = loadConfig();
  // Listen before loading, so health checks and early visitors get "loading" instead of a refused connection.
  let app = createLoadingApp(config.serve);
  const server = createAdaptorServer({ fetch: (request, bindings) => app.fetch(request, bindings) });
  answerClientErrorsAsJson(server);
  const url = urlOf(await listen(server, config));
  console.log(`Listening on ${url}; loading the index.`);

  let store: ParagraphStore | undefined;
  closeOnSignals(server, () => store?.close());
  ({ store, app } = await loadIndex(config));
  // performance.now() counts from process start, so this includes compiling and loading modules.
  console.log(`Ready: ${url} (started in ${(performance.now() / 1000).toFixed(1)} s)`);
});
