/**
 * Datastore.aggregate in SQL: one `SELECT … GROUP BY` statement per call, for any number of
 * parents with `per` (`WHERE fk IN (…) GROUP BY fk, …`), with having, order and paging in SQL
 * (per parent through ROW_NUMBER() OVER (PARTITION BY fk)). Where MySQL's own aggregates differ
 * from the contract (datastore.ts, AggregateQuery) the expression is rewritten:
 * - the avg of an int or float field is a DOUBLE (`AVG(col + 0e0)`; MySQL's AVG of an INT is a
 *   DECIMAL with 4 digits);
 * - min/max of an enum is taken over the member's position (`MIN(col + 0)`; MySQL's MIN of an
 *   ENUM compares the text) and read back as the member;
 * - DECIMAL sums and averages stay DECIMAL arithmetic and come back as strings.
 * Having reuses the filter's comparisons (sql-filter.ts) over the aggregate expressions.
 */
import type { EntityIR } from '../../model/ir.js';
import { DEFAULT_DECIMAL } from '../../model/values.js';
import type { Aggregate, AggregateQuery, Group, GroupFilter, GroupSortSpec, Row, Value } from '../datastore.js';
import { aggregateField, AVG_EXTRA_SCALE, checkAggregateQuery } from '../aggregate-checks.js';
import { rowKey, type TupleKey } from '../tuple-key.js';
import type { EntitySql, FieldSql } from './entity-sql.js';
import { compareSql, filterSql, inSql, stringSql } from './sql-filter.js';
import { checkPacket, distinctTuples, pagingSql, tupleInSql, type ReadContext } from './sql-reads.js';
import { MAX_PLACEHOLDERS, type SqlSession } from './sql-session.js';
import { canonicalDecimalText, type Decoder } from './value-codec.js';

const ROW_NUMBER = '`__persist_rn`';
const GROUPED = '`__a`';

const decodeNumber: Decoder = (raw) => (raw === null || raw === undefined ? null : Number(raw));
const decodeDecimal: Decoder = (raw) => (raw === null || raw === undefined ? null : canonicalDecimalText(raw as string));
const asIs = (v: Value): unknown => v;

/** How one aggregate is written, read back and compared: a FieldSql whose column is the aggregate's expression. */
function aggregateSql(meta: EntitySql, agg: Aggregate): FieldSql {
  const result = aggregateField(meta.entity, agg);
  const numeric = (column: string): FieldSql => ({ field: result, column, decode: decodeNumber, encode: asIs, operand: '?' });
  if (agg.fn === 'count') return numeric('COUNT(*)');
  const f = meta.fields.get(agg.field)!;
  const fn = agg.fn.toUpperCase();
  if (agg.fn === 'min' || agg.fn === 'max') {
    if (f.enumRank) {
      const members = [...f.enumRank.keys()];
      return {
        field: result,
        column: `${fn}(${f.column} + 0)`,
        decode: (raw) => (raw === null || raw === undefined ? null : (members[Number(raw) - 1] ?? null)),
        encode: (v) => f.enumRank!.get(v as string) ?? 0,
        operand: '?',
      };
    }
    return { ...f, field: result, column: `${fn}(${f.column})` };
  }
  if (f.decimal) {
    const scale = (f.field.sql.decimal ?? DEFAULT_DECIMAL).scale + (agg.fn === 'avg' ? AVG_EXTRA_SCALE : 0);
    const decimal = { precision: 65, scale };
    return {
      field: result,
      column: `${fn}(${f.column})`,
      decode: decodeDecimal,
      encode: asIs,
      operand: `CAST(? AS DECIMAL(65,${scale}))`,
      decimal,
    };
  }
  return numeric(agg.fn === 'avg' ? `AVG(${f.column} + 0e0)` : `SUM(${f.column})`);
}

function havingSql(meta: EntitySql, f: GroupFilter, params: unknown[]): string {
  switch (f.kind) {
    case 'and':
      return f.filters.length === 0 ? 'TRUE' : `(${f.filters.map((x) => havingSql(meta, x, params)).join(' AND ')})`;
    case 'or':
      return f.filters.length === 0 ? 'FALSE' : `(${f.filters.map((x) => havingSql(meta, x, params)).join(' OR ')})`;
    case 'not':
      return `(NOT ${havingSql(meta, f.filter, params)})`;
    case 'isNull':
      return `${aggregateSql(meta, f.aggregate).column} IS ${f.isNull ? '' : 'NOT '}NULL`;
    case 'compare':
      return compareSql(aggregateSql(meta, f.aggregate), f.op, f.value, params);
    case 'in':
      return inSql(aggregateSql(meta, f.aggregate), f.values, f.negate, params);
    case 'string':
      return stringSql(aggregateSql(meta, f.aggregate).column, f.op, f.value, params);
  }
}

