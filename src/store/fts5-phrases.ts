import type Database from 'better-sqlite3';
import { BM25_MIN_IDF, fts5Bm25 } from './bm25.js';
import { fts5Token } from './fts5-porter.js';

/**
 * The lexical index of a small corpus held in memory as FTS5 itself lists it: where every token stands (row,
 * column, offset, from the `fts5vocab` instance table) and how long every row is. From it a phrase's BM25 is
 * computed as FTS5's bm25() computes it, operation for operation, with the inverse document frequencies taken
 * from SQLite's own `ln()` (JavaScript's Math.log differs from the C library's in the last bit for some values).
 * The embedded store checks it against SQLite on every word of the corpus when it opens, and uses it only if
 * every score agrees to the bit (see sqlite-hnsw-store.ts).
 */

/** One phrase's BM25 over the whole index: the labels (rowids) of the paragraphs it matches, and its score in each. */
export interface PhraseScores {
  labels: Int32Array;
  scores: Float64Array;
}


/** A token's place as one number: the row, the column (of 4 at most) and the offset (under 2^20) within it. */
const ROW_FACTOR = 2 ** 22;
const COLUMN_FACTOR = 2 ** 20;
const MAX_OFFSET = COLUMN_FACTOR;

/** The tokens unicode61 makes of an ASCII phrase, then stemmed (fts5Token); null for a phrase with other characters. */
export function asciiPhraseTokens(phrase: string): string[] | null {
  if (!/^[\x00-\x7f]*$/.test(phrase)) return null;
  return (phrase.match(/[A-Za-z0-9]+/g) ?? []).map((word) => fts5Token(word)!);
}

/**
 * BM25's idf of a phrase by the number of rows it matches, as FTS5 computes it: ln((N - n + 0.5) / (n + 0.5)), and
 * BM25_MIN_IDF where that is not positive, by SQLite's own ln() (see above).
 * @example
 * const idf = fts5Idf(db, 267);
 * idf(3); // ln(264.5 / 3.5)
 */
export function fts5Idf(db: Database.Database, rows: number): (matches: number) => number {
  const ln = db.prepare<[number, number, number], number>('SELECT ln((? - ? + 0.5) / (? + 0.5))').pluck();
  return (matches) => {
    const idf = ln.get(rows, matches, matches)!;
    return idf <= 0 ? BM25_MIN_IDF : idf;
  };
}

export class PhraseIndex {
  private constructor(
    private readonly places: ReadonlyMap<string, ReadonlySet<number>>,
    /** Tokens in each row, all columns together (FTS5's xColumnSize(-1)), by rowid. */
    private readonly rowLengths: Map<number, number>,
    /** Tokens per row over the index (FTS5's avgdl). */
    private readonly averageLength: number,
    /** BM25's idf of a phrase by the number of rows it matches, as FTS5 computes it (index 0 unused). */
    private readonly idfByMatches: Float64Array,
    /** bm25() weights of the FTS table's columns, in its column order. */
    private readonly columnWeights: readonly number[],
  ) {}

  /**
   * Reads the index of the FTS5 table `table` (columns `columns`, weighted as its searches weigh them), or null
   * when a place does not fit the encoding (an offset of a million tokens in one column).
   * @example
   * const index = PhraseIndex.read(db, 'paragraphs_fts', ['text', 'topic', 'section'], [1.0, 0.5, 0.25], rows);
   */
  static read(db: Database.Database, table: string, columns: readonly string[], columnWeights: readonly number[], rows: number): PhraseIndex | null {
    db.exec(`CREATE VIRTUAL TABLE temp.${table}_instances USING fts5vocab(main, '${table}', 'instance')`);
    const places = new Map<string, Set<number>>();
    const rowLengths = new Map<number, number>();
    let tokens = 0;
    const instances = db.prepare<[], [string, number, string, number]>(`SELECT term, doc, col, "offset" FROM temp.${table}_instances`).raw();
    for (const [term, row, column, offset] of instances.iterate()) {
      const columnIndex = columns.indexOf(column);
      if (offset >= MAX_OFFSET || columnIndex < 0) return null;
      let ofTerm = places.get(term);
      if (ofTerm === undefined) places.set(term, (ofTerm = new Set()));
      ofTerm.add(row * ROW_FACTOR + columnIndex * COLUMN_FACTOR + offset);
      rowLengths.set(row, (rowLengths.get(row) ?? 0) + 1);
      tokens++;
    }
    const idf = fts5Idf(db, rows);
    const idfByMatches = Float64Array.from({ length: rows + 1 }, (_, matches) => (matches === 0 ? 0 : idf(matches)));
    return new PhraseIndex(places, rowLengths, tokens / rows, idfByMatches, columnWeights);
  }

  /** Whether some row has the token. */
  has(token: string): boolean {
    return this.places.has(token);
  }

  /**
   * The phrase's BM25 in every row that has its tokens one after another in one column, as FTS5's bm25() gives
   * it for a query of this one phrase; null when it cannot tell as FTS5 would: a token repeated in the phrase
   * (whose matches may overlap), or more matching rows than `maxRows` (of which FTS5 returns the best only).
   */
  scores(tokens: readonly string[], maxRows: number): PhraseScores | null {
    if (new Set(tokens).size !== tokens.length) return null;
    const places = tokens.map((token) => this.places.get(token));
    if (places.some((ofToken) => ofToken === undefined)) return { labels: new Int32Array(0), scores: new Float64Array(0) };
    // From the token with the fewest places: every match has it at its own position in the phrase.
    let anchor = 0;
    places.forEach((ofToken, i) => {
      if (ofToken!.size < places[anchor]!.size) anchor = i;
    });
    const frequencies = new Map<number, number>();
    for (const place of places[anchor]!) {
      const start = place - anchor;
      if (!places.every((ofToken, i) => ofToken!.has(start + i))) continue;
      const row = Math.floor(start / ROW_FACTOR);
      const column = Math.floor((start % ROW_FACTOR) / COLUMN_FACTOR);
      // A phrase cannot run from one column into the next: its first and last tokens share the column.
      if (Math.floor(((start + tokens.length - 1) % ROW_FACTOR) / COLUMN_FACTOR) !== column) continue;
      frequencies.set(row, (frequencies.get(row) ?? 0) + this.columnWeights[column]!);
    }
    if (frequencies.size > maxRows) return null;
    const idf = this.idfByMatches[frequencies.size]!;
    const labels = new Int32Array(frequencies.size);
    const scores = new Float64Array(frequencies.size);
    let i = 0;
    for (const [row, frequency] of frequencies) {
      labels[i] = row;
      // FTS5's score is negated, and the store's query negates it back.
      scores[i] = fts5Bm25(idf, frequency, this.rowLengths.get(row)!, this.averageLength);
      i++;
    }
    return { labels, scores };
  }
}
