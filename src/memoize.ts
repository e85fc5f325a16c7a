import { LRUCache } from 'lru-cache';

/**
 * Remembers the promised results of an async function for the most recent distinct arguments. The index is
 * read-only while it is served, so a result never goes stale; the promise itself is kept, so concurrent
 * repeats share one run, and a failure (a full model queue) is forgotten so the next call tries again.
 */
export function memoizeAsync<A, R extends object>(fn: (arg: A) => Promise<R>, options: { max: number; key: (arg: A) => string }): (arg: A) => Promise<R> {
  const recent = new LRUCache<string, Promise<R>>({ max: options.max });
  return (arg) => {
    const key = options.key(arg);
    let result = recent.get(key);
    if (result === undefined) {
      result = fn(arg);
      recent.set(key, result);
      result.catch(() => recent.delete(key));
    }
    return result;
  };
}
