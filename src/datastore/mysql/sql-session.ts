/**
 * Runs statements on the pool or on one transaction's connection, turning driver errors into
 * PersistErrors (mysql-errors.ts). SELECTs ask for rows as arrays, decoded by position.
 */
import type { MysqlQueryable } from './mysql-pool.js';
import { toPersistError } from './mysql-errors.js';
import type { Row } from '../datastore.js';
import type { EntitySql } from './entity-sql.js';
import type { WrittenRows } from './written-rows.js';

/** The most `?` placeholders a prepared statement may hold (MySQL and MariaDB: 65,535; error 1390). */
export const MAX_PLACEHOLDERS = 65_535;

/**
 * An upper bound of the bytes a value takes in the statement text the driver sends (it quotes
 * and escapes values into the text): a string escapes each byte at most into two, bytes go as
 * hex (`X'…'`), numbers and the rest stay short.
 */
export function sqlLiteralBytes(value: unknown): number {
  if (typeof value === 'string') return 2 * Buffer.byteLength(value) + 4;
  if (value instanceof Uint8Array) return 2 * value.byteLength + 4;
  return 32;
}

/** What an INSERT, UPDATE or DELETE reports. */
export interface WriteResult {
  affectedRows: number;
  insertId: number;
}

/** One statement's text and the values of its placeholders. */
export interface Statement {
  sql: string;
  values: unknown[];
}

/**
 * Statements over one target (the pool or a transaction's connection). Each statement is handed
 * to the target in the call that runs it, before it returns: statements called one after the
 * other without waiting run on a connection in the order of the calls.
 */
export class SqlSession {
  /** `lane`: see MysqlStatement.lane (for statements sent to the pool). */
  constructor(
    private readonly target: MysqlQueryable,
    private readonly lane = '',
  ) {}

  /**
   * Runs a SELECT; one array of column values per row, in SELECT order. `prepared`: see
   * MysqlStatement. With `onRow`, each row is handed to it instead, in order, as the driver parses
   * it where it can (MysqlStatement.onRow), and none is returned: a read then keeps no driver row
   * alive past its decoding. An error `onRow` throws is thrown as it is, once the statement is
   * done; no row is handed on after it.
   */
  async select(sql: string, values: unknown[], prepared = false, onRow?: (row: unknown[]) => void): Promise<unknown[][]> {
    let failed: { error: unknown } | undefined;
    const each =
      onRow &&
      ((raw: unknown[]): void => {
        if (failed !== undefined) return;
        try {
          onRow(raw);
        } catch (error) {
          failed = { error };
        }
      });
    let rows: unknown[][];
    try {
      const lane = this.lane;
      const [result] = await this.target.query(
        prepared ? { sql, values, rowsAsArray: true, prepared, lane, onRow: each } : { sql, values, rowsAsArray: true, lane, onRow: each },
      );
      rows = result as unknown[][];
    } catch (e) {
      throw toPersistError(e);
    }
    if (each === undefined) return rows;
    // Rows the target did not stream (a text-protocol statement, a target that ignores onRow).
    for (const raw of rows) each(raw);
    if (failed !== undefined) throw failed.error;
    return [];
  }

  /**
   * The rows this session's transaction has inserted while they are all it wrote
   * (written-rows.ts); undefined for statements sent to the pool, each a transaction of its own.
   */
  get written(): WrittenRows | undefined {
    return undefined;
  }

  /** Runs an INSERT of insertRows, whose rows it then hands to `noteInserted`. */
  executeInsert(sql: string, values: unknown[]): Promise<WriteResult> {
    return this.execute(sql, values);
  }

  /** The rows an insert stored (see `written`). */
  noteInserted(meta: EntitySql, rows: readonly Row[]): void {
    void meta;
    void rows;
  }

  /** Runs a statement that returns no rows. */
  async execute(sql: string, values: unknown[] = []): Promise<WriteResult> {
    try {
      const [result] = await this.target.query({ sql, values, lane: this.lane });
      const r = result as Partial<WriteResult>;
      return { affectedRows: Number(r.affectedRows ?? 0), insertId: Number(r.insertId ?? 0) };
    } catch (e) {
      throw toPersistError(e);
    }
  }

  /**
   * Runs a write that is the only change of its transaction, after which nothing of the
   * transaction can fail; a transaction's session may autocommit it (transaction-session.ts).
   * Statements sent to the pool are autocommitted anyway.
   */
  executeAlone(sql: string, values: unknown[]): Promise<WriteResult> {
    return this.execute(sql, values);
  }

  /**
   * Runs `work`, the statements of a write that is the only change of its transaction, after
   * which nothing of the transaction can fail; a transaction's session may commit it as soon as
   * `work` is done (transaction-session.ts). Statements sent to the pool are autocommitted anyway.
   */
  commitAlone<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }
}
