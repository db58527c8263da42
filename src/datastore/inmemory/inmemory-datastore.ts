/**
 * The embedded datastore: the executable reference of the Datastore contract. Data lives in
 * process memory and is lost on exit.
 *
 * Concurrency: the store's own operations are synchronous, so single writes never interleave. A
 * transaction spans awaits, so it holds a write lock: writes and transactions outside it wait until
 * it commits or rolls back (transactions are serialized, as row locks would make them wait in
 * MySQL). Reads never wait, and never see a transaction's uncommitted changes: the transaction
 * writes to overlays of the tables it changes (store-state.ts), applied to them when it commits. Work
 * inside a transaction must go through the `tx` it is given: a write through the outer datastore
 * would wait for the transaction that awaits it.
 *
 * A transaction started on a transaction's handle is a savepoint: if its work throws, what it did
 * is undone and the error rethrown, and the outer transaction goes on.
 */
import type { ModelIR } from '../../model/ir.js';
import type {
  AggregateQuery,
  ConnectionQuery,
  Datastore,
  Filter,
  Group,
  KeyQuery,
  ListQuery,
  Page,
  Row,
  Tuple,
  WriteGuard,
} from '../datastore.js';
import { deleteWhere, updateWhere, upsertRows } from './bulk-writes.js';
import { aggregate } from './aggregate-reads.js';
import { connection } from './connection-reads.js';
import { DatastoreUnavailableError, TransactionEndedError } from '../../errors.js';
import { getByFields, getByKeys, list } from './reads.js';
import { StoreState, TransactionState, UndoLog } from './store-state.js';
import { seedDatastore } from '../seed.js';
import { deleteRow, insertRows, updateRow } from './writes.js';

/** Runs reads and writes against the state; writes record their changes in `log()`. */
abstract class StateAccess implements Datastore {
  constructor(protected readonly state: StoreState) {}

  /** Throws when this handle may no longer be used. */
  protected abstract check(): void;

  async getByKeys(entity: string, keys: readonly Tuple[], query?: KeyQuery): Promise<(Row | null)[]> {
    this.check();
    return getByKeys(this.state, entity, keys, query);
  }

  async getByFields(entity: string, fields: readonly string[], values: readonly Tuple[], query?: ListQuery): Promise<Row[][]> {
    this.check();
    return getByFields(this.state, entity, fields, values, query);
  }

  async list(entity: string, query?: ListQuery): Promise<Row[]> {
    this.check();
    return list(this.state, entity, query);
  }

  async aggregate(entity: string, query: AggregateQuery): Promise<Group[][]> {
    this.check();
    return aggregate(this.state, entity, query);
  }

  async connection(entity: string, query: ConnectionQuery): Promise<Page[]> {
    this.check();
    return connection(this.state, entity, query);
  }

  abstract insert(entity: string, rows: readonly Row[]): Promise<Row[]>;
  abstract update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row>;
  abstract delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row>;
  abstract upsert(entity: string, rows: readonly Row[], updateFields: readonly string[]): Promise<Row[]>;
  abstract updateWhere(entity: string, filter: Filter, patch: Row, maxAffected: number): Promise<Row[]>;
  abstract deleteWhere(entity: string, filter: Filter, maxAffected: number): Promise<Row[]>;
  abstract transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T>;

  async ping(): Promise<void> {
    this.check();
  }

  abstract close(): Promise<void>;
}

/** The handle a transaction's work receives: its writes share the transaction's undo log. */
class TransactionHandle extends StateAccess {
  private ended = false;

  private readonly log: UndoLog;

  constructor(override readonly state: TransactionState) {
    super(state);
    this.log = state.log;
  }

  protected check(): void {
    if (this.ended) throw new TransactionEndedError();
  }

  end(): void {
    this.ended = true;
  }

  async insert(entity: string, rows: readonly Row[]): Promise<Row[]> {
    this.check();
    return insertRows(this.state, this.log, entity, rows);
  }

  async update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row> {
    this.check();
    return updateRow(this.state, this.log, entity, key, patch, guard);
  }

  async delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row> {
    this.check();
    return deleteRow(this.state, this.log, entity, key, guard);
  }

