/** The sub-fields of a field's selection by response key, merged across fragments as the executor does. */
import {
  type FieldNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  type SelectionNode,
} from 'graphql';
import { forEachField } from './walk-fields.js';

type Variables = GraphQLResolveInfo['variableValues'];

function included(
  node: { directives?: readonly unknown[] | undefined } & Parameters<typeof getDirectiveValues>[1],
  variables: Variables,
): boolean {
  if (node.directives === undefined || node.directives.length === 0) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.['if'] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.['if'] !== false;
}

/** The sub-fields of `fieldNodes` by response key, as the executor merges them (`@skip`/`@include` applied). */
export function subfields(fieldNodes: readonly FieldNode[], info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  const visit = (field: FieldNode): void => {
    const key = field.alias?.value ?? field.name.value;
    const list = out.get(key);
    if (list === undefined) out.set(key, [field]);
    else list.push(field);
  };
  const keep = (selection: SelectionNode): boolean => included(selection, info.variableValues);
  for (const node of fieldNodes) if (node.selectionSet) forEachField(node.selectionSet, info.fragments, seen, visit, keep);
  return out;
}
