import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { modelRequest } from '../embed/load-embedder.js';
import { CHECKSUM_FILE, describeOrigin, verifyChecksums } from '../embed/model-source.js';
import { createTransformersEmbedder } from '../embed/transformers-embedder.js';
import { createCrossEncoderReranker } from '../retrieve/cross-encoder.js';
import { createConsoleReporter } from './console-reporter.js';
import { runMain } from './run-main.js';

const USAGE = `Usage: MODELS_DIR=<folder> npm run model:fetch [-- --verify]

Downloads the embedding model (EMBED_MODEL, by default Xenova/all-MiniLM-L6-v2) and the cross-encoder
(RERANK_MODEL, when set) from the hub or MODELS_REMOTE_HOST into MODELS_DIR, in the layout the server reads,
each with a ${CHECKSUM_FILE} file. Copy the folder to a machine without network and set MODELS_DIR there.
--verify checks the models already in MODELS_DIR against their ${CHECKSUM_FILE} instead.`;

/**
 * `npm run model:fetch`: prepares a models folder for an air-gapped machine. Each model downloads into a staging
 * folder, must load (and, for the embedder, embed a probe text) before it is checksummed and moved into place, so
 * the folder never holds a model that does not work.
 */
runMain(async () => {
  let options;
  try {
    options = parseArgs({ options: { verify: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const modelsDir = config.models.modelsDir;
  if (modelsDir === undefined) throw new Error(`MODELS_DIR is not set: it names the folder to fill.\n${USAGE}`);
  const models = [config.models.embedModel, ...(config.models.rerankModel === undefined ? [] : [config.models.rerankModel])];

  if (options.verify) {
    let damaged = 0;
    for (const modelId of models) {
      const folder = path.join(modelsDir, modelId);
      const mismatch = fs.existsSync(path.join(folder, CHECKSUM_FILE)) ? verifyChecksums(folder) : undefined;
      if (mismatch === null) {
        console.log(`${modelId}: every file matches ${CHECKSUM_FILE}`);
        continue;
      }
      damaged += 1;
      console.error(`${folder}: ${mismatch === undefined ? `has no ${CHECKSUM_FILE}` : `${mismatch} does not match ${CHECKSUM_FILE}`}`);
    }
    if (damaged > 0) process.exitCode = 1;
    return;
  }

  const reporter = createConsoleReporter();
  // MODELS_DIR plays the download cache here: the server later reads the same `<id>/` folders from it.
  const settings = { ...config.models, modelsDir: undefined, cacheDir: modelsDir };
  const sources = [
    (await createTransformersEmbedder({ ...modelRequest(settings, config.models.embedModel, 'embedding model'), onDownloadProgress: reporter.download })).source,
  ];
  if (config.models.rerankModel !== undefined) {
    sources.push((await createCrossEncoderReranker({ ...modelRequest(settings, config.models.rerankModel, 'cross-encoder'), onDownloadProgress: reporter.download })).source);
  }
  for (const source of sources) {
    // A bundled model loads from the repository on every machine: MODELS_DIR needs no copy of it.
    const where = source.origin === 'bundled' ? `ships with the product (models/${source.modelId}); MODELS_DIR needs no copy of it` : describeOrigin(source);
    console.log(`${source.modelId}: ${where}`);
  }
  console.log(`Done: copy ${modelsDir} to the machine that serves and set MODELS_DIR to it there.`);
});
