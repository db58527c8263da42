/**
 * The connection pool, typed structurally (as Kysely types `MysqlPool`) so that the rest of the
 * backend, and tests that count statements, never depend on mysql2's classes. This file and
 * nothing else outside src/datastore/mysql imports mysql2.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import mysql from 'mysql2';
import { DatastoreUnavailableError, PersistError } from '../../errors.js';
import type { PoolStats } from '../datastore.js';
import { ConnectionGate } from './connection-gate.js';
import { isUnavailable } from './mysql-errors.js';
import { StatementCache, type PreparedStatement } from './statement-cache.js';
import { tlsOptionsOf } from './tls-options.js';

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

/** Something that runs statements: the pool, or one connection inside a transaction. */
export interface MysqlQueryable {
  /**
   * Resolves to `[rows or result header, fields]` as mysql2's promise API does. A connection's
   * statements are queued to the driver in the call, so several called without waiting run in
   * call order, each sent as soon as the one before is answered (TransactionSession.writeThenRead).
   */
  query(statement: MysqlStatement): Promise<[unknown, unknown]>;
}

export interface MysqlPoolConnection extends MysqlQueryable {
  /** Gives the connection back to the pool. */
  release(): void;
  /** Closes a connection that must not be reused (it failed mid-transaction). */
  destroy(): void;
}

/** The structural subset of mysql2's promise pool this backend uses. */
export interface MysqlPool extends MysqlQueryable {
  /** The limits the pool runs under. */
  readonly limits: Readonly<MysqlLimits>;
  /** A connection of `lane` (see MysqlStatement.lane) to hold, e.g. for a transaction. */
  getConnection(lane?: string): Promise<MysqlPoolConnection>;
  /** Resolves when the server answers, on a connection of its own, within `limits.pingTimeoutMs`. */
  ping(): Promise<void>;
  /** Connections held, idle and waited for now (Datastore.poolStats). */
  stats(): PoolStats;
  end(): Promise<void>;
}

/** The parts of a `mysql://user:pass@host:port/db` URL. */
export interface MysqlUrl {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string | undefined;
  /** TLS from the URL's `ssl-*` parameters (tls-options.ts); undefined: none. */
  ssl: mysql.SslOptions | undefined;
}

/** Parses DATABASE_URL; CONFIG_INVALID with the reason when it is not a mysql:// URL. */
export function parseMysqlUrl(url: string): MysqlUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PersistError('CONFIG_INVALID', `The database URL is not a URL (expected mysql://user:password@host:port/database).`);
  }
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') {
    throw new PersistError('CONFIG_INVALID', `The database URL must start with mysql:// (got ${u.protocol}//).`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username) || 'root',
    password: decodeURIComponent(u.password),
    database: database === '' ? undefined : database,
    ssl: tlsOptionsOf(u.searchParams),
  };
}

/** The limits a pool runs under (milliseconds); see DEFAULT_MYSQL_LIMITS. */
export interface MysqlLimits {
  /** Opening a connection (TCP and handshake). */
  connectTimeoutMs: number;
  /** Waiting for a free pooled connection (ConnectionGate). */
  acquireTimeoutMs: number;
  /** One statement: MariaDB cancels it itself (max_statement_time); past it plus a second the client closes the connection and KILLs it. */
  statementTimeoutMs: number;
  /** Waiting for a row or table lock (innodb_lock_wait_timeout, lock_wait_timeout; whole seconds, at least 1). */
  lockWaitTimeoutMs: number;
  /** The health check's ping, on a connection of its own. */
  pingTimeoutMs: number;
  /** Connections kept at most. */
  connectionLimit: number;
  /** Requests waiting for a connection, per lane, at most. */
  queueLimit: number;
}

export const DEFAULT_MYSQL_LIMITS: Readonly<MysqlLimits> = {
  connectTimeoutMs: 5000,
  acquireTimeoutMs: 2000,
  statementTimeoutMs: 10_000,
  lockWaitTimeoutMs: 2000,
  pingTimeoutMs: 700,
  connectionLimit: 10,
  queueLimit: 100,
};

/**
 * Session settings every connection gets before its first statement:
 * - time_zone UTC, so that TIMESTAMP values are written and read unshifted whatever the server's
 *   zone (values travel as strings, never through a JS Date);
 * - a known sql_mode: strict (no silent truncation), and without NO_BACKSLASH_ESCAPES or
 *   ANSI_QUOTES, which would change how the driver's escaped literals and our backtick-quoted
 *   identifiers are read;
 * - lock waits bounded (row locks and table/metadata locks: a LOCK TABLES elsewhere would
 *   otherwise hold a statement for a day), and on MariaDB (the `/*M!` comment, which MySQL skips)
 *   a server-side statement timeout that cancels the work itself and keeps the connection usable.
 */
