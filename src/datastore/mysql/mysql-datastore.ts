/**
 * The MySQL / MariaDB datastore: the Datastore contract over a mysql2 pool, giving the same
 * answers and the same errors as the in-memory reference. Reads run on any pooled connection;
 * each write runs in a transaction of its own (BEGIN … COMMIT on one connection), and
 * `transaction(work)` runs all of `work` on one connection in one transaction.
 */
import type { ModelIR } from '../../model/ir.js';
import type { Datastore, KeyQuery, ListQuery, Row, Tuple } from '../datastore.js';
import { seedDatastore } from '../seed.js';
import { PersistError } from '../../errors.js';
import { buildEntitySql, type EntitySql } from './entity-sql.js';
import { isUnavailable, toPersistError } from './mysql-errors.js';
import type { MysqlPool, MysqlPoolConnection } from './mysql-pool.js';
import { getByFields, getByKeys, list, type ReadContext } from './sql-reads.js';
import { SqlSession } from './sql-session.js';
import { deleteRow, insertRows, updateRow, type WriteContext } from './sql-writes.js';

/** Shared by the datastore and its transaction handles. */
class Shared implements WriteContext, ReadContext {
  readonly metas: Map<string, EntitySql>;
  private step: number | undefined;

  constructor(
    readonly model: ModelIR,
    readonly pool: MysqlPool,
  ) {
    this.metas = buildEntitySql(model);
  }

  meta(entity: string): EntitySql {
    const m = this.metas.get(entity);
    if (!m) throw new Error(`Unknown entity '${entity}'`);
    return m;
  }

  async autoIncrementStep(session: SqlSession): Promise<number> {
    if (this.step === undefined) {
      const rows = await session.select('SELECT @@auto_increment_increment', []);
      this.step = Number(rows[0]?.[0] ?? 1) || 1;
    }
    return this.step;
  }
}

/** Reads and writes over one session; subclasses decide how writes are made atomic. */
abstract class SqlAccess implements Datastore {
  constructor(protected readonly shared: Shared) {}

  protected abstract session(): SqlSession;
  /** Runs one write atomically. */
  protected abstract atomic<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;

  getByKeys(entity: string, keys: readonly Tuple[], query?: KeyQuery): Promise<(Row | null)[]> {
    return getByKeys(this.shared, this.shared.meta(entity), this.session(), keys, query);
  }

  getByFields(entity: string, fields: readonly string[], values: readonly Tuple[], query?: ListQuery): Promise<Row[][]> {
    return getByFields(this.shared, this.shared.meta(entity), this.session(), fields, values, query);
  }

  list(entity: string, query?: ListQuery): Promise<Row[]> {
    return list(this.shared, this.shared.meta(entity), this.session(), query);
  }

  insert(entity: string, rows: readonly Row[]): Promise<Row[]> {
    const meta = this.shared.meta(entity);
    return this.atomic((s) => insertRows(this.shared, s, meta, rows));
  }

  update(entity: string, key: Tuple, patch: Row): Promise<Row> {
    const meta = this.shared.meta(entity);
    return this.atomic((s) => updateRow(this.shared, s, meta, key, patch));
  }

  delete(entity: string, key: Tuple): Promise<Row> {
    const meta = this.shared.meta(entity);
    return this.atomic((s) => deleteRow(this.shared, s, meta, key));
  }

  async ping(): Promise<void> {
    await this.session().select('SELECT 1', []);
  }

  abstract transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;
}

/** The handle a transaction's work receives: everything runs on the transaction's connection. */
class TransactionHandle extends SqlAccess {
  private ended = false;

  constructor(
    shared: Shared,
    private readonly sqlSession: SqlSession,
  ) {
    super(shared);
  }

  protected session(): SqlSession {
    if (this.ended) throw new Error('This transaction has ended; use the datastore instead.');
    return this.sqlSession;
  }

  end(): void {
    this.ended = true;
  }

  // Inside a transaction a write needs no transaction of its own: a failed statement is rolled
  // back by the server on its own, and the whole transaction rolls back if the work throws.
  protected atomic<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return work(this.session());
  }

  /** A nested transaction joins this one: it commits or rolls back with the outermost. */
  async transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    this.session();
    return work(this);
  }

  async close(): Promise<void> {
    throw new Error('Close the datastore, not a transaction.');
  }
}

/** The datastore over a pool; see openMysqlDatastore (index.ts) to open one from a URL. */
export class MysqlDatastore extends SqlAccess {
  private readonly poolSession: SqlSession;

  /** Takes ownership of `pool` (closed by close()). */
  constructor(model: ModelIR, pool: MysqlPool) {
    super(new Shared(model, pool));
    this.poolSession = new SqlSession(pool);
  }

  protected session(): SqlSession {
    return this.poolSession;
  }

  protected atomic<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.withTransaction(work);
  }

  async transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    return this.withTransaction(async (session) => {
      const tx = new TransactionHandle(this.shared, session);
      try {
        return await work(tx);
      } finally {
        tx.end();
      }
    });
  }

  /** BEGIN, work, COMMIT on one pooled connection; ROLLBACK when work throws. */
  private async withTransaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    let connection: MysqlPoolConnection;
    try {
      connection = await this.shared.pool.getConnection();
    } catch (e) {
      throw toPersistError(e);
    }
    const session = new SqlSession(connection);
    let broken = false;
    try {
      await session.execute('START TRANSACTION');
      const result = await work(session);
      await session.execute('COMMIT');
      return result;
    } catch (e) {
      broken = isUnavailable(e) || (e instanceof PersistError && e.code === 'DATASTORE_UNAVAILABLE');
      if (!broken) {
        try {
          await session.execute('ROLLBACK');
        } catch {
          broken = true;
        }
      }
      throw e;
    } finally {
      // A connection that failed mid-transaction is not given back to the pool.
      if (broken) connection.destroy();
      else connection.release();
    }
  }

  /**
   * Loads rows into the tables through the same checks as insert, parents first, all or nothing
   * (see seedDatastore).
   */
  async load(data: Readonly<Record<string, readonly Row[]>>): Promise<void> {
    await seedDatastore(this, this.shared.model, data);
  }

  async close(): Promise<void> {
    await this.shared.pool.end();
  }
}
