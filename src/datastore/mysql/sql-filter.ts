/**
 * Filter and ORDER BY → SQL for one entity. Values are always bound as `?` parameters and
 * identifiers always quoted. SQL's own three-valued logic gives the contract's filter semantics
 * (datastore.ts); the few places where MySQL would differ from the in-memory reference are
 * rewritten here:
 * - DECIMAL operands are cast to the column's DECIMAL(p,s) (MySQL would compare a string as a
 *   double), and operands the cast would round are rewritten exactly (decimal-operand.ts);
 * - enums order by declaration, so lt/gt compare the member's position (`col + 0`), not its text;
 * - contains/startsWith/endsWith escape `\`, `%` and `_` so that every character is literal;
 * - an empty `in` list is FALSE and an empty `notIn` TRUE for every row (SQL cannot write `IN ()`).
 * Case-sensitive, code-point comparison comes from the columns' binary collation (persist push).
 */
import type { CompareOp, Filter, SortSpec, StringOp, Value } from '../datastore.js';
import { foldEqualities } from '../semantics/fold-equalities.js';
import { decimalComparison, fitsDecimal } from './decimal-operand.js';
import type { EntitySql, FieldSql } from './entity-sql.js';

const OPERATORS: Readonly<Record<CompareOp, string>> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

/** A LIKE pattern matching `text` literally (the default escape character is `\`). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function fieldOf(meta: EntitySql, name: string): FieldSql {
  const f = meta.fields.get(name);
  if (!f) throw new Error(`Unknown field '${meta.entity.name}.${name}'`);
  return f;
}

/** TRUE or FALSE for every row whose column is not NULL, UNKNOWN (NULL) for the others. */
function constantUnlessNull(f: FieldSql, truth: boolean): string {
  return `IF(${f.column} IS NULL, NULL, ${truth ? 'TRUE' : 'FALSE'})`;
}

/** `column op ?` for one field (or any expression of the field's type put in `f.column`). */
export function compareSql(f: FieldSql, op: CompareOp, value: Exclude<Value, null>, params: unknown[]): string {
  if (f.enumRank && op !== 'eq' && op !== 'ne') {
    params.push(f.enumRank.get(value as string) ?? 0);
    return `(${f.column} + 0) ${OPERATORS[op]} ?`;
  }
  if (f.decimal) {
    const c = decimalComparison(op, value as string, f.decimal.precision, f.decimal.scale);
    if (typeof c === 'boolean') return constantUnlessNull(f, c);
    params.push(c.value);
    return `${f.column} ${OPERATORS[c.op]} ${f.operand}`;
  }
  params.push(f.encode(value));
  return `${f.column} ${OPERATORS[op]} ${f.operand}`;
}

/** `column IN (…)` for one field (or any expression of the field's type put in `f.column`). */
export function inSql(f: FieldSql, values: readonly Exclude<Value, null>[], negate: boolean, params: unknown[]): string {
  if (values.length === 0) return negate ? 'TRUE' : 'FALSE';
  // A decimal the column cannot hold equals no stored value: leave it out of the list.
  const candidates = f.decimal ? values.filter((v) => fitsDecimal(v as string, f.decimal!.precision, f.decimal!.scale)) : values;
  if (candidates.length === 0) return constantUnlessNull(f, negate);
  const placeholders: string[] = [];
  for (const v of candidates) {
    params.push(f.encode(v));
    placeholders.push(f.operand);
  }
  return `${f.column} ${negate ? 'NOT IN' : 'IN'} (${placeholders.join(', ')})`;
}

/** `column LIKE ?` matching `value` literally as contains/startsWith/endsWith. */
export function stringSql(column: string, op: StringOp, value: string, params: unknown[]): string {
  const text = likeLiteral(value);
  params.push(op === 'contains' ? `%${text}%` : op === 'startsWith' ? `${text}%` : `%${text}`);
  return `${column} LIKE ?`;
}

/** The SQL of a canonical filter (see canonicalFilter), appending its parameters to `params`. */
export function filterSql(meta: EntitySql, filter: Filter, params: unknown[]): string {
  switch (filter.kind) {
    case 'and':
      return filter.filters.length === 0 ? 'TRUE' : `(${filter.filters.map((x) => filterSql(meta, x, params)).join(' AND ')})`;
    case 'or':
      return filter.filters.length === 0
        ? 'FALSE'
        : `(${foldEqualities(filter.filters)
            .map((x) => filterSql(meta, x, params))
            .join(' OR ')})`;
    case 'not':
      return `(NOT ${filterSql(meta, filter.filter, params)})`;
    case 'isNull':
      return `${fieldOf(meta, filter.field).column} IS ${filter.isNull ? '' : 'NOT '}NULL`;
    case 'compare':
      return compareSql(fieldOf(meta, filter.field), filter.op, filter.value, params);
    case 'in':
      return inSql(fieldOf(meta, filter.field), filter.values, filter.negate, params);
    case 'string':
      return stringSql(fieldOf(meta, filter.field).column, filter.op, filter.value, params);
  }
}

/**
 * The ORDER BY list: the requested sort, then the key fields ascending as tie-breakers. MySQL's
 * own NULL order (first ascending, last descending) and ENUM order (declaration) are the contract's.
 */
export function orderBySql(meta: EntitySql, orderBy: readonly SortSpec[] | undefined): string {
  const parts: string[] = [];
  for (const s of orderBy ?? []) parts.push(`${fieldOf(meta, s.field).column} ${s.direction === 'DESC' ? 'DESC' : 'ASC'}`);
  for (const k of meta.keyFields) parts.push(`${fieldOf(meta, k).column} ASC`);
  return parts.join(', ');
}
