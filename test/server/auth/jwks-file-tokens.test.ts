/**
 * Bearer tokens verified with the public keys of a JWKS file (`persist.auth.jwt.jwks: keys/jwks.json`,
 * read once at start relative to the project root): RSA, EC (P-256) and Ed25519 tokens accepted;
 * an unknown key id, a key of another type, an HS token (alg confusion) and alg none refused; a
 * bad key file is a CONFIG_INVALID error at start.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/persist-config.js';
import { UnauthenticatedError } from '../../../src/errors.js';
import { createAuthenticator, type Authenticator } from '../../../src/server/auth/authenticator.js';
import { bearer, hmac, keyPair, NOW_MS, refusal, sign, unsignedToken, type KeyPair } from './token-kit.js';

const ROLES = new Set(['user']);
const CLAIMS = { sub: 'u1', role: 'user' };

let root: string;
let rsa: KeyPair, ec: KeyPair, ed: KeyPair, stranger: KeyPair;
let auth: Authenticator;

function writeKeys(name: string, keys: readonly JWK[] | string): void {
  mkdirSync(join(root, 'keys'), { recursive: true });
  writeFileSync(join(root, 'keys', name), typeof keys === 'string' ? keys : JSON.stringify({ keys }));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'persist-jwks-'));
  [rsa, ec, ed, stranger] = await Promise.all([
    keyPair('RS256', 'rsa-1'),
    keyPair('ES256', 'ec-1'),
    keyPair('EdDSA', 'ed-1'),
    keyPair('RS256', 'rsa-2'),
  ]);
  writeKeys('jwks.json', [rsa.jwk, ec.jwk, ed.jwk]);
  auth = createAuthenticator({ jwt: { jwks: 'keys/jwks.json' } }, ROLES, { baseDir: root, now: () => NOW_MS });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function refused(token: string): Promise<string> {
  const error = await refusal(auth.authenticate(bearer(token)));
  expect(error).toBeInstanceOf(UnauthenticatedError);
  expect(error.message).not.toContain(token);
  return error.message;
}

describe('tokens verified with a JWKS file', () => {
  it('accepts RS256, ES256 and EdDSA tokens of its keys', async () => {
    for (const key of [rsa, ec, ed])
      expect(await auth.authenticate(bearer(await sign(key, CLAIMS)))).toMatchObject({ kind: 'role', role: 'user', claims: CLAIMS });
  });

  it('refuses a key id it does not hold, and a key of the set used with another key type', async () => {
    expect(await refused(await sign(stranger, CLAIMS))).toBe(
      "Authentication failed: unknown key id 'rsa-2': none of the keys of keys/jwks.json matches the token's kid and alg.",
    );
    // The RSA key's kid on an EC signature: no key of that kid is an EC key.
    expect(await refused(await sign(ec, CLAIMS, { kid: 'rsa-1' }))).toMatch(/^Authentication failed: unknown key id 'rsa-1'/);
    // A stranger's signature under a known kid.
    expect(await refused(await sign({ ...stranger, kid: 'rsa-1' }, CLAIMS))).toBe(
      'Authentication failed: bad signature: the token was not signed with the keys of keys/jwks.json.',
    );
  });

  it('refuses an HS256 token signed with a public key as its secret (alg confusion), and alg none', async () => {
    const publicKeyText = JSON.stringify(rsa.jwk);
    const confused = await sign(hmac('HS256', publicKeyText), CLAIMS, { kid: 'rsa-1' });
    expect(await refused(confused)).toBe(
      "Authentication failed: unsupported alg 'HS256': with the keys of keys/jwks.json a token must be signed with RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519.",
    );
    expect(await refused(unsignedToken(CLAIMS))).toMatch(/^Authentication failed: unsupported alg 'none'/);
  });

  it('reads the file once, at start', async () => {
    const once = createAuthenticator({ jwt: { jwks: 'keys/jwks.json' } }, ROLES, { baseDir: root, now: () => NOW_MS });
    writeKeys('jwks.json', []);
    try {
      expect(await once.authenticate(bearer(await sign(ec, CLAIMS)))).toMatchObject({ role: 'user' });
    } finally {
      writeKeys('jwks.json', [rsa.jwk, ec.jwk, ed.jwk]);
    }
  });

  it('refuses at start a key file that is missing, not JSON, not a key set, or holds a private key', async () => {
    const start = (file: string): string => {
      try {
        createAuthenticator({ jwt: { jwks: file } }, ROLES, { baseDir: root });
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).code).toBe('CONFIG_INVALID');
        return (e as Error).message;
      }
      throw new Error(`expected ${file} to be refused`);
    };
    expect(start('keys/none.json')).toBe('codegen.yml: persist.auth.jwt.jwks: the key file keys/none.json does not exist.');
    writeKeys('text.json', 'keys!');
    expect(start('keys/text.json')).toBe(
      'codegen.yml: persist.auth.jwt.jwks: the key file keys/text.json is not JSON: expected a JSON Web Key Set, {"keys": [...]}.',
    );
    writeKeys('list.json', '[1, 2]');
    expect(start('keys/list.json')).toBe(
      'codegen.yml: persist.auth.jwt.jwks: the key file keys/list.json is not a JSON Web Key Set: expected {"keys": [...]}.',
    );
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    writeKeys('private.json', [await exportJWK(privateKey)]);
    expect(start('keys/private.json')).toBe(
      'codegen.yml: persist.auth.jwt.jwks: the key file keys/private.json holds a private or secret key: give public keys only (a JWKS holds no "d" or "oct" key).',
    );
    writeKeys('oct.json', [{ kty: 'oct', k: 'c2VjcmV0' }]);
    expect(start('keys/oct.json')).toMatch(/holds a private or secret key/);
    // An absolute path is read as it is.
    expect(() => createAuthenticator({ jwt: { jwks: join(root, 'keys', 'jwks.json') } }, ROLES, { baseDir: '/nowhere' })).not.toThrow();
  });
});
