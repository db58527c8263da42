/**
 * Datastore.connection in memory, the reference of keyset paging: the rows of the table (or of
 * each `per` tuple, from getByFields' indexes) matching where, in the list order; the cursors
 * place the page's window (found by binary search: the rows are in the cursors' order) and
 * pageRange picks its positions. Without `per`, and with an order of the row's own fields, the
 * rows come from the table's cached order (Table.inOrder): no sort per request. Compiled once per
 * request.
 */
import type { ConnectionQuery, Page, Row, SortSpec, Tuple } from '../datastore.js';
import { checkConnectionQuery, pageOf, pageRange } from '../connection-checks.js';
import { includeFkFields, planIncludes } from '../includes.js';
import { checkFields } from '../query-checks.js';
import { outputFields } from '../read-fields.js';
import { compileFilter } from '../semantics/filter.js';
import { compileSort, compileSortTuples } from '../semantics/sort.js';
import { IncludeReader } from './include-reader.js';
import { candidatesPerTuple } from './reads.js';
import { RowCopier } from './row-copier.js';
import { roomFor } from '../row-literal.js';
import type { StoreState } from './store-state.js';

/** How many of `rows` (in the cursor order, `holds` true of a prefix of them) `holds` is true of. */
function countWhile(rows: readonly Row[], read: (row: Row) => Tuple, holds: (t: Tuple) => boolean): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(read(rows[mid]!))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The name of an order of the row's own fields (Table.inOrder); undefined for one with a relation path. */
function orderName(orderBy: readonly SortSpec[]): string | undefined {
  if (orderBy.some((s) => s.path !== undefined && s.path.length > 0)) return undefined;
  return orderBy.map((s) => `${s.field} ${s.direction}`).join(',');
}

export function connection(state: StoreState, entity: string, query: ConnectionQuery): Page[] {
  const table = state.table(entity);
  const meta = table.meta;
  const q = checkConnectionQuery(state.model, meta.entity, query);
  const orderBy = q.list.orderBy ?? [];
  const predicate = q.list.where && compileFilter(meta, q.list.where, state.related);
  const comparator = compileSort(meta, orderBy, state.related);
  const tuples = compileSortTuples(meta, orderBy, state.related);
  const matched = query.per === undefined ? [] : checkFields(meta.entity, query.per.fields).map((f) => f.name);
  const plans = planIncludes(state.model, meta.entity, q.list.include);
  const copier = new RowCopier(
    meta,
    outputFields(meta, q.list.select, [...matched, ...includeFkFields(plans)]),
    roomFor(meta.entity, plans.length > 0),
  );
  const includes = IncludeReader.of(state, plans);
  const read = (row: Row): Tuple => tuples.read(row);
  const notAfter = (t: Tuple): boolean => q.after !== undefined && tuples.compare(t, q.after) <= 0;
  const notBefore = (t: Tuple): boolean => q.before !== undefined && tuples.compare(t, q.before) >= 0;

  /** `sorted`: the candidates are a stored array already in the order (not to be modified). */
  const page = (candidates: Iterable<Row>, sorted: boolean): Page => {
    let rows: readonly Row[];
    if (sorted && predicate === undefined) rows = candidates as readonly Row[];
    else {
      const picked: Row[] = [];
      for (const r of candidates) if (predicate === undefined || predicate(r)) picked.push(r);
      if (!sorted) picked.sort(comparator);
      rows = picked;
    }
    // lo: the rows up to `after` (a prefix of the order); hi: those from `before` on (a suffix).
    const lo = q.after === undefined ? 0 : countWhile(rows, read, notAfter);
    const hi = q.before === undefined ? 0 : rows.length - countWhile(rows, read, (t) => !notBefore(t));
    const { a, b } = pageRange(rows.length, lo, hi, q.first, q.last);
    const out = pageOf(q.facts, [], [], a > 1, b < rows.length, rows.length);
    for (let i = Math.max(a, 1); i <= b; i++) {
      const copy = copier.copy(rows[i - 1]!);
      includes?.attach(copy, rows[i - 1]!);
      out.rows.push(copy);
      out.cursors.push(read(rows[i - 1]!));
    }
    return out;
  };
  if (query.per === undefined) {
    const name = orderName(orderBy);
    return [name === undefined ? page(table.rows.values(), false) : page(table.inOrder(name, comparator), true)];
  }
  return candidatesPerTuple(state, table, checkFields(meta.entity, query.per.fields), query.per.values).map((c) => page(c.rows, false));
}
