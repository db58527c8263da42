/**
 * Resolving a whole level from one batch. When a root field has its rows, we walk the selection
 * below it and fetch every relation level ahead of the executor: one `loadLevel` call per
 * relation field per level, for all parent rows of that level at once. The results wait in each
 * place's `resolved` Map, so the relation resolvers answer synchronously: no promise, DataLoader
 * entry or microtask per row, which is where a naive DataLoader server spends its time.
 *
 * A level that cannot be fetched ahead (bad arguments, a datastore error) is left alone: its
 * resolvers then take the DataLoader path and report the error at the right response path.
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { Row } from '../datastore/datastore.js';
import { loadLevel } from '../datastore/loaders.js';
import { planOf, type EntityPlan, type ModelPlans, type RelationPlan } from './entity-plans.js';
import { placeAt } from './relation-places.js';
import type { PersistRequest, RelationPlace } from './request-context.js';

type Variables = GraphQLResolveInfo['variableValues'];

function included(node: { directives?: readonly unknown[] | undefined } & Parameters<typeof getDirectiveValues>[1], variables: Variables): boolean {
  if (node.directives === undefined || node.directives.length === 0) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.['if'] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.['if'] !== false;
}

function collect(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, variables: Variables, into: Map<string, FieldNode[]>, seen: Set<string>): void {
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

/** The sub-fields of `fieldNodes` by response key, as the executor merges them. */
function subfields(fieldNodes: readonly FieldNode[], info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  for (const node of fieldNodes) if (node.selectionSet) collect(node.selectionSet, info.fragments, info.variableValues, out, seen);
  return out;
}

function argumentsOf(owner: EntityPlan, rel: RelationPlan, node: FieldNode, info: GraphQLResolveInfo): Record<string, unknown> {
  if (!rel.field.many) return {};
  const type = info.schema.getType(owner.names.type);
  const def = isObjectType(type) ? type.getFields()[rel.field.name] : undefined;
  return def === undefined ? {} : getArgumentValues(def, node, info.variableValues);
}

function rowsOf(place: RelationPlace): Row[] {
  const rows: Row[] = [];
  for (const result of place.resolved.values()) {
    if (result === null) continue;
    if (Array.isArray(result)) for (const r of result) rows.push(r);
    else rows.push(result);
  }
  return rows;
}

async function prefetchField(req: PersistRequest, plans: ModelPlans, owner: EntityPlan, rel: RelationPlan, rows: readonly Row[], nodes: FieldNode[], info: GraphQLResolveInfo, path: string): Promise<void> {
  let place: RelationPlace;
  try {
    place = placeAt(req, plans, owner, rel, path, argumentsOf(owner, rel, nodes[0]!, info), nodes, info.fragments);
    const keys = rows.map(place.keyOf);
    await loadLevel(req.datastore, place.lookup, keys, place.resolved);
  } catch {
    // Left to the resolvers, which report it where it belongs (see the file comment).
    return;
  }
  await prefetchLevels(req, plans, planOf(plans, rel.field.target), rowsOf(place), nodes, info, path);
}

/**
 * Fetches every relation selected below `fieldNodes` for `rows` (rows of `plan`'s entity at the
 * place `path`), level by level, sibling relations in parallel.
 */
export async function prefetchLevels(req: PersistRequest, plans: ModelPlans, plan: EntityPlan, rows: readonly Row[], fieldNodes: readonly FieldNode[], info: GraphQLResolveInfo, path: string): Promise<void> {
  if (rows.length === 0 || plan.relations.size === 0) return;
  const work: Promise<void>[] = [];
  for (const [key, nodes] of subfields(fieldNodes, info)) {
    const rel = plan.relations.get(nodes[0]!.name.value);
    if (rel !== undefined) work.push(prefetchField(req, plans, plan, rel, rows, nodes, info, `${path}.${key}`));
  }
  if (work.length === 1) await work[0];
  else if (work.length > 1) await Promise.all(work);
}
