/**
 * Query and Mutation resolvers of one entity (SPEC §3). Each fetches its rows, then the relation
 * levels selected below them together with the other root fields' (prefetch/index.ts), so that
 * nested fields resolve from memory.
 * Writes go to the request's datastore, which for a mutation is the handle of the request's one
 * transaction (request-pipeline.ts); after a write the request's loader caches are dropped so that
 * later fields read what was written.
 */
import { type GraphQLFieldResolver, type GraphQLResolveInfo, Kind, type OperationDefinitionNode } from 'graphql';
import type { Datastore, Filter, KeyQuery, Row, Tuple, Value } from '../datastore/datastore.js';
import { brokenBatchContract } from '../datastore/loaders.js';
import { whereToFilter, type WhereInput } from '../datastore/where-filter.js';
import type { EntityPlan, ModelPlans } from './entity-plans.js';
import { mapErrors } from './graphql-errors.js';
import { listQuery } from './list-arguments.js';
import { checkUpsertRows, insertTree, offeredIn, readInsertTree } from './nested-insert.js';
import { applyNestedUpdates, readNestedUpdates, refuseNestedUpdates } from './nested-update.js';
import { foldIncludes, placePath } from './prefetch/index.js';
import type { PersistContext } from './request-context.js';
import { selectedFields } from './selection.js';
import { readPlanOf, type ReadPlan } from './read-plan-cache.js';
import { writesAlone, writesAloneByFilter } from './sole-write.js';

type Args = Record<string, unknown>;
type Resolver = GraphQLFieldResolver<unknown, PersistContext, Args>;

function keyOfArgs(plan: EntityPlan, args: Args): Tuple {
  return plan.keyFields.map((k) => args[k] as Value);
}

/** An Update input → the patch: only the fields given; an explicit null clears a nullable field. */
function patchOf(plan: EntityPlan, data: Args): Row {
  const patch: Row = {};
  // The Update type makes every field optional, so GraphQL lets a null through even for a
  // non-nullable field; the datastore rejects it (BAD_USER_INPUT naming the field).
  for (const name of Object.keys(data)) if (plan.fields.has(name)) patch[name] = (data[name] as Value | undefined) ?? null;
  return patch;
}

/** `where: {}` (or one whose conditions are all left out): every row, within the limit. */
const EVERY_ROW: Filter = { kind: 'and', filters: [] };

/**
 * Awaits a root field's rows, then the relation levels below them, fetched together with those of
 * the operation's other root fields (the round of prefetch/index.ts), and hands the rows to the executor.
 * Query resolvers call it synchronously with the pending fetch, so that the field joins its round
 * in time; mutations (one round per field) may call it with the rows written.
 */
async function withRelations<T extends Row | Row[] | null>(
  plans: ModelPlans | undefined,
  plan: EntityPlan,
  fetch: T | Promise<T>,
  context: PersistContext,
  info: GraphQLResolveInfo,
): Promise<T> {
  if (plans === undefined) return fetch;
  const ticket = context.persist.prefetch.joinRound(plans);
  let result: T;
  try {
    result = await fetch;
  } catch (error) {
    ticket.leave();
    throw error;
  }
  const rows: readonly Row[] = result === null ? [] : Array.isArray(result) ? result : [result];
  const levels = ticket.arrive(plan, rows, info.fieldNodes, info, placePath(info.path));
  if (levels !== undefined) await levels;
  context.persist.prefetch.checkAttached();
  return result;
}

/**
 * True when `operation` has one root field and no fragment that could hold more: a root read
 * there has no other root read to share a batch with (a level below is fetched by the prefetch).
 */
export function isSoleRootField(operation: OperationDefinitionNode): boolean {
  const selections = operation.selectionSet.selections;
  return selections.length === 1 && selections[0]!.kind === Kind.FIELD;
}

/**
 * The row of `key` (null when absent) as a by-key loader of one key reads it: one `getByKeys`
 * call, held to the same batch contract (loaders.ts). A call refused at once (the request's
 * deadline passed) throws: its caller, Query.e, makes that a rejection, as the loader's batch does.
 */
function readOneByKey(datastore: Datastore, entity: string, key: Value | Tuple, read: ReadPlan): Promise<Row | null> {
  const results = datastore.getByKeys(entity, [Array.isArray(key) ? (key as Tuple) : [key as Value]], keyQueryOf(read));
  return results.then((rows) => {
    if (rows.length !== 1) throw brokenBatchContract('byKey', entity, rows.length, 1);
    return rows[0]!;
  });
}

// The KeyQuery of a read plan, once per plan: every request of the document passes the same object.
const keyQueries = new WeakMap<ReadPlan, KeyQuery>();

function keyQueryOf(read: ReadPlan): KeyQuery {
  let query = keyQueries.get(read);
  if (query === undefined) {
    query = read.include === undefined ? { select: read.select } : { select: read.select, include: read.include };
    keyQueries.set(read, Object.freeze(query));
  }
  return query;
}

