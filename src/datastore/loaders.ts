/**
 * Batched relation reads over the Datastore contract, shared by the GraphQL resolvers and the
 * generated TypeScript client. Two ways in, both one datastore call per batch:
 *
 * - `loadLevel`: a whole level at once. Given every parent key of a level (say the workspace of
 *   each of 2,000 employees), one call fetches the distinct keys and returns a Map to read each
 *   parent's result from synchronously: no promise or loader entry per row.
 * - `createLoaders`: per-request DataLoaders, for callers that meet rows one at a time. Every
 *   `load` issued in the same tick for the same lookup becomes one call. Create one set per
 *   request (never at module level: a loader caches rows, and a cache shared between requests
 *   would serve stale or foreign data).
 *
 * A lookup is keyed by everything that shapes the call (entity, matched fields, filter, order,
 * paging, selected fields), so equal lookups share one batch and different ones never mix.
 */
import DataLoader from 'dataloader';
import { PersistError } from '../errors.js';
import type {
  AggregateQuery,
  ConnectionQuery,
  Datastore,
  Group,
  Include,
  KeyQuery,
  ListQuery,
  Page,
  Row,
  Tuple,
  Value,
} from './datastore.js';
import { FrozenMemo } from './frozen-memo.js';
import { tupleKey } from './tuple-key.js';

/**
 * What a lookup is asked for: the value itself when one field is matched (the common case, and
 * cheaper: no array per row), a tuple of values for composite keys.
 */
export type LoaderKey = Value | Tuple;

/** One relation read, described as data. */
export type RelationLookup =
  /** Rows of `entity` by key, null when absent: the owner side of a relation, `Query.e`. */
  | { kind: 'byKey'; entity: string; select?: readonly string[] | undefined; include?: readonly Include[] | undefined }
  /** Per key, the rows whose `fields` equal it, `query` applied per key: the 1-n other side. */
  | { kind: 'byFields'; entity: string; fields: readonly string[]; query?: ListQuery | undefined }
  /** Per key, the one row whose `fields` equal it, or null: the 1-1 other side. */
  | {
      kind: 'oneByFields';
      entity: string;
      fields: readonly string[];
      select?: readonly string[] | undefined;
      include?: readonly Include[] | undefined;
    };

/** The result of a lookup for one key: a row or null, or the rows of a `byFields` lookup. */
export type LookupResult = Row | Row[] | null;

/**
 * A deterministic text for a lookup's shape (its query, selection and includes): object keys
 * sorted, bytes as base64. Keys themselves are identified by tupleKey (tuple-key.ts).
 */
export function stableKey(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Uint8Array) return `b${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}`;
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(obj).sort()) if (obj[k] !== undefined) parts.push(`${JSON.stringify(k)}:${stableKey(obj[k])}`);
  return `{${parts.join(',')}}`;
}

/**
 * The Map key of a LoaderKey in `loadLevel` results and loader caches. Single values are their
 * own key (one field has one type, so 1 and "1" never meet in one lookup); tuples are their
 * tupleKey.
 */
export function loaderCacheKey(key: LoaderKey): LoaderKey {
  return Array.isArray(key) ? tupleKey(key as Tuple) : key;
}

function toTuple(key: LoaderKey): Tuple {
  return Array.isArray(key) ? (key as Tuple) : [key as Value];
}

/** The KeyQuery of a lookup's `select` and `include`; undefined when it sets neither. */
function keyQuery(lookup: { select?: readonly string[] | undefined; include?: readonly Include[] | undefined }): KeyQuery | undefined {
  if (lookup.select === undefined && lookup.include === undefined) return undefined;
  const query: KeyQuery = {};
  if (lookup.select !== undefined) query.select = lookup.select;
  if (lookup.include !== undefined) query.include = lookup.include;
  return query;
}

