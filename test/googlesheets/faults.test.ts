/**
 * The googlesheets datastore under faults, over the emulator: 429 storms and 5xx (bounded
 * backoff, then a retryable DATASTORE_UNAVAILABLE), a write whose answer is lost (applied once,
 * never twice), tokens expiring mid-run, a concurrent writer between a call's read and its write,
 * and sheets broken by hand (a clear error naming the sheet, row and column).
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Datastore } from '../../src/datastore/datastore.js';
import { expectPersistError } from '../datastore/conformance/context.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { FAST_RETRY, useSheetsEmulator } from './sheets-test-env.js';

const env = useSheetsEmulator();
const rainier = loadModel('rainier');
const generated = loadModel('generated');
const opened: Datastore[] = [];

afterEach(async () => {
  env.emulator.clearFaults();
  env.emulator.clearWriteHooks();
  await Promise.all(opened.splice(0).map((d) => d.close()));
});

async function open(model = rainier, id?: string, extra?: Record<string, unknown>): Promise<{ ds: Datastore; id: string }> {
  const spreadsheetId = id ?? (await env.pushed(model));
  const ds = await env.openExisting(model, spreadsheetId, extra);
  opened.push(ds);
  return { ds, id: spreadsheetId };
}

async function seeded(): Promise<{ ds: Datastore; id: string }> {
  const o = await open();
  await seedDatastore(o.ds, rainier, rainierData());
  env.emulator.resetRequests();
  return o;
}

const statuses = (kind: 'batchGet' | 'batchUpdate'): number[] => env.emulator.requests.filter((r) => r.kind === kind).map((r) => r.status);

describe('googlesheets: quotas and server errors', () => {
  test('a 429 storm shorter than the retry budget is waited out', async () => {
    const { ds } = await seeded();
    env.emulator.failNext(429, FAST_RETRY.attempts - 1);
    expect(await ds.list('Department')).toHaveLength(rainierData()['Department']!.length);
    expect(statuses('batchGet')).toEqual([429, 429, 429, 200]);
  });

  test('a storm longer than the budget fails with a retryable DATASTORE_UNAVAILABLE, and the store works again after', async () => {
    const { ds, id } = await seeded();
    env.emulator.failNext(429, FAST_RETRY.attempts);
    await expectPersistError(
      ds.list('Department'),
      'DATASTORE_UNAVAILABLE',
      `Cannot read the sheets of the spreadsheet '${id}': the Sheets API quota is exhausted (RESOURCE_EXHAUSTED Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'.) after ${FAST_RETRY.attempts} attempt(s); nothing was changed, try again later.`,
    );
    expect(statuses('batchGet')).toEqual(Array(FAST_RETRY.attempts).fill(429));
    expect(await ds.list('Department')).toHaveLength(3);
  });

  test('5xx on a write is retried; the rows are written once', async () => {
    const { ds, id } = await seeded();
    env.emulator.failNext(503, 2, ['batchUpdate']);
    await ds.insert('OrderItem', [{ orderId: 'X1', itemId: 'I1', quantity: 1, notes: 'n' }]);
    expect(statuses('batchUpdate')).toEqual([503, 503, 200]);
    expect(env.emulator.sheetValues(id, 'OrderItem')!.filter((r) => r[0] === 'X1')).toEqual([['X1', 'I1', 1, 'n']]);
  });

  test('a write applied but answered 503 is recognized as done when retried: one row, one generated key', async () => {
    const { ds, id } = await open(generated);
    env.emulator.resetRequests();
    env.emulator.failNext(503, 1, ['batchUpdate'], true);
    expect(await ds.insert('Ticket', [{ title: 'once' }])).toEqual([{ id: 1, title: 'once' }]);
    // The retry found its own revision marker in place of the one it read.
    expect(statuses('batchUpdate')).toEqual([503, 400]);
    expect(env.emulator.sheetValues(id, 'Ticket')).toEqual([
      ['id', 'title'],
      [1, 'once'],
    ]);
    expect(await ds.insert('Ticket', [{ title: 'next' }])).toEqual([{ id: 2, title: 'next' }]);
  });

  test('access tokens that expire mid-run are refreshed', async () => {
    const { ds } = await seeded();
    const tokens = env.emulator.count('token');
    env.emulator.expireTokens();
    expect(await ds.list('Building')).toHaveLength(rainierData()['Building']!.length);
    env.emulator.expireTokens();
    await ds.insert('OrderItem', [{ orderId: 'T1', itemId: 'I1', quantity: 1, notes: '' }]);
    expect(env.emulator.count('token')).toBe(tokens + 2);
    expect(env.emulator.requests.filter((r) => r.status === 401)).toHaveLength(2);
    expect((await ds.getByKeys('OrderItem', [['T1', 'I1']]))[0]).toEqual({ orderId: 'T1', itemId: 'I1', quantity: 1, notes: '' });
  });

  test('an OAuth client with a refresh token works; a revoked one fails clearly', async () => {
    const id = await env.pushed(rainier);
    const { clientId, clientSecret, refreshToken } = env.emulator.oauthClient;
    const { ds } = await open(rainier, id, { credentials: { clientId, clientSecret, refreshToken } });
    await ds.insert('Department', [{ deptNo: 'D9', deptName: 'Nine' }]);
    expect(await ds.list('Department')).toEqual([{ deptNo: 'D9', deptName: 'Nine' }]);
    await expect(open(rainier, id, { credentials: { clientId, clientSecret, refreshToken: 'revoked' } })).rejects.toMatchObject({
      code: 'DATASTORE_UNAVAILABLE',
      message: `Cannot get an access token from ${env.emulator.tokenEndpoint} for the spreadsheet '${id}': invalid_grant: Token has been expired or revoked.; check the credentials.`,
    });
  });

  test('an unknown spreadsheet is CONFIG_INVALID', async () => {
    await expect(open(rainier, 'no-such-sheet')).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining("There is no spreadsheet 'no-such-sheet'"),
    });
  });
});

/** Two writers of one spreadsheet; the other inserts a ticket just before our next write applies. */
async function theirsBeforeOurWrite(): Promise<{ ds: Datastore; id: string }> {
  const { ds, id } = await open(generated);
  const { ds: other } = await open(generated, id);
  env.emulator.beforeNextWrite(async () => {
    await other.insert('Ticket', [{ title: 'theirs' }]);
  });
  return { ds, id };
}

