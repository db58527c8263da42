/**
 * Datastore.connection without `per` (Query.esConnection) in one statement that an index on the
 * sort columns serves. The page: the filtered rows strictly between the cursors in the list order
 * (in reverse for `last`), LIMIT one more than the page size, so that the extra row tells whether
 * the page is followed (preceded) by more. Beside each row, as uncorrelated subqueries (evaluated
 * once), the facts the query asks for (ConnectionQuery.facts) and only those: the filtered set's
 * total, and whether one of its rows lies at or before `after` / at or after `before`. This gives
 * the hasPreviousPage and hasNextPage that pageRange gives the per-parent read and the in-memory
 * store. The statement has no derived table, temporary table or sort of its own (the one-row
 * table of the counts LEFT JOINed to the page cost MariaDB three temporary tables and a filesort
 * per request); an empty page, which carries no counts, reads them in a second statement.
 */
import type { Page, Row, Tuple, Value } from '../datastore.js';
import { pageOf, type CheckedConnection } from '../connection-checks.js';
import type { EntitySql } from './entity-sql.js';
import type { RowReader } from './row-reader.js';
import { filterSql, type SortJoins } from './sql-filter.js';
import { PARENT_ALIAS, type IncludeJoins } from './sql-includes.js';
import { keysetSql, notPastSql } from './sql-keyset.js';
import { checkPacket, type ReadContext } from './sql-reads.js';
import { MAX_PLACEHOLDERS, type SqlSession } from './sql-session.js';

/** What the statement reads, built by the caller as for the per-parent read. */
export interface RootPageParts {
  /** The entity, and the same under PARENT_ALIAS (conditions and the sort refer to it). */
  meta: EntitySql;
  aliased: EntitySql;
  sort: SortJoins;
  /** The includes, joined to the entity's table (IncludeJoins.of with PARENT_ALIAS). */
  joins: IncludeJoins | undefined;
  /** The row's columns, under PARENT_ALIAS. */
  inner: RowReader;
}

/** The page, whether rows lie before and after it, and the total of the filtered set. */
export async function rootPage(ctx: ReadContext, session: SqlSession, q: CheckedConnection, parts: RootPageParts): Promise<Page> {
  const { meta, aliased: t, sort, joins, inner } = parts;
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
  const beyond = (tuple: Tuple, forward: boolean): string =>
    `EXISTS (SELECT 1 FROM ${table(true)}${where([() => notPastSql(sorted, tuple, forward, params)])})`;
  // The facts asked for, in this order: the total, a neighbour by `after`, one by `before` (none
  // without the cursor: then only the page's size tells of a neighbour on that side).
  const total = q.facts.totalCount;
  const lo = q.facts.hasPreviousPage && q.after !== undefined;
  const hi = q.facts.hasNextPage && q.before !== undefined;
  const factCount = Number(total) + Number(lo) + Number(hi);
  // Uncorrelated subqueries, which the server evaluates once. The total as text: every row
  // carries it, and the driver reads a BIGINT through a 64-bit integer object into a string
  // (supportBigNumbers), which was 4% of the CPU of a 50-row page (issue 17).
  const facts = (): string[] => [
    ...(total ? [`CAST((SELECT COUNT(*) FROM ${table(false)}${where([])}) AS CHAR)`] : []),
    ...(lo ? [beyond(q.after!, true)] : []),
    ...(hi ? [beyond(q.before!, false)] : []),
  ];

  const backwards = q.first === undefined && q.last !== undefined;
  const size = q.first ?? q.last;
  const between: (() => string)[] = [];
  if (q.after !== undefined) between.push(() => keysetSql(sorted, q.after!, true, params));
  if (q.before !== undefined) between.push(() => keysetSql(sorted, q.before!, false, params));
  const order = sorted.map((s) => `${s.field.column} ${(s.direction === 'ASC') !== backwards ? 'ASC' : 'DESC'}`).join(', ');
  // A cursor's value of a field the row reads (the key, a sort field selected) is decoded from the
  // row's column: only the others are selected on their own.
  const inRow = sorted.map((s) => inner.fields.findIndex((f) => t.fields.get(f) === s.field));
  const apart = sorted.filter((_, i) => inRow[i]! < 0);
  const head = `SELECT ${[...facts(), ...apart.map((s) => s.field.column), inner.columns()].join(', ')}${joins?.columns ?? ''}`;
  const from = ` FROM ${table(true)}${joins?.joins ?? ''}`;
  params.push(...(joins?.params ?? []));
  let sql = `${head}${from}${where(between)} ORDER BY ${order}`;
  if (size !== undefined) {
    sql += ' LIMIT ?';
    params.push(size + 1);
  }

  await checkPacket(ctx, session, meta.entity.name, sql, params);
  // The text depends on the query's shape, not on its values (a NULL in a cursor aside): prepared.
  let raws = await session.select(sql, params, params.length <= MAX_PLACEHOLDERS);
  const rows: Row[] = [];
  const cursors: Tuple[] = [];
  const skip = factCount + apart.length;
  // Where each cursor value is in a result row.
  let next = factCount;
  const at = inRow.map((i) => (i >= 0 ? skip + i : next++));
  for (const raw of raws) {
    const row = inner.read(raw, skip);
    joins?.attach(row, raw, skip + inner.fields.length);
    rows.push(row);
    const tuple = new Array<Value>(sorted.length);
    for (let i = 0; i < sorted.length; i++) tuple[i] = sorted[i]!.field.decode(raw[at[i]!]);
    cursors.push(tuple);
  }
  // An empty page carries no total: read it, and the neighbours, apart (past the last page).
  if (raws.length === 0 && factCount > 0) {
    params.length = 0;
    const countSql = `SELECT ${facts().join(', ')}`;
    raws = await session.select(countSql, params, params.length <= MAX_PLACEHOLDERS);
  }
  const first = raws[0];
  let column = 0;
  const count = total && first !== undefined ? Number(first[column++]) : 0;
  const before = lo && first !== undefined && Number(first[column++]) === 1;
  const after = hi && first !== undefined && Number(first[column]) === 1;
  // One row more than the page: rows go on beyond it (after it forwards, before it backwards).
  const more = size !== undefined && rows.length > size;
  if (more) {
    rows.pop();
    cursors.pop();
  }
  // Backwards, the statement reads the rows in reverse order.
  if (backwards) {
    rows.reverse();
    cursors.reverse();
  }
  return pageOf(q.facts, rows, cursors, before || (backwards && more), after || (!backwards && more), count);
}
