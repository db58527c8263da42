/**
 * The data of the Sheets API v4 emulator (see sheets-emulator.ts): spreadsheets of sheets (tabs),
 * each a grid of cells, A1 ranges, and the value semantics of Google's REST reference
 * (valueInputOption RAW / USER_ENTERED, valueRenderOption UNFORMATTED_VALUE / FORMATTED_VALUE,
 * majorDimension ROWS / COLUMNS, trailing empty rows and cells left out of answers).
 */

/** A cell's value as the API returns it unformatted: a string, a number or a boolean. */
export type CellValue = string | number | boolean;

export interface Sheet {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  /** Row-major; a missing row or cell is empty. */
  cells: (CellValue | undefined)[][];
}

export interface NamedRange {
  namedRangeId: string;
  name: string;
  range: { sheetId: number; startRowIndex?: number; endRowIndex?: number; startColumnIndex?: number; endColumnIndex?: number };
}

export interface Spreadsheet {
  spreadsheetId: string;
  title: string;
  sheets: Sheet[];
  namedRanges: NamedRange[];
  nextSheetId: number;
}

/** An error the API answers with, in Google's format: `{error: {code, message, status}}`. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }

  body(): { error: { code: number; message: string; status: string } } {
    return { error: { code: this.code, message: this.message, status: this.status } };
  }
}

export const invalidArgument = (message: string): ApiError => new ApiError(400, 'INVALID_ARGUMENT', message);

/** A resolved A1 range: zero-based, end exclusive, clipped to nothing (the caller clips to the grid). */
export interface GridRange {
  sheet: Sheet;
  startRow: number;
  endRow: number | undefined;
  startColumn: number;
  endColumn: number | undefined;
}

/** "A" → 0, "AA" → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 0 → "A", 26 → "AA". */
export function columnLetters(index: number): string {
  const last = String.fromCharCode(65 + (index % 26));
  return index < 26 ? last : columnLetters(Math.floor(index / 26) - 1) + last;
}

const CELL = /^([A-Za-z]*)(\d*)$/;

/** Parses `Sheet`, `'My Sheet'`, `Sheet!A1:C9`, `Sheet!A:C`, `Sheet!2:5`, `Sheet!B3` against `book`. */
export function parseA1(book: Spreadsheet, text: string): GridRange {
  let title: string;
  let rest: string | undefined;
  if (text.startsWith("'")) {
    const close = /^'((?:[^']|'')*)'(?:!(.*))?$/.exec(text);
    if (!close) throw invalidArgument(`Unable to parse range: ${text}`);
    title = close[1]!.replace(/''/g, "'");
    rest = close[2];
  } else {
    const bang = text.indexOf('!');
    title = bang < 0 ? text : text.slice(0, bang);
    rest = bang < 0 ? undefined : text.slice(bang + 1);
  }
  const sheet = book.sheets.find((s) => s.title === title);
  if (!sheet) throw invalidArgument(`Unable to parse range: ${text}`);
  if (rest === undefined || rest === '') return { sheet, startRow: 0, endRow: undefined, startColumn: 0, endColumn: undefined };
  const [from, to = from] = rest.split(':');
  const a = CELL.exec(from!);
  const b = CELL.exec(to!);
  if (!a || !b || (a[1] === '' && a[2] === '')) throw invalidArgument(`Unable to parse range: ${text}`);
  const single = !rest.includes(':');
  return {
    sheet,
    startRow: a[2] ? Number(a[2]) - 1 : 0,
    endRow: b[2] ? Number(b[2]) : single && a[2] ? Number(a[2]) : undefined,
    startColumn: a[1] ? columnIndex(a[1]) : 0,
    endColumn: b[1] ? columnIndex(b[1]) + 1 : single && a[1] ? columnIndex(a[1]) + 1 : undefined,
  };
}

/** The A1 text of a range as Google echoes it: `'Sheet'!A1:C9`. */
export function formatA1(sheet: Sheet, startRow: number, endRow: number, startColumn: number, endColumn: number): string {
  const title = `'${sheet.title.replace(/'/g, "''")}'`;
  return `${title}!${columnLetters(startColumn)}${startRow + 1}:${columnLetters(Math.max(endColumn, startColumn + 1) - 1)}${Math.max(endRow, startRow + 1)}`;
}

