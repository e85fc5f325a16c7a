import { Tensor, mean_pooling } from '@xenova/transformers';
import { describe, expect, it } from 'vitest';
import { poolTokenStates } from '../src/embed/pooling.js';

/** Deterministic pseudo-random states, so a failure reproduces. */
function states(texts: number, tokens: number, width: number, seed = 7): Float32Array {
  let x = seed;
  return Float32Array.from({ length: texts * tokens * width }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return (x / 2 ** 31) * 4 - 2;
  });
}

/** Two texts, the second padded after three of its five tokens, as the tokenizer gives them (int64). */
const MASK = BigInt64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0].map(BigInt));

describe('poolTokenStates', () => {
  const data = states(2, 5, 192);

  it('gives the very vectors of transformers.js mean pooling and normalising, bit for bit, padding ignored', () => {
    const expected = mean_pooling(new Tensor('float32', data, [2, 5, 192]), new Tensor('int64', MASK, [2, 5])).normalize(2, -1);
    const pooled = poolTokenStates({ data, dims: [2, 5, 192] }, MASK, 'mean');
    expect(pooled).toHaveLength(2);
    expect(pooled[0]).toEqual((expected.data as Float32Array).slice(0, 192));
    expect(pooled[1]).toEqual((expected.data as Float32Array).slice(192, 384));
    // Changing a padded token's state changes nothing; changing a real one does.
    const padded = data.slice();
    padded[(5 + 4) * 192] = 100;
    expect(poolTokenStates({ data: padded, dims: [2, 5, 192] }, MASK, 'mean')[1]).toEqual(pooled[1]);
    padded[(5 + 1) * 192] = 100;
    expect(poolTokenStates({ data: padded, dims: [2, 5, 192] }, MASK, 'mean')[1]).not.toEqual(pooled[1]);
  });

  it('takes the first token for cls pooling, as transformers.js slices it, normalised', () => {
    const expected = new Tensor('float32', data, [2, 5, 192]).slice(null, 0).normalize(2, -1);
    const pooled = poolTokenStates({ data, dims: [2, 5, 192] }, MASK, 'cls');
    expect(pooled[1]).toEqual((expected.data as Float32Array).slice(192, 384));
    expect(Math.hypot(...pooled[0]!)).toBeCloseTo(1, 6);
  });

  it('names a shape that does not match its data or its mask', () => {
    expect(() => poolTokenStates({ data, dims: [2, 5, 100] }, MASK, 'mean')).toThrow(/shape \[texts, tokens, width\].*\[2, 5, 100\] for 1920 values/);
    expect(() => poolTokenStates({ data, dims: [2, 5, 192] }, MASK.slice(0, 5), 'mean')).toThrow(/mask has 5 values for 2 × 5 tokens/);
  });
});
