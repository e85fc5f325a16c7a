import { describe, expect, it } from 'vitest';
import { presentPhrases } from '../src/store/phrase-presence.js';

describe('presentPhrases', () => {
  // Paragraphs as columns of stems: text, topic, section.
  const paragraphs = [
    [['drug', 'user', 'servic', 'drug'], ['prison', 'health'], []],
    [['harm', 'reduct', 'reduct'], [], ['altern', 'develop']],
  ];

  it('finds a phrase only as consecutive stems within one column', () => {
    expect(
      presentPhrases(paragraphs, [
        ['drug', 'user'],
        ['user', 'drug'],
        ['drug', 'prison'], // the end of one column and the start of the next
        ['servic', 'drug', 'prison'],
        ['prison', 'health'],
        ['altern', 'develop'],
        ['reduct', 'reduct'],
        ['reduct', 'reduct', 'reduct'],
      ]),
    ).toEqual([true, false, false, false, true, true, true, false]);
  });

  it('answers each copy of a phrase given twice, and never an empty one', () => {
    expect(presentPhrases(paragraphs, [['harm', 'reduct'], [], ['harm', 'reduct'], ['harm', 'develop']])).toEqual([true, false, true, false]);
  });

  it('finds a phrase that ends its column, and not one running past it', () => {
    expect(presentPhrases(paragraphs, [['servic', 'drug'], ['drug', 'drug'], ['health', 'harm']])).toEqual([true, false, false]);
  });
});
