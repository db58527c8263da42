/**
 * What the resolvers need to know about each entity, computed once per schema so that no resolver
 * searches the model while a request runs.
 */
import type { EntityIR, FieldIR, ModelIR, RelationFieldIR } from '../model/ir.js';
import { relationJoin } from '../model/model-helpers.js';
import { entityNames, type EntityNames } from '../codegen/graphql/graphql-names.js';
import { whereShape, type WhereShape } from '../datastore/where-filter.js';

export interface RelationPlan {
  field: RelationFieldIR;
  /** Fields of this entity's row whose values are looked up (`departmentDeptNo`, or `deptNo`). */
  from: readonly string[];
  /** Fields of the target entity they must equal. */
  to: readonly string[];
}

export interface EntityPlan {
  entity: EntityIR;
  names: EntityNames;
  fields: ReadonlyMap<string, FieldIR>;
  relations: ReadonlyMap<string, RelationPlan>;
  keyFields: readonly string[];
  /** Which `where` keys are relation fields (datastore/where-filter.ts). */
  whereShape: WhereShape;
  /** The owner-side to-one relation fields `orderBy` may sort through, with their targets' plans. */
  sortRelations: ReadonlyMap<string, EntityPlan>;
}

export type ModelPlans = ReadonlyMap<string, EntityPlan>;

/** One plan per entity, by entity name. */
export function planModel(model: ModelIR): ModelPlans {
  const plans = new Map<string, EntityPlan>();
  const sortRelations = new Map<string, Map<string, EntityPlan>>();
  for (const entity of model.entities) {
    const sorts = new Map<string, EntityPlan>();
    sortRelations.set(entity.name, sorts);
    const relations = new Map<string, RelationPlan>();
    for (const field of entity.relationFields) {
      const { from, to } = relationJoin(model, field);
      relations.set(field.name, { field, from, to });
    }
    plans.set(entity.name, {
      entity,
      names: entityNames(entity),
      fields: new Map(entity.fields.map((f) => [f.name, f])),
      relations,
      keyFields: entity.keyFields,
      whereShape: whereShape(model, entity.name),
      sortRelations: sorts,
    });
  }
  for (const entity of model.entities)
    for (const field of entity.relationFields) if (field.owner) sortRelations.get(entity.name)!.set(field.name, plans.get(field.target)!);
  return plans;
}

/** The plan of an entity known to exist (the schema only names model entities). */
export function planOf(plans: ModelPlans, entity: string): EntityPlan {
  const plan = plans.get(entity);
  if (plan === undefined) throw new Error(`Unknown entity '${entity}'`);
  return plan;
}
