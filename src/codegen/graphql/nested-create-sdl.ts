/**
 * Nested inserts in the SDL (SPEC §3.5): the relation fields an `EInsert` input may carry and
 * their `<Entity><Field>Create` inputs (`EmployeeDepartmentCreate { create: DepartmentInsert! }`,
 * `DepartmentEmployeesCreate { create: [EmployeeInsert!]! }`). A relation is offered when both
 * entities may be inserted and the foreign-key fields the nested create fills are insert fields
 * of their entity (a role's `set` columns are not): on the owner side this entity's, on the other
 * side the target's. The foreign-key fields of an owner-side relation offered become optional in
 * `EInsert`: the relation may give them instead (the resolvers check that one of the two is given).
 */
import type { ModelIR, RelationFieldIR } from '../../model/ir.js';
import { relationJoin, upperFirst } from '../../model/model-helpers.js';
import { entityNames } from './graphql-names.js';
import type { VisibleEntity } from './schema-view.js';
import { block, description } from './sdl-text.js';

/** `DepartmentEmployeesCreate`: the input of a nested create through `Department.employees`. */
export function nestedCreateName(entity: string, field: string): string {
  return `${entity}${upperFirst(field)}Create`;
}

/** The relation fields of `v` its Insert input carries, in declaration order. */
export function nestedCreates(model: ModelIR, v: VisibleEntity, lookup: (name: string) => VisibleEntity): RelationFieldIR[] {
  if (v.insert === undefined) return [];
  const own = new Set(v.insert.map((f) => f.name));
  return v.relations
    .map((r) => r.field)
    .filter((field) => {
      const target = lookup(field.target);
      if (target.insert === undefined) return false;
      const { from, to } = relationJoin(model, field);
      const filled = field.owner ? { fields: from, insert: own } : { fields: to, insert: new Set(target.insert.map((f) => f.name)) };
      return filled.fields.every((f) => filled.insert.has(f));
    });
}

/** The foreign-key fields of `v` that an offered owner-side relation may give instead. */
export function replaceableForeignKeys(model: ModelIR, v: VisibleEntity, lookup: (name: string) => VisibleEntity): Set<string> {
  return new Set(
    nestedCreates(model, v, lookup)
      .filter((f) => f.owner)
      .flatMap((f) => relationJoin(model, f).from),
  );
}

/** The Insert input's lines of the nested relation fields. */
export function nestedCreateLines(model: ModelIR, v: VisibleEntity, lookup: (name: string) => VisibleEntity): string[] {
  return nestedCreates(model, v, lookup).map((f) => `${f.name}: ${nestedCreateName(v.entity.name, f.name)}`);
}

/** The `<Entity><Field>Create` inputs of `v`'s nested relation fields. */
export function nestedCreateInputs(model: ModelIR, v: VisibleEntity, lookup: (name: string) => VisibleEntity): string[] {
  return nestedCreates(model, v, lookup).map((f) => {
    const insert = entityNames(f.target).insertInput;
    const doc = f.owner
      ? `Creates the ${f.target} this ${v.entity.name} refers to through \`${f.name}\`, before it; its foreign-key fields come from the row created.`
      : `Creates ${f.many ? 'rows' : 'the row'} of ${f.target} related to this ${v.entity.name} through \`${f.name}\`, after it, with this row's key as ${f.many ? 'their' : 'its'} foreign key (leave it out).`;
    return (
      description(doc) + block('input', nestedCreateName(v.entity.name, f.name), [`create: ${f.many ? `[${insert}!]!` : `${insert}!`}`])
    );
  });
}

/**
 * What a nested update through a 1-n or 1-1 other-side field offers: `create` (a list through a
 * 1-n field, one row through a 1-1 field), `updateWhere`, `deleteWhere`, by what the view allows.
 */
function nestedUpdateParts(model: ModelIR, v: VisibleEntity, field: RelationFieldIR, lookup: (name: string) => VisibleEntity): string[] {
  const target = lookup(field.target);
  const n = entityNames(field.target);
  const parts: string[] = [];
  if (nestedCreates(model, v, lookup).includes(field)) parts.push(`create: ${field.many ? `[${n.insertInput}!]` : n.insertInput}`);
  if (target.update.length > 0) parts.push(`updateWhere: ${nestedUpdateName(v.entity.name, field.name)}Where`);
  if (target.delete) parts.push(`deleteWhere: ${n.whereInput}`);
  return parts;
}

/** `DepartmentEmployeesUpdate`: the input of a nested update through `Department.employees`. */
export function nestedUpdateName(entity: string, field: string): string {
  return `${entity}${upperFirst(field)}Update`;
}

/**
 * The other-side relation fields (1-n and 1-1: the related rows hold the foreign key) of `v` its
 * Update input carries, when the view lets anything be done to those rows.
 */
function nestedUpdates(model: ModelIR, v: VisibleEntity, lookup: (name: string) => VisibleEntity): RelationFieldIR[] {
  return v.relations.map((r) => r.field).filter((f) => !f.owner && nestedUpdateParts(model, v, f, lookup).length > 0);
}

/** The Update input's lines of the nested relation fields. */
export function nestedUpdateLines(model: ModelIR, v: VisibleEntity, lookup: (name: string) => VisibleEntity): string[] {
  return nestedUpdates(model, v, lookup).map((f) => `${f.name}: ${nestedUpdateName(v.entity.name, f.name)}`);
}

/** The `<Entity><Field>Update` inputs (and their `…UpdateWhere`) of `v`'s nested relation fields. */
export function nestedUpdateInputs(model: ModelIR, v: VisibleEntity, lookup: (name: string) => VisibleEntity): string[] {
  return nestedUpdates(model, v, lookup).flatMap((f) => {
    const name = nestedUpdateName(v.entity.name, f.name);
    const parts = nestedUpdateParts(model, v, f, lookup);
    const n = entityNames(f.target);
    const doc = f.many
      ? `Changes the ${f.target} rows of this ${v.entity.name} (\`${f.name}\`) with it, in this order: \`deleteWhere\`, \`updateWhere\` (both only among its rows), then \`create\` (with this row's key as their foreign key).`
      : `Changes the ${f.target} of this ${v.entity.name} (\`${f.name}\`) with it, in this order: \`deleteWhere\`, \`updateWhere\` (both only its row, when it has one and it matches), then \`create\` (with this row's key as its foreign key; ALREADY_EXISTS while it still has one).`;
    const out = [description(doc) + block('input', name, parts)];
    if (parts.some((p) => p.startsWith('updateWhere')))
      out.push(
        description(`Sets \`data\` on this ${v.entity.name}'s ${f.target} ${f.many ? 'rows' : 'row'} matching \`where\`.`) +
          block('input', `${name}Where`, [`where: ${n.whereInput}!`, `data: ${n.updateInput}!`]),
      );
    return out;
  });
}
