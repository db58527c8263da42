/**
 * Who a request acts as (SPEC §4), from its headers and `persist.auth`: the admin secret
 * (`X-Persist-Admin-Secret`), else a bearer JWT verified with jose (signature, alg, issuer,
 * audience, exp/nbf with the clock tolerance) whose claims choose the role (role-choice.ts), else
 * the anonymous role. Without `auth` settings every request is admin: a server for development.
 *
 * Refusals are UnauthenticatedError (401: no usable credentials) and ForbiddenError (403: a role
 * the token may not use); their messages say which check failed, never the token or a secret.
 */
import { jwtVerify } from 'jose';
import { ConfigError, type AuthConfig, type JwtConfig } from '../../config/persist-config.js';
import { UnauthenticatedError } from '../../errors.js';
import { noPermissionsMessage } from '../../permissions/no-permissions.js';
import type { Claims, Session } from '../../permissions/rules.js';
import { adminSecretCheck } from './admin-secret.js';
import { bearerToken } from './bearer-token.js';
import { memoizeByHeader } from '../http/header-memo.js';
import { keySource, type KeyResolver, type KeySource } from './key-source.js';
import { fetchHeaders, singleHeader, type RequestHeaders } from './request-headers.js';
import { anonymousRole, chooseRole } from './role-choice.js';
import { TokenCache, TOKEN_CACHE_SIZE } from './token-cache.js';
import { tokenRefusal } from './token-refusal.js';

export type { AuthConfig, JwtConfig, RequestHeaders };
export { fetchHeaders };

export interface Authenticator {
  /** The session of a request with these headers; throws UnauthenticatedError (401) or ForbiddenError (403). */
  authenticate(headers: RequestHeaders): Promise<Session>;
}

export interface AuthenticatorOptions {
  /** The directory a relative `jwt.jwks` file path is read from: the project root (default: the working directory). */
  readonly baseDir?: string;
  /** The configuration file's name, for messages (default codegen.yml). */
  readonly where?: string;
  /** How many verified tokens are kept (default 10,000). */
  readonly cacheSize?: number;
  /** The clock, in milliseconds since the epoch (tests move it). */
  readonly now?: () => number;
  /** For a JWKS URL: how long after a fetch an unknown key id may fetch again (default 30 s). */
  readonly jwksCooldownMs?: number;
  /** Wraps the key lookup of every verification (tests count them). */
  readonly wrapKeys?: (resolve: KeyResolver) => KeyResolver;
}

const ADMIN: Session = { kind: 'admin' };
/** The claims of every anonymous request: one object, so that the role's resolved rules are shared (role-datastore.ts). */
const NO_CLAIMS: Claims = Object.freeze({});
const ADMIN_HEADER = 'x-persist-admin-secret';
const ROLE_HEADER = 'x-persist-role';

/** Verifies tokens, each token string once while it stays valid (token-cache.ts). */
class TokenVerifier {
  private readonly cache: TokenCache;
  /** Verifications under way: requests arriving together with one new token share one check. */
  private readonly pending = new Map<string, Promise<Claims>>();
  private readonly keys: KeySource;
  private readonly resolve: KeyResolver;

  constructor(
    private readonly jwt: JwtConfig,
    options: AuthenticatorOptions,
    private readonly now: () => number,
  ) {
    this.cache = new TokenCache(options.cacheSize ?? TOKEN_CACHE_SIZE);
    this.keys = keySource(jwt, {
      baseDir: options.baseDir ?? process.cwd(),
      where: options.where ?? 'codegen.yml',
      jwksCooldownMs: options.jwksCooldownMs,
      onKeysFetched: () => this.cache.clear(),
    });
    this.resolve = options.wrapKeys === undefined ? this.keys.resolve : options.wrapKeys(this.keys.resolve);
  }

  /** The claims of `token` when it was verified before and is still valid now, else undefined. */
  known(token: string): Claims | undefined {
    return this.cache.get(token, this.now());
  }

  verify(token: string): Promise<Claims> {
    const now = this.now();
    const cached = this.cache.get(token, now);
    if (cached !== undefined) return Promise.resolve(cached);
    let pending = this.pending.get(token);
    if (pending === undefined) {
      pending = this.check(token, now).finally(() => this.pending.delete(token));
      this.pending.set(token, pending);
    }
    return pending;
  }

