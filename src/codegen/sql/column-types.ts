/**
 * The MySQL column type of every stored field, as bal persist maps the seed's simple types
 * (INT, DOUBLE, DECIMAL(65,30), VARCHAR(191), BOOLEAN, LONGBLOB, DATE, TIME, TIMESTAMP, DATETIME,
 * ENUM(...)), honouring `@sql:Varchar`, `@sql:Char` and `@sql:Decimal`.
 */
import type { EnumIR, FieldIR, FieldType, ModelIR } from '../../model/ir.js';
import { DEFAULT_DECIMAL, DEFAULT_VARCHAR_LENGTH } from '../../model/values.js';

/**
 * Fractional-second digits of TIME, DATETIME and TIMESTAMP columns. bal persist writes plain
 * TIME/DATETIME/TIMESTAMP (whole seconds); the value domain (model/values.ts) keeps up to 6
 * fractional digits and promises exact round trips, so the columns carry microseconds.
 */
export const FRACTIONAL_SECOND_DIGITS = 6;

/** Quotes an identifier for MySQL: backticks, with embedded backticks doubled. */
export function quoteIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** A string literal for DDL (enum members): single quotes doubled, backslashes doubled. */
export function quoteLiteral(text: string): string {
  return "'" + text.replace(/\\/g, '\\\\').replace(/'/g, "''") + "'";
}

function enumType(model: Pick<ModelIR, 'enums'>, name: string): string {
  const e: EnumIR | undefined = model.enums.find((x) => x.name === name);
  if (!e) throw new Error(`Unknown enum '${name}'`);
  return `ENUM(${e.members.map((m) => quoteLiteral(m.value)).join(', ')})`;
}

/** The SQL type of a field, without nullability or AUTO_INCREMENT (`VARCHAR(191)`, `TIME(6)`). */
export function columnType(model: Pick<ModelIR, 'enums'>, field: Pick<FieldIR, 'type' | 'sql'>): string {
  const t: FieldType = field.type;
  if (t.kind === 'enum') return enumType(model, t.name);
  switch (t.name) {
    case 'int':
      return 'INT';
    case 'float':
      return 'DOUBLE';
    case 'decimal': {
      const d = field.sql.decimal ?? DEFAULT_DECIMAL;
      return `DECIMAL(${d.precision},${d.scale})`;
    }
    case 'string':
      if (field.sql.char !== undefined) return `CHAR(${field.sql.char})`;
      return `VARCHAR(${field.sql.varchar ?? DEFAULT_VARCHAR_LENGTH})`;
    case 'boolean':
      return 'BOOLEAN';
    case 'bytes':
      return 'LONGBLOB';
    case 'date':
      return 'DATE';
    case 'timeOfDay':
      return `TIME(${FRACTIONAL_SECOND_DIGITS})`;
    case 'utc':
      return `TIMESTAMP(${FRACTIONAL_SECOND_DIGITS})`;
    case 'civil':
      return `DATETIME(${FRACTIONAL_SECOND_DIGITS})`;
  }
}
