/**
 * ModelIR → an executable GraphQLSchema: the generated SDL plus resolvers. The schema holds no
 * data and no datastore: each request brings its own through the context (see
 * `createPersistContext`), so one schema serves any datastore and loaders stay per request.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { ModelIR } from '../model/ir.js';
import { generateGraphqlSdl, usedCustomScalars } from '../codegen/graphql/schema-sdl.js';
import { aggregateRootResolvers, relationAggregateResolvers } from './aggregate-resolvers.js';
import { connectionRootResolvers, relationConnectionResolvers } from './connection-resolvers.js';
import { planModel, planOf } from './entity-plans.js';
import { markPrefetchRoot, markRelationField } from './prefetch/index.js';
import { relationResolver } from './relation-resolvers.js';
import { rootResolvers } from './root-resolvers.js';
import { createScalars } from './scalars.js';
import { nodeIdField } from '../codegen/graphql/node-interface.js';
import { nodeResolvers } from './node-resolver.js';

/** Type name → its resolvers (or a GraphQLScalarType). */
type ResolverMap = Record<string, object>;

export interface SchemaOptions {
  /**
   * Fetch the relation levels below the root fields ahead of the executor, so that relation
   * fields resolve synchronously (default true); equal lookups at one level share one call
   * across root fields, whatever the timing. Off, every relation field goes through the
   * per-request DataLoaders: the same answers and one datastore call per relation field per
   * level, just slower, and equal lookups of different root fields share a call only when they
   * are asked in the same tick. The conformance suite runs both ways.
   */
  levelPrefetch?: boolean;
}

/** The resolver map of a model: scalars, enums (member name ↔ stored value), Query, Mutation, relations. */
export function buildResolvers(model: ModelIR, options: SchemaOptions = {}): ResolverMap {
  const plans = planModel(model);
  const scalars = createScalars();
  const resolvers: ResolverMap = {};
  for (const s of usedCustomScalars(model)) resolvers[s] = scalars[s];
  // GraphQL enums show member names; the resolvers see the stored values (`ACTIVE` ↔ "active").
  for (const e of model.enums) resolvers[e.name] = Object.fromEntries(e.members.map((m) => [m.name, m.value]));
  const query: Record<string, unknown> = {};
  const mutation: Record<string, unknown> = {};
  const byKey = new Map<string, ReturnType<typeof rootResolvers>['query'][string]>();
  const idField = nodeIdField(model);
  const nodes = nodeResolvers(plans, byKey, idField === 'id' ? 'id' : 'nodeId');
  for (const plan of plans.values()) {
    const n = plan.names;
    const levelPrefetch = options.levelPrefetch ?? true;
    const roots = rootResolvers(plans, plan, levelPrefetch);
    Object.assign(query, roots.query, connectionRootResolvers(plan), aggregateRootResolvers(plan));
    // Reads whose relations the level prefetch fetches: a query of these alone may attach them
    // (prefetch/attached-relations.ts). As `{ resolve }`, which the schema keeps as it is (a
    // function alone it binds, and the mark would not be found).
    if (levelPrefetch) for (const name of [n.list, n.byKey]) query[name] = { resolve: markPrefetchRoot(roots.query[name]!) };
    byKey.set(plan.entity.name, roots.query[n.byKey]!);
    Object.assign(mutation, roots.mutation);
    // Every entity type has its global id field; relation fields and aggregates where it has relations.
    const fields: Record<string, unknown> = { [idField]: nodes.idOf(plan) };
    if (plan.relations.size > 0) {
      Object.assign(
        fields,
        relationAggregateResolvers(plan, (e) => planOf(plans, e)),
        relationConnectionResolvers(plan, (e) => planOf(plans, e)),
      );
      for (const rel of plan.relations.values())
        fields[rel.field.name] = { resolve: markRelationField(relationResolver(plans, plan, rel)) };
    }
    resolvers[n.type] = fields;
  }
  query['node'] = nodes.node;
  resolvers['Node'] = { __resolveType: nodes.resolveType };
  resolvers['Query'] = query;
  resolvers['Mutation'] = mutation;
  return resolvers;
}

/** The executable schema of a model. Execute it with a context from `createPersistContext`. */
export function buildGraphqlSchema(model: ModelIR, options: SchemaOptions = {}): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: generateGraphqlSdl(model), resolvers: buildResolvers(model, options) });
}
