/**
 * Read-request checks shared by every backend: field names in filters, orders and selections
 * must exist, filter values are brought to canonical form (so that "12.50" finds 12.5 and a Utc
 * with an offset finds the same instant), and limit/offset are non-negative integers.
 */
import type { EntityIR, FieldIR, ModelIR, RelationFieldIR } from '../model/ir.js';
import { illFormedText, normalizeValue, ValueFormatError, type Value } from '../model/values.js';
import { InvalidValueError, PersistError } from '../errors.js';
import type { Filter, ListQuery, SortSpec } from './datastore.js';
import { getEntity } from '../model/model-helpers.js';
import { FrozenMemo } from './frozen-memo.js';

// Filter values are compared, not stored: a string longer than the column or a decimal with more
// digits than DECIMAL(65,30) is still a meaningful operand (it just matches nothing with `eq`).
const UNLIMITED_SQL = { varchar: Number.MAX_SAFE_INTEGER, decimal: { precision: 2000, scale: 1000 } };

export function fieldOf(entity: EntityIR, name: string): FieldIR {
  for (const f of entity.fields) if (f.name === name) return f;
  throw new InvalidValueError(entity.name, name, 'the entity has no such field');
}

function relationOf(entity: EntityIR, name: string): RelationFieldIR {
  for (const r of entity.relationFields) if (r.name === name) return r;
  throw new InvalidValueError(entity.name, name, 'the entity has no such relation field');
}

export function canonicalOperand(model: ModelIR, entity: EntityIR, field: FieldIR, value: Value): Exclude<Value, null> {
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
    case 'relation': {
      const target = getEntity(model, relationOf(entity, filter.field).target);
      if (filter.quantifier !== 'some' && filter.quantifier !== 'every' && filter.quantifier !== 'none')
        throw new PersistError(
          'BAD_USER_INPUT',
          `Unknown relation quantifier '${String(filter.quantifier)}' on '${entity.name}.${filter.field}'.`,
        );
      const out: Filter = { ...filter, filter: canonicalFilter(model, target, filter.filter) };
      if (filter.scope !== undefined) out.scope = canonicalFilter(model, target, filter.scope);
      return out;
    }
  }
}

/**
 * Validates one sort spec: every step of its path an owner-side to-one relation (with a canonical
 * `where`), the field a sortable field of the entity the path ends at. Returns it canonical.
 */
function checkSort(model: ModelIR, entity: EntityIR, spec: SortSpec): SortSpec {
  if (spec.direction !== 'ASC' && spec.direction !== 'DESC') {
    throw new PersistError('BAD_USER_INPUT', `Unknown sort direction '${String(spec.direction)}'.`);
  }
  if (spec.path === undefined || spec.path.length === 0) {
    fieldOf(entity, spec.field);
    return spec;
  }
  let at = entity;
  const path = spec.path.map((step) => {
    const r = relationOf(at, step.relation);
    if (!r.owner) throw new InvalidValueError(at.name, r.name, 'only relations holding the foreign key (to-one) sort');
    at = getEntity(model, r.target);
    return step.where === undefined ? step : { ...step, where: canonicalFilter(model, at, step.where) };
  });
  const field = fieldOf(at, spec.field);
  if (field.type.kind === 'scalar' && field.type.name === 'bytes') throw new InvalidValueError(at.name, field.name, 'bytes do not sort');
  return { ...spec, path };
}

export function checkCount(name: string, value: number | undefined): void {
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
  const orderBy = query.orderBy?.map((s) => checkSort(model, entity, s));
  checkSelect(entity, query.select);
  const out: ListQuery = { ...query };
  if (orderBy !== undefined) out.orderBy = orderBy;
  if (query.where) out.where = canonicalWhere(model, entity, query.where);
  return out;
}

// Canonical forms of frozen filters, per entity: a role's select filter (permissions/role-filters.ts,
// frozen through its conditions) is the same object in every read under one token, and each read
// canonicalized it again (a copy of it and of its fields' IR per condition).
const canonicalFrozen = new FrozenMemo<{ model: ModelIR; filter: Filter }>();

/** canonicalFilter, once per frozen filter (and entity); what is derived from it is read-only. */
function canonicalWhere(model: ModelIR, entity: EntityIR, filter: Filter): Filter {
  const known = canonicalFrozen.get(entity, [filter], () => ({ model, filter: canonicalFilter(model, entity, filter) }));
  return known.model === model ? known.filter : canonicalFilter(model, entity, filter);
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
