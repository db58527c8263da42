/**
 * A tuple's identity, written once for every backend, the loaders and the client: the key under
 * which a row or a group is found in a Map or Set (the in-memory indexes, the MySQL read path's
 * grouping, the write diagnosis, the loaders' caches).
 *
 * A one-value tuple of a string, number, boolean or null is the value itself (the common case,
 * and the cheapest: no text per row). Any other tuple is a text: each value as JSON, bytes as
 * `b` + base64, joined by commas. Keys are compared within one shape only (the same fields, so
 * the same type at each position), where the encoding is one-to-one: a JSON string ends at its
 * closing quote, and no other value's text contains a comma or a quote.
 */
import type { Row, Value } from './datastore.js';

/** What `tupleKey` and `rowKey` return: usable as a Map or Set key. */
export type TupleKey = string | number | boolean | null;

function encode(v: Value): string {
  return v instanceof Uint8Array ? `b${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}` : JSON.stringify(v);
}

/** The identity of one canonical value: `tupleKey([v])` without the tuple. */
export function valueKey(v: Value): TupleKey {
  return v instanceof Uint8Array ? encode(v) : v;
}

/** The identity of a tuple of canonical values (see the module comment). */
export function tupleKey(values: readonly Value[]): TupleKey {
  if (values.length === 1) return valueKey(values[0]!);
  let text = '';
  for (let i = 0; i < values.length; i++) text += i === 0 ? encode(values[i]!) : `,${encode(values[i]!)}`;
  return text;
}

/**
 * The identity of `row`'s values of `fields`, equal to `tupleKey` of the same values, or
 * undefined when one of them is NULL (a NULL equals nothing, so it is never indexed nor found).
 * Reads the row in place: no tuple is built.
 */
export function rowKey(row: Row, fields: readonly string[]): TupleKey | undefined {
  if (fields.length === 1) {
    const v = row[fields[0]!];
    if (v === null || v === undefined) return undefined;
    return v instanceof Uint8Array ? encode(v) : v;
  }
  let text = '';
  for (let i = 0; i < fields.length; i++) {
    const v = row[fields[i]!];
    if (v === null || v === undefined) return undefined;
    text += i === 0 ? encode(v) : `,${encode(v)}`;
  }
  return text;
}

/**
 * A Map from tuples of one shape, read off rows, to T: one Map level per field, each keyed by the
 * value's identity (valueKey; NULL is a value here), so that looking a row up builds neither a
 * tuple nor a text (tupleKey's, per row). Tuples of one field or more.
 */
export class TupleMap<T> {
  private readonly root = new Map<TupleKey, unknown>();

  constructor(private readonly fields: readonly string[]) {
    if (fields.length === 0) throw new Error('internal: a TupleMap needs a field');
  }

  /** The entry of `row`'s values of the fields, if any. */
  get(row: Row): T | undefined {
    const fields = this.fields;
    const last = fields.length - 1;
    let level: Map<TupleKey, unknown> | undefined = this.root;
    for (let i = 0; i < last && level !== undefined; i++)
      level = level.get(valueKey(row[fields[i]!]!)) as Map<TupleKey, unknown> | undefined;
    return level?.get(valueKey(row[fields[last]!]!)) as T | undefined;
  }

  /** Sets the entry of `row`'s values of the fields. */
  set(row: Row, value: T): void {
    const fields = this.fields;
    const last = fields.length - 1;
    let level = this.root;
    for (let i = 0; i < last; i++) {
      const k = valueKey(row[fields[i]!]!);
      let next = level.get(k) as Map<TupleKey, unknown> | undefined;
      if (next === undefined) level.set(k, (next = new Map()));
      level = next;
    }
    level.set(valueKey(row[fields[last]!]!), value);
  }
}
