import { describe, expect, it } from 'vitest';
import { commonPhrases, tokenFrequencies } from '../src/store/common-phrases.js';

describe('common phrases', () => {
  /** Paragraphs of one column each, the column's stems given as words. */
  const paragraphsOf = (count: number, text: (i: number) => string) => Array.from({ length: count }, (_, i) => [text(i).split(' ').filter(Boolean)]);

  it('are two or three stems side by side in more paragraphs than a term keeps, counted once per paragraph', () => {
    // "drug us", "us drug" and "us drug us" are in 1,001 paragraphs each (the 501 that say "drug us" twice count
    // once); "drug us drug" in 501, "drug polici" in 1,000 only, and "us drug us drug" is longer than kept.
    const paragraphs = [
      ...paragraphsOf(501, () => 'drug us drug us'),
      ...paragraphsOf(500, () => 'us drug us'),
      ...paragraphsOf(1_000, () => 'drug polici'),
    ];
    expect(commonPhrases(paragraphs).map(({ tokens }) => tokens.join(' ')).sort()).toEqual(['drug us', 'us drug', 'us drug us']);
  });

  it('are three stems in that many paragraphs, not merely three whose two pairs are', () => {
    // "harm reduct" and "reduct servic" are in 1,100 paragraphs each, "harm reduct servic" in 600.
    const paragraphs = [
      ...paragraphsOf(600, () => 'harm reduct servic'),
      ...paragraphsOf(500, () => 'harm reduct'),
      ...paragraphsOf(500, () => 'reduct servic'),
    ];
    expect(commonPhrases(paragraphs).map(({ tokens }) => tokens.join(' ')).sort()).toEqual(['harm reduct', 'reduct servic']);
    expect(commonPhrases([...paragraphs, ...paragraphsOf(401, () => 'harm reduct servic')]).map(({ tokens }) => tokens.join(' ')).sort()).toEqual([
      'harm reduct',
      'harm reduct servic',
      'reduct servic',
    ]);
  });

  it('say how many paragraphs hold each and where it first occurs, for the words that make it', () => {
    const paragraphs = [[['policy'], []], ...Array.from({ length: 1_001 }, () => [['the', 'drug', 'us'], ['on', 'drug', 'us']])];
    expect(commonPhrases(paragraphs)).toContainEqual({ tokens: ['drug', 'us'], paragraphs: 1_001, paragraph: 1, column: 0, start: 1 });
    expect(commonPhrases(paragraphs)).toContainEqual({ tokens: ['on', 'drug', 'us'], paragraphs: 1_001, paragraph: 1, column: 1, start: 0 });
  });

  it('never join the end of one column to the start of the next', () => {
    expect(commonPhrases(Array.from({ length: 1_100 }, () => [['harm'], ['reduct']]))).toEqual([]);
    expect(commonPhrases(Array.from({ length: 1_100 }, () => [['harm', 'reduct'], []]))).toEqual([{ tokens: ['harm', 'reduct'], paragraphs: 1_100, paragraph: 0, column: 0, start: 0 }]);
  });

  it('with rare ones of common parts, also gives every phrase those parts make, however rare, and nothing else', () => {
    // "harm" and "reduct" are in 1,100 paragraphs, side by side in 3; "servic" in 3 only; "harm reduct servic"
    // is made of a rare phrase and a rare stem.
    const paragraphs = [...paragraphsOf(3, () => 'harm reduct servic'), ...paragraphsOf(1_097, (i) => `reduct w${i} harm`)];
    expect(commonPhrases(paragraphs)).toEqual([]);
    expect(commonPhrases(paragraphs, { rareOfCommonParts: true }).map(({ tokens, paragraphs: count }) => [tokens.join(' '), count])).toEqual([['harm reduct', 3]]);
  });
});

describe('token frequencies', () => {
  it('counts a paragraph once for a token, however often and in however many columns it holds it', () => {
    const counts = tokenFrequencies([
      [['drug', 'court', 'drug'], ['drug']],
      [['court'], [], ['treatment']],
      [[], [], []],
    ]);
    expect(Object.fromEntries(counts)).toEqual({ drug: 1, court: 2, treatment: 1 });
  });
});
