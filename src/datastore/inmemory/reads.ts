/**
 * The read path: rows by key and by foreign key come from hash indexes (never a scan); lists and
 * lookups on other fields scan once per request, whatever the number of groups. Filter, sort and
 * projection are compiled once per request, not per row or per group.
 */
import type { KeyQuery, ListQuery, Row, Tuple } from '../datastore.js';
import { includeFkFields, planIncludes } from '../includes.js';
import { canonicalKey } from '../row-checks.js';
import { canonicalFilter, checkFields, checkListQuery, checkSelect } from '../query-checks.js';
import type { EntityIR, FieldIR } from '../../model/ir.js';
import { outputFields } from '../read-fields.js';
import { rowKey, tupleKey, type TupleKey } from '../tuple-key.js';
import { RowCopier } from './row-copier.js';
import { roomFor } from '../row-literal.js';
import { compileFilter, type RowPredicate } from '../semantics/filter.js';
import { IncludeReader } from './include-reader.js';
import { compileSort, sortsAsKey, type RowComparator } from '../semantics/sort.js';
import type { StoreState } from './store-state.js';
import type { Table } from './table.js';

export function getByKeys(state: StoreState, entity: string, keys: readonly Tuple[], query: KeyQuery = {}): (Row | null)[] {
  const table = state.table(entity);
  const meta = table.meta;
  checkSelect(meta.entity, query.select);
  const predicate = query.where && compileFilter(meta, canonicalFilter(state.model, meta.entity, query.where), state.related);
  const plans = planIncludes(state.model, meta.entity, query.include);
  const copier = new RowCopier(meta, outputFields(meta, query.select, includeFkFields(plans)), roomFor(meta.entity, plans.length > 0));
  const includes = IncludeReader.of(state, plans);
  const out: (Row | null)[] = new Array<Row | null>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = canonicalKey(state.model, meta.entity, keys[i]!);
    const k = key && tupleKey(key);
    const row = k === undefined ? undefined : table.rows.get(k);
    if (!row || (predicate !== undefined && !predicate(row))) {
      out[i] = null;
      continue;
    }
    const copy = copier.copy(row);
    includes?.attach(copy, row);
    out[i] = copy;
  }
  return out;
}

/** Filter, order, page and copy one group (or a whole table) of candidate rows. */
class GroupQuery {
  private readonly predicate: RowPredicate | undefined;
  private readonly comparator: RowComparator | undefined;
  private readonly start: number;
  private readonly end: number;
  readonly copier: RowCopier;
  private readonly includes: IncludeReader | undefined;

  constructor(state: StoreState, table: Table, query: ListQuery, matched: readonly string[]) {
    const meta = table.meta;
    this.predicate = query.where ? compileFilter(meta, query.where, state.related) : undefined;
    this.comparator = compileSort(meta, query.orderBy ?? [], state.related);
    this.start = query.offset ?? 0;
    this.end = query.limit === undefined ? Infinity : this.start + query.limit;
    const plans = planIncludes(state.model, meta.entity, query.include);
    this.copier = new RowCopier(
      meta,
      outputFields(meta, query.select, [...matched, ...includeFkFields(plans)]),
      roomFor(meta.entity, plans.length > 0),
    );
    this.includes = IncludeReader.of(state, plans);
  }

  /**
   * `rows` may be a stored array (the table's key-order cache): it is filtered into a new array
   * or copied before sorting, never sorted in place. `sorted` says it is already in the order.
   */
  run(rows: Iterable<Row>, sorted: boolean): Row[] {
    let picked: Row[];
    if (this.predicate) {
      picked = [];
      const p = this.predicate;
      for (const r of rows) if (p(r)) picked.push(r);
    } else {
      picked = Array.isArray(rows) ? (rows as Row[]) : [...rows];
    }
    if (!sorted && picked.length > 1) {
      if (picked === rows) picked = picked.slice();
      picked.sort(this.comparator);
    }
    const start = this.start;
    const end = Math.min(this.end, picked.length);
    // Allocated at its size (pushing grew it in steps: ~2.4x the bytes on benchmark Q2's groups of 100).
    const out = new Array<Row>(Math.max(0, end - start));
    const includes = this.includes;
    for (let i = start; i < end; i++) {
      const copy = this.copier.copy(picked[i]!);
      includes?.attach(copy, picked[i]!);
      out[i - start] = copy;
    }
    return out;
  }
}

export function list(state: StoreState, entity: string, query?: ListQuery): Row[] {
  const table = state.table(entity);
  const q = checkListQuery(state.model, table.meta.entity, query);
  // Without a requested order, or one that sorts as the key does, the cached key order is the
  // answer's order: no sort at all.
  const byKeyOnly = sortsAsKey(table.meta, q.orderBy);
  return new GroupQuery(state, table, q, []).run(byKeyOnly ? table.inKeyOrder() : table.rows.values(), byKeyOnly);
}