export function sessionSetupSql(limits: Pick<MysqlLimits, 'statementTimeoutMs' | 'lockWaitTimeoutMs'>): string {
  const lockWait = Math.max(1, Math.ceil(limits.lockWaitTimeoutMs / 1000));
  return (
    "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'" +
    `, innodb_lock_wait_timeout = ${lockWait}, lock_wait_timeout = ${lockWait}` +
    ` /*M!100108 , max_statement_time = ${(limits.statementTimeoutMs / 1000).toFixed(3)} */`
  );
}

// The client's own deadline comes this much after the server's, so that MariaDB's cleaner cancel
// (an error on a connection that stays usable) wins whenever the server still answers.
const CLIENT_GRACE_MS = 1000;

export interface MysqlPoolOptions extends Partial<MysqlLimits> {
  /** Whether to select the URL's database (push connects without one to report a missing database). */
  useDatabase?: boolean;
}

/**
 * One statement on a connection through mysql2's callback API: its promise API captures a stack
 * trace per statement (about 2% of the CPU of a 100-row insert), which the errors of this backend
 * never show (mysql-errors.ts turns them into PersistErrors). Past `deadlineMs` without an answer
 * the promise fails with `late()`'s error (which closes the connection: a reply may still come,
 * and is then dropped). One promise and one timer per statement, no race between two promises.
 */
function runOn(
  connection: mysql.Connection,
  statement: MysqlStatement,
  deadlineMs: number,
  late: () => Error,
): Promise<[unknown, unknown]> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (error: Error | null, rows: unknown, fields: unknown): void => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve([rows, fields]);
    };
    try {
      if (statement.prepared === true) executeOn(connection as unknown as PreparingConnection, statement, done);
      else connection.query(statement, done);
    } catch (error) {
      // mysql2 refuses some values by throwing (a TypeError from `execute`): no statement was sent.
      answered = true;
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    // (The callback may already have run: on a closed connection.)
    if (!answered)
      timer = setTimeout(() => {
        answered = true;
        reject(late());
      }, deadlineMs);
  });
}

// Prepared statements kept per connection and kind of rows (sql-reads.ts's distinct texts per
// entity and shape stay far below it in practice; the least recently used beyond it is closed).
const STATEMENTS_PER_CONNECTION = 64;

type RowsCallback = (error: Error | null, rows: unknown, fields: unknown) => void;

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

/** The statements a timed-out connection was running are killed from a short-lived connection of their own. */
function killThread(config: mysql.ConnectionOptions, threadId: number | null): void {
  if (threadId === null) return;
  const killer = mysql.createConnection({ ...config, connectTimeout: 1000 });
  const done = (): void => killer.destroy();
  killer.on('error', done);
  killer.query(`KILL ${Number(threadId)}`, done);
  setTimeout(done, 2000).unref();
}

/**
 * Opens a pool for a `mysql://` URL. Values never pass through a JS float or Date: DECIMAL
 * arrives as a string, DATE/DATETIME/TIMESTAMP as strings, big integers as strings. Every wait is
 * bounded (MysqlLimits); a wait that ends without an answer is a DatastoreUnavailableError.
 */
