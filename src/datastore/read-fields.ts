/** Which fields a read returns, the same for every backend. (Tuple identities: tuple-key.ts.) */

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
