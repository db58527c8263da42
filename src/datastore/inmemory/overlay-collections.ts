/**
 * The collections a transaction's tables write to: a map and a set that read through to a base
 * collection they never change, and keep only the differences from it. A transaction's version
 * of a table (Table.overlay) costs in proportion to what the transaction changes, not to the table.
 */

/** What readers need of a map: Map itself, or an OverlayMap. */
export interface ReadableMap<K, V> extends Iterable<[K, V]> {
  readonly size: number;
  get(key: K): V | undefined;
  has(key: K): boolean;
  values(): IterableIterator<V>;
}

/** What Table needs of a map to change it. */
export interface KeyedMap<K, V> extends ReadableMap<K, V> {
  set(key: K, value: V): unknown;
  delete(key: K): unknown;
}

/** What readers need of a set: Set itself, or an OverlaySet. */
export interface ReadableSet<T> extends Iterable<T> {
  readonly size: number;
  has(value: T): boolean;
}

/** What Table needs of a set to change it. */
export interface MemberSet<T> extends ReadableSet<T> {
  add(value: T): unknown;
  delete(value: T): unknown;
}

/**
 * `base` with this map's own entries over it. `hidden` holds the base keys deleted or set here (so
 * size = base.size - hidden.size + own.size). Iterates base order, then the keys set here, as a Map
 * does after a delete and set. `wrap` turns a base value into one of this map's own on first read
 * (a set that must be changed without changing the base's).
 */
export class OverlayMap<K, V> implements KeyedMap<K, V> {
  private readonly own = new Map<K, V>();
  private readonly hidden = new Set<K>();

  constructor(
    private readonly base: ReadableMap<K, V>,
    private readonly wrap?: (value: V) => V,
  ) {}

  get size(): number {
    return this.base.size - this.hidden.size + this.own.size;
  }

  get(key: K): V | undefined {
    const mine = this.own.get(key);
    if (mine !== undefined || this.hidden.has(key)) return mine;
    const value = this.base.get(key);
    if (value === undefined || this.wrap === undefined) return value;
    const wrapped = this.wrap(value);
    this.hidden.add(key);
    this.own.set(key, wrapped);
    return wrapped;
  }

  has(key: K): boolean {
    return this.own.has(key) || (!this.hidden.has(key) && this.base.has(key));
  }

  set(key: K, value: V): this {
    if (this.base.has(key)) this.hidden.add(key);
    this.own.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    const found = this.has(key);
    this.own.delete(key);
    if (this.base.has(key)) this.hidden.add(key);
    return found;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const entry of this.base) if (!this.hidden.has(entry[0])) yield entry;
    yield* this.own;
  }

  *values(): IterableIterator<V> {
    for (const [k, v] of this.base) if (!this.hidden.has(k)) yield v;
    yield* this.own.values();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}

/** `base` plus `added` minus `removed` (removed ⊆ base, added ∩ base = ∅); base order, then added. */
export class OverlaySet<T> implements MemberSet<T> {
  private readonly added = new Set<T>();
  private readonly removed = new Set<T>();

  constructor(private readonly base: ReadableSet<T>) {}

  get size(): number {
    return this.base.size - this.removed.size + this.added.size;
  }

  has(value: T): boolean {
    return this.base.has(value) ? !this.removed.has(value) : this.added.has(value);
  }

  add(value: T): this {
    if (this.base.has(value)) this.removed.delete(value);
    else this.added.add(value);
    return this;
  }

  delete(value: T): boolean {
    if (!this.base.has(value)) return this.added.delete(value);
    if (this.removed.has(value)) return false;
    this.removed.add(value);
    return true;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (const v of this.base) if (!this.removed.has(v)) yield v;
    yield* this.added;
  }
}
