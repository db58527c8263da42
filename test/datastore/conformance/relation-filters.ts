/**
 * Relation conditions in filters (some / every / none over 1-n, "has one that matches" over
 * to-one, either side of a 1-1) and sorting by owner-side to-one paths, over the features sample
 * data (test/support/sample-data.ts): customers 1-4, profiles ada → 1, bob → 2; orders O1
 * (customer 1, referrer 2), O2 (1, 1), O3 (2, 1); lines L1 (O1, acme/1, note NULL), L2 (O1,
 * acme/2, 'gift'), L3 (O2, acme/1, NULL), L4 (O3, bolt/1, 'bulk'); warranty 1 → acme/1.
 */
import { describe, expect, test } from 'vitest';
import type { Filter, Quantifier, SortSpec, Value } from '../../../src/datastore/datastore.js';
import { expectPersistError, pluck, type Stores } from './context.js';

import { and, eq, gt, gte, ne, not, or } from './filter-builders.js';

const rel = (field: string, quantifier: Quantifier, filter: Filter = and(), scope?: Filter): Filter =>
  scope === undefined ? { kind: 'relation', field, quantifier, filter } : { kind: 'relation', field, quantifier, filter, scope };
const some = (field: string, filter?: Filter, scope?: Filter): Filter => rel(field, 'some', filter, scope);
const every = (field: string, filter: Filter, scope?: Filter): Filter => rel(field, 'every', filter, scope);
const none = (field: string, filter?: Filter): Filter => rel(field, 'none', filter);

/** [what, entity, filter, keys (first key field) it returns]. */
const cases: [string, string, Filter, Value[]][] = [
  ['1-n some', 'Customer', some('orders', gt('total', '20')), [1]],
  ['1-n some {}: has children', 'Customer', some('orders'), [1, 2]],
  ['1-n none {}: has no children', 'Customer', none('orders'), [3, 4]],
  ['1-n every holds for childless parents', 'Customer', every('orders', gt('total', '1')), [1, 3, 4]],
  ['1-n every false when one child fails', 'Customer', every('orders', gt('total', '20')), [3, 4]],
  ['the second relation between the same entities', 'Customer', some('referredOrders', eq('placedOn', '2024-01-05')), [2]],
  ['1-1 other side: has one', 'Customer', some('profile'), [1, 2]],
  ['1-1 other side: NOT has one', 'Customer', not(some('profile')), [3, 4]],
  ['1-1 other side matching', 'Customer', some('profile', { kind: 'string', field: 'bio', op: 'startsWith', value: 'B' }), [2]],
  ['1-1 owner side matching', 'Profile', some('customer', gt('age', 30)), ['ada']],
  ['owner side, composite foreign key', 'OrderLine', some('product', eq('title', 'Anvil')), ['L1', 'L3']],
  ['nested to-one in to-one (composite keys)', 'OrderLine', some('product', some('warranty', eq('months', 12))), ['L1', 'L3']],
  ['composite key 1-n every', 'Product', every('lines', gte('quantity', 2)), ['acme']],
  ['1-1 other side, composite key: NOT has one', 'Product', not(some('warranty')), ['acme', 'bolt']],
  ['nested three levels', 'Customer', some('orders', some('lines', some('product', eq('title', 'Bolt')))), [2]],
  ['combined with OR', 'Customer', or(some('orders', gt('total', '20')), some('profile', eq('handle', 'bob'))), [1, 2]],
  ['combined with a field filter', 'Customer', and(some('orders'), gt('age', 30)), [1]],
  // NULL note on L1 and L3: `ne` is UNKNOWN there, so `every` fails, and `some` does not match.
  ['every: an UNKNOWN child fails it', 'Order', every('lines', ne('note', 'zzz')), ['O3']],
  ['some: an UNKNOWN child does not match', 'Order', some('lines', ne('note', 'zzz')), ['O1', 'O3']],
  ['NOT of some is never UNKNOWN', 'Order', not(some('lines', ne('note', 'gift'))), ['O1', 'O2']],
  ['none is NOT some', 'Order', none('lines', eq('note', 'gift')), ['O2', 'O3']],
  ['NOT of every', 'Order', not(every('lines', ne('note', 'zzz'))), ['O1', 'O2']],
  ['scope: only related rows in it count (some)', 'Customer', some('orders', and(), eq('orderNo', 'O3')), [2]],
  ['scope: only related rows in it count (every)', 'Customer', every('orders', gt('total', '1'), ne('orderNo', 'O3')), [1, 2, 3, 4]],
];

