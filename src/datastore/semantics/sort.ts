/**
 * The contract's row order for every backend that sorts rows in the process (the in-memory
 * store; any backend that reads rows and sorts them in JS), compiled once per request: the requested sort, then the key fields ascending as
 * tie-breakers. NULL sorts as the smallest value, so it comes first ascending and last descending
 * (MySQL's order). Values compare as compareValues does (enums by declaration order, strings by
 * code point, decimals exactly); the common types get a direct comparator to keep sorting cheap.
 * A sort on a to-one path (SortSpec.path) compares the value of the row the path reaches, NULL
 * where it reaches none; each row's value is looked up once per compiled sort.
 */
import type { Row, SortSpec, Value } from '../datastore.js';
import type { EntityFacts } from '../entity-facts.js';
import { valueComparator, type ValueComparator } from './compare.js';
import { compileFilter, type RelatedRows, type RowPredicate } from './filter.js';

export type RowComparator = (a: Row, b: Row) => number;

/** Reads a path sort's value of a row: follows each step to the first related row in its where. */
function pathReader(
  meta: EntityFacts,
  spec: SortSpec,
  related: RelatedRows | undefined,
): { read: (row: Row) => Value; target: EntityFacts } {
  if (related === undefined) throw new Error(`A sort on a path of '${meta.entity.name}' needs the related rows`);
  let at = meta;
  const steps = (spec.path ?? []).map((step) => {
    const link = at.links.get(step.relation);
    if (link === undefined) throw new Error(`Unknown relation field '${at.entity.name}.${step.relation}'`);
    at = related.facts(link.target);
    const where: RowPredicate | undefined = step.where && compileFilter(at, step.where, related);
    return { link, where };
  });
  const field = spec.field;
  const cache = new Map<Row, Value>();
  const read = (row: Row): Value => {
    const hit = cache.get(row);
    if (hit !== undefined) return hit;
    let current: Row | undefined = row;
    for (const step of steps) {
      let next: Row | undefined;
      for (const r of related.of(step.link, current)) {
        if (step.where === undefined || step.where(r)) next = r;
        break;
      }
      current = next;
      if (current === undefined) break;
    }
    const value = current === undefined ? null : current[field]!;
    cache.set(row, value);
    return value;
  };
  return { read, target: at };
}

/**
 * Compiles `orderBy` plus the key tie-breakers into one comparator; `related` is needed when a
 * sort spec has a path.
 */
/**
 * Whether `orderBy` orders rows as the key does (compileSort(meta, [])): it starts with the key
 * fields, ascending, in key order (what follows never decides, the key being unique). Empty is key order.
 */
export function sortsAsKey(meta: EntityFacts, orderBy: readonly SortSpec[] | undefined): boolean {
  if (!orderBy || orderBy.length === 0) return true;
  return meta.keyFields.every((k, i) => {
    const s = orderBy[i];
    return s !== undefined && s.field === k && s.direction === 'ASC' && (s.path === undefined || s.path.length === 0);
  });
}

export function compileSort(meta: EntityFacts, orderBy: readonly SortSpec[], related?: RelatedRows): RowComparator {
  if (orderBy.some((s) => s.path !== undefined && s.path.length > 0)) return compilePathSort(meta, orderBy, related);
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
      const c = compareNullable(a[f]!, b[f]!, comparators[i]!);
      if (c !== 0) return signs[i]! * c;
    }
    return 0;
  };
}

/** Two values ascending, NULL as the smallest. */
function compareNullable(x: Value, y: Value, cmp: ValueComparator): number {
  if (x === null) return y === null ? 0 : -1;
  if (y === null) return 1;
  return cmp(x, y);
}

/** The general comparator: every sort value read through a function (plain fields or paths). */
function compilePathSort(meta: EntityFacts, orderBy: readonly SortSpec[], related: RelatedRows | undefined): RowComparator {
  const labels: string[] = [];
  const readers: ((row: Row) => Value)[] = [];
  const signs: number[] = [];
  const comparators: ValueComparator[] = [];
  const push = (label: string, read: (row: Row) => Value, target: EntityFacts, field: string, sign: number): void => {
    if (labels.includes(label)) return;
    labels.push(label);
    readers.push(read);
    signs.push(sign);
    comparators.push(valueComparator(target.fieldIR.get(field)!.type, target.enums));
  };
  for (const s of orderBy) {
    const sign = s.direction === 'DESC' ? -1 : 1;
    if (s.path === undefined || s.path.length === 0) push(s.field, (r) => r[s.field]!, meta, s.field, sign);
    else {
      const { read, target } = pathReader(meta, s, related);
      push(`${s.path.map((p) => p.relation).join('.')}.${s.field}`, read, target, s.field, sign);
    }
  }
  for (const k of meta.keyFields) push(k, (r) => r[k]!, meta, k, 1);
  const n = labels.length;
  return (a, b) => {
    for (let i = 0; i < n; i++) {
      const c = compareNullable(readers[i]!(a), readers[i]!(b), comparators[i]!);
      if (c !== 0) return signs[i]! * c;
    }
    return 0;
  };
}

/**
 * A row's cursor tuple under `orderBy` (one value per sort spec, a path's as it sorts, then the
 * key fields: Datastore.connection's cursors) and the order of two such tuples, the same as
 * compileSort's order of the rows they were read from.
 */
export interface SortTuples {
  read(row: Row): Value[];
  compare(x: readonly Value[], y: readonly Value[]): number;
}

export function compileSortTuples(meta: EntityFacts, orderBy: readonly SortSpec[], related?: RelatedRows): SortTuples {
  const readers: ((row: Row) => Value)[] = [];
  const signs: number[] = [];
  const comparators: ValueComparator[] = [];
  for (const s of orderBy) {
    signs.push(s.direction === 'DESC' ? -1 : 1);
    if (s.path === undefined || s.path.length === 0) {
      readers.push((r) => r[s.field]!);
      comparators.push(valueComparator(meta.fieldIR.get(s.field)!.type, meta.enums));
    } else {
      const { read, target } = pathReader(meta, s, related);
      readers.push(read);
      comparators.push(valueComparator(target.fieldIR.get(s.field)!.type, target.enums));
    }
  }
  for (const k of meta.keyFields) {
    signs.push(1);
    readers.push((r) => r[k]!);
    comparators.push(valueComparator(meta.fieldIR.get(k)!.type, meta.enums));
  }
  return {
    read: (row) => readers.map((r) => r(row)),
    compare: (x, y) => {
      for (let i = 0; i < signs.length; i++) {
        const c = compareNullable(x[i]!, y[i]!, comparators[i]!);
        if (c !== 0) return signs[i]! * c;
      }
      return 0;
    },
  };
}
