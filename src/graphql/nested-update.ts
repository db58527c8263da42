/**
 * Nested updates of `updateE` (SPEC §3.5): `data: { …, employees: { create, updateWhere,
 * deleteWhere } }` changes the row and its children (the rows of a 1-n field, or the one row of a
 * 1-1 other-side field, whose `create` takes one row) together, in the request's transaction, so
 * that all of it is kept or none. The children's filters are ANDed with "a child of this row"
 * (its foreign key equals this row's key), so rows of other parents are never touched; the role
 * datastore ANDs its own where in as for any write by filter. Order per relation: deleteWhere,
 * updateWhere (both among the existing children), then create. Every part of the input is checked
 * before anything is written; an error of a part while writing names its path in the input.
 */
import type { Datastore, Filter, Row, Value } from '../datastore/datastore.js';
import { PersistError, type PersistErrorCode } from '../errors.js';
import { whereToFilter, type WhereInput } from '../datastore/where-filter.js';
import { badUserInput } from './bad-input.js';
import { planOf, type EntityPlan, type ModelPlans, type RelationPlan } from './entity-plans.js';
import { insertChildren, readChildren, type Node, type Offered } from './nested-insert.js';

type Args = Record<string, unknown>;

interface ChildChanges {
  /** A list through a 1-n field, one row through a 1-1 field. */
  create?: readonly Args[] | Args | null;
  updateWhere?: { where: WhereInput; data: Args } | null;
  deleteWhere?: WhereInput | null;
}

/** One relation's changes, checked. */
interface Planned {
  relation: RelationPlan;
  changes: ChildChanges;
  created: Node[];
}

/** An Update input carrying relation fields where none are taken (updateEs, a nested updateWhere's data) is BAD_USER_INPUT. */
export function refuseNestedUpdates(plan: EntityPlan, data: Args, path: string): void {
  const nested = [...plan.relations.keys()].find((name) => data[name] !== undefined && data[name] !== null);
  if (nested !== undefined)
    throw badUserInput(
      `'${path}.${nested}' is given, but only updateE changes related rows: leave it out here and update them through their parent.`,
    );
}

/** Reads and checks the relation fields of an updateE's data. */
export function readNestedUpdates(plans: ModelPlans, plan: EntityPlan, data: Args, maxRows: number, offered: Offered): Planned[] {
  const out: Planned[] = [];
  for (const [name, relation] of plan.relations) {
    const changes = data[name] as ChildChanges | null | undefined;
    if (changes === undefined || changes === null || relation.field.owner) continue;
    const target = planOf(plans, relation.field.target);
    if (changes.updateWhere) refuseNestedUpdates(target, changes.updateWhere.data, `data.${name}.updateWhere.data`);
    const create = changes.create;
    const inputs = create === undefined || create === null ? [] : Array.isArray(create) ? (create as readonly Args[]) : [create as Args];
    const created = readChildren(plans, plan, relation, inputs, `data.${name}.create`, maxRows, offered, !relation.field.many);
    out.push({ relation, changes, created });
  }
  return out;
}

/** The children of `parent` through `relation`, matching `where` (none given: all of them). */
function childFilter(relation: RelationPlan, parent: Row, where: WhereInput): Filter {
  const own: Filter[] = relation.to.map((field, k) => ({
    kind: 'compare',
    field,
    op: 'eq',
    value: parent[relation.from[k]!] as Exclude<Value, null>,
  }));
  const given = whereToFilter(where);
  return { kind: 'and', filters: given === undefined ? own : [...own, given] };
}

/** The errors of a nested part that are about its input or data, and so are told with the part's path. */
const LOCATED_CODES: ReadonlySet<PersistErrorCode> = new Set(['BAD_USER_INPUT', 'ALREADY_EXISTS', 'FOREIGN_KEY_VIOLATION', 'FORBIDDEN']);

/** Runs one part of a nested update; its error names the part (`At 'data.lines.deleteWhere': …`). */
async function part(path: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof PersistError && LOCATED_CODES.has(error.code))
      throw new PersistError(error.code, `At '${path}': ${error.message}`, { cause: error });
    throw error;
  }
}

/** Writes the checked changes under the stored row `parent`. */
export async function applyNestedUpdates(
  datastore: Datastore,
  plans: ModelPlans,
  parent: Row,
  planned: readonly Planned[],
  patchOf: (plan: EntityPlan, data: Args) => Row,
  maxRows: number,
): Promise<void> {
  for (const { relation, changes, created } of planned) {
    const target = planOf(plans, relation.field.target);
    const entity = target.entity.name;
    const at = `data.${relation.field.name}`;
    const { deleteWhere, updateWhere } = changes;
    if (deleteWhere)
      await part(`${at}.deleteWhere`, () => datastore.deleteWhere(entity, childFilter(relation, parent, deleteWhere), maxRows));
    if (updateWhere)
      await part(`${at}.updateWhere`, () =>
        datastore.updateWhere(entity, childFilter(relation, parent, updateWhere.where), patchOf(target, updateWhere.data), maxRows),
      );
    await part(`${at}.create`, () => insertChildren(datastore, plans, relation, parent, created));
  }
}
