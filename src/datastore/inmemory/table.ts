/**
 * One entity's rows and their hash indexes: the primary index by key, one index per relation the
 * entity owns, by foreign-key tuple, and one per `@sql:UniqueIndex`, by the indexed values (so
 * that no write scans the table). Stored rows are never mutated: an update replaces the row
 * object, which makes undo a matter of putting the old object back.
 *
 * A transaction changes an overlay of the committed table (see overlay()): indexes that read
 * through to the committed ones and hold only what the transaction changed.
 */
import type { Row } from '../datastore.js';
import { uniqueIndexValues, type UniqueIndexCheck } from '../row-checks.js';
import type { EntityFacts } from '../entity-facts.js';
import { compileSort, type RowComparator } from '../semantics/sort.js';
import { rowKey, tupleKey, TupleMap, type TupleKey } from '../tuple-key.js';
import { OverlayMap, OverlaySet, type KeyedMap, type MemberSet, type ReadableSet } from './overlay-collections.js';

export class Table {
  /** Primary index: every stored row by its key. */
  readonly rows: KeyedMap<TupleKey, Row>;
  /** Per owned relation id: the rows by foreign-key tuple (at most one each for 1-1 relations). */
  readonly fkIndexes = new Map<string, KeyedMap<TupleKey, MemberSet<Row>>>();
  /**
   * Per unique index (parallel to meta.uniqueIndexes): the row holding each indexed tuple. Rows
   * with a NULL in the index are not in it, as they collide with nothing.
   */
  readonly uniqueIndexes: KeyedMap<TupleKey, Row>[];
  /**
   * Next value per generated field: max ever generated + 1, never lowered (like AUTO_INCREMENT).
   * Shared with the table's copies: a value taken by a transaction that rolls back stays taken.
   */
  readonly nextGenerated: Map<string, number>;
  /** Bumped on every change; invalidates the cached key order. */
  private version = 0;
  private sortedVersion = -1;
  private sorted: Row[] = [];
  /** Relation groups in key order (see groupInKeyOrder), valid for `groupsVersion`. */
  private groupsVersion = -1;
  private groupOrder = new WeakMap<ReadableSet<Row>, readonly Row[]>();
  private readonly keyOrder: RowComparator;
  /** Every row in other orders (see inOrder), by name, valid for `ordersVersion`. */
  private ordersVersion = -1;
  private readonly orders = new Map<string, readonly Row[]>();
  /** Every row partitioned by the values of some fields (see groupedBy), valid for `groupingsVersion`. */
  private groupingsVersion = -1;
  private readonly groupings = new Map<string, readonly (readonly Row[])[]>();

  /** An empty table, or (`base` given) an overlay of `base`: see overlay(). */
  constructor(
    readonly meta: EntityFacts,
    private readonly base?: Table,
  ) {
    this.nextGenerated = base?.nextGenerated ?? new Map(meta.generatedFields.map((g) => [g.name, 1]));
    this.keyOrder = compileSort(meta, []);
    if (base === undefined) {
      this.rows = new Map();
      for (const r of meta.owned) this.fkIndexes.set(r.relation.id, new Map());
      this.uniqueIndexes = meta.uniqueIndexes.map(() => new Map<TupleKey, Row>());
      return;
    }
    this.rows = new OverlayMap(base.rows);
    const wrap = (set: MemberSet<Row>): MemberSet<Row> => new OverlaySet(set);
    for (const [id, index] of base.fkIndexes) this.fkIndexes.set(id, new OverlayMap(index, wrap));
    this.uniqueIndexes = base.uniqueIndexes.map((index) => new OverlayMap(index));
  }

  /**
   * A version of this table to change without touching it (a transaction's own): the same row
   * objects (never mutated) behind indexes that read through to this table's and keep only the
   * changes, and the same generated-key counters. Costs nothing in proportion to the table; this
   * table must not change while the overlay is in use (the transaction holds the write lock).
   */
  overlay(): Table {
    return new Table(this.meta, this);
  }

  keyOf(row: Row): TupleKey {
    return rowKey(row, this.meta.keyFields)!;
  }

  /** The rows referring to `parentKey` through the owned relation `relationId`. */
  group(relationId: string, parentKey: TupleKey): ReadableSet<Row> | undefined {
    return this.fkIndexes.get(relationId)!.get(parentKey);
  }

  /**
   * The rows referring to `parentKey` through `relationId`, in key order: a list of children
   * without an order of its own (Q2 of the benchmark: every department's employees) is not sorted
   * again on every read. Cached until the next change, so callers must not modify it.
   */
  groupInKeyOrder(relationId: string, parentKey: TupleKey): readonly Row[] | undefined {
    if (this.base !== undefined && this.version === 0) return this.base.groupInKeyOrder(relationId, parentKey);
    const set = this.group(relationId, parentKey);
    if (set === undefined) return undefined;
    if (this.groupsVersion !== this.version) {
      this.groupOrder = new WeakMap();
      this.groupsVersion = this.version;
    }
    let rows = this.groupOrder.get(set);
    if (rows === undefined) {
      rows = [...set].sort(this.keyOrder);
      this.groupOrder.set(set, rows);
    }
    return rows;
  }

