/**
 * Keys and tokens for the authentication tests, made here with jose: RSA, EC (P-256) and Ed25519
 * key pairs with their public JWKs, an HMAC secret, signed tokens at a fixed clock, and the
 * hand-made tokens no library would sign (`alg: none`).
 */
import { base64url, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { KeyResolver } from '../../../src/server/auth/key-source.js';

/** The tests' clock: 2026-01-01T00:00:00Z, in milliseconds. */
export const NOW_MS = Date.UTC(2026, 0, 1);
/** The same in seconds, as JWT times are written. */
export const NOW = NOW_MS / 1000;

/** A 48-byte HMAC secret. */
export const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export interface SigningKey {
  readonly alg: string;
  readonly kid?: string;
  readonly key: CryptoKey | Uint8Array;
}

export interface KeyPair extends SigningKey {
  readonly kid: string;
  /** The public key as a JWKS member. */
  readonly jwk: JWK;
}

/** A fresh key pair for `alg` (RS256, ES256 or EdDSA) named `kid`. */
export async function keyPair(alg: 'RS256' | 'ES256' | 'EdDSA', kid: string): Promise<KeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  return { alg, kid, key: privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** The HMAC key of `secret` for `alg`. */
export function hmac(alg: 'HS256' | 'HS384' | 'HS512' = 'HS256', secret: string = SECRET): SigningKey {
  return { alg, key: new TextEncoder().encode(secret) };
}

/** Claims as a test writes them: a claim set to undefined is left out (`exp: undefined`: no exp). */
export type TestClaims = Readonly<Record<string, unknown>>;

function payload(claims: TestClaims): JWTPayload {
  return Object.fromEntries(Object.entries({ iat: NOW, exp: NOW + 3600, ...claims }).filter(([, v]) => v !== undefined));
}

/** A token signed with `key`, issued at NOW, expiring an hour later unless `claims` says otherwise. */
export function sign(key: SigningKey, claims: TestClaims = {}, header: { kid?: string } = {}): Promise<string> {
  const kid = header.kid ?? key.kid;
  return new SignJWT(payload(claims)).setProtectedHeader({ alg: key.alg, ...(kid === undefined ? {} : { kid }) }).sign(key.key);
}

/** An unsigned token (`alg: none`), as an attacker writes it by hand. */
export function unsignedToken(claims: TestClaims): string {
  const part = (value: object): string => base64url.encode(JSON.stringify(value));
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload(claims))}.`;
}

/** Headers with `Authorization: Bearer <token>` and any others given. */
export function bearer(token: string, more: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...more };
}

/** A key lookup that counts the verifications jose started (a wrapper of the real one, not a mock). */
export function countingKeys(): { readonly calls: () => number; readonly wrap: (resolve: KeyResolver) => KeyResolver } {
  let calls = 0;
  return {
    calls: () => calls,
    wrap:
      (resolve) =>
      (...args) => {
        calls++;
        return resolve(...args);
      },
  };
}

/** The error `promise` rejects with (the test fails if it resolves). */
export async function refusal(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a refusal');
}