describe('googlesheets: concurrent writers', () => {
  test('a write committed by another writer between read and write: the call reads again and runs again', async () => {
    const { ds } = await theirsBeforeOurWrite();
    env.emulator.resetRequests();
    expect(await ds.insert('Ticket', [{ title: 'mine' }])).toEqual([{ id: 2, title: 'mine' }]);
    expect(await ds.list('Ticket')).toEqual([
      { id: 1, title: 'theirs' },
      { id: 2, title: 'mine' },
    ]);
    // Ours: read, rejected write, read, write; theirs: read, write.
    expect(statuses('batchUpdate')).toEqual([200, 400, 200]);
  });

  test('the re-run checks against the new data: a key the other writer took is ALREADY_EXISTS, nothing duplicated', async () => {
    const { ds, id } = await open();
    const { ds: other } = await open(rainier, id);
    env.emulator.beforeNextWrite(async () => {
      await other.insert('Department', [{ deptNo: 'D1', deptName: 'Theirs' }]);
    });
    await expectPersistError(
      ds.insert('Department', [{ deptNo: 'D1', deptName: 'Mine' }]),
      'ALREADY_EXISTS',
      "A record with the key 'D1' already exists for the entity 'Department'.",
    );
    expect(env.emulator.sheetValues(id, 'Department')).toEqual([
      ['deptNo', 'deptName'],
      ['D1', 'Theirs'],
    ]);
  });

  test('a transaction whose commit meets a concurrent write runs again from its start', async () => {
    const { ds } = await theirsBeforeOurWrite();
    let runs = 0;
    const seen = await ds.transaction(async (tx) => {
      runs++;
      await tx.insert('Ticket', [{ title: 'mine' }]);
      return (await tx.list('Ticket')).map((t) => t['title']);
    });
    expect({ runs, seen }).toEqual({ runs: 2, seen: ['theirs', 'mine'] });
  });

  test('writers that keep committing in between: DATASTORE_UNAVAILABLE after the bounded attempts, nothing of ours written', async () => {
    const { ds, id } = await open(generated);
    const { ds: other } = await open(generated, id);
    let n = 0;
    // Before each of our writes, theirs (which itself passes no hook: they are taken as they run).
    const interfere = async (): Promise<void> => {
      n++;
      await other.insert('Ticket', [{ title: `theirs ${n}` }]);
      if (n < 10) env.emulator.beforeNextWrite(interfere);
    };
    env.emulator.beforeNextWrite(interfere);
    await expectPersistError(
      ds.insert('Ticket', [{ title: 'mine' }]),
      'DATASTORE_UNAVAILABLE',
      `The spreadsheet '${id}' was changed by other writers between each of 5 reads and writes; nothing was written, try again.`,
    );
    env.emulator.clearWriteHooks();
    expect(n).toBe(5);
    const titles = (await ds.list('Ticket')).map((t) => t['title']);
    expect(titles).not.toContain('mine');
    expect(titles).toHaveLength(5);
  });
});

