/**
 * The read path: every call is one SELECT per chunk of at most 1,000 keys (one statement for any
 * batch a GraphQL request makes in practice), with filter, order, limit and offset in SQL. Per-group
 * paging of getByFields numbers each group's rows with ROW_NUMBER() OVER (PARTITION BY …), never
 * one LIMIT across the batch. Only the requested columns, the keys and the matched fields are read.
 * Included relations are LEFT JOINs in the same statement (sql-includes.ts).
 */
import type { EntityIR, ModelIR } from '../../model/ir.js';
import type { Filter, Include, KeyQuery, ListQuery, Row, Tuple } from '../datastore.js';
import { FrozenMemo } from '../frozen-memo.js';
import { copyRow } from '../includes.js';
import { canonicalKey } from '../row-checks.js';
import { rowList } from '../row-literal.js';
import { canonicalFilter, checkFields, checkListQuery, checkSelect } from '../query-checks.js';
import { rowKey, tupleKey, type TupleKey } from '../tuple-key.js';
import type { EntitySql } from './entity-sql.js';
import { planShape } from './plan-shape.js';
import type { ReadContext } from './read-context.js';
import type { RowReader } from './row-reader.js';
import { aliasedMeta, type IncludeJoins, type JoinPlan, PARENT_ALIAS } from './sql-includes.js';
import { filterSql, hasSortPaths, orderBySql, SortJoins } from './sql-filter.js';
import { MAX_PLACEHOLDERS, sqlLiteralBytes, type SqlSession } from './sql-session.js';
import { PersistError } from '../../errors.js';

/** What reads need beyond the entity read: the model, and the SQL facts of included entities. */
export type { ReadContext } from './read-context.js';

// Below this many values a statement is far from any packet limit: not measured.
const MEASURE_FROM = 10_000;

/**
 * Refuses, before sending it, a read whose text would exceed the server's max_allowed_packet
 * (the server would drop the connection with error 1153): a clear BAD_USER_INPUT instead.
 */
export async function checkPacket(
  ctx: ReadContext,
  session: SqlSession,
  entity: string,
  sql: string,
  params: readonly unknown[],
): Promise<void> {
  if (params.length < MEASURE_FROM) return;
  let bytes = Buffer.byteLength(sql);
  for (const p of params) bytes += sqlLiteralBytes(p);
  const max = await ctx.maxPacketBytes(session);
  if (bytes > max)
    throw new PersistError(
      'BAD_USER_INPUT',
      `The filter on '${entity}' is too large for the database: about ${bytes} bytes of SQL, more than its max_allowed_packet (${max} bytes); split it into several requests.`,
    );
}

/**
 * The pieces of one read's statement: the parent's columns and conditions (qualified when tables
 * are joined), its FROM clause and the joins of its includes.
 */
interface ReadShape {
  /** The parent's facts, columns qualified by PARENT_ALIAS when there are joins. */
  q: EntitySql;
  reader: RowReader;
  from: string;
  joins: JoinPlan | undefined;
  /** The parameters of the FROM clause's joins (includes', then sort paths'), in text order. */
  fromParams: readonly unknown[];
  /** The ORDER BY list. */
  order: string;
}

function readShape(
  ctx: ReadContext,
  meta: EntitySql,
  select: readonly string[] | undefined,
  include: readonly Include[] | undefined,
  orderBy: ListQuery['orderBy'],
): ReadShape {
  const plan = planShape(ctx, meta, select, include);
  const joins = plan.joins(PARENT_ALIAS);
  if (joins === undefined && !hasSortPaths(orderBy))
    return { q: meta, reader: plan.reader(), from: meta.table, joins, fromParams: [], order: orderBySql(meta, orderBy) };
  const q = aliasedMeta(meta, PARENT_ALIAS);
  const sort = new SortJoins(q, orderBy);
  return {
    q,
    reader: plan.reader(PARENT_ALIAS),
    from: `${meta.table} AS ${PARENT_ALIAS}${joins?.joins ?? ''}${sort.joins}`,
    joins,
    fromParams: joins === undefined ? sort.params : [...joins.params, ...sort.params],
    order: sort.order,
  };
}

/** A by-key read's shape and the text of its statement up to the WHERE conditions. */
interface KeyReadShape {
  shape: ReadShape;
  head: string;
  /**
   * The whole text for one key and no filter, built on first use: one string for every request
   * of a frozen plan, which the pool's statement cache finds without hashing it anew (mysql-pool.ts).
   */
  oneKey?: string;
}

