/**
 * Who a request acts as, found before anything else of it is read: the server's `authenticate`
 * function (the token verifier of server/auth/, or "always admin" on a server without `auth`)
 * maps its headers to a Session. A request it refuses is answered at once, the same way by both
 * transports: 401 UNAUTHENTICATED (with `WWW-Authenticate: Bearer`) or 403 FORBIDDEN, body
 * `{"errors":[{"message":…,"extensions":{"code":…}}]}`.
 */
import { GraphQLError } from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { Session } from '../permissions/rules.js';
import type { RequestHeaders } from './auth/request-headers.js';

export type { RequestHeaders };

/** The session of a request; throws UnauthenticatedError (401) or ForbiddenError (403). */
export type Authenticate = (headers: RequestHeaders) => Promise<Session>;

/** A server without `auth` settings: every request is an admin's (SPEC §4: for development). */
export const alwaysAdmin: Authenticate = () => Promise.resolve({ kind: 'admin' });

/** The HTTP answer to an error that refuses a session, or undefined for any other error. */
export function sessionRefusal(error: unknown): { status: 401 | 403; headers: Record<string, string>; error: GraphQLError } | undefined {
  const status = error instanceof UnauthenticatedError ? 401 : error instanceof ForbiddenError ? 403 : undefined;
  if (status === undefined) return undefined;
  const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {};
  // Yoga reads `extensions.http` for the status and headers and leaves it out of the answer.
  const graphqlError = new GraphQLError((error as Error).message, {
    extensions: { code: (error as UnauthenticatedError).code, http: { status, headers } },
  });
  return { status, headers, error: graphqlError };
}

/** The JSON body of a refused session, as Yoga writes it. */
export function refusalBody(error: GraphQLError): string {
  return JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.extensions['code'] } }] });
}
