/** The bounded cache that holds parsed, validated and compiled documents. */
import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/graphql/lru-cache.js';

describe('LruCache', () => {
  it('drops the least recently used entry when full, counting reads as use', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('keeps the order exact when the most recently used key is read again (no reordering then)', () => {
    const cache = new LruCache<string | undefined, number>(3);
    cache.set('a', 1);
    cache.set(undefined, 2);
    cache.set('b', 3);
    expect(cache.get('b')).toBe(3); // the newest: nothing moves
    expect(cache.get('a')).toBe(1); // order now undefined, b, a
    expect(cache.get('a')).toBe(1);
    cache.set('c', 4); // drops undefined, the least recently used
    expect(cache.get(undefined)).toBeUndefined();
    cache.set('c', 5); // the newest replaced: still the newest
    cache.set('d', 6); // drops b
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 5, 6]);
    // undefined as a key, read while it is not the newest, becomes the newest
    const other = new LruCache<string | undefined, number>(2);
    other.set(undefined, 1);
    other.set('x', 2);
    expect(other.get(undefined)).toBe(1);
    other.set('y', 3); // drops x
    expect(other.get('x')).toBeUndefined();
    expect(other.get(undefined)).toBe(1);
  });

  it('replaces the value of a key it holds without growing', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 2);
    expect(cache.get('a')).toBe(2);
    expect(cache.size).toBe(1);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruCache<string, number>(0)).toThrow(RangeError);
  });

  it('bounds the total weight of its entries, dropping the oldest, and keeps no entry heavier than the bound', () => {
    const cache = new LruCache<string, number>(100, { maxWeight: 10, weigh: (key) => key.length });
    cache.set('aaaa', 1);
    cache.set('bbbb', 2);
    expect(cache.weight).toBe(8);
    cache.get('aaaa');
    cache.set('ccc', 3);
    expect(cache.get('bbbb')).toBeUndefined();
    expect(cache.get('aaaa')).toBe(1);
    expect(cache.weight).toBe(7);
    cache.set('x'.repeat(11), 4);
    expect(cache.get('x'.repeat(11))).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.set('aaaa', 5);
    expect(cache.weight).toBe(7);
  });
});
