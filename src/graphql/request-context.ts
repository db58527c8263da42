/**
 * The per-request state the resolvers share: the datastore, the request's loaders, and one
 * `RelationPlace` per relation field at each place of the operation (`departments.employees`,
 * `departments.employees.workspace`, …), found by the executor's field-node list (reused for
 * every parent row at one place) or by the place's path.
 */
import type { FieldNode } from 'graphql';
import type { Datastore, Row } from '../datastore/datastore.js';
import { createLoaders, type LoaderKey, type LookupResult, type RelationLookup, type RequestLoaders } from '../datastore/loaders.js';
import type { PrefetchRound } from './prefetch-round.js';

/** How one relation field resolves for every parent row at one place in the operation. */
export interface RelationPlace {
  lookup: RelationLookup;
  /** The row's join value(s); null when the row refers to nothing. */
  keyOf(row: Row): LoaderKey;
  /** True when keys are tuples (looked up in `resolved` by `loaderCacheKey`). */
  composite: boolean;
  /**
   * Results fetched for the whole level ahead of the resolvers (see level-prefetch.ts). Places
   * with equal lookups at one level share one Map, which then holds the keys of all of them.
   */
  resolved: Map<LoaderKey, LookupResult>;
}

export interface PersistRequest {
  datastore: Datastore;
  loaders: RequestLoaders;
  byNodes: Map<readonly FieldNode[], RelationPlace>;
  byPath: Map<string, RelationPlace>;
  /** The root fields being resolved together (see prefetch-round.ts); undefined before the first. */
  round: PrefetchRound | undefined;
}

/** The resolvers' view of the GraphQL context: whatever else the server adds, it holds `persist`. */
export interface PersistContext {
  persist: PersistRequest;
}

/** Fresh per-request state: create it in the server's context factory, once per request. */
export function createPersistContext(datastore: Datastore): PersistContext {
  return { persist: { datastore, loaders: createLoaders(datastore), byNodes: new Map(), byPath: new Map(), round: undefined } };
}