export function createMysqlPool(url: string, options: MysqlPoolOptions = {}): MysqlPool {
  const u = parseMysqlUrl(url);
  const limits: MysqlLimits = { ...DEFAULT_MYSQL_LIMITS };
  for (const [k, v] of Object.entries(options)) if (typeof v === 'number' && k in limits) limits[k as keyof MysqlLimits] = v;
  const connectionConfig: mysql.ConnectionOptions = {
    host: u.host,
    port: u.port,
    user: u.user,
    password: u.password,
    ...(u.ssl === undefined ? {} : { ssl: u.ssl }),
    ...(options.useDatabase === false || u.database === undefined ? {} : { database: u.database }),
    charset: 'UTF8MB4_BIN',
    dateStrings: true,
    decimalNumbers: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: limits.connectTimeoutMs,
    // affectedRows counts the rows an UPDATE matched, changed or not (mysql2's default, relied on:
    // sql-update-first.ts compares it with the rows read back).
    flags: ['FOUND_ROWS'],
    // A killed or dropped idle connection is detected on its next use; keep-alive finds it sooner.
    enableKeepAlive: true,
  };
  const pool = mysql.createPool({
    ...connectionConfig,
    connectionLimit: limits.connectionLimit,
    // Prepared statements cached per connection (and held by the server): bounded by this file's
    // caches (executeOn), which close what they evict; mysql2's own never fills before them.
    maxPreparedStatements: 2 * STATEMENTS_PER_CONNECTION + 1,
  });
  const setup = sessionSetupSql(limits);
  pool.on('connection', (connection) => {
    // Queued before any statement of the caller that acquired this connection. A connection
    // whose session cannot be set up must not be used (TIMESTAMPs would shift): destroy it, and
    // the caller's statement fails instead.
    connection.query(setup, (error: unknown) => {
      if (error) connection.destroy();
    });
  });
  // The callback pool's connections: its promise API would wrap each in an EventEmitter of its
  // own (two listeners and a promise per statement) that nothing here uses.
  const connectionOf = (): Promise<mysql.PoolConnection> =>
    new Promise((resolve, reject) => pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection))));
  // Below mysql2's pool: one lane (one table) never holds every connection, and nobody waits forever.
  const gate = new ConnectionGate({
    limit: limits.connectionLimit,
    laneLimit: Math.max(1, limits.connectionLimit - Math.max(1, Math.floor(limits.connectionLimit / 4))),
    queueLimit: limits.queueLimit,
    acquireTimeoutMs: limits.acquireTimeoutMs,
  });
  const clientDeadline = limits.statementTimeoutMs + CLIENT_GRACE_MS;

  const acquire = async (lane: string): Promise<MysqlPoolConnection> => {
    // A free connection is taken at once, without waiting a turn of the event loop for it.
    const permit = gate.tryAcquire(lane) ?? (await gate.acquire(lane));
    let connection: mysql.PoolConnection;
    try {
      connection = await connectionOf();
    } catch (e) {
      permit();
      throw e;
    }
    let state: 'open' | 'destroyed' | 'done' = 'open';
    const destroy = (): void => {
      if (state === 'open') connection.destroy();
      if (state !== 'done') permit();
      state = 'done';
    };
    // The server did not cancel the statement itself: it is hung, or the network is. The
    // connection is unusable (a reply may still come); close it and kill its work.
    const late = (): Error => {
      const threadId = connection.threadId;
      connection.destroy();
      state = state === 'open' ? 'destroyed' : state;
      killThread(connectionConfig, threadId);
      return new DatastoreUnavailableError(
        `The database did not answer within ${clientDeadline} ms (statementTimeout); the statement was cancelled: retry later.`,
      );
    };
    return {
      // (After the deadline the destroyed connection fails the statement too: already answered.)
      query: (statement) => runOn(connection, statement, clientDeadline, late),
      release: () => {
        if (state === 'open') connection.release();
        if (state !== 'done') permit();
        state = 'done';
      },
      destroy,
    };
  };

  // The health check's connection: never queued behind the pool, its own short deadline.
  let pingConnection: mysql.Connection | undefined;
  let pinging: Promise<void> | undefined;
  const dropPing = (c: mysql.Connection): void => {
    if (pingConnection === c) pingConnection = undefined;
    c.destroy();
  };
  /** One ping on `target`, failing after `ms`. */
  const pingOn = (target: mysql.Connection, ms: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        dropPing(target);
        reject(new DatastoreUnavailableError(`The database did not answer a ping within ${limits.pingTimeoutMs} ms.`));
      }, ms);
      target.ping((error) => {
        clearTimeout(timer);
        if (error) {
          dropPing(target);
          reject(error);
        } else resolve();
      });
    });
  const freshPingConnection = (ms: number): mysql.Connection => {
    const fresh = mysql.createConnection({ ...connectionConfig, connectTimeout: Math.max(1, ms) });
    fresh.on('error', () => dropPing(fresh));
    return (pingConnection = fresh);
  };
  const ping = async (): Promise<void> => {
    const started = Date.now();
    const kept = pingConnection;
    if (kept === undefined) return pingOn(freshPingConnection(limits.pingTimeoutMs), limits.pingTimeoutMs);
    try {
      await pingOn(kept, limits.pingTimeoutMs);
    } catch (e) {
      // A kept connection may have been closed by the server since (wait_timeout, a restart):
      // one more try on a new one, within the same deadline, before saying the database is down.
      const left = limits.pingTimeoutMs - (Date.now() - started);
      if (left <= 0) throw e;
      await pingOn(freshPingConnection(left), left);
    }
  };

  return {
    limits,
    query: async (statement) => {
      const connection = await acquire(statement.lane ?? '');
      try {
        const result = await connection.query(statement);
        connection.release();
        return result;
      } catch (e) {
        // A connection whose statement failed for a connectivity reason goes; others come back.
        if (isUnavailable(e)) connection.destroy();
        else connection.release();
        throw e;
      }
    },
    getConnection: (lane) => acquire(lane ?? ''),
    stats: () => {
      const { held, waiting } = gate.counts();
      // mysql2 counts its open free connections in its pool's `_freeConnections` queue (no public accessor).
      const free = (pool as unknown as { _freeConnections?: { length?: unknown } })._freeConnections?.length;
      return { inUse: held, idle: typeof free === 'number' ? free : 0, queued: waiting, limit: limits.connectionLimit };
    },
    ping: () => (pinging ??= ping().finally(() => (pinging = undefined))),
    end: async () => {
      gate.close();
      if (pingConnection !== undefined) dropPing(pingConnection);
      await new Promise<void>((resolve, reject) => pool.end((error) => (error ? reject(error) : resolve())));
    },
  };
}