/** Reads a range as the values API does: trailing empty rows and cells left out. */
export function readRange(
  range: GridRange,
  render: string,
  major: string,
): { range: string; majorDimension: string; values?: unknown[][] } {
  const { sheet } = range;
  const endRow = Math.min(range.endRow ?? sheet.rowCount, sheet.rowCount);
  const endColumn = Math.min(range.endColumn ?? sheet.columnCount, sheet.columnCount);
  const matrix: (CellValue | undefined)[][] = [];
  for (let r = range.startRow; r < endRow; r++) {
    const row: (CellValue | undefined)[] = [];
    for (let c = range.startColumn; c < endColumn; c++) row.push(sheet.cells[r]?.[c]);
    matrix.push(row);
  }
  const lines = major === 'COLUMNS' ? transpose(matrix, endColumn - range.startColumn) : matrix;
  const values = trim(lines.map((line) => line.map((v) => rendered(v, render))));
  const answer = { range: formatA1(sheet, range.startRow, endRow, range.startColumn, endColumn), majorDimension: major };
  return values.length === 0 ? answer : { ...answer, values };
}

function transpose(rows: (CellValue | undefined)[][], width: number): (CellValue | undefined)[][] {
  return Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));
}

function rendered(v: CellValue | undefined, render: string): unknown {
  if (v === undefined) return '';
  if (render === 'UNFORMATTED_VALUE') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** Drops trailing empty cells of each line and trailing empty lines, as the API does. */
function trim(lines: unknown[][]): unknown[][] {
  const out = lines.map((line) => {
    let n = line.length;
    while (n > 0 && line[n - 1] === '') n--;
    return line.slice(0, n);
  });
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

/** The value a cell holds after writing `input` with the valueInputOption. */
export function enteredValue(input: unknown, option: string): CellValue | undefined {
  if (input === null || input === undefined || input === '') return undefined;
  if (typeof input === 'number' || typeof input === 'boolean') return input;
  if (typeof input !== 'string') throw invalidArgument(`Invalid values: ${JSON.stringify(input)}`);
  if (option === 'RAW') return input;
  if (/^(TRUE|FALSE)$/i.test(input)) return input.toUpperCase() === 'TRUE';
  if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(input)) return Number(input);
  return input.startsWith("'") ? input.slice(1) : input;
}

/** Writes a matrix of values at a range's top-left cell, growing the grid as the values API does. */
export function writeRange(range: GridRange, values: unknown[][], major: string, option: string): void {
  const rows =
    major === 'COLUMNS'
      ? Array.from({ length: Math.max(0, ...values.map((v) => v.length)) }, (_, r) => values.map((col) => col[r]))
      : values;
  const { sheet } = range;
  const limitRows = range.endRow === undefined ? Infinity : range.endRow - range.startRow;
  const limitCols = range.endColumn === undefined ? Infinity : range.endColumn - range.startColumn;
  if (rows.length > limitRows || rows.some((r) => r.length > limitCols))
    throw invalidArgument(
      `Requested writing within range [${formatA1(sheet, range.startRow, range.endRow ?? 0, range.startColumn, range.endColumn ?? 0)}], but tried writing to a cell outside it.`,
    );
  rows.forEach((row, i) => row.forEach((v, j) => setCell(sheet, range.startRow + i, range.startColumn + j, enteredValue(v, option), true)));
}

/** Sets one cell; outside the grid it grows (`grow`) or fails as updateCells does. */
export function setCell(sheet: Sheet, row: number, column: number, value: CellValue | undefined, grow: boolean): void {
  if (row >= sheet.rowCount || column >= sheet.columnCount) {
    if (!grow)
      throw invalidArgument(
        `Range ('${sheet.title}'!${columnLetters(column)}${row + 1}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
      );
    sheet.rowCount = Math.max(sheet.rowCount, row + 1);
    sheet.columnCount = Math.max(sheet.columnCount, column + 1);
  }
  const line = (sheet.cells[row] ??= []);
  line[column] = value;
}

/** The number of rows up to the last one holding a value. */
export function usedRows(sheet: Sheet): number {
  for (let r = sheet.cells.length - 1; r >= 0; r--) if (sheet.cells[r]?.some((v) => v !== undefined)) return r + 1;
  return 0;
}

/** A deep copy, so that a batchUpdate can be applied to it and kept only if every request succeeds. */
export function cloneBook(book: Spreadsheet): Spreadsheet {
  return {
    ...book,
    sheets: book.sheets.map((s) => ({ ...s, cells: s.cells.map((r) => (r ? [...r] : r)) })),
    namedRanges: book.namedRanges.map((n) => ({ ...n, range: { ...n.range } })),
  };
}
