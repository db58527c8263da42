/**
 * Keyset predicates of connections (SPEC §3.4): where a row stands against a cursor tuple in the
 * list order (the sort, then the key), spelled as comparisons on the sort columns so that an index
 * on them serves them. MySQL's NULL order is the contract's (first ascending, last descending), so
 * each step says where NULL stands; every row is exactly one of before, at or after a tuple.
 */
import type { Tuple } from '../datastore.js';
import type { FieldSql } from './entity-sql.js';
import { compareSql } from './sql-filter.js';

/** The sort items of a statement: each column and its direction, the key fields last. */
export type SortedColumns = readonly { field: FieldSql; direction: 'ASC' | 'DESC' }[];

/** Whether a row comes strictly after (`forward`) or strictly before `tuple` in the order. */
export function keysetSql(sorted: SortedColumns, tuple: Tuple, forward: boolean, params: unknown[]): string {
  const branches: string[] = [];
  const equal: string[] = [];
  const equalParams: unknown[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const { field, direction } = sorted[i]!;
    const c = tuple[i]!;
    const greater = (direction === 'ASC') === forward;
    const stepParams: unknown[] = [];
    let step: string | undefined;
    if (c === null) step = greater ? `${field.column} IS NOT NULL` : undefined;
    else if (greater) step = compareSql(field, 'gt', c, stepParams);
    else step = `(${compareSql(field, 'lt', c, stepParams)} OR ${field.column} IS NULL)`;
    if (step !== undefined) {
      branches.push(`(${[...equal, step].join(' AND ')})`);
      params.push(...equalParams, ...stepParams);
    }
    equal.push(c === null ? `${field.column} IS NULL` : compareSql(field, 'eq', c, equalParams));
  }
  return branches.length === 0 ? 'FALSE' : branches.join(' OR ');
}

/** Whether a row is not strictly after (`forward`) / not strictly before `tuple`: on the other side of it, or at it. */
export function notPastSql(sorted: SortedColumns, tuple: Tuple, forward: boolean, params: unknown[]): string {
  const other = keysetSql(sorted, tuple, !forward, params);
  const at = sorted.map(({ field }, i) => {
    const c = tuple[i]!;
    return c === null ? `${field.column} IS NULL` : compareSql(field, 'eq', c, params);
  });
  return `${other} OR (${at.join(' AND ')})`;
}
