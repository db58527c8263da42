/**
 * One datastore call's view of the spreadsheet: every sheet read in ONE values.batchGet and loaded
 * into the in-memory store's tables (StoreState), so that the in-memory store's own code answers
 * the call and checks its writes; then the rows it changed turned into ONE guarded
 * spreadsheets.batchUpdate.
 *
 * The guard: the spreadsheet holds one named range `persist_rev_<token>`, and `_persist!B1` holds
 * the same token (read with the rows). A write's first request deletes the named range of the
 * token it read and the next ones add a new one and set B1 to it; when another writer committed
 * in between, that range is gone, the delete fails and Google applies none of the requests (a
 * batchUpdate is atomic): nothing is half-applied, and the caller re-reads and runs the call again.
 */
import { randomBytes } from 'node:crypto';
import type { ModelIR } from '../../model/ir.js';
import { PersistError } from '../../errors.js';
import type { Row } from '../datastore.js';
import { StoreState } from '../inmemory/store-state.js';
import type { Table } from '../inmemory/table.js';
import type { TupleKey } from '../tuple-key.js';
import { valuesEqual } from '../../model/values.js';
import { decodeCell, encodeCell, type CellData } from './cell-codec.js';
import {
  a1Sheet,
  counterLabel,
  headerDifferences,
  headerMismatch,
  META_SHEET,
  REVISION_LABEL,
  REVISION_PREFIX,
  type SheetLayout,
} from './layout.js';
import type { SheetRequest, SheetsClient, ValueRange } from './sheets-client.js';

/** Sheet ids by title (batchUpdate addresses sheets by id), read once when the datastore opens. */
export type SheetIds = ReadonlyMap<string, number>;

interface LoadedSheet {
  layout: SheetLayout;
  /** The rows as loaded, by key: a row object the call replaced or removed has changed. */
  rows: Map<TupleKey, Row>;
  /** Each loaded row's zero-based row index in the sheet. */
  positions: Map<TupleKey, number>;
}

interface Meta {
  revision: string;
  /** Counter rows of `_persist` by label: zero-based row index and value. */
  counters: Map<string, { row: number; value: number }>;
  usedRows: number;
}

function missingMeta(): PersistError {
  return new PersistError(
    'SCHEMA_MISMATCH',
    `The sheet '${META_SHEET}' has no revision marker in A1:B1; run \`persist push\` to create it.`,
  );
}

function readMeta(range: ValueRange | undefined): Meta {
  const values = range?.values ?? [];
  const first = values[0];
  if (!first || first[0] !== REVISION_LABEL || typeof first[1] !== 'string' || first[1] === '') throw missingMeta();
  const counters = new Map<string, { row: number; value: number }>();
  values.forEach((line, row) => {
    if (row > 0 && typeof line[0] === 'string' && typeof line[1] === 'number') counters.set(line[0], { row, value: line[1] });
  });
  return { revision: first[1], counters, usedRows: values.length };
}

function newToken(): string {
  return randomBytes(8).toString('hex');
}

export class Snapshot {
  /** The token the write of this snapshot sets (to recognize a write that was applied but not answered). */
  readonly nextRevision = newToken();

  private constructor(
    readonly state: StoreState,
    private readonly sheets: LoadedSheet[],
    private readonly meta: Meta,
    private readonly ids: SheetIds,
  ) {}

  /** The ranges one call reads: `_persist` and every entity's sheet. */
  static ranges(layouts: readonly SheetLayout[]): string[] {
    return [a1Sheet(META_SHEET), ...layouts.map((l) => a1Sheet(l.title))];
  }

  /** Reads the whole spreadsheet in one values.batchGet and loads it. */
  static async read(client: SheetsClient, model: ModelIR, layouts: readonly SheetLayout[], ids: SheetIds): Promise<Snapshot> {
    const ranges = await client.batchGet(Snapshot.ranges(layouts));
    const meta = readMeta(ranges[0]);
    const state = new StoreState(model);
    const sheets = layouts.map((layout, i) => loadSheet(state, model, layout, ranges[i + 1]?.values ?? [], meta));
    return new Snapshot(state, sheets, meta, ids);
  }

  /** The revision token of `_persist!B1` now (one values.batchGet). */
  static async currentRevision(client: SheetsClient): Promise<string> {
    return readMeta((await client.batchGet([`${a1Sheet(META_SHEET)}!A1:B1`]))[0]).revision;
  }

