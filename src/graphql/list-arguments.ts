/**
 * GraphQL list arguments (`where`, `orderBy`, `limit`, `offset`) → the datastore's ListQuery.
 *
 * `where` means what datastore/where-filter.ts says (the one translator, shared with the typed
 * client); GraphQL's input types have already checked its shape.
 *
 * `orderBy` is a list: each element sorts by the fields it sets, in the entity's field order, then
 * by the to-one relation fields it sets (`{ department: { deptName: ASC } }`: by the related
 * row's fields, in turn), in relation field order; the key fields ascending always break ties.
 */
import type { ListQuery, SortSpec, SortStep } from '../datastore/datastore.js';
import { whereToFilter, type WhereInput } from '../datastore/where-filter.js';
import { badUserInput } from './bad-input.js';
import type { EntityPlan } from './entity-plans.js';

type InputObject = Readonly<Record<string, unknown>>;

/** An orderBy list → sort specs. */
export function orderByToSort(plan: EntityPlan, orderBy: readonly InputObject[] | null | undefined): SortSpec[] | undefined {
  if (orderBy === null || orderBy === undefined || orderBy.length === 0) return undefined;
  const out: SortSpec[] = [];
  for (const item of orderBy) sortSpecs(plan, item, [], out);
  return out.length === 0 ? undefined : out;
}

function sortSpecs(plan: EntityPlan, item: InputObject, path: readonly SortStep[], out: SortSpec[]): void {
  for (const field of plan.fields.keys()) {
    const dir = item[field];
    if (dir === 'ASC' || dir === 'DESC') out.push(path.length === 0 ? { field, direction: dir } : { field, direction: dir, path });
  }
  for (const [relation, target] of plan.sortRelations) {
    const inner = item[relation];
    if (inner !== null && inner !== undefined) sortSpecs(target, inner as InputObject, [...path, { relation }], out);
  }
}

/** A page size argument (`limit`, `offset`, `first`, `last`): zero or more. */
export function paging(name: string, value: unknown, where: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = value as number;
  if (n < 0) throw badUserInput(`Invalid value for '${name}' of '${where}': it must be zero or more, got ${n}.`);
  return n;
}

/** The list arguments of a root or nested list field → a ListQuery (without `select`). */
export function listQuery(plan: EntityPlan, args: InputObject, fieldPath: string, select?: readonly string[]): ListQuery {
  const query: ListQuery = {};
  const where = whereToFilter(args['where'] as WhereInput | null | undefined, plan.whereShape);
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
