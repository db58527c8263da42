/**
 * The `where` language (GraphQL's `EWhere`, the client's `EWhere`: one language, SPEC §3.1) and
 * its one translation into the datastore Filter. Both front ends call `whereToFilter`; each keeps
 * only the checks of its input's shape (GraphQL's input types, the client's run-time checks).
 *
 * Meaning:
 * - the fields of one where object, and the operators of one field filter, are ANDed;
 * - `AND: [...]` and `OR: [...]` combine where objects (`AND: []` matches every row, `OR: []`
 *   none); `NOT: {...}` negates one; an element that sets no condition matches every row, so
 *   `NOT: {}` matches none;
 * - `eq: null` means `isNull: true` and `ne: null` means `isNull: false` (what a user who writes
 *   them means; SQL's `= NULL` would match nothing);
 * - any other operator given null, and anything given undefined, is no condition (as if left out);
 * - operand values pass through unchanged: the datastore validates and canonicalizes them
 *   (query-checks.ts), so a bad value gets the same error from every front end;
 * - a 1-n relation field takes `{ some, every, none }`, each a where object of the related
 *   entity (`some: {}`: has a child; `every` holds without children); a to-one relation field (the
 *   owner side, or the 1-1 other side) takes the related entity's where object: has a related
 *   row and it matches (`{}`: has one). Given null, like any filter, they set no condition.
 */
import type { CompareOp, Filter, Quantifier, StringOp, Value } from './datastore.js';
import type { ModelIR } from '../model/ir.js';

/** A where object: field filters by field name, plus `AND`, `OR`, `NOT`. */
export type WhereInput = Readonly<Record<string, unknown>>;

/** The operators of a field filter, by the kind of value they take. */
export const WHERE_OPERATORS = {
  /** Take one value; `eq`/`ne` also take null (isNull). */
  compare: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'] as readonly CompareOp[],
  /** Take a list of values. */
  list: ['in', 'notIn'] as const,
  /** Takes true or false. */
  isNull: ['isNull'] as const,
  /** Take a string; string fields only. */
  string: ['contains', 'startsWith', 'endsWith'] as readonly StringOp[],
};

type NonNull = Exclude<Value, null>;

/** Matches every row: what a where object that sets no condition stands for inside AND/OR/NOT. */
function everyRow(): Filter {
  return { kind: 'and', filters: [] };
}

/** The conditions of one field filter (`{ eq: …, lt: … }`) on `field`, appended to `out`. */
export function fieldFilters(field: string, ops: WhereInput, out: Filter[]): void {
  for (const op of Object.keys(ops)) {
    const v = ops[op];
    if (v === undefined) continue;
    switch (op) {
      case 'eq':
      case 'ne':
        out.push(v === null ? { kind: 'isNull', field, isNull: op === 'eq' } : { kind: 'compare', field, op, value: v as NonNull });
        break;
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        if (v !== null) out.push({ kind: 'compare', field, op, value: v as NonNull });
        break;
      case 'in':
      case 'notIn':
        if (v !== null) out.push({ kind: 'in', field, values: v as NonNull[], negate: op === 'notIn' });
        break;
      case 'isNull':
        if (v !== null) out.push({ kind: 'isNull', field, isNull: v as boolean });
        break;
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        if (v !== null) out.push({ kind: 'string', field, op, value: v as string });
        break;
    }
  }
}

/** Which keys of one entity's where objects are relation fields, and what they lead to. */
export interface WhereShape {
  readonly relations: ReadonlyMap<string, { readonly many: boolean; readonly target: WhereShape }>;
}

/** The shape of where objects with no relation fields (role templates, entities without relations). */
export const FIELDS_ONLY: WhereShape = { relations: new Map() };

const shapeCache = new WeakMap<ModelIR, Map<string, WhereShape>>();

/** The where shape of `entity` in `model`, built once per model. */
export function whereShape(model: ModelIR, entity: string): WhereShape {
  let shapes = shapeCache.get(model);
  if (shapes === undefined) {
    const built = new Map<string, WhereShape>();
    const relations = new Map<string, Map<string, { many: boolean; target: WhereShape }>>();
    for (const e of model.entities) {
      const m = new Map<string, { many: boolean; target: WhereShape }>();
      relations.set(e.name, m);
      built.set(e.name, { relations: m });
    }
    for (const e of model.entities)
      for (const r of e.relationFields) relations.get(e.name)!.set(r.name, { many: r.many, target: built.get(r.target)! });
    shapeCache.set(model, (shapes = built));
  }
  const shape = shapes.get(entity);
  if (shape === undefined) throw new Error(`Unknown entity '${entity}'`);
  return shape;
}

const QUANTIFIERS: readonly Quantifier[] = ['some', 'every', 'none'];

function relationFilters(field: string, many: boolean, target: WhereShape, value: WhereInput, out: Filter[]): void {
  if (!many) {
    out.push({ kind: 'relation', field, quantifier: 'some', filter: whereToFilter(value, target) ?? everyRow() });
    return;
  }
  for (const quantifier of QUANTIFIERS) {
    const inner = value[quantifier] as WhereInput | null | undefined;
    if (inner === null || inner === undefined) continue;
    out.push({ kind: 'relation', field, quantifier, filter: whereToFilter(inner, target) ?? everyRow() });
  }
}

/**
 * A where object → the Filter it means, or undefined when it sets no condition (null, `{}`, or
 * only nulls). The input's shape must have been checked by the front end: combinators hold where
 * objects (a list for AND/OR), field keys name stored fields and hold an operator object,
 * relation keys (those of `shape`) hold what the module comment says.
 */
export function whereToFilter(where: WhereInput | null | undefined, shape: WhereShape = FIELDS_ONLY): Filter | undefined {
  if (where === null || where === undefined) return undefined;
  const parts: Filter[] = [];
  for (const key of Object.keys(where)) {
    const value = where[key];
    if (value === null || value === undefined) continue;
    if (key === 'AND' || key === 'OR') {
      const filters = (value as readonly WhereInput[]).map((w) => whereToFilter(w, shape) ?? everyRow());
      parts.push({ kind: key === 'AND' ? 'and' : 'or', filters });
    } else if (key === 'NOT') {
      parts.push({ kind: 'not', filter: whereToFilter(value as WhereInput, shape) ?? everyRow() });
    } else {
      const relation = shape.relations.get(key);
      if (relation !== undefined) relationFilters(key, relation.many, relation.target, value as WhereInput, parts);
      else fieldFilters(key, value as WhereInput, parts);
    }
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0]! : { kind: 'and', filters: parts };
}
