/**
 * ModelIR → `script.sql`, the MySQL DDL exactly as bal persist writes it: a header comment,
 * DROP TABLE IF EXISTS children first, CREATE TABLE parents first (columns, then each owned
 * relation's foreign-key columns and FOREIGN KEY line, then PRIMARY KEY), then the indexes.
 * Foreign-key fields written out in the model (`@sql:Relation {keys}`) are placed as bal persist
 * places them: with their relation, typed as the key they reference, a single-column one-to-one
 * one UNIQUE inline, unless a `@sql:UniqueIndex` covers exactly the foreign key. A column that
 * two relations' foreign keys share is created once, with the first relation.
 * Deviation from bal persist (see docs/mysql.md): TIME/DATETIME/TIMESTAMP carry 6 fractional digits.
 */
import type { EntityIR, FieldIR, ModelIR, RelationIR } from '../../model/ir.js';
import { getEntity, getField } from '../../model/model-helpers.js';
import { columnType, quoteIdentifier as q } from './column-types.js';
import { parentFirstOrder } from '../../model/parent-first-order.js';

/** One table's DDL, as `persist push` runs it. */
export interface TableDefinition {
  entity: string;
  table: string;
  /** `CREATE TABLE … (…)` without the trailing semicolon; table options may be appended. */
  create: string;
  /** `CREATE [UNIQUE] INDEX …` statements without semicolons. */
  indexes: string[];
  /** The columns as created, in order (for comparing with an existing table). */
  columns: { name: string; type: string; nullable: boolean; autoIncrement: boolean }[];
}

/** The SQL type of a foreign-key field: that of the key column it references. */
function storedType(model: ModelIR, field: FieldIR): string {
  if (field.foreignKey) {
    const relation = model.relations.find((r) => r.id === field.foreignKey!.relation)!;
    return columnType(model, getField(getEntity(model, relation.referenced.entity), field.foreignKey.references));
  }
  return columnType(model, field);
}

/** True when an index with exactly these fields (in any order) is unique. */
function hasUniqueIndexOn(entity: EntityIR, fields: readonly string[]): boolean {
  return entity.indexes.some((i) => i.unique && i.fields.length === fields.length && fields.every((f) => i.fields.includes(f)));
}

function relationLines(model: ModelIR, entity: EntityIR, relation: RelationIR, columns: TableDefinition['columns']): string[] {
  const lines: string[] = [];
  const referenced = getEntity(model, relation.referenced.entity);
  const fkFields = relation.foreignKeys.map((fk) => getField(entity, fk.field));
  // A one-to-one foreign key is unique: inline on a single column, as its own line over several,
  // and not at all when a unique index says so already (bal persist's rule).
  const unique =
    relation.cardinality === 'one-to-one' &&
    !hasUniqueIndexOn(
      entity,
      fkFields.map((f) => f.name),
    );
  for (const field of fkFields) {
    // A column two relations share is created once, with the first (bal persist writes it twice).
    if (columns.some((c) => c.name === field.columnName)) continue;
    const type = storedType(model, field);
    lines.push(`${q(field.columnName)} ${type}${unique && fkFields.length === 1 ? ' UNIQUE' : ''} NOT NULL`);
    columns.push({ name: field.columnName, type, nullable: false, autoIncrement: false });
  }
  const fkColumns = fkFields.map((f) => q(f.columnName)).join(', ');
  if (unique && fkFields.length > 1) lines.push(`UNIQUE (${fkColumns})`);
  const refColumns = relation.foreignKeys.map((fk) => q(getField(referenced, fk.references).columnName)).join(', ');
  lines.push(`FOREIGN KEY(${fkColumns}) REFERENCES ${q(referenced.tableName)}(${refColumns})`);
  return lines;
}

/** The CREATE TABLE and CREATE INDEX statements of one entity. */
export function tableDefinition(model: ModelIR, entity: EntityIR): TableDefinition {
  const columns: TableDefinition['columns'] = [];
  const lines: string[] = [];
  for (const field of entity.fields) {
    if (field.foreignKey) continue; // with its relation, below
    const type = storedType(model, field);
    // bal persist writes AUTO_INCREMENT instead of NOT NULL (the column is a key, never null).
    const suffix = field.generated ? ' AUTO_INCREMENT' : field.nullable ? '' : ' NOT NULL';
    lines.push(`${q(field.columnName)} ${type}${suffix}`);
    columns.push({ name: field.columnName, type, nullable: field.nullable && !field.generated, autoIncrement: field.generated });
  }
  for (const rf of entity.relationFields) {
    if (!rf.owner) continue;
    const relation = model.relations.find((r) => r.id === rf.relation)!;
    lines.push(...relationLines(model, entity, relation, columns));
  }
  lines.push(`PRIMARY KEY(${entity.keyFields.map((k) => q(getField(entity, k).columnName)).join(',')})`);
  const create = `CREATE TABLE ${q(entity.tableName)} (\n${lines.map((l) => `\t${l}`).join(',\n')}\n)`;
  const indexes = entity.indexes.map((index) => {
    const cols = index.fields.map((f) => q(getField(entity, f).columnName)).join(', ');
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${q(entity.tableName)} (${cols})`;
  });
  return { entity: entity.name, table: entity.tableName, create, indexes, columns };
}

/** Every table's definition, parent tables first. */
export function tableDefinitions(model: ModelIR): TableDefinition[] {
  return parentFirstOrder(model).map((e) => tableDefinition(model, e));
}

/**
 * The text of script.sql. `modelName` is the model file's name without `.bal` (bal persist's
 * header says "for model." for persist/model.bal).
 */
export function generateScriptSql(model: ModelIR, modelName = 'model'): string {
  const tables = tableDefinitions(model);
  let out =
    '-- AUTO-GENERATED FILE.\n\n' +
    `-- This file is an auto-generated file by Ballerina persistence layer for ${modelName}.\n` +
    '-- Please verify the generated scripts and execute them against the target DB server.\n\n';
  for (const t of [...tables].reverse()) out += `DROP TABLE IF EXISTS ${q(t.table)};\n`;
  for (const t of tables) out += `\n${t.create};\n`;
  out += '\n\n';
  for (const t of tables) for (const i of t.indexes) out += `${i};\n`;
  return out;
}
