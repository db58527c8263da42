/**
 * One error base for the whole product. Every error a user can cause is a PersistError with a
 * stable `code`; the GraphQL layer maps these codes to `extensions.code` and masks anything else.
 */

export type PersistErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FOREIGN_KEY_VIOLATION'
  | 'BAD_USER_INPUT'
  | 'MODEL_INVALID'
  | 'CONFIG_INVALID'
  | 'DATASTORE_UNAVAILABLE'
  | 'COMMIT_OUTCOME_UNKNOWN'
  | 'SCHEMA_MISMATCH'
  | 'REQUEST_TIMEOUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INTERNAL';

export class PersistError extends Error {
  readonly code: PersistErrorCode;
  constructor(code: PersistErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A key as users see it in messages: the value itself, or `{"orderId":"O1","itemId":"I1"}`. */
export function formatKey(keyFields: readonly string[], key: readonly unknown[]): string {
  if (keyFields.length === 1) return String(key[0]);
  const pairs = keyFields.map((f, i) => `${JSON.stringify(f)}:${JSON.stringify(key[i])}`);
  return `{${pairs.join(',')}}`;
}

/** A configuration value as a message shows it: strings quoted, the rest as YAML would write them. */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

export class NotFoundError extends PersistError {
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super('NOT_FOUND', `A record with the key '${key}' does not exist for the entity '${entity}'.`);
  }
}

export class AlreadyExistsError extends PersistError {
  constructor(
    readonly entity: string,
    /** The duplicated identity (formatKey), the 1-1 parent's key, or a unique index's values. */
    readonly key: string,
    /** Set when a 1-1 relation's uniqueness was violated rather than the identity. */
    readonly relationField?: string,
    /** Set when a `@sql:UniqueIndex` was violated: the index's name (`key` holds its values). */
    readonly uniqueIndex?: string,
  ) {
    super('ALREADY_EXISTS', alreadyExistsMessage(entity, key, relationField, uniqueIndex));
  }
}

function alreadyExistsMessage(entity: string, key: string, relationField: string | undefined, uniqueIndex: string | undefined): string {
  if (uniqueIndex !== undefined)
    return `A record with the values ${key} for the unique index '${uniqueIndex}' already exists for the entity '${entity}'.`;
  if (relationField !== undefined)
    return `A record of the entity '${entity}' already refers to '${key}' through the one-to-one relation '${relationField}'.`;
  return `A record with the key '${key}' already exists for the entity '${entity}'.`;
}

export class ForeignKeyViolationError extends PersistError {
  private constructor(message: string) {
    super('FOREIGN_KEY_VIOLATION', message);
  }
  /** Insert or update named a parent that does not exist. */
  static missingParent(entity: string, relationField: string, parentEntity: string, parentKey: string): ForeignKeyViolationError {
    return new ForeignKeyViolationError(
      `A record with the key '${parentKey}' does not exist for the entity '${parentEntity}' (referenced by '${entity}.${relationField}').`,
    );
  }
  /** Delete of a parent that still has children. */
  static stillReferenced(entity: string, key: string, childEntity: string, childField: string): ForeignKeyViolationError {
    return new ForeignKeyViolationError(
      `The record with the key '${key}' of the entity '${entity}' cannot be deleted: records of the entity '${childEntity}' still refer to it through '${childField}'.`,
    );
  }
}

/** A value that does not fit its field: wrong format, out of range, too long, null where not nullable. */
export class InvalidValueError extends PersistError {
  constructor(
    readonly entity: string,
    readonly field: string,
    reason: string,
  ) {
    super('BAD_USER_INPUT', `Invalid value for '${entity}.${field}': ${reason}`);
  }
}

/**
 * The datastore cannot be reached, lost its connection, did not answer in time, is too busy, or
 * aborted a transaction for a passing reason (a deadlock): nothing was done, and the same request
 * may succeed later. GraphQL clients see the code `DATASTORE_UNAVAILABLE` (HTTP 503 where allowed).
 */
export class DatastoreUnavailableError extends PersistError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DATASTORE_UNAVAILABLE', message, options);
  }
}

/**
 * The connection was lost while a transaction committed: it may or may not have been kept. Not
 * blindly retryable (a retried insert could run twice): read the data back first.
 */
export class CommitOutcomeUnknownError extends PersistError {
  constructor(options?: { cause?: unknown }) {
    super(
      'COMMIT_OUTCOME_UNKNOWN',
      'The connection to the database was lost during COMMIT: the outcome of the commit is unknown: check before retrying.',
      options,
    );
  }
}

/**
 * A transaction's handle used after its work ended (kept in a variable, or used by a callback that
 * outlived the work): refused, so that nothing runs outside the transaction it was given for.
 */
export class TransactionEndedError extends PersistError {
  constructor() {
    super('INTERNAL', 'This transaction has ended; use the datastore instead.');
  }
}

/** A request whose credentials could not be verified (a bad token, a wrong admin secret, none where one is needed): HTTP 401. */
export class UnauthenticatedError extends PersistError {
  constructor(message: string) {
    super('UNAUTHENTICATED', message);
  }
}

/** A request that was authenticated but may not do what it asks (a role it may not use, a write its permissions refuse): HTTP 403 where it ends the request. */
export class ForbiddenError extends PersistError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}
