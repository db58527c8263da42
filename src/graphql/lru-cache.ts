/**
 * A bounded least-recently-used cache. Per-document work (parsing, validation, compilation) is
 * cached by the document's text or object; a client sending ever new documents must not make the
 * server's memory grow without end, so the oldest unused entry goes when the cache is full.
 */
export class LruCache<K, V> {
  // A Map iterates in insertion order: re-inserting on every hit keeps the oldest first.
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`An LRU cache needs room for at least one entry, got ${capacity}.`);
  }

  /** The value for `key`, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value`, dropping the least recently used entry when the cache is full. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  /** The number of entries held. */
  get size(): number {
    return this.entries.size;
  }
}
