/**
 * The per-request state the resolvers share: the datastore, the request's loaders, and the
 * request's prefetch (prefetch/index.ts), which owns everything about fetching relation levels
 * ahead of the executor.
 */
import type { Datastore } from '../datastore/datastore.js';
import { createLoaders, type RequestLoaders } from '../datastore/loaders.js';
import { RequestPrefetch } from './prefetch/index.js';

export interface PersistRequest {
  readonly datastore: Datastore;
  readonly loaders: RequestLoaders;
  readonly prefetch: RequestPrefetch;
  /** The most rows one write by filter may touch (`limits.maxAffectedRows`). */
  readonly maxAffectedRows: number;
}

/** The resolvers' view of the GraphQL context: whatever else the server adds, it holds `persist`. */
export interface PersistContext {
  readonly persist: PersistRequest;
}

/** Fresh per-request state: create it in the server's context factory, once per request. */
export function createPersistContext(datastore: Datastore, maxAffectedRows = Number.MAX_SAFE_INTEGER): PersistContext {
  return { persist: { datastore, loaders: createLoaders(datastore), prefetch: new RequestPrefetch(datastore), maxAffectedRows } };
}

/**
 * A new context over `context` (whatever the transport added stays visible) with fresh request
 * state over `datastore`: no loader caches, no prefetch round of an earlier run.
 */
export function withDatastore<C extends PersistContext>(context: C, datastore: Datastore): C {
  const persist = createPersistContext(datastore, context.persist.maxAffectedRows).persist;
  return Object.create(context, { persist: { value: persist, enumerable: true } }) as C;
}
