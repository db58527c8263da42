/**
 * Batching: each relation field at each level costs exactly one datastore call whatever the
 * number of parent rows, and each call asks only for the fields the selection needs. Also the
 * 10,000-row insert of issue 3 §6.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CountingDatastore } from '../../../src/datastore/counting-datastore.js';
import type { Datastore, ListQuery, Row, Tuple } from '../../../src/datastore/datastore.js';
import type { ModelIR } from '../../../src/model/ir.js';
import { createHarness, type Harness, type Mode, type OpenDatastore } from './harness.js';

/** Rainier rows: `departments` departments, `employees` employees spread over them and over workspaces. */
export function rainierRows(departments: number, employees: number): Record<string, Row[]> {
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  const buildings = Array.from({ length: 10 }, (_, i) => ({ buildingCode: `B${pad(i, 2)}`, city: `City ${i}`, state: 'ST', country: 'Country', postalCode: pad(i, 5), type: 'office' }));
  const workspaces = Array.from({ length: 100 }, (_, i) => ({ workspaceId: `W${pad(i, 3)}`, workspaceType: i % 2 ? 'desk' : 'room', locationBuildingCode: `B${pad(i % 10, 2)}` }));
  const depts = Array.from({ length: departments }, (_, i) => ({ deptNo: `D${pad(i, 2)}`, deptName: `Department ${i}` }));
  const emps = Array.from({ length: employees }, (_, i) => ({
    empNo: `E${pad(i, 5)}`, firstName: `First${i}`, lastName: `Last${i}`, birthDate: '1990-01-01', gender: i % 2 ? 'FEMALE' : 'MALE',
    hireDate: '2020-01-01', departmentDeptNo: `D${pad(i % departments, 2)}`, workspaceWorkspaceId: `W${pad(i % 100, 3)}`,
  }));
  return { Building: buildings, Workspace: workspaces, Department: depts, Employee: emps };
}

interface Recorded {
  method: string;
  entity: string;
  count: number;
  select: readonly string[] | undefined;
}

/** Records each read call's entity, batch size and `select`. */
function recording(inner: Datastore, log: Recorded[]): Datastore {
  return {
    getByKeys: (entity: string, keys: readonly Tuple[], select?: readonly string[]) => (log.push({ method: 'getByKeys', entity, count: keys.length, select }), inner.getByKeys(entity, keys, select)),
    getByFields: (entity: string, fields: readonly string[], values: readonly Tuple[], query?: ListQuery) => (log.push({ method: 'getByFields', entity, count: values.length, select: query?.select }), inner.getByFields(entity, fields, values, query)),
    list: (entity: string, query?: ListQuery) => (log.push({ method: 'list', entity, count: 1, select: query?.select }), inner.list(entity, query)),
    insert: (e, r) => inner.insert(e, r),
    update: (e, k, p) => inner.update(e, k, p),
    delete: (e, k) => inner.delete(e, k),
    transaction: (w) => inner.transaction(w),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}

const NESTED = '{ departments { employees { workspace { location { city } } } } }';

export function describeBatching(open: OpenDatastore, rainier: ModelIR, mode: Mode): void {
  describe(`batching (${mode.name})`, () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    for (const [departments, employees] of [[20, 2000], [2, 10]] as const) {
      it(`resolves ${NESTED} over ${departments} departments and ${employees} employees in exactly 4 datastore calls`, async () => {
        const counting = new CountingDatastore(await open(rainier));
        h = await createHarness(rainier, counting, rainierRows(departments, employees), mode);
        counting.reset();
        const data = await h.ok(NESTED);
        expect(counting.calls).toEqual([
          { method: 'list', entity: 'Department' },
          { method: 'getByFields', entity: 'Employee' },
          { method: 'getByKeys', entity: 'Workspace' },
          { method: 'getByKeys', entity: 'Building' },
        ]);
        expect(data.departments).toHaveLength(departments);
        const all = data.departments.flatMap((d: { employees: unknown[] }) => d.employees);
        expect(all).toHaveLength(employees);
        expect(data.departments[1].employees[0]).toEqual({ workspace: { location: { city: 'City 1' } } });
      });
    }

    it('costs one call per relation field per level also with arguments, aliases and by-key roots', async () => {
      const counting = new CountingDatastore(await open(rainier));
      h = await createHarness(rainier, counting, rainierRows(5, 200), mode);
      counting.reset();
      await h.ok(`{
        a: employee(empNo: "E00001") { department { deptName } }
        b: employee(empNo: "E00002") { department { deptName } }
        departments {
          first: employees(limit: 2, orderBy: [{ empNo: DESC }]) { workspace { workspaceId } }
          women: employees(where: { gender: { eq: FEMALE } }) { department { deptNo } }
        }
      }`);
      // getByKeys: the two root employees in one batch, then one per relation field per place:
      // a.department and b.department (one batch when DataLoaders meet them in the same tick),
      // first.workspace, women.department.
      expect(counting.counts()).toEqual({ getByKeys: mode.levelPrefetch ? 5 : 4, list: 1, getByFields: 2 });
    });

    it('asks the datastore only for the fields the selection needs, plus keys and join fields', async () => {
      const log: Recorded[] = [];
      h = await createHarness(rainier, recording(await open(rainier), log), rainierRows(3, 30), mode);
      log.length = 0;
      await h.ok('{ departments { deptName employees { firstName workspace { location { city } } } } }');
      expect(log.map((c) => [c.method, c.entity, c.count, c.select])).toEqual([
        ['list', 'Department', 1, ['deptNo', 'deptName']],
        ['getByFields', 'Employee', 3, ['empNo', 'firstName', 'workspaceWorkspaceId']],
        ['getByKeys', 'Workspace', 30, ['workspaceId', 'locationBuildingCode']],
        ['getByKeys', 'Building', 10, ['buildingCode', 'city']],
      ]);
    });

    // Writes do not depend on the mode: once is enough.
    if (mode.levelPrefetch) it('inserts 10,000 rows in one request', async () => {
      h = await createHarness(rainier, await open(rainier), {});
      const data = Array.from({ length: 10_000 }, (_, i) => ({ orderId: `O${i}`, itemId: 'I1', quantity: i, notes: 'bulk' }));
      const res = await h.ok('mutation($d: [OrderItemInsert!]!) { createOrderItems(data: $d) { orderId } }', { d: data });
      expect(res.createOrderItems).toHaveLength(10_000);
      const read = await h.ok('{ orderItems(where: { quantity: { gte: 9998 } }) { orderId quantity } }');
      expect(read.orderItems).toEqual([{ orderId: 'O9998', quantity: 9998 }, { orderId: 'O9999', quantity: 9999 }]);
    });
  });
}
