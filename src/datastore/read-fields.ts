/** Helpers every backend's read path shares: which fields a read returns, and tuple identities. */

/**
 * The fields a read returns: the selected ones plus the keys and the matched fields, in
 * declaration order; every field when nothing is selected.
 */
export function outputFields(
  entity: { readonly fieldNames: readonly string[]; readonly keyFields: readonly string[] },
  select: readonly string[] | undefined,
  matched: readonly string[] = [],
): readonly string[] {
  if (!select) return entity.fieldNames;
  const wanted = new Set<string>([...select, ...entity.keyFields, ...matched]);
  return entity.fieldNames.filter((f) => wanted.has(f));
}

/** What `tupleId` returns: usable as a Map or Set key. */
export type TupleId = string | number | boolean;

/**
 * A hashable identity of a tuple of canonical values: the value itself for a one-field tuple of a
 * string, number or boolean (cheaper: no text per row), otherwise a JSON text (bytes as base64).
 */
export function tupleId(values: readonly unknown[]): TupleId {
  if (values.length === 1) {
    const v = values[0];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  }
  return JSON.stringify(values.map((v) => (v instanceof Uint8Array ? `b${Buffer.from(v).toString('base64')}` : v)));
}
