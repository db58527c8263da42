/**
 * Bearer tokens signed with `persist.auth.jwt.secret` (HS256/384/512): what is accepted, each
 * check that refuses a token (401 UNAUTHENTICATED, naming the check, never the token or the
 * secret), and the cache of verified tokens.
 */
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import type { AuthConfig } from '../../../src/config/persist-config.js';
import { ForbiddenError, UnauthenticatedError } from '../../../src/errors.js';
import { createAuthenticator, type AuthenticatorOptions } from '../../../src/server/auth/authenticator.js';
import { bearer, countingKeys, hmac, keyPair, NOW, NOW_MS, refusal, SECRET, sign, unsignedToken } from './token-kit.js';

const ROLES = new Set(['user', 'editor']);
const JWT = { secret: SECRET, issuer: 'https://id.example.com/', audience: ['shop', 'admin-app'] };
const CLAIMS = { iss: JWT.issuer, aud: 'shop', sub: 'u1', role: 'user' };

function authenticator(jwt: AuthConfig['jwt'] = JWT, options: AuthenticatorOptions = {}): ReturnType<typeof createAuthenticator> {
  return createAuthenticator({ jwt }, ROLES, { now: () => NOW_MS, ...options });
}

/** The 401 message for `token`, checked to be UNAUTHENTICATED and to show neither the token nor the secret. */
async function refused(token: string, jwt: AuthConfig['jwt'] = JWT, options: AuthenticatorOptions = {}): Promise<string> {
  const error = await refusal(authenticator(jwt, options).authenticate(bearer(token)));
  expect(error).toBeInstanceOf(UnauthenticatedError);
  expect(error.code).toBe('UNAUTHENTICATED');
  expect(error.message).not.toContain(token);
  expect(error.message).not.toContain(token.split('.')[1]);
  expect(error.message).not.toContain(SECRET);
  return error.message;
}

