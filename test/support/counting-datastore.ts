/**
 * A Datastore wrapper that counts calls, for tests that prove batching (one datastore call per
 * relation field per level) and what each read asks for (batch size, `select`, `include`, `where`). Pure
 * delegation: answers and errors are the wrapped store's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  AggregateQuery,
  ConnectionQuery,
  Datastore,
  Group,
  Filter,
  Include,
  KeyQuery,
  ListQuery,
  Page,
  PageFact,
  Row,
  Tuple,
  WriteGuard,
  WriteOptions,
} from '../../src/datastore/datastore.js';

export type DatastoreMethod =
  | 'getByKeys'
  | 'getByFields'
  | 'list'
  | 'aggregate'
  | 'connection'
  | 'insert'
  | 'update'
  | 'delete'
  | 'upsert'
  | 'updateWhere'
  | 'deleteWhere'
  | 'transaction'
  | 'ping'
  | 'close';

/** One recorded call: the method and, for data calls, the entity. */
export interface DatastoreCall {
  method: DatastoreMethod;
  entity?: string;
}

/** One recorded read, with what it asked for. */
export interface ReadCall {
  method: 'getByKeys' | 'getByFields' | 'list' | 'aggregate' | 'connection';
  entity: string;
  /** How many keys (getByKeys) or value tuples (getByFields, aggregate per parent) the call carried; 1 for a list. */
  size: number;
  select: readonly string[] | undefined;
  include: readonly Include[] | undefined;
  /** The read's filter (a role's select filter included, when the call comes through one). */
  where: Filter | undefined;
  /** A connection read's `facts` (absent on the other reads). */
  facts?: readonly PageFact[] | undefined;
}

const uncounted = new AsyncLocalStorage<true>();

/**
 * Runs `work` with its datastore calls left out of every CountingDatastore's log: the written
 * answers' differential audit (test/graphql/conformance/written-audit.ts) runs graphql-js on a
 * request a second time, which the tests counting that request's calls must not see.
 */
export function uncountedRun<T>(work: () => Promise<T>): Promise<T> {
  return uncounted.run(true, work);
}

/** Counters shared by a CountingDatastore and the transaction handles it hands out. */
class CallLog {
  calls: DatastoreCall[] = [];
  reads: ReadCall[] = [];
}

export class CountingDatastore implements Datastore {
  private readonly log: CallLog;

  constructor(
    private readonly inner: Datastore,
    log?: CallLog,
  ) {
    this.log = log ?? new CallLog();
  }

  /** Every call since the last reset, in order (calls through transaction handles included). */
  get calls(): readonly DatastoreCall[] {
    return this.log.calls;
  }

  /** Every read since the last reset, in order, with its batch size, `select` and `include`. */
  get reads(): readonly ReadCall[] {
    return this.log.reads;
  }

  /** Number of calls of `method` (all methods when omitted) since the last reset. */
  count(method?: DatastoreMethod): number {
    return method === undefined ? this.log.calls.length : this.log.calls.filter((c) => c.method === method).length;
  }

  /** Calls per method since the last reset; methods not called are absent. */
  counts(): Partial<Record<DatastoreMethod, number>> {
    const out: Partial<Record<DatastoreMethod, number>> = {};
    for (const c of this.log.calls) out[c.method] = (out[c.method] ?? 0) + 1;
    return out;
  }

  reset(): void {
    this.log.calls = [];
    this.log.reads = [];
  }

  private record(method: DatastoreMethod, entity?: string): void {
    if (uncounted.getStore() === true) return;
    this.log.calls.push(entity === undefined ? { method } : { method, entity });
  }

  private recordRead(method: ReadCall['method'], entity: string, size: number, query: KeyQuery | undefined): void {
    if (uncounted.getStore() === true) return;
    this.record(method, entity);
    this.log.reads.push({ method, entity, size, select: query?.select, include: query?.include, where: query?.where });
  }

  getByKeys(entity: string, keys: readonly Tuple[], query?: KeyQuery): Promise<(Row | null)[]> {
    this.recordRead('getByKeys', entity, keys.length, query);
    return this.inner.getByKeys(entity, keys, query);
  }

  getByFields(entity: string, fields: readonly string[], values: readonly Tuple[], query?: ListQuery): Promise<Row[][]> {
    this.recordRead('getByFields', entity, values.length, query);
    return this.inner.getByFields(entity, fields, values, query);
  }

  list(entity: string, query?: ListQuery): Promise<Row[]> {
    this.recordRead('list', entity, 1, query);
    return this.inner.list(entity, query);
  }

  aggregate(entity: string, query: AggregateQuery): Promise<Group[][]> {
    this.recordRead('aggregate', entity, query.per?.values.length ?? 1, { ...(query.where && { where: query.where }) });
    return this.inner.aggregate(entity, query);
  }

  connection(entity: string, query: ConnectionQuery): Promise<Page[]> {
    this.recordRead('connection', entity, query.per?.values.length ?? 1, query);
    if (uncounted.getStore() !== true) this.log.reads.at(-1)!.facts = query.facts;
    return this.inner.connection(entity, query);
  }

  insert(entity: string, rows: readonly Row[], options?: WriteOptions): Promise<Row[]> {
    this.record('insert', entity);
    return this.inner.insert(entity, rows, options);
  }

  update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row> {
    this.record('update', entity);
    return this.inner.update(entity, key, patch, guard);
  }

  delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row> {
    this.record('delete', entity);
    return this.inner.delete(entity, key, guard);
  }

  upsert(entity: string, rows: readonly Row[], updateFields: readonly string[]): Promise<Row[]> {
    this.record('upsert', entity);
    return this.inner.upsert(entity, rows, updateFields);
  }

  updateWhere(entity: string, filter: Filter, patch: Row, maxAffected: number): Promise<Row[]> {
    this.record('updateWhere', entity);
    return this.inner.updateWhere(entity, filter, patch, maxAffected);
  }

  deleteWhere(entity: string, filter: Filter, maxAffected: number): Promise<Row[]> {
    this.record('deleteWhere', entity);
    return this.inner.deleteWhere(entity, filter, maxAffected);
  }

  /** Counts the transaction itself, and the calls made through its handle in the same log. */
  transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    this.record('transaction');
    return this.inner.transaction((tx) => work(new CountingDatastore(tx, this.log)));
  }

  ping(): Promise<void> {
    this.record('ping');
    return this.inner.ping();
  }

  close(): Promise<void> {
    this.record('close');
    return this.inner.close();
  }
}
