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

  /** Runs a SELECT; one array of column values per row, in SELECT order. `prepared`: see MysqlStatement. */
  async select(sql: string, values: unknown[], prepared = false): Promise<unknown[][]> {
    try {
      const lane = this.lane;
      const [rows] = await this.target.query(
        prepared ? { sql, values, rowsAsArray: true, prepared, lane } : { sql, values, rowsAsArray: true, lane },
      );
      return rows as unknown[][];
    } catch (e) {
      throw toPersistError(e);
    }
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
