/**
 * `client.as({ role, claims })` (issue 10 item 7): the typed client acting as one user, under the
 * same permissions as the gateway, over any datastore. Run by client-inmemory and client-mysql.
 * The permissions are read from a codegen.yml text, as `Client.connect()` reads them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../../src/generated/store/client.js';
import { parseConfig } from '../../src/config/persist-config.js';
import { readPermissions } from '../../src/permissions/read-permissions.js';
import { loadModel } from '../support/models.js';
import type { OpenDatastore } from '../support/open-datastore.js';
import { BUILDINGS, DEPARTMENTS, EMPLOYEES, WORKSPACES } from './client-fixtures.js';

const YAML = `
persist:
  permissions:
    Employee:
      employee:
        select: { columns: [empNo, firstName, lastName, departmentDeptNo], where: { departmentDeptNo: { eq: { claim: dept } } } }
        update: { columns: [lastName], where: { empNo: { eq: { claim: sub } } } }
    Department:
      employee:
        select: { columns: [deptNo, deptName] }
    OrderItem:
      employee:
        select: {}
        insert: { columns: [orderId, itemId, quantity], check: { quantity: { lte: 10 } }, set: { notes: { claim: sub } } }
`;

export function describeClientAs(name: string, open: OpenDatastore): void {
  describe(`client.as (${name})`, () => {
    const model = loadModel('rainier');
    const permissions = readPermissions(parseConfig(YAML, 'codegen.yml', {}).permissions, model, 'codegen.yml');
    let client: Client;
    beforeEach(async () => {
      client = new Client(await open(model));
      await client.buildings.post(BUILDINGS);
      await client.workspaces.post(WORKSPACES);
      await client.departments.post(DEPARTMENTS);
      await client.employees.post(EMPLOYEES);
    });
    afterEach(async () => client.close());
    const as = (claims: Record<string, unknown>): Client => client.as({ role: 'employee', claims, permissions });

    it('reads only the rows and columns of the role', async () => {
      const me = as({ sub: 'E004', dept: 'D2' });
      const rows = await me.employees.get().toArray();
      expect(rows).toEqual([
        { empNo: 'E004', firstName: 'First4', lastName: 'Last4', departmentDeptNo: 'D2' },
        { empNo: 'E005', firstName: 'First5', lastName: 'Last5', departmentDeptNo: 'D2' },
      ]);
      await expect(me.employees.getByKey('E001')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const depts = await me.departments.get({ select: { deptNo: true, employees: { select: { empNo: true } } } }).toArray();
      expect(depts.map((d) => [d.deptNo, d.employees.map((e) => e.empNo)])).toEqual([
        ['D1', []],
        ['D2', ['E004', 'E005']],
        ['D3', []],
      ]);
      // The client itself still has full rights.
      expect(await client.employees.get().toArray()).toHaveLength(5);
    });

    it('refuses a hidden column in a selection, a filter or a sort, and an entity the role may not read', async () => {
      const me = as({ sub: 'E004', dept: 'D2' });
      expect(() => me.employees.get({ select: { birthDate: true } })).toThrow(/may not select 'Employee.birthDate'/);
      expect(() => me.employees.get({ where: { gender: { eq: 'MALE' } } })).toThrow(/may not filter on 'Employee.gender'/);
      expect(() => me.employees.get({ orderBy: { hireDate: 'ASC' } })).toThrow(/may not sort by 'Employee.hireDate'/);
      expect(() => me.workspaces.get()).toThrow(/may not read Workspace rows/);
    });

    it('relation filters count only the rows the role sees; filtering or sorting through a hidden entity or column is FORBIDDEN', async () => {
      const me = as({ sub: 'E004', dept: 'D2' });
      const depts = async (where: Parameters<Client['departments']['get']>[0]): Promise<string[]> =>
        (await me.departments.get({ ...where, select: { deptNo: true } }).toArray()).map((d) => d.deptNo);
      expect(await depts({ where: { employees: { some: {} } } })).toEqual(['D2']);
      expect(await depts({ where: { employees: { none: {} } } })).toEqual(['D1', 'D3']);
      const names = await me.employees.get({ orderBy: [{ department: { deptName: 'DESC' } }], select: { empNo: true } }).toArray();
      expect(names.map((e) => e.empNo)).toEqual(['E004', 'E005']);
      expect(() => me.employees.get({ where: { workspace: {} } })).toThrow(/may not read Workspace rows/);
      expect(() => me.departments.get({ where: { employees: { some: { gender: { eq: 'MALE' } } } } })).toThrow(
        /may not filter on 'Employee.gender'/,
      );
      expect(() => me.employees.get({ orderBy: { workspace: { workspaceType: 'ASC' } } })).toThrow(/may not read Workspace rows/);
    });

    it('writes under the role: set from the claims, a failed check FORBIDDEN, outside the where NOT_FOUND, nothing changed', async () => {
      const me = as({ sub: 'E004', dept: 'D2' });
      await me.orderItems.post([{ orderId: 'O1', itemId: 'I1', quantity: 3, notes: null as unknown as string }]);
      expect(await client.orderItems.getByKey(['O1', 'I1'])).toEqual({ orderId: 'O1', itemId: 'I1', quantity: 3, notes: 'E004' });
      await expect(
        me.orderItems.post([{ orderId: 'O2', itemId: 'I1', quantity: 50, notes: null as unknown as string }]),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await client.orderItems.get().toArray()).toHaveLength(1);
      expect(await me.employees.put('E004', { lastName: 'Mine' })).toEqual({
        empNo: 'E004',
        firstName: 'First4',
        lastName: 'Mine',
        departmentDeptNo: 'D2',
      });
      await expect(me.employees.put('E005', { lastName: 'Theirs' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await client.employees.getByKey('E005')).lastName).toBe('Last5');
    });

    it('a missing claim sees no row; an unknown role or a client without permissions is refused', async () => {
      expect(await as({}).employees.get().toArray()).toEqual([]);
      expect(() => client.as({ role: 'nobody', permissions })).toThrow(
        "Role 'nobody' has no permissions: no rule under persist.permissions names it.",
      );
      expect(() => client.as({ role: 'employee' })).toThrow(/needs permissions/);
    });

    it("a view's close() leaves the datastore open", async () => {
      await as({ dept: 'D1' }).close();
      expect(await client.departments.get().toArray()).toHaveLength(3);
    });
  });
}
