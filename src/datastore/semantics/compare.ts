/**
 * Comparators of two non-null canonical values, shared by the sort (sort.ts) and the filter's
 * comparisons (filter.ts): enums by declaration order, strings by code point, decimals exactly.
 */
import type { EnumIR, FieldType } from '../../model/ir.js';
import { compareStrings, compareValues } from '../../model/values.js';
import type { Value } from '../datastore.js';

type NonNull = Exclude<Value, null>;
export type ValueComparator = (a: NonNull, b: NonNull) => number;

const compareNumbers: ValueComparator = (a, b) => (a as number) - (b as number);
const compareStringValues: ValueComparator = (a, b) => compareStrings(a as string, b as string);

/** A comparator of two non-null canonical values of `type`, consistent with compareValues. */
export function valueComparator(type: FieldType, enums: readonly EnumIR[]): ValueComparator {
  if (type.kind === 'enum') {
    // Rank by declaration order once instead of searching the member list on every comparison.
    const members = enums.find((e) => e.name === type.name)?.members ?? [];
    const rank = new Map(members.map((m, i) => [m.value, i]));
    return (a, b) => (rank.get(a as string) ?? -1) - (rank.get(b as string) ?? -1);
  }
  switch (type.name) {
    case 'int':
    case 'float':
      return compareNumbers;
    case 'string':
    case 'date':
    case 'timeOfDay':
    case 'civil':
      return compareStringValues;
    default:
      return (a, b) => compareValues(type, a, b, enums);
  }
}
