/**
 * Bearer tokens verified with the keys of a JWKS URL, served here by a real local HTTP server:
 * fetched at the first token, fetched again when a token names a key id the set lacks (a key
 * rotation), at most once per cooldown whatever the tokens ask, and tokens verified before a
 * key was removed are checked again (and refused) once the new set is fetched.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../../src/errors.js';
import { createAuthenticator, type AuthenticatorOptions } from '../../../src/server/auth/authenticator.js';
import { closeHttpServer } from '../../support/http-server.js';
import { bearer, keyPair, NOW_MS, refusal, sign, type KeyPair } from './token-kit.js';

const ROLES = new Set(['user']);
const CLAIMS = { sub: 'u1', role: 'user' };

let server: Server;
let url: string;
/** What the server answers: the key set, or a failure status. */
let served: { keys: JWK[] } | number = { keys: [] };
let fetches = 0;
let oldKey: KeyPair, newKey: KeyPair;

beforeAll(async () => {
  [oldKey, newKey] = await Promise.all([keyPair('RS256', 'key-2025'), keyPair('ES256', 'key-2026')]);
  server = createServer((_request, response) => {
    fetches++;
    if (typeof served === 'number') response.writeHead(served).end();
    else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => closeHttpServer(server));

function authenticator(options: AuthenticatorOptions = {}): ReturnType<typeof createAuthenticator> {
  return createAuthenticator({ jwt: { jwks: url } }, ROLES, { now: () => NOW_MS, ...options });
}

describe('tokens verified with a JWKS URL', () => {
  it('fetches the keys at the first token, not at start, and then keeps them', async () => {
    served = { keys: [oldKey.jwk] };
    fetches = 0;
    const auth = authenticator();
    expect(fetches).toBe(0);
    const tokens = await Promise.all(['a', 'b', 'c'].map((sub) => sign(oldKey, { ...CLAIMS, sub })));
    for (const token of tokens) expect(await auth.authenticate(bearer(token))).toMatchObject({ role: 'user' });
    expect(fetches).toBe(1);
  });

  it('follows a key rotation: a new kid fetches the set again; tokens of the removed key are then refused', async () => {
    served = { keys: [oldKey.jwk] };
    fetches = 0;
    const auth = authenticator({ jwksCooldownMs: 0 });
    const oldToken = await sign(oldKey, CLAIMS);
    expect(await auth.authenticate(bearer(oldToken))).toMatchObject({ role: 'user' });
    expect(fetches).toBe(1);
    // The issuer rotates: the new key replaces the old one.
    served = { keys: [newKey.jwk] };
    // The old token was verified and cached: it still passes until the set is fetched again.
    expect(await auth.authenticate(bearer(oldToken))).toMatchObject({ role: 'user' });
    expect(fetches).toBe(1);
    const newToken = await sign(newKey, CLAIMS);
    expect(await auth.authenticate(bearer(newToken))).toMatchObject({ role: 'user' });
    expect(fetches).toBe(2);
    const error = await refusal(auth.authenticate(bearer(oldToken)));
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error.message).toBe(
      `Authentication failed: unknown key id 'key-2025': none of the keys of ${url} matches the token's kid and alg.`,
    );
    expect(await auth.authenticate(bearer(newToken))).toMatchObject({ role: 'user' });
  });

  it('fetches at most once per cooldown, whatever key ids the tokens name', async () => {
    served = { keys: [oldKey.jwk] };
    fetches = 0;
    const auth = authenticator();
    await auth.authenticate(bearer(await sign(oldKey, CLAIMS)));
    for (const kid of ['x1', 'x2', 'x3']) {
      const error = await refusal(auth.authenticate(bearer(await sign(oldKey, CLAIMS, { kid }))));
      expect(error.message).toMatch(new RegExp(`^Authentication failed: unknown key id '${kid}'`));
    }
    expect(fetches).toBe(1);
  });

  it('refuses tokens while the key set cannot be fetched, and accepts them once it can', async () => {
    served = 503;
    fetches = 0;
    const auth = authenticator({ jwksCooldownMs: 0 });
    const token = await sign(oldKey, CLAIMS);
    const error = await refusal(auth.authenticate(bearer(token)));
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error.message).toBe(
      `Authentication failed: the token could not be checked: the keys at ${url} could not be fetched; try again later.`,
    );
    served = { keys: [oldKey.jwk] };
    expect(await auth.authenticate(bearer(token))).toMatchObject({ role: 'user' });
    expect(fetches).toBe(2);
  });
});