  /** The guarded batchUpdate that stores what the call changed; undefined when it changed nothing. */
  changes(): SheetRequest[] | undefined {
    const data: SheetRequest[] = [];
    const deletes: SheetRequest[] = [];
    const appends: SheetRequest[] = [];
    for (const s of this.sheets) {
      const sheetId = this.ids.get(s.layout.title)!;
      const table = this.committed(s);
      const added: CellData[][] = [];
      const removed: number[] = [];
      for (const [k, row] of table.rows) {
        const old = s.rows.get(k);
        if (old === undefined) added.push(cells(s.layout, row));
        else if (old !== row && !sameRow(s.layout, old, row))
          data.push({
            updateCells: {
              start: { sheetId, rowIndex: s.positions.get(k)!, columnIndex: 0 },
              rows: [{ values: cells(s.layout, row) }],
              fields: 'userEnteredValue',
            },
          });
      }
      for (const [k, pos] of s.positions) if (!table.rows.has(k)) removed.push(pos);
      // Bottom up, so that each index still names the row it was read from.
      for (const pos of removed.sort((a, b) => b - a))
        deletes.push({ deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: pos, endIndex: pos + 1 } } });
      if (added.length > 0)
        appends.push({ appendCells: { sheetId, rows: added.map((values) => ({ values })), fields: 'userEnteredValue' } });
    }
    const counters = this.counterChanges();
    if (data.length + deletes.length + appends.length + counters.length === 0) return undefined;
    const metaId = this.ids.get(META_SHEET)!;
    const text = (s: string): CellData => ({ userEnteredValue: { stringValue: s } });
    return [
      { deleteNamedRange: { namedRangeId: REVISION_PREFIX + this.meta.revision } },
      {
        addNamedRange: {
          namedRange: {
            namedRangeId: REVISION_PREFIX + this.nextRevision,
            name: REVISION_PREFIX + this.nextRevision,
            range: { sheetId: metaId, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 1, endColumnIndex: 2 },
          },
        },
      },
      {
        updateCells: {
          start: { sheetId: metaId, rowIndex: 0, columnIndex: 1 },
          rows: [{ values: [text(this.nextRevision)] }],
          fields: 'userEnteredValue',
        },
      },
      ...counters.map(({ label, value, row }): SheetRequest => {
        const values = [text(label), { userEnteredValue: { numberValue: value } }];
        return row === undefined
          ? { appendCells: { sheetId: metaId, rows: [{ values }], fields: 'userEnteredValue' } }
          : { updateCells: { start: { sheetId: metaId, rowIndex: row, columnIndex: 0 }, rows: [{ values }], fields: 'userEnteredValue' } };
      }),
      ...data,
      ...deletes,
      ...appends,
    ];
  }

  /**
   * The sheet's table as the call left it: looked up again, not kept from loading, because a
   * transaction commits into the committed tables, which may not be the ones loaded.
   */
  private committed(s: LoadedSheet): Table {
    return this.state.table(s.layout.entity.name);
  }

  /** The generated-key counters the call moved on. */
  private counterChanges(): { label: string; value: number; row: number | undefined }[] {
    const out: { label: string; value: number; row: number | undefined }[] = [];
    for (const s of this.sheets)
      for (const [field, next] of this.committed(s).nextGenerated) {
        const label = counterLabel(s.layout.entity.name, field);
        const stored = this.meta.counters.get(label);
        if (stored?.value !== next && !(stored === undefined && next === loadedNext(s, field)))
          out.push({ label, value: next, row: stored?.row });
      }
    return out;
  }
}

/** The counter a sheet's rows imply without a stored one: the largest key + 1. */
function loadedNext(s: LoadedSheet, field: string): number {
  let max = 0;
  for (const r of s.rows.values()) max = Math.max(max, Number(r[field]));
  return max + 1;
}

function cells(layout: SheetLayout, row: Row): CellData[] {
  return layout.columns.map((f) => encodeCell(layout.entity.name, f, row[f.name] ?? null));
}

function sameRow(layout: SheetLayout, a: Row, b: Row): boolean {
  return layout.columns.every((f) => valuesEqual(a[f.name] ?? null, b[f.name] ?? null));
}

function loadSheet(state: StoreState, model: ModelIR, layout: SheetLayout, values: unknown[][], meta: Meta): LoadedSheet {
  const differences = headerDifferences(layout, values[0] ?? []);
  if (differences.length > 0) throw headerMismatch(layout, differences);
  const table = state.table(layout.entity.name);
  const rows = new Map<TupleKey, Row>();
  const positions = new Map<TupleKey, number>();
  for (let r = 1; r < values.length; r++) {
    const line = values[r]!;
    if (line.every((v) => v === '' || v === undefined)) continue;
    if (line.length > layout.columns.length)
      throw headerMismatch(layout, [`row ${r + 1} has a value in column ${layout.columns.length + 1}, right of the last column`]);
    const row: Row = {};
    layout.columns.forEach((f, c) => (row[f.name] = decodeCell(f, model.enums, line[c], { sheet: layout.title, row: r + 1, column: c })));
    const k = table.keyOf(row);
    if (rows.has(k))
      throw new PersistError(
        'SCHEMA_MISMATCH',
        `The sheet '${layout.title}' holds the key of row ${r + 1} also in row ${positions.get(k)! + 1}; keys must be unique. Correct the sheet.`,
      );
    table.add(row);
    rows.set(k, row);
    positions.set(k, r);
  }
  const loaded: LoadedSheet = { layout, rows, positions };
  for (const g of table.meta.generatedFields) {
    const stored = meta.counters.get(counterLabel(layout.entity.name, g.name))?.value ?? 1;
    table.nextGenerated.set(g.name, Math.max(stored, loadedNext(loaded, g.name)));
  }
  return loaded;
}
