/**
 * SPEC §3.2: relation filters in `where` (1-n some/every/none, to-one "has one that matches",
 * nested, combined with AND/OR/NOT, at the root and on nested lists) and `orderBy` through
 * owner-side to-one relations, over the features sample data (conformance/features-data.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { expectError, useFeaturesHarness, type Mode, type OpenDatastore, type Transport } from './harness.js';

export function describeRelationFilters(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`relation filters and to-one ordering (${mode.name})`, () => {
    const h = useFeaturesHarness(open, features, mode, transport);

    const keys = async (list: string, key: string, args: string): Promise<unknown[]> => {
      const data = await h.ok(`{ rows: ${list}(${args}) { ${key} } }`);
      return data.rows.map((r: Record<string, unknown>) => r[key]);
    };
    const customers = (where: string): Promise<unknown[]> => keys('customers', 'id', `where: ${where}`);

    it('1-n: some, every (true without children), none, and {} as "has one"', async () => {
      expect(await customers('{ orders: { some: { total: { gt: "20" } } } }')).toEqual([1]);
      expect(await customers('{ orders: { some: {} } }')).toEqual([1, 2]);
      expect(await customers('{ orders: { none: {} } }')).toEqual([3, 4]);
      expect(await customers('{ orders: { every: { total: { gt: "1" } } } }')).toEqual([1, 3, 4]);
      expect(await customers('{ orders: { some: { total: { gt: "1" } }, every: { total: { gt: "1" } } } }')).toEqual([1]);
      expect(await customers('{ referredOrders: { some: { placedOn: { eq: "2024-01-05" } } } }')).toEqual([2]);
    });

    it('to-one from both sides of a 1-1 and over composite foreign keys; NOT {} is "has none"', async () => {
      expect(await customers('{ profile: {} }')).toEqual([1, 2]);
      expect(await customers('{ NOT: { profile: {} } }')).toEqual([3, 4]);
      expect(await customers('{ profile: { bio: { startsWith: "B" } } }')).toEqual([2]);
      expect(await keys('profiles', 'handle', 'where: { customer: { age: { gt: 30 } } }')).toEqual(['ada']);
      expect(await keys('orderLines', 'lineId', 'where: { product: { warranty: { months: { eq: 12 } } } }')).toEqual(['L1', 'L3']);
      expect(await keys('products', 'title', 'where: { NOT: { warranty: {} } }')).toEqual(['Rocket', 'Bolt']);
    });

    it('null values: an UNKNOWN child fails every and matches no some; NOT of a relation condition is never UNKNOWN', async () => {
      expect(await keys('orders', 'orderNo', 'where: { lines: { every: { note: { ne: "zzz" } } } }')).toEqual(['O3']);
      expect(await keys('orders', 'orderNo', 'where: { lines: { some: { note: { ne: "zzz" } } } }')).toEqual(['O1', 'O3']);
      expect(await keys('orders', 'orderNo', 'where: { NOT: { lines: { some: { note: { ne: "gift" } } } } }')).toEqual(['O1', 'O2']);
      expect(await keys('orders', 'orderNo', 'where: { lines: { none: { note: { eq: "gift" } } } }')).toEqual(['O2', 'O3']);
    });

    it('nests to any depth, combines with OR, and filters nested lists per parent', async () => {
      expect(await customers('{ orders: { some: { lines: { some: { product: { title: { eq: "Bolt" } } } } } } }')).toEqual([2]);
      expect(await customers('{ OR: [{ orders: { some: { total: { gt: "20" } } } }, { profile: { handle: { eq: "bob" } } }] }')).toEqual([
        1, 2,
      ]);
      const data = await h.ok(`{
        customers(where: { orders: { some: {} } }) { id orders(where: { lines: { some: { quantity: { gte: 5 } } } }) { orderNo } }
      }`);
      expect(data.customers).toEqual([
        { id: 1, orders: [{ orderNo: 'O2' }] },
        { id: 2, orders: [] },
      ]);
    });

    it('orders by to-one relation fields, one and two levels deep, mixed with fields, per parent too', async () => {
      expect(await keys('orders', 'orderNo', 'orderBy: [{ customer: { name: DESC } }]')).toEqual(['O3', 'O1', 'O2']);
      expect(await keys('orderLines', 'lineId', 'orderBy: [{ product: { title: ASC } }]')).toEqual(['L1', 'L3', 'L4', 'L2']);
      expect(
        await keys('orderLines', 'lineId', 'orderBy: [{ order: { customer: { name: DESC } } }, { quantity: DESC }], limit: 2, offset: 1'),
      ).toEqual(['L3', 'L1']);
      const data = await h.ok(`{
        customers(where: { id: { in: [1, 2] } }) { id orders(orderBy: [{ referrer: { name: DESC } }], limit: 1) { orderNo } }
      }`);
      expect(data.customers).toEqual([
        { id: 1, orders: [{ orderNo: 'O1' }] },
        { id: 2, orders: [{ orderNo: 'O3' }] },
      ]);
    });

    it('a bad value inside a relation filter is BAD_USER_INPUT naming its path', async () => {
      expectError(
        await h.gql('{ customers(where: { orders: { some: { total: { eq: "x" } } } }) { id } }'),
        'BAD_USER_INPUT',
        'where.orders.some.total.eq',
      );
      expectError(await h.gql('{ customers(where: { orders: { any: {} } }) { id } }'), 'GRAPHQL_VALIDATION_FAILED', 'any');
    });
  });
}
