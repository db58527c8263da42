/**
 * Resolvers of SPEC §3.3: `Query.esAggregate`, `Query.esGroupBy` and the per-parent
 * `employeesAggregate` beside each 1-n relation field. Each computes only the aggregates its
 * selection asks for, in one datastore call; the per-parent field goes through the request's
 * aggregate loader, so all parents of a level share one call (one statement).
 */
import type { FieldNode, FragmentDefinitionNode, GraphQLFieldResolver } from 'graphql';
import type { Aggregate, AggregateQuery, Group, Row, Value } from '../datastore/datastore.js';
import { groupOrderToSort, havingToGroupFilter } from '../datastore/group-arguments.js';
import { whereToFilter, type WhereInput } from '../datastore/where-filter.js';
import type { LoaderKey } from '../datastore/loaders.js';
import { AGGREGATE_FUNCTIONS, relationAggregateName } from '../codegen/graphql/graphql-names.js';
import { badUserInput } from './bad-input.js';
import type { EntityPlan, RelationPlan } from './entity-plans.js';
import { mapErrors } from './graphql-errors.js';
import { listQuery } from './list-arguments.js';
import type { PersistContext } from './request-context.js';
import { forEachField } from './walk-fields.js';

type Args = Record<string, unknown>;
type Resolver<S = unknown> = GraphQLFieldResolver<S, PersistContext, Args>;

/** An EAggregate value: `count` and the four function objects, always present. */
type AggregateObject = Record<string, Value | Record<string, Value>>;

/**
 * The aggregates the selection below `nodes` reads (`count`, `sum { price }`, …), in a fixed
 * order (count, then each function by the entity's field order) so that equal selections share
 * a loader.
 */
export function selectedAggregates(
  plan: EntityPlan,
  nodes: readonly FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>,
): Aggregate[] {
  let count = false;
  const wanted = new Map<string, Set<string>>();
  const visitFunction = (fn: string) => (field: FieldNode) => {
    if (plan.fields.has(field.name.value)) wanted.get(fn)!.add(field.name.value);
  };
  const visit = (field: FieldNode): void => {
    const name = field.name.value;
    if (name === 'count') count = true;
    else if ((AGGREGATE_FUNCTIONS as readonly string[]).includes(name) && field.selectionSet) {
      if (!wanted.has(name)) wanted.set(name, new Set());
      forEachField(field.selectionSet, fragments, new Set(), visitFunction(name));
    }
  };
  for (const node of nodes) if (node.selectionSet) forEachField(node.selectionSet, fragments, new Set(), visit);
  const out: Aggregate[] = count ? [{ fn: 'count' }] : [];
  for (const fn of AGGREGATE_FUNCTIONS) {
    const fields = wanted.get(fn);
    if (fields) for (const field of plan.fields.keys()) if (fields.has(field)) out.push({ fn, field });
  }
  return out;
}

/** The EAggregate of one group's values. */
function aggregateObject(aggregates: readonly Aggregate[], values: readonly Value[]): AggregateObject {
  const out: AggregateObject = { count: 0, sum: {}, avg: {}, min: {}, max: {} };
  for (let i = 0; i < aggregates.length; i++) {
    const a = aggregates[i]!;
    if (a.fn === 'count') out['count'] = values[i]!;
    else (out[a.fn] as Record<string, Value>)[a.field] = values[i]!;
  }
  return out;
}

/**
 * The EGroup of one group: its aggregates and its `by` fields' values (no entity field is named
 * like an aggregate: the model refuses it). Assigned into one object: spreading both into a
 * literal (`{ ...fields, ...aggregates }`) took V8's slow path, about 25 µs a group, a quarter of
 * the CPU of a 40-group request (bench Q5).
 */
function groupObject(group: Group, aggregates: readonly Aggregate[]): AggregateObject {
  const out = aggregateObject(aggregates, group.values);
  for (const field in group.fields) out[field] = group.fields[field]!;
  return out;
}

/** The aggregate query of `where` and the selection: what every aggregate field asks. */
function aggregateQuery(args: Args, aggregates: Aggregate[]): Omit<AggregateQuery, 'per'> {
  const where = whereToFilter(args['where'] as WhereInput | null | undefined);
  return where === undefined ? { aggregates } : { aggregates, where };
}

/** Query.esAggregate and Query.esGroupBy of one entity. */
export function aggregateRootResolvers(plan: EntityPlan): Record<string, Resolver> {
  const entity = plan.entity.name;
  const n = plan.names;
  const fields = [...plan.fields.keys()];
  return {
    [n.aggregate]: async (_source, args, context, info) => {
      const aggregates = selectedAggregates(plan, info.fieldNodes, info.fragments);
      const [[group]] = (await mapErrors(context.persist.datastore.aggregate(entity, aggregateQuery(args, aggregates)))) as [Group[]];
      return aggregateObject(aggregates, group!.values);
    },
    [n.groupBy]: async (_source, args, context, info) => {
      const by = args['by'] as readonly string[];
      if (by.length === 0)
        throw badUserInput(`Invalid value for 'by' of '${n.groupBy}': list at least one field to group by, like [${fields[0] ?? ''}].`);
      const aggregates = selectedAggregates(plan, info.fieldNodes, info.fragments);
      // limit and offset are checked as a list's are.
      const { limit, offset } = listQuery(plan, { limit: args['limit'], offset: args['offset'] }, n.groupBy);
      const query: AggregateQuery = { ...aggregateQuery(args, aggregates), groupBy: by };
      const having = havingToGroupFilter(args['having'] as WhereInput | null | undefined);
      if (having !== undefined) query.having = having;
      const orderBy = groupOrderToSort(fields, args['orderBy'] as WhereInput[] | null | undefined);
      if (orderBy !== undefined) query.orderBy = orderBy;
      if (limit !== undefined) query.limit = limit;
      if (offset !== undefined) query.offset = offset;
      const [groups] = (await mapErrors(context.persist.datastore.aggregate(entity, query))) as [Group[]];
      return groups.map((g) => groupObject(g, aggregates));
    },
  };
}

/** The per-parent `employeesAggregate` resolvers of `owner`'s 1-n relations, by field name. */
export function relationAggregateResolvers(owner: EntityPlan, target: (entity: string) => EntityPlan): Record<string, Resolver<Row>> {
  const out: Record<string, Resolver<Row>> = {};
  for (const rel of owner.relations.values()) {
    if (!rel.field.many) continue;
    out[relationAggregateName(rel.field.name)] = perParent(rel, target(rel.field.target));
  }
  return out;
}

function perParent(rel: RelationPlan, plan: EntityPlan): Resolver<Row> {
  const single = rel.from.length === 1;
  return async (row, args, context, info) => {
    const aggregates = selectedAggregates(plan, info.fieldNodes, info.fragments);
    const loader = context.persist.loaders.aggregates(plan.entity.name, rel.to, aggregateQuery(args, aggregates));
    const key: LoaderKey = single ? row[rel.from[0]!]! : rel.from.map((f) => row[f]!);
    const [group] = await mapErrors(loader.load(key));
    return aggregateObject(aggregates, group!.values);
  };
}
