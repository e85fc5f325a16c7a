import { describe, expect, it } from 'vitest';
import { memoizeAsync } from '../src/memoize.js';

describe('memoizeAsync', () => {
  it('runs once for repeated and concurrent calls with the same key', async () => {
    let runs = 0;
    const double = memoizeAsync(async (n: number) => ({ value: 2 * n, run: ++runs }), { max: 10, key: String });
    const [a, b] = await Promise.all([double(2), double(2)]);
    expect(a).toBe(b);
    expect(await double(2)).toBe(a);
    expect(runs).toBe(1);
  });

  it('forgets failures, so the next call tries again', async () => {
    let fail = true;
    const flaky = memoizeAsync(async (n: number) => {
      if (fail) throw new Error('queue full');
      return { n };
    }, { max: 10, key: String });
    await expect(flaky(1)).rejects.toThrow('queue full');
    fail = false;
    expect(await flaky(1)).toEqual({ n: 1 });
  });

  it('keeps only the most recent entries', async () => {
    let runs = 0;
    const f = memoizeAsync(async (n: number) => ({ n, run: ++runs }), { max: 2, key: String });
    await f(1);
    await f(2);
    await f(3);
    await f(1);
    expect(runs).toBe(4);
  });
});
