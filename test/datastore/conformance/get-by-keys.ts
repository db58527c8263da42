/** getByKeys: one result per key, in order, null for a miss; simple and composite keys. */
import { describe, expect, test } from 'vitest';
import { sampleCustomers } from '../../support/sample-data.js';
import { pluck, type Stores } from './context.js';

export function describeGetByKeys(stores: Stores): void {
  describe('getByKeys', () => {
    test('returns one result per key in input order, null for misses, repeats for duplicates', async () => {
      const ds = await stores.seeded('rainier');
      const rows = await ds.getByKeys('Employee', [['E3'], ['E404'], ['E1'], ['E3']]);
      expect(pluck(rows, 'empNo')).toEqual(['E3', null, 'E1', 'E3']);
      expect(rows[2]).toEqual({
        empNo: 'E1',
        firstName: 'Ada',
        lastName: 'Lovelace',
        birthDate: '1815-12-10',
        gender: 'FEMALE',
        hireDate: '2020-01-01',
        departmentDeptNo: 'D1',
        workspaceWorkspaceId: 'W1',
      });
      expect(rows[0]).toEqual(rows[3]);
    });

    test('an empty key list gives an empty answer', async () => {
      const ds = await stores.seeded('rainier');
      expect(await ds.getByKeys('Department', [])).toEqual([]);
    });

    test('keys are exact: case, trailing spaces and SQL characters are significant', async () => {
      const ds = await stores.seeded('rainier');
      await ds.insert('Department', [
        { deptNo: 'd1', deptName: 'lower' },
        { deptNo: 'D1 ', deptName: 'trailing space' },
        { deptNo: "D'; --", deptName: 'quote' },
      ]);
      const rows = await ds.getByKeys('Department', [['D1'], ['d1'], ['D1 '], ["D'; --"], ['D1%'], ['D_']]);
      expect(pluck(rows, 'deptName')).toEqual(['Engineering', 'lower', 'trailing space', 'quote', null, null]);
    });

    test('composite string keys', async () => {
      const ds = await stores.seeded('rainier');
      const rows = await ds.getByKeys('OrderItem', [
        ['O1', 'I2'],
        ['O2', 'I2'],
        ['O2', 'I1'],
        ['I1', 'O1'],
      ]);
      expect(rows).toEqual([
        { orderId: 'O1', itemId: 'I2', quantity: 1, notes: 'n2' },
        null,
        { orderId: 'O2', itemId: 'I1', quantity: 3, notes: 'n3' },
        null,
      ]);
    });

    test('composite string + int keys and int keys', async () => {
      const ds = await stores.seeded('features');
      const products = await ds.getByKeys('Product', [
        ['acme', 2],
        ['bolt', 1],
        ['acme', 3],
        ['bolt', 2],
      ]);
      expect(pluck(products, 'title')).toEqual(['Rocket', 'Bolt', null, null]);
      const customers = await ds.getByKeys('Customer', [[4], [5], [1]]);
      expect(pluck(customers, 'name')).toEqual(['dee', null, 'Ada']);
    });

    test('returns every value in canonical form, NULLs included', async () => {
      const ds = await stores.seeded('features');
      const [c1, c4] = await ds.getByKeys('Customer', [[1], [4]]);
      // Every value as the sample data gives it, but the decimal written '100.50' comes back as '100.5'.
      expect(c1).toEqual({ ...sampleCustomers()[0], balance: '100.5' });
      expect(c4).toMatchObject({ createdAt: '2024-01-01T10:00:00Z', bedTime: '00:00:00.000001', nickname: 'D%_\\', type: "it's" });
      expect(c4!.avatar).toEqual(new Uint8Array(0));
    });

    test('select returns at least the selected fields and the key, with the stored values', async () => {
      const ds = await stores.seeded('features');
      const [row] = await ds.getByKeys('Product', [['acme', 1]], { select: ['title'] });
      expect(row).toMatchObject({ vendor: 'acme', sku: 1, title: 'Anvil' });
      for (const [field, value] of Object.entries(row!)) {
        expect(value).toEqual({ vendor: 'acme', sku: 1, title: 'Anvil', price: '10' }[field]);
      }
    });
  });
}
