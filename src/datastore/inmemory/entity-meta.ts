/**
 * Per-entity facts the in-memory store needs on every request, computed once per model so that
 * the read path does no model lookups: fields by name, key fields, the relations an entity owns
 * (with their foreign-key fields), the relations that refer to it and its unique indexes.
 */
import type { EntityIR, EnumIR, FieldIR, ModelIR, RelationIR } from '../../model/ir.js';
import type { Row, Value } from '../datastore.js';
import { uniqueIndexesOf, type UniqueIndexCheck } from '../row-checks.js';

/** A hashable identity of a tuple: the value itself for one field, a JSON text for several. */
export type IndexKey = string | number | boolean;

export interface OwnedRelation {
  relation: RelationIR;
  /** The owner's foreign-key fields, in the referenced entity's key order. */
  fkFields: readonly string[];
  oneToOne: boolean;
}

export interface EntityMeta {
  entity: EntityIR;
  enums: readonly EnumIR[];
  fields: ReadonlyMap<string, FieldIR>;
  /** Stored field names in declaration order. */
  fieldNames: readonly string[];
  keyFields: readonly string[];
  /** Fields typed byte[]: the only mutable values, copied on the way in and out. */
  bytesFields: ReadonlySet<string>;
  generated: readonly FieldIR[];
  /** Relations this entity holds the foreign key of, in `model.relations` order. */
  owned: readonly OwnedRelation[];
  /** Relations whose referenced entity is this one, in `model.relations` order. */
  referencedBy: readonly RelationIR[];
  /** `@sql:UniqueIndex` indexes, in `entity.indexes` order. */
  uniqueIndexes: readonly UniqueIndexCheck[];
}

export function buildEntityMetas(model: ModelIR): Map<string, EntityMeta> {
  const metas = new Map<string, EntityMeta>();
  for (const entity of model.entities) {
    metas.set(entity.name, {
      entity,
      enums: model.enums,
      fields: new Map(entity.fields.map((f) => [f.name, f])),
      fieldNames: entity.fields.map((f) => f.name),
      keyFields: entity.keyFields,
      bytesFields: new Set(entity.fields.filter((f) => f.type.kind === 'scalar' && f.type.name === 'bytes').map((f) => f.name)),
      generated: entity.fields.filter((f) => f.generated),
      owned: model.relations
        .filter((r) => r.owner.entity === entity.name)
        .map((r) => ({ relation: r, fkFields: r.foreignKeys.map((fk) => fk.field), oneToOne: r.cardinality === 'one-to-one' })),
      referencedBy: model.relations.filter((r) => r.referenced.entity === entity.name),
      uniqueIndexes: uniqueIndexesOf(entity),
    });
  }
  return metas;
}

function encodeOne(v: Value): string {
  return v instanceof Uint8Array ? `b${Buffer.from(v).toString('base64')}` : JSON.stringify(v);
}

/**
 * The index key of `row`'s values of `fields`, or undefined when one of them is NULL (a NULL
 * never equals anything, so it is never indexed nor found). Key and foreign-key fields never hold
 * bytes; the scan path of getByFields may, so they are encoded too.
 */
export function rowIndexKey(row: Row, fields: readonly string[]): IndexKey | undefined {
  if (fields.length === 1) {
    const v = row[fields[0]!];
    if (v === null || v === undefined) return undefined;
    return v instanceof Uint8Array ? encodeOne(v) : v;
  }
  let text = '';
  for (let i = 0; i < fields.length; i++) {
    const v = row[fields[i]!];
    if (v === null || v === undefined) return undefined;
    text += i === 0 ? encodeOne(v) : `,${encodeOne(v)}`;
  }
  return text;
}

/** The index key of a tuple, encoded exactly as rowIndexKey encodes the same values. */
export function tupleIndexKey(values: readonly Value[]): IndexKey | undefined {
  if (values.length === 1) {
    const v = values[0]!;
    if (v === null || v === undefined) return undefined;
    return v instanceof Uint8Array ? encodeOne(v) : v;
  }
  let text = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === null || v === undefined) return undefined;
    text += i === 0 ? encodeOne(v) : `,${encodeOne(v)}`;
  }
  return text;
}

/**
 * Copies rows out of (or into) the store: only `fields` (all when undefined), Uint8Arrays
 * duplicated, so that neither side can mutate the other's data.
 */
export class RowCopier {
  private readonly fields: readonly string[];
  private readonly bytes: boolean;

  constructor(meta: EntityMeta, fields?: readonly string[]) {
    this.fields = fields ?? meta.fieldNames;
    this.bytes = this.fields.some((f) => meta.bytesFields.has(f));
  }

  copy(row: Row): Row {
    const out: Row = {};
    const fields = this.fields;
    if (this.bytes) {
      for (let i = 0; i < fields.length; i++) {
        const v = row[fields[i]!]!;
        out[fields[i]!] = v instanceof Uint8Array ? v.slice() : v;
      }
    } else {
      for (let i = 0; i < fields.length; i++) out[fields[i]!] = row[fields[i]!]!;
    }
    return out;
  }
}
