/**
 * What a failed statement means: the server is unreachable or the connection was lost
 * (DatastoreUnavailableError, masked for GraphQL clients), a constraint was violated (diagnosed
 * by the write that ran it), or anything else (an INTERNAL PersistError that keeps the driver's
 * error as its cause for the server log, never showing SQL to clients).
 */
import { DatastoreUnavailableError, PersistError } from '../../errors.js';

/** The constraint violations writes diagnose, by server error number. */
export type ConstraintKind = 'duplicate' | 'referenced' | 'missingParent';
const CONSTRAINT_ERRNOS: ReadonlyMap<number, ConstraintKind> = new Map([
  [1062, 'duplicate'], // ER_DUP_ENTRY
  [1586, 'duplicate'], // ER_DUP_ENTRY_WITH_KEY_NAME
  [1451, 'referenced'], // ER_ROW_IS_REFERENCED_2
  [1217, 'referenced'], // ER_ROW_IS_REFERENCED
  [1452, 'missingParent'], // ER_NO_REFERENCED_ROW_2
  [1216, 'missingParent'], // ER_NO_REFERENCED_ROW
]);

// Server-side codes that mean the connection or the server is gone or refuses us.
const UNAVAILABLE_ERRNOS = new Set([
  1040, // too many connections
  1044, // access denied to the database
  1045, // access denied
  1698, // access denied without a password (MariaDB's unix_socket root)
  1049, // unknown database
  1053, // server shutdown in progress
  1077, // normal shutdown
  1152, // aborted connection
  1317, // query interrupted (KILL)
  1927, // connection killed (MariaDB)
  2002, // can't connect through socket
  2003, // can't connect to server
  2006, // server has gone away
  2013, // lost connection during query
  4031, // disconnected by the server for inactivity
]);
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'POOL_CLOSED',
]);

const REFUSAL_CODES = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
]);

interface DriverErrorShape {
  errno?: unknown;
  code?: unknown;
  fatal?: unknown;
  message?: unknown;
}

function shape(error: unknown): DriverErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

// Refusals that pass: the statement failed, the connection stays usable.
const TRANSIENT_MESSAGES: ReadonlyMap<number, string> = new Map([
  [1205, 'The database gave up waiting for a lock held by another transaction (lock wait timeout); retry later.'],
  [1213, 'The database aborted the transaction to resolve a deadlock with another one; retry.'],
  [1969, 'The database did not finish the statement in time (statementTimeout): it is overloaded or a table is locked; retry later.'],
  [3024, 'The database did not finish the statement in time (statementTimeout): it is overloaded or a table is locked; retry later.'],
]);
// Of those, the ones after which the whole transaction may simply run again.
const REPLAYABLE_ERRNOS: ReadonlySet<number> = new Set([1205, 1213]);

/**
 * A statement refused for a passing reason (a lock wait timeout, a deadlock, the server's
 * statement timeout): retryable for clients, and the connection stays usable.
 */
export class TransientStatementError extends DatastoreUnavailableError {
  constructor(
    readonly errno: number,
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
  }

  /** A deadlock or lock wait timeout: the transaction may be replayed from its start. */
  get replayable(): boolean {
    return REPLAYABLE_ERRNOS.has(this.errno);
  }
}

/** True when a failed statement leaves its connection unusable (it is destroyed, not given back). */
export function breaksConnection(error: unknown): boolean {
  if (error instanceof TransientStatementError) return false;
  return error instanceof DatastoreUnavailableError || isUnavailable(error);
}

/** A statement the server rejected for a reason other than connectivity. */
export class MysqlStatementError extends PersistError {
  constructor(
    readonly errno: number | undefined,
    cause: unknown,
  ) {
    super('INTERNAL', `The database rejected a statement${errno === undefined ? '' : ` (error ${errno})`}.`, { cause });
  }

  /** The constraint violated, for duplicate-key and foreign-key errors. */
  get constraint(): ConstraintKind | undefined {
    return this.errno === undefined ? undefined : CONSTRAINT_ERRNOS.get(this.errno);
  }
}

/** True when the statement was refused for a constraint (a unique index, a missing parent, children referring to a row). */
export function isConstraintError(e: unknown): boolean {
  return e instanceof MysqlStatementError && e.constraint !== undefined;
}

/** True when the error means the server cannot be reached or the connection is unusable. */
export function isUnavailable(error: unknown): boolean {
  const e = shape(error);
  if (e.fatal === true) return true;
  if (typeof e.errno === 'number' && UNAVAILABLE_ERRNOS.has(e.errno)) return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  // mysql2's own errors when a command reaches a connection or pool that has been closed.
  return typeof e.message === 'string' && /closed state|Pool is closed/i.test(e.message);
}

/** The driver's own message (it names the user, host or database, never SQL), in parentheses. */
function driverText(e: DriverErrorShape): string {
  return typeof e.message === 'string' && e.message !== '' ? `: ${e.message}` : '';
}

/** Why the database cannot be used, in a few words and without SQL: the reason part of unavailableMessage. */
export function unavailableReason(error: unknown): string {
  const e = shape(error);
  const code = typeof e.code === 'string' ? e.code : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the MySQL server refused the connection: is it running, and are the host and port right?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the MySQL server host name could not be resolved: check the host in the database URL';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the MySQL server host could not be reached: check the host and port in the database URL, and that no firewall is in the way';
    case 'ER_ACCESS_DENIED_ERROR':
      return `the MySQL server denied access (wrong user or password${driverText(e)}): check the user and password in the database URL (mysql://USER:PASSWORD@host:port/database)`;
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return (
        `the MySQL server denied access to a user without a password${driverText(e)}; MariaDB's root often signs in through the ` +
        "local socket only: put a password in the database URL, or use a user with one (CREATE USER 'persist'@'%' IDENTIFIED BY '…'; GRANT ALL ON db.* TO 'persist'@'%')"
      );
    case 'ER_DBACCESS_DENIED_ERROR':
      return `the user may not use this database${driverText(e)}: GRANT it rights on the database, or name another database in the database URL`;
    case 'ER_BAD_DB_ERROR':
      return `the database does not exist on the MySQL server${driverText(e)}: run \`persist push\` (it creates it), or fix the database name in the database URL`;
    default:
      return 'the connection to the MySQL server was lost or could not be opened';
  }
}

/** One line saying that the database cannot be used and why, without SQL. */
export function unavailableMessage(error: unknown): string {
  // Refusals of the URL's user or database: waiting does not help, the URL or the server's grants must change.
  const code = shape(error).code;
  const refused = typeof code === 'string' && REFUSAL_CODES.has(code);
  return `The database is unavailable (${unavailableReason(error)})${refused ? '.' : '; retry later.'}`;
}

/**
 * Maps a driver error to a PersistError: DatastoreUnavailableError (TransientStatementError when
 * the connection survives) or MysqlStatementError.
 */
export function toPersistError(error: unknown): PersistError {
  if (error instanceof PersistError) return error;
  if (isUnavailable(error)) return new DatastoreUnavailableError(unavailableMessage(error), { cause: error });
  const errno = shape(error).errno;
  const transient = typeof errno === 'number' ? TRANSIENT_MESSAGES.get(errno) : undefined;
  if (transient !== undefined) return new TransientStatementError(errno as number, transient, error);
  return new MysqlStatementError(typeof errno === 'number' ? errno : undefined, error);
}
