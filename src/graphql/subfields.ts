/** The sub-fields of a field's selection by response key, merged across fragments as the executor does. */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  Kind,
  type SelectionSetNode,
} from 'graphql';

type Variables = GraphQLResolveInfo['variableValues'];

function included(
  node: { directives?: readonly unknown[] | undefined } & Parameters<typeof getDirectiveValues>[1],
  variables: Variables,
): boolean {
  if (node.directives === undefined || node.directives.length === 0) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.['if'] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.['if'] !== false;
}

function collect(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Variables,
  into: Map<string, FieldNode[]>,
  seen: Set<string>,
): void {
  for (const sel of set.selections) {
    if (!included(sel, variables)) continue;
    if (sel.kind === Kind.FIELD) {
      const key = sel.alias?.value ?? sel.name.value;
      const list = into.get(key);
      if (list === undefined) into.set(key, [sel]);
      else list.push(sel);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      collect(sel.selectionSet, fragments, variables, into, seen);
    } else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const fragment = fragments[sel.name.value];
      if (fragment !== undefined) collect(fragment.selectionSet, fragments, variables, into, seen);
    }
  }
}

/** The sub-fields of `fieldNodes` by response key, as the executor merges them (`@skip`/`@include` applied). */
export function subfields(fieldNodes: readonly FieldNode[], info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  for (const node of fieldNodes) if (node.selectionSet) collect(node.selectionSet, info.fragments, info.variableValues, out, seen);
  return out;
}
