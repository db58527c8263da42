/**
 * The session of one transaction on one pooled connection. START TRANSACTION goes out just before
 * the transaction's first statement, so that a transaction whose only change is one statement can
 * skip it: `executeAlone` runs that statement autocommitted (a single InnoDB statement is atomic:
 * all its rows or none), and the transaction then has nothing to COMMIT. That saves the two round
 * trips of START TRANSACTION and COMMIT of a `createEs` whose rows fit one INSERT. A sole write of
 * several statements (`commitAlone`: an updateEs's UPDATE and read-back, or its locking SELECT and
 * UPDATE) is committed as soon as they are done, so that its rows' locks are not held while the
 * caller builds its answer.
 */
import { CommitOutcomeUnknownError } from '../../errors.js';
import { breaksConnection } from './mysql-errors.js';
import type { MysqlPoolConnection } from './mysql-pool.js';
import { SqlSession, type Statement, type WriteResult } from './sql-session.js';
import type { Row } from '../datastore.js';
import type { EntitySql } from './entity-sql.js';
import { WrittenRows } from './written-rows.js';

export class TransactionSession extends SqlSession {
  private state: 'pending' | 'open' | 'committedAlone' = 'pending';
  private readonly writtenRows = new WrittenRows();

  override get written(): WrittenRows {
    return this.writtenRows;
  }

  /** An INSERT whose rows are noted next (written-rows.ts): the one statement that keeps them. */
  override async executeInsert(sql: string, values: unknown[]): Promise<WriteResult> {
    await this.beginWrite();
    return super.execute(sql, values);
  }

  override noteInserted(meta: EntitySql, rows: readonly Row[]): void {
    if (this.state === 'open') this.writtenRows.note(meta, rows);
    else this.writtenRows.forget();
  }

  constructor(connection: MysqlPoolConnection) {
    super(connection);
  }

  /** Whether START TRANSACTION went out: the transaction then ends with COMMIT or ROLLBACK. */
  get begun(): boolean {
    return this.state === 'open';
  }

  private async begin(): Promise<void> {
    if (this.state !== 'pending') return;
    // Set first: a START TRANSACTION that fails leaves the session to be rolled back (or destroyed).
    this.state = 'open';
    await super.execute('START TRANSACTION');
  }

  override async select(sql: string, values: unknown[], prepared = false): Promise<unknown[][]> {
    // After an autocommitted write, reads run autocommitted too and see what it wrote.
    await this.begin();
    return super.select(sql, values, prepared);
  }

  /** START TRANSACTION before a write, if it has not gone out. */
  private async beginWrite(): Promise<void> {
    // The caller of executeAlone promised no other write follows: one would not be undone with it.
    if (this.state === 'committedAlone') throw new Error('A write followed the write that was to be its transaction’s only one.');
    await this.begin();
  }

  override async execute(sql: string, values: unknown[] = []): Promise<WriteResult> {
    this.writtenRows.forget();
    await this.beginWrite();
    return super.execute(sql, values);
  }

  /** Whether nothing of the transaction has run yet: `rollback` then undoes all that runs next. */
  get fresh(): boolean {
    return this.state === 'pending';
  }

  /** ROLLBACK of all the transaction ran; the session then goes on as a transaction not yet begun. */
  async rollback(): Promise<void> {
    this.writtenRows.forget();
    if (this.state !== 'open') return;
    await super.execute('ROLLBACK');
    this.state = 'pending';
  }

  /**
   * The write `write`, then the read `read`, handed to the connection together: the read goes out
   * as soon as the write is answered, without waiting for this process to take its turn (the
   * write's row locks are held meanwhile). The read runs whatever the write's outcome; the
   * write's error is thrown when it fails, else the read's.
   */
  async writeThenRead(write: Statement, read: Statement): Promise<{ written: WriteResult; rows: unknown[][] }> {
    this.writtenRows.forget();
    await this.beginWrite();
    // Both queued before either is awaited: a session hands each statement over as it is called.
    const written = super.execute(write.sql, write.values);
    const rows = super.select(read.sql, read.values);
    try {
      await written;
    } catch (e) {
      await rows.catch(() => undefined);
      throw e;
    }
    return { written: await written, rows: await rows };
  }

  /**
   * `work`, then COMMIT, when `work` holds the transaction's first statements; the session then
   * goes on as after an autocommitted write. Otherwise `work` as any other work of the open
   * transaction. A `work` that throws leaves the transaction open, to be rolled back; a connection
   * lost during the COMMIT is CommitOutcomeUnknownError.
   */
  override async commitAlone<T>(work: () => Promise<T>): Promise<T> {
    this.writtenRows.forget();
    if (this.state !== 'pending') return work();
    const result = await work();
    if (!this.begun) return result;
    try {
      await super.execute('COMMIT');
    } catch (e) {
      if (breaksConnection(e)) throw new CommitOutcomeUnknownError({ cause: e });
      throw e;
    }
    this.state = 'committedAlone';
    return result;
  }

  /**
   * Autocommitted when it is the transaction's first statement, else as any other statement of the
   * open transaction. A refused statement kept nothing, and the session
   * goes on as a transaction not yet begun (a diagnosis may read next). A connection lost while
   * it ran is CommitOutcomeUnknownError, as when one is lost during COMMIT: it may have been kept.
   */
  override async executeAlone(sql: string, values: unknown[]): Promise<WriteResult> {
    this.writtenRows.forget();
    if (this.state !== 'pending') return this.execute(sql, values);
    this.state = 'committedAlone';
    try {
      return await super.execute(sql, values);
    } catch (e) {
      if (breaksConnection(e)) throw new CommitOutcomeUnknownError({ cause: e });
      this.state = 'pending';
      throw e;
    }
  }
}
