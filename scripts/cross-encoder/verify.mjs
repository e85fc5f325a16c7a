// Loads offline/minilm-wordnet-rerank with @xenova/transformers the way src/retrieve/cross-encoder.ts does
// (local folder, no remote models, fp32), scores a relevant and an irrelevant question–paragraph pair, and
// compares the ONNX logits with the PyTorch logits that export.py wrote to reference-logits.json.
// Run from the repo root: node scripts/cross-encoder/verify.mjs
// MODELS_DIR overrides the models folder (default: ./models, the parent of offline/).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoModelForSequenceClassification, AutoTokenizer, env } from '@xenova/transformers';

const here = path.dirname(fileURLToPath(import.meta.url));
const modelsDir = process.env.MODELS_DIR ?? path.resolve(here, '../../models');
const modelId = 'offline/minilm-wordnet-rerank';
const BATCH_SIZE = 16;

env.localModelPath = modelsDir;
env.allowLocalModels = true;
env.allowRemoteModels = false;
const tokenizer = await AutoTokenizer.from_pretrained(modelId);
const model = await AutoModelForSequenceClassification.from_pretrained(modelId, { quantized: false });

/** Same calls as createCrossEncoderReranker's score(): one question, a batch of paragraphs as text_pair. */
async function score(question, passages) {
  const scores = [];
  for (let start = 0; start < passages.length; start += BATCH_SIZE) {
    const batch = passages.slice(start, start + BATCH_SIZE);
    const inputs = tokenizer(new Array(batch.length).fill(question), { text_pair: batch, padding: true, truncation: true });
    if (!inputs.token_type_ids) throw new Error('tokenizer returned no token_type_ids');
    const { logits } = await model(inputs);
    const [rows, labels] = logits.dims;
    if (rows !== batch.length || labels !== 1) throw new Error(`logits of shape [${logits.dims.join(', ')}], expected [${batch.length}, 1]`);
    scores.push(...Array.from(logits.data));
  }
  return scores;
}

const reference = JSON.parse(readFileSync(path.join(here, 'reference-logits.json'), 'utf8'));

console.log(`model ${modelsDir}/${modelId}`);
const relevant = reference.find((r) => r.label === 'relevant');
const irrelevant = reference.find((r) => r.label === 'irrelevant');
const [rel, irr] = await score(relevant.question, [relevant.passage, irrelevant.passage]);
console.log(`question: ${relevant.question}`);
console.log(`  relevant   ${rel.toFixed(4)}  ${relevant.passage.slice(0, 90).replace(/\n/g, ' | ')}...`);
console.log(`  irrelevant ${irr.toFixed(4)}  ${irrelevant.passage.slice(0, 90).replace(/\n/g, ' | ')}...`);
console.log(`  relevant scored ${rel > irr ? 'higher' : 'NOT higher'} than irrelevant`);

let worst = 0;
console.log('ONNX (transformers.js tokenizer) vs PyTorch (wptok.py) logits:');
for (const r of reference) {
  const [onnx] = await score(r.question, [r.passage]);
  const diff = Math.abs(onnx - r.torch_logit);
  worst = Math.max(worst, diff);
  console.log(`  ${String(r.tokens).padStart(4)} tokens  onnx ${onnx.toFixed(5)}  torch ${r.torch_logit.toFixed(5)}  |diff| ${diff.toExponential(2)}  ${r.question}`);
}
// The same pairs batched together (padding to the longest) must give the same logits.
const batched = await Promise.all(reference.map((r) => score(r.question, [r.passage, irrelevant.passage]).then((s) => s[0])));
const batchDiff = Math.max(...batched.map((s, i) => Math.abs(s - reference[i].torch_logit)));
console.log(`max |onnx - torch| = ${worst.toExponential(2)} (single), ${batchDiff.toExponential(2)} (in padded batches of 2)`);

const t0 = performance.now();
const many = Array.from({ length: 30 }, (_, i) => reference[i % reference.length].passage);
await score(relevant.question, many);
console.log(`30 candidates scored in ${(performance.now() - t0).toFixed(0)} ms`);
process.exit(worst < 1e-3 && batchDiff < 1e-3 && rel > irr ? 0 : 1);
