/**
 * Resolvers of SPEC §3.4: `Query.esConnection` and the per-parent `employeesConnection` beside
 * each 1-n relation field. One datastore call each; the per-parent field goes through the
 * request's connection loader, so all parents of a level share one call (one statement). Rows
 * read only the fields selected under `nodes` and `edges { node }`, and the page only the facts
 * selected (`pageInfo { hasPreviousPage hasNextPage }`, `totalCount`).
 */
import type { GraphQLFieldResolver } from 'graphql';
import type { ConnectionQuery, Page, Row } from '../datastore/datastore.js';
import type { LoaderKey } from '../datastore/loaders.js';
import { relationConnectionName } from '../codegen/graphql/graphql-names.js';
import { connectionShape, orderOf, type ConnectionShape } from './connection-shape.js';
import { decodeCursor, encodeCursors } from './cursor.js';
import type { EntityPlan } from './entity-plans.js';
import { mapErrors } from './graphql-errors.js';
import { paging } from './list-arguments.js';
import type { PersistContext } from './request-context.js';

type Args = Record<string, unknown>;
type Resolver<S = unknown> = GraphQLFieldResolver<S, PersistContext, Args>;

/** The connection arguments → the query, and the fingerprint its cursors carry. */
function connectionQuery(
  plan: EntityPlan,
  args: Args,
  field: string,
  shape: ConnectionShape,
): { query: Omit<ConnectionQuery, 'per'>; fingerprint: string } {
  const { where, orderBy, fingerprint } = shape.order ?? orderOf(plan, args, field);
  const query: Omit<ConnectionQuery, 'per'> = { select: shape.select, facts: shape.facts };
  if (where !== undefined) query.where = where;
  if (orderBy !== undefined) query.orderBy = orderBy;
  const first = paging('first', args['first'], field);
  const last = paging('last', args['last'], field);
  if (first !== undefined) query.first = first;
  if (last !== undefined) query.last = last;
  for (const name of ['after', 'before'] as const) {
    const text = args[name];
    if (typeof text === 'string') query[name] = decodeCursor(fingerprint, text, name, field);
  }
  return { query, fingerprint };
}

/**
 * The EConnection object of a page. The edges only when selected, and their cursors only when
 * `edges { cursor }` is: otherwise pageInfo's two, the only others a client can read.
 */
function connectionObject(page: Page, fingerprint: string, shape: ConnectionShape): Record<string, unknown> {
  const { rows, cursors: tuples } = page;
  const last = tuples.length - 1;
  let cursors: string[];
  if (shape.edgeCursors) cursors = encodeCursors(fingerprint, tuples);
  else cursors = last < 0 ? [] : encodeCursors(fingerprint, last === 0 ? [tuples[0]!] : [tuples[0]!, tuples[last]!]);
  let edges: { cursor: string | undefined; node: Row }[] = [];
  if (shape.edges) {
    edges = new Array<{ cursor: string | undefined; node: Row }>(rows.length);
    for (let i = 0; i < rows.length; i++) edges[i] = { cursor: shape.edgeCursors ? cursors[i] : undefined, node: rows[i]! };
  }
  return {
    edges,
    nodes: rows,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
    totalCount: page.totalCount,
  };
}

/** Query.esConnection of one entity. */
export function connectionRootResolvers(plan: EntityPlan): Record<string, Resolver> {
  const field = plan.names.connection;
  return {
    [field]: async (_source, args, context, info) => {
      const shape = connectionShape(plan, info, args, field);
      const { query, fingerprint } = connectionQuery(plan, args, field, shape);
      const [page] = await mapErrors(context.persist.datastore.connection(plan.entity.name, query));
      return connectionObject(page!, fingerprint, shape);
    },
  };
}

/** The per-parent `employeesConnection` resolvers of `owner`'s 1-n relations, by field name. */
export function relationConnectionResolvers(owner: EntityPlan, target: (entity: string) => EntityPlan): Record<string, Resolver<Row>> {
  const out: Record<string, Resolver<Row>> = {};
  for (const rel of owner.relations.values()) {
    if (!rel.field.many) continue;
    const plan = target(rel.field.target);
    const name = relationConnectionName(rel.field.name);
    const single = rel.from.length === 1;
    const field = `${owner.entity.name}.${name}`;
    out[name] = async (row, args, context, info) => {
      const shape = connectionShape(plan, info, args, field);
      const { query, fingerprint } = connectionQuery(plan, args, field, shape);
      const loader = context.persist.loaders.connections(plan.entity.name, rel.to, query);
      const key: LoaderKey = single ? row[rel.from[0]!]! : rel.from.map((f) => row[f]!);
      return connectionObject(await mapErrors(loader.load(key)), fingerprint, shape);
    };
  }
  return out;
}