// By-key read shapes per entity, select and include, when both are frozen: a read plan every
// request of a document shares (graphql/read-plan-cache.ts), whose statement is then built once.
const keyShapes = new FrozenMemo<KeyReadShape>();

function keyReadShape(ctx: ReadContext, meta: EntitySql, query: KeyQuery): KeyReadShape {
  const { select, include } = query;
  return keyShapes.get(meta, [select, include], () => {
    const shape = readShape(ctx, meta, select, include, undefined);
    return { shape, head: `SELECT ${shape.reader.columns()}${shape.joins?.columns ?? ''} FROM ${shape.from} WHERE ` };
  });
}

/** A by-key read's filter as SQL: ` AND <condition>`, its parameters, and the one-key text with it. */
interface KeyReadFilter {
  condition: string;
  params: readonly unknown[];
  /** The whole text for one key with this filter, built on first use when the filter is frozen. */
  oneKey?: string;
}

// Per entity and frozen filter, its canonical form; per by-key shape and frozen filter, its SQL.
const canonicalFilters = new FrozenMemo<Filter>();
const keyFilters = new FrozenMemo<KeyReadFilter>();

/** `filter`: the canonical form of `where`, the filter the read was given. */
function keyReadFilter(known: KeyReadShape, where: Filter, filter: Filter): KeyReadFilter {
  return keyFilters.get(known, [where], () => {
    const params: unknown[] = [];
    const condition = ` AND ${filterSql(known.shape.q, filter, params)}`;
    return { condition, params };
  });
}

/** Reads one result row: the parent's columns, then the joined ones (`joins`: the call's). */
function readRow(reader: RowReader, joins: IncludeJoins | undefined, raw: unknown[]): Row {
  const row = reader.read(raw);
  joins?.attach(row, raw, reader.fields.length);
  return row;
}

/** The most key tuples one statement matches; larger batches take one statement per chunk. */
export const MAX_KEYS_PER_STATEMENT = 1000;
// LIMIT is required to write OFFSET; this is MySQL's documented "no limit".
export const NO_LIMIT = '18446744073709551615';
const ROW_NUMBER = '`__persist_rn`';
// The numbered subquery of per-group paging.
const GROUPED = '`__g`';

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_KEYS_PER_STATEMENT) out.push(items.slice(i, i + MAX_KEYS_PER_STATEMENT));
  return out;
}

/**
 * `tuples` padded to the next power of two (at most MAX_KEYS_PER_STATEMENT) by repeating the
 * last: the same rows match, and a statement text of a few lengths only can be prepared.
 */
export function paddedTuples(tuples: readonly Tuple[]): readonly Tuple[] {
  const n = tuples.length;
  if (n === 0) return tuples;
  const size = Math.min(MAX_KEYS_PER_STATEMENT, 2 ** Math.ceil(Math.log2(n)));
  if (size === n) return tuples;
  const out = tuples.slice();
  const last = tuples[n - 1]!;
  while (out.length < size) out.push(last);
  return out;
}

/**
 * `col IN (?, ?)` or `(c1, c2) IN ((?, ?), (?, ?))` for tuples of `fields`, appending the
 * parameters.
 */
export function tupleInSql(meta: EntitySql, fields: readonly string[], tuples: readonly Tuple[], params: unknown[]): string {
  const codecs = fields.map((f) => meta.fields.get(f)!);
  if (codecs.length === 1) {
    const c = codecs[0]!;
    const ph: string[] = [];
    for (const t of tuples) {
      params.push(c.encode(t[0]!));
      ph.push(c.operand);
    }
    return `${c.column} IN (${ph.join(', ')})`;
  }
  const rows: string[] = [];
  for (const t of tuples) {
    rows.push(`(${codecs.map((c, i) => (params.push(c.encode(t[i]!)), c.operand)).join(', ')})`);
  }
  return `(${codecs.map((c) => c.column).join(', ')}) IN (${rows.join(', ')})`;
}

/** Distinct canonical tuples (by identity) and, per input, its identity or undefined. */
export function distinctTuples(
  model: ModelIR,
  view: EntityIR,
  values: readonly Tuple[],
): { ids: (TupleKey | undefined)[]; distinct: Tuple[] } {
  const seen = new Set<TupleKey>();
  const distinct: Tuple[] = [];
  const ids = values.map((t) => {
    const c = canonicalKey(model, view, t);
    if (!c) return undefined;
    const id = tupleKey(c);
    if (!seen.has(id)) {
      seen.add(id);
      distinct.push(c);
    }
    return id;
  });
  return { ids, distinct };
}

