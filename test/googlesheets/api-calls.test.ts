/**
 * What the googlesheets datastore costs in Sheets API calls (the emulator records each one): one
 * values.batchGet per datastore call, so a nested 3-level query costs at most one per level; a
 * write one batchGet and one batchUpdate whatever its number of rows; a failed write no write.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Datastore } from '../../src/datastore/datastore.js';
import { createHarness, type Harness } from '../graphql/conformance/harness.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';
import { useSheetsEmulator } from './sheets-test-env.js';

const env = useSheetsEmulator();
const rainier = loadModel('rainier');
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function served(): Promise<Harness> {
  harness = await createHarness(rainier, await env.open(rainier), rainierData());
  env.emulator.resetRequests();
  return harness;
}

const calls = (): Record<string, number> => ({
  batchGet: env.emulator.count('batchGet'),
  batchUpdate: env.emulator.count('batchUpdate') + env.emulator.count('valuesBatchUpdate'),
  get: env.emulator.count('get'),
});

describe('googlesheets: API calls per request', () => {
  test('a nested 3-level query costs at most one batchGet per level, and no write', async () => {
    const h = await served();
    const data = await h.ok(
      '{ employees(orderBy: [{empNo: ASC}]) { empNo workspace { workspaceId location { city workspaces { workspaceId } } } department { deptNo employees { empNo } } } }',
    );
    expect(data.employees).toHaveLength(rainierData()['Employee']!.length);
    expect(data.employees[0].workspace.location.workspaces.length).toBeGreaterThan(0);
    // One batchGet per level (to-one relations may be folded into their parent's call).
    expect(calls()).toEqual({ batchGet: 3, batchUpdate: 0, get: 0 });
    // Level by level: employees (with their to-one relations folded in), then the to-many of each.
    env.emulator.resetRequests();
    await h.ok('{ employees { empNo workspace { location { city } } } }');
    expect(calls()).toEqual({ batchGet: 1, batchUpdate: 0, get: 0 });
    env.emulator.resetRequests();
    await h.ok('{ departments { deptNo employees { empNo workspace { workspaceId } } } }');
    expect(calls()).toEqual({ batchGet: 3, batchUpdate: 0, get: 0 });
  });

  test('a 100-row insert costs one batchGet and one batchUpdate', async () => {
    const h = await served();
    const rows = Array.from({ length: 100 }, (_, i) => ({ orderId: `N${i}`, itemId: 'I1', quantity: i, notes: i % 2 ? '' : `note ${i}` }));
    const data = await h.ok('mutation ($data: [OrderItemInsert!]!) { createOrderItems(data: $data) { orderId itemId quantity notes } }', {
      data: rows,
    });
    expect(data.createOrderItems).toEqual(rows);
    expect(calls()).toEqual({ batchGet: 1, batchUpdate: 1, get: 0 });
    expect(env.emulator.sheetValues(specOf(h.datastore), 'OrderItem')).toHaveLength(1 + rainierData()['OrderItem']!.length + 100);
  });

  test('a failed write reads once and sends nothing', async () => {
    const h = await served();
    const res = await h.gql(
      'mutation { createEmployees(data: [{empNo: "E1", firstName: "A", lastName: "B", birthDate: "2000-01-01", gender: MALE, hireDate: "2020-01-01", departmentDeptNo: "D1", workspaceWorkspaceId: "W1"}]) { empNo } }',
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('ALREADY_EXISTS');
    expect(calls()).toEqual({ batchGet: 1, batchUpdate: 0, get: 0 });
  });

  test('a mutation of several root fields (bulk writes among them) reads once and writes once; a failing one sends nothing', async () => {
    const h = await served();
    const data = await h.ok(`mutation {
      upsertDepartments(data: [{ deptNo: "D1", deptName: "Up" }, { deptNo: "D9", deptName: "New" }]) { deptNo deptName }
      updateOrderItems(where: { orderId: { eq: "O2" } }, data: { quantity: 7 }) { affected }
      deleteOrderItems(where: { itemId: { eq: "I2" } }) { affected }
    }`);
    expect(data.upsertDepartments).toEqual([
      { deptNo: 'D1', deptName: 'Up' },
      { deptNo: 'D9', deptName: 'New' },
    ]);
    expect(data.updateOrderItems.affected).toBeGreaterThan(0);
    expect(calls()).toEqual({ batchGet: 1, batchUpdate: 1, get: 0 });
    const stored = env.emulator.sheetValues(specOf(h.datastore), 'Department');
    env.emulator.resetRequests();
    const res = await h.gql(`mutation {
      upsertDepartments(data: [{ deptNo: "D8", deptName: "Kept?" }]) { deptNo }
      deleteDepartments(where: { deptNo: { eq: "D1" } }) { affected }
    }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('FOREIGN_KEY_VIOLATION');
    expect(calls()).toEqual({ batchGet: 1, batchUpdate: 0, get: 0 });
    expect(env.emulator.sheetValues(specOf(h.datastore), 'Department')).toEqual(stored);
  });

  test('a transaction sends only what its savepoints kept; readers outside it read the spreadsheet as committed', async () => {
    const ds = await env.open(loadModel('generated'));
    env.emulator.resetRequests();
    let outside: unknown[] = ['not read'];
    await ds.transaction(async (tx) => {
      await tx.insert('Ticket', [{ title: 'kept' }]);
      await expect(
        tx.transaction(async (sp) => {
          await sp.insert('Ticket', [{ title: 'undone' }]);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      outside = await ds.list('Ticket');
    });
    expect(outside).toEqual([]);
    expect(calls()).toEqual({ batchGet: 2, batchUpdate: 1, get: 0 });
    // The undone insert took key 2 (as AUTO_INCREMENT would), but wrote no row.
    expect(await ds.list('Ticket')).toEqual([{ id: 1, title: 'kept' }]);
    await ds.close();
  });

  test('a transaction reads once and commits all its writes in one batchUpdate', async () => {
    const ds = await env.open(loadModel('generated'));
    env.emulator.resetRequests();
    const out = await ds.transaction(async (tx) => {
      const [t] = await tx.insert('Ticket', [{ title: 'a' }]);
      await tx.insert('Comment', [
        { body: 'x', ticketId: t!['id']! },
        { body: 'y', ticketId: t!['id']! },
      ]);
      await tx.update('Ticket', [t!['id']!], { title: 'b' });
      return tx.list('Comment');
    });
    expect(out.map((r) => r['body'])).toEqual(['x', 'y']);
    expect(calls()).toEqual({ batchGet: 1, batchUpdate: 1, get: 0 });
    expect(await ds.list('Ticket')).toEqual([{ id: 1, title: 'b' }]);
    await ds.close();
  });
});

function specOf(ds: Datastore): string {
  return (ds as unknown as { client: { spreadsheetId: string } }).client.spreadsheetId;
}
