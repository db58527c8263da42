/**
 * The one walk over a selection set that both the column selection (selection.ts) and the
 * executor-like field merge (subfields.ts) need: fields in document order, through inline
 * fragments and fragment spreads (each spread once: `seen` holds the fragment names visited).
 */
import { type FieldNode, type FragmentDefinitionNode, Kind, type SelectionNode, type SelectionSetNode } from 'graphql';

/** Calls `visit` for each field of `set` that `keep` admits, fragments included. */
export function forEachField(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
  visit: (field: FieldNode) => void,
  keep?: (selection: SelectionNode) => boolean,
): void {
  for (const sel of set.selections) {
    if (keep !== undefined && !keep(sel)) continue;
    if (sel.kind === Kind.FIELD) visit(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) forEachField(sel.selectionSet, fragments, seen, visit, keep);
    else if (!seen.has(sel.name.value)) {
      // A fragment spread: every fragment is on the entity's own type (there are no interfaces).
      seen.add(sel.name.value);
      const fragment = fragments[sel.name.value];
      if (fragment !== undefined) forEachField(fragment.selectionSet, fragments, seen, visit, keep);
    }
  }
}
