/**
 * The user-facing `where` / `orderBy` / `limit` / `offset` arguments → the datastore's
 * `ListQuery`. The `where` language is the GraphQL `EWhere` one, translated by the same function
 * (datastore/where-filter.ts); this file only checks the shape of what the application passed,
 * which GraphQL's input types check for the gateway. Operand values pass through unchanged: the
 * datastore validates and canonicalizes them (query-checks.ts), so a bad value gets the same error
 * here as in the gateway.
 */
import type { ListQuery, SortSpec, SortStep } from '../datastore/datastore.js';
import { WHERE_OPERATORS, whereShape, whereToFilter, type WhereInput } from '../datastore/where-filter.js';
import type { EntityIR, ModelIR, RelationFieldIR } from '../model/ir.js';
import { getEntity } from '../model/model-helpers.js';
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

const QUANTIFIERS = ['some', 'every', 'none'];

/** Checks a relation field's filter: `{ some, every, none }` for 1-n, the target's where for to-one. */
function checkRelationFilter(model: ModelIR, entity: EntityIR, relation: RelationFieldIR, input: unknown): void {
  if (input === null) return;
  const target = getEntity(model, relation.target);
  if (!relation.many) {
    checkWhere(model, target, input);
    return;
  }
  for (const [q, inner] of Object.entries(asRecord(input, `The filter of '${entity.name}.${relation.name}'`))) {
    if (!QUANTIFIERS.includes(q))
      throw badInput(`Unknown relation filter '${q}' on '${entity.name}.${relation.name}' (use some, every, none)`);
    if (inner !== undefined && inner !== null) checkWhere(model, target, inner);
  }
}

/** Checks a where object's shape (recursively) and returns it as a WhereInput. */
function checkWhere(model: ModelIR, entity: EntityIR, where: unknown): WhereInput {
  const record = asRecord(where, `The filter of '${entity.name}'`);
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || (value === null && (key === 'AND' || key === 'OR' || key === 'NOT'))) continue;
    if (key === 'AND' || key === 'OR') {
      if (!Array.isArray(value)) throw badInput(`'${key}' of a '${entity.name}' filter must be a list`);
      for (const w of value as unknown[]) checkWhere(model, entity, w);
    } else if (key === 'NOT') checkWhere(model, entity, value);
    else {
      const relation = entity.relationFields.find((r) => r.name === key);
      if (relation !== undefined) checkRelationFilter(model, entity, relation, value);
      else checkFieldFilter(entity, key, value);
    }
  }
  return record;
}

/**
 * `{ hireDate: 'DESC' }`, `{ department: { deptName: 'ASC' } }` (an owner-side to-one relation:
 * by the related row's fields) or a list of such objects → sort keys in order.
 */
export function toSortSpecs(model: ModelIR, entity: EntityIR, orderBy: unknown): SortSpec[] {
  const items: unknown[] = Array.isArray(orderBy) ? orderBy : [orderBy];
  const specs: SortSpec[] = [];
  for (const item of items) sortSpecs(model, entity, item, [], specs);
  return specs;
}

function sortSpecs(model: ModelIR, entity: EntityIR, item: unknown, path: readonly SortStep[], specs: SortSpec[]): void {
  for (const [field, direction] of Object.entries(asRecord(item, `The orderBy of '${entity.name}'`))) {
    if (direction === undefined) continue;
    const relation = entity.relationFields.find((r) => r.name === field);
    if (relation !== undefined) {
      if (!relation.owner)
        throw badInput(`'${entity.name}.${field}' is not a to-one relation holding the foreign key, so it does not sort.`);
      sortSpecs(model, getEntity(model, relation.target), direction, [...path, { relation: field }], specs);
      continue;
    }
    const f = entity.fields.find((x) => x.name === field);
    if (!f) throw badInput(`The entity '${entity.name}' has no field '${field}' to sort by.`);
    if (f.type.kind === 'scalar' && f.type.name === 'bytes') throw badInput(`'${entity.name}.${field}' holds bytes, which do not sort.`);
    if (direction !== 'ASC' && direction !== 'DESC') throw badInput(`Sort '${entity.name}.${field}' by 'ASC' or 'DESC'`);
    specs.push(path.length === 0 ? { field, direction } : { field, direction, path });
  }
}

function count(value: unknown, name: string): number {
  if (typeof value !== 'number') throw badInput(`The ${name} must be a non-negative integer, got ${JSON.stringify(value)}.`);
  return value; // the datastore rejects fractions and negatives with the same message
}

/** The list arguments of `get` or of a 1-n relation → a ListQuery (without `select`). */
export function toListQuery(
  model: ModelIR,
  entity: EntityIR,
  args: { where?: unknown; orderBy?: unknown; limit?: unknown; offset?: unknown },
): ListQuery {
  const query: ListQuery = {};
  if (args.where !== undefined && args.where !== null) {
    const where = whereToFilter(checkWhere(model, entity, args.where), whereShape(model, entity.name));
    if (where !== undefined) query.where = where;
  }
  if (args.orderBy !== undefined) query.orderBy = toSortSpecs(model, entity, args.orderBy);
  if (args.limit !== undefined) query.limit = count(args.limit, 'limit');
  if (args.offset !== undefined) query.offset = count(args.offset, 'offset');
  return query;
}
