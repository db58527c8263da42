/**
 * The embedded datastore: the executable reference of the Datastore contract. Data lives in
 * process memory and is lost on exit.
 *
 * Concurrency: the store's own operations are synchronous, so single writes never interleave. A
 * transaction spans awaits, so it holds a write lock: writes outside it wait until it commits or
 * rolls back (as row locks would make them wait in MySQL). Reads never wait; while a transaction
 * runs they see its uncommitted changes. Work inside a transaction must go through the `tx` it is
 * given: a write through the outer datastore would wait for the transaction that awaits it.
 */
import type { ModelIR } from '../../model/ir.js';
import type { AggregateQuery, Datastore, Group, KeyQuery, ListQuery, Row, Tuple, WriteGuard } from '../datastore.js';
import { aggregate } from './aggregate-reads.js';
import { DatastoreUnavailableError } from '../../errors.js';
import { getByFields, getByKeys, list } from './reads.js';
import { StoreState, UndoLog } from './store-state.js';
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

  abstract insert(entity: string, rows: readonly Row[]): Promise<Row[]>;
  abstract update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row>;
  abstract delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row>;
  abstract transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T>;

  async ping(): Promise<void> {
    this.check();
  }

  abstract close(): Promise<void>;
}

/** The handle a transaction's work receives: its writes share the transaction's undo log. */
class TransactionHandle extends StateAccess {
  private ended = false;

  constructor(
    state: StoreState,
    private readonly log: UndoLog,
  ) {
    super(state);
  }

  protected check(): void {
    if (this.ended) throw new Error('This transaction has ended; use the datastore instead.');
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

  /** A nested transaction joins this one: it commits or rolls back with the outermost. */
  async transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    this.check();
    return work(this);
  }

  async close(): Promise<void> {
    throw new Error('Close the datastore, not a transaction.');
  }
}

export class InMemoryDatastore extends StateAccess {
  private closed = false;
  /** The running transaction's completion, while one holds the write lock. */
  private running: Promise<void> | null = null;

  constructor(readonly model: ModelIR) {
    super(new StoreState(model));
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

  async transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    // Inline, not a helper: the lock must be checked and taken in one continuation.
    while (this.running) await this.running;
    this.check();
    let release!: () => void;
    this.running = new Promise<void>((resolve) => (release = resolve));
    const log = new UndoLog();
    const tx = new TransactionHandle(this.state, log);
    try {
      return await work(tx);
    } catch (e) {
      log.rollbackTo(0);
      throw e;
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
