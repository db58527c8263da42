/**
 * Per-entity facts the MySQL backend needs on every request, computed once per model: the shared
 * facts (entity-facts.ts: keys, relations, unique indexes) plus quoted table and column names and
 * each field's value codec and parameter placeholder.
 */
import type { FieldIR, ModelIR } from '../../model/ir.js';
import { DEFAULT_DECIMAL } from '../../model/values.js';
import { entityFacts, type EntityFacts } from '../entity-facts.js';
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

/** The SQL facts of one entity: the shared facts plus how its table and columns are written. */
export interface EntitySql extends EntityFacts {
  /** The quoted table name. */
  table: string;
  /** How each stored field is read, written and compared, by field name. */
  fields: ReadonlyMap<string, FieldSql>;
  /** The AUTO_INCREMENT field, if any (MySQL allows one per table). */
  generated: FieldIR | undefined;
  /** The SQL facts of every entity of the model (relation filters and sort paths reach them). */
  all: ReadonlyMap<string, EntitySql>;
  /** The alias qualifying every column (see aliasedMeta); undefined: columns are bare. */
  alias?: string;
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

const aliasedCache = new WeakMap<EntitySql, Map<string, EntitySql>>();

/**
 * `meta` with every column qualified by `alias` (`__i0`.`col`), so that the filter, order and key
 * SQL written for one table stays unambiguous next to joined tables. Cached per meta and alias.
 */
export function aliasedMeta(meta: EntitySql, alias: string): EntitySql {
  let byAlias = aliasedCache.get(meta);
  if (byAlias === undefined) aliasedCache.set(meta, (byAlias = new Map<string, EntitySql>()));
  let out = byAlias.get(alias);
  if (out === undefined) {
    const fields = new Map<string, FieldSql>();
    for (const [name, f] of meta.fields) fields.set(name, { ...f, column: `${alias}.${f.column}` });
    out = { ...meta, fields, alias };
    byAlias.set(alias, out);
  }
  return out;
}

/** Builds the facts of every entity of `model`. */
export function buildEntitySql(model: ModelIR): Map<string, EntitySql> {
  const out = new Map<string, EntitySql>();
  for (const entity of model.entities) {
    const facts = entityFacts(model, entity);
    out.set(entity.name, {
      ...facts,
      table: quoteId(entity.tableName),
      fields: new Map(entity.fields.map((f) => [f.name, fieldSql(model, f)])),
      generated: facts.generatedFields[0],
      all: out,
    });
  }
  return out;
}
