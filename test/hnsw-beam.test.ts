import { describe, expect, it } from 'vitest';
import { HNSWLIB_BEAMS, PGVECTOR_BEAMS, searchBeam } from '../src/store/hnsw-beam.js';
import { PGVECTOR_HNSW_M } from '../src/store/postgres-build.js';

describe('searchBeam', () => {
  it('is half as wide again as the beam measured to find 0.95 of the neighbours, at each size measured', () => {
    expect(searchBeam(10, 267, HNSWLIB_BEAMS)).toBe(150);
    expect(searchBeam(10, 10_000, HNSWLIB_BEAMS)).toBe(150);
    expect(searchBeam(10, 100_000, HNSWLIB_BEAMS)).toBe(300);
    expect(searchBeam(50, 1_000_000, HNSWLIB_BEAMS)).toBe(1200);
  });

  it('grows between the sizes measured as it grew between them, and beyond them as over the last tenfold', () => {
    expect(searchBeam(10, 30_000, HNSWLIB_BEAMS)).toBeGreaterThan(150);
    expect(searchBeam(10, 30_000, HNSWLIB_BEAMS)).toBeLessThan(300);
    expect(searchBeam(10, 300_000, HNSWLIB_BEAMS)).toBeGreaterThan(300);
    expect(searchBeam(10, 300_000, HNSWLIB_BEAMS)).toBeLessThan(1200);
    // A tenfold beyond the last measurement: four times wider, as from 100,000 to a million.
    expect(searchBeam(10, 10_000_000, HNSWLIB_BEAMS)).toBe(4800);
  });

  it("takes each implementation's and each graph's own measurements: pgvector's need narrower beams at a million, the more so with M 32", () => {
    const m16 = PGVECTOR_BEAMS[16]!;
    const m32 = PGVECTOR_BEAMS[32]!;
    expect(searchBeam(10, 100_000, m16)).toBe(searchBeam(10, 100_000, HNSWLIB_BEAMS));
    expect(searchBeam(10, 1_000_000, m16)).toBe(825);
    expect(searchBeam(10, 1_000_000, m16)).toBeLessThan(searchBeam(10, 1_000_000, HNSWLIB_BEAMS));
    expect(searchBeam(10, 1_000_000, m32)).toBe(375);
    expect(searchBeam(10, 100_000, m32)).toBeLessThan(searchBeam(10, 100_000, m16));
  });

  it('has measured beams for the graph a PostgreSQL build makes', () => {
    expect(PGVECTOR_BEAMS[PGVECTOR_HNSW_M]).toBeDefined();
  });

  it('is never narrower than the neighbours asked for', () => {
    expect(searchBeam(500, 1000, HNSWLIB_BEAMS)).toBe(500);
  });
});
