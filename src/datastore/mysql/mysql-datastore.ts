/**
 * The MySQL / MariaDB datastore: the Datastore contract over a mysql2 pool, giving the same
 * answers and the same errors as the in-memory reference. Reads run on any pooled connection;
 * each write runs in a transaction of its own (BEGIN … COMMIT on one connection), and
 * `transaction(work)` runs all of `work` on one connection in one transaction. BEGIN goes out with
 * a transaction's first statement; an insert alone in its transaction (WriteOptions.alone, and
 * every insert outside one) whose rows fit one INSERT is that statement autocommitted, without
 * BEGIN or COMMIT (transaction-session.ts); an updateWhere alone in its transaction commits as soon
 * as its statements are done, before the transaction's work goes on.
 *
 * Statements sent to the pool go in the lane of their entity, transactions in the lane
 * `transaction` (connection-gate.ts): a locked table holds some connections, never all. A
 * transaction the server aborted for a deadlock or a lock wait timeout is replayed from its start
 * (BEGIN, all of its work, COMMIT) at most TRANSACTION_RETRIES times, after a short jittered
 * pause; a connection lost during COMMIT is a CommitOutcomeUnknownError, never retried.
 * A transaction started on a transaction's handle is a savepoint (SAVEPOINT … RELEASE, or ROLLBACK
 * TO SAVEPOINT when its work throws): the outer transaction goes on without what it did.
 */
import type { ModelIR } from '../../model/ir.js';
import type {
  AggregateQuery,
  ConnectionQuery,
  Page,
  PoolStats,
  Datastore,
  Filter,
  Group,
  KeyQuery,
  ListQuery,
  Row,
  Tuple,
  WriteGuard,
  WriteOptions,
} from '../datastore.js';
import { deleteWhere, updateWhere, upsertRows } from './sql-bulk-writes.js';
import { aggregate } from './sql-aggregate.js';
import { connection } from './sql-connection.js';
import { seedDatastore } from '../seed.js';
import { CommitOutcomeUnknownError, TransactionEndedError } from '../../errors.js';
import { buildEntitySql, type EntitySql } from './entity-sql.js';
import { breaksConnection, TransientStatementError, toPersistError } from './mysql-errors.js';
import type { MysqlPool, MysqlPoolConnection } from './mysql-pool.js';
import { getByFields, getByKeys, list, type ReadContext } from './sql-reads.js';
import { SqlSession } from './sql-session.js';
import { TransactionSession } from './transaction-session.js';
import { deleteRow, insertRows, updateRow, type WriteContext } from './sql-writes.js';
import { readSchemaFacts, type SchemaFacts } from './written-rows.js';

/** Shared by the datastore and its transaction handles. */
class Shared implements WriteContext, ReadContext {
  readonly metas: Map<string, EntitySql>;
  private facts: Promise<{ step: number; maxPacket: number }> | undefined;

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

  private schema: Promise<SchemaFacts> | undefined;

  /** The database's FOREIGN KEYs, triggers and collations, read once on the pool; none known when they cannot be read. */
  schemaFacts(): Promise<SchemaFacts> {
    this.schema ??= readSchemaFacts(new SqlSession(this.pool)).catch((): SchemaFacts => ({
      foreignKeys: new Set(),
      triggers: true,
      collations: new Map(),
    }));
    return this.schema;
  }

  /** The server's `auto_increment_increment` and `max_allowed_packet`, read once. */
  private serverFacts(session: SqlSession): Promise<{ step: number; maxPacket: number }> {
    const read = async (): Promise<{ step: number; maxPacket: number }> => {
      const rows = await session.select('SELECT @@auto_increment_increment, @@max_allowed_packet', []);
      return { step: Number(rows[0]?.[0] ?? 1) || 1, maxPacket: Number(rows[0]?.[1] ?? 0) || 4 * 1024 * 1024 };
    };
    // A failed read is tried again by the next caller.
    return (this.facts ??= read().catch((e: unknown) => {
      this.facts = undefined;
      throw e;
    }));
  }

  async autoIncrementStep(session: SqlSession): Promise<number> {
    return (await this.serverFacts(session)).step;
  }

  async maxPacketBytes(session: SqlSession): Promise<number> {
    return (await this.serverFacts(session)).maxPacket;
  }
}

