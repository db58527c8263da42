/**
 * Filter and ORDER BY → SQL for one entity. Values are always bound as `?` parameters and
 * identifiers always quoted. SQL's own three-valued logic gives the contract's filter semantics
 * (datastore.ts); the few places where MySQL would differ from the in-memory reference are
 * rewritten here:
 * - DECIMAL operands are cast to the column's DECIMAL(p,s) (MySQL would compare a string as a
 *   double), and operands the cast would round are rewritten exactly (decimal-operand.ts);
 * - enums order by declaration, so lt/gt compare the member's position (`col + 0`), not its text;
 * - contains/startsWith/endsWith escape `\`, `%` and `_` so that every character is literal;
 * - an empty `in` list is FALSE and an empty `notIn` TRUE for every row (SQL cannot write `IN ()`);
 * - a relation condition is a correlated `EXISTS` (some) or `NOT EXISTS` (none; every: no related
 *   row whose filter `IS NOT TRUE`) over the related table, aliased by nesting depth (`__f1`, …),
 *   joined on its indexed foreign key or key, so it is TRUE or FALSE, never NULL.
 * Case-sensitive, code-point comparison comes from the columns' binary collation (persist push).
 */
import type { CompareOp, Filter, RelationFilter, SortSpec, StringOp, Value } from '../datastore.js';
import { foldEqualities } from '../semantics/fold-equalities.js';
import { decimalComparison, fitsDecimal } from './decimal-operand.js';
import { aliasedMeta, quoteId, type EntitySql, type FieldSql } from './entity-sql.js';

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

/** A column of `meta` as a correlated subquery must name it: qualified by its alias or table. */
function outerColumn(meta: EntitySql, field: string): string {
  const column = fieldOf(meta, field).column;
  return meta.alias === undefined ? `${meta.table}.${column}` : column;
}

/** `a.to1 = p.from1 AND …`: the related table (aliased) joined to the row of `meta` through `link`. */
export function relationJoinSql(meta: EntitySql, target: EntitySql, from: readonly string[], to: readonly string[]): string {
  return to.map((t, i) => `${fieldOf(target, t).column} = ${outerColumn(meta, from[i]!)}`).join(' AND ');
}

function relationSql(meta: EntitySql, filter: RelationFilter, params: unknown[], depth: number): string {
  const link = meta.links.get(filter.field);
  if (link === undefined) throw new Error(`Unknown relation field '${meta.entity.name}.${filter.field}'`);
  const alias = quoteId(`__f${depth + 1}`);
  const target = aliasedMeta(meta.all.get(link.target)!, alias);
  let where = relationJoinSql(meta, target, link.from, link.to);
  if (filter.scope !== undefined) where += ` AND ${filterSql(target, filter.scope, params, depth + 1)}`;
  const test = filterSql(target, filter.filter, params, depth + 1);
  // every: no related row in scope for which the filter is FALSE or UNKNOWN.
  where += filter.quantifier === 'every' ? ` AND (${test}) IS NOT TRUE` : ` AND ${test}`;
  const exists = `EXISTS (SELECT 1 FROM ${target.table} AS ${alias} WHERE ${where})`;
  return filter.quantifier === 'some' ? exists : `NOT ${exists}`;
}

/**
 * The SQL of a canonical filter (see canonicalFilter), appending its parameters to `params`.
 * `depth` is the nesting of relation conditions the filter is inside (0 at a statement's top).
 */
export function filterSql(meta: EntitySql, filter: Filter, params: unknown[], depth = 0): string {
  switch (filter.kind) {
    case 'and':
      return filter.filters.length === 0 ? 'TRUE' : `(${filter.filters.map((x) => filterSql(meta, x, params, depth)).join(' AND ')})`;
    case 'or':
      return filter.filters.length === 0
        ? 'FALSE'
        : `(${foldEqualities(filter.filters)
            .map((x) => filterSql(meta, x, params, depth))
            .join(' OR ')})`;
    case 'not':
      return `(NOT ${filterSql(meta, filter.filter, params, depth)})`;
    case 'relation':
      return relationSql(meta, filter, params, depth);
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

/** `<key> ASC, …`: the entity's key order. */
export function keyOrderSql(meta: EntitySql): string {
  return meta.keyFields.map((k) => `${fieldOf(meta, k).column} ASC`).join(', ');
}

/** Whether any sort spec follows a to-one path (its statement then needs SortJoins). */
export function hasSortPaths(orderBy: readonly SortSpec[] | undefined): boolean {
  return orderBy?.some((s) => s.path !== undefined && s.path.length > 0) ?? false;
}

/**
 * The LEFT JOINs the sort paths of one ORDER BY need (one per distinct path prefix, aliased
 * `__s1`, … and joined on the target's primary key, so they never add or drop rows; a step's
 * `where` goes into its ON clause, so that a row outside it sorts as NULL), and the ORDER BY list.
 */
export class SortJoins {
  /** ` LEFT JOIN t AS a ON …`: to append to the FROM clause (after the includes' joins). */
  readonly joins: string;
  /** The parameters of the ON conditions, in text order. */
  readonly params: readonly unknown[];
  /** The ORDER BY list: the requested sort, then the key fields ascending. */
  readonly order: string;
  /** What each ORDER BY item sorts by (its column qualified by its alias), in the same order. */
  readonly sorted: readonly { field: FieldSql; direction: 'ASC' | 'DESC' }[];

  /** `meta`: the sorted table, qualified by its alias in the statement. */
  constructor(meta: EntitySql, orderBy: readonly SortSpec[] | undefined) {
    const joins: string[] = [];
    const params: unknown[] = [];
    const aliases = new Map<string, EntitySql>();
    const parts: string[] = [];
    const sorted: { field: FieldSql; direction: 'ASC' | 'DESC' }[] = [];
    for (const s of orderBy ?? []) {
      let at = meta;
      let label = '';
      for (const step of s.path ?? []) {
        label += `${step.relation}.`;
        let next = aliases.get(label);
        if (next === undefined) {
          const link = at.links.get(step.relation)!;
          const alias = quoteId(`__s${aliases.size + 1}`);
          next = aliasedMeta(at.all.get(link.target)!, alias);
          let on = relationJoinSql(at, next, link.from, link.to);
          if (step.where !== undefined) on += ` AND ${filterSql(next, step.where, params)}`;
          joins.push(` LEFT JOIN ${next.table} AS ${alias} ON ${on}`);
          aliases.set(label, next);
        }
        at = next;
      }
      sorted.push({ field: fieldOf(at, s.field), direction: s.direction === 'DESC' ? 'DESC' : 'ASC' });
    }
    for (const k of meta.keyFields) sorted.push({ field: fieldOf(meta, k), direction: 'ASC' });
    for (const s of sorted) parts.push(`${s.field.column} ${s.direction}`);
    this.joins = joins.join('');
    this.params = params;
    this.order = parts.join(', ');
    this.sorted = sorted;
  }
}

/**
 * The ORDER BY list: the requested sort, then the key fields ascending as tie-breakers. MySQL's
 * own NULL order (first ascending, last descending) and ENUM order (declaration) are the contract's.
 * Sort paths need their joins: see SortJoins.
 */
export function orderBySql(meta: EntitySql, orderBy: readonly SortSpec[] | undefined): string {
  if (hasSortPaths(orderBy)) throw new Error('A sort on a relation path needs SortJoins');
  return new SortJoins(meta, orderBy).order;
}
