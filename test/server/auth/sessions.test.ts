/**
 * The session a request acts as: no auth settings (admin: development), the admin secret, the
 * anonymous role, and the role a verified token chooses (claim `roles`, header X-Persist-Role,
 * claim `role`, the first), with every refusal: 401 for credentials, 403 for a role.
 */
import { describe, expect, it } from 'vitest';
import type { AuthConfig } from '../../../src/config/persist-config.js';
import { ConfigError } from '../../../src/config/persist-config.js';
import { ForbiddenError, UnauthenticatedError } from '../../../src/errors.js';
import { createAuthenticator, fetchHeaders, type RequestHeaders } from '../../../src/server/auth/authenticator.js';
import type { Session } from '../../../src/permissions/rules.js';
import { bearer, hmac, NOW_MS, refusal, SECRET, sign } from './token-kit.js';

const ROLES = new Set(['anonymous', 'user', 'editor', 'manager']);
const ADMIN_SECRET = 'the admin secret, long enough';
const AUTH: AuthConfig = { jwt: { secret: SECRET }, anonymousRole: 'anonymous', adminSecret: ADMIN_SECRET };

function authenticate(headers: RequestHeaders, auth: AuthConfig = AUTH): Promise<Session> {
  return createAuthenticator(auth, ROLES, { now: () => NOW_MS }).authenticate(headers);
}

async function roleOf(claims: Record<string, unknown>, requested?: string): Promise<string> {
  const token = await sign(hmac(), claims);
  const session = await authenticate(bearer(token, requested === undefined ? {} : { 'x-persist-role': requested }));
  if (session.kind !== 'role') throw new Error('expected a role session');
  return session.role;
}

async function forbidden(claims: Record<string, unknown>, requested?: string): Promise<string> {
  const error = await refusal(roleOf(claims, requested));
  expect(error).toBeInstanceOf(ForbiddenError);
  expect(error.code).toBe('FORBIDDEN');
  return error.message;
}

