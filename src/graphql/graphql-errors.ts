/**
 * PersistErrors a client can act on → GraphQLErrors with `extensions.code` and the error's own
 * message. Anything else is left as it is, so the server masks it (INTERNAL_SERVER_ERROR, no
 * SQL, no stack) and logs it.
 */
import { GraphQLError } from 'graphql';
import { PersistError, type PersistErrorCode } from '../errors.js';

/** The PersistError codes that reach clients unmasked. */
export const PUBLIC_ERROR_CODES: ReadonlySet<PersistErrorCode> = new Set([
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FOREIGN_KEY_VIOLATION',
  'BAD_USER_INPUT',
  'DATASTORE_UNAVAILABLE',
  'COMMIT_OUTCOME_UNKNOWN',
  'REQUEST_TIMEOUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

/**
 * The codes that mean "the datastore failed us, not the request": answered with HTTP 503 where
 * GraphQL over HTTP allows it (see server/datastore-failures.ts), and logged by the server.
 */
export const DATASTORE_FAILURE_CODES: ReadonlySet<PersistErrorCode> = new Set(['DATASTORE_UNAVAILABLE', 'COMMIT_OUTCOME_UNKNOWN']);

/** The client-facing form of a PersistError; `persistError` keeps the original for the server's log (never sent). */
export class PersistGraphqlError extends GraphQLError {
  constructor(readonly persistError: PersistError) {
    // No originalError: Yoga would mask an error whose original error is not a GraphQLError.
    super(persistError.message, { extensions: { code: persistError.code } });
  }
}

/** The client-facing form of `error`, or `error` itself when it must stay masked. */
export function toGraphqlError(error: unknown): unknown {
  if (error instanceof PersistError && PUBLIC_ERROR_CODES.has(error.code)) return new PersistGraphqlError(error);
  return error;
}

/** Awaits `work`, rethrowing its error in client-facing form. */
export async function mapErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toGraphqlError(error);
  }
}
