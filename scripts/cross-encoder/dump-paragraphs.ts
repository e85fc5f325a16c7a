// Writes the corpus paragraphs, parsed by the project's own parser, as JSON lines for train.py.
// Usage: npx tsx scripts/cross-encoder/dump-paragraphs.ts [corpusDir] [out.jsonl]
import { writeFileSync } from 'node:fs';
import { loadCorpus } from '../../src/parse/corpus.js';
import { passageText } from '../../src/parse/passage-text.js';

const corpusDir = process.argv[2] ?? 'corpus';
const out = process.argv[3] ?? '/tmp/ce/paragraphs.jsonl';
const corpus = await loadCorpus(corpusDir);
for (const e of corpus.errors) console.error(`${e.file}:${e.line ?? ''} ${e.message}`);
const rows = corpus.documents.flatMap((d) =>
  d.paragraphs.map((p) => ({ id: p.id, chapter: p.chapter, section: p.section, topic: p.topic, text: p.text, passage: passageText(p) })),
);
writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
console.log(`${rows.length} paragraphs from ${corpus.documents.length} documents -> ${out}`);
