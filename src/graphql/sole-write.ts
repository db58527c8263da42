/**
 * Whether a mutation's write is alone in its transaction (WriteOptions.alone): the decision is
 * made here, where the mutation's field is resolved, because only here is it known what runs after
 * the write. It is alone when its root field is the operation's only one (no later field writes)
 * and everything it answers is a stored field of the written rows (no relation, aggregate or
 * connection read follows, which could fail after the write was kept): for a `createEs`, the
 * rows' fields; for a write by filter (`updateEs`), `affected` and the fields of its `rows`.
 */
import { type FieldNode, type GraphQLResolveInfo, Kind } from 'graphql';
import type { EntityPlan } from './entity-plans.js';
import { forEachField } from './walk-fields.js';

const soleFields = new WeakMap<GraphQLResolveInfo['fieldNodes'], boolean>();

function isOnlyRootField(info: GraphQLResolveInfo): boolean {
  const selections = info.operation.selectionSet.selections;
  return selections.length === 1 && selections[0]!.kind === Kind.FIELD;
}

/** True when every field `visit` is given below `nodes` is one `admits`; `@skip` / `@include` ignored (a field left out reads nothing either). */
function allBelow(nodes: readonly FieldNode[], info: GraphQLResolveInfo, admits: (field: FieldNode) => boolean): boolean {
  let all = true;
  const visit = (field: FieldNode): void => {
    if (!admits(field)) all = false;
  };
  for (const node of nodes) if (node.selectionSet) forEachField(node.selectionSet, info.fragments, new Set(), visit);
  return all;
}

/** A stored field of `plan`'s rows, or `__typename`. */
function isStored(plan: EntityPlan, field: FieldNode): boolean {
  const name = field.name.value;
  return name === '__typename' || plan.fields.has(name);
}

/**
 * Whether the mutation field of `info` is the operation's only root field and every field below it
 * is one `admits`: decided once per field nodes (a document's nodes are the same on every request).
 */
function memoizedAlone(info: GraphQLResolveInfo, admits: (field: FieldNode) => boolean): boolean {
  if (!isOnlyRootField(info)) return false;
  let alone = soleFields.get(info.fieldNodes);
  if (alone === undefined) {
    alone = allBelow(info.fieldNodes, info, admits);
    soleFields.set(info.fieldNodes, alone);
  }
  return alone;
}

/** True when the write of the mutation field of `info` (over `plan`'s entity, answering its rows) is all its operation does. */
export function writesAlone(plan: EntityPlan, info: GraphQLResolveInfo): boolean {
  return memoizedAlone(info, (field) => isStored(plan, field));
}

/** writesAlone for a write by filter, answering `{ affected rows { … } }`. */
export function writesAloneByFilter(plan: EntityPlan, info: GraphQLResolveInfo): boolean {
  return memoizedAlone(info, (field) => {
    const name = field.name.value;
    if (name === 'rows') return allBelow([field], info, (f) => isStored(plan, f));
    return name === 'affected' || name === '__typename';
  });
}
