/** aggregate: count/sum/avg/min/max, grouped, having, group order and paging, per parent; exact decimals. */
import { describe, expect, test } from 'vitest';
import type { Aggregate, AggregateQuery, Datastore, Group } from '../../../src/datastore/datastore.js';
import { customer } from '../../support/sample-data.js';
import { expectPersistError, type Stores } from './context.js';

const count: Aggregate = { fn: 'count' };
const sum = (field: string): Aggregate => ({ fn: 'sum', field });
const avg = (field: string): Aggregate => ({ fn: 'avg', field });
const min = (field: string): Aggregate => ({ fn: 'min', field });
const max = (field: string): Aggregate => ({ fn: 'max', field });

/** The one group of an ungrouped read, as { aggregate id: value }. */
async function totals(
  ds: Datastore,
  entity: string,
  aggregates: Aggregate[],
  where?: AggregateQuery['where'],
): Promise<Record<string, unknown>> {
  const [[group, ...rest]] = (await ds.aggregate(entity, { aggregates, ...(where && { where }) })) as [Group[]];
  expect(rest).toEqual([]);
  return Object.fromEntries(aggregates.map((a, i) => [a.fn === 'count' ? 'count' : `${a.fn}(${a.field})`, group!.values[i]]));
}

export function describeAggregates(stores: Stores): void {
  describe('aggregate', () => {
    test('every function over every scalar, nulls ignored, decimals exact', async () => {
      const ds = await stores.seeded('features');
      const numeric = ['age', 'score', 'rating', 'weight', 'balance', 'credit'];
      const sortable = [
        'name',
        'nickname',
        'age',
        'rating',
        'balance',
        'credit',
        'active',
        'verified',
        'birthDate',
        'wakeUp',
        'bedTime',
        'createdAt',
        'lastSeen',
        'status',
        'previousStatus',
      ];
      expect(
        await totals(ds, 'Customer', [count, ...numeric.flatMap((f) => [sum(f), avg(f)]), ...sortable.flatMap((f) => [min(f), max(f)])]),
      ).toEqual({
        count: 4,
        'sum(age)': 2147483749,
        'avg(age)': 536870937.25,
        'sum(score)': -2147483631,
        'avg(score)': -715827877,
        'sum(rating)': 11.25,
        'avg(rating)': 2.8125,
        'sum(weight)': 140.5,
        'avg(weight)': 70.25,
        'sum(balance)': '181.001',
        'avg(balance)': '45.25025',
        'sum(credit)': '99999999999999999999999999999999998.600000000000000000000000000001',
        'avg(credit)': '33333333333333333333333333333333332.866666666666666666666666666667',
        'min(name)': 'Ada',
        'max(name)': 'dee',
        'min(nickname)': 'D%_\\',
        'max(nickname)': 'c',
        'min(age)': 25,
        'max(age)': 2147483647,
        'min(rating)': -1.25,
        'max(rating)': 5,
        'min(balance)': '-20',
        'max(balance)': '100.5',
        'min(credit)': '-0.5',
        'max(credit)': '99999999999999999999999999999999999.000000000000000000000000000001',
        'min(active)': false,
        'max(active)': true,
        'min(verified)': false,
        'max(verified)': true,
        'min(birthDate)': '1970-01-01',
        'max(birthDate)': '2000-01-01',
        'min(wakeUp)': '00:00:00',
        'max(wakeUp)': '07:00:00',
        'min(bedTime)': '00:00:00.000001',
        'max(bedTime)': '23:00:00',
        'min(createdAt)': '2023-12-31T23:59:59Z',
        'max(createdAt)': '2024-01-01T10:00:00.5Z',
        'min(lastSeen)': '2023-12-31T23:59:59',
        'max(lastSeen)': '2024-03-01T08:00:00.5',
        // Enums by declaration order, not by text.
        'min(status)': 'active',
        'max(status)': 'CLOSED',
        'min(previousStatus)': 'active',
        'max(previousStatus)': 'CLOSED',
      });
    });

    test('over no rows: count 0, every other aggregate null', async () => {
      const ds = await stores.seeded('features');
      const where = { kind: 'compare', field: 'id', op: 'gt', value: 100 } as const;
      expect(await totals(ds, 'Customer', [count, sum('balance'), avg('age'), min('status'), max('createdAt')], where)).toEqual({
        count: 0,
        'sum(balance)': null,
        'avg(age)': null,
        'min(status)': null,
        'max(createdAt)': null,
      });
      expect(await totals(await stores.empty('features'), 'Order', [count, sum('total')])).toEqual({ count: 0, 'sum(total)': null });
    });

    test('decimals with 30 fractional digits: sums exact, averages rounded half away from zero at scale + 4', async () => {
      const ds = await stores.empty('features');
      const credits = ['0.000000000000000000000000000001', '0', '0', '0', '0', '0', '0'];
      await ds.insert(
        'Customer',
        credits.map((credit, i) => customer(i + 1, { credit, balance: i === 0 ? '-0.000000000000000000000000000001' : '0' })),
      );
      expect(await totals(ds, 'Customer', [sum('credit'), avg('credit'), sum('balance'), avg('balance')])).toEqual({
        'sum(credit)': '0.000000000000000000000000000001',
        // 1e-30 / 7 = 1.428571…e-31: four more digits, the last rounded up.
        'avg(credit)': '0.0000000000000000000000000000001429',
        'sum(balance)': '-0.000000000000000000000000000001',
        'avg(balance)': '-0.0000000000000000000000000000001429',
      });
      const half = { kind: 'compare', field: 'id', op: 'lte', value: 2 } as const;
      expect(await totals(ds, 'Customer', [avg('credit'), avg('balance')], half)).toEqual({
        'avg(credit)': '0.0000000000000000000000000000005',
        'avg(balance)': '-0.0000000000000000000000000000005',
      });
    });

    test('grouped: one group per value (NULL is one), by fields ascending, enums in declaration order', async () => {
      const ds = await stores.seeded('features');
      expect(await ds.aggregate('Customer', { aggregates: [count, sum('balance')], groupBy: ['status'] })).toEqual([
        [
          { fields: { status: 'active' }, values: [2, '100.501'] },
          { fields: { status: 'suspended' }, values: [1, '-20'] },
          { fields: { status: 'CLOSED' }, values: [1, '100.5'] },
        ],
      ]);
      expect(await ds.aggregate('Customer', { aggregates: [count], groupBy: ['previousStatus'] })).toEqual([
        [
          { fields: { previousStatus: null }, values: [1] },
          { fields: { previousStatus: 'active' }, values: [1] },
          { fields: { previousStatus: 'suspended' }, values: [1] },
          { fields: { previousStatus: 'CLOSED' }, values: [1] },
        ],
      ]);
      expect(await ds.aggregate('Customer', { aggregates: [min('name')], groupBy: ['active', 'status'] })).toEqual([
        [
          { fields: { active: false, status: 'active' }, values: ['dee'] },
          { fields: { active: false, status: 'suspended' }, values: ['Bob'] },
          { fields: { active: true, status: 'active' }, values: ['Ada'] },
          { fields: { active: true, status: 'CLOSED' }, values: ['Cy'] },
        ],
      ]);
    });

    test('grouped reads follow every write: insert, update, delete, in a transaction and after its rollback', async () => {
      const ds = await stores.seeded('features');
      const byStatus = async (d: Datastore, where?: AggregateQuery['where']): Promise<unknown[][]> => {
        const [groups] = await d.aggregate('Customer', { aggregates: [count, sum('age')], groupBy: ['status'], ...(where && { where }) });
        return groups!.map((g) => [g.fields['status'], ...g.values]);
      };
      const counts = async (d: Datastore): Promise<unknown[][]> => (await byStatus(d)).map(([status, n]) => [status, n]);
      const initial = [
        ['active', 2],
        ['suspended', 1],
        ['CLOSED', 1],
      ];
      expect(await counts(ds)).toEqual(initial);
      await ds.insert('Customer', [customer(5, { status: 'suspended', age: 7 })]);
      expect(await counts(ds)).toEqual([
        ['active', 2],
        ['suspended', 2],
        ['CLOSED', 1],
      ]);
      const old = { kind: 'compare' as const, field: 'age', op: 'lt' as const, value: 10 };
      expect(await byStatus(ds, old)).toEqual([['suspended', 1, 7]]);
      await ds.update('Customer', [5], { status: 'CLOSED' });
      expect(await byStatus(ds, old)).toEqual([['CLOSED', 1, 7]]);
      await ds.delete('Customer', [5]);
      expect(await counts(ds)).toEqual(initial);
      const rollback = new Error('roll back');
      await expect(
        ds.transaction(async (tx) => {
          await tx.insert('Customer', [customer(6, { status: 'active', age: 8 })]);
          expect(await byStatus(tx, old)).toEqual([['active', 1, 8]]);
          expect((await counts(tx))[0]).toEqual(['active', 3]);
          throw rollback;
        }),
      ).rejects.toBe(rollback);
      expect(await counts(ds)).toEqual(initial);
      expect(await byStatus(ds, old)).toEqual([]);
    });

    test('having (three-valued), group order by aggregates, limit and offset', async () => {
      const ds = await stores.seeded('features');
      const by = { aggregates: [count], groupBy: ['status'] };
      const gt1: AggregateQuery['having'] = { kind: 'compare', aggregate: count, op: 'gt', value: 1 };
      expect(await ds.aggregate('Customer', { ...by, having: gt1 })).toEqual([[{ fields: { status: 'active' }, values: [2] }]]);
      // sum(weight) is null for the suspended group: NOT(null > 0) is unknown, so it is left out.
      const notPositive: AggregateQuery['having'] = {
        kind: 'not',
        filter: { kind: 'compare', aggregate: sum('weight'), op: 'gt', value: 70 },
      };
      expect(await ds.aggregate('Customer', { ...by, having: notPositive })).toEqual([[{ fields: { status: 'active' }, values: [2] }]]);
      const nullWeight: AggregateQuery['having'] = { kind: 'isNull', aggregate: sum('weight'), isNull: true };
      expect(await ds.aggregate('Customer', { ...by, having: nullWeight })).toEqual([[{ fields: { status: 'suspended' }, values: [1] }]]);
      const decimal: AggregateQuery['having'] = { kind: 'compare', aggregate: sum('balance'), op: 'gte', value: '100.5010' };
      expect(await ds.aggregate('Customer', { ...by, having: decimal })).toEqual([[{ fields: { status: 'active' }, values: [2] }]]);
      const enumMax: AggregateQuery['having'] = { kind: 'compare', aggregate: max('status'), op: 'gt', value: 'suspended' };
      expect(await ds.aggregate('Customer', { aggregates: [count], groupBy: ['active'], having: enumMax })).toEqual([
        [{ fields: { active: true }, values: [2] }],
      ]);
      const inList: AggregateQuery['having'] = { kind: 'in', aggregate: avg('age'), values: [25, 41], negate: false };
      expect(await ds.aggregate('Customer', { ...by, having: inList })).toEqual([
        [
          { fields: { status: 'suspended' }, values: [1] },
          { fields: { status: 'CLOSED' }, values: [1] },
        ],
      ]);
      const startsWith: AggregateQuery['having'] = { kind: 'string', aggregate: min('nickname'), op: 'startsWith', value: 'D%' };
      expect(await ds.aggregate('Customer', { aggregates: [min('nickname')], groupBy: ['active'], having: startsWith })).toEqual([
        [{ fields: { active: false }, values: ['D%_\\'] }],
      ]);
      const sorted = await ds.aggregate('Customer', {
        aggregates: [count, sum('balance')],
        groupBy: ['status'],
        orderBy: [
          { aggregate: count, direction: 'DESC' },
          { aggregate: sum('balance'), direction: 'ASC' },
        ],
      });
      expect(sorted[0]!.map((g) => g.fields.status)).toEqual(['active', 'suspended', 'CLOSED']);
      const byField = await ds.aggregate('Customer', {
        aggregates: [],
        groupBy: ['status'],
        orderBy: [{ field: 'status', direction: 'DESC' }],
        limit: 2,
        offset: 1,
      });
      expect(byField).toEqual([
        [
          { fields: { status: 'suspended' }, values: [] },
          { fields: { status: 'active' }, values: [] },
        ],
      ]);
    });

    test('per parent: one call for many parents, composite foreign keys, paging per parent', async () => {
      const ds = await stores.seeded('features');
      const perCustomer = await ds.aggregate('Order', {
        aggregates: [count, sum('total'), max('placedOn')],
        per: { fields: ['customerId'], values: [[1], [2], [3], [1]] },
      });
      expect(perCustomer).toEqual([
        [{ fields: {}, values: [2, '42.25', '2024-01-06'] }],
        [{ fields: {}, values: [1, '0.25', '2024-01-07'] }],
        [{ fields: {}, values: [0, null, null] }],
        [{ fields: {}, values: [2, '42.25', '2024-01-06'] }],
      ]);
      const where = { kind: 'compare', field: 'quantity', op: 'lt', value: 5 } as const;
      const perProduct = await ds.aggregate('OrderLine', {
        aggregates: [count, sum('quantity')],
        where,
        groupBy: ['orderOrderNo'],
        per: {
          fields: ['productVendor', 'productSku'],
          values: [
            ['acme', 1],
            ['bolt', 1],
            ['none', 9],
          ],
        },
      });
      expect(perProduct).toEqual([
        [{ fields: { orderOrderNo: 'O1' }, values: [1, 2] }],
        [{ fields: { orderOrderNo: 'O3' }, values: [1, 1] }],
        [],
      ]);
      const paged = await ds.aggregate('Order', {
        aggregates: [count],
        groupBy: ['orderNo'],
        orderBy: [{ field: 'orderNo', direction: 'DESC' }],
        offset: 1,
        limit: 1,
        per: { fields: ['referrerId'], values: [[1], [2]] },
      });
      expect(paged).toEqual([[{ fields: { orderNo: 'O2' }, values: [1] }], []]);
    });

    test('bad requests are BAD_USER_INPUT with what to fix', async () => {
      const ds = await stores.seeded('features');
      await expectPersistError(
        ds.aggregate('Customer', { aggregates: [sum('name')] }),
        'BAD_USER_INPUT',
        "Invalid value for 'Customer.name': 'sum' applies to int, float and decimal fields",
      );
      await expectPersistError(
        ds.aggregate('Customer', { aggregates: [avg('status')] }),
        'BAD_USER_INPUT',
        "Invalid value for 'Customer.status': 'avg' applies to int, float and decimal fields",
      );
      await expectPersistError(
        ds.aggregate('Customer', { aggregates: [min('avatar')] }),
        'BAD_USER_INPUT',
        "Invalid value for 'Customer.avatar': 'min' applies to every field but bytes",
      );
      await expectPersistError(
        ds.aggregate('Customer', { aggregates: [count], groupBy: ['nope'] }),
        'BAD_USER_INPUT',
        "Invalid value for 'Customer.nope': the entity has no such field",
      );
      await expectPersistError(
        ds.aggregate('Customer', { aggregates: [count], groupBy: ['status'], orderBy: [{ field: 'age', direction: 'ASC' }] }),
        'BAD_USER_INPUT',
        "Groups of 'Customer' cannot be sorted by 'age': it is not among the grouped fields (status); add it to 'by' or sort by an aggregate.",
      );
      await expectPersistError(
        ds.aggregate('Customer', { aggregates: [count], having: { kind: 'compare', aggregate: count, op: 'gt', value: 1 } }),
        'BAD_USER_INPUT',
        "An aggregate of 'Customer' without grouped fields has one group: having need 'by' fields.",
      );
      await expectPersistError(
        ds.aggregate('Customer', {
          aggregates: [count],
          groupBy: ['status'],
          having: { kind: 'compare', aggregate: sum('balance'), op: 'gt', value: 'x' },
        }),
        'BAD_USER_INPUT',
        `Invalid value for 'Customer.sum(balance)': "x" is not a decimal number (expected digits with an optional fraction, like "12.50")`,
      );
      await expectPersistError(
        ds.aggregate('Customer', { aggregates: [count], groupBy: ['status'], limit: -1 }),
        'BAD_USER_INPUT',
        'The limit must be a non-negative integer, got -1.',
      );
    });
  });
}
