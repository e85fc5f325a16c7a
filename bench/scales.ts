/**
 * The sizes BENCH_SCALE names: "10k,100k,1m" → [10000, 100000, 1000000]; "none" names none.
 * @example
 * parseScales('10k,1m'); // [10_000, 1_000_000]
 */
export function parseScales(spec: string): number[] {
  if (spec.trim() === 'none') return [];
  return spec.split(',').map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(part);
    if (!match) throw new Error(`BENCH_SCALE: cannot read "${part}" (use e.g. 10k,100k,1m)`);
    const multiplier = { '': 1, k: 1e3, m: 1e6 }[match[2]!.toLowerCase() as '' | 'k' | 'm'];
    return Math.round(Number(match[1]) * multiplier);
  });
}
