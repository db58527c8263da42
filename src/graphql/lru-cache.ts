/**
 * A bounded least-recently-used cache. Per-document work (parsing, validation, compilation) is
 * cached by the document's text or object; a client sending ever new documents must not make the
 * server's memory grow without end, so the oldest unused entries go when the cache is full: by
 * count, and, when entries are given a weight (a document's text length), by total weight, so
 * that 400 distinct 10 MB documents cannot fill the memory as 400 small ones would not.
 */

/**
 * The total text length of the documents each document cache keeps (parsed documents weigh
 * some tens of times their text, compiled ones more): 4 MB holds ~10,000 benchmark queries.
 */
export const DOCUMENT_CACHE_BYTES = 4_000_000;

export interface LruCacheOptions<K, V> {
  /** The largest total weight kept; an entry heavier than this alone is not kept at all. */
  maxWeight?: number;
  /** The weight of an entry (default 1, when `maxWeight` is not given 0). */
  weigh?: (key: K, value: V) => number;
}

/** No key (so that `undefined` may be a key too). */
const NONE: unique symbol = Symbol('none');

export class LruCache<K, V> {
  // A Map iterates in insertion order: re-inserting on every hit keeps the oldest first.
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private readonly maxWeight: number;
  private readonly weigh: ((key: K, value: V) => number) | undefined;
  private totalWeight = 0;
  // The most recently used key: a hit on it (the same header or document as the request before,
  // the common case) leaves the order as it is, without taking the entry out and putting it back.
  private newest: K | typeof NONE = NONE;

  constructor(
    private readonly capacity: number,
    options: LruCacheOptions<K, V> = {},
  ) {
    if (!(capacity >= 1)) throw new RangeError(`An LRU cache needs room for at least one entry, got ${capacity}.`);
    this.maxWeight = options.maxWeight ?? Infinity;
    this.weigh = options.weigh;
  }

  /** The value for `key`, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (key !== this.newest) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.newest = key;
    }
    return entry.value;
  }

  /** Stores `value`, dropping the least recently used entries while the cache is over its bounds. */
  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh === undefined ? 0 : this.weigh(key, value);
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.newest = key;
    this.totalWeight += weight;
    while (this.entries.size > this.capacity || this.totalWeight > this.maxWeight) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.delete(oldest.value);
    }
  }

  private delete(key: K): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    if (key === this.newest) this.newest = NONE;
    this.totalWeight -= entry.weight;
  }

  /** The number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** The total weight of the entries held. */
  get weight(): number {
    return this.totalWeight;
  }
}