  private async check(token: string, now: number): Promise<Claims> {
    const { jwt } = this;
    let claims: Claims;
    try {
      const result = await jwtVerify(token, this.resolve, {
        algorithms: [...this.keys.algorithms],
        currentDate: new Date(now),
        clockTolerance: jwt.clockToleranceSeconds ?? 0,
        ...(jwt.issuer === undefined ? {} : { issuer: jwt.issuer }),
        ...(jwt.audience === undefined ? {} : { audience: jwt.audience }),
      });
      claims = result.payload;
    } catch (e) {
      throw tokenRefusal(e, token, jwt, this.keys);
    }
    this.cache.set(token, claims, now);
    return claims;
  }
}

/**
 * The authenticator of `auth` (undefined: every request is admin). `knownRoles` are the roles
 * named by the permissions: a request may act only as one of them.
 */
export function createAuthenticator(
  auth: AuthConfig | undefined,
  knownRoles: ReadonlySet<string>,
  options: AuthenticatorOptions = {},
): Authenticator {
  if (auth === undefined) return { authenticate: () => Promise.resolve(ADMIN) };
  const where = options.where ?? 'codegen.yml';
  const anonymous = auth.anonymousRole;
  if (anonymous !== undefined && !knownRoles.has(anonymous))
    throw new ConfigError(where, {
      kind: 'invalid',
      path: 'persist.auth.anonymousRole',
      detail: noPermissionsMessage(anonymous, knownRoles),
    });
  const isAdminSecret = auth.adminSecret === undefined ? undefined : adminSecretCheck(auth.adminSecret);
  const verifier = auth.jwt === undefined ? undefined : new TokenVerifier(auth.jwt, options, options.now ?? Date.now);
  // Clients send the same Authorization header with every request: its token is read once per text
  // (the same token string again, whose hash the token cache's lookup then finds computed).
  const tokenOf = memoizeByHeader(bearerToken);
  // The session of a verified token's claims (one object per cached token) and X-Persist-Role:
  // its role chosen once. Only roles chosen are kept (at most the token's own roles); a refusal is
  // decided, and thrown, anew.
  const sessions = new WeakMap<Claims, Map<string | undefined, Session>>();
  const sessionOf = (claims: Claims, requested: string | undefined): Session => {
    let byRole = sessions.get(claims);
    if (byRole === undefined) sessions.set(claims, (byRole = new Map<string | undefined, Session>()));
    let session = byRole.get(requested);
    if (session === undefined) {
      session = Object.freeze({ kind: 'role', role: chooseRole(claims, requested, knownRoles), claims });
      byRole.set(requested, session);
    }
    return session;
  };

  /** The session of a request, resolved at once when its token was verified before (a refusal is thrown). */
  const sessionFor = (headers: RequestHeaders): Promise<Session> => {
    const presented = singleHeader(headers, ADMIN_HEADER, 'X-Persist-Admin-Secret');
    if (presented !== undefined) {
      if (isAdminSecret === undefined)
        throw new UnauthenticatedError(
          'Authentication failed: an X-Persist-Admin-Secret header was sent, but persist.auth.adminSecret is not set.',
        );
      if (!isAdminSecret(presented))
        throw new UnauthenticatedError('Authentication failed: the X-Persist-Admin-Secret header does not match persist.auth.adminSecret.');
      return Promise.resolve(ADMIN);
    }
    const requested = singleHeader(headers, ROLE_HEADER, 'X-Persist-Role');
    const authorization = singleHeader(headers, 'authorization', 'Authorization');
    const token = authorization === undefined ? undefined : tokenOf(authorization);
    if (token === undefined) {
      if (anonymous === undefined)
        throw new UnauthenticatedError(
          "Authentication required: send 'Authorization: Bearer <token>' (persist.auth.anonymousRole is not set, so requests without a token are refused).",
        );
      return Promise.resolve({ kind: 'role', role: anonymousRole(anonymous, requested, knownRoles), claims: NO_CLAIMS });
    }
    if (verifier === undefined)
      throw new UnauthenticatedError('Authentication failed: this server accepts no tokens (persist.auth.jwt is not set).');
    const known = verifier.known(token);
    if (known !== undefined) return Promise.resolve(sessionOf(known, requested));
    return verifier.verify(token).then((claims) => sessionOf(claims, requested));
  };

  return {
    authenticate(headers) {
      try {
        return sessionFor(headers);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
