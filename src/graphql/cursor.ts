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

/** Whether JSON.stringify writes `text` as itself in quotes: no quote, backslash, control character or surrogate. */
function writtenAsIs(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * The JSON text of `[fingerprint, ...tuple]`, the same as JSON.stringify gives, written piece by
 * piece (the fingerprint is base64url, which JSON writes unescaped; so is a string with nothing
 * to escape: surrogates, paired or not, go through JSON.stringify).
 */
function cursorJson(fingerprint: string, tuple: Tuple): string {
  let json = `["${fingerprint}"`;
  for (const v of tuple) json += typeof v === 'string' && writtenAsIs(v) ? `,"${v}"` : `,${JSON.stringify(encodeValue(v)) ?? 'null'}`;
  return `${json}]`;
}

/** The cursor of `tuple`: base64url of the same JSON text as JSON.stringify([fingerprint, ...tuple]) gives. */
export function encodeCursor(fingerprint: string, tuple: Tuple): string {
  return Buffer.from(cursorJson(fingerprint, tuple)).toString('base64url');
}

// NUL bytes that bring a length up to a multiple of 3.
const PADDING = ['', '\0\0', '\0'];

function padded(texts: readonly string[], length: (text: string) => number): string {
  let out = '';
  for (const text of texts) out += text + PADDING[length(text) % 3]!;
  return out;
}

const utf8Length = (text: string): number => Buffer.byteLength(text);

/**
 * The cursors of a page's tuples, each what encodeCursor gives, with one base64url encoding for
 * the page (one per cursor was most of the cost of a page's cursors: issue 17, bench/RESULTS.md).
 * Each JSON text starts at a multiple of 3 bytes (NUL bytes after the one before), so its
 * base64url is the part of the whole's that starts at 4/3 of its offset and is as long as its own
 * would be: a partial last group of 3 is followed by zero bytes, which encode as the zero bits
 * that base64url pads it with.
 */
export function encodeCursors(fingerprint: string, tuples: readonly Tuple[]): string[] {
  const texts = tuples.map((t) => cursorJson(fingerprint, t));
  let length = (text: string): number => text.length;
  let joined = padded(texts, length);
  let bytes = Buffer.from(joined);
  // More bytes than characters: a text is not all ASCII, and the padding goes by its bytes.
  if (bytes.length !== joined.length) {
    length = utf8Length;
    joined = padded(texts, length);
    bytes = Buffer.from(joined);
  }
  const whole = bytes.toString('base64url');
  const out = new Array<string>(texts.length);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    const n = length(texts[i]!);
    out[i] = whole.slice(at, at + Math.ceil((n * 4) / 3));
    at += Math.ceil(n / 3) * 4;
  }
  return out;
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
