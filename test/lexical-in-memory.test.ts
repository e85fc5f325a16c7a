import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from '../src/store/backend.js';
import { fts5Token } from '../src/store/fts5-porter.js';
import type { ParagraphStore, WeightedTerm } from '../src/store/types.js';
import { testIndex } from './support/pipeline.js';

/** What SQLite's FTS5 makes of each word with the index's tokenizer, read back from a table of one word a row. */
function sqliteTokens(words: string[]): string[] {
  const db = new Database(':memory:');
  try {
    db.exec("CREATE VIRTUAL TABLE words USING fts5(word, tokenize = 'porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE tokens USING fts5vocab(words, 'instance');");
    const insert = db.prepare('INSERT INTO words (rowid, word) VALUES (?, ?)');
    db.transaction(() => words.forEach((word, i) => insert.run(i + 1, word)))();
    const byRow = new Map(db.prepare<[], { doc: number; term: string }>('SELECT doc, term FROM tokens').all().map(({ doc, term }) => [doc, term]));
    return words.map((_, i) => byRow.get(i + 1)!);
  } finally {
    db.close();
  }
}

describe('fts5Token', () => {
  it('gives the token SQLite gives, Porter quirks included', () => {
    // The stemmer package says "groznyi" for the first two and "xyi" for the next: FTS5 reads "y" otherwise.
    const words = ['groznyyed', 'Groznyying', 'xyyed', 'Traffickers', 'trafficking', 'relational', 'conditional', 'hopefulness', 'generalization', 'agreed',
      'feed', 'hopping', 'filing', 'sky', 'happy', 'cries', 'caresses', 'ponies', 'ties', 'caress', 'cats', 'controll', 'roll', 'rate', 'cease', 'aed', 'xed',
      'electricity', 'adjustment', 'adoption', 'probate', 'COVID19', 'ab', 'a', '2021', 'x'.repeat(70), 'oscillators', 'bly', 'dependence', 'allowance'];
    expect(words.map(fts5Token)).toEqual(sqliteTokens(words));
  });

  it('reads only single words of ASCII letters and digits', () => {
    expect(fts5Token('drug checking')).toBeNull();
    expect(fts5Token('drug-checking')).toBeNull();
    expect(fts5Token('según')).toBeNull();
    expect(fts5Token('')).toBeNull();
  });
});

describe('the lexical index in memory', () => {
  let searching: ParagraphStore;
  let showing: ParagraphStore;

  beforeAll(async () => {
    const backend = await openBackend({ indexDir: testIndex.indexDir });
    const version = (await backend.currentVersion())!;
    searching = await backend.open(version);
    // Opened without its vectors, a store only shows paragraphs and asks SQLite for every term.
    showing = await backend.open(version, { vectors: false });
  });

  afterAll(async () => {
    await searching?.close();
    await showing?.close();
  });

  it('scores every word and phrase of the corpus as SQLite does, to the bit', async () => {
    const paragraphs = await searching.paragraphs();
    const terms = new Set<string>();
    for (const { text } of paragraphs.slice(0, 40)) {
      const words = text.split(/\s+/).slice(0, 30);
      words.forEach((word, i) => {
        terms.add(word);
        terms.add(words.slice(i, i + 2).join(' '));
        terms.add(words.slice(i, i + 3).join(' '));
      });
    }
    for (const extra of ['NPS', 'drug-checking', 'waste water', 'traffickers', 'HIV/AIDS', 'según la', 'qwzxv', 'the the', 'drug drug']) terms.add(extra);
    for (const term of terms) {
      expect(await searching.lexicalSearch([term], 100), term).toEqual(await showing.lexicalSearch([term], 100));
    }
  });

  it('sums weighted terms under filters as SQLite does', async () => {
    const terms: WeightedTerm[] = [
      { text: 'prisons', weight: 1 },
      { text: 'health', weight: 1 },
      { text: 'alternatives to incarceration', weight: 0.7 },
      { text: 'inmates', weight: 0.5 },
    ];
    for (const filter of [{}, { year: 2020 }, { fromYear: 2021 }]) {
      expect(await searching.lexicalSearch(terms, 50, filter)).toEqual(await showing.lexicalSearch(terms, 50, filter));
    }
  });
});
