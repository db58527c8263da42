/**
 * The client's writes of many rows (SPEC §3.5), written once and run against every datastore
 * (`describeClientWrites(name, open)`): nested inserts (parents first, generated keys flowing to
 * the children, one insert per entity and level, 1-1 both ways, composite foreign keys), upsert,
 * updateWhere / deleteWhere bounded by maxAffectedRows, and `client.transaction` (commit on
 * resolve, nothing visible before; rollback on throw, the error rethrown). Every refused write
 * leaves the store as it was, which each case asserts by reading it back.
 *
 * Test files that call this must resolve `persist/runtime` to the runtime's source (see
 * client-suite.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AlreadyExistsError, ForeignKeyViolationError, InvalidValueError, PersistError } from '../../src/errors.js';
import { Client as StoreClient, type EmployeeInsert } from '../../src/generated/store/client.js';
import { parseConfig } from '../../src/config/persist-config.js';
import { readPermissions } from '../../src/permissions/read-permissions.js';
import { CountingDatastore } from '../support/counting-datastore.js';
import { loadModel } from '../support/models.js';
import type { OpenDatastore } from '../support/open-datastore.js';
import { BUILDINGS, customer, DEPARTMENTS, employee, EMPLOYEES, WORKSPACES } from './client-fixtures.js';
import { Client as FeaturesClient } from './golden/features/client.js';
import { Client as LedgerClient } from './golden/ledger/client.js';

const [rainier, features, ledger] = (['rainier', 'features', 'ledger'] as const).map((m) => loadModel(m));

/** The error a promise rejects with (the test fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<PersistError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PersistError);
  return error as PersistError;
}

// A manager creates departments with their staff (hired since 2020); a clerk hires into the department of their claim.
const ROLES = `
persist:
  permissions:
    Department:
      manager: { select: {}, insert: {} }
      clerk: { select: {} }
    Employee:
      manager: { select: {}, insert: { check: { hireDate: { gte: "2020-01-01" } } }, update: { columns: [lastName] } }
      clerk:
        select: { where: { departmentDeptNo: { eq: { claim: dept } } } }
        insert: { set: { departmentDeptNo: { claim: dept } } }
        update: { columns: [lastName], where: { departmentDeptNo: { eq: { claim: dept } } } }
`;

/** An employee without its department's foreign key (a child created through Department.employees). */
function child(n: number, ws: string): Omit<EmployeeInsert, 'departmentDeptNo'> {
  const { departmentDeptNo: _, ...rest } = employee(n, 'unused', ws);
  return rest;
}

