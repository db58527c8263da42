/**
 * `include` requests (see Include in datastore.ts), checked and resolved against the model once
 * per call for every backend, so that both stores accept and reject exactly the same requests and
 * return exactly the same fields.
 */
import type { EntityIR, ModelIR } from '../model/ir.js';
import { getEntity, relationJoin } from '../model/model-helpers.js';
import type { Filter, Include, IncludedRows, Row } from './datastore.js';
import { INCLUDED } from './datastore.js';
import { canonicalFilter, checkSelect } from './query-checks.js';

/** One checked include: the relation, how the parent row refers to the related row, and below. */
export interface IncludePlan {
  /** The relation field's name: the key of the related row in `row[INCLUDED]`. */
  relation: string;
  target: EntityIR;
  /** The parent's foreign-key fields, in the target's key order. */
  fkFields: readonly string[];
  /** The target's key fields each foreign-key field holds, in the same order. */
  keyFields: readonly string[];
  select: readonly string[] | undefined;
  /** The related rows to include (canonical, see canonicalFilter); the others are included as null. */
  where: Filter | undefined;
  /** See Include.keysUnused. */
  keysUnused: boolean;
  children: readonly IncludePlan[];
}

/**
 * Freezes an include list, its entries, their `select` lists and nested lists: a read plan every
 * request of a document shares (graphql/read-plan-cache.ts), so that what is derived from it can be
 * kept per list (loader ids, statement shapes, a role's restricted lists).
 */
export function freezeIncludes(includes: readonly Include[]): readonly Include[];
export function freezeIncludes(includes: readonly Include[] | undefined): readonly Include[] | undefined;
export function freezeIncludes(includes: readonly Include[] | undefined): readonly Include[] | undefined {
  if (includes === undefined) return undefined;
  for (const inc of includes) {
    if (inc.select !== undefined) Object.freeze(inc.select);
    freezeIncludes(inc.include);
    Object.freeze(inc);
  }
  return Object.freeze(includes);
}

/**
 * Checks `include` against `entity` and resolves it. Throws for a relation that is not an
 * owner-side to-one relation field of the entity, or named twice (a caller's bug), and
 * InvalidValueError (BAD_USER_INPUT) for an unknown selected field or a bad `where`, as `select`
 * and `where` of the read itself do.
 */
export function planIncludes(model: ModelIR, entity: EntityIR, include: readonly Include[] | undefined): IncludePlan[] {
  if (include === undefined || include.length === 0) return [];
  const seen = new Set<string>();
  return include.map((inc) => {
    const field = entity.relationFields.find((r) => r.name === inc.relation);
    if (field === undefined || !field.owner || field.many) {
      throw new Error(`Cannot include '${entity.name}.${inc.relation}': only relation fields that hold the foreign key can be included`);
    }
    if (seen.has(inc.relation)) throw new Error(`'${entity.name}.${inc.relation}' is included twice`);
    seen.add(inc.relation);
    const target = getEntity(model, field.target);
    checkSelect(target, inc.select);
    const { from, to } = relationJoin(model, field);
    return {
      relation: inc.relation,
      target,
      fkFields: from,
      keyFields: to,
      select: inc.select,
      where: inc.where && canonicalFilter(model, target, inc.where),
      keysUnused: inc.keysUnused === true,
      children: planIncludes(model, target, inc.include),
    };
  });
}

/** The foreign-key fields the includes read from the parent row: returned with it, like matched fields. */
export function includeFkFields(plans: readonly IncludePlan[]): string[] {
  const out: string[] = [];
  for (const p of plans) out.push(...p.fkFields);
  return out;
}

/**
 * `select` without the foreign-key fields that only match rows included with keysUnused (see
 * Include.keysUnused): those a datastore that includes the rows need not return, unless `keep`
 * names them or another include matches on them.
 */
export function withoutUnusedFks(
  select: readonly string[] | undefined,
  plans: readonly IncludePlan[],
  keep: readonly string[] = [],
): readonly string[] | undefined {
  if (select === undefined || !plans.some((p) => p.keysUnused)) return select;
  const used = new Set(keep);
  for (const p of plans) if (!p.keysUnused) for (const f of p.fkFields) used.add(f);
  const unused = new Set<string>();
  for (const p of plans) if (p.keysUnused) for (const f of p.fkFields) if (!used.has(f)) unused.add(f);
  return select.filter((f) => !unused.has(f));
}

/** The foreign-key fields a read returns for its includes: those of the includes without keysUnused. */
export function usedFkFields(plans: readonly IncludePlan[]): string[] {
  return includeFkFields(plans.filter((p) => !p.keysUnused));
}

/** The fields returned for the included rows of `plan`: its selection, its key and its includes' foreign keys. */
export function includedFields(plan: IncludePlan): string[] | undefined {
  if (plan.select === undefined) return undefined;
  return [...plan.select, ...plan.target.keyFields, ...includeFkFields(plan.children)];
}

/** A deep copy of a row, included rows too (bytes duplicated): callers may modify what they get. */
export function copyRow(row: Row): Row {
  const out: Row = {};
  for (const k of Object.keys(row)) {
    const v = row[k]!;
    out[k] = v instanceof Uint8Array ? v.slice() : v;
  }
  const included = row[INCLUDED];
  if (included !== undefined) {
    const copy: IncludedRows = {};
    for (const k of Object.keys(included)) {
      const r = included[k] ?? null;
      copy[k] = r === null ? null : copyRow(r);
    }
    out[INCLUDED] = copy;
  }
  return out;
}
