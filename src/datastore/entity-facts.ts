/**
 * The backend-neutral facts of every entity, computed once per model so that no read or write
 * looks anything up in the model: fields by name, key fields, the relations an entity owns (with
 * their foreign-key fields), those that refer to it, its unique indexes. Each backend extends
 * them with its own (the in-memory store uses them as they are; MySQL adds quoted names and value
 * codecs, mysql/entity-sql.ts).
 */
import type { EntityIR, EnumIR, FieldIR, ModelIR, RelationFieldIR, RelationIR } from '../model/ir.js';
import { relationJoin } from '../model/model-helpers.js';
import { uniqueIndexesOf, type UniqueIndexCheck } from './row-checks.js';

/** A relation an entity holds the foreign key of. */
export interface OwnedRelation {
  relation: RelationIR;
  /** The owner's foreign-key fields, in the referenced entity's key order. */
  fkFields: readonly string[];
  oneToOne: boolean;
}

/**
 * A relation field of an entity as relation filters and sort paths follow it: the related rows
 * are the target's rows whose `to` fields equal this row's `from` fields.
 */
export interface RelationLink {
  field: RelationFieldIR;
  relation: RelationIR;
  /** The related entity. */
  target: string;
  /** This entity's fields matched (the foreign key on the owner side, else the key). */
  from: readonly string[];
  /** The target's fields they equal, pairwise. */
  to: readonly string[];
  /** At most one related row: the owner side, or the 1-1 other side. */
  toOne: boolean;
}

/** What every backend knows about one entity. */
export interface EntityFacts {
  entity: EntityIR;
  /** The model's enums (enum fields compare by their declaration order). */
  enums: readonly EnumIR[];
  /** The stored fields' IR by name. */
  fieldIR: ReadonlyMap<string, FieldIR>;
  /** Stored field names in declaration order. */
  fieldNames: readonly string[];
  keyFields: readonly string[];
  /** Fields typed byte[]: the only mutable values. */
  bytesFields: ReadonlySet<string>;
  /** `@sql:Generated` fields, in declaration order. */
  generatedFields: readonly FieldIR[];
  /** Relations this entity holds the foreign key of, in `model.relations` order. */
  owned: readonly OwnedRelation[];
  /** Relations whose referenced entity is this one, in `model.relations` order. */
  referencedBy: readonly RelationIR[];
  /** `@sql:UniqueIndex` indexes, in `entity.indexes` order. */
  uniqueIndexes: readonly UniqueIndexCheck[];
  /** The entity's relation fields, by name. */
  links: ReadonlyMap<string, RelationLink>;
}

/** The facts of one entity of `model`. */
export function entityFacts(model: ModelIR, entity: EntityIR): EntityFacts {
  return {
    entity,
    enums: model.enums,
    fieldIR: new Map(entity.fields.map((f) => [f.name, f])),
    fieldNames: entity.fields.map((f) => f.name),
    keyFields: entity.keyFields,
    bytesFields: new Set(entity.fields.filter((f) => f.type.kind === 'scalar' && f.type.name === 'bytes').map((f) => f.name)),
    generatedFields: entity.fields.filter((f) => f.generated),
    owned: model.relations
      .filter((r) => r.owner.entity === entity.name)
      .map((r) => ({ relation: r, fkFields: r.foreignKeys.map((fk) => fk.field), oneToOne: r.cardinality === 'one-to-one' })),
    referencedBy: model.relations.filter((r) => r.referenced.entity === entity.name),
    uniqueIndexes: uniqueIndexesOf(entity),
    links: new Map(
      entity.relationFields.map((field) => {
        const { relation, from, to } = relationJoin(model, field);
        return [field.name, { field, relation, target: field.target, from, to, toOne: !field.many }];
      }),
    ),
  };
}

/** The facts of every entity of `model`, by entity name. */
export function buildEntityFacts(model: ModelIR): Map<string, EntityFacts> {
  return new Map(model.entities.map((e) => [e.name, entityFacts(model, e)]));
}
