/**
 * The admin secret check: `X-Persist-Admin-Secret` against `persist.auth.adminSecret`, in constant
 * time. Both sides are hashed first so that timingSafeEqual compares equal lengths and the time
 * taken says nothing about the secret's length either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A check of a presented secret against the configured one (kept as its digest only). */
export function adminSecretCheck(secret: string): (presented: string) => boolean {
  const expected = digest(secret);
  return (presented) => timingSafeEqual(digest(presented), expected);
}
