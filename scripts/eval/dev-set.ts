import fs from 'node:fs';
import { z } from 'zod';
import type { Paragraph } from '../../src/parse/types.js';

const GoldSchema = z.object({ year: z.number().int(), paragraph: z.number().int() });

const QuestionSchema = z.object({
  id: z.string(),
  kind: z.enum(['factoid', 'topic-year', 'topic-across-years', 'paraphrase', 'acronym', 'unanswerable', 'follow-up']),
  question: z.string().min(1),
  /** The meeting year the question names (explicitly or through a session or round), or null. */
  year: z.number().int().nullable(),
  /** Relevant paragraphs, most relevant first; empty for unanswerable questions. */
  gold: z.array(GoldSchema),
  /** Words a correct answer must contain. */
  fact: z.string().optional(),
  history: z.array(z.object({ question: z.string() })).optional(),
});

export type DevQuestion = z.infer<typeof QuestionSchema>;
export type QuestionKind = DevQuestion['kind'];

/** A dev question with its gold paragraphs resolved to ids of the index. */
export interface EvalQuestion extends DevQuestion {
  goldIds: string[];
}

/** Reads the dev set and maps each gold `{year, paragraph}` to a paragraph id; a gold paragraph the corpus lacks is an error. */
export function loadDevSet(file: string, paragraphs: Paragraph[]): EvalQuestion[] {
  return withGoldIds(file, z.array(QuestionSchema).parse(JSON.parse(fs.readFileSync(file, 'utf8'))), paragraphs);
}

/**
 * Each question of a set with its gold `{year, paragraph}` as paragraph ids; a gold paragraph the corpus lacks is
 * an error naming the file and the question.
 */
export function withGoldIds<Q extends { id: string; gold: Array<{ year: number; paragraph: number }> }>(file: string, questions: Q[], paragraphs: Paragraph[]): Array<Q & { goldIds: string[] }> {
  const idByYearAndNumber = new Map(paragraphs.map((p) => [`${p.year}/${p.paragraph}`, p.id]));
  return questions.map((q) => ({
    ...q,
    goldIds: q.gold.map((g) => {
      const id = idByYearAndNumber.get(`${g.year}/${g.paragraph}`);
      if (id === undefined) throw new Error(`${file}: question ${q.id} cites paragraph ${g.paragraph} of ${g.year}, which the corpus lacks`);
      return id;
    }),
  }));
}
