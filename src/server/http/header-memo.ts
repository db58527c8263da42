/**
 * Per-request decisions made from a header's text (the `Accept` negotiation, whether a
 * `Content-Type` is JSON): clients send the same header on every request, so each decision is
 * made once per distinct text and kept in a bounded cache (a client sending ever new headers only
 * evicts older ones; an unusually long header is decided each time, never kept).
 */
import { LruCache } from '../../graphql/index.js';

/** Distinct header texts kept per decision. */
const KEPT = 256;
/** The longest header text kept. */
const LONGEST_KEPT = 1024;

/** `decide`, made once per distinct header text (see the file comment). */
export function memoizeByHeader<T>(decide: (header: string) => T): (header: string) => T {
  // Values are wrapped so that an undefined decision is kept too.
  const kept = new LruCache<string, { value: T }>(KEPT);
  return (header) => {
    if (header.length > LONGEST_KEPT) return decide(header);
    const known = kept.get(header);
    if (known !== undefined) return known.value;
    const value = decide(header);
    kept.set(header, { value });
    return value;
  };
}
