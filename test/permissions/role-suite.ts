/**
 * The role datastore (src/permissions/role-datastore.ts) over a real backend: what one role may
 * read and write of the rainier sample data, with claims substituted. Registered over the
 * in-memory store (role-datastore.test.ts) and MariaDB (test/mysql/role-datastore.test.ts). Every
 * refusal is checked against the unrestricted store: nothing changed.
 */
import { describe, expect, test } from 'vitest';
import { INCLUDED, type Datastore, type Filter } from '../../src/datastore/datastore.js';
import { freezeIncludes } from '../../src/datastore/includes.js';
import { datastoreFor, restrictToRole } from '../../src/permissions/role-datastore.js';
import type { Claims, EntityRules, RoleRules } from '../../src/permissions/rules.js';
import { CountingDatastore } from '../support/counting-datastore.js';
import { loadModel } from '../support/models.js';
import { expectFailsUnchanged, expectPersistError, pluck, snapshot, type Stores } from '../datastore/conformance/context.js';

const rainier = loadModel('rainier');
const ALL = (entity: string): string[] => rainier.entities.find((e) => e.name === entity)!.fields.map((f) => f.name);

/** The role 'employee' (claims: CLAIMS): sees its own department's employees, desks, Seattle, small order items. */
export function employeeRules(): RoleRules {
  const entities = new Map<string, EntityRules>([
    [
      'Employee',
      {
        select: { columns: ALL('Employee'), where: { departmentDeptNo: { eq: { claim: 'org.dept' } } } },
        update: {
          columns: ['lastName', 'hireDate'],
          where: { empNo: { eq: { claim: 'sub' } } },
          check: { hireDate: { gte: '2020-01-01' } },
          set: {},
        },
      },
    ],
    ['Department', { select: { columns: ALL('Department') } }],
    ['Workspace', { select: { columns: ALL('Workspace'), where: { workspaceType: { eq: 'desk' } } } }],
    ['Building', { select: { columns: ALL('Building'), where: { city: { eq: 'Seattle' } } } }],
    [
      'OrderItem',
      {
        select: { columns: ALL('OrderItem'), where: { quantity: { lte: { claim: 'maxQty' } } } },
        insert: { columns: ['orderId', 'itemId', 'quantity'], check: { quantity: { lte: 10 } }, set: { notes: { claim: 'sub' } } },
        update: { columns: ['quantity'], where: { orderId: { eq: 'O1' } }, check: { quantity: { gte: 1 } }, set: {} },
        delete: { where: { orderId: { eq: 'O2' } } },
      },
    ],
  ]);
  return { role: 'employee', entities };
}

export const CLAIMS: Claims = { sub: 'E1', org: { dept: 'D1' }, maxQty: 3 };

const forbidden = (text: string): string => `Role 'employee' ${text}`;
const absent = (entity: string, key: string): string => `A record with the key '${key}' does not exist for the entity '${entity}'.`;

