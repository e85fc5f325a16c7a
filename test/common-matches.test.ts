import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BM25_MIN_IDF, BM25_WEIGHTS } from '../src/store/bm25.js';
import { commonMatches } from '../src/store/common-matches.js';
import { lexicalTokens } from '../src/store/lexical-tokens.js';

describe('common matches scored in one pass', () => {
  // Paragraphs of varied lengths with the common words in all three columns, repeated, and side by side.
  const words = ['drug', 'use', 'treatment', 'prison', 'women', 'policy', 'review', 'market', 'online', 'harm'];
  const paragraphs = Array.from({ length: 1_500 }, (_, i) => {
    const text = Array.from({ length: 5 + (i % 23) }, (_, j) => words[(i * 7 + j * j) % words.length]).join(' ') + (i % 3 === 0 ? ' drug use drug use' : '');
    return [text, i % 4 === 0 ? 'Drug use' : 'Policy review', i % 5 === 0 ? 'treatment' : ''];
  });

  it('ranks and scores every kept word and phrase exactly as an FTS5 query of it alone does', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE fts USING fts5(text, topic, section, tokenize = 'porter unicode61 remove_diacritics 2')`);
    const insert = db.prepare('INSERT INTO fts (rowid, text, topic, section) VALUES (?, ?, ?, ?)');
    paragraphs.forEach((columns, label) => insert.run(label, ...columns));
    const tokens = paragraphs.map((columns) => columns.map(lexicalTokens));
    const held = (phrase: string) => tokens.filter((columns) => columns.some((column) => ` ${column.join(' ')} `.includes(` ${phrase} `))).length;
    const phrases = new Map(['drug', 'us', 'polici', 'drug us', 'polici review', 'us drug'].map((phrase) => [phrase, held(phrase)]));
    const ln = db.prepare<[number, number, number], number>('SELECT ln((? - ? + 0.5) / (? + 0.5))').pluck();
    const kept = commonMatches({
      paragraphs: tokens,
      phrases,
      rowLengths: tokens.map((columns) => columns.reduce((sum, column) => sum + column.length, 0)),
      idf: (matches) => Math.max(ln.get(paragraphs.length, matches, matches)!, 0) || BM25_MIN_IDF,
      limit: 100,
    });
    const query = db.prepare<[string], [number, number]>(`SELECT rowid, -bm25(fts, ${BM25_WEIGHTS.join(', ')}) AS score FROM fts WHERE fts MATCH ? ORDER BY score DESC, rowid LIMIT 100`).raw();
    for (const phrase of phrases.keys()) {
      const rows = query.all(`"${phrase}"`);
      expect(rows.length, phrase).toBe(100);
      expect([...kept.get(phrase)!.labels], phrase).toEqual(rows.map((row) => row[0]));
      expect([...kept.get(phrase)!.scores], phrase).toEqual(rows.map((row) => row[1]));
    }
    db.close();
  });
});