function groupOrderSql(meta: EntitySql, orderBy: readonly GroupSortSpec[] | undefined, groupBy: readonly string[]): string {
  const parts: string[] = [];
  for (const s of orderBy ?? []) {
    const expr = 'aggregate' in s ? aggregateSql(meta, s.aggregate).column : meta.fields.get(s.field)!.column;
    parts.push(`${expr} ${s.direction === 'DESC' ? 'DESC' : 'ASC'}`);
  }
  for (const g of groupBy) parts.push(`${meta.fields.get(g)!.column} ASC`);
  return parts.join(', ');
}

/** The group every parent without rows gets when nothing is grouped: count 0, every other aggregate null. */
function emptyGroup(aggregates: readonly Aggregate[]): Group {
  return { fields: {}, values: aggregates.map((a) => (a.fn === 'count' ? 0 : null)) };
}

export async function aggregate(ctx: ReadContext, meta: EntitySql, session: SqlSession, query: AggregateQuery): Promise<Group[][]> {
  const q = checkAggregateQuery(ctx.model, meta.entity, query);
  const by = q.groupBy ?? [];
  const perFields = q.per?.fields ?? [];
  const keyCols = [...perFields, ...by].map((f) => meta.fields.get(f)!);
  const aggs = q.aggregates.map((a) => aggregateSql(meta, a));
  const columns = [...keyCols.map((c) => c.column), ...aggs.map((a) => a.column)];
  // A statement needs at least one column: a read of no aggregates still counts its groups.
  if (columns.length === 0) columns.push('COUNT(*)');
  const order = groupOrderSql(meta, q.orderBy, by);
  const paged = q.limit !== undefined || (q.offset ?? 0) > 0;

  const statement = async (inList: string | undefined, params: unknown[]): Promise<unknown[][]> => {
    const conditions: string[] = [];
    if (inList !== undefined) conditions.push(inList);
    if (q.where) conditions.push(filterSql(meta, q.where, params));
    let sql = `SELECT ${columns.join(', ')}`;
    if (paged && perFields.length > 0) {
      const partition = perFields.map((f) => meta.fields.get(f)!.column).join(', ');
      sql += `, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS ${ROW_NUMBER}`;
    }
    sql += ` FROM ${meta.table}`;
    if (conditions.length > 0) sql += ` WHERE ${conditions.join(' AND ')}`;
    if (keyCols.length > 0) sql += ` GROUP BY ${keyCols.map((c) => c.column).join(', ')}`;
    if (q.having) sql += ` HAVING ${havingSql(meta, q.having, params)}`;
    if (paged && perFields.length > 0) {
      sql = `SELECT * FROM (${sql}) AS ${GROUPED} WHERE ${ROW_NUMBER} > ?`;
      params.push(q.offset ?? 0);
      if (q.limit !== undefined) {
        sql += ` AND ${ROW_NUMBER} <= ?`;
        params.push((q.offset ?? 0) + q.limit);
      }
      sql += ` ORDER BY ${ROW_NUMBER}`;
    } else {
      if (by.length > 0) sql += ` ORDER BY ${order}`;
      if (perFields.length === 0) sql += pagingSql(q, params);
    }
    await checkPacket(ctx, session, meta.entity.name, sql, params);
    return session.select(sql, params, inList === undefined && params.length <= MAX_PLACEHOLDERS);
  };

  const toGroup = (raw: unknown[]): Group => {
    const fields: Row = {};
    for (let i = 0; i < by.length; i++) fields[by[i]!] = keyCols[perFields.length + i]!.decode(raw[perFields.length + i]);
    const offset = keyCols.length;
    return { fields, values: aggs.map((a, i) => a.decode(raw[offset + i])) };
  };

  if (!q.per) {
    // Without grouped fields SQL returns its one row even over no rows.
    return [(await statement(undefined, [])).map(toGroup)];
  }
  // Parent tuples are canonicalized as keys are (foreign keys hold key values).
  const view: EntityIR = { ...meta.entity, keyFields: [...perFields] };
  const { ids, distinct } = distinctTuples(ctx.model, view, q.per.values);
  const perParent = new Map<TupleKey, Group[]>();
  // One statement for every parent, whatever their number (a row read chunks at 1,000 keys; an
  // aggregate returns a few rows per parent, and its IN list is checked against the packet size).
  if (distinct.length > 0) {
    const params: unknown[] = [];
    const inList = tupleInSql(meta, perFields, distinct, params);
    for (const raw of await statement(inList, params)) {
      const parent: Row = {};
      for (let i = 0; i < perFields.length; i++) parent[perFields[i]!] = keyCols[i]!.decode(raw[i]);
      // Matched by `IN`, so never NULL.
      const id = rowKey(parent, perFields)!;
      const list = perParent.get(id);
      if (list) list.push(toGroup(raw));
      else perParent.set(id, [toGroup(raw)]);
    }
  }
  return ids.map((id) => {
    const groups = id === undefined ? undefined : perParent.get(id);
    if (groups) return groups.map((g) => ({ fields: { ...g.fields }, values: [...g.values] }));
    return by.length === 0 ? [emptyGroup(q.aggregates)] : [];
  });
}
