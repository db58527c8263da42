/**
 * `persist push` for Google Sheets: adds the sheet of each entity that has none (with its header
 * row), and `_persist` (the revision marker and the generated keys' counters), in one atomic
 * batchUpdate. An existing sheet is only read: an empty one gets its header, one whose header
 * differs is reported and then nothing at all is changed. No row, cell or sheet is ever deleted.
 */
import type { PushOutcome } from '../datastore-backend.js';
import { randomBytes } from 'node:crypto';
import {
  a1Sheet,
  counterLabel,
  headerDifferences,
  headerRow,
  META_SHEET,
  REVISION_LABEL,
  REVISION_PREFIX,
  type SheetLayout,
} from './layout.js';
import type { SheetRequest, SheetsClient } from './sheets-client.js';

const text = (s: string) => ({ userEnteredValue: { stringValue: s } });

function headerCells(sheetId: number, header: readonly string[]): SheetRequest {
  return {
    updateCells: { start: { sheetId, rowIndex: 0, columnIndex: 0 }, rows: [{ values: header.map(text) }], fields: 'userEnteredValue' },
  };
}

function addSheet(sheetId: number, title: string, columns: number): SheetRequest {
  return { addSheet: { properties: { sheetId, title, gridProperties: { rowCount: 1000, columnCount: Math.max(26, columns) } } } };
}

export async function pushLayout(
  client: SheetsClient,
  layouts: readonly SheetLayout[],
  ids: ReadonlyMap<string, number>,
): Promise<PushOutcome> {
  const database = client.spreadsheetId;
  const existing = layouts.filter((l) => ids.has(l.title));
  const ranges = [...existing.map((l) => `${a1Sheet(l.title)}!1:1`), ...(ids.has(META_SHEET) ? [`${a1Sheet(META_SHEET)}!A1:B1`] : [])];
  const read = ranges.length === 0 ? [] : await client.batchGet(ranges);
  const requests: SheetRequest[] = [];
  const differences: string[] = [];
  const created: string[] = [];
  let nextId = Math.max(0, ...ids.values()) + 1;
  existing.forEach((l, i) => {
    const header = read[i]?.values?.[0] ?? [];
    if (header.length === 0) {
      requests.push(headerCells(ids.get(l.title)!, headerRow(l)));
      created.push(`${l.title} (header row)`);
      return;
    }
    for (const d of headerDifferences(l, header)) differences.push(`sheet '${l.title}': ${d}`);
  });
  if (ids.has(META_SHEET)) {
    const first = read[existing.length]?.values?.[0] ?? [];
    if (first[0] !== REVISION_LABEL || typeof first[1] !== 'string')
      differences.push(`sheet '${META_SHEET}': cell A1:B1 holds no revision marker (expected '${REVISION_LABEL}' and a token)`);
  }
  if (differences.length > 0) return { kind: 'differs', database, differences };
  for (const l of layouts.filter((x) => !ids.has(x.title))) {
    const sheetId = nextId++;
    requests.push(addSheet(sheetId, l.title, l.columns.length), headerCells(sheetId, headerRow(l)));
    created.push(l.title);
  }
  if (!ids.has(META_SHEET)) {
    const sheetId = nextId++;
    const token = randomBytes(8).toString('hex');
    const counters = layouts.flatMap((l) => l.entity.fields.filter((f) => f.generated).map((f) => counterLabel(l.entity.name, f.name)));
    requests.push(
      addSheet(sheetId, META_SHEET, 2),
      {
        updateCells: {
          start: { sheetId, rowIndex: 0, columnIndex: 0 },
          rows: [
            { values: [text(REVISION_LABEL), text(token)] },
            ...counters.map((c) => ({ values: [text(c), { userEnteredValue: { numberValue: 1 } }] })),
          ],
          fields: 'userEnteredValue',
        },
      },
      {
        addNamedRange: {
          namedRange: {
            namedRangeId: REVISION_PREFIX + token,
            name: REVISION_PREFIX + token,
            range: { sheetId, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 1, endColumnIndex: 2 },
          },
        },
      },
    );
    created.push(META_SHEET);
  }
  if (requests.length === 0) return { kind: 'upToDate', database };
  await client.batchUpdate(requests, false);
  return { kind: 'created', database, tables: created };
}