describe('tokens signed with a secret', () => {
  it('accepts HS256, HS384 and HS512 tokens and gives their claims to the session', async () => {
    for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
      const token = await sign(hmac(alg), { ...CLAIMS, org: { id: 7 } });
      expect(await authenticator().authenticate(bearer(token))).toEqual({
        kind: 'role',
        role: 'user',
        claims: { ...CLAIMS, org: { id: 7 }, iat: NOW, exp: NOW + 3600 },
      });
    }
    // A second audience of the list, and the scheme in any case.
    const token = await sign(hmac(), { ...CLAIMS, aud: ['other', 'admin-app'] });
    expect(await authenticator().authenticate({ authorization: `bearer  ${token}` })).toMatchObject({ role: 'user' });
  });

  it('refuses an expired token, and one not valid yet, unless within the clock tolerance', async () => {
    const expired = await sign(hmac(), { ...CLAIMS, exp: NOW - 10 });
    expect(await refused(expired)).toBe('Authentication failed: the token expired at 2025-12-31T23:59:50.000Z.');
    const early = await sign(hmac(), { ...CLAIMS, nbf: NOW + 10 });
    expect(await refused(early)).toBe('Authentication failed: the token is not valid before 2026-01-01T00:00:10.000Z.');
    const tolerant = { ...JWT, clockToleranceSeconds: 30 };
    expect(await authenticator(tolerant).authenticate(bearer(expired))).toMatchObject({ role: 'user' });
    expect(await authenticator(tolerant).authenticate(bearer(early))).toMatchObject({ role: 'user' });
    const longExpired = await sign(hmac(), { ...CLAIMS, exp: NOW - 31 });
    expect(await refused(longExpired, tolerant)).toMatch(/^Authentication failed: the token expired at /);
  });

  it('refuses a wrong or missing issuer or audience, saying what was expected', async () => {
    expect(await refused(await sign(hmac(), { ...CLAIMS, iss: 'https://evil.example.com/' }))).toBe(
      "Authentication failed: wrong issuer: expected 'https://id.example.com/'.",
    );
    expect(await refused(await sign(hmac(), { ...CLAIMS, iss: undefined }))).toBe(
      "Authentication failed: the token has no issuer ('iss'); expected 'https://id.example.com/'.",
    );
    expect(await refused(await sign(hmac(), { ...CLAIMS, aud: 'billing' }))).toBe(
      "Authentication failed: wrong audience: expected 'shop' or 'admin-app'.",
    );
    expect(await refused(await sign(hmac(), { ...CLAIMS, aud: undefined }))).toBe(
      "Authentication failed: the token has no audience ('aud'); expected 'shop' or 'admin-app'.",
    );
    // Without issuer and audience settings, neither is checked.
    const plain = await sign(hmac(), { role: 'user', iss: 'anyone', aud: 'anything' });
    expect(await authenticator({ secret: SECRET }).authenticate(bearer(plain))).toMatchObject({ role: 'user' });
  });

  it('refuses a token signed with another secret, or tampered with', async () => {
    const other = await sign(hmac('HS256', 'another-secret-of-more-than-32-bytes!'), CLAIMS);
    expect(await refused(other)).toBe('Authentication failed: bad signature: the token was not signed with persist.auth.jwt.secret.');
    const [header, , signature] = (await sign(hmac(), CLAIMS)).split('.');
    const payload = Buffer.from(JSON.stringify({ ...CLAIMS, role: 'editor', exp: NOW + 3600 })).toString('base64url');
    expect(await refused(`${header}.${payload}.${signature}`)).toMatch(/^Authentication failed: bad signature/);
  });

  it("refuses alg 'none' and a token signed with a public key's algorithm", async () => {
    expect(await refused(unsignedToken(CLAIMS))).toBe(
      "Authentication failed: unsupported alg 'none': with persist.auth.jwt.secret a token must be signed with HS256, HS384, HS512.",
    );
    const rsa = await keyPair('RS256', 'k1');
    expect(await refused(await sign(rsa, CLAIMS))).toMatch(/^Authentication failed: unsupported alg 'RS256': /);
  });

  it('refuses a malformed header or token, saying what is expected', async () => {
    const auth = authenticator();
    const message = async (authorization: string): Promise<string> => {
      const error = await refusal(auth.authenticate({ authorization }));
      expect(error).toBeInstanceOf(UnauthenticatedError);
      return error.message;
    };
    const header = "Authentication failed: malformed Authorization header: expected 'Bearer <token>' with a JWT.";
    for (const value of ['', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'Bearer <script>', 'Token abc.def.ghi'])
      expect(await message(value)).toBe(header);
    const malformed = 'Authentication failed: malformed token: expected a signed JWT (three base64url parts).';
    expect(await message('Bearer abc')).toBe(malformed);
    expect(await message('Bearer a.b.c')).toBe(malformed);
    // Rightly signed, but its payload is no claims set.
    const notClaims = await new CompactSign(new TextEncoder().encode('not json')).setProtectedHeader({ alg: 'HS256' }).sign(hmac().key);
    expect(await message(`Bearer ${notClaims}`)).toBe(malformed);
    const twice = await refusal(auth.authenticate({ authorization: ['Bearer a.b.c', 'Bearer d.e.f'] }));
    expect(twice.message).toBe('Authentication failed: the Authorization header was sent 2 times; send it once.');
  });

  it('refuses a request without a token when no anonymous role is set', async () => {
    const error = await refusal(authenticator().authenticate({}));
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error.message).toBe(
      "Authentication required: send 'Authorization: Bearer <token>' (persist.auth.anonymousRole is not set, so requests without a token are refused).",
    );
  });
});

