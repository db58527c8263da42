/**
 * Datastore.connection in memory, the reference of keyset paging: the rows of the table (or of
 * each `per` tuple, from getByFields' indexes) matching where, in the list order; the cursors
 * place the page's window and pageRange picks its positions. Compiled once per request.
 */
import type { ConnectionQuery, Page, Row, Tuple } from '../datastore.js';
import { checkConnectionQuery, pageRange } from '../connection-checks.js';
import { includeFkFields, planIncludes } from '../includes.js';
import { checkFields } from '../query-checks.js';
import { outputFields } from '../read-fields.js';
import { compileFilter } from '../semantics/filter.js';
import { compileSort, compileSortTuples } from '../semantics/sort.js';
import { IncludeReader } from './include-reader.js';
import { candidatesPerTuple } from './reads.js';
import { RowCopier } from './row-copier.js';
import type { StoreState } from './store-state.js';

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
  const copier = new RowCopier(meta, outputFields(meta, q.list.select, [...matched, ...includeFkFields(plans)]));
  const includes = IncludeReader.of(state, plans);
  const notAfter = (t: Tuple): boolean => q.after !== undefined && tuples.compare(t, q.after) <= 0;
  const notBefore = (t: Tuple): boolean => q.before !== undefined && tuples.compare(t, q.before) >= 0;

  const page = (candidates: Iterable<Row>): Page => {
    const rows: Row[] = [];
    for (const r of candidates) if (predicate === undefined || predicate(r)) rows.push(r);
    rows.sort(comparator);
    const keys = rows.map((r) => tuples.read(r));
    let lo = 0;
    let hi = 0;
    for (const t of keys) {
      if (notAfter(t)) lo++;
      if (notBefore(t)) hi++;
    }
    const { a, b } = pageRange(rows.length, lo, hi, q.first, q.last);
    const out: Page = { rows: [], cursors: [], hasPreviousPage: a > 1, hasNextPage: b < rows.length, totalCount: rows.length };
    for (let i = Math.max(a, 1); i <= b; i++) {
      const copy = copier.copy(rows[i - 1]!);
      includes?.attach(copy, rows[i - 1]!);
      out.rows.push(copy);
      out.cursors.push(keys[i - 1]!);
    }
    return out;
  };
  if (query.per === undefined) return [page(table.rows.values())];
  return candidatesPerTuple(state, table, checkFields(meta.entity, query.per.fields), query.per.values).map((c) => page(c.rows));
}
