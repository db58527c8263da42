/**
 * The keys tokens are verified with, from `persist.auth.jwt`: the HMAC secret (HS256/384/512
 * only), a JWKS file read once at start, or a JWKS URL (jose's remote set: cached, refetched when a
 * token names a key id it does not hold, at most once per cooldown). Each source also fixes the
 * algorithms a token may use, so that `alg: none` and a token of the other family (an HS token
 * verified with an RSA public key as its "secret") are refused before any key is looked at.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  type FetchImplementation,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { ConfigError, type JwtConfig } from '../../config/persist-config.js';

/** What jwtVerify asks for the key of a token (its protected header and the token). */
export type KeyResolver = JWTVerifyGetKey;

export const SECRET_ALGORITHMS: readonly string[] = ['HS256', 'HS384', 'HS512'];
export const PUBLIC_KEY_ALGORITHMS: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

export interface KeySource {
  readonly resolve: KeyResolver;
  /** The `alg` values a token may carry. */
  readonly algorithms: readonly string[];
  /** Where the keys come from, for messages: `the secret`, `the keys of keys/jwks.json`. */
  readonly shown: string;
}

export interface KeySourceOptions {
  /** The directory a relative JWKS file path is read from (the project root). */
  readonly baseDir: string;
  /** The configuration file's name, for messages. */
  readonly where: string;
  /** After a fetch of a JWKS URL, how long before a token with an unknown key id fetches again (jose's default: 30 s). */
  readonly jwksCooldownMs?: number | undefined;
  /** Told when a JWKS URL was fetched again: tokens verified with the old keys must be checked again. */
  readonly onKeysFetched: () => void;
}

/** A JWKS URL that could not be fetched: the token could not be checked (not the client's fault). */
export class KeysUnavailableError extends Error {
  constructor(
    readonly url: string,
    options: { cause: unknown },
  ) {
    super(`the keys at ${url} could not be fetched`, options);
  }
}

const JWKS_PATH = 'persist.auth.jwt.jwks';

function invalidJwks(options: KeySourceOptions, detail: string): ConfigError {
  return new ConfigError(options.where, { kind: 'invalid', path: JWKS_PATH, detail });
}

/** The key set of a JWKS file, checked at start: public keys only. */
function readJwksFile(path: string, options: KeySourceOptions): KeyResolver {
  const file = resolve(options.baseDir, path);
  const shown = relative(options.baseDir, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw invalidJwks(
      options,
      code === 'ENOENT' ? `the key file ${shown} does not exist.` : `cannot read the key file ${shown}: ${(e as Error).message}`,
    );
  }
  let set: unknown;
  try {
    set = JSON.parse(text);
  } catch {
    throw invalidJwks(options, `the key file ${shown} is not JSON: expected a JSON Web Key Set, {"keys": [...]}.`);
  }
  const keys = typeof set === 'object' && set !== null ? (set as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'object' || k === null))
    throw invalidJwks(options, `the key file ${shown} is not a JSON Web Key Set: expected {"keys": [...]}.`);
  // A private or shared key here would be a secret in a file meant to hold public keys only.
  if (keys.some((k: Record<string, unknown>) => 'd' in k || k['kty'] === 'oct'))
    throw invalidJwks(
      options,
      `the key file ${shown} holds a private or secret key: give public keys only (a JWKS holds no "d" or "oct" key).`,
    );
  return createLocalJWKSet(set as JSONWebKeySet);
}

/** jose's remote set over `url`, telling `onKeysFetched` after every successful fetch. */
function remoteJwks(url: string, options: KeySourceOptions): KeyResolver {
  const fetchKeys: FetchImplementation = async (resource, init) => {
    const response = await fetch(resource, init);
    if (response.ok) options.onKeysFetched();
    return response;
  };
  const remote = createRemoteJWKSet(new URL(url), {
    ...(options.jwksCooldownMs === undefined ? {} : { cooldownDuration: options.jwksCooldownMs }),
    [customFetch]: fetchKeys,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (e) {
      // A key that is not there (or several that are) is the token's problem; anything else is the fetch's.
      if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys || e instanceof errors.JOSENotSupported)
        throw e;
      throw new KeysUnavailableError(url, { cause: e });
    }
  };
}

/**
 * The HMAC keys of `secret`, imported once per algorithm: given the raw bytes, jose would import
 * them again for every token (about half of an HS256 check).
 */
const HMAC_HASHES: ReadonlyMap<string, string> = new Map([
  ['HS256', 'SHA-256'],
  ['HS384', 'SHA-384'],
  ['HS512', 'SHA-512'],
]);

function secretKeys(secret: string): KeyResolver {
  const bytes = new TextEncoder().encode(secret);
  const imported = new Map<string, Promise<CryptoKey>>();
  return ({ alg }) => {
    const hash = HMAC_HASHES.get(alg);
    // jwtVerify refused every other alg before asking for a key.
    if (hash === undefined) return Promise.resolve(bytes);
    let key = imported.get(alg);
    if (key === undefined) {
      key = crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash }, false, ['verify']);
      imported.set(alg, key);
    }
    return key;
  };
}

/** The keys of `jwt` (read or set up now; a JWKS URL is fetched at the first token). */
export function keySource(jwt: JwtConfig, options: KeySourceOptions): KeySource {
  if (jwt.secret !== undefined) return { resolve: secretKeys(jwt.secret), algorithms: SECRET_ALGORITHMS, shown: 'persist.auth.jwt.secret' };
  const jwks = jwt.jwks;
  if (jwks === undefined)
    throw new ConfigError(options.where, { kind: 'invalid', path: 'persist.auth.jwt', detail: "expected 'secret' or 'jwks'." });
  const remote = /^https?:/i.test(jwks);
  return {
    resolve: remote ? remoteJwks(jwks, options) : readJwksFile(jwks, options),
    algorithms: PUBLIC_KEY_ALGORITHMS,
    shown: `the keys of ${jwks}`,
  };
}