/** Datastore.getByKeys: one `WHERE key IN (…)` statement per 1,000 distinct keys; null for a miss. */
export async function getByKeys(
  ctx: ReadContext,
  meta: EntitySql,
  session: SqlSession,
  keys: readonly Tuple[],
  query: KeyQuery = {},
): Promise<(Row | null)[]> {
  checkSelect(meta.entity, query.select);
  const { where } = query;
  const filter = where && canonicalFilters.get(meta, [where], () => canonicalFilter(ctx.model, meta.entity, where));
  const known = keyReadShape(ctx, meta, query);
  const { shape, head } = known;
  const { q, reader } = shape;
  // A frozen filter (a role's row filter: one object per role and token) has its condition and
  // its one-key text built once, as the unfiltered read has.
  const filtered = filter && keyReadFilter(known, where, filter);
  const joins = shape.joins?.call();
  const { ids, distinct } = distinctTuples(ctx.model, meta.entity, keys);
  const found = new Map<TupleKey, Row>();
  for (const chunk of chunks(distinct)) {
    const params: unknown[] = [...shape.fromParams];
    let where = tupleInSql(q, meta.keyFields, chunk, params);
    if (filtered) {
      where += filtered.condition;
      for (const p of filtered.params) params.push(p);
    }
    // One key (`Query.e`) is a fixed text: prepared. IN lists of every length would not be.
    const oneKey = filtered ?? known;
    const sql = chunk.length === 1 ? (oneKey.oneKey ??= head + where) : head + where;
    for (const raw of await session.select(sql, params, chunk.length === 1)) {
      const row = readRow(reader, joins, raw);
      // A stored key is never NULL.
      found.set(rowKey(row, meta.keyFields)!, row);
    }
  }
  // A key asked for twice gets its own copy: callers may modify what they are given.
  const handedOut = new Set<TupleKey>();
  return ids.map((id) => {
    const row = id === undefined ? undefined : found.get(id);
    if (!row) return null;
    if (handedOut.has(id!)) return copyRow(row);
    handedOut.add(id!);
    return row;
  });
}

/** Datastore.list: one statement with WHERE, ORDER BY (keys as tie-breakers), LIMIT and OFFSET. */
export async function list(ctx: ReadContext, meta: EntitySql, session: SqlSession, query?: ListQuery): Promise<Row[]> {
  const q = checkListQuery(ctx.model, meta.entity, query);
  const shape = readShape(ctx, meta, q.select, q.include, q.orderBy);
  const joins = shape.joins?.call();
  const params: unknown[] = [...shape.fromParams];
  let sql = `SELECT ${shape.reader.columns()}${shape.joins?.columns ?? ''} FROM ${shape.from}`;
  if (q.where) sql += ` WHERE ${filterSql(shape.q, q.where, params)}`;
  sql += ` ORDER BY ${shape.order}`;
  sql += pagingSql(q, params);
  await checkPacket(ctx, session, meta.entity.name, sql, params);
  // The text depends on the query's shape only (filter structure, paging), not on its values:
  // prepared, unless it has more values than a prepared statement may (the driver then quotes
  // them into the text, which has no such limit).
  return (await session.select(sql, params, params.length <= MAX_PLACEHOLDERS)).map((raw) => readRow(shape.reader, joins, raw));
}

/** ` LIMIT ? OFFSET ?` of a read (empty when it pages nothing), appending the parameters. */
export function pagingSql(q: Pick<ListQuery, 'limit' | 'offset'>, params: unknown[]): string {
  if (q.limit === undefined && !q.offset) return '';
  let sql = ' LIMIT ';
  if (q.limit === undefined) sql += NO_LIMIT;
  else {
    sql += '?';
    params.push(q.limit);
  }
  if (q.offset) {
    sql += ' OFFSET ?';
    params.push(q.offset);
  }
  return sql;
}

/**
 * Datastore.getByFields: one statement per 1,000 distinct groups; where/order per group in SQL,
 * limit/offset per group through ROW_NUMBER() OVER (PARTITION BY the matched fields).
 */
