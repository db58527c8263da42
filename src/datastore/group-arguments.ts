/**
 * The group-by language (GraphQL's `EHaving` and `EGroupOrderBy`, the client's `groupBy()`: one
 * language, SPEC §3.3) and its one translation into the datastore's GroupFilter and group sorts.
 *
 * `having` means what `where` means (where-filter.ts), over aggregates instead of fields:
 * `{ count: { gt: 1 }, sum: { price: { gte: "10" } }, AND, OR, NOT }`; `eq: null` is
 * `isNull: true`. `orderBy` elements sort by what they set, in this order: the entity's fields
 * (in declaration order), `count`, then `sum`, `avg`, `min`, `max` (each by field order).
 */
import type { Aggregate, Filter, GroupFilter, GroupSortSpec } from './datastore.js';
import { fieldFilters, type WhereInput } from './where-filter.js';

const FUNCTIONS = ['sum', 'avg', 'min', 'max'] as const;

/** A field filter's conditions, aimed at an aggregate. */
function conditions(aggregate: Aggregate, ops: WhereInput, out: GroupFilter[]): void {
  const leaves: Filter[] = [];
  fieldFilters('', ops, leaves);
  for (const leaf of leaves) {
    switch (leaf.kind) {
      case 'compare':
        out.push({ kind: 'compare', aggregate, op: leaf.op, value: leaf.value });
        break;
      case 'in':
        out.push({ kind: 'in', aggregate, values: leaf.values, negate: leaf.negate });
        break;
      case 'isNull':
        out.push({ kind: 'isNull', aggregate, isNull: leaf.isNull });
        break;
      case 'string':
        out.push({ kind: 'string', aggregate, op: leaf.op, value: leaf.value });
        break;
      default:
        break;
    }
  }
}

const everyGroup = (): GroupFilter => ({ kind: 'and', filters: [] });

/** A having object → the GroupFilter it means, or undefined when it sets no condition. */
export function havingToGroupFilter(having: WhereInput | null | undefined): GroupFilter | undefined {
  if (having === null || having === undefined) return undefined;
  const parts: GroupFilter[] = [];
  for (const key of Object.keys(having)) {
    const value = having[key];
    if (value === null || value === undefined) continue;
    if (key === 'AND' || key === 'OR') {
      const filters = (value as readonly WhereInput[]).map((h) => havingToGroupFilter(h) ?? everyGroup());
      parts.push({ kind: key === 'AND' ? 'and' : 'or', filters });
    } else if (key === 'NOT') {
      parts.push({ kind: 'not', filter: havingToGroupFilter(value as WhereInput) ?? everyGroup() });
    } else if (key === 'count') {
      conditions({ fn: 'count' }, value as WhereInput, parts);
    } else if ((FUNCTIONS as readonly string[]).includes(key)) {
      const byField = value as Readonly<Record<string, WhereInput | null | undefined>>;
      for (const field of Object.keys(byField)) {
        const ops = byField[field];
        if (ops !== null && ops !== undefined) conditions({ fn: key as (typeof FUNCTIONS)[number], field }, ops, parts);
      }
    }
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0]! : { kind: 'and', filters: parts };
}

type Direction = 'ASC' | 'DESC';
const isDirection = (v: unknown): v is Direction => v === 'ASC' || v === 'DESC';

/** A group orderBy list → group sorts; `fields` are the entity's stored fields in declaration order. */
export function groupOrderToSort(
  fields: readonly string[],
  orderBy: readonly WhereInput[] | null | undefined,
): GroupSortSpec[] | undefined {
  if (orderBy === null || orderBy === undefined) return undefined;
  const out: GroupSortSpec[] = [];
  for (const item of orderBy) {
    for (const field of fields) {
      const d = item[field];
      if (isDirection(d)) out.push({ field, direction: d });
    }
    if (isDirection(item['count'])) out.push({ aggregate: { fn: 'count' }, direction: item['count'] });
    for (const fn of FUNCTIONS) {
      const byField = item[fn] as Readonly<Record<string, unknown>> | null | undefined;
      if (byField === null || byField === undefined) continue;
      for (const field of fields) {
        const d = byField[field];
        if (isDirection(d)) out.push({ aggregate: { fn, field }, direction: d });
      }
    }
  }
  return out.length === 0 ? undefined : out;
}
