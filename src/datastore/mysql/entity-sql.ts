/**
 * Per-entity facts the MySQL backend needs on every request, computed once per model: quoted
 * table and column names, each field's value codec and parameter placeholder, the relations the
 * entity owns and those that refer to it.
 */
import type { EntityIR, FieldIR, ModelIR, RelationIR } from '../../model/ir.js';
import { DEFAULT_DECIMAL } from '../../model/values.js';
import { decoderFor, encoderFor, type Decoder, type Encoder } from './value-codec.js';

/** Quotes an identifier with backticks (embedded backticks doubled): identifiers are never bare. */
export function quoteId(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** How one stored field is read, written and compared in SQL. */
export interface FieldSql {
  field: FieldIR;
  /** The quoted column name. */
  column: string;
  decode: Decoder;
  encode: Encoder;
  /**
   * The placeholder of an operand compared with this column. DECIMAL operands are cast: MySQL
   * compares a DECIMAL with a string as doubles, which would lose digits.
   */
  operand: string;
  /** DECIMAL(p,s) of decimal fields. */
  decimal?: { precision: number; scale: number };
  /** Enum fields: member value → position (1-based), the order ENUM columns sort and `+0` yields. */
  enumRank?: ReadonlyMap<string, number>;
}

/** A relation an entity holds the foreign key of. */
export interface OwnedRelationSql {
  relation: RelationIR;
  /** The owner's foreign-key fields, in the referenced entity's key order. */
  fkFields: readonly string[];
  oneToOne: boolean;
}

/** The SQL facts of one entity. */
export interface EntitySql {
  entity: EntityIR;
  table: string;
  fields: ReadonlyMap<string, FieldSql>;
  /** Stored field names in declaration order. */
  fieldNames: readonly string[];
  keyFields: readonly string[];
  /** The AUTO_INCREMENT field, if any (MySQL allows one per table). */
  generated: FieldIR | undefined;
  /** Relations this entity holds the foreign key of, in `model.relations` order. */
  owned: readonly OwnedRelationSql[];
  /** Relations whose referenced entity is this one, in `model.relations` order. */
  referencedBy: readonly RelationIR[];
}

function fieldSql(model: ModelIR, field: FieldIR): FieldSql {
  const out: FieldSql = { field, column: quoteId(field.columnName), decode: decoderFor(field), encode: encoderFor(field), operand: '?' };
  const t = field.type;
  if (t.kind === 'enum') {
    const members = model.enums.find((e) => e.name === t.name)?.members ?? [];
    out.enumRank = new Map(members.map((m, i) => [m.value, i + 1]));
  } else if (t.name === 'decimal') {
    const d = field.sql.decimal ?? DEFAULT_DECIMAL;
    out.decimal = { precision: d.precision, scale: d.scale };
    out.operand = `CAST(? AS DECIMAL(${d.precision},${d.scale}))`;
  }
  return out;
}

/** Builds the facts of every entity of `model`. */
export function buildEntitySql(model: ModelIR): Map<string, EntitySql> {
  const out = new Map<string, EntitySql>();
  for (const entity of model.entities) {
    out.set(entity.name, {
      entity,
      table: quoteId(entity.tableName),
      fields: new Map(entity.fields.map((f) => [f.name, fieldSql(model, f)])),
      fieldNames: entity.fields.map((f) => f.name),
      keyFields: entity.keyFields,
      generated: entity.fields.find((f) => f.generated),
      owned: model.relations
        .filter((r) => r.owner.entity === entity.name)
        .map((r) => ({ relation: r, fkFields: r.foreignKeys.map((fk) => fk.field), oneToOne: r.cardinality === 'one-to-one' })),
      referencedBy: model.relations.filter((r) => r.referenced.entity === entity.name),
    });
  }
  return out;
}
