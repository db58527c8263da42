/**
 * What a connection field's selection and literal arguments ask for, worked out once per field of
 * a parsed document (as read-plan-cache.ts does for root reads) rather than once per request (and,
 * per parent, once per parent row): the rows' columns, the page facts, whether edges and their
 * cursors are selected, and, when its `where` and `orderBy` arguments hold no variable, the list
 * query they give and the fingerprint of its order. Only `first`, `last`, `after` and `before`
 * are then read per request.
 *
 * The selection is the same whatever the variables: a field counts wherever it appears (under
 * `@skip` or `@include` too), so what the answer may show is always read. Keyed weakly by the first
 * field node, so that a shape leaves with its document.
 */
import { type FieldNode, type FragmentDefinitionNode, Kind, type ValueNode } from 'graphql';
import type { Filter, PageFact, SortSpec } from '../datastore/datastore.js';
import { sortFingerprint } from './cursor.js';
import type { EntityPlan } from './entity-plans.js';
import { listQuery } from './list-arguments.js';
import { selectedFields } from './selection.js';
import { forEachField } from './walk-fields.js';

type Args = Record<string, unknown>;

/** The list part of a connection query and the fingerprint its cursors carry. */
export interface ConnectionOrder {
  readonly where: Filter | undefined;
  readonly orderBy: readonly SortSpec[] | undefined;
  readonly fingerprint: string;
}

/** What every request of a connection field's document asks for. */
export interface ConnectionShape {
  /** The stored fields of the rows (`nodes`, `edges { node }`): frozen. */
  readonly select: readonly string[];
  /** The page facts selected, in FACTS order: frozen. */
  readonly facts: readonly PageFact[];
  /** Whether `edges` is selected, and whether `edges { cursor }` is (else only pageInfo's two cursors are written). */
  readonly edges: boolean;
  readonly edgeCursors: boolean;
  /** The order of a field whose `where` and `orderBy` hold no variable (undefined: made per request by `orderOf`). */
  readonly order: ConnectionOrder | undefined;
}

const FACTS: readonly PageFact[] = ['hasPreviousPage', 'hasNextPage', 'totalCount'];

interface Entry {
  readonly plan: EntityPlan;
  readonly nodes: readonly FieldNode[];
  readonly shape: ConnectionShape;
}

const shapes = new WeakMap<FieldNode, Entry>();

/** Calls `visit` for each field directly under the sub-selections of `nodes` (through fragments). */
function walk(nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>, visit: (field: FieldNode) => void): void {
  for (const node of nodes) if (node.selectionSet) forEachField(node.selectionSet, fragments, new Set(), visit);
}

function hasVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(hasVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((f) => hasVariable(f.value));
  return false;
}

/** Freezes plain data all the way down (shared by every request); byte values (typed arrays) are left as they are. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The list part of `args` and its fingerprint; `field` names the field in errors. */
export function orderOf(plan: EntityPlan, args: Args, field: string): ConnectionOrder {
  const { where, orderBy } = listQuery(plan, { where: args['where'], orderBy: args['orderBy'] }, field);
  return { where, orderBy, fingerprint: sortFingerprint(plan.entity.name, orderBy) };
}

/** The field's nodes and the document's fragments, as the resolver's info has them. */
export interface FieldInfo {
  readonly fieldNodes: readonly FieldNode[];
  readonly fragments: Record<string, FragmentDefinitionNode>;
}

function computeShape(plan: EntityPlan, { fieldNodes: nodes, fragments }: FieldInfo, args: Args, field: string): ConnectionShape {
  const rows: FieldNode[] = [];
  const facts = new Set<string>();
  let edges = false;
  let edgeCursors = false;
  walk(nodes, fragments, (f) => {
    const name = f.name.value;
    if (name === 'nodes') rows.push(f);
    else if (name === 'totalCount') facts.add(name);
    else if (name === 'pageInfo') walk([f], fragments, (info) => void facts.add(info.name.value));
    else if (name === 'edges') {
      edges = true;
      walk([f], fragments, (edge) => {
        if (edge.name.value === 'node') rows.push(edge);
        else if (edge.name.value === 'cursor') edgeCursors = true;
      });
    }
  });
  const literal = (nodes[0]?.arguments ?? []).every(
    (a) => (a.name.value !== 'where' && a.name.value !== 'orderBy') || !hasVariable(a.value),
  );
  return {
    select: Object.freeze(selectedFields(plan, rows, fragments)),
    facts: Object.freeze(FACTS.filter((f) => facts.has(f))),
    edges,
    edgeCursors,
    order: literal ? deepFreeze(orderOf(plan, args, field)) : undefined,
  };
}

function sameNodes(a: readonly FieldNode[], b: readonly FieldNode[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/**
 * The shape of the connection field of `info` over `plan`'s rows, kept for the next request of
 * the same document; `args` (this request's) give the order when it is literal.
 */
export function connectionShape(plan: EntityPlan, info: FieldInfo, args: Args, field: string): ConnectionShape {
  const nodes = info.fieldNodes;
  const first = nodes[0];
  const known = first === undefined ? undefined : shapes.get(first);
  if (known !== undefined && known.plan === plan && sameNodes(known.nodes, nodes)) return known.shape;
  const shape = computeShape(plan, info, args, field);
  if (first !== undefined && known === undefined) shapes.set(first, { plan, nodes: [...nodes], shape });
  return shape;
}
