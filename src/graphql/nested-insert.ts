/**
 * Nested inserts of `createEs` (SPEC §3.5), as the gateway runs them: the tree reader and writer
 * are the datastore layer's (datastore/insert-tree.ts, shared with the client's `post`); here the
 * relations a role's schema offers (`offeredIn`), and the reader's BAD_USER_INPUT errors in
 * client-facing form (the resolvers read the input before any datastore call). The writes go to
 * the request's datastore, which for a mutation is its one transaction (and, for a role, the role
 * datastore applying each entity's insert rule).
 */
import { GraphQLInputObjectType, type GraphQLSchema } from 'graphql';
import * as tree from '../datastore/insert-tree.js';
import type { EntityPlan, ModelPlans, RelationPlan } from './entity-plans.js';
import { toGraphqlError } from './graphql-errors.js';

export { insertChildren, insertTree, type Node } from '../datastore/insert-tree.js';

type Args = Record<string, unknown>;

/**
 * Whether the served Insert input of `entity` carries the relation field `field` (a role's schema
 * may not): then its foreign-key fields are optional in the SDL, and required here unless it is given.
 */
export type Offered = tree.Offered<EntityPlan>;

/** Offered, as the request's schema says. */
export function offeredIn(schema: GraphQLSchema): Offered {
  return (entity, field) => {
    const type = schema.getType(entity.names.insertInput);
    return type instanceof GraphQLInputObjectType && type.getFields()[field] !== undefined;
  };
}

/** Runs a reader, its PersistError as the GraphQL error the client sees. */
function reading<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw toGraphqlError(error);
  }
}

/** The rows of an upsert: no nested creates, and every non-nullable field given (as the Insert input once required). */
export function checkUpsertRows(plan: EntityPlan, data: readonly Args[], offered: Offered): void {
  reading(() => tree.checkUpsertRows(plan, data, offered));
}

/**
 * Reads and checks the children an update creates through the relation `relation` of `parent`
 * (its other side: 1-n, or 1-1 with `single` one row, its path without an index).
 */
export function readChildren(
  plans: ModelPlans,
  parent: EntityPlan,
  relation: RelationPlan,
  inputs: readonly Args[],
  path: string,
  maxRows: number,
  offered: Offered,
  single = false,
): tree.Node[] {
  return reading(() => tree.readChildren(plans, parent, relation, inputs, path, maxRows, offered, single));
}

/** Reads and checks the whole input tree of a `createEs` (BAD_USER_INPUT on the first fault, nothing written). */
export function readInsertTree(plans: ModelPlans, plan: EntityPlan, data: readonly Args[], maxRows: number, offered: Offered): tree.Node[] {
  return reading(() => tree.readInsertTree(plans, plan, data, maxRows, offered));
}
