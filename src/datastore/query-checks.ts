/**
 * Read-request checks shared by every backend: field names in filters, orders and selections
 * must exist, filter values are brought to canonical form (so that "12.50" finds 12.5 and a Utc
 * with an offset finds the same instant), and limit/offset are non-negative integers.
 */
import type { EntityIR, FieldIR, ModelIR } from '../model/ir.js';
import { illFormedText, normalizeValue, ValueFormatError, type Value } from '../model/values.js';
import { InvalidValueError, PersistError } from '../errors.js';
import type { Filter, ListQuery } from './datastore.js';

// Filter values are compared, not stored: a string longer than the column or a decimal with more
// digits than DECIMAL(65,30) is still a meaningful operand (it just matches nothing with `eq`).
const UNLIMITED_SQL = { varchar: Number.MAX_SAFE_INTEGER, decimal: { precision: 2000, scale: 1000 } };

function fieldOf(entity: EntityIR, name: string): FieldIR {
  for (const f of entity.fields) if (f.name === name) return f;
  throw new InvalidValueError(entity.name, name, 'the entity has no such field');
}

function canonicalOperand(model: ModelIR, entity: EntityIR, field: FieldIR, value: Value): Exclude<Value, null> {
  if (value === null) throw new InvalidValueError(entity.name, field.name, 'null cannot be compared; use isNull');
  try {
    const loose: FieldIR = { ...field, nullable: false, sql: UNLIMITED_SQL };
    return normalizeValue(loose, model.enums, value) as Exclude<Value, null>;
  } catch (e) {
    if (e instanceof ValueFormatError) throw new InvalidValueError(entity.name, field.name, e.message);
    throw e;
  }
}

/**
 * Validates a filter and returns it with canonical operand values. Throws InvalidValueError
 * (BAD_USER_INPUT) for unknown fields, malformed values, and string operators on non-string
 * fields.
 */
export function canonicalFilter(model: ModelIR, entity: EntityIR, filter: Filter): Filter {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return { kind: filter.kind, filters: filter.filters.map((f) => canonicalFilter(model, entity, f)) };
    case 'not':
      return { kind: 'not', filter: canonicalFilter(model, entity, filter.filter) };
    case 'isNull':
      fieldOf(entity, filter.field);
      return filter;
    case 'compare': {
      const field = fieldOf(entity, filter.field);
      return { ...filter, value: canonicalOperand(model, entity, field, filter.value) };
    }
    case 'in': {
      const field = fieldOf(entity, filter.field);
      return { ...filter, values: filter.values.map((v) => canonicalOperand(model, entity, field, v)) };
    }
    case 'string': {
      const field = fieldOf(entity, filter.field);
      if (field.type.kind !== 'scalar' || field.type.name !== 'string') {
        throw new InvalidValueError(entity.name, field.name, `'${filter.op}' applies to string fields only`);
      }
      if (typeof filter.value !== 'string')
        throw new InvalidValueError(entity.name, field.name, `${JSON.stringify(filter.value)} is not a string`);
      const illFormed = illFormedText(filter.value);
      if (illFormed !== undefined) throw new InvalidValueError(entity.name, field.name, illFormed);
      return filter;
    }
  }
}

function checkCount(name: 'limit' | 'offset', value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new PersistError('BAD_USER_INPUT', `The ${name} must be a non-negative integer, got ${value}.`);
  }
}

/**
 * Validates a list query (fields of where, orderBy and select; limit and offset) and returns it
 * with a canonical filter.
 */
export function checkListQuery(model: ModelIR, entity: EntityIR, query: ListQuery | undefined): ListQuery {
  if (!query) return {};
  checkCount('limit', query.limit);
  checkCount('offset', query.offset);
  for (const s of query.orderBy ?? []) {
    fieldOf(entity, s.field);
    if (s.direction !== 'ASC' && s.direction !== 'DESC') {
      throw new PersistError('BAD_USER_INPUT', `Unknown sort direction '${String(s.direction)}'.`);
    }
  }
  checkSelect(entity, query.select);
  return query.where ? { ...query, where: canonicalFilter(model, entity, query.where) } : query;
}

/** Every selected field must be a stored field of the entity. */
export function checkSelect(entity: EntityIR, select: readonly string[] | undefined): void {
  for (const name of select ?? []) fieldOf(entity, name);
}

/** Every matched field (getByFields) must be a stored field of the entity. */
export function checkFields(entity: EntityIR, fields: readonly string[]): FieldIR[] {
  if (fields.length === 0) throw new Error(`getByFields on '${entity.name}' needs at least one field`);
  return fields.map((f) => fieldOf(entity, f));
}
