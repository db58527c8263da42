/**
 * The read plan of a root field (its selected columns and folded includes, selection.ts and
 * prefetch/fold-includes.ts), computed once per field of a parsed document rather than once per
 * request. Both depend only on the entity plan and the field's nodes, which belong to a parsed
 * document the pipeline keeps (request-pipeline.ts), and on the request's variables only through
 * `@skip`/`@include(if: $var)`: a selection with such a directive is planned per request.
 *
 * Keyed weakly by the first field node, so that a plan leaves with its document (the parse cache
 * is bounded, so is this). The plan is frozen: every request shares it, and equal arrays also
 * let the datastore keep what it derives from them (the statement shape, sql-reads.ts).
 */
import { type FieldNode, type FragmentDefinitionNode, Kind, type SelectionSetNode } from 'graphql';
import type { Include } from '../datastore/datastore.js';
import { freezeIncludes } from '../datastore/includes.js';
import type { EntityPlan } from './entity-plans.js';

/** What a root read asks the datastore for, shared by every request of its document. */
export interface ReadPlan {
  readonly select: readonly string[];
  readonly include: readonly Include[] | undefined;
}

interface Entry {
  readonly plan: EntityPlan;
  readonly nodes: readonly FieldNode[];
  readonly read: ReadPlan;
}

const plans = new WeakMap<FieldNode, Entry>();

/** True when a selection below `set` has `@skip`/`@include` whose `if` is a variable. */
function hasVariableDirective(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): boolean {
  for (const sel of set.selections) {
    for (const d of sel.directives ?? []) {
      if ((d.name.value === 'skip' || d.name.value === 'include') && d.arguments?.some((a) => a.value.kind === Kind.VARIABLE)) return true;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      if (seen.has(sel.name.value)) continue;
      seen.add(sel.name.value);
      const fragment = fragments[sel.name.value];
      if (fragment !== undefined && hasVariableDirective(fragment.selectionSet, fragments, seen)) return true;
    } else if (sel.selectionSet !== undefined && hasVariableDirective(sel.selectionSet, fragments, seen)) return true;
  }
  return false;
}

function sameNodes(a: readonly FieldNode[], b: readonly FieldNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The read plan of `plan`'s rows selected by `nodes`: `compute`'s, kept for the next request of
 * the same document (see the file comment).
 */
export function readPlanOf(
  plan: EntityPlan,
  nodes: readonly FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>,
  compute: () => { select: string[]; include: Include[] | undefined },
): ReadPlan {
  const first = nodes[0];
  const known = first === undefined ? undefined : plans.get(first);
  if (known !== undefined && known.plan === plan && sameNodes(known.nodes, nodes)) return known.read;
  const { select, include } = compute();
  const read: ReadPlan = Object.freeze({ select: Object.freeze(select), include: freezeIncludes(include) });
  const variable = nodes.some((n) => n.selectionSet !== undefined && hasVariableDirective(n.selectionSet, fragments, new Set()));
  if (first !== undefined && !variable && known === undefined) plans.set(first, { plan, nodes: [...nodes], read });
  return read;
}