export function describeClientWrites(name: string, open: OpenDatastore): void {
  describe(`generated client writes on ${name}`, () => {
    // Every client a case opens, closed after it (with its datastore).
    const clients: { close(): Promise<void> }[] = [];
    afterEach(() => Promise.all(clients.splice(0).map((c) => c.close())));

    /** The rainier store of client-fixtures.ts, its calls counted from here on. */
    async function seeded(): Promise<{ client: StoreClient; counting: CountingDatastore }> {
      const counting = new CountingDatastore(await open(rainier!));
      const client = new StoreClient(counting);
      clients.push(client);
      await client.buildings.post(BUILDINGS);
      await client.workspaces.post(WORKSPACES);
      await client.departments.post(DEPARTMENTS);
      await client.employees.post(EMPLOYEES);
      counting.reset();
      return { client, counting };
    }

    /** Every stored row of the rainier entities a write may touch, to compare before and after. */
    async function snapshot(client: StoreClient): Promise<unknown> {
      return {
        buildings: await client.buildings.get().toArray(),
        workspaces: await client.workspaces.get().toArray(),
        departments: await client.departments.get().toArray(),
        employees: await client.employees.get().toArray(),
      };
    }

    describe('nested post', () => {
      it('creates children after their parent, the parent key as their foreign key, one insert per entity and level', async () => {
        const { client, counting } = await seeded();
        const keys = await client.departments.post([
          {
            deptNo: 'D9',
            deptName: 'Research',
            employees: {
              create: [
                { ...child(21, 'W1') },
                {
                  ...child(22, 'unused'),
                  workspaceWorkspaceId: undefined,
                  workspace: {
                    create: { workspaceId: 'W9', workspaceType: 'lab', location: { create: { ...BUILDINGS[0]!, buildingCode: 'B9' } } },
                  },
                } as never,
              ],
            },
          },
        ]);
        expect(keys).toEqual(['D9']);
        expect(counting.calls.filter((c) => c.method === 'insert').map((c) => c.entity)).toEqual([
          'Department',
          'Building',
          'Workspace',
          'Employee',
        ]);
        const staff = await client.employees
          .get({
            where: { departmentDeptNo: { eq: 'D9' } },
            select: { empNo: true, workspace: { workspaceId: true, locationBuildingCode: true } },
          })
          .toArray();
        expect(staff).toEqual([
          { empNo: 'E021', workspace: { workspaceId: 'W1', locationBuildingCode: 'B1' } },
          { empNo: 'E022', workspace: { workspaceId: 'W9', locationBuildingCode: 'B9' } },
        ]);
      });

      it('creates parents first through owner-side relations', async () => {
        const { client } = await seeded();
        const { departmentDeptNo: _, ...row } = employee(30, 'x', 'W2');
        expect(await client.employees.post([{ ...row, department: { create: { deptNo: 'D7', deptName: 'Ops' } } }])).toEqual(['E030']);
        expect(await client.employees.getByKey('E030', { select: { department: true } })).toEqual({
          department: { deptNo: 'D7', deptName: 'Ops' },
        });
      });

      it('a failing row anywhere in the tree writes nothing', async () => {
        const { client } = await seeded();
        const before = await snapshot(client);
        // The second child's key is taken: the department and the first child were written first, and are undone.
        const error = await failure(
          client.departments.post([{ deptNo: 'D9', deptName: 'Research', employees: { create: [child(21, 'W1'), child(1, 'W1')] } }]),
        );
        expect(error).toBeInstanceOf(AlreadyExistsError);
        expect(error.message).toBe("A record with the key 'E001' already exists for the entity 'Employee'.");
        const missingParent = await failure(
          client.departments.post([{ deptNo: 'D9', deptName: 'Research', employees: { create: [child(21, 'W404')] } }]),
        );
        expect(missingParent).toBeInstanceOf(ForeignKeyViolationError);
        expect(await snapshot(client)).toEqual(before);
      });

      it('bad input is BAD_USER_INPUT naming the path in the input, before anything is written', async () => {
        const { client, counting } = await seeded();
        const before = await snapshot(client);
        counting.reset();
        const cases: [unknown, string][] = [
          [
            [{ ...employee(40, 'D1', 'W1'), department: { create: DEPARTMENTS[0] } }],
            "Both 'rows[0].department' and 'rows[0].departmentDeptNo' are given: give the relation 'department' or its foreign-key fields (departmentDeptNo), not both.",
          ],
          [
            [{ deptNo: 'D9', deptName: 'R', employees: { create: [employee(40, 'D1', 'W1')] } }],
            "'rows[0].employees.create[0].departmentDeptNo' is given, but a row created through Department.employees takes its foreign key from that row: leave out departmentDeptNo.",
          ],
          [
            [
              {
                deptNo: 'D9',
                deptName: 'R',
                employees: { create: [{ ...child(40, 'W1'), department: { create: { deptNo: 'D8', deptName: 'x' } } }] },
              },
            ],
            "'rows[0].employees.create[0].department' leads back to the row it is created through (Department.employees): a cycle through its relation; leave 'department' out.",
          ],
          [
            [{ deptNo: 'D9', deptName: 'R', employees: 'E001' }],
            "'rows[0].employees' must be { create: [ …Employee rows ] }, the Employee rows to create through it.",
          ],
          [
            [{ deptNo: 'D9', deptName: 'R', employees: { create: child(40, 'W1') } }],
            "'rows[0].employees.create' must be a list of rows: { create: [ …Employee rows ] }.",
          ],
          [
            [{ deptNo: 'D9', deptName: 'R', employees: { create: [], connect: [] } }],
            "'rows[0].employees.connect' is not known: a nested insert takes only 'create' ({ create: [ …Employee rows ] }).",
          ],
          [
            [{ ...child(40, 'W1') }],
            "A value is required for 'rows[0].departmentDeptNo': give it, or create the related row through 'department'.",
          ],
          [['D9'], "'rows[0]' must be an object: a Department row to insert."],
        ];
        for (const [rows, message] of cases) {
          const accessor =
            (rows as { deptNo?: string }[])[0]?.deptNo === undefined && typeof (rows as unknown[])[0] === 'object'
              ? client.employees
              : client.departments;
          const error = await failure(accessor.post(rows as never));
          expect(error.code).toBe('BAD_USER_INPUT');
          expect(error.message).toBe(message);
        }
        expect(counting.count('insert')).toBe(0);
        expect(await snapshot(client)).toEqual(before);
      });

      it('refuses more nested rows than maxAffectedRows, writing nothing', async () => {
        const { client } = await seeded();
        const before = await snapshot(client);
        const limited = client.withLimits({ maxAffectedRows: 2 });
        const error = await failure(
          limited.departments.post([
            { deptNo: 'D9', deptName: 'R', employees: { create: [child(41, 'W1'), child(42, 'W1'), child(43, 'W1')] } },
          ]),
        );
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.message).toBe(
          "Too many rows to create at 'rows[0].employees.create': a mutation may create at most limits.maxAffectedRows (2) rows through nested creates.",
        );
        expect(
          await limited.departments.post([{ deptNo: 'D9', deptName: 'R', employees: { create: [child(41, 'W1'), child(42, 'W1')] } }]),
        ).toEqual(['D9']);
        expect(((await snapshot(client)) as { employees: unknown[] }).employees).toHaveLength(
          (before as { employees: unknown[] }).employees.length + 2,
        );
      });

      it('generated keys flow to the children and from created parents', async () => {
        const client = new LedgerClient(await open(ledger!));
        clients.push(client);
        const [ann, bo] = await client.accounts.post([
          { owner: 'ann', entries: { create: [{ amount: '1.50' }, { amount: '2', memo: 'b' }] } },
          { owner: 'bo', entries: { create: [{ amount: '3' }] } },
        ]);
        expect(typeof ann).toBe('number');
        expect(bo).not.toBe(ann);
        const entries = await client.entries.get({ orderBy: { amount: 'ASC' }, select: { amount: true, accountId: true } }).toArray();
        expect(entries).toEqual([
          { amount: '1.5', accountId: ann },
          { amount: '2', accountId: ann },
          { amount: '3', accountId: bo },
        ]);
        const [entry] = await client.entries.post([{ amount: '4', account: { create: { owner: 'cy' } } }]);
        const created = await client.entries.getByKey(entry!, { select: { account: { owner: true } } });
        expect(created).toEqual({ account: { owner: 'cy' } });
      });

      it('1-1 relations both ways, and the cycle through one refused', async () => {
        const client = new FeaturesClient(await open(features!));
        clients.push(client);
        await client.customers.post([{ ...customer(1), profile: { create: { handle: 'ann', bio: 'a' } } }]);
        await client.profiles.post([{ handle: 'bo', bio: 'b', customer: { create: customer(2) } }]);
        expect(await client.profiles.get({ select: { handle: true, customerId: true } }).toArray()).toEqual([
          { handle: 'ann', customerId: 1 },
          { handle: 'bo', customerId: 2 },
        ]);
        const cycle = await failure(
          client.profiles.post([
            { handle: 'cy', bio: 'c', customer: { create: { ...customer(3), profile: { create: { handle: 'dd', bio: 'd' } } } } } as never,
          ]),
        );
        expect(cycle.message).toBe(
          "'rows[0].customer.create.profile' leads back to the row it is created through (Profile.customer): a cycle through a 1-1 relation; leave 'profile' out.",
        );
        // A second profile for customer 1 through the 1-1: ALREADY_EXISTS, and the new customer of the same tree is not kept.
        const taken = await failure(
          client.customers.post([{ ...customer(4), profile: { create: { handle: 'ee', bio: 'e' } } }, { ...customer(1) }]),
        );
        expect(taken).toBeInstanceOf(AlreadyExistsError);
        expect((await client.customers.get({ select: { id: true } }).toArray()).map((c) => c.id)).toEqual([1, 2]);
      });
    });

    describe('upsert', () => {
      it('inserts new rows and updates those with the key (the update fields only)', async () => {
        const { client } = await seeded();
        const rows = await client.departments.upsert([
          { deptNo: 'D1', deptName: 'Platform' },
          { deptNo: 'D8', deptName: 'Support' },
        ]);
        expect(rows).toEqual([
          { deptNo: 'D1', deptName: 'Platform' },
          { deptNo: 'D8', deptName: 'Support' },
        ]);
        const kept = await client.employees.upsert([{ ...employee(1, 'D2', 'W3'), lastName: 'Changed' }], { update: ['lastName'] });
        expect(kept[0]).toMatchObject({ empNo: 'E001', lastName: 'Changed', departmentDeptNo: 'D1', workspaceWorkspaceId: 'W1' });
      });

      it('refuses a key field to update, and nested rows, changing nothing', async () => {
        const { client } = await seeded();
        const before = await snapshot(client);
        const key = await failure(client.departments.upsert([{ deptNo: 'D1', deptName: 'X' }], { update: ['deptNo' as 'deptName'] }));
        expect(key.code).toBe('BAD_USER_INPUT');
        expect(key.message).toBe(
          "The upsert of 'Department' cannot update 'deptNo': it is a key field, which identifies the record to update. Leave it out of the fields to update.",
        );
        const nested = await failure(client.departments.upsert([{ deptNo: 'D9', deptName: 'X', employees: { create: [] } } as never]));
        expect(nested.message).toBe(
          "'rows[0].employees' is given, but an upsert creates no related rows: give the foreign-key fields instead.",
        );
        expect(await snapshot(client)).toEqual(before);
      });
    });

    describe('updateWhere and deleteWhere', () => {
      it('update the matching rows and return them as updated, in key order', async () => {
        const { client } = await seeded();
        const rows = await client.employees.updateWhere({ department: { deptName: { eq: 'Engineering' } } }, { lastName: 'Eng' });
        expect(rows.map((r) => [r.empNo, r.lastName])).toEqual([
          ['E001', 'Eng'],
          ['E002', 'Eng'],
          ['E003', 'Eng'],
        ]);
        expect(await client.employees.get({ where: { lastName: { eq: 'Eng' } } }).toArray()).toEqual(rows);
        expect(await client.employees.updateWhere({ empNo: { eq: 'none' } }, { lastName: 'x' })).toEqual([]);
      });

      it('delete the matching rows and return them as they were', async () => {
        const { client } = await seeded();
        const before = await client.employees.get({ where: { departmentDeptNo: { eq: 'D2' } } }).toArray();
        expect(await client.employees.deleteWhere({ departmentDeptNo: { eq: 'D2' } })).toEqual(before);
        expect(await client.employees.get({ where: { departmentDeptNo: { eq: 'D2' } } }).toArray()).toEqual([]);
        // `{}` is every row, within the limit.
        expect(await client.employees.deleteWhere({})).toHaveLength(3);
      });

      it('over maxAffectedRows: BAD_USER_INPUT, nothing changed', async () => {
        const { client } = await seeded();
        const before = await snapshot(client);
        const limited = client.withLimits({ maxAffectedRows: 2 });
        const update = await failure(limited.employees.updateWhere({ departmentDeptNo: { eq: 'D1' } }, { lastName: 'x' }));
        expect(update.code).toBe('BAD_USER_INPUT');
        expect(update.message).toBe(
          "The update by filter of 'Employee' matches more than 2 records, the limit maxAffectedRows: nothing was changed. Narrow the filter, or raise limits.maxAffectedRows.",
        );
        const remove = await failure(limited.employees.deleteWhere({}));
        expect(remove.code).toBe('BAD_USER_INPUT');
        expect(remove.message).toContain('matches more than 2 records, the limit maxAffectedRows');
        expect(await limited.employees.deleteWhere({ departmentDeptNo: { eq: 'D2' } })).toHaveLength(2);
        expect(((await snapshot(client)) as { employees: unknown[] }).employees).toHaveLength(
          (before as { employees: unknown[] }).employees.length - 2,
        );
      });

      it('bad input: a key field in the patch, a missing where, an unknown filter field; restrict on delete; nothing changed', async () => {
        const { client } = await seeded();
        const before = await snapshot(client);
        const key = await failure(client.employees.updateWhere({}, { empNo: 'E9' } as never));
        expect(key).toBeInstanceOf(InvalidValueError);
        expect(key.message).toBe("Invalid value for 'Employee.empNo': a key field cannot be updated");
        const where = await failure(client.employees.deleteWhere(undefined as never));
        expect(where.message).toBe("deleteWhere of 'Employee' needs a where: pass {} to mean every row (up to maxAffectedRows, 10000).");
        const field = await failure(client.employees.updateWhere({ salary: { gt: 1 } } as never, { lastName: 'x' }));
        expect(field.message).toBe("The entity 'Employee' has no field 'salary' to filter on.");
        const referenced = await failure(client.departments.deleteWhere({ deptNo: { in: ['D1', 'D3'] } }));
        expect(referenced).toBeInstanceOf(ForeignKeyViolationError);
        expect(await snapshot(client)).toEqual(before);
      });
    });

    describe('under a role (client.as)', () => {
      const permissions = readPermissions(parseConfig(ROLES, 'codegen.yml', {}).permissions, rainier!, 'codegen.yml');

      it('nested rows follow their own entity rule; a failing check keeps nothing', async () => {
        const { client } = await seeded();
        const manager = client.as({ role: 'manager', permissions });
        const before = await snapshot(client);
        const recent = { ...child(60, 'W1'), hireDate: '2021-01-01' };
        const refused = await failure(
          manager.departments.post([
            { deptNo: 'D9', deptName: 'R', employees: { create: [recent, { ...child(61, 'W1'), hireDate: '2010-01-01' }] } },
          ]),
        );
        expect(refused.code).toBe('FORBIDDEN');
        expect(await snapshot(client)).toEqual(before);
        expect(await manager.departments.post([{ deptNo: 'D9', deptName: 'R', employees: { create: [recent] } }])).toEqual(['D9']);
        expect((await client.employees.getByKey('E060')).departmentDeptNo).toBe('D9');
      });

      it('a foreign key the role sets is not asked for; writes by filter and transactions stay within its rows', async () => {
        const { client } = await seeded();
        const clerk = client.as({ role: 'clerk', claims: { dept: 'D2' }, permissions });
        const { departmentDeptNo: _, ...row } = employee(70, 'x', 'W3');
        expect(await clerk.employees.post([row as EmployeeInsert])).toEqual(['E070']);
        const renamed = await clerk.transaction(async (tx) => tx.employees.updateWhere({}, { lastName: 'Two' }));
        expect(renamed.map((r) => r.empNo)).toEqual(['E004', 'E005', 'E070']);
        expect(await client.employees.get({ where: { lastName: { eq: 'Two' } }, select: { departmentDeptNo: true } }).toArray()).toEqual([
          { departmentDeptNo: 'D2' },
          { departmentDeptNo: 'D2' },
          { departmentDeptNo: 'D2' },
        ]);
      });
    });

    describe('transaction', () => {
      it('commits what the work did when it resolves, nothing visible outside before', async () => {
        const { client } = await seeded();
        let seenOutside: unknown = 'unread';
        const result = await client.transaction(async (tx) => {
          await tx.departments.post([{ deptNo: 'D9', deptName: 'Research', employees: { create: [child(50, 'W1')] } }]);
          const moved = await tx.employees.updateWhere({ departmentDeptNo: { eq: 'D2' } }, { departmentDeptNo: 'D9' });
          expect(await tx.employees.get({ where: { departmentDeptNo: { eq: 'D9' } } }).toArray()).toHaveLength(3);
          seenOutside = await client.departments.get({ where: { deptNo: { eq: 'D9' } } }).toArray();
          return moved.length;
        });
        expect(result).toBe(2);
        expect(seenOutside).toEqual([]);
        expect(await client.employees.get({ where: { departmentDeptNo: { eq: 'D9' } }, select: { empNo: true } }).toArray()).toEqual([
          { empNo: 'E004' },
          { empNo: 'E005' },
          { empNo: 'E050' },
        ]);
      });

      it('rolls everything back when the work throws, and rethrows its error', async () => {
        const { client } = await seeded();
        const before = await snapshot(client);
        const mine = new Error('changed my mind');
        const thrown = await client
          .transaction(async (tx) => {
            await tx.departments.post([{ deptNo: 'D9', deptName: 'Research' }]);
            await tx.employees.deleteWhere({ departmentDeptNo: { eq: 'D2' } });
            await tx.buildings.put('B1', { city: 'Galle' });
            throw mine;
          })
          .catch((e: unknown) => e);
        expect(thrown).toBe(mine);
        expect(await snapshot(client)).toEqual(before);
        // A datastore error inside: the same, with the datastore's error.
        const duplicate = await failure(
          client.transaction(async (tx) => {
            await tx.departments.post([{ deptNo: 'D9', deptName: 'Research' }]);
            await tx.departments.post([{ deptNo: 'D1', deptName: 'again' }]);
          }),
        );
        expect(duplicate).toBeInstanceOf(AlreadyExistsError);
        expect(await snapshot(client)).toEqual(before);
      });

      it('a tx kept past its work is refused, and writes nothing', async () => {
        const { client } = await seeded();
        const before = await snapshot(client);
        let kept: typeof client | undefined;
        await client.transaction(async (tx) => {
          kept = tx;
        });
        const late = await failure(kept!.departments.post([{ deptNo: 'D9', deptName: 'Research' }]));
        expect(late.message).toBe('This transaction has ended; use the datastore instead.');
        expect(await failure(kept!.departments.get().toArray())).toHaveProperty('message', late.message);
        expect(await snapshot(client)).toEqual(before);
      });

      it('a transaction inside one is a savepoint; limits and views carry over', async () => {
        const { client } = await seeded();
        await client.withLimits({ maxAffectedRows: 1 }).transaction(async (tx) => {
          await tx.departments.post([{ deptNo: 'D9', deptName: 'Research' }]);
          const inner = await failure(
            tx.transaction(async (sp) => {
              await sp.departments.post([{ deptNo: 'D8', deptName: 'Gone' }]);
              await sp.employees.deleteWhere({ departmentDeptNo: { eq: 'D2' } });
            }),
          );
          expect(inner.message).toContain('matches more than 1 records');
        });
        expect((await client.departments.get({ select: { deptNo: true } }).toArray()).map((d) => d.deptNo)).toEqual([
          'D1',
          'D2',
          'D3',
          'D9',
        ]);
        expect(await client.employees.get().toArray()).toHaveLength(EMPLOYEES.length);
      });
    });
  });
}