/** Runs a lookup for distinct keys: one datastore call, one result per key, in key order. */
async function runLookup(datastore: Datastore, lookup: RelationLookup, keys: readonly LoaderKey[]): Promise<LookupResult[]> {
  const tuples = keys.map(toTuple);
  let results: LookupResult[];
  switch (lookup.kind) {
    case 'byKey':
      results = await datastore.getByKeys(lookup.entity, tuples, keyQuery(lookup));
      break;
    case 'byFields':
      results = await datastore.getByFields(lookup.entity, lookup.fields, tuples, lookup.query);
      break;
    case 'oneByFields':
      results = (await datastore.getByFields(lookup.entity, lookup.fields, tuples, keyQuery(lookup))).map((rows) => rows[0] ?? null);
      break;
  }
  // DataLoader's batch contract, which every Datastore read promises: a result per key, in order.
  // A backend that breaks it would attach rows to the wrong parents; stop instead.
  if (results.length !== keys.length) throw brokenBatchContract(lookup.kind, lookup.entity, results.length, keys.length);
  return results;
}

/** The error of a datastore read that returned `results` results for `keys` keys (see runLookup). */
export function brokenBatchContract(kind: RelationLookup['kind'], entity: string, results: number, keys: number): PersistError {
  return new PersistError(
    'INTERNAL',
    `The datastore broke the batch contract: ${kind === 'byKey' ? 'getByKeys' : 'getByFields'} on '${entity}' returned ${results} result(s) for ${keys} key(s).`,
  );
}

/**
 * Resolves a lookup for a whole level of parent keys in one datastore call (none when every key
 * is null or already in `into`). Results go into `into`, keyed by `loaderCacheKey`. The keys come
 * in parts (the level prefetch's parts of parent rows: no array of them all is made).
 */
export async function loadLevel(
  datastore: Datastore,
  lookup: RelationLookup,
  keyParts: readonly (readonly LoaderKey[])[],
  into: Map<LoaderKey, LookupResult> = new Map(),
): Promise<Map<LoaderKey, LookupResult>> {
  const pending = new Map<LoaderKey, LoaderKey>();
  // A level's keys repeat (2,000 employees in 100 workspaces): a repeat costs one lookup, in
  // `pending`, and `into` is asked once per distinct key.
  for (const keys of keyParts) {
    for (const key of keys) {
      if (key === null) continue;
      const ck = Array.isArray(key) ? tupleKey(key as Tuple) : key;
      if (!pending.has(ck) && !into.has(ck)) pending.set(ck, key);
    }
  }
  if (pending.size === 0) return into;
  const results = await runLookup(datastore, lookup, [...pending.values()]);
  let i = 0;
  for (const ck of pending.keys()) into.set(ck, results[i++]!);
  return into;
}

// The stableKey of frozen arrays: a plan shared by every request of a document
// (graphql/read-plan-cache.ts) is frozen, so its text cannot change and is computed once.
const frozenKeys = new FrozenMemo<string>();

function partKey(value: readonly unknown[] | undefined): string {
  if (value === undefined || !Object.isFrozen(value)) return stableKey(value);
  return frozenKeys.get(value, [], () => stableKey(value));
}

/** The identity of a lookup, for sharing loaders between equal lookups. */
export function lookupId(lookup: RelationLookup): string {
  switch (lookup.kind) {
    case 'byKey':
      return `k|${lookup.entity}|${partKey(lookup.select)}|${partKey(lookup.include)}`;
    case 'byFields':
      return `f|${lookup.entity}|${lookup.fields.join(',')}|${stableKey(lookup.query)}`;
    case 'oneByFields':
      return `o|${lookup.entity}|${lookup.fields.join(',')}|${partKey(lookup.select)}|${partKey(lookup.include)}`;
  }
}

