/**
 * Nested updates of `updateE` (SPEC §3.5): `data: { …, employees: { create, updateWhere,
 * deleteWhere } }` changes the row and its children together, in the request's transaction, so
 * that all of it is kept or none. The children's filters are ANDed with "a child of this row"
 * (its foreign key equals this row's key), so rows of other parents are never touched; the role
 * datastore ANDs its own where in as for any write by filter. Order per relation: deleteWhere,
 * updateWhere (both among the existing children), then create. Every part of the input is checked
 * before anything is written.
 */
import type { Datastore, Filter, Row, Value } from '../datastore/datastore.js';
import { whereToFilter, type WhereInput } from '../datastore/where-filter.js';
import { badUserInput } from './bad-input.js';
import { planOf, type EntityPlan, type ModelPlans, type RelationPlan } from './entity-plans.js';
import { insertChildren, readChildren, type Node, type Offered } from './nested-insert.js';

type Args = Record<string, unknown>;

interface ChildChanges {
  create?: readonly Args[] | null;
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
    if (changes === undefined || changes === null) continue;
    const target = planOf(plans, relation.field.target);
    if (changes.updateWhere) refuseNestedUpdates(target, changes.updateWhere.data, `data.${name}.updateWhere.data`);
    const created = changes.create ? readChildren(plans, plan, relation, changes.create, `data.${name}.create`, maxRows, offered) : [];
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
    if (changes.deleteWhere) await datastore.deleteWhere(entity, childFilter(relation, parent, changes.deleteWhere), maxRows);
    if (changes.updateWhere)
      await datastore.updateWhere(
        entity,
        childFilter(relation, parent, changes.updateWhere.where),
        patchOf(target, changes.updateWhere.data),
        maxRows,
      );
    await insertChildren(datastore, plans, relation, parent, created);
  }
}
