/**
 * Datastore.connection in SQL: one statement for any number of parents (without parents, the
 * keyset read of sql-root-page.ts).
 * Inside, each row of the filtered set gets its position in the list order (ROW_NUMBER() OVER
 * the partition of its parent), the partition's size (COUNT(*) OVER) and how many of its rows are
 * not after the `after` cursor and not before the `before` cursor (SUM(CASE … keyset predicate)
 * OVER); outside, only the page's rows and the one row on either side of it are kept, from which
 * pageRange (shared with the in-memory store) gives hasPreviousPage, hasNextPage and totalCount.
 */
import type { ConnectionQuery, Page, Tuple, Value } from '../datastore.js';
import { checkConnectionQuery, pageOf, pageRange } from '../connection-checks.js';
import { copyRow } from '../includes.js';
import type { EntityIR } from '../../model/ir.js';
import { checkFields } from '../query-checks.js';
import { rowKey, type TupleKey } from '../tuple-key.js';
import type { EntitySql, FieldSql } from './entity-sql.js';
import { planShape } from './plan-shape.js';
import { aliasedMeta, PARENT_ALIAS } from './sql-includes.js';
import { filterSql, SortJoins } from './sql-filter.js';
import { keysetSql } from './sql-keyset.js';
import { rootPage } from './sql-root-page.js';
import { checkPacket, distinctTuples, tupleInSql, type ReadContext } from './sql-reads.js';
import type { SqlSession } from './sql-session.js';

/** The per-parent read's derived table: the includes join to it. */
const GROUPED = '`__g`';
const RN = '`__persist_rn`';
const N = '`__persist_n`';
const LO = '`__persist_lo`';
const HI = '`__persist_hi`';

type Sorted = SortJoins['sorted'];

/** `SUM(…) OVER (w)` counting the rows not on the cursor's side, or 0 without a cursor. */
function notPastCountSql(sorted: Sorted, tuple: Tuple | undefined, forward: boolean, window: string, params: unknown[]): string {
  if (tuple === undefined) return '0';
  return `SUM(CASE WHEN ${keysetSql(sorted, tuple, forward, params)} THEN 0 ELSE 1 END) OVER (${window})`;
}

function decodeNumber(v: unknown): number {
  return Number(v);
}

export async function connection(ctx: ReadContext, meta: EntitySql, session: SqlSession, query: ConnectionQuery): Promise<Page[]> {
  const q = checkConnectionQuery(ctx.model, meta.entity, query);
  const per = query.per;
  const matched = per === undefined ? [] : checkFields(meta.entity, per.fields).map((f) => f.name);
  for (const v of per?.values ?? [])
    if (v.length !== matched.length)
      throw new Error(`connection on '${meta.entity.name}' matches ${matched.length} field(s), got a tuple of ${v.length}`);
  const plan = planShape(ctx, meta, q.list.select, q.list.include, matched);
  const t = aliasedMeta(meta, PARENT_ALIAS);
  const sort = new SortJoins(t, q.list.orderBy);
  const inner = plan.reader(PARENT_ALIAS);
  if (per === undefined) {
    const joins = plan.joins(PARENT_ALIAS, false)?.call();
    return [await rootPage(ctx, session, q, { meta, aliased: t, sort, joins, inner })];
  }
  const joins = plan.joins(GROUPED)?.call();
  const reader = plan.reader(GROUPED);
  const cursorCols = sort.sorted.map((_, i) => `\`__persist_c${i}\``);
  const window = `PARTITION BY ${matched.map((f) => t.fields.get(f)!.column).join(', ')}`;

  const run = async (chunk: readonly Tuple[]): Promise<Map<TupleKey, Page>> => {
    const params: unknown[] = [];
    const lo = notPastCountSql(sort.sorted, q.after, true, window, params);
    const hi = notPastCountSql(sort.sorted, q.before, false, window, params);
    params.push(...sort.params);
    const conditions = [tupleInSql(t, matched, chunk, params)];
    if (q.list.where) conditions.push(filterSql(t, q.list.where, params));
    params.push(...(joins?.params ?? []));
    let range: string;
    if (q.first !== undefined) {
      range = `${RN} >= ${LO} AND ${RN} <= LEAST(${N} - ${HI}, ${LO} + ?) + 1`;
      params.push(q.first);
    } else if (q.last !== undefined) {
      range = `${RN} >= GREATEST(${LO} + 1, ${N} - ${HI} - ? + 1) - 1 AND ${RN} <= ${N} - ${HI} + 1`;
      params.push(q.last);
    } else range = `${RN} >= ${LO} AND ${RN} <= ${N} - ${HI} + 1`;
    const sql =
      `SELECT ${GROUPED}.${RN}, ${GROUPED}.${N}, ${GROUPED}.${LO}, ${GROUPED}.${HI}, ${cursorCols.map((c) => `${GROUPED}.${c}`).join(', ')}, ${reader.columns()}${joins?.columns ?? ''}` +
      ` FROM (SELECT ${inner.columns()}, ${sort.sorted.map((s, i) => `${s.field.column} AS ${cursorCols[i]}`).join(', ')},` +
      ` ROW_NUMBER() OVER (${window} ORDER BY ${sort.order}) AS ${RN}, COUNT(*) OVER (${window}) AS ${N}, ${lo} AS ${LO}, ${hi} AS ${HI}` +
      ` FROM ${meta.table} AS ${PARENT_ALIAS}${sort.joins} WHERE ${conditions.join(' AND ')}) AS ${GROUPED}` +
      `${joins?.joins ?? ''} WHERE ${range} ORDER BY ${GROUPED}.${RN}`;
    await checkPacket(ctx, session, meta.entity.name, sql, params);
    const pages = new Map<TupleKey, Page>();
    const skip = 4 + cursorCols.length;
    for (const raw of await session.select(sql, params)) {
      const row = reader.read(raw, skip);
      joins?.attach(row, raw, skip + reader.fields.length);
      const id = rowKey(row, matched)!;
      const [rn, n, notAfter, notBefore] = raw.slice(0, 4).map(decodeNumber) as [number, number, number, number];
      const { a, b } = pageRange(n, notAfter, notBefore, q.first, q.last);
      let page = pages.get(id);
      if (page === undefined) pages.set(id, (page = pageOf(q.facts, [], [], a > 1, b < n, n)));
      if (rn >= a && rn <= b) {
        page.rows.push(row);
        page.cursors.push(sort.sorted.map((s: { field: FieldSql }, i): Value => s.field.decode(raw[4 + i])));
      }
    }
    return pages;
  };
  const empty = (): Page => pageOf(q.facts, [], [], false, false, 0);
  const view: EntityIR = { ...meta.entity, keyFields: [...matched] };
  const { ids, distinct } = distinctTuples(ctx.model, view, per.values);
  const pages = distinct.length === 0 ? new Map<TupleKey, Page>() : await run(distinct);
  const handedOut = new Set<TupleKey>();
  return ids.map((id) => {
    const page = id === undefined ? undefined : pages.get(id);
    if (page === undefined) return empty();
    if (!handedOut.has(id!)) {
      handedOut.add(id!);
      return page;
    }
    return { ...page, rows: page.rows.map((r) => copyRow(r)), cursors: [...page.cursors] };
  });
}
