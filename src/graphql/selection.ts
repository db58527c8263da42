/**
 * The stored fields a GraphQL selection needs, passed to the datastore as `select` so that a
 * backend fetches only those columns: the selected simple and foreign-key fields, the fields
 * each selected relation is joined on, and the key fields (always, they identify rows).
 */
import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import type { EntityPlan } from './entity-plans.js';
import { forEachField } from './walk-fields.js';

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
  const visit = (field: FieldNode): void => {
    const name = field.name.value;
    if (plan.fields.has(name)) wanted.add(name);
    else {
      const rel = plan.relations.get(name);
      if (rel !== undefined) for (const f of rel.from) wanted.add(f);
    }
  };
  for (const node of fieldNodes) if (node.selectionSet) forEachField(node.selectionSet, fragments, seen, visit);
  const out: string[] = [];
  for (const name of plan.fields.keys()) if (wanted.has(name)) out.push(name);
  return out;
}
