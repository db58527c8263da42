/**
 * One rewrite of the filter semantics that every backend applies to an OR: a long run of
 * equalities on one field is an IN list.
 */
import type { Filter, Value } from '../datastore.js';

// An OR of at least this many `eq` on one field becomes one IN list (see foldEqualities).
const FOLD_AT = 64;

/**
 * `f = a OR f = b OR …` as `f IN (a, b, …)`: the same truth for every row (NULL stays unknown),
 * but each row is looked up in one set (a sorted list on MySQL) instead of evaluated against
 * every comparison: an OR of 70,000 equalities over 23,000 rows ran past MySQL's statement
 * timeout, and blocked the in-memory store's event loop for ~30 s. Only long runs are folded, so
 * that the statements of everyday filters keep their text.
 */
export function foldEqualities(filters: readonly Filter[]): Filter[] {
  const byField = new Map<string, Exclude<Value, null>[]>();
  for (const f of filters) {
    if (f.kind !== 'compare' || f.op !== 'eq') continue;
    const values = byField.get(f.field);
    if (values === undefined) byField.set(f.field, [f.value]);
    else values.push(f.value);
  }
  const folded = new Set([...byField].filter(([, values]) => values.length >= FOLD_AT).map(([field]) => field));
  if (folded.size === 0) return [...filters];
  const out: Filter[] = [];
  for (const f of filters) {
    if (f.kind === 'compare' && f.op === 'eq' && folded.has(f.field)) {
      const values = byField.get(f.field);
      // The IN list takes the place of the field's first equality.
      if (values !== undefined) out.push({ kind: 'in', field: f.field, values, negate: false });
      byField.delete(f.field);
    } else out.push(f);
  }
  return out;
}
