/**
 * The contract's row order for every backend that sorts rows in the process (the in-memory
 * store; any backend that reads rows and sorts them in JS), compiled once per request: the requested sort, then the key fields ascending as
 * tie-breakers. NULL sorts as the smallest value, so it comes first ascending and last descending
 * (MySQL's order). Values compare as compareValues does (enums by declaration order, strings by
 * code point, decimals exactly); the common types get a direct comparator to keep sorting cheap.
 */
import type { EnumIR, FieldType } from '../../model/ir.js';
import { compareStrings, compareValues } from '../../model/values.js';
import type { Row, SortSpec, Value } from '../datastore.js';
import type { EntityFacts } from '../entity-facts.js';

type NonNull = Exclude<Value, null>;
export type ValueComparator = (a: NonNull, b: NonNull) => number;
export type RowComparator = (a: Row, b: Row) => number;

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

/** Compiles `orderBy` plus the key tie-breakers into one comparator. */
export function compileSort(meta: EntityFacts, orderBy: readonly SortSpec[]): RowComparator {
  const fields: string[] = [];
  const signs: number[] = [];
  const comparators: ValueComparator[] = [];
  const push = (name: string, sign: number): void => {
    // A field already sorted on decides every tie it could break: skip the repeat.
    if (fields.includes(name)) return;
    fields.push(name);
    signs.push(sign);
    comparators.push(valueComparator(meta.fieldIR.get(name)!.type, meta.enums));
  };
  for (const s of orderBy) push(s.field, s.direction === 'DESC' ? -1 : 1);
  for (const k of meta.keyFields) push(k, 1);
  const n = fields.length;
  if (n === 1) {
    const f = fields[0]!;
    const cmp = comparators[0]!;
    const sign = signs[0]!;
    return (a, b) => {
      const x = a[f]!;
      const y = b[f]!;
      if (x === null) return y === null ? 0 : -sign;
      if (y === null) return sign;
      return sign * cmp(x, y);
    };
  }
  return (a, b) => {
    for (let i = 0; i < n; i++) {
      const f = fields[i]!;
      const x = a[f]!;
      const y = b[f]!;
      let c: number;
      if (x === null) c = y === null ? 0 : -1;
      else if (y === null) c = 1;
      else c = comparators[i]!(x, y);
      if (c !== 0) return signs[i]! * c;
    }
    return 0;
  };
}
