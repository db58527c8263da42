/**
 * Datastore.connection without `per` (Query.esConnection) in one statement that an index on the
 * sort columns serves. The page: the filtered rows strictly between the cursors in the list order
 * (in reverse for `last`), LIMIT one more than the page size, so that the extra row tells whether
 * the page is followed (preceded) by more. Beside it, in a one-row derived table to which the page
 * is LEFT JOINed (an empty page still answers): the filtered set's total, and whether one of its
 * rows lies at or before `after` / at or after `before`. This gives the hasPreviousPage and
 * hasNextPage that pageRange gives the per-parent read and the in-memory store.
 */
import type { Page, Row, Tuple, Value } from '../datastore.js';
import type { CheckedConnection } from '../connection-checks.js';
import type { EntitySql } from './entity-sql.js';
import type { RowReader } from './row-reader.js';
import { filterSql, type SortJoins } from './sql-filter.js';
import { PARENT_ALIAS, type IncludeJoins } from './sql-includes.js';
import { keysetSql, notPastSql } from './sql-keyset.js';
import { checkPacket, type ReadContext } from './sql-reads.js';
import type { SqlSession } from './sql-session.js';

const COUNTS = '`__c`';
/** The page's derived table: the includes join to it (IncludeJoins.of with this alias). */
export const PAGE = '`__g`';

/** What the statement reads, built by the caller as for the per-parent read. */
export interface RootPageParts {
  /** The entity, and the same under PARENT_ALIAS (conditions and the sort refer to it). */
  meta: EntitySql;
  aliased: EntitySql;
  sort: SortJoins;
  /** The includes, joined to the page's derived table. */
  joins: IncludeJoins | undefined;
  /** The row's columns inside the page (`inner`) and from the page's derived table (`reader`). */
  inner: RowReader;
  reader: RowReader;
}

/** The page, whether rows lie before and after it, and the total of the filtered set. */
export async function rootPage(ctx: ReadContext, session: SqlSession, q: CheckedConnection, parts: RootPageParts): Promise<Page> {
  const { meta, aliased: t, sort, joins, inner, reader } = parts;
  const sorted = sort.sorted;
  const params: unknown[] = [];
  // Every fragment pushes its parameters as it is written, so they come in text order.
  const table = (withSortJoins: boolean): string => {
    if (withSortJoins) params.push(...sort.params);
    return `${meta.table} AS ${PARENT_ALIAS}${withSortJoins ? sort.joins : ''}`;
  };
  const where = (extra: (() => string)[]): string => {
    const conditions = [...(q.list.where ? [() => filterSql(t, q.list.where!, params)] : []), ...extra].map((c) => `(${c()})`);
    return conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  };
  // A filtered row on the far side of a cursor (at it included): the page has a neighbour there.
  const beyond = (tuple: Tuple | undefined, forward: boolean): string =>
    tuple === undefined ? 'FALSE' : `EXISTS (SELECT 1 FROM ${table(true)}${where([() => notPastSql(sorted, tuple, forward, params)])})`;

  const cursorCols = sorted.map((_, i) => `\`__persist_c${i}\``);
  const head = `SELECT ${COUNTS}.n, ${COUNTS}.lo, ${COUNTS}.hi, ${cursorCols.map((c) => `${PAGE}.${c}`).join(', ')}, ${reader.columns()}${joins?.columns ?? ''}`;
  const counts = `(SELECT (SELECT COUNT(*) FROM ${table(false)}${where([])}) AS n, ${beyond(q.after, true)} AS lo, ${beyond(q.before, false)} AS hi) AS ${COUNTS}`;

  const backwards = q.first === undefined && q.last !== undefined;
  const size = q.first ?? q.last;
  const between: (() => string)[] = [];
  if (q.after !== undefined) between.push(() => keysetSql(sorted, q.after!, true, params));
  if (q.before !== undefined) between.push(() => keysetSql(sorted, q.before!, false, params));
  const order = (reverse: boolean, column: (i: number) => string): string =>
    sorted.map((s, i) => `${column(i)} ${(s.direction === 'ASC') !== reverse ? 'ASC' : 'DESC'}`).join(', ');
  const pageFrom = table(true);
  const pageWhere = where(between);
  let limit = '';
  if (size !== undefined) {
    limit = ' LIMIT ?';
    params.push(size + 1);
  }
  const page =
    `(SELECT ${inner.columns()}, ${sorted.map((s, i) => `${s.field.column} AS ${cursorCols[i]}`).join(', ')} FROM ${pageFrom}${pageWhere}` +
    ` ORDER BY ${order(backwards, (i) => sorted[i]!.field.column)}${limit}) AS ${PAGE}`;
  params.push(...(joins?.params ?? []));
  const sql = `${head} FROM ${counts} LEFT JOIN ${page} ON TRUE${joins?.joins ?? ''} ORDER BY ${order(false, (i) => `${PAGE}.${cursorCols[i]}`)}`;

  await checkPacket(ctx, session, meta.entity.name, sql, params);
  const rows: Row[] = [];
  const cursors: Tuple[] = [];
  let total = 0;
  let lo = false;
  let hi = false;
  const skip = 3 + cursorCols.length;
  const keyAt = 3 + cursorCols.length - 1;
  for (const raw of await session.select(sql, params)) {
    total = Number(raw[0]);
    lo = Number(raw[1]) === 1;
    hi = Number(raw[2]) === 1;
    // The LEFT JOIN's row of NULLs when the page is empty: the last sort item is a key field.
    if (raw[keyAt] === null) continue;
    const row = reader.read(raw, skip);
    joins?.attach(row, raw, skip + reader.fields.length);
    rows.push(row);
    cursors.push(sorted.map((s, i): Value => s.field.decode(raw[3 + i])));
  }
  // One row more than the page: rows go on beyond it (after it forwards, before it backwards).
  const more = size !== undefined && rows.length > size;
  if (more && backwards) {
    rows.shift();
    cursors.shift();
  } else if (more) {
    rows.pop();
    cursors.pop();
  }
  return {
    rows,
    cursors,
    hasPreviousPage: lo || (backwards && more),
    hasNextPage: hi || (!backwards && more),
    totalCount: total,
  };
}
