/**
 * `Query.node(id: ID!)` and the global id fields (Relay global object identification): the id
 * names an entity and its key, and the row is read through that entity's by-key resolver, so it
 * goes through the request's batched loaders and the role's datastore (a row the role cannot see
 * is null) like `Query.e`. An entity the role's schema does not show is null too.
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type InlineFragmentNode,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Row } from '../datastore/datastore.js';
import type { EntityPlan, ModelPlans } from './entity-plans.js';
import { decodeGlobalId, globalId } from './global-id.js';
import type { PersistContext } from './request-context.js';

type Args = Record<string, unknown>;
type Resolver = GraphQLFieldResolver<unknown, PersistContext, Args>;

/** The selections of `set` that apply to an object of type `type` (through the interface `Node`), spreads inlined. */
function narrow(set: SelectionSetNode, type: string, fragments: Record<string, FragmentDefinitionNode>): SelectionSetNode {
  const applies = (condition: string | undefined): boolean => condition === undefined || condition === type || condition === 'Node';
  const selections = set.selections.flatMap((sel): SelectionNode[] => {
    if (sel.kind === Kind.FIELD) return [sel];
    if (sel.kind === Kind.INLINE_FRAGMENT)
      return applies(sel.typeCondition?.name.value) ? [{ ...sel, selectionSet: narrow(sel.selectionSet, type, fragments) }] : [];
    const fragment = fragments[sel.name.value];
    if (fragment === undefined || !applies(fragment.typeCondition.name.value)) return [];
    const inlined: InlineFragmentNode = {
      kind: Kind.INLINE_FRAGMENT,
      directives: sel.directives ?? [],
      selectionSet: narrow(fragment.selectionSet, type, fragments),
    };
    return [inlined];
  });
  return { ...set, selections };
}

/** The entity type of each row `node` answered, for `Node.__resolveType`. */
const rowTypes = new WeakMap<object, string>();

/** The resolvers of global object identification: `Query.node`, `Node.__resolveType`, and each entity's id field. */
export function nodeResolvers(
  plans: ModelPlans,
  byKey: ReadonlyMap<string, Resolver>,
  idField: string,
): { node: Resolver; resolveType: (row: object) => string | undefined; idOf: (plan: EntityPlan) => (row: Row) => string } {
  const node: Resolver = async (source, args, context, info) => {
    const query = info.schema.getQueryType()!.getFields();
    // Only the entities this schema reads by key implement Node in it.
    const found = decodeGlobalId(plans, args[idField] as string, (entity) => query[plans.get(entity)!.names.byKey] !== undefined);
    if (found === undefined) return null;
    const { plan, key } = found;
    const fieldNodes: FieldNode[] = info.fieldNodes.map((f) =>
      f.selectionSet ? { ...f, selectionSet: narrow(f.selectionSet, plan.entity.name, info.fragments) } : f,
    );
    const keyArgs = Object.fromEntries(plan.keyFields.map((k, i) => [k, Array.isArray(key) ? key[i] : key]));
    const row = (await byKey.get(plan.entity.name)!(source, keyArgs, context, { ...info, fieldNodes })) as Row | null;
    if (row !== null) rowTypes.set(row, plan.entity.name);
    return row;
  };
  return {
    node,
    resolveType: (row) => rowTypes.get(row),
    idOf: (plan) => (row) => globalId(plan, row),
  };
}
