/**
 * The user-facing `where` / `orderBy` / `limit` / `offset` arguments → the datastore's
 * `ListQuery`. The `where` shape is the GraphQL `EWhere` one (field filters plus `AND`, `OR`,
 * `NOT`); its meaning is the datastore `Filter`'s, three-valued logic included. Operand values
 * pass through unchanged: the datastore validates and canonicalizes them (query-checks.ts), so a
 * bad value gets the same error here as in the gateway.
 */
import type { CompareOp, Filter, ListQuery, SortSpec, StringOp } from '../datastore/datastore.js';
import type { EntityIR } from '../model/ir.js';
import type { Value } from '../model/values.js';
import { asRecord, badInput } from './input-values.js';

const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'];
const STRING_OPS: readonly StringOp[] = ['contains', 'startsWith', 'endsWith'];

function isCompareOp(op: string): op is CompareOp {
  return (COMPARE_OPS as readonly string[]).includes(op);
}

function isStringOp(op: string): op is StringOp {
  return (STRING_OPS as readonly string[]).includes(op);
}

// Unchecked on purpose: the datastore rejects a malformed or null operand with an error that
// names the field (`null cannot be compared; use isNull`).
function operand(value: unknown): Exclude<Value, null> {
  return value as Exclude<Value, null>;
}

function combine(filters: Filter[]): Filter {
  return filters.length === 1 ? filters[0]! : { kind: 'and', filters };
}

function fieldFilters(entity: EntityIR, name: string, input: unknown): Filter[] {
  const field = entity.fields.find((f) => f.name === name);
  if (!field) throw badInput(`The entity '${entity.name}' has no field '${name}' to filter on.`);
  const ops = asRecord(input, `The filter of '${entity.name}.${name}'`);
  const out: Filter[] = [];
  for (const [op, value] of Object.entries(ops)) {
    if (value === undefined) continue;
    if (isCompareOp(op)) {
      out.push({ kind: 'compare', field: name, op, value: operand(value) });
    } else if (op === 'in' || op === 'notIn') {
      if (!Array.isArray(value)) throw badInput(`'${op}' of '${entity.name}.${name}' must be a list`);
      const values = value.map((v: unknown) => operand(v));
      out.push({ kind: 'in', field: name, values, negate: op === 'notIn' });
    } else if (op === 'isNull') {
      if (typeof value !== 'boolean') throw badInput(`'isNull' of '${entity.name}.${name}' must be true or false`);
      out.push({ kind: 'isNull', field: name, isNull: value });
    } else if (isStringOp(op)) {
      if (field.type.kind !== 'scalar' || field.type.name !== 'string') {
        throw badInput(`'${op}' applies to string fields only, and '${entity.name}.${name}' is not one`);
      }
      out.push({ kind: 'string', field: name, op, value: value as string });
    } else {
      throw badInput(`Unknown filter operator '${op}' on '${entity.name}.${name}'`);
    }
  }
  return out;
}

function whereList(entity: EntityIR, op: string, input: unknown): Filter[] {
  if (!Array.isArray(input)) throw badInput(`'${op}' of a '${entity.name}' filter must be a list`);
  return input.map((w: unknown) => toFilter(entity, w));
}

/** A `where` object → one datastore Filter (an empty object matches every row). */
export function toFilter(entity: EntityIR, where: unknown): Filter {
  const record = asRecord(where, `The filter of '${entity.name}'`);
  const parts: Filter[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (key === 'AND') parts.push({ kind: 'and', filters: whereList(entity, key, value) });
    else if (key === 'OR') parts.push({ kind: 'or', filters: whereList(entity, key, value) });
    else if (key === 'NOT') parts.push({ kind: 'not', filter: toFilter(entity, value) });
    else parts.push(...fieldFilters(entity, key, value));
  }
  return combine(parts);
}

/** `{ hireDate: 'DESC' }` or a list of such objects → sort keys in order. */
export function toSortSpecs(entity: EntityIR, orderBy: unknown): SortSpec[] {
  const items: unknown[] = Array.isArray(orderBy) ? orderBy : [orderBy];
  const specs: SortSpec[] = [];
  for (const item of items) {
    for (const [field, direction] of Object.entries(asRecord(item, `The orderBy of '${entity.name}'`))) {
      if (direction === undefined) continue;
      const f = entity.fields.find((x) => x.name === field);
      if (!f) throw badInput(`The entity '${entity.name}' has no field '${field}' to sort by.`);
      if (f.type.kind === 'scalar' && f.type.name === 'bytes') throw badInput(`'${entity.name}.${field}' holds bytes, which do not sort.`);
      if (direction !== 'ASC' && direction !== 'DESC') throw badInput(`Sort '${entity.name}.${field}' by 'ASC' or 'DESC'`);
      specs.push({ field, direction });
    }
  }
  return specs;
}

function count(value: unknown, name: string): number {
  if (typeof value !== 'number') throw badInput(`The ${name} must be a non-negative integer, got ${JSON.stringify(value)}.`);
  return value; // the datastore rejects fractions and negatives with the same message
}

/** The list arguments of `get` or of a 1-n relation → a ListQuery (without `select`). */
export function toListQuery(entity: EntityIR, args: { where?: unknown; orderBy?: unknown; limit?: unknown; offset?: unknown }): ListQuery {
  const query: ListQuery = {};
  if (args.where !== undefined) query.where = toFilter(entity, args.where);
  if (args.orderBy !== undefined) query.orderBy = toSortSpecs(entity, args.orderBy);
  if (args.limit !== undefined) query.limit = count(args.limit, 'limit');
  if (args.offset !== undefined) query.offset = count(args.offset, 'offset');
  return query;
}
