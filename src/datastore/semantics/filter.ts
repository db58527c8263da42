/**
 * The meaning of a Filter over rows held in the process, for every backend that filters rows
 * itself (the in-memory store; any backend that reads rows and filters them in JS). SQL
 * backends translate the same semantics into SQL instead (mysql/sql-filter.ts), and the
 * conformance suite holds both to them.
 *
 * Filters are evaluated with SQL's three-valued logic, compiled once per request into a tree of
 * small evaluators (no per-row allocation):
 * - a comparison, `in`, `notIn` or string operator on a NULL column is UNKNOWN;
 * - AND is FALSE if any operand is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE;
 *   OR is TRUE if any is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE; an empty AND is TRUE
 *   and an empty OR is FALSE;
 * - NOT swaps TRUE and FALSE and keeps UNKNOWN;
 * - isNull is never UNKNOWN;
 * - an empty `in` list is FALSE for every row, NULL or not, and an empty `notIn` TRUE (SQL
 *   cannot write `IN ()`; backends emit a constant);
 * - contains/startsWith/endsWith are case-sensitive LIKE patterns with every character literal
 *   (`%`, `_` and `\` in the operand match only themselves).
 * - a relation condition (RelationFilter) is never UNKNOWN: `some` is TRUE when a related row in
 *   scope has the filter TRUE; `none` is its negation; `every` is TRUE when no related row in scope
 *   has the filter FALSE or UNKNOWN (so TRUE without related rows).
 * Only rows whose filter is TRUE are returned.
 */
import type { Filter, RelationFilter, Row, Value } from '../datastore.js';
import { valuesEqual } from '../../model/values.js';
import type { EntityFacts, RelationLink } from '../entity-facts.js';
import { foldEqualities } from './fold-equalities.js';
import { valueComparator } from './compare.js';

const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;
type Truth = typeof FALSE | typeof TRUE | typeof UNKNOWN;
type Evaluator = (row: Row) => Truth;

/** A compiled filter: true when the row is returned. */
export type RowPredicate = (row: Row) => boolean;

/**
 * How relation conditions and sort paths reach the related rows, for a backend that holds rows in
 * the process: the facts of any entity, and the rows related to a row through a relation field.
 */
export interface RelatedRows {
  facts(entity: string): EntityFacts;
  /** The target's rows whose `link.to` fields equal `row`'s `link.from` fields (none when one is NULL). */
  of(link: RelationLink, row: Row): Iterable<Row>;
}

/**
 * Compiles a canonical filter (see canonicalFilter) for one entity; `related` is needed when the
 * filter has relation conditions.
 */
export function compileFilter(meta: EntityFacts, filter: Filter, related?: RelatedRows): RowPredicate {
  const evaluate = compile(meta, filter, related);
  return (row) => evaluate(row) === TRUE;
}

function compileRelation(meta: EntityFacts, filter: RelationFilter, related: RelatedRows | undefined): Evaluator {
  const link = meta.links.get(filter.field);
  if (link === undefined) throw new Error(`Unknown relation field '${meta.entity.name}.${filter.field}'`);
  if (related === undefined) throw new Error(`A filter on '${meta.entity.name}.${filter.field}' needs the related rows`);
  const target = related.facts(link.target);
  const test = compile(target, filter.filter, related);
  const scope = filter.scope && compile(target, filter.scope, related);
  // some: found a match → TRUE; none: found a match → FALSE; every: found a failure → FALSE.
  const every = filter.quantifier === 'every';
  const decided: Truth = filter.quantifier === 'some' ? TRUE : FALSE;
  const otherwise: Truth = decided === TRUE ? FALSE : TRUE;
  return (row) => {
    for (const r of related.of(link, row)) {
      if (scope !== undefined && scope(r) !== TRUE) continue;
      if ((test(r) === TRUE) !== every) return decided;
    }
    return otherwise;
  };
}

