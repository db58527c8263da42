/**
 * What one schema shows of the model (SPEC §4: each role gets its own schema): per visible entity,
 * the fields it may select, insert and update, whether it may delete, and which to-one relation
 * fields become nullable (their target has a row filter, so a related row may be hidden). The
 * SDL generator (schema-sdl.ts) reads the model through a `VisibleModel`, with every permission
 * when no view is given. Plain data: the permissions layer builds views (permissions/role-view.ts);
 * codegen knows nothing of roles.
 */
import type { EntityIR, FieldIR, ModelIR, RelationFieldIR } from '../../model/ir.js';

export interface EntityView {
  /** The stored fields of the object type, and of its `Where` and `OrderBy` inputs. */
  select: ReadonlySet<string>;
  /** To-one relation fields served nullable (`department: Department` rather than `Department!`). */
  nullableToOne: ReadonlySet<string>;
  /** The fields of the `Insert` input; absent: no `createEs`. */
  insert?: ReadonlySet<string>;
  /** The fields of the `Update` input; absent (or empty): no `updateE`. */
  update?: ReadonlySet<string>;
  delete: boolean;
}

/** The visible entities by name; an entity absent does not exist in the schema. */
export interface SchemaView {
  entities: ReadonlyMap<string, EntityView>;
}

/** Whether `orderBy` offers the field (Bytes do not sort). */
export function isSortable(field: FieldIR): boolean {
  return !(field.type.kind === 'scalar' && field.type.name === 'bytes');
}

/** The fields of the Insert type: simple and foreign-key fields, without generated keys. */
export function insertFields(entity: EntityIR): FieldIR[] {
  return entity.fields.filter((f) => !f.generated);
}

/** The fields of the Update type: every non-key field. */
export function updateFields(entity: EntityIR): FieldIR[] {
  return entity.fields.filter((f) => !f.key);
}

const names = (fields: readonly FieldIR[]): ReadonlySet<string> => new Set(fields.map((f) => f.name));

/** The view with every permission: the schema `persist generate` writes and admins are served. */
export function fullView(model: ModelIR): SchemaView {
  const entities = new Map<string, EntityView>();
  for (const e of model.entities)
    entities.set(e.name, {
      select: names(e.fields),
      nullableToOne: new Set(),
      insert: names(insertFields(e)),
      update: names(updateFields(e)),
      delete: true,
    });
  return { entities };
}

/** One visible entity as the generator sees it: every list in the entity's declaration order. */
export interface VisibleEntity {
  entity: EntityIR;
  /** The object type's stored fields (the select columns). */
  fields: FieldIR[];
  /** Relation fields to visible entities, with whether each is served nullable. */
  relations: { field: RelationFieldIR; nullable: boolean }[];
  /** Whether the key fields are all visible: then the by-key query, update and delete may exist. */
  byKey: boolean;
  /** The Insert input's fields, when the entity may be inserted (undefined: no createEs). */
  insert: FieldIR[] | undefined;
  /** The Update input's fields (empty: no updateE). */
  update: FieldIR[];
  delete: boolean;
}

/** A model seen through a view: the visible entities, in declaration order. */
export function visibleModel(model: ModelIR, view: SchemaView): VisibleEntity[] {
  const out: VisibleEntity[] = [];
  for (const entity of model.entities) {
    const v = view.entities.get(entity.name);
    if (v === undefined) continue;
    const fields = entity.fields.filter((f) => v.select.has(f.name));
    const byKey = entity.keyFields.every((k) => v.select.has(k));
    const insert = v.insert === undefined ? undefined : insertFields(entity).filter((f) => v.insert!.has(f.name));
    out.push({
      entity,
      fields,
      relations: entity.relationFields
        .filter((r) => view.entities.has(r.target))
        .map((field) => ({ field, nullable: field.nullable || v.nullableToOne.has(field.name) })),
      byKey,
      // GraphQL forbids an input type without fields: nothing to insert from the client, no createEs.
      insert: insert === undefined || insert.length === 0 ? undefined : insert,
      update: byKey ? updateFields(entity).filter((f) => v.update?.has(f.name) === true) : [],
      delete: byKey && v.delete,
    });
  }
  return out;
}
