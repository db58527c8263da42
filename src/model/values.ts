/**
 * The value domain shared by every layer: canonical forms, ranges and ordering of each simple type.
 * Every datastore stores canonical values and compares them with `compareValues`, so that all
 * datastores give the same answers (the ranges are MySQL's, as bal persist maps the types).
 *
 * Runtime representation: int/float → number; decimal → canonical string ("12.5", "-0.001");
 * string → string; boolean → boolean; bytes → Uint8Array; date → "2024-02-29";
 * timeOfDay → "13:45:00" or "13:45:00.25"; utc → "2024-02-29T13:45:00Z"; civil →
 * "2024-02-29T13:45:00"; enum → the member's value.
 */
import type { EnumIR, FieldIR, FieldType } from './ir.js';

export type Value = string | number | boolean | Uint8Array | null;

/** Thrown by the parsers below; callers wrap it with the entity and field (InvalidValueError). */
export class ValueFormatError extends Error {}

export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;
/** VARCHAR(191): bal persist's default string column. */
export const DEFAULT_VARCHAR_LENGTH = 191;
/** DECIMAL(65,30): bal persist's default decimal column. */
export const DEFAULT_DECIMAL = { precision: 65, scale: 30 } as const;

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;
const TIME_RE = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const CIVIL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const UTC_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Canonical decimal text: no leading zeros, no trailing fractional zeros, no "-0". */
export function parseDecimal(text: string, limits: { precision: number; scale: number } = DEFAULT_DECIMAL): string {
  const m = DECIMAL_RE.exec(text);
  if (!m) throw new ValueFormatError(`"${text}" is not a decimal number (expected digits with an optional fraction, like "12.50")`);
  const intPart = m[2]!.replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > limits.scale) {
    throw new ValueFormatError(`"${text}" has ${frac.length} digits after the decimal point; at most ${limits.scale} fit`);
  }
  const intDigits = intPart === '0' ? 0 : intPart.length;
  if (intDigits > limits.precision - limits.scale) {
    throw new ValueFormatError(
      `"${text}" has ${intDigits} digits before the decimal point; at most ${limits.precision - limits.scale} fit`,
    );
  }
  const body = frac ? `${intPart}.${frac}` : intPart;
  return m[1] === '-' && body !== '0' ? `-${body}` : body;
}

/** Compares two canonical decimal strings numerically, exactly. */
export function compareDecimals(a: string, b: string): number {
  const negA = a.startsWith('-');
  const negB = b.startsWith('-');
  if (negA !== negB) return negA ? -1 : 1;
  const abs = compareAbsDecimals(negA ? a.slice(1) : a, negB ? b.slice(1) : b);
  return negA ? -abs : abs;
}

