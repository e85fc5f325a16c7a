import { describe, expect, it } from 'vitest';
import { figuresAskedAbout, figuresStated } from '../src/answer/figures.js';

describe('figuresAskedAbout', () => {
  it('finds the figures a question names, not its years, days of the month or the numbers inside names', () => {
    expect(figuresAskedAbout('Which substances were among the 87 newly identified NPS in 2021?')).toEqual(['87']);
    expect(figuresAskedAbout('Which are the 100 countries without needle and syringe programmes?')).toEqual(['100']);
    expect(figuresAskedAbout('Which SDG target, 16.4, was referred to?')).toEqual(['16.4']);
    expect(figuresAskedAbout('Were 1,200 services opened?')).toEqual(['1200']);
    expect(figuresAskedAbout('Who moderated the 17 October 2019 session?')).toEqual([]);
    // The size of the list asked for, which a passage naming them need not state.
    expect(figuresAskedAbout('Which 5 countries spoke first in the debate?')).toEqual([]);
    expect(figuresAskedAbout('Name 3 programmes on alternative development.')).toEqual([]);
    expect(figuresAskedAbout('What happened on October 23 at the session?')).toEqual([]);
    expect(figuresAskedAbout('How did COVID-19 change treatment under resolution 66/3?')).toEqual([]);
  });
});

describe('figuresStated', () => {
  it('reads figures written as digits, with thousands separators, or as words up to twenty', () => {
    expect(figuresStated('only one in eight persons had access; 1,200 services; target 16.4; over 600 registrations')).toEqual(new Set(['1', '8', '1200', '16.4', '600']));
    expect(figuresStated('COVID-19 and resolution 66/3')).toEqual(new Set());
  });
});
