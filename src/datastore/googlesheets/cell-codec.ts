/**
 * How values lie in cells, so that every type round-trips exactly (written as typed cell values,
 * never parsed; read back UNFORMATTED_VALUE):
 *
 * - int and float: a number cell; boolean: a boolean cell.
 * - every other type is a text cell: decimal as its exact canonical text ("12.5"), date / time /
 *   civil / utc in ISO form, byte[] in base64, an enum by its member's value, a string as itself.
 * - null is an empty cell. Text is escaped so that no value is an empty cell: the empty text is
 *   written `~`, and text that starts with `~` gets one more `~` in front (`~x` is `~~x`).
 */
import type { EnumIR, FieldIR } from '../../model/ir.js';
import { formatBase64, normalizeValue, parseBase64, ValueFormatError, type Value } from '../../model/values.js';
import { InvalidValueError, PersistError } from '../../errors.js';

/** Google's limit on the characters of one cell. */
export const MAX_CELL_CHARS = 50_000;

const ESCAPE = '~';

export type CellData = { userEnteredValue?: { stringValue?: string; numberValue?: number; boolValue?: boolean } };

export function escapeText(s: string): string {
  return s === '' || s.startsWith(ESCAPE) ? ESCAPE + s : s;
}

export function unescapeText(s: string): string {
  return s.startsWith(ESCAPE) ? s.slice(1) : s;
}

/** 0 → "A", 26 → "AA". */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The cell for a canonical value; BAD_USER_INPUT when its text would not fit a cell. */
export function encodeCell(entity: string, field: FieldIR, value: Value): CellData {
  if (value === null) return {};
  if (typeof value === 'number') return { userEnteredValue: { numberValue: value } };
  if (typeof value === 'boolean') return { userEnteredValue: { boolValue: value } };
  const text = escapeText(value instanceof Uint8Array ? formatBase64(value) : value);
  if (text.length > MAX_CELL_CHARS)
    throw new InvalidValueError(
      entity,
      field.name,
      `the value takes ${text.length} characters in a sheet cell; a Google Sheets cell holds at most ${MAX_CELL_CHARS}`,
    );
  return { userEnteredValue: { stringValue: text } };
}

/** Where a cell is, for messages: sheet, one-based row and column letter. */
export interface CellPlace {
  sheet: string;
  row: number;
  column: number;
}

export function malformedCell(place: CellPlace, field: string, reason: string): PersistError {
  return new PersistError(
    'SCHEMA_MISMATCH',
    `The sheet '${place.sheet}' holds a malformed value at row ${place.row}, column ${columnLetter(place.column)} ('${field}'): ${reason}. Correct the cell in the spreadsheet.`,
  );
}

/** The canonical value of a cell read UNFORMATTED_VALUE; SCHEMA_MISMATCH naming the cell when malformed. */
export function decodeCell(field: FieldIR, enums: readonly EnumIR[], cell: unknown, place: CellPlace): Value {
  let input: unknown = cell === '' || cell === undefined ? null : cell;
  try {
    if (typeof input === 'string') {
      input = unescapeText(input);
      if (field.type.kind === 'scalar' && field.type.name === 'bytes') input = parseBase64(input as string);
    }
    return normalizeValue(field, enums, input);
  } catch (e) {
    if (e instanceof ValueFormatError)
      throw malformedCell(place, field.name, input === null ? 'the cell is empty, but the field is not nullable' : e.message);
    throw e;
  }
}
