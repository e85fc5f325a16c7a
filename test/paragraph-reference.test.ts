import { describe, expect, it } from 'vitest';
import { readParagraphReference, withoutSymbol } from '../src/retrieve/paragraph-reference.js';

describe('readParagraphReference', () => {
  it.each([
    ['What does paragraph 12 of the 2022 summary say?', { paragraph: 12, chapter: null, symbol: null }],
    ['show me para 5 of chapter III', { paragraph: 5, chapter: 'III', symbol: null }],
    ['para. 4, chapter ii', { paragraph: 4, chapter: 'II', symbol: null }],
    ['E/CN.7/2024/CRP.5 para 30', { paragraph: 30, chapter: null, symbol: 'E/CN.7/2024/CRP.5' }],
    ['quote paragraph 111 of 2023', { paragraph: 111, chapter: null, symbol: null }],
  ])('reads %s as a paragraph asked for by its number', (question, reference) => {
    expect(readParagraphReference(question)).toEqual(reference);
  });

  it('leaves a question with words of its own, or without a paragraph number, to be searched', () => {
    expect(readParagraphReference('What did Member States commit to in paragraph 7 of the Way forward?')).toBeNull();
    expect(readParagraphReference('How many paragraphs are there?')).toBeNull();
    expect(readParagraphReference('What was said about cannabis in 2022?')).toBeNull();
  });

  it('takes the symbol out of the question, so its year is not read as the year asked about', () => {
    expect(withoutSymbol('E/CN.7/2024/CRP.5 para 30', 'E/CN.7/2024/CRP.5')).not.toContain('2024');
  });
});