/** Replays of a transaction aborted by a deadlock or a lock wait timeout, after the first run. */
export const TRANSACTION_RETRIES = 3;
/** The lane (connection-gate.ts) of transactions, whatever tables they touch. */
const TRANSACTION_LANE = 'transaction';

/** 20 ms, 40 ms, 80 ms, … each scaled by a random factor in [0.5, 1.5): two replays that collided rarely collide again. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
}

/** Reads and writes over one session; subclasses decide how writes are made atomic. */
abstract class SqlAccess implements Datastore {
  constructor(protected readonly shared: Shared) {}

  /** The session the statements about `entity` run on. */
  protected abstract session(entity: string): SqlSession;
  /** Whether each write runs in a transaction of its own (then it is alone in it: WriteOptions). */
  protected abstract readonly ownTransactions: boolean;
  /** Runs one write about `entity` atomically. */
  protected abstract atomic<T>(entity: string, work: (session: SqlSession) => Promise<T>): Promise<T>;

  getByKeys(entity: string, keys: readonly Tuple[], query?: KeyQuery): Promise<(Row | null)[]> {
    return getByKeys(this.shared, this.shared.meta(entity), this.session(entity), keys, query);
  }

  getByFields(entity: string, fields: readonly string[], values: readonly Tuple[], query?: ListQuery): Promise<Row[][]> {
    return getByFields(this.shared, this.shared.meta(entity), this.session(entity), fields, values, query);
  }

  list(entity: string, query?: ListQuery): Promise<Row[]> {
    return list(this.shared, this.shared.meta(entity), this.session(entity), query);
  }

  aggregate(entity: string, query: AggregateQuery): Promise<Group[][]> {
    return aggregate(this.shared, this.shared.meta(entity), this.session(entity), query);
  }

  connection(entity: string, query: ConnectionQuery): Promise<Page[]> {
    return connection(this.shared, this.shared.meta(entity), this.session(entity), query);
  }

  insert(entity: string, rows: readonly Row[], options?: WriteOptions): Promise<Row[]> {
    const meta = this.shared.meta(entity);
    const alone = this.ownTransactions || options?.alone === true;
    return this.atomic(entity, (s) => insertRows(this.shared, s, meta, rows, alone));
  }

  update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row> {
    const meta = this.shared.meta(entity);
    return this.atomic(entity, (s) => updateRow(this.shared, s, meta, key, patch, guard));
  }

  delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row> {
    const meta = this.shared.meta(entity);
    return this.atomic(entity, (s) => deleteRow(this.shared, s, meta, key, guard));
  }

  upsert(entity: string, rows: readonly Row[], updateFields: readonly string[]): Promise<Row[]> {
    const meta = this.shared.meta(entity);
    return this.atomic(entity, (s) => upsertRows(this.shared, s, meta, rows, updateFields));
  }

  updateWhere(entity: string, filter: Filter, patch: Row, maxAffected: number, options?: WriteOptions): Promise<Row[]> {
    const meta = this.shared.meta(entity);
    // In a transaction of its own it commits with it anyway.
    const alone = !this.ownTransactions && options?.alone === true;
    return this.atomic(entity, (s) => updateWhere(this.shared, s, meta, filter, patch, maxAffected, alone));
  }

  deleteWhere(entity: string, filter: Filter, maxAffected: number): Promise<Row[]> {
    const meta = this.shared.meta(entity);
    return this.atomic(entity, (s) => deleteWhere(this.shared, s, meta, filter, maxAffected));
  }

  async ping(): Promise<void> {
    try {
      await this.shared.pool.ping();
    } catch (e) {
      throw toPersistError(e);
    }
  }

  poolStats(): PoolStats {
    return this.shared.pool.stats();
  }

  abstract transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;
}

/** The session of an ended transaction's handle: every statement is refused (a rejection, as a statement's failure is). */
const ENDED_SESSION = new SqlSession({ query: () => Promise.reject(new TransactionEndedError()) });

/** The handle a transaction's work receives: everything runs on the transaction's connection. */
class TransactionHandle extends SqlAccess {
  protected readonly ownTransactions = false;
  private ended = false;
  /** Savepoints open (nested transaction() calls): each gets its own name. */
  private savepoints = 0;

