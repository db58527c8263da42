import { describe, expect, test } from 'vitest';
import { canonicalKey, WRITE_CHECK_ORDER } from '../../src/datastore/row-checks.js';
import { parentFirstOrder } from '../../src/model/parent-first-order.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { getEntity } from '../../src/model/index.js';
import { loadModel } from '../support/models.js';

const models = {
  rainier: loadModel('rainier'),
  features: loadModel('features'),
  generated: loadModel('generated'),
  unique: loadModel('unique'),
};

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
