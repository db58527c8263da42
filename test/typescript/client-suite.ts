/**
 * The generated client's behaviour, written once and run against every datastore
 * (`describeClientSuite(name, open)`): CRUD on simple, composite and generated keys, selections to
 * any depth, list arguments, every scalar, both sides of 1-1 and 1-n relations, the error classes
 * with their SPEC §3 messages, atomic batches, and batching (one datastore call per relation field
 * per level, counted through CountingDatastore).
 *
 * Test files that call this must resolve `persist/runtime` to the runtime's source:
 * `vi.mock('persist/runtime', () => import('../../src/client/index.js'))`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client as StoreClient } from '../../src/generated/store/client.js';
import { Client as FeaturesClient, type CustomerWhere } from './golden/features/client.js';
import { Client as LedgerClient } from './golden/ledger/client.js';
import { AlreadyExistsError, ForeignKeyViolationError, InvalidValueError, NotFoundError, PersistError } from '../../src/errors.js';
import { CountingDatastore } from '../support/counting-datastore.js';
import { BUILDINGS, customer, DEPARTMENTS, employee, EMPLOYEES, WORKSPACES } from './client-fixtures.js';
import { loadModel } from '../support/models.js';
import type { OpenDatastore } from '../support/open-datastore.js';

const rainier = loadModel('rainier');
const features = loadModel('features');
const ledger = loadModel('ledger');

export type { OpenDatastore };

// `Function & { prototype: T }` rather than a constructor type: ForeignKeyViolationError's constructor is private.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
async function expectError<T extends Error>(promise: Promise<unknown>, type: Function & { prototype: T }, message: string): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect(error).toBeInstanceOf(PersistError);
  expect((error as Error).message).toBe(message);
  return error as T;
}

/** Runs the client suite against the datastore `open` gives. */
export function describeClientSuite(name: string, open: OpenDatastore): void {
  describe(`generated client on ${name}`, () => {
    const clients: { close(): Promise<void> }[] = [];
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    });

    async function storeClient(): Promise<{ client: StoreClient; counting: CountingDatastore }> {
      const counting = new CountingDatastore(await open(rainier));
      const client = new StoreClient(counting);
      clients.push(client);
      return { client, counting };
    }

    async function seededStore(employees = EMPLOYEES): Promise<{ client: StoreClient; counting: CountingDatastore }> {
      const s = await storeClient();
      await s.client.buildings.post(BUILDINGS);
      await s.client.workspaces.post(WORKSPACES);
      await s.client.departments.post(DEPARTMENTS);
      await s.client.employees.post(employees);
      s.counting.reset();
      return s;
    }

    async function featuresClient(): Promise<FeaturesClient> {
      const client = new FeaturesClient(await open(features));
      clients.push(client);
      return client;
    }

    describe('reads', () => {
      it('post returns the keys in input order; getByKey returns the entity type', async () => {
        const { client } = await storeClient();
        expect(await client.departments.post([DEPARTMENTS[1]!, DEPARTMENTS[0]!])).toEqual(['D2', 'D1']);
        expect(await client.departments.getByKey('D2')).toEqual({ deptNo: 'D2', deptName: 'Sales' });
      });

      it('get streams every row in key order by default', async () => {
        const { client } = await seededStore();
        const seen: string[] = [];
        for await (const e of client.employees.get()) seen.push(e.empNo);
        expect(seen).toEqual(['E001', 'E002', 'E003', 'E004', 'E005']);
        expect(await client.employees.get().toArray()).toEqual(EMPLOYEES);
      });

      it('get filters (field operators, AND, OR, NOT), sorts and pages', async () => {
        const { client } = await seededStore();
        const keys = async (rows: AsyncIterable<{ readonly empNo: string }>): Promise<string[]> => {
          const out: string[] = [];
          for await (const r of rows) out.push(r.empNo);
          return out;
        };
        expect(await keys(client.employees.get({ where: { departmentDeptNo: { eq: 'D1' }, gender: { eq: 'MALE' } } }))).toEqual([
          'E001',
          'E003',
        ]);
        expect(
          await keys(client.employees.get({ where: { OR: [{ empNo: { in: ['E002', 'E004'] } }, { firstName: { endsWith: '5' } }] } })),
        ).toEqual(['E002', 'E004', 'E005']);
        expect(await keys(client.employees.get({ where: { NOT: { departmentDeptNo: { eq: 'D1' } } } }))).toEqual(['E004', 'E005']);
        expect(
          await keys(
            client.employees.get({
              where: { AND: [{ empNo: { gte: 'E002' } }, { empNo: { lt: 'E005' } }], firstName: { contains: 'st3' } },
            }),
          ),
        ).toEqual(['E003']);
        expect(await keys(client.employees.get({ orderBy: [{ departmentDeptNo: 'DESC' }, { gender: 'ASC' }] }))).toEqual([
          'E005',
          'E004',
          'E001',
          'E003',
          'E002',
        ]);
        expect(await keys(client.employees.get({ orderBy: { empNo: 'DESC' }, limit: 2, offset: 1 }))).toEqual(['E004', 'E003']);
      });

      it('a stream is lazy and runs its query again on every iteration', async () => {
        const { client, counting } = await seededStore();
        const stream = client.departments.get({ select: { deptNo: true } });
        expect(counting.count()).toBe(0);
        await client.departments.post([{ deptNo: 'D4', deptName: 'Ops' }]);
        expect((await stream.toArray()).map((d) => d.deptNo)).toEqual(['D1', 'D2', 'D3', 'D4']);
        expect((await stream.toArray()).length).toBe(4);
        expect(counting.count('list')).toBe(2);
      });

      it('a selection follows owner relations to any depth', async () => {
        const { client } = await seededStore();
        const rows = await client.employees
          .get({
            where: { empNo: { in: ['E001', 'E004'] } },
            select: { empNo: true, department: { deptName: true }, workspace: { workspaceType: true, location: { city: true } } },
          })
          .toArray();
        expect(rows).toEqual([
          { empNo: 'E001', department: { deptName: 'Engineering' }, workspace: { workspaceType: 'desk', location: { city: 'Colombo' } } },
          { empNo: 'E004', department: { deptName: 'Sales' }, workspace: { workspaceType: 'bench', location: { city: 'Kandy' } } },
        ]);
        expect(Object.keys(rows[0]!)).toEqual(['empNo', 'department', 'workspace']);
      });

      it('1-n relations are arrays, with where, orderBy, limit and offset per parent', async () => {
        const { client } = await seededStore();
        const rows = await client.departments
          .get({
            select: {
              deptNo: true,
              employees: { where: { gender: { ne: 'FEMALE' } }, orderBy: { empNo: 'DESC' }, limit: 1, select: { empNo: true } },
            },
          })
          .toArray();
        expect(rows).toEqual([
          { deptNo: 'D1', employees: [{ empNo: 'E003' }] },
          { deptNo: 'D2', employees: [{ empNo: 'E005' }] },
          { deptNo: 'D3', employees: [] },
        ]);
        const b = await client.buildings.getByKey('B1', {
          select: { workspaces: { offset: 1, select: { workspaceId: true, employees: true } } },
        });
        expect(b).toEqual({ workspaces: [{ workspaceId: 'W2', employees: [EMPLOYEES[1]] }] });
      });

      it('relation `true` gives every stored field of the related rows', async () => {
        const { client } = await seededStore();
        expect(await client.employees.getByKey('E002', { select: { workspace: true } })).toEqual({ workspace: WORKSPACES[1] });
        expect((await client.departments.getByKey('D2', { select: { employees: true } })).employees).toEqual([EMPLOYEES[3], EMPLOYEES[4]]);
      });

      it('getByKey throws NotFoundError with the SPEC message', async () => {
        const { client } = await seededStore();
        const e = await expectError(
          client.employees.getByKey('E042'),
          NotFoundError,
          "A record with the key 'E042' does not exist for the entity 'Employee'.",
        );
        expect(e.code).toBe('NOT_FOUND');
      });

      it('rejects an unknown name in a selection at run time too (for JavaScript callers)', async () => {
        const { client } = await seededStore();
        const select = JSON.parse('{"empNo": true, "salary": true}') as { empNo: true };
        await expectError(
          client.employees.getByKey('E001', { select }),
          PersistError,
          "The entity 'Employee' has no field or relation 'salary'.",
        );
      });
    });

    describe('pages', () => {
      it('pages with cursors: one datastore call per page, rows deleted or inserted between pages neither skipped nor repeated', async () => {
        const { client, counting } = await seededStore();
        const pages = client.employees.pages({
          first: 2,
          orderBy: [{ lastName: 'DESC' }],
          select: { empNo: true, department: { deptName: true } },
        });
        counting.reset();
        const seen: unknown[] = [];
        for await (const page of pages) {
          seen.push([page.rows.map((r) => r.empNo), page.hasNextPage, page.totalCount]);
          if (seen.length === 1) {
            expect(page.rows[0]).toEqual({ empNo: 'E005', department: { deptName: expect.any(String) as string } });
            await client.employees.delete('E004');
            await client.employees.post([employee(6, 'D1', 'W1')]);
            counting.reset();
          }
        }
        // Last5, Last4 | (Last4 deleted, Last6 inserted before the cursor) Last3, Last2 | Last1.
        expect(seen).toEqual([
          [['E005', 'E004'], true, 5],
          [['E003', 'E002'], true, 5],
          [['E001'], false, 5],
        ]);
        expect(counting.reads.filter((r) => r.method === 'connection')).toHaveLength(2);
        // Re-runnable: a second iteration reads again from the first page.
        const again: unknown[] = [];
        for await (const page of client.employees.pages({ first: 10, where: { departmentDeptNo: { eq: 'D2' } } }))
          again.push(page.rows.map((r) => r.empNo));
        expect(again).toEqual([['E005']]);
      });

      it('refuses a page size that is not a positive integer', async () => {
        const { client } = await seededStore();
        expect(() => client.employees.pages({ first: 0 })).toThrow(
          "The page size 'first' of 'Employee' pages must be a positive integer, got 0.",
        );
        expect(() => client.employees.pages({ first: 1.5 })).toThrow('got 1.5');
      });
    });

    describe('aggregates', () => {
      it('aggregate: what is asked for, over the rows matching where, in one datastore call', async () => {
        const { client, counting } = await seededStore();
        expect(await client.employees.aggregate({ count: true, min: { empNo: true }, max: { lastName: true, gender: true } })).toEqual({
          count: 5,
          min: { empNo: 'E001' },
          max: { lastName: 'Last5', gender: 'FEMALE' },
        });
        expect(
          await client.employees.aggregate({ where: { departmentDeptNo: { eq: 'D3' } }, count: true, min: { hireDate: true } }),
        ).toEqual({
          count: 0,
          min: { hireDate: null },
        });
        expect(counting.counts()).toEqual({ aggregate: 2 });
      });

      it('groupBy: the by fields and the aggregates, default order by the by fields (enums as declared), having, orderBy, paging', async () => {
        const { client } = await seededStore();
        expect(await client.employees.groupBy({ by: ['departmentDeptNo', 'gender'], count: true })).toEqual([
          { departmentDeptNo: 'D1', gender: 'MALE', count: 2 },
          { departmentDeptNo: 'D1', gender: 'FEMALE', count: 1 },
          { departmentDeptNo: 'D2', gender: 'MALE', count: 1 },
          { departmentDeptNo: 'D2', gender: 'FEMALE', count: 1 },
        ]);
        const top = await client.employees.groupBy({
          by: ['departmentDeptNo'],
          count: true,
          max: { empNo: true },
          having: { count: { gte: 2 } },
          orderBy: [{ count: 'DESC' }],
          limit: 1,
        });
        expect(top).toEqual([{ departmentDeptNo: 'D1', count: 3, max: { empNo: 'E003' } }]);
        await expectError(
          client.employees.groupBy({ by: ['gender'], orderBy: { departmentDeptNo: 'ASC' } as never }),
          PersistError,
          "Groups of 'Employee' cannot be sorted by 'departmentDeptNo': it is not among the grouped fields (gender); add it to 'by' or sort by an aggregate.",
        );
        await expectError(
          client.employees.groupBy({ by: [] as never, count: true }),
          PersistError,
          "'by' of 'Employee' groupBy must list at least one field to group by.",
        );
      });

      it('decimals exact: sums and averages with 30 fractional digits', async () => {
        const client = await featuresClient();
        await client.customers.post([customer(1, { balance: '0.000000000000000000000000000001' }), customer(2, { balance: '2' })]);
        expect(await client.customers.aggregate({ sum: { balance: true }, avg: { balance: true } })).toEqual({
          sum: { balance: '2.000000000000000000000000000001' },
          avg: { balance: '1.0000000000000000000000000000005' },
        });
      });
    });

    describe('writes', () => {
      it('put sets only the given fields and returns the updated entity', async () => {
        const { client } = await seededStore();
        const updated = await client.employees.put('E002', { lastName: 'Perera', workspaceWorkspaceId: 'W3' });
        expect(updated).toEqual({ ...EMPLOYEES[1], lastName: 'Perera', workspaceWorkspaceId: 'W3' });
        expect(await client.employees.getByKey('E002')).toEqual(updated);
      });

      it('delete returns the row as it was, after which it is gone', async () => {
        const { client } = await seededStore();
        expect(await client.employees.delete('E005')).toEqual(EMPLOYEES[4]);
        await expectError(
          client.employees.getByKey('E005'),
          NotFoundError,
          "A record with the key 'E005' does not exist for the entity 'Employee'.",
        );
        await expectError(
          client.employees.delete('E005'),
          NotFoundError,
          "A record with the key 'E005' does not exist for the entity 'Employee'.",
        );
        await expectError(
          client.employees.put('E005', { lastName: 'x' }),
          NotFoundError,
          "A record with the key 'E005' does not exist for the entity 'Employee'.",
        );
      });

      it('composite keys: post returns tuples, getByKey / put / delete take them', async () => {
        const { client } = await storeClient();
        const keys = await client.orderItems.post([
          { orderId: 'O1', itemId: 'I2', quantity: 2, notes: 'gift' },
          { orderId: 'O1', itemId: 'I1', quantity: 1, notes: '' },
        ]);
        expect(keys).toEqual([
          ['O1', 'I2'],
          ['O1', 'I1'],
        ]);
        expect(await client.orderItems.getByKey(keys[0]!)).toEqual({ orderId: 'O1', itemId: 'I2', quantity: 2, notes: 'gift' });
        expect(await client.orderItems.put(['O1', 'I1'], { quantity: 5 })).toEqual({ orderId: 'O1', itemId: 'I1', quantity: 5, notes: '' });
        expect(await client.orderItems.delete(['O1', 'I2'])).toEqual({ orderId: 'O1', itemId: 'I2', quantity: 2, notes: 'gift' });
        await expectError(
          client.orderItems.getByKey(['O1', 'I2']),
          NotFoundError,
          'A record with the key \'{"orderId":"O1","itemId":"I2"}\' does not exist for the entity \'OrderItem\'.',
        );
      });

      it('post of a duplicate key throws AlreadyExistsError and inserts nothing of the batch', async () => {
        const { client } = await seededStore();
        const e = await expectError(
          client.departments.post([{ deptNo: 'D9', deptName: 'New' }, DEPARTMENTS[0]!]),
          AlreadyExistsError,
          "A record with the key 'D1' already exists for the entity 'Department'.",
        );
        expect(e.code).toBe('ALREADY_EXISTS');
        expect((await client.departments.get().toArray()).map((d) => d.deptNo)).toEqual(['D1', 'D2', 'D3']);
      });

      it('a missing parent and deleting a parent with children throw ForeignKeyViolationError', async () => {
        const { client } = await seededStore();
        const missing = await expectError(
          client.employees.post([employee(9, 'D7', 'W1')]),
          ForeignKeyViolationError,
          "A record with the key 'D7' does not exist for the entity 'Department' (referenced by 'Employee.department').",
        );
        expect(missing.code).toBe('FOREIGN_KEY_VIOLATION');
        await expectError(
          client.employees.put('E001', { departmentDeptNo: 'D7' }),
          ForeignKeyViolationError,
          "A record with the key 'D7' does not exist for the entity 'Department' (referenced by 'Employee.department').",
        );
        await expectError(
          client.departments.delete('D2'),
          ForeignKeyViolationError,
          "The record with the key 'D2' of the entity 'Department' cannot be deleted: records of the entity 'Employee' still refer to it through 'department'.",
        );
        expect(await client.employees.get().toArray()).toEqual(EMPLOYEES);
      });

      it('a malformed value is an InvalidValueError naming the entity and field', async () => {
        const { client } = await seededStore();
        const e = await client.employees.post([employee(9, 'D1', 'W1', { birthDate: '2024-02-30' })]).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(InvalidValueError);
        expect((e as InvalidValueError).code).toBe('BAD_USER_INPUT');
        expect((e as Error).message).toMatch(/^Invalid value for 'Employee\.birthDate': /);
        await expect(client.employees.getByKey('E009')).rejects.toBeInstanceOf(NotFoundError);
      });

      it('post([]) returns [] without a datastore call', async () => {
        const { client, counting } = await seededStore();
        expect(await client.departments.post([])).toEqual([]);
        expect(counting.count()).toBe(0);
      });
    });

    describe('every scalar, nullability and both sides of relations (feature model)', () => {
      it('round-trips every simple type in its documented runtime form', async () => {
        const client = await featuresClient();
        const full = customer(1, {
          nickname: 'Al',
          score: -7,
          weight: 71.5,
          balance: '0012.500',
          credit: '-0.25',
          verified: false,
          avatar: new Uint8Array([0, 1, 254, 255]),
          anniversary: '2024-02-29',
          bedTime: '22:15:30.250',
          createdAt: '2024-02-29T15:45:00+02:00',
          deletedAt: '2030-01-01T00:00:00Z',
          nextVisit: '2025-12-31T23:59:59',
          previousStatus: 'CLOSED',
        });
        expect(await client.customers.post([full, customer(2)])).toEqual([1, 2]);
        const stored = await client.customers.getByKey(1);
        expect(stored).toEqual({
          ...full,
          balance: '12.5',
          bedTime: '22:15:30.25',
          createdAt: '2024-02-29T13:45:00Z',
        });
        expect(stored.avatar).toBeInstanceOf(Uint8Array);
        // Nullable fields left out of an insert are stored as null.
        expect(
          await client.customers.getByKey(2, { select: { nickname: true, avatar: true, previousStatus: true, credit: true } }),
        ).toEqual({
          nickname: null,
          avatar: null,
          previousStatus: null,
          credit: null,
        });
      });

      it('put with null clears a nullable field', async () => {
        const client = await featuresClient();
        await client.customers.post([customer(1, { nickname: 'Al', score: 3 })]);
        const updated = await client.customers.put(1, { nickname: null, status: 'suspended' });
        expect(updated.nickname).toBeNull();
        expect(updated.score).toBe(3);
        expect(updated.status).toBe('suspended');
        const e = await client.customers.put(1, { name: null } as unknown as { name: string }).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(InvalidValueError);
      });

      it('filters on enums (stored values), decimals, nullable fields', async () => {
        const client = await featuresClient();
        await client.customers.post([
          customer(1, { status: 'CLOSED', balance: '5' }),
          customer(2, { nickname: 'B', balance: '12.50' }),
          customer(3),
        ]);
        const ids = async (where: CustomerWhere): Promise<number[]> => (await client.customers.get({ where }).toArray()).map((c) => c.id);
        expect(await ids({ status: { in: ['active'] } })).toEqual([2, 3]);
        expect(await ids({ balance: { gt: '12.25' } })).toEqual([2, 3]);
        expect(await ids({ balance: { lt: '12.5' } })).toEqual([1]);
        expect(await ids({ balance: { eq: '12.5' } })).toEqual([2]);
        expect(await ids({ nickname: { isNull: false } })).toEqual([2]);
        expect(await ids({ nickname: { ne: 'B' } })).toEqual([]);
      });

      it('1-1: the other side is null or the row; the owner side is unique', async () => {
        const client = await featuresClient();
        await client.customers.post([customer(1), customer(2)]);
        await client.profiles.post([{ handle: 'ann', bio: 'hi', customerId: 1 }]);
        expect(await client.customers.get({ select: { id: true, profile: { handle: true } } }).toArray()).toEqual([
          { id: 1, profile: { handle: 'ann' } },
          { id: 2, profile: null },
        ]);
        expect(await client.profiles.getByKey('ann', { select: { customer: { name: true } } })).toEqual({
          customer: { name: 'Customer 1' },
        });
        const e = await client.profiles.post([{ handle: 'bob', bio: '', customerId: 1 }]).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(AlreadyExistsError);
      });

      it('composite foreign keys and two relations between the same entities', async () => {
        const client = await featuresClient();
        await client.customers.post([customer(1), customer(2)]);
        expect(await client.products.post([{ vendor: 'acme', sku: 7, title: 'Anvil', price: '99.90' }])).toEqual([['acme', 7]]);
        await client.warranties.post([{ id: 1, months: 24, productVendor: 'acme', productSku: 7 }]);
        await client.orders.post([
          { orderNo: 'O1', placedOn: '2024-01-02', total: '10', customerId: 1, referrerId: 2 },
          { orderNo: 'O2', placedOn: '2024-01-03', total: '20', customerId: 2, referrerId: 2 },
        ]);
        await client.orderLines.post([{ lineId: 'L1', quantity: 3, orderOrderNo: 'O1', productVendor: 'acme', productSku: 7 }]);
        expect(
          await client.customers.getByKey(2, {
            select: { orders: { select: { orderNo: true } }, referredOrders: { select: { orderNo: true } } },
          }),
        ).toEqual({
          orders: [{ orderNo: 'O2' }],
          referredOrders: [{ orderNo: 'O1' }, { orderNo: 'O2' }],
        });
        expect(
          await client.products.getByKey(['acme', 7], {
            select: { warranty: { months: true }, lines: { select: { order: { customer: { id: true } } } } },
          }),
        ).toEqual({
          warranty: { months: 24 },
          lines: [{ order: { customer: { id: 1 } } }],
        });
        expect(await client.warranties.getByKey(1, { select: { product: { title: true } } })).toEqual({ product: { title: 'Anvil' } });
      });
    });

    describe('generated keys (ledger model)', () => {
      it('post returns the generated numbers; rows reference them', async () => {
        const client = new LedgerClient(await open(ledger));
        clients.push(client);
        const accounts = await client.accounts.post([{ owner: 'ann' }, { owner: 'bob' }]);
        expect(accounts).toEqual([expect.any(Number), expect.any(Number)]);
        expect(accounts[1]).toBeGreaterThan(accounts[0]!);
        const entries = await client.entries.post([
          { amount: '12.50', accountId: accounts[1]! },
          { amount: '-3', memo: 'fee', accountId: accounts[1]! },
        ]);
        expect(
          await client.accounts.getByKey(accounts[1]!, {
            select: { owner: true, entries: { select: { id: true, amount: true, memo: true } } },
          }),
        ).toEqual({
          owner: 'bob',
          entries: [
            { id: entries[0], amount: '12.5', memo: null },
            { id: entries[1], amount: '-3', memo: 'fee' },
          ],
        });
      });
    });

    describe('batching', () => {
      for (const count of [10, 200]) {
        it(`departments → employees → workspace → location over ${count} employees: one call per relation field per level`, async () => {
          const employees = Array.from({ length: count }, (_, i) =>
            employee(i + 1, DEPARTMENTS[i % 3]!.deptNo, WORKSPACES[i % 3]!.workspaceId),
          );
          const { client, counting } = await seededStore(employees);
          const rows = await client.departments
            .get({ select: { deptName: true, employees: { select: { empNo: true, workspace: { location: { city: true } } } } } })
            .toArray();
          expect(rows.reduce((n, d) => n + d.employees.length, 0)).toBe(count);
          expect(rows[0]!.employees[0]!.workspace.location.city).toBe('Colombo');
          expect(counting.calls).toEqual([
            { method: 'list', entity: 'Department' },
            { method: 'getByFields', entity: 'Employee' },
            { method: 'getByKeys', entity: 'Workspace' },
            { method: 'getByKeys', entity: 'Building' },
          ]);
        });
      }

      it('relation fields of one level are one call each', async () => {
        const { client, counting } = await seededStore();
        await client.employees.get({ select: { department: { deptName: true }, workspace: { workspaceType: true } } }).toArray();
        expect(counting.counts()).toEqual({ list: 1, getByKeys: 2 });
      });
    });
  });
}
