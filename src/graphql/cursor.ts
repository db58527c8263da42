/**
 * Opaque cursors of connections (SPEC §3.4): base64url of a JSON array holding a fingerprint of
 * the entity and its sort, then the row's sort values and key (Page.cursors). A cursor made under
 * one `orderBy` is refused under another; one that is not ours is refused as malformed. Both are
 * BAD_USER_INPUT naming the argument and what to pass instead.
 */
import { createHash } from 'node:crypto';
import type { SortSpec, Tuple, Value } from '../datastore/datastore.js';
import { badUserInput } from './bad-input.js';

/** Fingerprints by `entity|order` text: a request pages in an order it was asked for before. */
const fingerprints = new Map<string, string>();
const MAX_FINGERPRINTS = 1024;

/** What a cursor's values are checked against: the entity and the order it pages in. */
export function sortFingerprint(entity: string, orderBy: readonly SortSpec[] | undefined): string {
  const order = (orderBy ?? []).map((s) => `${(s.path ?? []).map((p) => `${p.relation}.`).join('')}${s.field} ${s.direction}`).join(',');
  const text = `${entity}|${order}`;
  let fingerprint = fingerprints.get(text);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update(text).digest('base64url').slice(0, 10);
    if (fingerprints.size >= MAX_FINGERPRINTS) fingerprints.clear();
    fingerprints.set(text, fingerprint);
  }
  return fingerprint;
}

type Encoded = string | number | boolean | null | { b: string };

function encodeValue(v: Value): Encoded {
  return v instanceof Uint8Array ? { b: Buffer.from(v).toString('base64') } : v;
}

function decodeValue(v: unknown): Value | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
  if (typeof v === 'object' && !Array.isArray(v) && typeof (v as { b?: unknown }).b === 'string')
    return new Uint8Array(Buffer.from((v as { b: string }).b, 'base64'));
  return undefined;
}

/**
 * The cursor of `tuple`: the JSON text of `[fingerprint, ...values]` written piece by piece (the
 * fingerprint is base64url, which JSON writes unescaped), the same text as JSON.stringify gives.
 */
export function encodeCursor(fingerprint: string, tuple: Tuple): string {
  let json = `["${fingerprint}"`;
  for (const v of tuple) json += `,${JSON.stringify(encodeValue(v)) ?? 'null'}`;
  return Buffer.from(`${json}]`).toString('base64url');
}

/** The tuple of `text`, checked to be a cursor of this fingerprint; `argument` and `field` name it in errors. */
export function decodeCursor(fingerprint: string, text: string, argument: string, field: string): Tuple {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]*$/.test(text) ? JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  const values = Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed.slice(1).map(decodeValue) : undefined;
  if (values === undefined || values.includes(undefined))
    throw badUserInput(
      `Invalid value for '${argument}' of '${field}': it is not a cursor of this API; pass an edge's cursor or pageInfo's startCursor or endCursor unchanged.`,
    );
  if ((parsed as unknown[])[0] !== fingerprint)
    throw badUserInput(
      `Invalid value for '${argument}' of '${field}': the cursor was made for another orderBy; page with the orderBy it came with, or start again without '${argument}'.`,
    );
  return values as Value[];
}
