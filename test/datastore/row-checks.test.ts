import { describe, expect, test } from 'vitest';
import { canonicalKey, checkInsertRow, WRITE_CHECK_ORDER } from '../../src/datastore/row-checks.js';
import { parentFirstOrder } from '../../src/model/parent-first-order.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { getEntity } from '../../src/model/index.js';
import { ADA_EMPLOYEE, loadModel } from '../support/models.js';

const models = {
  rainier: loadModel('rainier'),
  features: loadModel('features'),
  generated: loadModel('generated'),
  unique: loadModel('unique'),
};

const EMPLOYEE = ADA_EMPLOYEE;

describe('checkInsertRow (built at once when no generated field is given, else the loop)', () => {
  const employee = getEntity(models.rainier, 'Employee');
  const ticket = getEntity(models.generated, 'Ticket');

  test('the canonical row: every stored field in declaration order, a plain object', () => {
    const row = checkInsertRow(models.rainier, employee, { ...EMPLOYEE, birthDate: '1815-12-10' });
    expect(row).toStrictEqual(EMPLOYEE);
    expect(Object.keys(row)).toEqual(employee.fields.map((f) => f.name));
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    // A generated field left out is not in the row.
    expect(Object.keys(checkInsertRow(models.generated, ticket, { title: 't' }))).toEqual(['title']);
  });

  test('the first error in the documented order: unknown fields, then each field in declaration order', () => {
    const check = (row: Record<string, unknown>) => () => checkInsertRow(models.rainier, employee, row);
    expect(check({ ...EMPLOYEE, nope: 1, gender: 'X' })).toThrow(/nope/);
    expect(check({ ...EMPLOYEE, firstName: undefined, gender: 'X' })).toThrow(/firstName.*required|required.*firstName/s);
    expect(check({ ...EMPLOYEE, firstName: 7, gender: 'X' })).toThrow(/firstName/);
    expect(check({ ...EMPLOYEE, firstName: null })).toThrow(/firstName/);
    expect(check({ ...EMPLOYEE, gender: 'X', hireDate: 'no' })).toThrow(/gender/);
  });

  test('a generated field given is refused before the fields after it (the loop, not the builder)', () => {
    expect(() => checkInsertRow(models.generated, ticket, { id: 5, title: 7 })).toThrow(/generated/);
    expect(() => checkInsertRow(models.generated, ticket, { id: undefined, title: 7 })).toThrow(/title/);
  });
});

describe('row checks', () => {
  test('parentFirstOrder puts every referenced entity before its owners', () => {
    for (const model of Object.values(models)) {
      const order = parentFirstOrder(model).map((e) => e.name);
      expect(new Set(order).size).toBe(model.entities.length);
      for (const r of model.relations) expect(order.indexOf(r.referenced.entity)).toBeLessThan(order.indexOf(r.owner.entity));
    }
  });

  test('the documented check order', () => {
    expect(WRITE_CHECK_ORDER).toEqual({
      insert: ['empty', 'values', 'key', 'uniqueIndex', 'oneToOne', 'foreignKey'],
      update: ['notFound', 'values', 'uniqueIndex', 'oneToOne', 'foreignKey'],
      delete: ['notFound', 'restrict'],
    });
  });

  test('canonicalKey keeps canonical keys as they are and rejects what no row can hold', () => {
    const customer = getEntity(models.features, 'Customer');
    const key = [5] as const;
    expect(canonicalKey(models.features, customer, key)).toBe(key);
    expect(canonicalKey(models.features, customer, ['5'])).toBeUndefined();
    expect(canonicalKey(models.features, customer, [1.5])).toBeUndefined();
    expect(() => canonicalKey(models.features, customer, [1, 2])).toThrow("A key of 'Customer' has 1 value(s), got 2");
  });

  test('seedDatastore rejects an unknown entity and loads nothing', async () => {
    const ds = new InMemoryDatastore(models.rainier);
    await expect(seedDatastore(ds, models.rainier, { Department: [{ deptNo: 'D1', deptName: 'x' }], Planet: [] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message:
        "The sample data names the entity 'Planet', which the model does not declare (entities: Employee, Workspace, Building, Department, OrderItem).",
    });
    expect(await ds.list('Department')).toEqual([]);
  });

  test('seedDatastore inserts children given before their parents, all or nothing', async () => {
    const ds = new InMemoryDatastore(models.rainier);
    const employee = {
      empNo: 'E1',
      firstName: 'A',
      lastName: 'B',
      birthDate: '2000-01-01',
      gender: 'MALE',
      hireDate: '2020-01-01',
      departmentDeptNo: 'D1',
      workspaceWorkspaceId: 'W1',
    };
    await expect(ds.load({ Employee: [employee], Department: [{ deptNo: 'D1', deptName: 'x' }] })).rejects.toMatchObject({
      code: 'FOREIGN_KEY_VIOLATION',
    });
    expect(await ds.list('Department')).toEqual([]);
    await ds.load({
      Employee: [employee],
      Workspace: [{ workspaceId: 'W1', workspaceType: 'desk', locationBuildingCode: 'B1' }],
      Building: [{ buildingCode: 'B1', city: 'c', state: 's', country: 'c', postalCode: 'p', type: 't' }],
      Department: [{ deptNo: 'D1', deptName: 'x' }],
    });
    expect(await ds.getByKeys('Employee', [['E1']])).toEqual([employee]);
  });
});
