/**
 * Canonical values (model/values.ts) ↔ what mysql2 sends and returns. Everything travels as text
 * or bytes: decimals and date-times as strings, so no value passes through a JS float or Date.
 */
import type { FieldIR } from '../../model/ir.js';
import type { Value } from '../datastore.js';

/** Reads one column value (as mysql2 returns it with dateStrings and bigNumberStrings) into canonical form. */
export type Decoder = (raw: unknown) => Value;
/** Turns one canonical value into a driver parameter. */
export type Encoder = (value: Value) => unknown;

/** Drops trailing fractional zeros (and a bare dot): "13:45:00.500000" → "13:45:00.5". */
function trimFraction(text: string): string {
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  let end = text.length;
  while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--;
  return end === dot + 1 ? text.slice(0, dot) : text.slice(0, end);
}

/** DECIMAL(65,30) text ("12.500000…", "-0.000…") → canonical decimal ("12.5", "0"). */
export function canonicalDecimalText(text: string): string {
  const t = trimFraction(text);
  return t === '-0' ? '0' : t;
}

function asString(raw: unknown): string {
  return typeof raw === 'string' ? raw : String(raw);
}

// Each decoder tests for NULL itself (one call per value, not a wrapper and an inner decoder).
const isNull = (raw: unknown): raw is null | undefined => raw === null || raw === undefined;
const decodeNumber: Decoder = (raw) => (isNull(raw) ? null : typeof raw === 'number' ? raw : Number(raw));
const decodeDecimal: Decoder = (raw) => (isNull(raw) ? null : canonicalDecimalText(asString(raw)));
const decodeBoolean: Decoder = (raw) => (isNull(raw) ? null : raw === 1 || raw === '1' || raw === true);
// A fresh Uint8Array (not the driver's Buffer, which may share a pooled ArrayBuffer).
const decodeBytes: Decoder = (raw) => (isNull(raw) ? null : new Uint8Array(raw as Uint8Array));
const decodeTime: Decoder = (raw) => (isNull(raw) ? null : trimFraction(asString(raw)));
// "2024-02-29 13:45:00.500000" → "2024-02-29T13:45:00.5"
const decodeCivil: Decoder = (raw) => (isNull(raw) ? null : trimFraction(asString(raw)).replace(' ', 'T'));
const decodeUtc: Decoder = (raw) => (isNull(raw) ? null : `${trimFraction(asString(raw)).replace(' ', 'T')}Z`);
const decodeString: Decoder = (raw) => (isNull(raw) ? null : asString(raw));

/** The decoder of a field's column; NULL always decodes to null. */
export function decoderFor(field: Pick<FieldIR, 'type'>): Decoder {
  const t = field.type;
  if (t.kind === 'enum') return decodeString;
  switch (t.name) {
    case 'int':
    case 'float':
      return decodeNumber;
    case 'decimal':
      return decodeDecimal;
    case 'boolean':
      return decodeBoolean;
    case 'bytes':
      return decodeBytes;
    case 'date':
      return decodeString;
    case 'timeOfDay':
      return decodeTime;
    case 'civil':
      return decodeCivil;
    case 'utc':
      return decodeUtc;
    case 'string':
      return decodeString;
  }
}

const encodeIdentity: Encoder = (v) => v;
const encodeBytes: Encoder = (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);
// MySQL reads "2024-02-29 13:45:00.5" in the session's zone, which is UTC (see sessionSetupSql).
const encodeUtc: Encoder = (v) => (typeof v === 'string' ? v.slice(0, -1).replace('T', ' ') : v);
const encodeCivil: Encoder = (v) => (typeof v === 'string' ? v.replace('T', ' ') : v);

/** The encoder of a field's parameters; null stays null (SQL NULL). */
export function encoderFor(field: Pick<FieldIR, 'type'>): Encoder {
  const t = field.type;
  if (t.kind === 'enum') return encodeIdentity;
  switch (t.name) {
    case 'bytes':
      return encodeBytes;
    case 'utc':
      return encodeUtc;
    case 'civil':
      return encodeCivil;
    default:
      return encodeIdentity;
  }
}
