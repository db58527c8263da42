/**
 * The `spreadsheets.batchUpdate` requests the emulator implements (Google's Request union):
 * addSheet, updateCells, appendCells, deleteDimension, addNamedRange and deleteNamedRange. They
 * are applied in order to a copy of the spreadsheet, which replaces it only when every request
 * succeeded: a batchUpdate is atomic, as Google documents.
 */
import { ApiError, invalidArgument, setCell, usedRows, type CellValue, type Sheet, type Spreadsheet } from './grid.js';

interface CellData {
  userEnteredValue?: { stringValue?: string; numberValue?: number; boolValue?: boolean };
}
interface RowData {
  values?: CellData[];
}
type Json = Record<string, unknown>;

function cellValue(cell: CellData | undefined): CellValue | undefined {
  const v = cell?.userEnteredValue;
  if (v === undefined) return undefined;
  if (v.stringValue !== undefined) return v.stringValue === '' ? undefined : v.stringValue;
  if (v.numberValue !== undefined) return v.numberValue;
  if (v.boolValue !== undefined) return v.boolValue;
  return undefined;
}

function sheetById(book: Spreadsheet, sheetId: unknown, where: string): Sheet {
  const sheet = book.sheets.find((s) => s.sheetId === (sheetId ?? 0));
  if (!sheet) throw invalidArgument(`Invalid ${where}: No grid with id: ${String(sheetId)}`);
  return sheet;
}

function writeRows(sheet: Sheet, rows: RowData[], row: number, column: number, grow: boolean): void {
  rows.forEach((r, i) => (r.values ?? []).forEach((c, j) => setCell(sheet, row + i, column + j, cellValue(c), grow)));
}

function addSheet(book: Spreadsheet, req: Json, where: string): Json {
  const props = (req['properties'] ?? {}) as Json;
  const title = typeof props['title'] === 'string' ? props['title'] : `Sheet${book.sheets.length + 1}`;
  if (book.sheets.some((s) => s.title.toLowerCase() === title.toLowerCase()))
    throw invalidArgument(`Invalid ${where}: A sheet with the name "${title}" already exists. Please enter another name.`);
  const grid = (props['gridProperties'] ?? {}) as Json;
  const sheetId = typeof props['sheetId'] === 'number' ? props['sheetId'] : book.nextSheetId++;
  const sheet: Sheet = {
    sheetId,
    title,
    rowCount: typeof grid['rowCount'] === 'number' ? grid['rowCount'] : 1000,
    columnCount: typeof grid['columnCount'] === 'number' ? grid['columnCount'] : 26,
    cells: [],
  };
  book.sheets.push(sheet);
  return { addSheet: { properties: sheetProperties(sheet, book.sheets.length - 1) } };
}

export function sheetProperties(sheet: Sheet, index: number): Json {
  return {
    sheetId: sheet.sheetId,
    title: sheet.title,
    index,
    sheetType: 'GRID',
    gridProperties: { rowCount: sheet.rowCount, columnCount: sheet.columnCount },
  };
}

function updateCells(book: Spreadsheet, req: Json, where: string): Json {
  const start = req['start'] as Json | undefined;
  const range = req['range'] as Json | undefined;
  if (!start && !range) throw invalidArgument(`Invalid ${where}: must specify either start or range`);
  if (typeof req['fields'] !== 'string' || req['fields'] === '')
    throw invalidArgument(`Invalid ${where}: At least one field must be updated.`);
  const at = start ?? range!;
  const sheet = sheetById(book, at['sheetId'], where);
  const row = Number(start ? (start['rowIndex'] ?? 0) : (range!['startRowIndex'] ?? 0));
  const column = Number(start ? (start['columnIndex'] ?? 0) : (range!['startColumnIndex'] ?? 0));
  writeRows(sheet, (req['rows'] ?? []) as RowData[], row, column, false);
  return {};
}

function appendCells(book: Spreadsheet, req: Json, where: string): Json {
  const sheet = sheetById(book, req['sheetId'], where);
  writeRows(sheet, (req['rows'] ?? []) as RowData[], usedRows(sheet), 0, true);
  return {};
}

function deleteDimension(book: Spreadsheet, req: Json, where: string): Json {
  const range = (req['range'] ?? {}) as Json;
  const sheet = sheetById(book, range['sheetId'], where);
  const from = Number(range['startIndex'] ?? 0);
  const to = Number(range['endIndex'] ?? sheet.rowCount);
  if (range['dimension'] !== 'ROWS') throw invalidArgument(`Invalid ${where}: the emulator deletes ROWS only`);
  if (from < 0 || to > sheet.rowCount || from >= to) throw invalidArgument(`Invalid ${where}: Invalid dimension range`);
  if (to - from >= sheet.rowCount) throw invalidArgument(`Invalid ${where}: You can't delete all the rows on the sheet.`);
  sheet.cells.splice(from, to - from);
  sheet.rowCount -= to - from;
  return {};
}

function addNamedRange(book: Spreadsheet, req: Json, where: string): Json {
  const named = (req['namedRange'] ?? {}) as Json;
  const name = named['name'];
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw invalidArgument(`Invalid ${where}: Invalid name: ${String(name)}`);
  const id = typeof named['namedRangeId'] === 'string' ? named['namedRangeId'] : `nr${book.namedRanges.length + 1}`;
  if (book.namedRanges.some((n) => n.name === name || n.namedRangeId === id))
    throw invalidArgument(`Invalid ${where}: Named range with name "${name}" already exists.`);
  const range = (named['range'] ?? {}) as NamedRangeBox;
  sheetById(book, range.sheetId, where);
  book.namedRanges.push({ namedRangeId: id, name, range: { ...range, sheetId: range.sheetId ?? 0 } });
  return { addNamedRange: { namedRange: { namedRangeId: id, name, range } } };
}
type NamedRangeBox = { sheetId?: number; startRowIndex?: number; endRowIndex?: number; startColumnIndex?: number; endColumnIndex?: number };

function deleteNamedRange(book: Spreadsheet, req: Json, where: string): Json {
  const i = book.namedRanges.findIndex((n) => n.namedRangeId === req['namedRangeId']);
  if (i < 0) throw invalidArgument(`Invalid ${where}: No named range with id ${String(req['namedRangeId'])}.`);
  book.namedRanges.splice(i, 1);
  return {};
}

const HANDLERS: Record<string, (book: Spreadsheet, req: Json, where: string) => Json> = {
  addSheet,
  updateCells,
  appendCells,
  deleteDimension,
  addNamedRange,
  deleteNamedRange,
};

/** Applies the requests in order to `book` (a copy); throws the first request's ApiError. */
export function applyRequests(book: Spreadsheet, requests: unknown): Json[] {
  if (!Array.isArray(requests) || requests.length === 0) throw invalidArgument('Must specify at least one request.');
  return requests.map((r: Json, i) => {
    const kinds = Object.keys(r ?? {});
    const handler = kinds.length === 1 ? HANDLERS[kinds[0]!] : undefined;
    if (!handler)
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `Invalid requests[${i}]: the emulator does not implement ${kinds.join(', ') || 'an empty request'}`,
      );
    return handler(book, r[kinds[0]!] as Json, `requests[${i}].${kinds[0]!}`);
  });
}
