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
]);

/** The client-facing form of `error`, or `error` itself when it must stay masked. */
export function toGraphqlError(error: unknown): unknown {
  if (error instanceof PersistError && PUBLIC_ERROR_CODES.has(error.code)) {
    // No originalError: Yoga would mask an error whose original error is not a GraphQLError.
    return new GraphQLError(error.message, { extensions: { code: error.code } });
  }
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
