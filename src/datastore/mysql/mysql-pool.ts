/**
 * The connection pool, typed structurally (as Kysely types `MysqlPool`) so that the rest of the
 * backend, and tests that count statements, never depend on mysql2's classes. This file and
 * nothing else outside src/datastore/mysql imports mysql2.
 */
import mysql from 'mysql2';
import { DatastoreUnavailableError, PersistError } from '../../errors.js';
import type { PoolStats } from '../datastore.js';
import { ConnectionGate, type Release } from './connection-gate.js';
import { isUnavailable } from './mysql-errors.js';
import { runStatement, STATEMENTS_PER_CONNECTION, type MysqlStatement, type RowsCallback } from './statement-runner.js';
import { tlsOptionsOf } from './tls-options.js';

export type { MysqlStatement } from './statement-runner.js';

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

/** A held connection, with its statements' callback form (one promise less per pooled statement). */
interface HeldConnection extends MysqlPoolConnection {
  run(statement: MysqlStatement, done: RowsCallback): void;
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
    // caches (statement-runner.ts executeOn), which close what they evict; mysql2's own never fills before them.
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
  // Below mysql2's pool: one lane (one table) never holds every connection, and nobody waits forever.
  const gate = new ConnectionGate({
    limit: limits.connectionLimit,
    laneLimit: Math.max(1, limits.connectionLimit - Math.max(1, Math.floor(limits.connectionLimit / 4))),
    queueLimit: limits.queueLimit,
    acquireTimeoutMs: limits.acquireTimeoutMs,
  });
  const clientDeadline = limits.statementTimeoutMs + CLIENT_GRACE_MS;

  /** The connection mysql2's pool gave under `permit`: released or destroyed once, its statements under the client deadline. */
  const hold = (connection: mysql.PoolConnection, permit: Release): HeldConnection => {
    let state: 'open' | 'destroyed' | 'done' = 'open';
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
    // (After the deadline the destroyed connection fails the statement too: already answered.)
    const run = (statement: MysqlStatement, done: RowsCallback): void => runStatement(connection, statement, clientDeadline, late, done);
    return {
      run,
      query: (statement) =>
        new Promise((resolve, reject) => run(statement, (error, rows, fields) => (error ? reject(error) : resolve([rows, fields])))),
      release: () => {
        if (state === 'open') connection.release();
        if (state !== 'done') permit();
        state = 'done';
      },
      destroy: () => {
        if (state === 'open') connection.destroy();
        if (state !== 'done') permit();
        state = 'done';
      },
    };
  };
  // A permit for `lane`, then a connection from mysql2's callback pool (its promise API would
  // wrap each in an EventEmitter of its own, two listeners and a promise per statement, that
  // nothing here uses). A free permit is taken at once, without a turn of the event loop; the
  // permit goes back when no connection comes.
  const connect = (lane: string, then: (connection: HeldConnection) => void, fail: (error: unknown) => void): void => {
    const withPermit = (permit: Release): void =>
      pool.getConnection((error, connection) => {
        if (error) {
          permit();
          fail(error);
        } else then(hold(connection, permit));
      });
    gate.wait(lane, withPermit, fail);
  };
  const acquire = (lane: string): Promise<MysqlPoolConnection> => new Promise((resolve, reject) => connect(lane, resolve, reject));
  // One statement on a pooled connection, given back when answered (destroyed when the statement
  // failed for a connectivity reason, given back otherwise): one promise a statement.
  const queryPooled = (statement: MysqlStatement): Promise<[unknown, unknown]> =>
    new Promise((resolve, reject) =>
      connect(
        statement.lane ?? '',
        (connection) =>
          connection.run(statement, (error, rows, fields) => {
            if (!error) {
              connection.release();
              resolve([rows, fields]);
              return;
            }
            if (isUnavailable(error)) connection.destroy();
            else connection.release();
            reject(error);
          }),
        reject,
      ),
    );

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
    query: queryPooled,
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