  /** The stored row that has `row`'s values in the unique index `i` of meta.uniqueIndexes, if any. */
  uniqueHolder(i: number, row: Row): Row | undefined {
    const k = uniqueKey(this.meta.uniqueIndexes[i]!, row);
    return k === undefined ? undefined : this.uniqueIndexes[i]!.get(k);
  }

  /** Adds `row` to (or removes it from) the index of each relation it owns. */
  private indexForeignKeys(row: Row, adding: boolean): void {
    for (const r of this.meta.owned) {
      const k = rowKey(row, r.fkFields);
      if (k === undefined) continue;
      const index = this.fkIndexes.get(r.relation.id)!;
      const set = index.get(k);
      if (adding) {
        if (set) set.add(row);
        else index.set(k, new Set([row]));
      } else if (set) {
        set.delete(row);
        if (set.size === 0) index.delete(k);
      }
    }
  }

  add(row: Row): void {
    this.rows.set(this.keyOf(row), row);
    this.indexForeignKeys(row, true);
    this.meta.uniqueIndexes.forEach((check, i) => {
      const k = uniqueKey(check, row);
      if (k !== undefined) this.uniqueIndexes[i]!.set(k, row);
    });
    this.version++;
  }

  remove(row: Row): void {
    this.rows.delete(this.keyOf(row));
    this.indexForeignKeys(row, false);
    this.meta.uniqueIndexes.forEach((check, i) => {
      const k = uniqueKey(check, row);
      // Only the holder's entry: writes check uniqueness first, so no other row has this tuple.
      if (k !== undefined && this.uniqueIndexes[i]!.get(k) === row) this.uniqueIndexes[i]!.delete(k);
    });
    this.version++;
  }

  /** Replaces a stored row by its updated version (same key). */
  replace(old: Row, next: Row): void {
    this.remove(old);
    this.add(next);
  }

  /** Every row in key order; cached until the next change, so callers must not modify it. */
  inKeyOrder(): readonly Row[] {
    if (this.base !== undefined && this.version === 0) return this.base.inKeyOrder();
    if (this.sortedVersion !== this.version) {
      this.sorted = [...this.rows.values()].sort(this.keyOrder);
      this.sortedVersion = this.version;
    }
    return this.sorted;
  }

  /**
   * Every row in the order of `comparator`, which `name` identifies and which reads only this
   * table's rows (no relation path): connections page it without sorting. Cached until the next
   * change (at most MAX_ORDERS orders), so callers must not modify it.
   */
  inOrder(name: string, comparator: RowComparator): readonly Row[] {
    if (this.base !== undefined && this.version === 0) return this.base.inOrder(name, comparator);
    if (this.ordersVersion !== this.version) {
      this.orders.clear();
      this.ordersVersion = this.version;
    }
    let rows = this.orders.get(name);
    if (rows === undefined) {
      if (this.orders.size >= MAX_ORDERS) this.orders.clear();
      rows = [...this.rows.values()].sort(comparator);
      this.orders.set(name, rows);
    }
    return rows;
  }

  /**
   * Every row, partitioned by its values of `fields` (one or more; NULL is one value), each part
   * non-empty: a group-by of the whole table finds no row's group per request. Cached until the
   * next change (at most MAX_ORDERS groupings), so callers must not modify it.
   */
  groupedBy(fields: readonly string[]): readonly (readonly Row[])[] {
    if (this.base !== undefined && this.version === 0) return this.base.groupedBy(fields);
    if (this.groupingsVersion !== this.version) {
      this.groupings.clear();
      this.groupingsVersion = this.version;
    }
    const name = fields.join(',');
    let parts = this.groupings.get(name);
    if (parts === undefined) {
      if (this.groupings.size >= MAX_ORDERS) this.groupings.clear();
      const index = new TupleMap<Row[]>(fields);
      const found: Row[][] = [];
      for (const row of this.rows.values()) {
        const part = index.get(row);
        if (part !== undefined) part.push(row);
        else {
          const fresh = [row];
          index.set(row, fresh);
          found.push(fresh);
        }
      }
      this.groupings.set(name, (parts = found));
    }
    return parts;
  }
}

/** How many orders inOrder keeps per table version (and groupings groupedBy keeps). */
const MAX_ORDERS = 8;

/** The hash key of `row` in a unique index; undefined when an indexed value is NULL. */
function uniqueKey(check: UniqueIndexCheck, row: Row): TupleKey | undefined {
  const values = uniqueIndexValues(check, row);
  return values && tupleKey(values);
}