describe('sessions', () => {
  it('are admin for every request when no auth is configured (a development server)', async () => {
    const open = createAuthenticator(undefined, new Set());
    expect(await open.authenticate({})).toEqual({ kind: 'admin' });
    expect(await open.authenticate({ authorization: 'Bearer not-a-token', 'x-persist-admin-secret': 'x' })).toEqual({ kind: 'admin' });
  });

  it('are admin with the right admin secret (whatever the token), and refused with a wrong one', async () => {
    expect(await authenticate({ 'x-persist-admin-secret': ADMIN_SECRET })).toEqual({ kind: 'admin' });
    expect(await authenticate({ 'x-persist-admin-secret': ADMIN_SECRET, authorization: 'Bearer x' })).toEqual({ kind: 'admin' });
    for (const wrong of ['', 'the admin secret', `${ADMIN_SECRET} `, ADMIN_SECRET.toUpperCase()]) {
      const error = await refusal(authenticate({ 'x-persist-admin-secret': wrong }));
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect(error.message).toBe('Authentication failed: the X-Persist-Admin-Secret header does not match persist.auth.adminSecret.');
    }
    // A wrong secret is not passed over for the token beside it.
    const token = await sign(hmac(), { role: 'user' });
    await expect(authenticate(bearer(token, { 'x-persist-admin-secret': 'guess' }))).rejects.toThrow(UnauthenticatedError);
    const none = await refusal(authenticate({ 'x-persist-admin-secret': ADMIN_SECRET }, { jwt: { secret: SECRET } }));
    expect(none.message).toBe('Authentication failed: an X-Persist-Admin-Secret header was sent, but persist.auth.adminSecret is not set.');
  });

  it('act as the anonymous role without a token, which X-Persist-Role may not change', async () => {
    expect(await authenticate({})).toEqual({ kind: 'role', role: 'anonymous', claims: {} });
    expect(await authenticate({ 'x-persist-role': 'anonymous' })).toEqual({ kind: 'role', role: 'anonymous', claims: {} });
    const error = await refusal(authenticate({ 'x-persist-role': 'manager' }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe(
      "The X-Persist-Role header asks for role 'manager', but a request without a token acts as the anonymous role 'anonymous'.",
    );
    const noAnonymous = await refusal(authenticate({}, { jwt: { secret: SECRET } }));
    expect(noAnonymous).toBeInstanceOf(UnauthenticatedError);
    // A token is still verified when an anonymous role is set: a bad one is not read as no token.
    await expect(authenticate({ authorization: 'Bearer a.b.c' })).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses at start an anonymous role that no permissions name', () => {
    expect(() => createAuthenticator({ anonymousRole: 'guest' }, new Set(['user']))).toThrow(ConfigError);
    expect(() => createAuthenticator({ anonymousRole: 'guest' }, new Set(['user']))).toThrow(
      "codegen.yml: persist.auth.anonymousRole: Role 'guest' has no permissions: no rule under persist.permissions names it (roles there: user).",
    );
  });

  it('take the role X-Persist-Role picks from the claim roles, else the claim role, else the first', async () => {
    const roles = ['user', 'editor', 'manager'];
    expect(await roleOf({ roles })).toBe('user');
    expect(await roleOf({ roles, role: 'editor' })).toBe('editor');
    expect(await roleOf({ roles, role: 'editor' }, 'manager')).toBe('manager');
    expect(await roleOf({ roles }, 'editor')).toBe('editor');
    expect(await roleOf({ role: 'editor' })).toBe('editor');
    expect(await roleOf({ role: 'editor' }, 'editor')).toBe('editor');
  });

  it('refuse a role the token does not grant, or one without permissions (403)', async () => {
    expect(await forbidden({ roles: ['user', 'editor'] }, 'manager')).toBe(
      "The X-Persist-Role header asks for role 'manager', which the token does not grant (its roles: 'user', 'editor').",
    );
    expect(await forbidden({ role: 'user' }, 'manager')).toBe(
      "The X-Persist-Role header asks for role 'manager', which the token does not grant (its roles: 'user').",
    );
    expect(await forbidden({ roles: ['user'], role: 'manager' })).toBe(
      "The token's claim 'role' ('manager') is not one of its claim 'roles' ('user').",
    );
    expect(await forbidden({ sub: 'u1' })).toBe(
      "The token grants no role: it has neither a claim 'roles' (a list of role names) nor a claim 'role'.",
    );
    expect(await forbidden({ roles: [] })).toMatch(/^The token grants no role/);
    expect(await forbidden({ roles: 'user' })).toBe("The token's claim 'roles' must be a list of role names.");
    expect(await forbidden({ roles: ['user', 3] })).toBe("The token's claim 'roles' must be a list of role names.");
    expect(await forbidden({ role: ['user'] })).toBe("The token's claim 'role' must be a role name.");
    expect(await forbidden({ roles: ['auditor', 'user'] })).toBe(
      "Role 'auditor' has no permissions: no rule under persist.permissions names it.",
    );
    expect(await forbidden({ role: 'auditor' })).toMatch(/^Role 'auditor' has no permissions/);
  });

  it('read the headers of a Fetch API request (Yoga) the same way', async () => {
    const token = await sign(hmac(), { roles: ['user', 'editor'] });
    const headers = new Headers({ Authorization: `Bearer ${token}`, 'X-Persist-Role': 'editor' });
    expect(await authenticate(fetchHeaders(headers))).toMatchObject({ kind: 'role', role: 'editor' });
    expect(await authenticate(fetchHeaders(new Headers({ 'X-Persist-Admin-Secret': ADMIN_SECRET })))).toEqual({
      kind: 'admin',
    });
    // Two Authorization headers are joined by a comma: not one bearer token.
    const twice = new Headers([
      ['authorization', `Bearer ${token}`],
      ['authorization', `Bearer ${token}`],
    ]);
    await expect(authenticate(fetchHeaders(twice))).rejects.toThrow('malformed Authorization header');
  });

  it('refuse a token when no jwt settings are given', async () => {
    const token = await sign(hmac(), { role: 'user' });
    const error = await refusal(authenticate(bearer(token), { anonymousRole: 'anonymous' }));
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error.message).toBe('Authentication failed: this server accepts no tokens (persist.auth.jwt is not set).');
  });
});