  async upsert(entity: string, rows: readonly Row[], updateFields: readonly string[]): Promise<Row[]> {
    this.check();
    return upsertRows(this.state, this.log, entity, rows, updateFields);
  }

  async updateWhere(entity: string, filter: Filter, patch: Row, maxAffected: number): Promise<Row[]> {
    this.check();
    return updateWhere(this.state, this.log, entity, filter, patch, maxAffected);
  }

  async deleteWhere(entity: string, filter: Filter, maxAffected: number): Promise<Row[]> {
    this.check();
    return deleteWhere(this.state, this.log, entity, filter, maxAffected);
  }

  /**
   * A savepoint: what `work` did is kept with this transaction, or undone when it throws (then the
   * error is rethrown and this transaction goes on).
   */
  async transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    this.check();
    const mark = this.log.mark();
    try {
      return await work(this);
    } catch (e) {
      this.log.rollbackTo(mark);
      throw e;
    }
  }

  async close(): Promise<void> {
    throw new Error('Close the datastore, not a transaction.');
  }
}

export class InMemoryDatastore extends StateAccess {
  private closed = false;
  /** The running transaction's completion, while one holds the write lock. */
  private running: Promise<void> | null = null;

  /**
   * `state` lets a backend that keeps its rows elsewhere (googlesheets) run this store's reads and
   * writes over rows it loaded into a StoreState, and read the changes back from it.
   */
  constructor(
    readonly model: ModelIR,
    state: StoreState = new StoreState(model),
  ) {
    super(state);
  }

  protected check(): void {
    if (this.closed) throw new DatastoreUnavailableError('The in-memory datastore is closed.');
  }

  async insert(entity: string, rows: readonly Row[]): Promise<Row[]> {
    // Inline, not a helper: the lock must be checked and taken in one continuation.
    while (this.running) await this.running;
    this.check();
    return insertRows(this.state, new UndoLog(), entity, rows);
  }

  async update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row> {
    // Inline, not a helper: the lock must be checked and taken in one continuation.
    while (this.running) await this.running;
    this.check();
    return updateRow(this.state, new UndoLog(), entity, key, patch, guard);
  }

  async delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row> {
    // Inline, not a helper: the lock must be checked and taken in one continuation.
    while (this.running) await this.running;
    this.check();
    return deleteRow(this.state, new UndoLog(), entity, key, guard);
  }

  async upsert(entity: string, rows: readonly Row[], updateFields: readonly string[]): Promise<Row[]> {
    // Inline, not a helper: the lock must be checked and taken in one continuation.
    while (this.running) await this.running;
    this.check();
    return upsertRows(this.state, new UndoLog(), entity, rows, updateFields);
  }

  async updateWhere(entity: string, filter: Filter, patch: Row, maxAffected: number): Promise<Row[]> {
    // Inline, not a helper: the lock must be checked and taken in one continuation.
    while (this.running) await this.running;
    this.check();
    return updateWhere(this.state, new UndoLog(), entity, filter, patch, maxAffected);
  }

  async deleteWhere(entity: string, filter: Filter, maxAffected: number): Promise<Row[]> {
    // Inline, not a helper: the lock must be checked and taken in one continuation.
    while (this.running) await this.running;
    this.check();
    return deleteWhere(this.state, new UndoLog(), entity, filter, maxAffected);
  }

  async transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    // Inline, not a helper: the lock must be checked and taken in one continuation.
    while (this.running) await this.running;
    this.check();
    let release!: () => void;
    this.running = new Promise<void>((resolve) => (release = resolve));
    const tx = new TransactionHandle(new TransactionState(this.state));
    try {
      const result = await work(tx);
      // Checked and committed in one continuation: nothing runs between the close and the commit.
      this.check();
      tx.state.commit();
      return result;
    } finally {
      tx.end();
      this.running = null;
      release();
    }
  }

  /**
   * Loads rows into empty or populated tables through the same checks as insert, parents first
   * (see seedDatastore for any backend); all or nothing.
   */
  async load(data: Readonly<Record<string, readonly Row[]>>): Promise<void> {
    await seedDatastore(this, this.model, data);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
