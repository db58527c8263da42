/**
 * A role's rules → the view of the schema it is served (codegen/graphql/schema-view.ts): the
 * entities it may select, with their select columns; the Insert and Update inputs without the
 * columns the server sets; delete when it may. A to-one relation field is nullable when its
 * target has a row filter for the role, since the related row of a visible row may be hidden.
 */
import type { ModelIR } from '../model/ir.js';
import type { EntityView, SchemaView } from '../codegen/graphql/schema-view.js';
import { whereToFilter } from '../datastore/where-filter.js';
import type { EntityRules, RoleRules } from './rules.js';

/** Whether the rules hide some rows of their entity (a select filter that sets a condition). */
function filtersRows(rules: EntityRules | undefined): boolean {
  return whereToFilter(rules?.select?.where) !== undefined;
}

function without(columns: readonly string[], set: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  return new Set(columns.filter((c) => !(c in set)));
}

/** The schema view of one role: only what it may do. */
export function roleView(model: ModelIR, rules: RoleRules): SchemaView {
  const entities = new Map<string, EntityView>();
  for (const entity of model.entities) {
    const own = rules.entities.get(entity.name);
    if (own?.select === undefined) continue;
    const nullableToOne = entity.relationFields.filter((r) => !r.many && filtersRows(rules.entities.get(r.target))).map((r) => r.name);
    entities.set(entity.name, {
      select: new Set(own.select.columns),
      nullableToOne: new Set(nullableToOne),
      ...(own.insert === undefined ? {} : { insert: without(own.insert.columns, own.insert.set) }),
      ...(own.update === undefined ? {} : { update: without(own.update.columns, own.update.set) }),
      delete: own.delete !== undefined,
    });
  }
  return { entities };
}
