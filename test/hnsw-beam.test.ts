import { describe, expect, it } from 'vitest';
import { searchBeam } from '../src/store/hnsw-beam.js';

describe('searchBeam', () => {
  it('widens the beam as the index grows, twice for every tenfold, from 150 at 10,000 vectors', () => {
    expect(searchBeam(10, 267)).toBe(150);
    expect(searchBeam(10, 10_000)).toBe(150);
    expect(searchBeam(10, 100_000)).toBe(300);
    expect(searchBeam(50, 1_000_000)).toBe(600);
    expect(searchBeam(10, 300_000)).toBeGreaterThan(300);
    expect(searchBeam(10, 300_000)).toBeLessThan(600);
  });

  it('is never narrower than the neighbours asked for', () => {
    expect(searchBeam(500, 1000)).toBe(500);
  });
});
