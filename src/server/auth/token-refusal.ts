/**
 * Why a token was refused, in words: jose's errors become UnauthenticatedError (401) messages that
 * name the check that failed (expired, not yet valid, wrong issuer, wrong audience, bad signature,
 * malformed, unknown key id, unsupported alg) and what was expected, never the token itself. Only
 * short, plain header values (an `alg`, a `kid`) are quoted back, to help find the key at fault.
 */
import { decodeProtectedHeader, errors } from 'jose';
import type { JwtConfig } from '../../config/persist-config.js';
import { UnauthenticatedError } from '../../errors.js';
import { KeysUnavailableError, type KeySource } from './key-source.js';

const PLAIN = /^[A-Za-z0-9._:+-]{1,64}$/;

/** ` 'value'` when the token's header holds a plain short string under `name`, else ''. */
function headerValue(token: string, name: 'alg' | 'kid'): string {
  try {
    const value: unknown = decodeProtectedHeader(token)[name];
    return typeof value === 'string' && PLAIN.test(value) ? ` '${value}'` : '';
  } catch {
    return '';
  }
}

function expected(values: string | readonly string[] | undefined): string {
  const list = typeof values === 'string' ? [values] : (values ?? []);
  return list.map((v) => `'${v}'`).join(' or ');
}

/** The time of a JWT's NumericDate claim, or undefined when it is not one. */
function time(seconds: unknown): string | undefined {
  return typeof seconds === 'number' && Number.isFinite(seconds) && Math.abs(seconds) < 1e11
    ? new Date(seconds * 1000).toISOString()
    : undefined;
}

function claimRefusal(error: errors.JWTClaimValidationFailed, jwt: JwtConfig): string {
  const { claim, reason, payload } = error;
  switch (claim) {
    case 'nbf':
      if (reason !== 'check_failed') return "the token's 'nbf' claim is not a number";
      return time(payload.nbf) === undefined ? 'the token is not valid yet' : `the token is not valid before ${time(payload.nbf)}`;
    case 'iss':
      return reason === 'missing'
        ? `the token has no issuer ('iss'); expected ${expected(jwt.issuer)}`
        : `wrong issuer: expected ${expected(jwt.issuer)}`;
    case 'aud':
      return reason === 'missing'
        ? `the token has no audience ('aud'); expected ${expected(jwt.audience)}`
        : `wrong audience: expected ${expected(jwt.audience)}`;
    default:
      return `the token's '${claim}' claim is invalid`;
  }
}

/** The reason `token` failed verification, or undefined for an error that is not about the token. */
function reasonOf(error: unknown, token: string, jwt: JwtConfig, keys: KeySource): string | undefined {
  if (error instanceof errors.JWTExpired) {
    const exp = time(error.payload.exp);
    return exp === undefined ? 'the token has expired' : `the token expired at ${exp}`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) return claimRefusal(error, jwt);
  if (error instanceof errors.JWSSignatureVerificationFailed) return `bad signature: the token was not signed with ${keys.shown}`;
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return `unsupported alg${headerValue(token, 'alg')}: with ${keys.shown} a token must be signed with ${keys.algorithms.join(', ')}`;
  if (error instanceof errors.JWKSNoMatchingKey)
    return `unknown key id${headerValue(token, 'kid')}: none of ${keys.shown} matches the token's kid and alg`;
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return `several of ${keys.shown} match the token's key id${headerValue(token, 'kid')}: give every key its own kid`;
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return 'malformed token: expected a signed JWT (three base64url parts)';
  if (error instanceof errors.JWKInvalid || error instanceof errors.JWKSInvalid)
    return `a key of ${keys.shown} is not usable for the token's alg`;
  if (error instanceof KeysUnavailableError) return `the token could not be checked: ${error.message}; try again later`;
  return undefined;
}

/** The 401 for a token jose refused; an error that is not jose's is thrown as it is (a bug, masked by the server). */
export function tokenRefusal(error: unknown, token: string, jwt: JwtConfig, keys: KeySource): UnauthenticatedError {
  const reason = reasonOf(error, token, jwt, keys);
  if (reason === undefined) throw error;
  return new UnauthenticatedError(`Authentication failed: ${reason}.`);
}
