/**
 * The aggregate and group-by part of the SDL (SPEC §3.3) for one visible entity: `EAggregate`
 * with its `sum`/`avg`/`min`/`max` objects, `EGroup`, the `EField` enum, the `EHaving` and
 * `EGroupOrderBy` inputs, and the Query and relation fields that return them. An object or input
 * that would have no field (an entity without numeric fields has no `sum`) is left out, with the
 * field naming it: GraphQL forbids empty types.
 */
import { aggregates, aggregateType, groupable, type AggregateFn } from '../../model/aggregate-types.js';
import type { FieldIR, FieldType, RelationFieldIR } from '../../model/ir.js';
import { AGGREGATE_FUNCTIONS, entityNames, filterInputName, graphqlTypeName, relationAggregateName } from './graphql-names.js';
import { isSortable, type VisibleEntity } from './schema-view.js';
import { block, description, descriptionLines } from './sdl-text.js';

/** The visible fields `fn` applies to, in declaration order. */
function fieldsOf(v: VisibleEntity, fn: AggregateFn): FieldIR[] {
  return v.fields.filter((f) => aggregates(fn, f));
}

/** The functions with at least one field, in SDL order. */
function functionsOf(v: VisibleEntity): AggregateFn[] {
  return AGGREGATE_FUNCTIONS.filter((fn) => fieldsOf(v, fn).length > 0);
}

/** Whether the entity has `esGroupBy`: only with a field to group by (bytes do not group). */
export function groups(v: VisibleEntity): boolean {
  return v.fields.some(groupable);
}

function aggregateLines(v: VisibleEntity): string[] {
  const n = entityNames(v.entity);
  return ['"""The number of rows."""', 'count: Int!', ...functionsOf(v).map((fn) => `${fn}: ${n.aggregateFields(fn)}!`)];
}

const FUNCTION_DOCS: Readonly<Record<AggregateFn, string>> = {
  sum: 'The sum of each field over the non-null values (Int and Float fields sum as Float, Decimal exactly); null over none.',
  avg: 'The average of each field over the non-null values (Int and Float fields as Float, Decimal exactly); null over none.',
  min: 'The least non-null value of each field (enums by declaration order); null over none.',
  max: 'The greatest non-null value of each field (enums by declaration order); null over none.',
};

/** The output types: EAggregate, its function objects, EGroup, EField. */
export function aggregateTypes(v: VisibleEntity): string[] {
  const e = v.entity;
  const n = entityNames(e);
  const out = [
    description(`Aggregates of ${e.name} rows: over no rows \`count\` is 0 and every other value null.`) +
      block('type', n.aggregateType, aggregateLines(v)),
  ];
  for (const fn of functionsOf(v)) {
    const lines = fieldsOf(v, fn).map((f) => `${f.name}: ${graphqlTypeName(aggregateType(fn, f))}`);
    out.push(description(FUNCTION_DOCS[fn]) + block('type', n.aggregateFields(fn), lines));
  }
  if (!groups(v)) return out;
  // The group's values are the fields' own: their doc lines describe them here too.
  const groupLines = [
    ...v.fields.flatMap((f) => [...descriptionLines(f.description), `${f.name}: ${graphqlTypeName(f.type)}`]),
    ...aggregateLines(v),
  ];
  out.push(
    description(`A group of ${e.name} rows: the values of the \`by\` fields (the other fields are null) and the group's aggregates.`) +
      block('type', n.groupType, groupLines),
  );
  // EField, which groupBy's `by` takes, is written with the inputs (schema-sdl.ts): upsert takes it too.
  return out;
}

/** The inputs of esGroupBy: EHaving and EGroupOrderBy, with their per-function parts. */
export function aggregateInputs(v: VisibleEntity): string[] {
  if (!groups(v)) return [];
  const n = entityNames(v.entity);
  const out: string[] = [];
  const having = ['count: IntFilter', ...functionsOf(v).map((fn) => `${fn}: ${n.aggregateHaving(fn)}`)];
  having.push(`AND: [${n.havingInput}!]`, `OR: [${n.havingInput}!]`, `NOT: ${n.havingInput}`);
  out.push(
    description('Filters groups by their aggregates: every condition given must hold. A comparison with a null aggregate never holds.') +
      block('input', n.havingInput, having),
  );
  for (const fn of functionsOf(v))
    out.push(
      block(
        'input',
        n.aggregateHaving(fn),
        fieldsOf(v, fn).map((f) => `${f.name}: ${filterInputName(aggregateType(fn, f))}`),
      ),
    );
  const order = [
    ...v.fields.filter(isSortable).map((f) => `${f.name}: SortOrder`),
    'count: SortOrder',
    ...functionsOf(v).map((fn) => `${fn}: ${n.aggregateOrderBy(fn)}`),
  ];
  out.push(
    description(
      'Sorts groups by a `by` field, by `count` or by an aggregate, in field order; list several to sort by several. The `by` fields ascending break ties.',
    ) + block('input', n.groupOrderByInput, order),
  );
  for (const fn of functionsOf(v))
    out.push(
      block(
        'input',
        n.aggregateOrderBy(fn),
        fieldsOf(v, fn).map((f) => `${f.name}: SortOrder`),
      ),
    );
  return out;
}

/** The types the having inputs filter: Int (count) and each function's value type. */
export function havingFilterTypes(v: VisibleEntity): FieldType[] {
  if (!groups(v)) return [];
  const out: FieldType[] = [{ kind: 'scalar', name: 'int' }];
  for (const fn of functionsOf(v)) for (const f of fieldsOf(v, fn)) out.push(aggregateType(fn, f));
  return out;
}

/** The Query fields: esAggregate and esGroupBy. */
export function aggregateQueryLines(v: VisibleEntity): string[] {
  const e = v.entity;
  const n = entityNames(e);
  const lines = [
    `"""Aggregates of the ${e.name} rows matching \`where\`."""`,
    `${n.aggregate}(where: ${n.whereInput}): ${n.aggregateType}!`,
  ];
  if (!groups(v)) return lines;
  lines.push(
    `"""${e.name} rows matching \`where\`, grouped by the \`by\` fields (NULL is one value); groups filtered by \`having\`, sorted by \`orderBy\` then by the \`by\` fields ascending, paged by \`limit\` and \`offset\`."""`,
    `${n.groupBy}(by: [${n.fieldEnum}!]!, where: ${n.whereInput}, having: ${n.havingInput}, orderBy: [${n.groupOrderByInput}!], limit: Int, offset: Int): [${n.groupType}!]!`,
  );
  return lines;
}

/** The per-parent aggregate beside a 1-n relation field: `employeesAggregate(where): EmployeeAggregate!`. */
export function relationAggregateLine(field: RelationFieldIR, target: VisibleEntity): string {
  const n = entityNames(target.entity);
  return `${relationAggregateName(field.name)}(where: ${n.whereInput}): ${n.aggregateType}!`;
}
