/** list order (requested fields, then keys ascending; NULLs first ASC, last DESC) and paging. */
import { describe, expect, test } from 'vitest';
import type { SortSpec } from '../../../src/datastore/datastore.js';
import { expectPersistError, pluck, type Stores } from './context.js';
import { customer } from '../../support/sample-data.js';

const asc = (field: string): SortSpec => ({ field, direction: 'ASC' });
const desc = (field: string): SortSpec => ({ field, direction: 'DESC' });

/** [what, orderBy, customer ids in the expected order] over the sample customers. */
const customerOrders: [string, SortSpec[], number[]][] = [
  ['nullable int ASC: NULL first', [asc('score')], [2, 4, 3, 1]],
  ['nullable int DESC: NULL last', [desc('score')], [1, 3, 4, 2]],
  ['decimal ASC, exact, ties by key', [asc('balance')], [2, 4, 1, 3]],
  ['decimal DESC beyond double precision, NULL last', [desc('credit')], [3, 1, 4, 2]],
  ['enum by declaration order', [asc('status')], [1, 4, 2, 3]],
  ['enum DESC', [desc('status')], [3, 2, 1, 4]],
  ['nullable enum ASC', [asc('previousStatus')], [1, 2, 3, 4]],
  ['utc: offsets normalized, fractions after the whole second', [asc('createdAt')], [3, 1, 4, 2]],
  ['timeOfDay with fractions, NULL first', [asc('bedTime')], [2, 4, 3, 1]],
  ['civil DESC', [desc('lastSeen')], [4, 2, 1, 3]],
  ['date DESC', [desc('birthDate')], [3, 2, 1, 4]],
  ['boolean: false first', [asc('active')], [2, 4, 1, 3]],
  ['nullable boolean DESC', [desc('verified')], [1, 4, 3, 2]],
  ['float DESC', [desc('rating')], [3, 1, 2, 4]],
  ['two fields', [asc('active'), desc('age')], [4, 2, 3, 1]],
  ['key DESC replaces the tie-breaker', [desc('id')], [4, 3, 2, 1]],
];

export function describeListOrder(stores: Stores): void {
  describe('list order and paging', () => {
    test('default order is the key ascending, whatever the insertion order', async () => {
      const ds = await stores.seeded('rainier');
      expect(pluck(await ds.list('Employee'), 'empNo')).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6']);
      expect((await ds.list('OrderItem')).map((r) => `${r.orderId}/${r.itemId}`)).toEqual(['O1/I1', 'O1/I2', 'O2/I1']);
    });

    test('int keys order numerically, composite keys field by field', async () => {
      const ds = await stores.empty('features');
      await ds.insert('Customer', [customer(10), customer(9), customer(100), customer(-1)]);
      expect(pluck(await ds.list('Customer'), 'id')).toEqual([-1, 9, 10, 100]);
      await ds.insert('Product', [
        { vendor: 'b', sku: 1, title: 't', price: '1' },
        { vendor: 'a', sku: 10, title: 't', price: '1' },
        { vendor: 'a', sku: 9, title: 't', price: '1' },
      ]);
      expect((await ds.list('Product')).map((r) => `${r.vendor}${r.sku}`)).toEqual(['a9', 'a10', 'b1']);
    });

    test.each(customerOrders)('%s', async (_what, orderBy, ids) => {
      const ds = await stores.seeded('features');
      expect(pluck(await ds.list('Customer', { orderBy }), 'id')).toEqual(ids);
    });

    test('ties break by key ascending, also after DESC and on composite keys', async () => {
      const ds = await stores.seeded('rainier');
      const byLast = await ds.list('Employee', { orderBy: [asc('lastName')] });
      expect(pluck(byLast, 'empNo')).toEqual(['E3', 'E5', 'E1', 'E2', 'E4', 'E6']);
      const byLastDesc = await ds.list('Employee', { orderBy: [desc('lastName')] });
      expect(pluck(byLastDesc, 'empNo')).toEqual(['E2', 'E4', 'E6', 'E1', 'E5', 'E3']);
      const multi = await ds.list('Employee', { orderBy: [desc('lastName'), asc('gender'), desc('firstName')] });
      expect(pluck(multi, 'empNo')).toEqual(['E2', 'E6', 'E4', 'E1', 'E5', 'E3']);
      await ds.insert('OrderItem', [
        { orderId: 'O1', itemId: 'I0', quantity: 2, notes: 'x' },
        { orderId: 'O0', itemId: 'I9', quantity: 2, notes: 'x' },
      ]);
      const items = await ds.list('OrderItem', { orderBy: [desc('quantity')] });
      expect(items.map((r) => `${r.orderId}/${r.itemId}`)).toEqual(['O2/I1', 'O0/I9', 'O1/I0', 'O1/I1', 'O1/I2']);
    });

    test('limit and offset page the ordered, filtered rows', async () => {
      const ds = await stores.seeded('rainier');
      expect(pluck(await ds.list('Employee', { limit: 2, offset: 1 }), 'empNo')).toEqual(['E2', 'E3']);
      expect(pluck(await ds.list('Employee', { offset: 4 }), 'empNo')).toEqual(['E5', 'E6']);
      expect(await ds.list('Employee', { offset: 6 })).toEqual([]);
      expect(await ds.list('Employee', { limit: 0 })).toEqual([]);
      expect(pluck(await ds.list('Employee', { limit: 100 }), 'empNo')).toHaveLength(6);
      const page = await ds.list('Employee', {
        where: { kind: 'compare', field: 'departmentDeptNo', op: 'eq', value: 'D1' },
        orderBy: [desc('hireDate')],
        limit: 2,
        offset: 1,
      });
      expect(pluck(page, 'empNo')).toEqual(['E4', 'E2']);
    });

    test('a negative limit or offset is BAD_USER_INPUT', async () => {
      const ds = await stores.seeded('rainier');
      await expectPersistError(ds.list('Employee', { limit: -1 }), 'BAD_USER_INPUT', 'The limit must be a non-negative integer, got -1.');
      await expectPersistError(ds.list('Employee', { offset: -2 }), 'BAD_USER_INPUT', 'The offset must be a non-negative integer, got -2.');
    });

    test('select on list returns at least the selected fields and the key', async () => {
      const ds = await stores.seeded('rainier');
      const rows = await ds.list('Workspace', { select: ['locationBuildingCode'] });
      expect(rows.map((r) => [r.workspaceId, r.locationBuildingCode])).toEqual([
        ['W1', 'B1'],
        ['W2', 'B1'],
        ['W3', 'B2'],
      ]);
    });
  });
}
