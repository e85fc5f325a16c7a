// Runs the embedding model's ONNX file on the inputs written by check_encoder.py and reports the largest
// difference from the PyTorch encoder's last_hidden_state.
import { readFileSync } from 'node:fs';
import { AutoModel, Tensor, env } from '@xenova/transformers';

env.localModelPath = process.env.MODELS_DIR ?? 'models';
env.allowRemoteModels = false;
const model = await AutoModel.from_pretrained('offline/minilm-wordnet-embed', { quantized: false });
const cases = JSON.parse(readFileSync(`${process.env.WORK ?? '/tmp/ce'}/encoder-check.json`, 'utf8'));
const t = (a) => new Tensor('int64', BigInt64Array.from(a.map(BigInt)), [1, a.length]);
let worst = 0;
for (const c of cases) {
  const { last_hidden_state } = await model({ input_ids: t(c.ids), attention_mask: t(c.ids.map(() => 1)), token_type_ids: t(c.types) });
  let diff = 0;
  last_hidden_state.data.forEach((v, i) => { diff = Math.max(diff, Math.abs(v - c.hidden[i])); });
  console.log(`tokens ${c.ids.length}: max |onnx - torch| = ${diff.toExponential(2)}`);
  worst = Math.max(worst, diff);
}
console.log(`worst ${worst.toExponential(2)}`);
process.exit(worst < 1e-3 ? 0 : 1);
