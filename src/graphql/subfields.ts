/** The sub-fields of a field's selection by response key, merged across fragments as the executor does. */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  type SelectionNode,
  type SelectionSetNode,
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

/**
 * The fields of `nodes`' selection sets by response key, in the executor's order (its
 * collectSubfields: one visited-fragment set across the nodes), those `keep` admits.
 */
export function fieldsByKey(
  nodes: readonly { selectionSet?: SelectionSetNode | undefined }[],
  fragments: Record<string, FragmentDefinitionNode>,
  keep?: (selection: SelectionNode) => boolean,
): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  const visit = (field: FieldNode): void => {
    const key = field.alias?.value ?? field.name.value;
    const list = out.get(key);
    if (list === undefined) out.set(key, [field]);
    else list.push(field);
  };
  for (const node of nodes) if (node.selectionSet) forEachField(node.selectionSet, fragments, seen, visit, keep);
  return out;
}

/** The sub-fields of `fieldNodes` by response key, as the executor merges them (`@skip`/`@include` applied). */
export function subfields(fieldNodes: readonly FieldNode[], info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  return fieldsByKey(fieldNodes, info.fragments, (selection) => included(selection, info.variableValues));
}
