/**
 * GraphQL list arguments (`where`, `orderBy`, `limit`, `offset`) → the datastore's ListQuery.
 *
 * Filter semantics: the operators given for one field are ANDed, as are the fields of one where
 * object. `eq: null` means `isNull: true` and `ne: null` means `isNull: false` (what a user who
 * writes them means; SQL's `= NULL` would match nothing). Any other operator given as null is no
 * condition, like an operator left out. `OR: []` matches nothing, `AND: []` everything.
 *
 * `orderBy` is a list: each element sorts by the fields it sets, in the entity's field order; the
 * key fields ascending always break ties.
 */
import type { CompareOp, Filter, ListQuery, SortSpec, StringOp, Value } from '../datastore/datastore.js';
import { badUserInput } from './bad-input.js';
import type { EntityPlan } from './entity-plans.js';

type NonNull = Exclude<Value, null>;
type InputObject = Readonly<Record<string, unknown>>;

const COMPARE_OPS: readonly CompareOp[] = ['lt', 'lte', 'gt', 'gte'];
const STRING_OPS: readonly StringOp[] = ['contains', 'startsWith', 'endsWith'];

function fieldFilter(field: string, ops: InputObject, out: Filter[]): void {
  for (const op of Object.keys(ops)) {
    const v = ops[op];
    if (op === 'eq' || op === 'ne') {
      if (v === null || v === undefined) out.push({ kind: 'isNull', field, isNull: op === 'eq' });
      else out.push({ kind: 'compare', field, op, value: v as NonNull });
    } else if (v === null || v === undefined) {
      continue;
    } else if (op === 'in' || op === 'notIn') {
      out.push({ kind: 'in', field, values: v as NonNull[], negate: op === 'notIn' });
    } else if (op === 'isNull') {
      out.push({ kind: 'isNull', field, isNull: v as boolean });
    } else if ((COMPARE_OPS as readonly string[]).includes(op)) {
      out.push({ kind: 'compare', field, op: op as CompareOp, value: v as NonNull });
    } else if ((STRING_OPS as readonly string[]).includes(op)) {
      out.push({ kind: 'string', field, op: op as StringOp, value: v as string });
    }
  }
}

function conjunction(filters: Filter[]): Filter {
  return filters.length === 1 ? filters[0]! : { kind: 'and', filters };
}

/** A where input object → a Filter (undefined when it sets no condition). */
export function whereToFilter(plan: EntityPlan, where: InputObject | null | undefined): Filter | undefined {
  if (where === null || where === undefined) return undefined;
  const parts: Filter[] = [];
  for (const key of Object.keys(where)) {
    const value = where[key];
    if (value === null || value === undefined) continue;
    if (key === 'AND' || key === 'OR') {
      const filters = (value as InputObject[]).map((w): Filter => whereToFilter(plan, w) ?? { kind: 'and', filters: [] });
      parts.push({ kind: key === 'AND' ? 'and' : 'or', filters });
    } else if (key === 'NOT') {
      const inner = whereToFilter(plan, value as InputObject);
      // NOT of "no condition" is "nothing": `NOT: {}` negates a filter that matches everything.
      parts.push({ kind: 'not', filter: inner ?? { kind: 'and', filters: [] } });
    } else if (plan.fields.has(key)) {
      fieldFilter(key, value as InputObject, parts);
    }
  }
  return parts.length === 0 ? undefined : conjunction(parts);
}

/** An orderBy list → sort specs. */
export function orderByToSort(plan: EntityPlan, orderBy: readonly InputObject[] | null | undefined): SortSpec[] | undefined {
  if (orderBy === null || orderBy === undefined || orderBy.length === 0) return undefined;
  const out: SortSpec[] = [];
  for (const item of orderBy) {
    for (const field of plan.fields.keys()) {
      const dir = item[field];
      if (dir === 'ASC' || dir === 'DESC') out.push({ field, direction: dir });
    }
  }
  return out.length === 0 ? undefined : out;
}

function paging(name: 'limit' | 'offset', value: unknown, where: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = value as number;
  if (n < 0) throw badUserInput(`Invalid value for '${name}' of '${where}': it must be zero or more, got ${n}.`);
  return n;
}

/** The list arguments of a root or nested list field → a ListQuery (without `select`). */
export function listQuery(plan: EntityPlan, args: InputObject, fieldPath: string, select?: readonly string[]): ListQuery {
  const query: ListQuery = {};
  const where = whereToFilter(plan, args['where'] as InputObject | null | undefined);
  if (where !== undefined) query.where = where;
  const orderBy = orderByToSort(plan, args['orderBy'] as InputObject[] | null | undefined);
  if (orderBy !== undefined) query.orderBy = orderBy;
  const limit = paging('limit', args['limit'], fieldPath);
  if (limit !== undefined) query.limit = limit;
  const offset = paging('offset', args['offset'], fieldPath);
  if (offset !== undefined) query.offset = offset;
  if (select !== undefined) query.select = select;
  return query;
}