describe('the cache of verified tokens', () => {
  it('verifies a token once while it is valid, and again after it expired (then refused)', async () => {
    let now = NOW_MS;
    const keys = countingKeys();
    const auth = createAuthenticator({ jwt: JWT }, ROLES, { now: () => now, wrapKeys: keys.wrap });
    const token = await sign(hmac(), { ...CLAIMS, exp: NOW + 60 });
    const first = await auth.authenticate(bearer(token));
    expect(await auth.authenticate(bearer(token))).toEqual(first);
    expect(keys.calls()).toBe(1);
    // The cached claims still choose the role per request.
    expect(await auth.authenticate(bearer(token, { 'x-persist-role': 'user' }))).toEqual(first);
    expect(keys.calls()).toBe(1);
    now = NOW_MS + 59_999;
    await auth.authenticate(bearer(token));
    expect(keys.calls()).toBe(1);
    now = NOW_MS + 60_000;
    const error = await refusal(auth.authenticate(bearer(token)));
    expect(error.message).toMatch(/^Authentication failed: the token expired at /);
    expect(keys.calls()).toBe(2);
  });

  it('chooses the role of each request from the cached claims, and refuses a forged signature or a bad header every time', async () => {
    const keys = countingKeys();
    const auth = authenticator(JWT, { wrapKeys: keys.wrap });
    const token = await sign(hmac(), { ...CLAIMS, role: undefined, roles: ['user', 'editor'] });
    expect(await auth.authenticate(bearer(token))).toMatchObject({ role: 'user' });
    expect(await auth.authenticate(bearer(token, { 'x-persist-role': 'editor' }))).toMatchObject({ role: 'editor' });
    expect(await auth.authenticate(bearer(token))).toMatchObject({ role: 'user' });
    for (let i = 0; i < 2; i++) {
      const error = await refusal(auth.authenticate(bearer(token, { 'x-persist-role': 'admin' })));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.message).toBe(
        "The X-Persist-Role header asks for role 'admin', which the token does not grant (its roles: 'user', 'editor').",
      );
    }
    expect(keys.calls()).toBe(1);
    // A session handed out is shared by the requests of its token: nothing may change it.
    expect(Object.isFrozen(await auth.authenticate(bearer(token)))).toBe(true);
    // The same header and claims under another signature: checked and refused, each time.
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    for (let i = 0; i < 2; i++)
      expect((await refusal(auth.authenticate(bearer(forged)))).message).toMatch(/^Authentication failed: bad signature/);
    expect(keys.calls()).toBe(3);
    // A malformed header is refused each time, as a rejection, never a synchronous throw.
    for (let i = 0; i < 2; i++) {
      const answer = auth.authenticate({ authorization: `Bearer ${token} more` });
      expect((await refusal(answer)).message).toBe(
        "Authentication failed: malformed Authorization header: expected 'Bearer <token>' with a JWT.",
      );
    }
    expect(await auth.authenticate(bearer(token))).toMatchObject({ role: 'user' });
    expect(keys.calls()).toBe(3);
  });

  it('checks a new token once for the requests that bring it together', async () => {
    const keys = countingKeys();
    const auth = authenticator(JWT, { wrapKeys: keys.wrap });
    const token = await sign(hmac(), CLAIMS);
    const sessions = await Promise.all(Array.from({ length: 5 }, () => auth.authenticate(bearer(token))));
    expect(new Set(sessions.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(keys.calls()).toBe(1);
    const bad = await sign(hmac('HS256', 'another-secret-of-more-than-32-bytes!'), CLAIMS);
    const refusals = await Promise.all(Array.from({ length: 3 }, () => refusal(auth.authenticate(bearer(bad)))));
    for (const error of refusals) expect(error.message).toMatch(/^Authentication failed: bad signature/);
    expect(keys.calls()).toBe(2);
    // Once refused, the next request checks it again (a refusal is not kept).
    await refusal(auth.authenticate(bearer(bad)));
    expect(keys.calls()).toBe(3);
  });

  it('keeps no refused token, and is bounded by count', async () => {
    const keys = countingKeys();
    const auth = authenticator(JWT, { wrapKeys: keys.wrap, cacheSize: 2 });
    const bad = await sign(hmac('HS256', 'another-secret-of-more-than-32-bytes!'), CLAIMS);
    await refusal(auth.authenticate(bearer(bad)));
    await refusal(auth.authenticate(bearer(bad)));
    expect(keys.calls()).toBe(2);
    const tokens = await Promise.all(['a', 'b', 'c'].map((sub) => sign(hmac(), { ...CLAIMS, sub })));
    for (const token of tokens) await auth.authenticate(bearer(token));
    expect(keys.calls()).toBe(5);
    await auth.authenticate(bearer(tokens[2]!));
    await auth.authenticate(bearer(tokens[1]!));
    expect(keys.calls()).toBe(5);
    // The oldest went when the third came.
    await auth.authenticate(bearer(tokens[0]!));
    expect(keys.calls()).toBe(6);
  });

  it('checks a token without exp again after ten minutes', async () => {
    let now = NOW_MS;
    const keys = countingKeys();
    const auth = createAuthenticator({ jwt: JWT }, ROLES, { now: () => now, wrapKeys: keys.wrap });
    const token = await sign(hmac(), { ...CLAIMS, exp: undefined });
    await auth.authenticate(bearer(token));
    now += 599_000;
    await auth.authenticate(bearer(token));
    expect(keys.calls()).toBe(1);
    now += 1_000;
    await auth.authenticate(bearer(token));
    expect(keys.calls()).toBe(2);
  });
});