export async function getByFields(
  ctx: ReadContext,
  meta: EntitySql,
  session: SqlSession,
  fields: readonly string[],
  values: readonly Tuple[],
  query?: ListQuery,
): Promise<Row[][]> {
  checkFields(meta.entity, fields);
  for (const v of values) {
    if (v.length !== fields.length)
      throw new Error(`getByFields on '${meta.entity.name}' matches ${fields.length} field(s), got a tuple of ${v.length}`);
  }
  const model = ctx.model;
  const q = checkListQuery(model, meta.entity, query);
  const plan = planShape(ctx, meta, q.select, q.include, fields);
  const reader = plan.reader();
  // Group values are canonicalized as keys are (foreign keys hold key values); canonicalKey reads
  // the key fields of the entity it is given, so hand it a view keyed on the matched fields.
  const view: EntityIR = { ...meta.entity, keyFields: [...fields] };
  const { ids, distinct } = distinctTuples(model, view, values);
  // The children of parents this transaction has just inserted, when they are provably its rows (written-rows.ts).
  const written = session.written;
  const fromWritten =
    written?.mayAnswer(model, meta, fields, query) === true
      ? written.answer(await ctx.schemaFacts(), model, meta, fields, ids, reader.fields)
      : undefined;
  const groups = fromWritten ?? new Map<TupleKey, Row[]>();
  const paged = q.limit !== undefined || (q.offset ?? 0) > 0;
  const sorting = hasSortPaths(q.orderBy);
  // Paged, the joins go outside the numbered subquery (its alias is their parent), the sort
  // paths' joins inside it. The table the WHERE and ORDER BY are written over is aliased, and
  // every column of its query qualified, when anything is joined to it.
  const joins = plan.joins(paged ? GROUPED : PARENT_ALIAS)?.call();
  const t = sorting || (joins !== undefined && !paged) ? aliasedMeta(meta, PARENT_ALIAS) : meta;
  const sort = t === meta ? undefined : new SortJoins(t, q.orderBy);
  const order = sort === undefined ? orderBySql(t, q.orderBy) : sort.order;
  const from = t === meta ? meta.table : `${meta.table} AS ${PARENT_ALIAS}${paged ? '' : (joins?.joins ?? '')}${sort!.joins}`;
  const inner = t === meta ? reader : plan.reader(PARENT_ALIAS);
  const joinColumns = joins?.columns ?? '';
  const joinParams = joins?.params ?? [];
  const sortParams = sort?.params ?? [];
  for (const chunk of fromWritten === undefined ? chunks(distinct) : []) {
    // Placeholders in text order: paged, the subquery's joins and WHERE come before the includes' ON; else after.
    const params: unknown[] = paged ? [...sortParams] : [...joinParams, ...sortParams];
    // The IN list padded to a power of two: a few texts per shape, prepared (binary rows decode with
    // less garbage: measured on the benchmark's Q2, about 6% less CPU per request).
    let where = tupleInSql(t, fields, paddedTuples(chunk), params);
    if (q.where) where += ` AND ${filterSql(t, q.where, params)}`;
    let sql: string;
    if (paged) {
      const partition = fields.map((f) => t.fields.get(f)!.column).join(', ');
      const outer = plan.reader(GROUPED).columns();
      sql =
        `SELECT ${outer}${joinColumns} FROM (SELECT ${inner.columns()}, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS ${ROW_NUMBER}` +
        ` FROM ${from} WHERE ${where}) AS ${GROUPED}${joins?.joins ?? ''} WHERE ${ROW_NUMBER} > ?`;
      params.push(...joinParams, q.offset ?? 0);
      if (q.limit !== undefined) {
        sql += ` AND ${ROW_NUMBER} <= ?`;
        params.push((q.offset ?? 0) + q.limit);
      }
      sql += ` ORDER BY ${ROW_NUMBER}`;
    } else {
      sql = `SELECT ${inner.columns()}${joinColumns} FROM ${from} WHERE ${where} ORDER BY ${order}`;
    }
    await checkPacket(ctx, session, meta.entity.name, sql, params);
    for (const raw of await session.select(sql, params, params.length <= MAX_PLACEHOLDERS)) {
      const row = reader.read(raw);
      joins?.attach(row, raw, reader.fields.length);
      // Matched by `IN`, so never NULL.
      const id = rowKey(row, fields)!;
      const group = groups.get(id);
      if (group) group.push(row);
      else groups.set(id, rowList(row));
    }
  }
  // Each group's rows are fresh objects; a tuple asked for twice gets its own copies.
  const handedOut = new Set<TupleKey>();
  return ids.map((id) => {
    if (id === undefined) return [];
    const rows = groups.get(id) ?? [];
    if (!handedOut.has(id)) {
      handedOut.add(id);
      return rows;
    }
    return rows.map((r) => copyRow(r));
  });
}