/** How getByFields finds a group's candidate rows. */
type GroupSource = { kind: 'key' } | { kind: 'relation'; relationId: string; order: number[] } | { kind: 'scan' };

function sameFieldSet(a: readonly string[], b: readonly string[]): number[] | undefined {
  if (a.length !== b.length) return undefined;
  const order = b.map((f) => a.indexOf(f));
  return order.includes(-1) || new Set(order).size !== order.length ? undefined : order;
}

function groupSource(table: Table, fields: readonly string[]): GroupSource {
  const keyOrder = sameFieldSet(fields, table.meta.keyFields);
  if (keyOrder) return { kind: 'key' };
  for (const r of table.meta.owned) {
    const order = sameFieldSet(fields, r.fkFields);
    if (order) return { kind: 'relation', relationId: r.relation.id, order };
  }
  return { kind: 'scan' };
}

/**
 * Turns group tuples into index keys: reordered into the index's field order and canonicalized
 * as keys are (foreign keys hold key values); undefined when nothing can match. Built once per
 * request.
 */
function groupKeys(
  state: StoreState,
  entity: EntityIR,
  fieldIRs: readonly FieldIR[],
  order: readonly number[],
): (tuple: Tuple) => TupleKey | undefined {
  // canonicalKey reads the key fields of the entity it is given: hand it a view keyed on these fields.
  const view: EntityIR = { ...entity, keyFields: order.map((i) => fieldIRs[i]!.name) };
  const identity = order.every((i, j) => i === j);
  return (tuple) => {
    const canonical = canonicalKey(state.model, view, identity ? tuple : order.map((i) => tuple[i]!));
    return canonical && tupleKey(canonical);
  };
}

export function getByFields(
  state: StoreState,
  entity: string,
  fields: readonly string[],
  values: readonly Tuple[],
  query?: ListQuery,
): Row[][] {
  const table = state.table(entity);
  const meta = table.meta;
  const fieldIRs = checkFields(meta.entity, fields);
  for (const v of values) {
    if (v.length !== fields.length)
      throw new Error(`getByFields on '${entity}' matches ${fields.length} field(s), got a tuple of ${v.length}`);
  }
  const q = checkListQuery(state.model, meta.entity, query);
  const group = new GroupQuery(state, table, q, fields);
  // Candidates come in key order: the answer's order when none is requested or the one requested sorts as the key.
  const keyOrder = sortsAsKey(meta, q.orderBy);
  return candidatesPerTuple(state, table, fieldIRs, values).map((c) => group.run(c.rows, c.sorted && keyOrder));
}

/** One group's candidate rows: `sorted` when they are in key order (a stored array then: not to be modified). */
export interface Candidates {
  rows: Iterable<Row>;
  sorted: boolean;
}

const NONE: Candidates = { rows: [], sorted: true };

/**
 * The rows whose `fields` equal each tuple of `values`, unfiltered: from the key or a relation's
 * index when the fields are one, else from one scan of the table for every tuple at once.
 */
export function candidatesPerTuple(state: StoreState, table: Table, fieldIRs: readonly FieldIR[], values: readonly Tuple[]): Candidates[] {
  const meta = table.meta;
  const fields = fieldIRs.map((f) => f.name);
  const source = groupSource(table, fields);
  if (source.kind === 'key') {
    const keyOf = groupKeys(
      state,
      meta.entity,
      fieldIRs,
      meta.keyFields.map((k) => fields.indexOf(k)),
    );
    return values.map((t) => {
      const k = keyOf(t);
      const row = k === undefined ? undefined : table.rows.get(k);
      return row ? { rows: [row], sorted: true } : NONE;
    });
  }
  if (source.kind === 'relation') {
    const keyOf = groupKeys(state, meta.entity, fieldIRs, source.order);
    return values.map((t) => {
      const k = keyOf(t);
      const rows = k === undefined ? undefined : table.groupInKeyOrder(source.relationId, k);
      return rows ? { rows, sorted: true } : NONE;
    });
  }
  // No index on these fields: one scan sorts every row into the groups that asked for it.
  const keyOf = groupKeys(
    state,
    meta.entity,
    fieldIRs,
    fields.map((_, i) => i),
  );
  const wanted = new Map<TupleKey, Row[]>();
  const keys = values.map((t) => {
    const k = keyOf(t);
    if (k !== undefined && !wanted.has(k)) wanted.set(k, []);
    return k;
  });
  if (wanted.size > 0) {
    for (const row of table.rows.values()) {
      const k = rowKey(row, fields);
      if (k !== undefined) wanted.get(k)?.push(row);
    }
  }
  return keys.map((k) => (k === undefined ? NONE : { rows: wanted.get(k)!, sorted: false }));
}
