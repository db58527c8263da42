/**
 * Running one statement on one of mysql2's connections: the client deadline, and prepared
 * statements kept per connection (a bounded cache that closes what it evicts).
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type mysql from 'mysql2';
import { StatementCache, type PreparedStatement } from './statement-cache.js';

/** One statement: SQL with `?` placeholders and their values (bound by the driver, never spliced by us). */
export interface MysqlStatement {
  sql: string;
  values?: unknown[];
  /** Rows as arrays of column values in SELECT order (cheaper than objects). */
  rowsAsArray?: boolean;
  /**
   * Run as a server-side prepared statement (mysql2 `execute`: prepared once per connection and
   * cached, rows in the binary protocol). For statements whose text does not depend on the data:
   * a text seen once would cost a round trip more. Measured in process on the benchmark's Q1
   * (100 rows): about 30% less CPU per request, mostly less garbage from decoding text rows.
   */
  prepared?: boolean;
  /**
   * The lane of a statement sent to the pool (the entity it is about): one lane never holds
   * every connection (connection-gate.ts). Ignored on a connection already held.
   */
  lane?: string;
}

/**
 * Runs one statement on a connection through mysql2's callback API (its promise API captures a
 * stack trace per statement, about 2% of the CPU of a 100-row insert, which the errors of this
 * backend never show: mysql-errors.ts turns them into PersistErrors) and calls `done` exactly
 * once. Past `deadlineMs` without an answer `done` gets `late()`'s error (which closes the
 * connection: a reply may still come, and is then dropped). One timer per statement; no promise:
 * the caller makes the one its caller waits on (mysql-pool.ts).
 */
export function runStatement(
  connection: mysql.Connection,
  statement: MysqlStatement,
  deadlineMs: number,
  late: () => Error,
  done: RowsCallback,
): void {
  let answered = false;
  let timer: NodeJS.Timeout | undefined;
  const answer = (error: Error | null, rows: unknown, fields: unknown): void => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    done(error, rows, fields);
  };
  try {
    if (statement.prepared === true) executeOn(connection as unknown as PreparingConnection, statement, answer);
    else connection.query(statement, answer);
  } catch (error) {
    // mysql2 refuses some values by throwing (a TypeError from `execute`): no statement was sent.
    answered = true;
    done(error instanceof Error ? error : new Error(String(error)), undefined, undefined);
    return;
  }
  // (The callback may already have run: on a closed connection.)
  if (!answered)
    timer = setTimeout(() => {
      answered = true;
      done(late(), undefined, undefined);
    }, deadlineMs);
}

// Prepared statements kept per connection and kind of rows (sql-reads.ts's distinct texts per
// entity and shape stay far below it in practice; the least recently used beyond it is closed).
export const STATEMENTS_PER_CONNECTION = 64;

export type RowsCallback = (error: Error | null, rows: unknown, fields: unknown) => void;

/** What mysql2's `execute` returns: its Execute command, which holds the statement once prepared. */
interface ExecuteCommand {
  statement?: PreparedStatement;
}
type ExecuteClass = new (
  options: { statement: PreparedStatement; sql: string; values: unknown[] | undefined; rowsAsArray: boolean },
  callback: RowsCallback,
) => ExecuteCommand;

/** The parts of a mysql2 connection that running a cached statement uses (its typings leave them out). */
interface PreparingConnection {
  execute(options: { sql: string; values: unknown[] | undefined; rowsAsArray: boolean }, callback: RowsCallback): ExecuteCommand;
  /** Queues a command behind those already queued, as `execute` does. */
  addCommand(command: ExecuteCommand): unknown;
  /** Closes a statement on the server and drops it from the driver's cache (the key `execute` cached it under). */
  unprepare(options: { sql: string; rowsAsArray: boolean }): unknown;
}

// mysql2's Execute class (not exported by the package): the class of the command `execute` returns.
let ExecuteCommandClass: ExecuteClass | undefined;

// A connection's caches, [objects, arrays]: they go with the connection object, and so with a
// connection that was closed, killed (the client deadline) or recycled by the pool, whose
// statements the server has dropped. (The pool never resets connections or changes their user,
// which would drop them too: resetOnRelease is off.)
const statementCaches = new WeakMap<PreparingConnection, [StatementCache | undefined, StatementCache | undefined]>();

function cacheOf(connection: PreparingConnection, rowsAsArray: boolean): StatementCache {
  let caches = statementCaches.get(connection);
  if (caches === undefined) statementCaches.set(connection, (caches = [undefined, undefined]));
  const i = rowsAsArray ? 1 : 0;
  return (caches[i] ??= new StatementCache(STATEMENTS_PER_CONNECTION, (sql) => connection.unprepare({ sql, rowsAsArray })));
}

/** Values mysql2 binds (it refuses undefined and functions with a TypeError, thrown by `execute`). */
function bindable(values: readonly unknown[] | undefined): boolean {
  if (values !== undefined) for (const v of values) if (v === undefined || typeof v === 'function') return false;
  return true;
}

/**
 * mysql2's tracing channel of prepared executions (what APM tools and the benchmark's statement
 * count subscribe to). The short path below bypasses mysql2's `execute`, which publishes to it,
 * so it is taken only while nobody listens.
 */
const executeChannel = diagnosticsChannel.tracingChannel('mysql2:execute');

/**
 * Runs a prepared statement: one this connection has prepared before runs as mysql2's own
 * PreparedStatementInfo.execute does, by queueing an Execute command for it (with the kind of
 * rows asked for), without mysql2's per-call cache key. Others go through `execute`, which
 * prepares (or finds) the statement in mysql2's cache; this file's cache then keeps it too. Both
 * caches hold the same statements: mysql2's is sized above the two of a connection, so it never
 * evicts by itself, and this one evicts through `unprepare`, which drops it from mysql2's.
 */
function executeOn(connection: PreparingConnection, statement: MysqlStatement, done: RowsCallback): void {
  const { sql, values } = statement;
  const rowsAsArray = statement.rowsAsArray === true;
  const cache = cacheOf(connection, rowsAsArray);
  const known = cache.get(sql);
  if (known !== undefined && ExecuteCommandClass !== undefined && !executeChannel.hasSubscribers && bindable(values)) {
    connection.addCommand(new ExecuteCommandClass({ statement: known, sql, values, rowsAsArray }, done));
    return;
  }
  // (The callback may run before `execute` returns: on a closed connection.)
  let command: ExecuteCommand | undefined = undefined;
  command = connection.execute({ sql, values, rowsAsArray }, (error, rows, fields) => {
    // Prepared, whether or not it then ran: mysql2 keeps it, so this cache must know it.
    if (command?.statement !== undefined) cache.remember(sql, command.statement);
    done(error, rows, fields);
  });
  ExecuteCommandClass ??= command.constructor as ExecuteClass;
}