describe('googlesheets: sheets broken by hand', () => {
  test('a missing sheet fails when opening, naming it', async () => {
    const id = env.emulator.createSpreadsheet();
    await expectPersistError(
      env.openExisting(rainier, id),
      'SCHEMA_MISMATCH',
      `The spreadsheet '${id}' lacks the sheet(s) '_persist', 'Employee', 'Workspace', 'Building', 'Department', 'OrderItem'; run \`persist push\` to create them.`,
    );
  });

  test('a header that differs from the model names the sheet and the difference', async () => {
    const { ds, id } = await seeded();
    env.emulator.setCell(id, 'Department', 0, 1, 'name');
    await expectPersistError(
      ds.list('Employee'),
      'SCHEMA_MISMATCH',
      "The sheet 'Department' does not match the entity 'Department': cell B1 holds 'name'; expected 'deptName'. Its first row must be: deptNo, deptName.",
    );
    env.emulator.setCell(id, 'Department', 0, 1, undefined);
    await expectPersistError(
      ds.list('Employee'),
      'SCHEMA_MISMATCH',
      expect.stringContaining("cell B1 is empty; expected 'deptName'") as unknown as string,
    );
  });

  test('a malformed cell names the sheet, row and column; writes send nothing', async () => {
    const { ds, id } = await seeded();
    env.emulator.setCell(id, 'Employee', 2, 3, 'yesterday');
    await expectPersistError(
      ds.list('Department'),
      'SCHEMA_MISMATCH',
      'The sheet \'Employee\' holds a malformed value at row 3, column D (\'birthDate\'): "yesterday" is not a date (expected YYYY-MM-DD, like "2024-02-29"). Correct the cell in the spreadsheet.',
    );
    env.emulator.resetRequests();
    await expect(ds.insert('Department', [{ deptNo: 'D8', deptName: 'x' }])).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    expect(env.emulator.count('batchUpdate')).toBe(0);
    env.emulator.setCell(id, 'OrderItem', 1, 2, 'many');
    env.emulator.setCell(id, 'Employee', 2, 3, '1990-01-01');
    await expectPersistError(
      ds.list('OrderItem'),
      'SCHEMA_MISMATCH',
      "The sheet 'OrderItem' holds a malformed value at row 2, column C ('quantity'): \"many\" is not an integer. Correct the cell in the spreadsheet.",
    );
  });

  test('an empty cell in a non-nullable column, and a key held twice', async () => {
    const { ds, id } = await seeded();
    env.emulator.setCell(id, 'Department', 1, 1, undefined);
    await expectPersistError(
      ds.list('Department'),
      'SCHEMA_MISMATCH',
      "The sheet 'Department' holds a malformed value at row 2, column B ('deptName'): the cell is empty, but the field is not nullable. Correct the cell in the spreadsheet.",
    );
    env.emulator.setCell(id, 'Department', 1, 1, 'x');
    env.emulator.setCell(id, 'Department', 2, 0, 'D1');
    await expectPersistError(
      ds.list('Department'),
      'SCHEMA_MISMATCH',
      "The sheet 'Department' holds the key of row 3 also in row 2; keys must be unique. Correct the sheet.",
    );
  });
});
