import { describe, expect, it } from 'vitest';
import { contentStems, isSplitStem, sameStemFamily, stemCovers, stemsAsFound, wordStem } from '../src/parse/terms.js';

describe('stems', () => {
  it('keeps apart the families Porter merges that mean different things', () => {
    expect([wordStem('legalization'), wordStem('legalizing'), wordStem('legalised')]).toEqual(['legaliz', 'legaliz', 'legaliz']);
    expect(wordStem('legal')).toBe('legal');
    expect(wordStem('community')).not.toBe(wordStem('communication'));
    expect(wordStem('executive')).not.toBe(wordStem('execution'));
    expect(isSplitStem(wordStem('legalization'))).toBe(true);
    expect(isSplitStem(wordStem('prisons'))).toBe(false);
  });

  it('never reads a split family as a prefix of the stem Porter gave it', () => {
    expect(sameStemFamily('legaliz', 'legal')).toBe(false);
    expect(sameStemFamily('executiv', 'execut')).toBe(false);
    // Other long stems still join by prefix.
    expect(sameStemFamily('regist', 'registr')).toBe(true);
  });

  it('lets the word a family was made from find it, and not the other way', () => {
    expect(stemCovers('legal', 'legaliz')).toBe(true);
    expect(stemCovers('legaliz', 'legal')).toBe(false);
    expect(stemCovers('execut', 'executiv')).toBe(false);
    expect([...stemsAsFound(contentStems('cannabis legalization'))].sort()).toEqual(['cannabi', 'legal', 'legaliz']);
    expect(stemsAsFound(contentStems('mutual legal assistance')).has('legaliz')).toBe(false);
  });
});
