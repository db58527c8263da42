/**
 * Resolvers of SPEC §3.4: `Query.esConnection` and the per-parent `employeesConnection` beside
 * each 1-n relation field. One datastore call each; the per-parent field goes through the
 * request's connection loader, so all parents of a level share one call (one statement). Rows
 * read only the fields selected under `nodes` and `edges { node }`, and the page only the facts
 * selected (`pageInfo { hasPreviousPage hasNextPage }`, `totalCount`).
 */
import type { FieldNode, FragmentDefinitionNode, GraphQLFieldResolver } from 'graphql';
import type { ConnectionQuery, Page, PageFact, Row } from '../datastore/datastore.js';
import type { LoaderKey } from '../datastore/loaders.js';
import { relationConnectionName } from '../codegen/graphql/graphql-names.js';
import { decodeCursor, encodeCursor, sortFingerprint } from './cursor.js';
import type { EntityPlan } from './entity-plans.js';
import { mapErrors } from './graphql-errors.js';
import { listQuery, paging } from './list-arguments.js';
import type { PersistContext } from './request-context.js';
import { selectedFields } from './selection.js';
import { forEachField } from './walk-fields.js';

type Args = Record<string, unknown>;
type Resolver<S = unknown> = GraphQLFieldResolver<S, PersistContext, Args>;

/** The field nodes of the rows: `nodes` and `edges { node }`. */
function rowNodes(nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  const out: FieldNode[] = [];
  const visitEdge = (field: FieldNode): void => void (field.name.value === 'node' && out.push(field));
  const visit = (field: FieldNode): void => {
    if (field.name.value === 'nodes') out.push(field);
    else if (field.name.value === 'edges' && field.selectionSet) forEachField(field.selectionSet, fragments, new Set(), visitEdge);
  };
  for (const node of nodes) if (node.selectionSet) forEachField(node.selectionSet, fragments, new Set(), visit);
  return out;
}

const FACTS: readonly PageFact[] = ['hasPreviousPage', 'hasNextPage', 'totalCount'];

/**
 * The page facts the selection reads, in FACTS order. A field counts wherever it appears (under
 * `@skip` or `@include` too), so a fact the answer may show is always read.
 */
function selectedFacts(nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): PageFact[] {
  const names = new Set<string>();
  const visitInfo = (field: FieldNode): void => void names.add(field.name.value);
  const visit = (field: FieldNode): void => {
    if (field.name.value === 'totalCount') names.add('totalCount');
    else if (field.name.value === 'pageInfo' && field.selectionSet) forEachField(field.selectionSet, fragments, new Set(), visitInfo);
  };
  for (const node of nodes) if (node.selectionSet) forEachField(node.selectionSet, fragments, new Set(), visit);
  return FACTS.filter((f) => names.has(f));
}

/** The connection arguments → the query, and the fingerprint its cursors carry. */
function connectionQuery(
  plan: EntityPlan,
  args: Args,
  field: string,
  nodes: readonly FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>,
): { query: Omit<ConnectionQuery, 'per'>; fingerprint: string } {
  const select = selectedFields(plan, rowNodes(nodes, fragments), fragments);
  const { where, orderBy } = listQuery(plan, { where: args['where'], orderBy: args['orderBy'] }, field);
  const query: Omit<ConnectionQuery, 'per'> = { select, facts: selectedFacts(nodes, fragments) };
  if (where !== undefined) query.where = where;
  if (orderBy !== undefined) query.orderBy = orderBy;
  const fingerprint = sortFingerprint(plan.entity.name, orderBy);
  const first = paging('first', args['first'], field);
  const last = paging('last', args['last'], field);
  if (first !== undefined) query.first = first;
  if (last !== undefined) query.last = last;
  for (const name of ['after', 'before'] as const) {
    const text = args[name];
    if (typeof text === 'string') query[name] = decodeCursor(fingerprint, text, name, field);
  }
  return { query, fingerprint };
}

/** The EConnection object of a page. */
function connectionObject(page: Page, fingerprint: string): Record<string, unknown> {
  const cursors = page.cursors.map((t) => encodeCursor(fingerprint, t));
  return {
    edges: page.rows.map((node: Row, i) => ({ cursor: cursors[i]!, node })),
    nodes: page.rows,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
    totalCount: page.totalCount,
  };
}

/** Query.esConnection of one entity. */
export function connectionRootResolvers(plan: EntityPlan): Record<string, Resolver> {
  const field = plan.names.connection;
  return {
    [field]: async (_source, args, context, info) => {
      const { query, fingerprint } = connectionQuery(plan, args, field, info.fieldNodes, info.fragments);
      const [page] = await mapErrors(context.persist.datastore.connection(plan.entity.name, query));
      return connectionObject(page!, fingerprint);
    },
  };
}

/** The per-parent `employeesConnection` resolvers of `owner`'s 1-n relations, by field name. */
export function relationConnectionResolvers(owner: EntityPlan, target: (entity: string) => EntityPlan): Record<string, Resolver<Row>> {
  const out: Record<string, Resolver<Row>> = {};
  for (const rel of owner.relations.values()) {
    if (!rel.field.many) continue;
    const plan = target(rel.field.target);
    const name = relationConnectionName(rel.field.name);
    const single = rel.from.length === 1;
    out[name] = async (row, args, context, info) => {
      const { query, fingerprint } = connectionQuery(plan, args, `${owner.entity.name}.${name}`, info.fieldNodes, info.fragments);
      const loader = context.persist.loaders.connections(plan.entity.name, rel.to, query);
      const key: LoaderKey = single ? row[rel.from[0]!]! : rel.from.map((f) => row[f]!);
      return connectionObject(await mapErrors(loader.load(key)), fingerprint);
    };
  }
  return out;
}
