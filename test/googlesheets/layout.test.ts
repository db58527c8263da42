/**
 * What the googlesheets datastore writes into the cells (docs/googlesheets.md, "Layout"): a header
 * of field names with the foreign keys last, typed cells, text escaped so that null (an empty
 * cell) and the empty string differ, and every value read back exactly as written.
 */
import { describe, expect, test } from 'vitest';
import type { Row } from '../../src/datastore/datastore.js';
import { escapeText, unescapeText } from '../../src/datastore/googlesheets/cell-codec.js';
import { compileModel } from '../../src/model/index.js';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { loadModel } from '../support/models.js';
import { useSheetsEmulator } from './sheets-test-env.js';

const env = useSheetsEmulator();
const features = loadModel('features');

const customer = (over: Row): Row => ({
  id: 1,
  name: 'Ann',
  nickname: null,
  age: 30,
  score: null,
  rating: 0.1,
  weight: null,
  balance: '12345678901234567890123.000000000000000000000000000001',
  credit: null,
  active: true,
  verified: null,
  avatar: null,
  birthDate: '2024-02-29',
  anniversary: null,
  wakeUp: '07:30:00.25',
  bedTime: null,
  createdAt: '2024-02-29T13:45:00.123456Z',
  deletedAt: null,
  lastSeen: '2024-02-29T13:45:00',
  nextVisit: null,
  status: 'active',
  previousStatus: null,
  type: 'person',
  ...over,
});

describe('googlesheets: cells', () => {
  test('text escaping keeps the empty string apart from null, and round-trips any text', () => {
    for (const s of ['', '~', '~~x', 'x~', 'plain', ' ', '=1+1', "'quoted"]) expect(unescapeText(escapeText(s))).toBe(s);
    expect([escapeText(''), escapeText('~a'), escapeText('a')]).toEqual(['~', '~~a', 'a']);
  });

  test('each type lies in its cell as documented and reads back exactly', async () => {
    const ds = await env.open(features);
    const id = (ds as unknown as { client: { spreadsheetId: string } }).client.spreadsheetId;
    const rows = [
      customer({}),
      customer({
        id: 2,
        name: '',
        nickname: '~tilde',
        score: -5,
        weight: -1e-300,
        credit: '-0.5',
        verified: false,
        avatar: new Uint8Array(0),
        status: 'CLOSED',
        previousStatus: 'suspended',
      }),
      customer({
        id: 3,
        name: '=SUM(A1)',
        nickname: '',
        avatar: new Uint8Array([0, 255, 7]),
        anniversary: '1000-01-01',
        deletedAt: '1970-01-01T00:00:01Z',
      }),
    ];
    await ds.insert('Customer', rows);
    const cells = env.emulator.sheetValues(id, 'Customer')!;
    const header = cells[0] as string[];
    expect(header).toEqual(features.entities.find((e) => e.name === 'Customer')!.fields.map((f) => f.name));
    const at = (r: number, field: string): unknown => cells[r]![header.indexOf(field)];
    expect([at(1, 'nickname'), at(1, 'age'), at(1, 'rating'), at(1, 'active'), at(1, 'balance'), at(1, 'createdAt')]).toEqual([
      '',
      30,
      0.1,
      true,
      '12345678901234567890123.000000000000000000000000000001',
      '2024-02-29T13:45:00.123456Z',
    ]);
    expect([at(2, 'name'), at(2, 'nickname'), at(2, 'avatar'), at(2, 'verified'), at(2, 'status')]).toEqual([
      '~',
      '~~tilde',
      '~',
      false,
      'CLOSED',
    ]);
    expect([at(3, 'name'), at(3, 'nickname'), at(3, 'avatar')]).toEqual(['=SUM(A1)', '~', 'AP8H']);
    expect(await ds.list('Customer')).toEqual(rows);
    await ds.close();
  });

  test('foreign keys come last in the header', async () => {
    const id = await env.pushed(features);
    const order = features.entities.find((e) => e.name === 'Order')!;
    const header = env.emulator.sheetValues(id, 'Order')![0] as string[];
    const own = order.fields.filter((f) => !f.foreignKey).map((f) => f.name);
    expect(header.slice(0, own.length)).toEqual(own);
    expect(header.slice(own.length).every((f) => order.fields.find((x) => x.name === f)!.foreignKey)).toBe(true);
  });

  test('a value too long for a cell is BAD_USER_INPUT and writes nothing', async () => {
    const ds = await env.open(features);
    env.emulator.resetRequests();
    await expect(ds.insert('Customer', [customer({ avatar: new Uint8Array(40_000) })])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message:
        "Invalid value for 'Customer.avatar': the value takes 53336 characters in a sheet cell; a Google Sheets cell holds at most 50000",
    });
    expect(env.emulator.count('batchUpdate')).toBe(0);
    expect(await ds.list('Customer')).toEqual([]);
    await ds.close();
  });

  test('a model that does not fit a spreadsheet is MODEL_INVALID, saying why, before any API call', async () => {
    const text = `import ballerina/persist as _;
import ballerinax/persist.sql;

type Note record {|
    readonly int id;
    @sql:Varchar {length: 60000}
    string body;
|};
`;
    const model = compileModel(text).model!;
    const id = env.emulator.createSpreadsheet();
    env.emulator.resetRequests();
    await expect(createDatastore(model, { datastore: 'googlesheets', settings: env.settings(id) })).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message:
        "The model does not fit the googlesheets datastore: 'Note.body' holds up to 60000 characters; a cell holds fewer than 50000 of them (lower its @sql:Varchar or @constraint:String length).",
    });
    expect(env.emulator.requests).toEqual([]);
  });
});
