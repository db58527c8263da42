/**
 * Checks of an aggregate read shared by every backend (as query-checks.ts for row reads): the
 * functions apply to their fields' types, having and orderBy name what the groups hold, operand
 * values are brought to the canonical form of the aggregate's value type.
 */
import { aggregates, aggregateType, groupable } from '../model/aggregate-types.js';
import type { EntityIR, FieldIR, ModelIR } from '../model/ir.js';
import { normalizeValue, ValueFormatError, type Value } from '../model/values.js';
import { InvalidValueError, PersistError } from '../errors.js';
import type { Aggregate, AggregateQuery, GroupFilter, GroupSortSpec } from './datastore.js';
import { canonicalFilter, checkFields, checkListQuery } from './query-checks.js';

function fieldOf(entity: EntityIR, name: string): FieldIR {
  for (const f of entity.fields) if (f.name === name) return f;
  throw new InvalidValueError(entity.name, name, 'the entity has no such field');
}

/** The avg of a DECIMAL(p,s) field has s + 4 fractional digits (MySQL's div_precision_increment). */
export const AVG_EXTRA_SCALE = 4;

/**
 * A field describing an aggregate's value: `count` an int, sum/avg of int and float a float, of
 * decimal a decimal, min/max the field itself. Nullable, except `count`.
 */
export function aggregateField(entity: EntityIR, agg: Aggregate): FieldIR {
  if (agg.fn === 'count') return { ...entity.fields[0]!, name: 'count', type: { kind: 'scalar', name: 'int' }, nullable: false };
  const field = fieldOf(entity, agg.field);
  if (!aggregates(agg.fn, field)) {
    const applies = agg.fn === 'sum' || agg.fn === 'avg' ? 'int, float and decimal fields' : 'every field but bytes';
    throw new InvalidValueError(entity.name, field.name, `'${agg.fn}' applies to ${applies}`);
  }
  return { ...field, type: aggregateType(agg.fn, field), nullable: true };
}

// Operands are compared, not stored: no column limit applies (as for filter operands).
const UNLIMITED_SQL = { varchar: Number.MAX_SAFE_INTEGER, decimal: { precision: 2000, scale: 1000 } };

function operand(model: ModelIR, entity: EntityIR, agg: Aggregate, value: Value): Exclude<Value, null> {
  const field = aggregateField(entity, agg);
  const where = aggregateName(agg);
  if (value === null) throw new InvalidValueError(entity.name, where, 'null cannot be compared; use isNull');
  try {
    return normalizeValue({ ...field, nullable: false, sql: UNLIMITED_SQL }, model.enums, value) as Exclude<Value, null>;
  } catch (e) {
    if (e instanceof ValueFormatError) throw new InvalidValueError(entity.name, where, e.message);
    throw e;
  }
}

/** `count`, `sum(price)`: how errors name an aggregate. */
function aggregateName(agg: Aggregate): string {
  return agg.fn === 'count' ? 'count' : `${agg.fn}(${agg.field})`;
}

function canonicalHaving(model: ModelIR, entity: EntityIR, f: GroupFilter): GroupFilter {
  switch (f.kind) {
    case 'and':
    case 'or':
      return { kind: f.kind, filters: f.filters.map((x) => canonicalHaving(model, entity, x)) };
    case 'not':
      return { kind: 'not', filter: canonicalHaving(model, entity, f.filter) };
    case 'isNull':
      aggregateField(entity, f.aggregate);
      return f;
    case 'compare':
      return { ...f, value: operand(model, entity, f.aggregate, f.value) };
    case 'in':
      return { ...f, values: f.values.map((v) => operand(model, entity, f.aggregate, v)) };
    case 'string': {
      const field = aggregateField(entity, f.aggregate);
      if (field.type.kind !== 'scalar' || field.type.name !== 'string' || f.aggregate.fn === 'count')
        throw new InvalidValueError(entity.name, aggregateName(f.aggregate), `'${f.op}' applies to string values only`);
      return { ...f, value: operand(model, entity, f.aggregate, f.value) as string };
    }
  }
}

function checkSort(entity: EntityIR, groupBy: readonly string[], s: GroupSortSpec): void {
  if (s.direction !== 'ASC' && s.direction !== 'DESC')
    throw new PersistError('BAD_USER_INPUT', `Unknown sort direction '${String(s.direction)}'.`);
  if ('aggregate' in s) {
    aggregateField(entity, s.aggregate);
    return;
  }
  if (!groupBy.includes(s.field))
    throw new PersistError(
      'BAD_USER_INPUT',
      `Groups of '${entity.name}' cannot be sorted by '${s.field}': it is not among the grouped fields (${groupBy.join(', ')}); add it to 'by' or sort by an aggregate.`,
    );
}

/** Validates an aggregate read and returns it with canonical filters and operands. */
export function checkAggregateQuery(model: ModelIR, entity: EntityIR, query: AggregateQuery): AggregateQuery {
  for (const a of query.aggregates) aggregateField(entity, a);
  const groupBy = query.groupBy ?? [];
  for (const g of groupBy) {
    const field = fieldOf(entity, g);
    if (!groupable(field))
      throw new PersistError('BAD_USER_INPUT', `Groups of '${entity.name}' cannot be made by '${g}': bytes fields do not group.`);
  }
  const twice = groupBy.find((g, i) => groupBy.indexOf(g) !== i);
  if (twice !== undefined)
    throw new PersistError('BAD_USER_INPUT', `Groups of '${entity.name}' name '${twice}' twice in 'by'; list each field once.`);
  if (groupBy.length === 0) {
    const used = (['having', 'orderBy', 'limit', 'offset'] as const).filter((k) => query[k] !== undefined);
    if (used.length > 0)
      throw new PersistError(
        'BAD_USER_INPUT',
        `An aggregate of '${entity.name}' without grouped fields has one group: ${used.join(', ')} need 'by' fields.`,
      );
  }
  // limit and offset as a row read checks them.
  checkListQuery(model, entity, {
    ...(query.limit !== undefined && { limit: query.limit }),
    ...(query.offset !== undefined && { offset: query.offset }),
  });
  for (const s of query.orderBy ?? []) checkSort(entity, groupBy, s);
  if (query.per) {
    checkFields(entity, query.per.fields);
    for (const v of query.per.values)
      if (v.length !== query.per.fields.length)
        throw new Error(`aggregate per '${entity.name}' parent matches ${query.per.fields.length} field(s), got a tuple of ${v.length}`);
  }
  const out: AggregateQuery = { ...query };
  if (query.where) out.where = canonicalFilter(model, entity, query.where);
  if (query.having) out.having = canonicalHaving(model, entity, query.having);
  return out;
}
