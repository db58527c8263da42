/**
 * The stored fields a GraphQL selection needs, passed to the datastore as `select` so that a
 * backend fetches only those columns: the selected simple and foreign-key fields, the fields
 * each selected relation is joined on, and the key fields (always, they identify rows).
 */
import { type FieldNode, type FragmentDefinitionNode, Kind, type SelectionSetNode } from 'graphql';
import type { EntityPlan } from './entity-plans.js';

function collect(
  plan: EntityPlan,
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  into: Set<string>,
  seen: Set<string>,
): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const name = sel.name.value;
      if (plan.fields.has(name)) into.add(name);
      else {
        const rel = plan.relations.get(name);
        if (rel !== undefined) for (const f of rel.from) into.add(f);
      }
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      collect(plan, sel.selectionSet, fragments, into, seen);
    } else if (!seen.has(sel.name.value)) {
      // A fragment spread: every fragment is on the entity's own type (there are no interfaces).
      seen.add(sel.name.value);
      const fragment = fragments[sel.name.value];
      if (fragment !== undefined) collect(plan, fragment.selectionSet, fragments, into, seen);
    }
  }
}

/**
 * The stored fields of `plan`'s entity that the sub-selections of `fieldNodes` need, in the
 * entity's field order (so equal selections give equal arrays, and share loaders). `@skip` and
 * `@include` are ignored: fetching a column too many is harmless.
 */
export function selectedFields(
  plan: EntityPlan,
  fieldNodes: readonly FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>,
): string[] {
  const wanted = new Set<string>(plan.keyFields);
  const seen = new Set<string>();
  for (const node of fieldNodes) if (node.selectionSet) collect(plan, node.selectionSet, fragments, wanted, seen);
  const out: string[] = [];
  for (const name of plan.fields.keys()) if (wanted.has(name)) out.push(name);
  return out;
}
