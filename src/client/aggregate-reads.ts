/**
 * The client's `aggregate()` and `groupBy()` at run time: the options' shape is checked here (as
 * GraphQL's input types check the gateway's), the rest is the group-by language's one translation
 * (datastore/group-arguments.ts) and the datastore's own checks, so that a bad request gets the
 * same error from both APIs. One datastore call each.
 */
import type { Aggregate, AggregateQuery, Group, Value } from '../datastore/datastore.js';
import { groupOrderToSort, havingToGroupFilter } from '../datastore/group-arguments.js';
import type { WhereInput } from '../datastore/where-filter.js';
import type { EntityIR } from '../model/ir.js';
import type { ClientContext } from './client-context.js';
import { asRecord, badInput } from './input-values.js';
import { toListQuery } from './to-datastore-query.js';

const FUNCTIONS = ['sum', 'avg', 'min', 'max'] as const;

/** The aggregates an options object asks for: `count: true`, `sum: { price: true }`, … */
function aggregatesOf(entity: EntityIR, args: Record<string, unknown>): Aggregate[] {
  const out: Aggregate[] = args['count'] === true ? [{ fn: 'count' }] : [];
  for (const fn of FUNCTIONS) {
    if (args[fn] === undefined) continue;
    const spec = asRecord(args[fn], `'${fn}' of '${entity.name}'`);
    for (const name of Object.keys(spec))
      if (!entity.fields.some((f) => f.name === name)) throw badInput(`The entity '${entity.name}' has no field '${name}' to ${fn}.`);
    for (const f of entity.fields) if (spec[f.name] === true) out.push({ fn, field: f.name });
  }
  return out;
}

/** A group's values as the result type says: `count` and the asked functions' objects. */
function shaped(aggregates: readonly Aggregate[], values: readonly Value[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  aggregates.forEach((a, i) => {
    if (a.fn === 'count') out['count'] = values[i];
    else ((out[a.fn] ??= {}) as Record<string, Value>)[a.field] = values[i]!;
  });
  return out;
}

function baseQuery(context: ClientContext, entity: EntityIR, args: Record<string, unknown>): AggregateQuery {
  context.role?.checkWhere(entity, args['where']);
  const { where } = toListQuery(context.model, entity, { where: args['where'] });
  const aggregates = aggregatesOf(entity, args);
  return where === undefined ? { aggregates } : { aggregates, where };
}

/** `aggregate(options)`: the one group of the rows matching `where`. */
export async function aggregateRows(context: ClientContext, entity: EntityIR, options: unknown): Promise<Record<string, unknown>> {
  const args = asRecord(options, `The options of '${entity.name}' aggregate`);
  const query = baseQuery(context, entity, args);
  const [[group]] = (await context.datastore.aggregate(entity.name, query)) as [Group[]];
  return shaped(query.aggregates, group!.values);
}

/** `groupBy(options)`: the groups, each with its `by` fields and what was asked. */
export async function groupRows(context: ClientContext, entity: EntityIR, options: unknown): Promise<Record<string, unknown>[]> {
  const args = asRecord(options, `The options of '${entity.name}' groupBy`);
  const by = args['by'];
  if (!Array.isArray(by) || by.length === 0 || !by.every((f) => typeof f === 'string'))
    throw badInput(`'by' of '${entity.name}' groupBy must list at least one field to group by.`);
  context.role?.checkFields(entity, by, 'group by');
  const query: AggregateQuery = { ...baseQuery(context, entity, args), groupBy: by };
  if (args['having'] !== undefined && args['having'] !== null) {
    const having = havingToGroupFilter(asRecord(args['having'], `'having' of '${entity.name}' groupBy`));
    if (having !== undefined) query.having = having;
  }
  if (args['orderBy'] !== undefined) {
    const list = (Array.isArray(args['orderBy']) ? args['orderBy'] : [args['orderBy']]) as unknown[];
    const orderBy = groupOrderToSort(
      entity.fields.map((f) => f.name),
      list.map((o) => asRecord(o, `The orderBy of '${entity.name}' groupBy`) as WhereInput),
    );
    if (orderBy !== undefined) query.orderBy = orderBy;
  }
  const paging = toListQuery(context.model, entity, { limit: args['limit'], offset: args['offset'] });
  if (paging.limit !== undefined) query.limit = paging.limit;
  if (paging.offset !== undefined) query.offset = paging.offset;
  const [groups] = (await context.datastore.aggregate(entity.name, query)) as [Group[]];
  return groups.map((g) => ({ ...g.fields, ...shaped(query.aggregates, g.values) }));
}
