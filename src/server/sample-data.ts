/**
 * Sample data files (`model/sample-data.json`): a JSON object of entity name → array of rows,
 * values written as GraphQL clients write them: strings for Decimal, Date, TimeOfDay, Utc and
 * Civil; base64 strings for Bytes; enum members by name (the stored value is accepted too).
 * Everything else about the values (formats, ranges, keys, foreign keys) is checked by the
 * datastore when the rows are inserted.
 *
 *   { "Department": [{ "deptNo": "D01", "deptName": "Engineering" }], "Employee": [ … ] }
 */
import type { Row, Value } from '../datastore/datastore.js';
import { PersistError } from '../errors.js';
import type { EntityIR, FieldIR, ModelIR } from '../model/ir.js';
import { parseBase64, ValueFormatError } from '../model/values.js';

function bad(where: string, message: string): PersistError {
  return new PersistError('BAD_USER_INPUT', `${where}: ${message}`);
}

function convertValue(model: ModelIR, field: FieldIR, value: unknown, where: string): unknown {
  if (value === null || typeof value !== 'string') return value;
  const type = field.type;
  if (type.kind === 'enum') {
    const member = model.enums.find((e) => e.name === type.name)?.members.find((m) => m.name === value);
    return member === undefined ? value : member.value;
  }
  if (type.name === 'bytes') {
    try {
      return parseBase64(value);
    } catch (e) {
      if (e instanceof ValueFormatError) throw bad(where, e.message);
      throw e;
    }
  }
  return value;
}

function convertRow(model: ModelIR, entity: EntityIR, raw: unknown, where: string): Row {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad(where, 'expected an object of field values');
  const row: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const field = entity.fields.find((f) => f.name === name);
    // Unknown fields pass through so that the datastore reports them like any other bad row.
    row[name] = field === undefined ? value : convertValue(model, field, value, `${where}.${name}`);
  }
  return row as Record<string, Value>;
}

/**
 * Checks the shape of a parsed sample-data document and converts it to rows per entity.
 * `where` names the file in messages. Throws PersistError BAD_USER_INPUT.
 */
export function parseSampleData(model: ModelIR, document: unknown, where: string): Record<string, Row[]> {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw bad(where, 'expected a JSON object of entity name → array of rows');
  }
  const out: Record<string, Row[]> = {};
  for (const [name, rows] of Object.entries(document as Record<string, unknown>)) {
    const entity = model.entities.find((e) => e.name === name);
    if (entity === undefined)
      throw bad(where, `the model has no entity '${name}' (entities: ${model.entities.map((e) => e.name).join(', ')})`);
    if (!Array.isArray(rows)) throw bad(where, `'${name}' must be an array of rows`);
    out[name] = rows.map((raw, i) => convertRow(model, entity, raw, `${where}: ${name}[${i}]`));
  }
  return out;
}