/** The Query and Mutation resolvers of one entity. */
export function rootResolvers(
  plans: ModelPlans,
  plan: EntityPlan,
  levelPrefetch: boolean,
): { query: Record<string, Resolver>; mutation: Record<string, Resolver> } {
  const entity = plan.entity.name;
  const single = plan.keyFields.length === 1 ? plan.keyFields[0]! : undefined;
  const n = plan.names;
  // Without the level prefetch, `withRelations` hands rows over as they are.
  const prefetchPlans = levelPrefetch ? plans : undefined;
  const query: Record<string, Resolver> = {};
  const mutation: Record<string, Resolver> = {};
  // The columns and folded includes of a root read: once per field of a document (read-plan-cache.ts).
  const readPlan = (info: GraphQLResolveInfo): ReadPlan =>
    readPlanOf(plan, info.fieldNodes, info.fragments, () => ({
      select: selectedFields(plan, info.fieldNodes, info.fragments),
      include: prefetchPlans && foldIncludes(prefetchPlans, plan, info.fieldNodes, info),
    }));

  // Query.es: filter, sort, page.
  // With the level prefetch, to-one relations below come along in the same read (prefetch/fold-includes.ts).
  query[n.list] = async (_source, args, context, info) => {
    const { select, include } = readPlan(info);
    const request = listQuery(plan, args, n.list, select);
    if (include !== undefined) request.include = include;
    return withRelations(prefetchPlans, plan, mapErrors(context.persist.datastore.list(entity, request)), context, info);
  };

  // Query.e: batched with the other by-key lookups of the same request. The only root field of its
  // operation has none to be batched with: one datastore call, without a loader (readOneByKey).
  // Not async (a promise and two turns fewer per request): whatever it throws is still a rejection.
  query[n.byKey] = (_source, args, context, info) => {
    try {
      const read = readPlan(info);
      const key = single === undefined ? keyOfArgs(plan, args) : (args[single] as Value);
      const fetch = isSoleRootField(info.operation)
        ? readOneByKey(context.persist.datastore, entity, key, read)
        : context.persist.loaders.byKey(entity, read.select, read.include).load(key);
      return withRelations(prefetchPlans, plan, mapErrors(fetch), context, info);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  // Mutation.createEs: all rows or none, with the rows created through relations (nested-insert.ts).
  // An empty list is the datastore's BAD_USER_INPUT.
  mutation[n.create] = async (_source, args, context, info) => {
    const persist = context.persist;
    const tree = readInsertTree(plans, plan, args['data'] as readonly Args[], persist.maxAffectedRows, offeredIn(info.schema));
    const stored = await mapErrors(insertTree(persist.datastore, plans, plan, tree, writesAlone(plan, info)));
    persist.loaders.clearAll();
    return withRelations(prefetchPlans, plan, stored, context, info);
  };

  // Mutation.updateE: only the fields given; an explicit null clears a nullable field.
  if (plan.entity.fields.some((f) => !f.key)) {
    mutation[n.update] = async (_source, args, context, info) => {
      const persist = context.persist;
      const data = args['data'] as Args;
      const nested = readNestedUpdates(plans, plan, data, persist.maxAffectedRows, offeredIn(info.schema));
      const updated = await mapErrors(
        (async () => {
          const row = await persist.datastore.update(entity, keyOfArgs(plan, args), patchOf(plan, data));
          await applyNestedUpdates(persist.datastore, plans, row, nested, patchOf, persist.maxAffectedRows);
          return row;
        })(),
      );
      context.persist.loaders.clearAll();
      return withRelations(prefetchPlans, plan, updated, context, info);
    };
  }

  // Mutation.upsertEs: `update` lists the fields to update (default: every non-key field each row gives).
  if (plan.entity.fields.some((f) => !f.key)) {
    const nonKey = plan.entity.fields.filter((f) => !f.key).map((f) => f.name);
    mutation[n.upsert] = async (_source, args, context, info) => {
      checkUpsertRows(plan, args['data'] as readonly Args[], offeredIn(info.schema));
      const rows = (args['data'] as readonly Args[]).map((input) => ({ ...input }) as Row);
      const update = (args['update'] as readonly string[] | null | undefined) ?? nonKey;
      const stored = await mapErrors(context.persist.datastore.upsert(entity, rows, update));
      context.persist.loaders.clearAll();
      return withRelations(prefetchPlans, plan, stored, context, info);
    };

    // Mutation.updateEs: the rows as updated (their relations through the loaders). Alone in its
    // operation (sole-write.ts), the write is committed before the answer is built.
    mutation[n.updateMany] = async (_source, args, context, info) => {
      refuseNestedUpdates(plan, args['data'] as Args, 'data');
      const patch = patchOf(plan, args['data'] as Args);
      const filter = whereToFilter(args['where'] as WhereInput) ?? EVERY_ROW;
      const options = writesAloneByFilter(plan, info) ? { alone: true } : undefined;
      const rows = await mapErrors(context.persist.datastore.updateWhere(entity, filter, patch, context.persist.maxAffectedRows, options));
      context.persist.loaders.clearAll();
      return { affected: rows.length, rows };
    };
  }

  // Mutation.deleteEs: the rows as they were.
  mutation[n.deleteMany] = async (_source, args, context) => {
    const filter = whereToFilter(args['where'] as WhereInput) ?? EVERY_ROW;
    const rows = await mapErrors(context.persist.datastore.deleteWhere(entity, filter, context.persist.maxAffectedRows));
    context.persist.loaders.clearAll();
    return { affected: rows.length, rows };
  };

  // Mutation.deleteE: returns the row as it was.
  mutation[n.delete] = async (_source, args, context, info) => {
    const deleted = await mapErrors(context.persist.datastore.delete(entity, keyOfArgs(plan, args)));
    context.persist.loaders.clearAll();
    return withRelations(prefetchPlans, plan, deleted, context, info);
  };
  return { query, mutation };
}
