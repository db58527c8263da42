/**
 * Whether a mutation's write is alone in its transaction (WriteOptions.alone): the decision is
 * made here, where the mutation's field is resolved, because only here is it known what runs after
 * the write. It is alone when its root field is the operation's only one (no later field writes)
 * and everything it answers is a stored field of the written rows (no relation, aggregate or
 * connection read follows, which could fail after the write was kept).
 */
import { type GraphQLResolveInfo, Kind } from 'graphql';
import type { EntityPlan } from './entity-plans.js';
import { forEachField } from './walk-fields.js';

const soleFields = new WeakMap<GraphQLResolveInfo['fieldNodes'], boolean>();

/** True when the write of the mutation field of `info` (over `plan`'s entity) is all its operation does. */
export function writesAlone(plan: EntityPlan, info: GraphQLResolveInfo): boolean {
  const selections = info.operation.selectionSet.selections;
  if (selections.length !== 1 || selections[0]!.kind !== Kind.FIELD) return false;
  let alone = soleFields.get(info.fieldNodes);
  if (alone === undefined) {
    alone = true;
    // `@skip` / `@include` ignored: a stored field left out reads nothing either.
    const visit = (field: { name: { value: string } }): void => {
      const name = field.name.value;
      if (name !== '__typename' && !plan.fields.has(name)) alone = false;
    };
    for (const node of info.fieldNodes) if (node.selectionSet) forEachField(node.selectionSet, info.fragments, new Set(), visit);
    soleFields.set(info.fieldNodes, alone);
  }
  return alone;
}
