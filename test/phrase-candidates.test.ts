import { describe, expect, it } from 'vitest';
import { MAX_MATCHES_PER_TERM } from '../src/store/bm25.js';
import { phraseParts, phraseSource, type PartCount } from '../src/store/phrase-candidates.js';

/** Counts as a build would report them: stems by their paragraphs, phrases of several stems counted or not, kept or not. */
function counts(stems: Record<string, number>, phrases: Record<string, number> = {}, kept: string[] = []): (part: readonly string[]) => PartCount {
  return (part) => {
    const key = part.join(' ');
    if (part.length === 1) return { paragraphs: Math.min(stems[key] ?? 0, MAX_MATCHES_PER_TERM + 1), kept: (stems[key] ?? 0) > 0 };
    return { paragraphs: phrases[key] ?? null, kept: key in phrases ? phrases[key]! > 0 : kept.includes(key) };
  };
}

const COMMON = MAX_MATCHES_PER_TERM * 50;

describe('where a phrase search finds its matches', () => {
  it('asks about the phrase, its stems and their runs of up to three', () => {
    expect(phraseParts(['a', 'b', 'c', 'd']).map((part) => part.join(' '))).toEqual(['a b c d', 'a', 'b', 'c', 'd', 'a b', 'b c', 'c d', 'a b c', 'b c d']);
    expect(phraseParts(['a', 'b']).map((part) => part.join(' '))).toEqual(['a b', 'a', 'b']);
  });

  it('reads a kept phrase from the postings', () => {
    expect(phraseSource(['drug', 'us'], counts({ drug: COMMON, us: COMMON }, { 'drug us': COMMON }))).toEqual({ from: 'kept' });
    expect(phraseSource(['unit', 'nation', 'offic', 'drug'], counts({ unit: COMMON, nation: COMMON, offic: COMMON, drug: COMMON }, {}, ['unit nation offic drug']))).toEqual({
      from: 'kept',
    });
  });

  it('knows a phrase is in no paragraph when a stem is in none, or when the build counted no such phrase of common parts', () => {
    expect(phraseSource(['zeppelin', 'border'], counts({ border: COMMON }))).toEqual({ from: 'nowhere' });
    expect(phraseSource(['ground', 'alpha'], counts({ ground: COMMON, alpha: COMMON }))).toEqual({ from: 'nowhere' });
    // "alpha beta" and "beta gamma" are common, "alpha beta gamma" was not counted: it is nowhere.
    const three = counts({ alpha: COMMON, beta: COMMON, gamma: COMMON }, { 'alpha beta': COMMON, 'beta gamma': COMMON });
    expect(phraseSource(['alpha', 'beta', 'gamma'], three)).toEqual({ from: 'nowhere' });
    // A longer phrase with a run of three common parts the build did not count.
    expect(phraseSource(['alpha', 'beta', 'gamma', 'delta'], counts({ alpha: COMMON, beta: COMMON, gamma: COMMON, delta: COMMON }, { 'alpha beta': COMMON, 'beta gamma': COMMON, 'gamma delta': COMMON, 'beta gamma delta': COMMON }))).toEqual({ from: 'nowhere' });
  });

  it('finds a rare phrase among the matches of its rarest part whose matches are all kept', () => {
    // "alpha beta" is in 40 paragraphs, "beta gamma" in 300: the phrase is among the 40.
    const rare = counts({ alpha: COMMON, beta: COMMON, gamma: COMMON }, { 'alpha beta': 40, 'beta gamma': 300 });
    expect(phraseSource(['alpha', 'beta', 'gamma'], rare)).toEqual({ from: 'part', part: ['alpha', 'beta'] });
    // A rare stem is such a part too; a phrase that is not of common parts and was not counted says nothing.
    expect(phraseSource(['harm', 'reduct', 'servic'], counts({ harm: COMMON, reduct: 70, servic: COMMON }))).toEqual({ from: 'part', part: ['reduct'] });
  });

  it('leaves to the words a long phrase all of whose parts are common', () => {
    const common = counts({ a: COMMON, b: COMMON, c: COMMON, d: COMMON }, { 'a b': COMMON, 'b c': COMMON, 'c d': COMMON, 'a b c': COMMON, 'b c d': COMMON });
    expect(phraseSource(['a', 'b', 'c', 'd'], common)).toEqual({ from: 'words' });
  });
});
