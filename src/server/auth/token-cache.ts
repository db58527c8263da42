/**
 * Verified tokens by their text, so that a client sending the same token with every request pays
 * for one signature check, not one per request. Bounded by count (the least recently used go
 * first); an entry is not used after the token's `exp`, nor after `maxAgeMs` (a token without
 * `exp`, or one whose key was removed from a key set that is refetched rarely), and the whole
 * cache is dropped when the keys change (`clear`).
 */
import { LruCache } from '../../graphql/lru-cache.js';
import type { Claims } from '../../permissions/rules.js';

/** How many verified tokens are kept by default: about 1 KB each. */
export const TOKEN_CACHE_SIZE = 10_000;

/** The longest a verified token is used without a new check: ten minutes, jose's own JWKS cache age. */
export const TOKEN_CACHE_MAX_AGE_MS = 600_000;

interface Entry {
  readonly claims: Claims;
  /** Milliseconds since the epoch after which the entry is not used. */
  readonly until: number;
}

export class TokenCache {
  private entries: LruCache<string, Entry>;

  constructor(
    private readonly capacity: number = TOKEN_CACHE_SIZE,
    private readonly maxAgeMs: number = TOKEN_CACHE_MAX_AGE_MS,
  ) {
    this.entries = new LruCache(capacity);
  }

  /** The claims of `token` verified before and still valid at `now`, else undefined. */
  get(token: string, now: number): Claims | undefined {
    const entry = this.entries.get(token);
    return entry !== undefined && now < entry.until ? entry.claims : undefined;
  }

  /** Keeps `claims` for `token`, verified at `now`, until its `exp` (at most maxAgeMs). */
  set(token: string, claims: Claims, now: number): void {
    const exp = claims['exp'];
    const until = Math.min(now + this.maxAgeMs, typeof exp === 'number' ? exp * 1000 : Infinity);
    if (until > now) this.entries.set(token, { claims, until });
  }

  /** Forgets every token (the keys they were verified with changed). */
  clear(): void {
    this.entries = new LruCache(this.capacity);
  }

  /** The number of entries held (expired ones included until they are pushed out). */
  get size(): number {
    return this.entries.size;
  }
}