function compile(meta: EntityFacts, filter: Filter, related: RelatedRows | undefined): Evaluator {
  switch (filter.kind) {
    case 'and': {
      const parts = filter.filters.map((f) => compile(meta, f, related));
      return (row) => {
        let result: Truth = TRUE;
        for (let i = 0; i < parts.length; i++) {
          const t = parts[i]!(row);
          if (t === FALSE) return FALSE;
          if (t === UNKNOWN) result = UNKNOWN;
        }
        return result;
      };
    }
    case 'or': {
      const parts = foldEqualities(filter.filters).map((f) => compile(meta, f, related));
      return (row) => {
        let result: Truth = FALSE;
        for (let i = 0; i < parts.length; i++) {
          const t = parts[i]!(row);
          if (t === TRUE) return TRUE;
          if (t === UNKNOWN) result = UNKNOWN;
        }
        return result;
      };
    }
    case 'not': {
      const inner = compile(meta, filter.filter, related);
      return (row) => {
        const t = inner(row);
        return t === UNKNOWN ? UNKNOWN : t === TRUE ? FALSE : TRUE;
      };
    }
    case 'isNull': {
      const f = filter.field;
      const want = filter.isNull;
      return (row) => ((row[f] === null) === want ? TRUE : FALSE);
    }
    case 'compare':
      return compileCompare(meta, filter.field, filter.op, filter.value);
    case 'in':
      return compileIn(meta, filter.field, filter.values, filter.negate);
    case 'string':
      return compileString(filter.field, filter.op, filter.value);
    case 'relation':
      return compileRelation(meta, filter, related);
  }
}

function isBytes(meta: EntityFacts, field: string): boolean {
  return meta.bytesFields.has(field);
}

function compileCompare(
  meta: EntityFacts,
  f: string,
  op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte',
  value: Exclude<Value, null>,
): Evaluator {
  if (op === 'eq' || op === 'ne') {
    const hit: Truth = op === 'eq' ? TRUE : FALSE;
    const miss: Truth = op === 'eq' ? FALSE : TRUE;
    if (isBytes(meta, f)) return (row) => (row[f] === null ? UNKNOWN : valuesEqual(row[f]!, value) ? hit : miss);
    return (row) => {
      const x = row[f];
      return x === null ? UNKNOWN : x === value ? hit : miss;
    };
  }
  const cmp = valueComparator(meta.fieldIR.get(f)!.type, meta.enums);
  switch (op) {
    case 'lt':
      return (row) => (row[f] === null ? UNKNOWN : cmp(row[f]!, value) < 0 ? TRUE : FALSE);
    case 'lte':
      return (row) => (row[f] === null ? UNKNOWN : cmp(row[f]!, value) <= 0 ? TRUE : FALSE);
    case 'gt':
      return (row) => (row[f] === null ? UNKNOWN : cmp(row[f]!, value) > 0 ? TRUE : FALSE);
    case 'gte':
      return (row) => (row[f] === null ? UNKNOWN : cmp(row[f]!, value) >= 0 ? TRUE : FALSE);
  }
}

function compileIn(meta: EntityFacts, f: string, values: readonly Exclude<Value, null>[], negate: boolean): Evaluator {
  const hit: Truth = negate ? FALSE : TRUE;
  const miss: Truth = negate ? TRUE : FALSE;
  if (values.length === 0) return () => miss;
  if (isBytes(meta, f)) {
    return (row) => {
      const x = row[f];
      if (x === null) return UNKNOWN;
      for (const v of values) if (valuesEqual(x!, v)) return hit;
      return miss;
    };
  }
  const set = new Set<Value>(values);
  return (row) => {
    const x = row[f];
    return x === null ? UNKNOWN : set.has(x!) ? hit : miss;
  };
}

function compileString(f: string, op: 'contains' | 'startsWith' | 'endsWith', value: string): Evaluator {
  switch (op) {
    case 'contains':
      return (row) => {
        const x = row[f];
        return x === null ? UNKNOWN : (x as string).includes(value) ? TRUE : FALSE;
      };
    case 'startsWith':
      return (row) => {
        const x = row[f];
        return x === null ? UNKNOWN : (x as string).startsWith(value) ? TRUE : FALSE;
      };
    case 'endsWith':
      return (row) => {
        const x = row[f];
        return x === null ? UNKNOWN : (x as string).endsWith(value) ? TRUE : FALSE;
      };
  }
}
