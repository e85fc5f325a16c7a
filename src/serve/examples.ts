import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DocumentInfo } from '../parse/types.js';
import type { Example } from './example-question.js';

/** `<corpus>/examples.json`: the questions a first visit is offered, chosen by whoever keeps the corpus. */
const EXAMPLES_FILE = 'examples.json';

const ExamplesFileSchema = z.object({
  description: z.string().optional(),
  examples: z
    .array(
      z.object({ use: z.string().min(1), questions: z.array(z.string().min(1).max(1000)).min(1) }) satisfies z.ZodType<Example>,
    )
    .min(1),
});


/** A corpus without an examples file is offered one question per document (up to this many), about the document itself. */
const GENERATED_EXAMPLES = 4;

/**
 * The corpus's example questions: its examples.json when there is one (validated; a broken file is an error naming
 * it), otherwise a question about each of its first documents, so another corpus never shows this one's examples.
 * @example
 * const examples = loadExamples('corpus', store.manifest.documents);
 */
export function loadExamples(corpusDir: string, documents: readonly DocumentInfo[]): Example[] {
  const file = path.join(corpusDir, EXAMPLES_FILE);
  if (!fs.existsSync(file)) return generatedExamples(documents);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: invalid JSON (${(error as Error).message})`);
  }
  const parsed = ExamplesFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'root'}: ${i.message}`).join('; ')}`);
  return parsed.data.examples;
}

/**
 * A question about each of the first documents, for a corpus that chose no examples.
 * @example
 * generatedExamples(store.manifest.documents); // [{ use: 'E/CN.7/2024/L.9', questions: ['What does “…” say?'] }]
 */
export function generatedExamples(documents: readonly DocumentInfo[]): Example[] {
  return documents.slice(0, GENERATED_EXAMPLES).map((d) => ({
    use: d.symbol ?? d.citationLabel,
    questions: [`What does ${d.title.length <= 80 ? `“${d.title}”` : d.citationLabel} say?`],
  }));
}