export function describeRoleDatastore(stores: Stores): void {
  describe('role datastore', () => {
    /** The seeded store, and the employee role's view of it. */
    async function setup(claims: Claims = CLAIMS, rules: RoleRules = employeeRules()): Promise<{ ds: Datastore; role: Datastore }> {
      const ds = await stores.seeded('rainier');
      return { ds, role: restrictToRole(ds, rainier, rules, claims) };
    }

    describe('reads', () => {
      test('list: rows outside the select filter do not exist; the caller’s where is ANDed', async () => {
        const { role } = await setup();
        expect(pluck(await role.list('Employee'), 'empNo')).toEqual(['E1', 'E2', 'E4', 'E6']);
        const men = await role.list('Employee', { where: { kind: 'compare', field: 'gender', op: 'eq', value: 'MALE' } });
        expect(pluck(men, 'empNo')).toEqual(['E2']);
        // A number claim for an Int field: quantity <= 3 is every item; a digit string reads the same.
        expect(await role.list('OrderItem')).toHaveLength(3);
        const strict = restrictToRole(await stores.seeded('rainier'), rainier, employeeRules(), { ...CLAIMS, maxQty: '1' });
        expect(pluck(await strict.list('OrderItem'), 'itemId')).toEqual(['I2']);
      });

      test('one rules object under several claims objects: each request sees its own claims’ rows, in any order', async () => {
        const ds = await stores.seeded('rainier');
        const rules = employeeRules();
        const d1 = CLAIMS;
        const d2: Claims = { ...CLAIMS, org: { dept: 'D2' } };
        const seen = async (claims: Claims): Promise<unknown[]> =>
          pluck(await restrictToRole(ds, rainier, rules, claims).list('Employee'), 'empNo');
        const first = await seen(d1);
        expect(first).toEqual(['E1', 'E2', 'E4', 'E6']);
        const second = await seen(d2);
        expect(second).not.toEqual(first);
        expect(second.length).toBeGreaterThan(0);
        expect(await seen(d1)).toEqual(first);
        expect(await seen({ ...d2 })).toEqual(second);
      });

      test('getByKeys: a batch stays one inner call; hidden rows are null like absent ones', async () => {
        const ds = await stores.seeded('rainier');
        const counting = new CountingDatastore(ds);
        const role = restrictToRole(counting, rainier, employeeRules(), CLAIMS);
        const rows = await role.getByKeys('Employee', [['E3'], ['E1'], ['E404'], ['E5'], ['E6']]);
        expect(pluck(rows, 'empNo')).toEqual([null, 'E1', null, null, 'E6']);
        expect(counting.reads.map((r) => [r.method, r.size])).toEqual([['getByKeys', 5]]);
        // The claim substituted into the select filter, the datastore's filter form.
        expect(counting.reads[0]!.where).toEqual({ kind: 'compare', field: 'departmentDeptNo', op: 'eq', value: 'D1' });
      });

      test('a frozen plan read under two tokens, interleaved: each sees its own rows and included rows, never the other’s', async () => {
        // As every request of one document reads (graphql/read-plan-cache.ts): the same frozen
        // select and include lists, whose restricted query and statement are kept (per role filters).
        const ds = await stores.seeded('rainier');
        const rules = employeeRules();
        const entities = new Map(rules.entities);
        entities.set('Employee', { select: { columns: ALL('Employee'), where: { empNo: { ne: { claim: 'blocked' } } } } });
        entities.set('Department', { select: { columns: ALL('Department'), where: { deptNo: { eq: { claim: 'org.dept' } } } } });
        const blocking: RoleRules = { role: 'employee', entities };
        const select = Object.freeze(['empNo']);
        const include = freezeIncludes([{ relation: 'department', select: ['deptName'] }]);
        const u1: Claims = { ...CLAIMS, blocked: 'E3', org: { dept: 'D1' } };
        const u2: Claims = { ...CLAIMS, blocked: 'E1', org: { dept: 'D2' } };
        // With the include (restricted per token, so a list per token) and without (one plan for both).
        const read = async (claims: Claims, keys: string[]): Promise<unknown[]> => {
          const role = restrictToRole(ds, rainier, blocking, claims);
          const tuples = keys.map((k) => [k]);
          const rows = await role.getByKeys('Employee', tuples, { select, include });
          const plain = await role.getByKeys('Employee', tuples, { select });
          expect(pluck(plain, 'empNo')).toEqual(pluck(rows, 'empNo'));
          return rows.map((r) => r && [r['empNo'], (r[INCLUDED]?.['department'] ?? null)?.['deptName'] ?? null]);
        };
        const dept = async (no: string): Promise<unknown> => (await ds.getByKeys('Department', [[no]]))[0]!['deptName'];
        const [d1, d2] = [await dept('D1'), await dept('D2')];
        const expected1 = [[['E1', d1], null, ['E2', d1]], [null]];
        const expected2 = [[null, ['E3', d2], ['E2', null]], [['E3', d2]]];
        for (let round = 0; round < 2; round++) {
          // One key (Query.e: the statement kept per filter) and several, one token after the other.
          expect([await read(u1, ['E1', 'E3', 'E2']), await read(u1, ['E3'])]).toEqual(expected1);
          expect([await read(u2, ['E1', 'E3', 'E2']), await read(u2, ['E3'])]).toEqual(expected2);
        }
        // In flight together, and under equal claims in another object (another token).
        const together = await Promise.all([read(u2, ['E3']), read(u1, ['E3']), read({ ...u1 }, ['E1', 'E3', 'E2'])]);
        expect(together).toEqual([expected2[1], expected1[1], expected1[0]]);
      });

      test('getByFields: each group holds only visible rows, in one inner call', async () => {
        const ds = await stores.seeded('rainier');
        const counting = new CountingDatastore(ds);
        const role = restrictToRole(counting, rainier, employeeRules(), CLAIMS);
        const groups = await role.getByFields('Employee', ['workspaceWorkspaceId'], [['W1'], ['W2'], ['W3']], { limit: 5 });
        expect(groups.map((g) => pluck(g, 'empNo'))).toEqual([['E1', 'E2'], ['E6'], ['E4']]);
        expect(counting.count()).toBe(1);
      });

      test('connection: pages and counts only visible rows, per parent in one inner call; sort paths scoped', async () => {
        const ds = await stores.seeded('rainier');
        const counting = new CountingDatastore(ds);
        const role = restrictToRole(counting, rainier, employeeRules(), CLAIMS);
        const orderBy = [{ field: 'lastName', direction: 'ASC' as const }];
        const pages = await role.connection('Employee', {
          per: { fields: ['workspaceWorkspaceId'], values: [['W1'], ['W2'], ['W3']] },
          orderBy,
          first: 1,
        });
        // E3 (W2) and E5 (W3) are in D2: hidden, and not counted.
        expect(pages.map((p) => [pluck(p.rows, 'empNo'), p.hasNextPage, p.totalCount])).toEqual([
          [['E1'], true, 2],
          [['E6'], false, 1],
          [['E4'], false, 1],
        ]);
        expect(counting.reads.map((r) => [r.method, r.size])).toEqual([['connection', 3]]);
        const [root] = await role.connection('Employee', { orderBy, first: 2, after: ['Lovelace', 'E1'] });
        expect([pluck(root!.rows, 'empNo'), root!.hasPreviousPage, root!.hasNextPage, root!.totalCount]).toEqual([
          ['E2', 'E4'],
          true,
          true,
          4,
        ]);
        // Offices are hidden workspaces: E6 (W2, an office) sorts as if it had none (NULL, first).
        const path = [{ path: [{ relation: 'workspace' }], field: 'workspaceType', direction: 'ASC' as const }];
        const [byDesk] = await role.connection('Employee', { orderBy: path, first: 2 });
        expect(pluck(byDesk!.rows, 'empNo')).toEqual(['E6', 'E1']);
        expect(byDesk!.cursors[0]).toEqual([null, 'E6']);
      });

      test('aggregate: the select filter is ANDed, per parent in one inner call; only select columns aggregate', async () => {
        const ds = await stores.seeded('rainier');
        const counting = new CountingDatastore(ds);
        const role = restrictToRole(counting, rainier, employeeRules(), CLAIMS);
        const groups = await role.aggregate('Employee', {
          aggregates: [{ fn: 'count' }, { fn: 'max', field: 'hireDate' }],
          groupBy: ['gender'],
          per: { fields: ['workspaceWorkspaceId'], values: [['W1'], ['W2'], ['W3']] },
        });
        // E3 (W2) and E5 (W3) are in D2: hidden.
        expect(groups).toEqual([
          [
            { fields: { gender: 'MALE' }, values: [1, '2021-03-15'] },
            { fields: { gender: 'FEMALE' }, values: [1, '2020-01-01'] },
          ],
          [{ fields: { gender: 'FEMALE' }, values: [1, '2023-09-09'] }],
          [{ fields: { gender: 'FEMALE' }, values: [1, '2022-06-30'] }],
        ]);
        expect(counting.reads.map((r) => [r.method, r.size])).toEqual([['aggregate', 3]]);
        expect(await role.aggregate('Employee', { aggregates: [{ fn: 'count' }] })).toEqual([[{ fields: {}, values: [4] }]]);
        const rules = employeeRules();
        const employee = rules.entities.get('Employee')!;
        const narrow: RoleRules = {
          ...rules,
          entities: new Map([
            ...rules.entities,
            ['Employee', { ...employee, select: { ...employee.select!, columns: ['empNo', 'lastName'] } }],
          ]),
        };
        const limited = restrictToRole(ds, rainier, narrow, CLAIMS);
        const message = (f: string): string =>
          forbidden(
            `may not aggregate or group Employee rows by '${f}': '${f}' is not among the select columns of its permissions (persist.permissions.Employee.employee.select.columns).`,
          );
        for (const query of [
          { aggregates: [{ fn: 'max', field: 'hireDate' }], groupBy: [] },
          { aggregates: [], groupBy: ['gender'] },
          { aggregates: [], groupBy: ['lastName'], orderBy: [{ aggregate: { fn: 'min', field: 'hireDate' }, direction: 'ASC' }] },
        ] as const) {
          const field = query.aggregates[0]?.field ?? (query.groupBy[0] === 'gender' ? 'gender' : 'hireDate');
          await expectFailsUnchanged(ds, 'rainier', () => limited.aggregate('Employee', query), 'FORBIDDEN', message(field));
        }
        expect(await limited.aggregate('Employee', { aggregates: [{ fn: 'count' }], groupBy: ['lastName'], limit: 1 })).toEqual([
          [{ fields: { lastName: 'Lovelace' }, values: [1] }],
        ]);
        const noDepartments: RoleRules = { ...rules, entities: new Map([...rules.entities].filter(([e]) => e !== 'Department')) };
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => restrictToRole(ds, rainier, noDepartments, CLAIMS).aggregate('Department', { aggregates: [{ fn: 'count' }] }),
          'FORBIDDEN',
          forbidden(
            'may not read Department rows: its permissions give it no select rule for Department (persist.permissions.Department.employee.select).',
          ),
        );
      });

      test('includes are filtered recursively: a hidden related row is null, its parent stays', async () => {
        const { role } = await setup();
        const rows = await role.list('Employee', {
          select: [],
          include: [
            { relation: 'department', select: ['deptName'] },
            { relation: 'workspace', select: [], include: [{ relation: 'location', select: ['city'] }] },
          ],
        });
        expect(pluck(rows, 'empNo')).toEqual(['E1', 'E2', 'E4', 'E6']);
        const workspaces = rows.map((r) => r[INCLUDED]!['workspace']);
        // W1 and W3 are desks, W2 (E6's) an office; W3 is in Portland.
        expect(workspaces.map((w) => w?.['workspaceId'] ?? null)).toEqual(['W1', 'W1', 'W3', null]);
        expect(workspaces.map((w) => w?.[INCLUDED]!['location']?.['city'] ?? null)).toEqual(['Seattle', 'Seattle', null, null]);
        expect(rows.map((r) => r[INCLUDED]!['department']?.['deptName'])).toEqual([
          'Engineering',
          'Engineering',
          'Engineering',
          'Engineering',
        ]);
      });

      test('an entity the role may not select is FORBIDDEN, directly and through an include', async () => {
        const rules = employeeRules();
        const entities = new Map(rules.entities);
        entities.delete('Building');
        const { role } = await setup(CLAIMS, { role: 'employee', entities });
        const message = forbidden(
          'may not read Building rows: its permissions give it no select rule for Building (persist.permissions.Building.employee.select).',
        );
        await expect(role.list('Building')).rejects.toMatchObject({ code: 'FORBIDDEN', message });
        await expect(role.getByKeys('Building', [['B1']])).rejects.toMatchObject({ code: 'FORBIDDEN', message });
        await expect(role.getByFields('Building', ['city'], [['Seattle']])).rejects.toMatchObject({ code: 'FORBIDDEN', message });
        await expect(
          role.getByKeys('Workspace', [['W1']], { include: [{ relation: 'location', select: ['city'] }] }),
        ).rejects.toMatchObject({ code: 'FORBIDDEN', message });
      });

      test('a missing claim: no rows anywhere, never "no condition"', async () => {
        for (const claims of [{ sub: 'E1' }, { sub: 'E1', org: {} }, { sub: 'E1', org: { dept: null } }, { sub: 'E1', org: 'D1' }]) {
          const { role } = await setup(claims);
          expect(await role.list('Employee')).toEqual([]);
          expect(await role.getByKeys('Employee', [['E1']])).toEqual([null]);
          expect(await role.getByFields('Employee', ['departmentDeptNo'], [['D1']])).toEqual([[]]);
          expect(await role.list('OrderItem')).toEqual([]);
          // Entities whose rules need no claim are unaffected.
          expect(await role.list('Department')).toHaveLength(3);
        }
      });
    });

    describe('insert', () => {
      test('allowed columns, the set value from a claim, the row returned', async () => {
        const { ds, role } = await setup();
        const [row] = await role.insert('OrderItem', [{ orderId: 'O3', itemId: 'I1', quantity: 2 }]);
        expect(row).toEqual({ orderId: 'O3', itemId: 'I1', quantity: 2, notes: 'E1' });
        expect((await ds.getByKeys('OrderItem', [['O3', 'I1']]))[0]).toEqual(row);
        // A null for a column outside the rule is no value: allowed (and `set` overrides it).
        const [other] = await role.insert('OrderItem', [{ orderId: 'O3', itemId: 'I2', quantity: 1, notes: null }]);
        expect(other!.notes).toBe('E1');
      });

      test('refusals: a column outside the rule, the check, invisibility, a set from a missing claim, no rule', async () => {
        const { ds, role } = await setup();
        const columns = forbidden(
          "may not insert OrderItem rows with a value for 'notes': 'notes' is not among the insert columns of its permissions (persist.permissions.OrderItem.employee.insert.columns).",
        );
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => role.insert('OrderItem', [{ orderId: 'O3', itemId: 'I1', quantity: 1, notes: 'mine' }]),
          'FORBIDDEN',
          columns,
        );
        const check = forbidden(
          `may not insert the OrderItem row with the key '{"orderId":"O3","itemId":"I2"}': it fails the insert check of its permissions (persist.permissions.OrderItem.employee.insert.check); nothing was written.`,
        );
        // The first row of the batch passes, the second fails: neither is written.
        const batch = [
          { orderId: 'O3', itemId: 'I1', quantity: 1 },
          { orderId: 'O3', itemId: 'I2', quantity: 50 },
        ];
        await expectFailsUnchanged(ds, 'rainier', () => role.insert('OrderItem', batch), 'FORBIDDEN', check);
        const hidden = forbidden(
          `may not insert the OrderItem row with the key '{"orderId":"O3","itemId":"I1"}': the role could not see the row written (persist.permissions.OrderItem.employee.select.where); nothing was written.`,
        );
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => role.insert('OrderItem', [{ orderId: 'O3', itemId: 'I1', quantity: 5 }]),
          'FORBIDDEN',
          hidden,
        );
        const noSub = restrictToRole(ds, rainier, employeeRules(), { org: { dept: 'D1' }, maxQty: 3 });
        const set = forbidden(
          "may not insert OrderItem rows: the value its permissions set for 'notes' comes from the claim 'sub', which the request's token does not carry or which is no valid OrderItem.notes value (persist.permissions.OrderItem.employee.insert.set.notes).",
        );
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => noSub.insert('OrderItem', [{ orderId: 'O3', itemId: 'I1', quantity: 1 }]),
          'FORBIDDEN',
          set,
        );
        const noRule = forbidden(
          'may not insert Department rows: its permissions give it no insert rule for Department (persist.permissions.Department.employee.insert).',
        );
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => role.insert('Department', [{ deptNo: 'D9', deptName: 'New' }]),
          'FORBIDDEN',
          noRule,
        );
      });

      test("the datastore's own errors pass unchanged", async () => {
        const { ds, role } = await setup();
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => role.insert('OrderItem', [{ orderId: 'O1', itemId: 'I1', quantity: 1 }]),
          'ALREADY_EXISTS',
          `A record with the key '{"orderId":"O1","itemId":"I1"}' already exists for the entity 'OrderItem'.`,
        );
      });
    });

    describe('update', () => {
      test('the own row, allowed columns: updated and returned', async () => {
        const { ds, role } = await setup();
        const row = await role.update('Employee', ['E1'], { lastName: 'Byron' });
        expect(row.lastName).toBe('Byron');
        expect((await ds.getByKeys('Employee', [['E1']]))[0]).toEqual(row);
        expect((await role.update('OrderItem', ['O1', 'I2'], { quantity: 3 })).quantity).toBe(3);
      });

      test('outside update.where, outside the select filter, a missing claim: NOT_FOUND as if absent', async () => {
        const { ds, role } = await setup();
        // E2 is visible but not the caller's own; E3 is in another department; O2 is outside update.where.
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => role.update('Employee', ['E2'], { lastName: 'X' }),
          'NOT_FOUND',
          absent('Employee', 'E2'),
        );
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => role.update('Employee', ['E3'], { lastName: 'X' }),
          'NOT_FOUND',
          absent('Employee', 'E3'),
        );
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => role.update('OrderItem', ['O2', 'I1'], { quantity: 1 }),
          'NOT_FOUND',
          absent('OrderItem', '{"orderId":"O2","itemId":"I1"}'),
        );
        const noSub = restrictToRole(ds, rainier, employeeRules(), { org: { dept: 'D1' }, maxQty: 3 });
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => noSub.update('Employee', ['E1'], { lastName: 'X' }),
          'NOT_FOUND',
          absent('Employee', 'E1'),
        );
      });

      test('refusals: a column outside the rule, the check, invisibility after the write', async () => {
        const { ds, role } = await setup();
        const columns = forbidden(
          "may not update Employee rows with a value for 'firstName': 'firstName' is not among the update columns of its permissions (persist.permissions.Employee.employee.update.columns).",
        );
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => role.update('Employee', ['E1'], { lastName: 'X', firstName: null }),
          'FORBIDDEN',
          columns,
        );
        const check = forbidden(
          "may not update the Employee row with the key 'E1': it fails the update check of its permissions (persist.permissions.Employee.employee.update.check); nothing was written.",
        );
        await expectFailsUnchanged(ds, 'rainier', () => role.update('Employee', ['E1'], { hireDate: '2019-12-31' }), 'FORBIDDEN', check);
        const hidden = forbidden(
          `may not update the OrderItem row with the key '{"orderId":"O1","itemId":"I1"}': the role could not see the row written (persist.permissions.OrderItem.employee.select.where); nothing was written.`,
        );
        await expectFailsUnchanged(ds, 'rainier', () => role.update('OrderItem', ['O1', 'I1'], { quantity: 4 }), 'FORBIDDEN', hidden);
      });
    });

    describe('delete', () => {
      test('inside delete.where: deleted and returned; outside or hidden: NOT_FOUND; no rule: FORBIDDEN', async () => {
        const { ds, role } = await setup();
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => role.delete('OrderItem', ['O1', 'I1']),
          'NOT_FOUND',
          absent('OrderItem', '{"orderId":"O1","itemId":"I1"}'),
        );
        const strict = restrictToRole(ds, rainier, employeeRules(), { ...CLAIMS, maxQty: 2 });
        await expectFailsUnchanged(
          ds,
          'rainier',
          () => strict.delete('OrderItem', ['O2', 'I1']),
          'NOT_FOUND',
          absent('OrderItem', '{"orderId":"O2","itemId":"I1"}'),
        );
        const noRule = forbidden(
          'may not delete Employee rows: its permissions give it no delete rule for Employee (persist.permissions.Employee.employee.delete).',
        );
        await expectFailsUnchanged(ds, 'rainier', () => role.delete('Employee', ['E1']), 'FORBIDDEN', noRule);
        expect(await role.delete('OrderItem', ['O2', 'I1'])).toEqual({ orderId: 'O2', itemId: 'I1', quantity: 3, notes: 'n3' });
        expect(await ds.getByKeys('OrderItem', [['O2', 'I1']])).toEqual([null]);
      });
    });

    describe('datastoreFor', () => {
      test('admin: the store itself; a role: its restricted view; a role without rules: FORBIDDEN', async () => {
        const ds = await stores.seeded('rainier');
        const permissions = { roles: new Map([['employee', employeeRules()]]) };
        expect(datastoreFor(ds, rainier, permissions, { kind: 'admin' })).toBe(ds);
        const role = datastoreFor(ds, rainier, permissions, { kind: 'role', role: 'employee', claims: CLAIMS });
        expect(pluck(await role.list('Employee'), 'empNo')).toEqual(['E1', 'E2', 'E4', 'E6']);
        expect(() => datastoreFor(ds, rainier, permissions, { kind: 'role', role: 'guest', claims: {} })).toThrow(
          expect.objectContaining({
            code: 'FORBIDDEN',
            message: "Role 'guest' has no permissions: no rule under persist.permissions names it.",
          }),
        );
      });
    });

    describe('writes of many rows', () => {
      const EVERY: Filter = { kind: 'and', filters: [] };
      const items = async (ds: Datastore): Promise<string[]> =>
        (await ds.list('OrderItem')).map(
          (r) => `${String(r['orderId'])}/${String(r['itemId'])}:${String(r['quantity'])}:${String(r['notes'])}`,
        );

      test('upsert: inserted rows under the insert rule (set, check), updated ones under the update rule (where, check)', async () => {
        const { ds, role } = await setup();
        const out = await role.upsert(
          'OrderItem',
          [
            { orderId: 'O1', itemId: 'I1', quantity: 3 },
            { orderId: 'O3', itemId: 'I1', quantity: 2 },
          ],
          ['quantity'],
        );
        expect(out).toEqual([
          { orderId: 'O1', itemId: 'I1', quantity: 3, notes: 'n1' },
          { orderId: 'O3', itemId: 'I1', quantity: 2, notes: 'E1' },
        ]);
        const before = await snapshot(ds, 'rainier');
        // Outside update.where: the stored row does not exist for the role's update.
        await expectPersistError(
          role.upsert('OrderItem', [{ orderId: 'O2', itemId: 'I1', quantity: 1 }], ['quantity']),
          'NOT_FOUND',
          absent('OrderItem', '{"orderId":"O2","itemId":"I1"}'),
        );
        await expect(
          role.upsert(
            'OrderItem',
            [
              { orderId: 'O1', itemId: 'I2', quantity: 2 },
              { orderId: 'O4', itemId: 'I1', quantity: 20 },
            ],
            ['quantity'],
          ),
        ).rejects.toMatchObject({ code: 'FORBIDDEN' });
        expect(await snapshot(ds, 'rainier')).toEqual(before);
        await expect(role.upsert('Employee', [], ['lastName'])).rejects.toMatchObject({ code: 'FORBIDDEN' });
      });

      test("updateWhere and deleteWhere touch only rows inside the rule's where; a failed check changes nothing", async () => {
        const { ds, role } = await setup();
        expect(pluck(await role.updateWhere('OrderItem', EVERY, { quantity: 2 }, 10), 'itemId')).toEqual(['I1', 'I2']);
        expect(await items(ds)).toEqual(['O1/I1:2:n1', 'O1/I2:2:n2', 'O2/I1:3:n3']);
        const before = await snapshot(ds, 'rainier');
        await expect(role.updateWhere('OrderItem', EVERY, { quantity: 0 }, 10)).rejects.toMatchObject({ code: 'FORBIDDEN' });
        // A field outside the rule's columns.
        await expect(role.updateWhere('OrderItem', EVERY, { notes: 'x' }, 10)).rejects.toMatchObject({ code: 'FORBIDDEN' });
        expect(await snapshot(ds, 'rainier')).toEqual(before);
        // Rows outside the where count towards no limit: the role's two rows are within 2.
        expect(pluck(await role.updateWhere('OrderItem', EVERY, { quantity: 1 }, 2), 'itemId')).toEqual(['I1', 'I2']);
        expect(await role.deleteWhere('OrderItem', EVERY, 1)).toEqual([{ orderId: 'O2', itemId: 'I1', quantity: 3, notes: 'n3' }]);
        expect(await items(ds)).toEqual(['O1/I1:1:n1', 'O1/I2:1:n2']);
      });
    });

    describe('transaction', () => {
      test('the handle is restricted too; a refusal caught inside keeps nothing of the refused write', async () => {
        const { ds, role } = await setup();
        const before = await snapshot(ds, 'rainier');
        const seen = await role.transaction(async (tx) => {
          await tx.insert('OrderItem', [{ orderId: 'O3', itemId: 'I1', quantity: 1 }]);
          const refusals = [
            await tx
              .insert('OrderItem', [
                { orderId: 'O4', itemId: 'I1', quantity: 2 },
                { orderId: 'O4', itemId: 'I2', quantity: 50 },
              ])
              .catch((e: Error) => e.message),
            await tx.update('Employee', ['E1'], { lastName: 'Late', hireDate: '2019-01-01' }).catch((e: Error) => e.message),
          ];
          expect(refusals.every((m) => typeof m === 'string' && m.includes('nothing was written'))).toBe(true);
          return pluck(await tx.list('Employee'), 'empNo');
        });
        expect(seen).toEqual(['E1', 'E2', 'E4', 'E6']);
        const after = await snapshot(ds, 'rainier');
        expect(after['Employee']).toEqual(before['Employee']);
        expect(pluck(after['OrderItem']!, 'orderId')).toEqual(['O1', 'O1', 'O2', 'O3']);
      });

      test('work that throws rolls back every write made through the handle', async () => {
        const { ds, role } = await setup();
        const before = await snapshot(ds, 'rainier');
        await expect(
          role.transaction(async (tx) => {
            await tx.insert('OrderItem', [{ orderId: 'O3', itemId: 'I1', quantity: 1 }]);
            await tx.update('Employee', ['E1'], { lastName: 'Byron' });
            await tx.delete('OrderItem', ['O2', 'I1']);
            throw new Error('stop');
          }),
        ).rejects.toThrow('stop');
        expect(await snapshot(ds, 'rainier')).toEqual(before);
      });
    });
  });
}
