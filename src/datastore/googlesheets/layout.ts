/**
 * How a model lies in a spreadsheet: one sheet (tab) per entity, titled with the entity's name,
 * whose first row holds the field names (the entity's own fields in declaration order, then the
 * foreign-key fields) and each next row one record; plus the sheet `_persist`, which holds the
 * revision marker (A1 "revision", B1 its token) and the next value of each generated key
 * ("next Ticket.id" in column A, the value in column B).
 */
import type { EntityIR, FieldIR, ModelIR } from '../../model/ir.js';
import { PersistError } from '../../errors.js';
import { maxStringLength } from '../../model/values.js';
import { columnLetter, MAX_CELL_CHARS } from './cell-codec.js';

/** Google's limit on a sheet's title. */
export const MAX_SHEET_TITLE = 100;

export const META_SHEET = '_persist';
export const REVISION_LABEL = 'revision';
/** The named range whose id is `persist_rev_<token>`: the guard of every write (see snapshot.ts). */
export const REVISION_PREFIX = 'persist_rev_';

export interface SheetLayout {
  entity: EntityIR;
  title: string;
  /** The columns, left to right. */
  columns: readonly FieldIR[];
}

export function sheetLayout(entity: EntityIR): SheetLayout {
  const own = entity.fields.filter((f) => f.foreignKey === undefined);
  const fks = entity.fields.filter((f) => f.foreignKey !== undefined);
  return { entity, title: entity.name, columns: [...own, ...fks] };
}

/**
 * The layouts of the model's entities; MODEL_INVALID when the model does not fit a spreadsheet
 * (a sheet title too long or taken by `_persist`, a string column longer than a cell holds).
 * `byte[]` values are checked when written: a cell holds 37,500 bytes in base64.
 */
export function modelLayouts(model: ModelIR): SheetLayout[] {
  const problems: string[] = [];
  for (const e of model.entities) {
    if (e.name === META_SHEET) problems.push(`the entity '${e.name}' would take the sheet that holds Persist's revision marker`);
    if (e.name.length > MAX_SHEET_TITLE)
      problems.push(`the entity name '${e.name}' is longer than a sheet title (${MAX_SHEET_TITLE} characters)`);
    for (const f of e.fields)
      if (f.type.kind === 'scalar' && f.type.name === 'string' && maxStringLength(f) >= MAX_CELL_CHARS)
        problems.push(
          `'${e.name}.${f.name}' holds up to ${maxStringLength(f)} characters; a cell holds fewer than ${MAX_CELL_CHARS} of them (lower its @sql:Varchar or @constraint:String length)`,
        );
  }
  if (problems.length > 0)
    throw new PersistError('MODEL_INVALID', `The model does not fit the googlesheets datastore: ${problems.join('; ')}.`);
  return model.entities.map(sheetLayout);
}

/** `'My sheet'` as an A1 range of the whole sheet. */
export function a1Sheet(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

/** The label of a generated key's counter row in `_persist`. */
export function counterLabel(entity: string, field: string): string {
  return `next ${entity}.${field}`;
}

/** The header row a layout expects. */
export function headerRow(layout: SheetLayout): string[] {
  return layout.columns.map((f) => f.name);
}

/** What differs between a sheet's first row and the layout's header; empty when they match. */
export function headerDifferences(layout: SheetLayout, header: readonly unknown[]): string[] {
  const expected = headerRow(layout);
  const out: string[] = [];
  const n = Math.max(expected.length, header.length);
  for (let i = 0; i < n; i++) {
    const have = header[i] === undefined || header[i] === '' ? undefined : String(header[i]);
    const want = expected[i];
    if (have === want) continue;
    const cell = `${columnLetter(i)}1`;
    if (want === undefined) out.push(`cell ${cell} holds '${have}', but the model has no column there`);
    else if (have === undefined) out.push(`cell ${cell} is empty; expected '${want}'`);
    else out.push(`cell ${cell} holds '${have}'; expected '${want}'`);
  }
  return out;
}

export function headerMismatch(layout: SheetLayout, differences: readonly string[]): PersistError {
  return new PersistError(
    'SCHEMA_MISMATCH',
    `The sheet '${layout.title}' does not match the entity '${layout.entity.name}': ${differences.join('; ')}. Its first row must be: ${headerRow(layout).join(', ')}.`,
  );
}
