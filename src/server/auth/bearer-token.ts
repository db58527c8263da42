/**
 * `Authorization: Bearer <token>` (RFC 6750 §2.1): the token, or a refusal that says what the
 * header should look like without repeating what it held.
 */
import { UnauthenticatedError } from '../../errors.js';

// The scheme is case-insensitive; the token is a b64token (a JWT's three base64url parts fit).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The bearer token of an Authorization header's value; undefined when there is no header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = BEARER.exec(authorization);
  if (match === null)
    throw new UnauthenticatedError("Authentication failed: malformed Authorization header: expected 'Bearer <token>' with a JWT.");
  return match[1];
}