  constructor(
    shared: Shared,
    private readonly sqlSession: SqlSession,
  ) {
    super(shared);
  }

  protected session(): SqlSession {
    return this.ended ? ENDED_SESSION : this.sqlSession;
  }

  end(): void {
    this.ended = true;
  }

  // Inside a transaction a write needs no transaction of its own: a failed statement is rolled
  // back by the server on its own, and the whole transaction rolls back if the work throws.
  protected atomic<T>(_entity: string, work: (session: SqlSession) => Promise<T>): Promise<T> {
    return work(this.session());
  }

  /**
   * A savepoint: what `work` did is kept with this transaction, or undone when it throws (then the
   * error is rethrown and this transaction goes on). After a deadlock or lost connection nothing is
   * undone here: the whole transaction is rolled back (and replayed) by the outermost.
   */
  async transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    const session = this.session();
    const name = `persist_savepoint_${++this.savepoints}`;
    try {
      await session.execute(`SAVEPOINT ${name}`);
      try {
        const result = await work(this);
        await session.execute(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (e) {
        const wholeTransaction = (e instanceof TransientStatementError && e.replayable) || breaksConnection(e);
        if (!wholeTransaction) await session.execute(`ROLLBACK TO SAVEPOINT ${name}`);
        throw e;
      }
    } finally {
      this.savepoints--;
    }
  }

  async close(): Promise<void> {
    throw new Error('Close the datastore, not a transaction.');
  }
}

/** The datastore over a pool; see openMysqlDatastore (index.ts) to open one from a URL. */
export class MysqlDatastore extends SqlAccess {
  // One per entity: its statements go in the entity's lane.
  private readonly sessions = new Map<string, SqlSession>();
  protected readonly ownTransactions = true;

  /** Takes ownership of `pool` (closed by close()). */
  constructor(model: ModelIR, pool: MysqlPool) {
    super(new Shared(model, pool));
  }

  protected session(entity: string): SqlSession {
    let session = this.sessions.get(entity);
    if (session === undefined) {
      session = new SqlSession(this.shared.pool, entity);
      this.sessions.set(entity, session);
    }
    return session;
  }

  protected atomic<T>(entity: string, work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.withTransaction(entity, work);
  }

  async transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    return this.withTransaction(TRANSACTION_LANE, async (session) => {
      const tx = new TransactionHandle(this.shared, session);
      try {
        return await work(tx);
      } finally {
        tx.end();
      }
    });
  }

  /** Runs `work` in a transaction, replaying it from its start after a deadlock or lock wait timeout. */
  private async withTransaction<T>(lane: string, work: (session: SqlSession) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.transactionOnce(lane, work);
      } catch (e) {
        if (!(e instanceof TransientStatementError && e.replayable) || attempt >= TRANSACTION_RETRIES) throw e;
        await backoff(attempt);
      }
    }
  }

  /**
   * BEGIN, work, COMMIT on one pooled connection; ROLLBACK when work throws. BEGIN goes out with the
   * work's first statement, and neither COMMIT nor ROLLBACK when there is none but an autocommitted
   * sole write (transaction-session.ts).
   */
  private async transactionOnce<T>(lane: string, work: (session: SqlSession) => Promise<T>): Promise<T> {
    let connection: MysqlPoolConnection;
    try {
      connection = await this.shared.pool.getConnection(lane);
    } catch (e) {
      throw toPersistError(e);
    }
    const session = new TransactionSession(connection);
    let broken = false;
    try {
      const result = await work(session);
      // Not begun: the work sent nothing, or only its one autocommitted write (transaction-session.ts).
      if (session.begun)
        try {
          await session.execute('COMMIT');
        } catch (e) {
          // The COMMIT may have reached the server and been applied before the connection went.
          if (!breaksConnection(e)) throw e;
          broken = true;
          throw new CommitOutcomeUnknownError({ cause: e });
        }
      return result;
    } catch (e) {
      // CommitOutcomeUnknownError from an autocommitted write: its connection is lost too.
      broken ||= breaksConnection(e) || e instanceof CommitOutcomeUnknownError;
      if (!broken && session.begun) {
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