export interface RequestLoaders {
  /** The loader of a lookup; equal lookups get the same loader. */
  forLookup(lookup: RelationLookup): DataLoader<LoaderKey, LookupResult>;
  /** Rows of `entity` by key (null when absent), with the `include`d relations' rows. */
  byKey(entity: string, select?: readonly string[], include?: readonly Include[]): DataLoader<LoaderKey, Row | null>;
  /** For each key, the rows of `entity` whose `fields` equal it, with `query` applied per key. */
  byFields(entity: string, fields: readonly string[], query?: ListQuery): DataLoader<LoaderKey, Row[]>;
  /** The one row whose `fields` equal the key, or null. */
  oneByFields(entity: string, fields: readonly string[], select?: readonly string[]): DataLoader<LoaderKey, Row | null>;
  /**
   * For each key, the groups of `entity`'s rows whose `fields` equal it (`query` applied per key,
   * `query.per` set from the keys): per-parent aggregates, one aggregate call per batch.
   */
  aggregates(entity: string, fields: readonly string[], query: Omit<AggregateQuery, 'per'>): DataLoader<LoaderKey, Group[]>;
  /** For each key, the page of `entity`'s rows whose `fields` equal it: per-parent connections, one connection call per batch. */
  connections(entity: string, fields: readonly string[], query: Omit<ConnectionQuery, 'per'>): DataLoader<LoaderKey, Page>;
  /** Forgets every cached row, e.g. after a write in the same request. */
  clearAll(): void;
}

const LOADER_OPTIONS = { cacheKeyFn: loaderCacheKey } as const;

/** Creates the loaders of one request over `datastore`. */
export function createLoaders(datastore: Datastore): RequestLoaders {
  const loaders = new Map<string, DataLoader<LoaderKey, LookupResult>>();
  const forLookup = (lookup: RelationLookup): DataLoader<LoaderKey, LookupResult> => {
    const id = lookupId(lookup);
    let loader = loaders.get(id);
    if (loader === undefined) {
      loader = new DataLoader<LoaderKey, LookupResult>((keys) => runLookup(datastore, lookup, keys), LOADER_OPTIONS);
      loaders.set(id, loader);
    }
    return loader;
  };
  // Per-parent reads of one call per batch (aggregates, connections): one loader per query.
  const perParentLoaders = new Map<string, DataLoader<LoaderKey, unknown>>();
  const perParent = <T>(id: string, load: (values: Tuple[]) => Promise<T[]>): DataLoader<LoaderKey, T> => {
    let loader = perParentLoaders.get(id) as DataLoader<LoaderKey, T> | undefined;
    if (loader === undefined) {
      loader = new DataLoader<LoaderKey, T>((keys) => load(keys.map(toTuple)), LOADER_OPTIONS);
      perParentLoaders.set(id, loader);
    }
    return loader;
  };
  const aggregates = (entity: string, fields: readonly string[], query: Omit<AggregateQuery, 'per'>): DataLoader<LoaderKey, Group[]> =>
    perParent(`a|${entity}|${fields.join(',')}|${stableKey(query)}`, (values) =>
      datastore.aggregate(entity, { ...query, per: { fields, values } }),
    );
  const connections = (entity: string, fields: readonly string[], query: Omit<ConnectionQuery, 'per'>): DataLoader<LoaderKey, Page> =>
    perParent(`c|${entity}|${fields.join(',')}|${stableKey(query)}`, (values) =>
      datastore.connection(entity, { ...query, per: { fields, values } }),
    );
  return {
    forLookup,
    aggregates,
    connections,
    byKey: (entity, select, include) => forLookup({ kind: 'byKey', entity, select, include }) as DataLoader<LoaderKey, Row | null>,
    byFields: (entity, fields, query) => forLookup({ kind: 'byFields', entity, fields, query }) as DataLoader<LoaderKey, Row[]>,
    oneByFields: (entity, fields, select) =>
      forLookup({ kind: 'oneByFields', entity, fields, select }) as DataLoader<LoaderKey, Row | null>,
    clearAll() {
      for (const loader of loaders.values()) loader.clearAll();
      for (const loader of perParentLoaders.values()) loader.clearAll();
    },
  };
}
