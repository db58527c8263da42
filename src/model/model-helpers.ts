/** Lookups over a ModelIR that every layer needs. */
import type { EntityIR, FieldIR, ModelIR, RelationFieldIR, RelationIR } from './ir.js';

export function getEntity(model: ModelIR, name: string): EntityIR {
  const entity = model.entities.find((e) => e.name === name);
  if (!entity) throw new Error(`Unknown entity '${name}'`);
  return entity;
}

export function getField(entity: EntityIR, name: string): FieldIR {
  const field = entity.fields.find((f) => f.name === name);
  if (!field) throw new Error(`Unknown field '${entity.name}.${name}'`);
  return field;
}

export function getRelation(model: ModelIR, id: string): RelationIR {
  const relation = model.relations.find((r) => r.id === id);
  if (!relation) throw new Error(`Unknown relation '${id}'`);
  return relation;
}

/** The key fields of an entity as FieldIRs, in key order. */
export function keyFieldsOf(entity: EntityIR): FieldIR[] {
  return entity.keyFields.map((k) => getField(entity, k));
}

/**
 * How a relation field is resolved from a row of its entity: the fields of this row to read
 * (`from`) and the fields of the target entity they must equal (`to`).
 * Owner side (`Employee.department`): from `departmentDeptNo` to `Department.deptNo`.
 * Other side (`Department.employees`): from `deptNo` to `Employee.departmentDeptNo`.
 */
export function relationJoin(model: ModelIR, field: RelationFieldIR): { relation: RelationIR; from: string[]; to: string[] } {
  const relation = getRelation(model, field.relation);
  const from = relation.foreignKeys.map((fk) => (field.owner ? fk.field : fk.references));
  const to = relation.foreignKeys.map((fk) => (field.owner ? fk.references : fk.field));
  return { relation, from, to };
}

/** `Employee` → `employee`; `OrderItem` → `orderItem`. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