const sort = (field: string, direction: 'ASC' | 'DESC', ...path: string[]): SortSpec =>
  path.length === 0 ? { field, direction } : { field, direction, path: path.map((relation) => ({ relation })) };

export function describeRelationFilters(stores: Stores): void {
  describe('relation filters', () => {
    test.each(cases)('%s', async (_what, entity, where, expected) => {
      const ds = await stores.seeded('features');
      const rows = await ds.list(entity, { where });
      const first = { Customer: 'id', Profile: 'handle', OrderLine: 'lineId', Product: 'vendor', Order: 'orderNo' }[entity]!;
      expect(pluck(rows, first)).toEqual(expected);
    });

    test('apply in getByFields groups and getByKeys, and see rows written since', async () => {
      const ds = await stores.seeded('features');
      const groups = await ds.getByFields('Order', ['customerId'], [[1], [2], [3]], { where: some('lines', eq('quantity', 5)) });
      expect(groups.map((g) => pluck(g, 'orderNo'))).toEqual([['O2'], [], []]);
      await ds.insert('OrderLine', [{ lineId: 'L5', quantity: 5, orderOrderNo: 'O3', productVendor: 'acme', productSku: 2 }]);
      const again = await ds.getByFields('Order', ['customerId'], [[1], [2]], { where: some('lines', eq('quantity', 5)) });
      expect(again.map((g) => pluck(g, 'orderNo'))).toEqual([['O2'], ['O3']]);
      const byKey = await ds.getByKeys('Customer', [[1], [3]], { where: every('orders', gt('total', '20')) });
      expect(pluck(byKey, 'id')).toEqual([null, 3]);
    });

    test('apply in aggregates, grouped and per parent, and in connections', async () => {
      const ds = await stores.seeded('features');
      const gift = some('lines', eq('note', 'gift'));
      expect(await ds.aggregate('Order', { aggregates: [{ fn: 'count' }], where: gift })).toEqual([[{ fields: {}, values: [1] }]]);
      const grouped = await ds.aggregate('Order', { aggregates: [{ fn: 'count' }], where: some('lines'), groupBy: ['customerId'] });
      expect(grouped).toEqual([
        [
          { fields: { customerId: 1 }, values: [2] },
          { fields: { customerId: 2 }, values: [1] },
        ],
      ]);
      const per = await ds.aggregate('Order', {
        aggregates: [{ fn: 'count' }],
        where: none('lines', eq('note', 'gift')),
        per: { fields: ['customerId'], values: [[1], [2], [3]] },
      });
      expect(per.map((groups) => groups.map((g) => g.values))).toEqual([[[1]], [[1]], [[0]]]);
      const [page] = await ds.connection('Order', { where: gift, first: 10 });
      expect([pluck(page!.rows, 'orderNo'), page!.totalCount]).toEqual([['O1'], 1]);
    });

    test('guard updates and deletes', async () => {
      const ds = await stores.seeded('features');
      await expectPersistError(
        ds.update('Customer', [3], { age: 1 }, { where: some('orders') }),
        'NOT_FOUND',
        "A record with the key '3' does not exist for the entity 'Customer'.",
      );
      const updated = await ds.update('Customer', [1], { age: 1 }, { where: some('orders', gt('total', '20')) });
      expect(updated.age).toBe(1);
    });

    test('bad relation filters are BAD_USER_INPUT', async () => {
      const ds = await stores.seeded('features');
      await expectPersistError(
        ds.list('Customer', { where: some('nothing') }),
        'BAD_USER_INPUT',
        "Invalid value for 'Customer.nothing': the entity has no such relation field",
      );
      await expectPersistError(
        ds.list('Customer', { where: some('orders', eq('nothing', 1)) }),
        'BAD_USER_INPUT',
        "Invalid value for 'Order.nothing': the entity has no such field",
      );
      await expectPersistError(
        ds.list('Customer', { where: some('orders', eq('total', 'x')) }),
        'BAD_USER_INPUT',
        'Invalid value for \'Order.total\': "x" is not a decimal number (expected digits with an optional fraction, like "12.50")',
      );
    });
  });

  describe('sorting by to-one relation fields', () => {
    test('one level, composite foreign key, then the key', async () => {
      const ds = await stores.seeded('features');
      expect(pluck(await ds.list('Order', { orderBy: [sort('name', 'DESC', 'customer')] }), 'orderNo')).toEqual(['O3', 'O1', 'O2']);
      expect(pluck(await ds.list('OrderLine', { orderBy: [sort('title', 'ASC', 'product')] }), 'lineId')).toEqual(['L1', 'L3', 'L4', 'L2']);
      expect(pluck(await ds.list('Profile', { orderBy: [sort('age', 'ASC', 'customer')] }), 'handle')).toEqual(['bob', 'ada']);
    });

    test('two levels, mixed with a field of the row, and with limit/offset', async () => {
      const ds = await stores.seeded('features');
      const orderBy = [sort('name', 'DESC', 'order', 'customer'), sort('quantity', 'DESC')];
      expect(pluck(await ds.list('OrderLine', { orderBy }), 'lineId')).toEqual(['L4', 'L3', 'L1', 'L2']);
      expect(pluck(await ds.list('OrderLine', { orderBy, limit: 2, offset: 1 }), 'lineId')).toEqual(['L3', 'L1']);
    });

    test('per group in getByFields, paged or not, with includes', async () => {
      const ds = await stores.seeded('features');
      const orderBy = [sort('name', 'DESC', 'referrer')];
      const paged = await ds.getByFields('Order', ['customerId'], [[1], [2]], { orderBy, limit: 1 });
      expect(paged.map((g) => pluck(g, 'orderNo'))).toEqual([['O1'], ['O3']]);
      const all = await ds.getByFields('Order', ['customerId'], [[1], [2]], { orderBy, include: [{ relation: 'referrer' }] });
      expect(all.map((g) => pluck(g, 'orderNo'))).toEqual([['O1', 'O2'], ['O3']]);
      const lines = await ds.getByFields('OrderLine', ['orderOrderNo'], [['O1']], {
        orderBy: [sort('title', 'DESC', 'product')],
        include: [{ relation: 'product' }],
        limit: 5,
        offset: 0,
      });
      expect(pluck(lines[0]!, 'lineId')).toEqual(['L2', 'L1']);
    });

    test("a step's where: a related row outside it sorts as NULL", async () => {
      const ds = await stores.seeded('features');
      const orderBy: SortSpec[] = [{ field: 'name', direction: 'ASC', path: [{ relation: 'referrer', where: eq('id', 1) }] }];
      expect(pluck(await ds.list('Order', { orderBy }), 'orderNo')).toEqual(['O1', 'O2', 'O3']);
      expect(pluck(await ds.list('Order', { orderBy: [sort('name', 'ASC', 'referrer')] }), 'orderNo')).toEqual(['O2', 'O3', 'O1']);
    });

    test('only owner-side relations sort; bytes do not', async () => {
      const ds = await stores.seeded('features');
      await expectPersistError(
        ds.list('Customer', { orderBy: [sort('total', 'ASC', 'orders')] }),
        'BAD_USER_INPUT',
        "Invalid value for 'Customer.orders': only relations holding the foreign key (to-one) sort",
      );
      await expectPersistError(
        ds.list('Profile', { orderBy: [sort('avatar', 'ASC', 'customer')] }),
        'BAD_USER_INPUT',
        "Invalid value for 'Customer.avatar': bytes do not sort",
      );
    });
  });
}
