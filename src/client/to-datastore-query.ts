/**
 * The user-facing `where` / `orderBy` / `limit` / `offset` arguments → the datastore's
 * `ListQuery`. The `where` language is the GraphQL `EWhere` one, translated by the same function
 * (datastore/where-filter.ts); this file only checks the shape of what the application passed,
 * which GraphQL's input types check for the gateway. Operand values pass through unchanged: the
 * datastore validates and canonicalizes them (query-checks.ts), so a bad value gets the same error
 * here as in the gateway.
 */
import type { ListQuery, SortSpec } from '../datastore/datastore.js';
import { WHERE_OPERATORS, whereToFilter, type WhereInput } from '../datastore/where-filter.js';
import type { EntityIR } from '../model/ir.js';
import { asRecord, badInput } from './input-values.js';

const COMPARE_OPS: readonly string[] = WHERE_OPERATORS.compare;
const LIST_OPS: readonly string[] = WHERE_OPERATORS.list;
const STRING_OPS: readonly string[] = WHERE_OPERATORS.string;

/** Checks one field filter's shape: known operators, a list for in/notIn, a boolean for isNull. */
function checkFieldFilter(entity: EntityIR, name: string, input: unknown): void {
  const field = entity.fields.find((f) => f.name === name);
  if (!field) throw badInput(`The entity '${entity.name}' has no field '${name}' to filter on.`);
  // A null filter, like a null operator, is no condition (as in GraphQL).
  if (input === null) return;
  const ops = asRecord(input, `The filter of '${entity.name}.${name}'`);
  for (const [op, value] of Object.entries(ops)) {
    if (COMPARE_OPS.includes(op)) continue;
    if (LIST_OPS.includes(op)) {
      if (value !== undefined && value !== null && !Array.isArray(value))
        throw badInput(`'${op}' of '${entity.name}.${name}' must be a list`);
    } else if (op === 'isNull') {
      if (value !== undefined && value !== null && typeof value !== 'boolean')
        throw badInput(`'isNull' of '${entity.name}.${name}' must be true or false`);
    } else if (STRING_OPS.includes(op)) {
      if (field.type.kind !== 'scalar' || field.type.name !== 'string') {
        throw badInput(`'${op}' applies to string fields only, and '${entity.name}.${name}' is not one`);
      }
    } else {
      throw badInput(`Unknown filter operator '${op}' on '${entity.name}.${name}'`);
    }
  }
}

/** Checks a where object's shape (recursively) and returns it as a WhereInput. */
function checkWhere(entity: EntityIR, where: unknown): WhereInput {
  const record = asRecord(where, `The filter of '${entity.name}'`);
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || (value === null && (key === 'AND' || key === 'OR' || key === 'NOT'))) continue;
    if (key === 'AND' || key === 'OR') {
      if (!Array.isArray(value)) throw badInput(`'${key}' of a '${entity.name}' filter must be a list`);
      for (const w of value as unknown[]) checkWhere(entity, w);
    } else if (key === 'NOT') checkWhere(entity, value);
    else checkFieldFilter(entity, key, value);
  }
  return record;
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
  if (args.where !== undefined && args.where !== null) {
    const where = whereToFilter(checkWhere(entity, args.where));
    if (where !== undefined) query.where = where;
  }
  if (args.orderBy !== undefined) query.orderBy = toSortSpecs(entity, args.orderBy);
  if (args.limit !== undefined) query.limit = count(args.limit, 'limit');
  if (args.offset !== undefined) query.offset = count(args.offset, 'offset');
  return query;
}
