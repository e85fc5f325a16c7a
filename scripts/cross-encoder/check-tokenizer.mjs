// Checks that wptok.py gives the same pair encodings as transformers.js.
// Usage: node scripts/cross-encoder/check-tokenizer.mjs /tmp/ce/tok-check.json  (written by check_tokenizer.py)
import { readFileSync } from 'node:fs';
import { AutoTokenizer, env } from '@xenova/transformers';

env.localModelPath = process.env.MODELS_DIR ?? 'models';
env.allowRemoteModels = false;
const tokenizer = await AutoTokenizer.from_pretrained('offline/minilm-wordnet-embed');
const cases = JSON.parse(readFileSync(process.argv[2] ?? '/tmp/ce/tok-check.json', 'utf8'));
let bad = 0;
for (const c of cases) {
  const enc = tokenizer([c.a], { text_pair: [c.b], padding: true, truncation: true });
  const ids = Array.from(enc.input_ids.data, Number);
  const types = Array.from(enc.token_type_ids.data, Number);
  if (JSON.stringify(ids) !== JSON.stringify(c.ids) || JSON.stringify(types) !== JSON.stringify(c.types)) {
    bad++;
    if (bad <= 3) console.log('MISMATCH', c.a.slice(0, 60), '|', c.b.slice(0, 60), ids.length, c.ids.length);
  }
}
console.log(`${cases.length - bad}/${cases.length} pair encodings identical`);
process.exit(bad ? 1 : 0);