function compareAbsDecimals(a: string, b: string): number {
  const [ai = '', af = ''] = a.split('.');
  const [bi = '', bf = ''] = b.split('.');
  if (ai.length !== bi.length) return ai.length < bi.length ? -1 : 1;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const len = Math.max(af.length, bf.length);
  const pa = af.padEnd(len, '0');
  const pb = bf.padEnd(len, '0');
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Arithmetic, not a Date: every date of every written row passes here.
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

function checkDate(y: number, mo: number, d: number, text: string): void {
  if (y < 1000 || y > 9999) throw new ValueFormatError(`"${text}": the year must be between 1000 and 9999`);
  if (mo < 1 || mo > 12) throw new ValueFormatError(`"${text}": the month must be between 01 and 12`);
  if (d < 1 || d > daysInMonth(y, mo))
    throw new ValueFormatError(`"${text}": day ${d} does not exist in ${y}-${String(mo).padStart(2, '0')}`);
}

function checkTime(h: number, mi: number, s: number, text: string): void {
  if (h > 23 || mi > 59 || s > 59) throw new ValueFormatError(`"${text}": not a valid time of day (00:00:00 to 23:59:59)`);
}

function canonicalFraction(frac: string | undefined): string {
  const f = (frac ?? '').replace(/0+$/, '');
  return f ? `.${f}` : '';
}

/** "2024-02-29". */
export function parseDate(text: string): string {
  // YYYY-MM-DD read by hand (no match array per date): each part -1 unless all digits 0-9.
  const shaped = text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45;
  const y = shaped ? digitsAt(text, 0, 4) : -1;
  const mo = shaped ? digitsAt(text, 5, 7) : -1;
  const d = shaped ? digitsAt(text, 8, 10) : -1;
  if (y < 0 || mo < 0 || d < 0) throw new ValueFormatError(`"${text}" is not a date (expected YYYY-MM-DD, like "2024-02-29")`);
  checkDate(y, mo, d, text);
  return text;
}

/** The number the ASCII digits of `text` from `start` to `end` spell, or -1 when one is not a digit 0-9. */
function digitsAt(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** "13:45:00" with up to 6 fractional digits; trailing fractional zeros are dropped. */
export function parseTimeOfDay(text: string): string {
  const m = TIME_RE.exec(text);
  if (!m) throw new ValueFormatError(`"${text}" is not a time of day (expected HH:MM:SS with up to 6 fractional digits, like "13:45:00")`);
  checkTime(Number(m[1]), Number(m[2]), Number(m[3]), text);
  return `${m[1]}:${m[2]}:${m[3]}${canonicalFraction(m[4])}`;
}

/** "2024-02-29T13:45:00" without a zone, up to 6 fractional digits. */
export function parseCivil(text: string): string {
  const m = CIVIL_RE.exec(text);
  if (!m)
    throw new ValueFormatError(
      `"${text}" is not a civil date-time (expected YYYY-MM-DDTHH:MM:SS without a zone, like "2024-02-29T13:45:00")`,
    );
  checkDate(Number(m[1]), Number(m[2]), Number(m[3]), text);
  checkTime(Number(m[4]), Number(m[5]), Number(m[6]), text);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${canonicalFraction(m[7])}`;
}

// MySQL TIMESTAMP's range, which bal persist maps time:Utc to.
const UTC_MIN_SECONDS = 1; // 1970-01-01T00:00:01Z
const UTC_MAX_SECONDS = 2147483647; // 2038-01-19T03:14:07Z

/** Any offset accepted; returned in Z with up to 6 fractional digits. */
export function parseUtc(text: string): string {
  const m = UTC_RE.exec(text);
  if (!m)
    throw new ValueFormatError(
      `"${text}" is not a UTC timestamp (expected YYYY-MM-DDTHH:MM:SS with Z or an offset, like "2024-02-29T13:45:00Z")`,
    );
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  checkDate(y!, mo!, d!, text);
  checkTime(h!, mi!, s!, text);
  if ((m[7] ?? '').length > 6) throw new ValueFormatError(`"${text}": at most 6 fractional digits of a second are kept`);
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const sign = m[8]!.startsWith('-') ? -1 : 1;
    const oh = Number(m[8]!.slice(1, 3));
    const om = Number(m[8]!.slice(4, 6));
    if (oh > 14 || om > 59) throw new ValueFormatError(`"${text}": the offset ${m[8]} is out of range`);
    offsetMinutes = sign * (oh * 60 + om);
  }
  const seconds = Date.UTC(y!, mo! - 1, d, h, mi, s) / 1000 - offsetMinutes * 60;
  if (seconds < UTC_MIN_SECONDS || seconds > UTC_MAX_SECONDS) {
    throw new ValueFormatError(`"${text}" is outside the supported range 1970-01-01T00:00:01Z to 2038-01-19T03:14:07Z`);
  }
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `${iso}${canonicalFraction(m[7])}Z`;
}

/** Strict base64 (RFC 4648, padding required). */
export function parseBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new ValueFormatError(`"${text.length > 40 ? text.slice(0, 40) + '…' : text}" is not valid base64`);
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function formatBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The longest string a field accepts, in characters (code points), as MySQL counts them. */
export function maxStringLength(field: FieldIR): number {
  return field.sql.varchar ?? field.sql.char ?? DEFAULT_VARCHAR_LENGTH;
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

// A UTF-16 code unit of a surrogate pair standing alone: with the `u` flag, well-formed pairs
// are one code point and never match.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why `text` cannot be stored as text, or undefined when it can: a lone UTF-16 surrogate is no
 * Unicode character, UTF-8 (and so MySQL) cannot hold it, and the driver would silently turn it
 * into U+FFFD. Every datastore refuses it, so that all give the same answer.
 */
export function illFormedText(text: string): string | undefined {
  // Most text has no surrogate at all: a scan of its code units, before the regular expression.
  let surrogate = false;
  for (let i = 0; i < text.length && !surrogate; i++) surrogate = (text.charCodeAt(i) & 0xf800) === 0xd800;
  if (!surrogate) return undefined;
  const m = LONE_SURROGATE.exec(text);
  if (m === null) return undefined;
  const unit = m[0].charCodeAt(0).toString(16).toUpperCase();
  return `the string holds a lone UTF-16 surrogate (\\u${unit} at index ${m.index}), which is not a Unicode character; send well-formed text`;
}

/**
 * Checks and canonicalizes one value for a field (null allowed only on nullable fields).
 * Accepts the runtime representation; throws ValueFormatError with the reason.
 */
export function normalizeValue(field: FieldIR, enums: readonly EnumIR[], input: unknown): Value {
  if (input === null || input === undefined) {
    if (field.nullable) return null;
    throw new ValueFormatError('null is not allowed: the field is not nullable');
  }
  const t = field.type;
  if (t.kind === 'enum') {
    const e = enums.find((x) => x.name === t.name);
    if (typeof input === 'string' && e?.members.some((m) => m.value === input)) return input;
    throw new ValueFormatError(
      `${JSON.stringify(input)} is not a member of the enum ${t.name} (${e?.members.map((m) => m.value).join(', ') ?? ''})`,
    );
  }
  switch (t.name) {
    case 'int':
      if (typeof input !== 'number' || !Number.isInteger(input)) throw new ValueFormatError(`${JSON.stringify(input)} is not an integer`);
      if (input < INT_MIN || input > INT_MAX)
        throw new ValueFormatError(`${input} is outside the 32-bit integer range ${INT_MIN} to ${INT_MAX}`);
      return input;
    case 'float':
      if (typeof input !== 'number' || !Number.isFinite(input))
        throw new ValueFormatError(`${JSON.stringify(input)} is not a finite number`);
      return input;
    case 'decimal':
      if (typeof input === 'number' && Number.isFinite(input)) return parseDecimal(String(input), field.sql.decimal);
      if (typeof input !== 'string') throw new ValueFormatError(`${JSON.stringify(input)} is not a decimal string`);
      return parseDecimal(input, field.sql.decimal);
    case 'string': {
      if (typeof input !== 'string') throw new ValueFormatError(`${JSON.stringify(input)} is not a string`);
      const illFormed = illFormedText(input);
      if (illFormed !== undefined) throw new ValueFormatError(illFormed);
      const max = maxStringLength(field);
      if (input.length > max && codePointLength(input) > max) {
        const n = codePointLength(input);
        // A VARCHAR length that a `@constraint:String` gave names that rule.
        const rule = field.constraints?.maxLength === max ? 'maxLength' : field.constraints?.length === max ? 'length' : undefined;
        throw new ValueFormatError(
          rule
            ? `the string has ${n} characters; @constraint:String ${rule} is ${max}`
            : `the string has ${n} characters; at most ${max} fit`,
        );
      }
      return input;
    }
    case 'boolean':
      if (typeof input !== 'boolean') throw new ValueFormatError(`${JSON.stringify(input)} is not a boolean`);
      return input;
    case 'bytes':
      if (!(input instanceof Uint8Array)) throw new ValueFormatError('expected bytes (a Uint8Array)');
      return input;
    case 'date':
      if (typeof input !== 'string') throw new ValueFormatError(`${JSON.stringify(input)} is not a date string`);
      return parseDate(input);
    case 'timeOfDay':
      if (typeof input !== 'string') throw new ValueFormatError(`${JSON.stringify(input)} is not a time-of-day string`);
      return parseTimeOfDay(input);
    case 'utc':
      if (typeof input !== 'string') throw new ValueFormatError(`${JSON.stringify(input)} is not a UTC timestamp string`);
      return parseUtc(input);
    case 'civil':
      if (typeof input !== 'string') throw new ValueFormatError(`${JSON.stringify(input)} is not a civil date-time string`);
      return parseCivil(input);
  }
}

/** Maps UTF-16 code units so that comparing them orders strings by code point (utf8mb4_bin order). */
function codePointKey(u: number): number {
  return u < 0xd800 ? u : u < 0xe000 ? u + 0x2000 : u - 0x800;
}

/** Orders strings by code point, as a binary utf8mb4 collation does. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointKey(x) - codePointKey(y);
  }
  return a.length - b.length;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Orders two non-null canonical values of one type. Enums order by declaration (as MySQL ENUM
 * columns sort), so the enum list is needed for them.
 */
export function compareValues(type: FieldType, a: Exclude<Value, null>, b: Exclude<Value, null>, enums: readonly EnumIR[] = []): number {
  if (type.kind === 'enum') {
    const members = enums.find((e) => e.name === type.name)?.members ?? [];
    return members.findIndex((m) => m.value === a) - members.findIndex((m) => m.value === b);
  }
  switch (type.name) {
    case 'int':
    case 'float':
      return (a as number) - (b as number);
    case 'decimal':
      return compareDecimals(a as string, b as string);
    case 'boolean':
      return Number(a) - Number(b);
    case 'bytes':
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 'utc':
      // Drop the trailing Z so that "…:00Z" sorts before "…:00.5Z".
      return compareStrings((a as string).slice(0, -1), (b as string).slice(0, -1));
    case 'string':
    case 'date':
    case 'timeOfDay':
    case 'civil':
      return compareStrings(a as string, b as string);
  }
}

/** Equality of two canonical values (bytes by content). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b) === 0;
  return a === b;
}
