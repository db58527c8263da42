/**
 * A relation field at one place of an operation → its RelationPlace: the lookup (target entity,
 * join fields, list arguments, selected fields) and how to read a parent row's key. Made once per
 * request and place by the request's RequestPrefetch, for whichever asks first: the level prefetch
 * or the field's resolver. How the places are used: see index.ts.
 */
import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo } from 'graphql';
import type { Row, Value } from '../../datastore/datastore.js';
import type { LoaderKey, LookupResult, RelationLookup } from '../../datastore/loaders.js';
import { planOf, type EntityPlan, type ModelPlans, type RelationPlan } from '../entity-plans.js';
import { listQuery } from '../list-arguments.js';
import { selectedFields } from '../selection.js';

/** How one relation field resolves for every parent row at one place in the operation. */
export interface RelationPlace {
  lookup: RelationLookup;
  /** The row's join value(s); null when the row refers to nothing. */
  keyOf(row: Row): LoaderKey;
  /** True when keys are tuples (looked up in `resolved` by `loaderCacheKey`). */
  composite: boolean;
  /**
   * Results fetched for the whole level ahead of the resolvers (level-prefetch.ts, or the parents'
   * included rows: fold-includes.ts); the resolvers only read it. Places with equal lookups at one
   * level share one Map, which then holds the keys of all of them.
   */
  resolved: Map<LoaderKey, LookupResult>;
}

/** Where the level prefetch finds (or has made) the place of a relation field at a path. */
export interface PlaceFinder {
  /** The place of relation `rel` of `owner` at `path`; throws BAD_USER_INPUT for bad list arguments. */
  placeAt(
    plans: ModelPlans,
    owner: EntityPlan,
    rel: RelationPlan,
    path: string,
    args: Readonly<Record<string, unknown>>,
    fieldNodes: readonly FieldNode[],
    fragments: Record<string, FragmentDefinitionNode>,
  ): RelationPlace;
  /** The results of `place` (relation `rel`) are in for every one of `parents` (attached-relations.ts). */
  filled(place: RelationPlace, rel: RelationPlan, parents: readonly Row[]): void;
  /**
   * In attach mode, attaches folded relation `rel` from `rows`' included rows in one pass
   * (attachIncluded) and returns the included rows once each (none unless `collect`: the level below
   * selects relations); undefined when not in attach mode or when the place must be filled the
   * usual way (fillFromIncluded, then `filled`).
   */
  attachFolded(rel: RelationPlan, rows: readonly Row[], collect: boolean): Row[] | undefined;
  /** A place could not be fetched ahead (bad arguments, a failed call): its resolvers will have to. */
  unfetched(): void;
}

type ResponsePath = GraphQLResolveInfo['path'];

/** The place of a field: its response path without list indices (`departments.employees`). */
export function placePath(path: ResponsePath): string {
  let out = '';
  for (let p: ResponsePath | undefined = path; p !== undefined; p = p.prev) {
    if (typeof p.key === 'string') out = out === '' ? p.key : `${p.key}.${out}`;
  }
  return out;
}

function keyReader(from: readonly string[]): (row: Row) => LoaderKey {
  if (from.length === 1) {
    const f = from[0]!;
    return (row) => row[f] ?? null;
  }
  return (row) => {
    const tuple: Value[] = [];
    for (const f of from) {
      const v = row[f] ?? null;
      if (v === null) return null;
      tuple.push(v);
    }
    return tuple;
  };
}

function lookupFor(
  owner: EntityPlan,
  target: EntityPlan,
  rel: RelationPlan,
  args: Readonly<Record<string, unknown>>,
  select: readonly string[],
): RelationLookup {
  const entity = target.entity.name;
  if (rel.field.owner) return { kind: 'byKey', entity, select };
  if (!rel.field.many) return { kind: 'oneByFields', entity, fields: rel.to, select };
  return { kind: 'byFields', entity, fields: rel.to, query: listQuery(target, args, `${owner.entity.name}.${rel.field.name}`, select) };
}

/**
 * A new, empty place for relation `rel` of `owner` selected by `fieldNodes`. Throws BAD_USER_INPUT
 * for bad list arguments (a negative limit).
 */
export function createPlace(
  plans: ModelPlans,
  owner: EntityPlan,
  rel: RelationPlan,
  args: Readonly<Record<string, unknown>>,
  fieldNodes: readonly FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>,
): RelationPlace {
  const target = planOf(plans, rel.field.target);
  const select = selectedFields(target, fieldNodes, fragments);
  return {
    lookup: lookupFor(owner, target, rel, args, select),
    keyOf: keyReader(rel.from),
    composite: rel.from.length > 1,
    resolved: new Map(),
  };
}
