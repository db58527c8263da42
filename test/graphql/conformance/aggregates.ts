/**
 * SPEC §3.3 through GraphQL: esAggregate, the per-parent aggregate beside each 1-n relation field
 * (one datastore call per level), esGroupBy with having, orderBy and paging, and their errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { customer } from '../../support/sample-data.js';
import { CountingDatastore } from '../../support/counting-datastore.js';
import { rainierRows } from './batching.js';
import { createHarness, expectError, type Harness, type Mode, type OpenDatastore, type Transport, useFeaturesHarness } from './harness.js';
import { loadModel } from '../../support/models.js';

const NUMERIC = 'age score rating weight balance credit';
const SORTABLE =
  'name nickname age rating balance credit active verified birthDate wakeUp bedTime createdAt lastSeen status previousStatus';

export function describeAggregates(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`aggregates (${mode.name})`, () => {
    const h = useFeaturesHarness(open, features, mode, transport);

    it('esAggregate: every function over every scalar, in GraphQL form; nulls ignored; decimals exact', async () => {
      const data = await h.ok(
        `{ customersAggregate { count sum { ${NUMERIC} } avg { ${NUMERIC} } min { ${SORTABLE} } max { ${SORTABLE} } } }`,
      );
      expect(data.customersAggregate).toEqual({
        count: 4,
        sum: {
          age: 2147483749,
          score: -2147483631,
          rating: 11.25,
          weight: 140.5,
          balance: '181.001',
          credit: '99999999999999999999999999999999998.600000000000000000000000000001',
        },
        avg: {
          age: 536870937.25,
          score: -715827877,
          rating: 2.8125,
          weight: 70.25,
          balance: '45.25025',
          credit: '33333333333333333333333333333333332.866666666666666666666666666667',
        },
        min: {
          name: 'Ada',
          nickname: 'D%_\\',
          age: 25,
          rating: -1.25,
          balance: '-20',
          credit: '-0.5',
          active: false,
          verified: false,
          birthDate: '1970-01-01',
          wakeUp: '00:00:00',
          bedTime: '00:00:00.000001',
          createdAt: '2023-12-31T23:59:59Z',
          lastSeen: '2023-12-31T23:59:59',
          status: 'ACTIVE',
          previousStatus: 'ACTIVE',
        },
        max: {
          name: 'dee',
          nickname: 'c',
          age: 2147483647,
          rating: 5,
          balance: '100.5',
          credit: '99999999999999999999999999999999999.000000000000000000000000000001',
          active: true,
          verified: true,
          birthDate: '2000-01-01',
          wakeUp: '07:00:00',
          bedTime: '23:00:00',
          createdAt: '2024-01-01T10:00:00.5Z',
          lastSeen: '2024-03-01T08:00:00.5',
          status: 'CLOSED',
          previousStatus: 'CLOSED',
        },
      });
    });

    it('over no rows: count 0, the objects present with null fields; where is the EWhere language', async () => {
      const data = await h.ok(`{
        none: customersAggregate(where: { id: { gt: 100 } }) { count sum { balance } avg { age } min { status } max { createdAt } }
        some: ordersAggregate(where: { OR: [{ orderNo: { eq: "O1" } }, { total: { lt: "1" } }] }) { count sum { total } }
      }`);
      expect(data).toEqual({
        none: { count: 0, sum: { balance: null }, avg: { age: null }, min: { status: null }, max: { createdAt: null } },
        some: { count: 2, sum: { total: '30.25' } },
      });
    });

    it('decimals with 30 fractional digits: sums exact, averages at the scale + 4', async () => {
      await h.datastore.insert('Customer', [
        customer(10, { credit: '0.000000000000000000000000000001' }),
        ...[11, 12, 13, 14, 15, 16].map((id) => customer(id, { credit: '0' })),
      ]);
      const data = await h.ok('{ customersAggregate(where: { id: { gte: 10 } }) { sum { credit } avg { credit } } }');
      expect(data.customersAggregate).toEqual({
        sum: { credit: '0.000000000000000000000000000001' },
        avg: { credit: '0.0000000000000000000000000000001429' },
      });
    });

    it('per parent: two relations between the same entities, composite foreign keys, childless parents, where per parent', async () => {
      const data = await h.ok(`{
        customers { id ordersAggregate { count sum { total } } referredOrdersAggregate(where: { total: { gt: "1" } }) { count max { orderNo } } }
        products { vendor sku linesAggregate { count sum { quantity } avg { quantity } min { note } } }
      }`);
      expect(data.customers).toEqual([
        { id: 1, ordersAggregate: { count: 2, sum: { total: '42.25' } }, referredOrdersAggregate: { count: 1, max: { orderNo: 'O2' } } },
        { id: 2, ordersAggregate: { count: 1, sum: { total: '0.25' } }, referredOrdersAggregate: { count: 1, max: { orderNo: 'O1' } } },
        { id: 3, ordersAggregate: { count: 0, sum: { total: null } }, referredOrdersAggregate: { count: 0, max: { orderNo: null } } },
        { id: 4, ordersAggregate: { count: 0, sum: { total: null } }, referredOrdersAggregate: { count: 0, max: { orderNo: null } } },
      ]);
      expect(data.products).toEqual([
        { vendor: 'acme', sku: 1, linesAggregate: { count: 2, sum: { quantity: 7 }, avg: { quantity: 3.5 }, min: { note: null } } },
        { vendor: 'acme', sku: 2, linesAggregate: { count: 1, sum: { quantity: 1 }, avg: { quantity: 1 }, min: { note: 'gift' } } },
        { vendor: 'bolt', sku: 1, linesAggregate: { count: 1, sum: { quantity: 1 }, avg: { quantity: 1 }, min: { note: 'bulk' } } },
      ]);
      // Nested below a relation, and below a to-one relation's parent.
      const nested = await h.ok('{ orders { orderNo customer { ordersAggregate { count } } } }');
      expect(nested.orders.map((o: { customer: { ordersAggregate: { count: number } } }) => o.customer.ordersAggregate.count)).toEqual([
        2, 2, 1,
      ]);
    });

    it('esGroupBy: groups by the by fields ascending (enums in declaration order, NULL first), other fields null', async () => {
      const data = await h.ok(`{
        byStatus: customersGroupBy(by: [status]) { status name count sum { balance } max { age } }
        byPrevious: customersGroupBy(by: [previousStatus]) { previousStatus count }
        byTwo: customersGroupBy(by: [active, status]) { active status min { name } }
      }`);
      expect(data.byStatus).toEqual([
        { status: 'ACTIVE', name: null, count: 2, sum: { balance: '100.501' }, max: { age: 2147483647 } },
        { status: 'SUSPENDED', name: null, count: 1, sum: { balance: '-20' }, max: { age: 25 } },
        { status: 'CLOSED', name: null, count: 1, sum: { balance: '100.5' }, max: { age: 41 } },
      ]);
      expect(data.byPrevious.map((g: { previousStatus: string | null }) => g.previousStatus)).toEqual([
        null,
        'ACTIVE',
        'SUSPENDED',
        'CLOSED',
      ]);
      expect(data.byTwo).toEqual([
        { active: false, status: 'ACTIVE', min: { name: 'dee' } },
        { active: false, status: 'SUSPENDED', min: { name: 'Bob' } },
        { active: true, status: 'ACTIVE', min: { name: 'Ada' } },
        { active: true, status: 'CLOSED', min: { name: 'Cy' } },
      ]);
    });

    it('esGroupBy: having (count, aggregates, AND/OR/NOT, null aggregates), orderBy by field, count and aggregate, paging', async () => {
      const statuses = async (args: string): Promise<string[]> =>
        (await h.ok(`{ customersGroupBy(by: [status]${args}) { status } }`)).customersGroupBy.map((g: { status: string }) => g.status);
      expect(await statuses(', having: { count: { gt: 1 } }')).toEqual(['ACTIVE']);
      expect(await statuses(', having: { sum: { balance: { gte: "100.5" } }, NOT: { count: { gt: 1 } } }')).toEqual(['CLOSED']);
      expect(await statuses(', having: { OR: [{ avg: { age: { eq: 25 } } }, { max: { status: { eq: CLOSED } } }] }')).toEqual([
        'SUSPENDED',
        'CLOSED',
      ]);
      // sum(weight) is null for SUSPENDED: no comparison holds, isNull does.
      expect(await statuses(', having: { NOT: { sum: { weight: { gt: 70 } } } }')).toEqual(['ACTIVE']);
      expect(await statuses(', having: { sum: { weight: { eq: null } } }')).toEqual(['SUSPENDED']);
      expect(await statuses(', having: { min: { name: { startsWith: "C" } } }')).toEqual(['CLOSED']);
      expect(await statuses(', orderBy: [{ count: DESC }, { sum: { balance: ASC } }]')).toEqual(['ACTIVE', 'SUSPENDED', 'CLOSED']);
      expect(await statuses(', orderBy: [{ status: DESC }], limit: 2, offset: 1')).toEqual(['SUSPENDED', 'ACTIVE']);
      expect(await statuses(', where: { age: { lt: 40 } }, orderBy: [{ max: { age: DESC } }]')).toEqual(['ACTIVE', 'SUSPENDED']);
    });

    it('esGroupBy with variables: by, a recursive having, orderBy and paging', async () => {
      const data = await h.ok(
        'query ($by: [CustomerField!]!, $having: CustomerHaving, $order: [CustomerGroupOrderBy!], $n: Int) { customersGroupBy(by: $by, having: $having, orderBy: $order, limit: $n) { active count } }',
        {
          by: ['active'],
          having: { OR: [{ count: { gte: 2 } }], NOT: { min: { name: { eq: 'Ada' } } } },
          order: [{ count: 'DESC' }],
          n: 1,
        },
      );
      expect(data.customersGroupBy).toEqual([{ active: false, count: 2 }]);
    });

    it('bad group-by requests: by: [], an order on a field not in by, aggregates of non-numeric fields, negative paging', async () => {
      expectError(
        await h.gql('{ customersGroupBy(by: []) { count } }'),
        'BAD_USER_INPUT',
        "Invalid value for 'by' of 'customersGroupBy': list at least one field to group by",
      );
      expectError(
        await h.gql('{ customersGroupBy(by: [status], orderBy: [{ age: ASC }]) { count } }'),
        'BAD_USER_INPUT',
        "Groups of 'Customer' cannot be sorted by 'age': it is not among the grouped fields (status)",
      );
      expectError(
        await h.gql('{ customersGroupBy(by: [status, active, status]) { count } }'),
        'BAD_USER_INPUT',
        "Groups of 'Customer' name 'status' twice in 'by'; list each field once.",
      );
      expectError(
        await h.gql('{ customersGroupBy(by: [avatar]) { count } }'),
        'BAD_USER_INPUT',
        "cannot be made by 'avatar': bytes fields do not group",
      );
      expectError(
        await h.gql('{ customersGroupBy(by: [status], limit: -1) { count } }'),
        'BAD_USER_INPUT',
        "'limit' of 'customersGroupBy'",
      );
      expectError(
        await h.gql('{ customersAggregate { sum { name } } }'),
        'GRAPHQL_VALIDATION_FAILED',
        'Cannot query field "name" on type "CustomerSumFields"',
      );
      expectError(
        await h.gql('{ customersGroupBy(by: [status], having: { avg: { status: { eq: ACTIVE } } }) { count } }'),
        'GRAPHQL_VALIDATION_FAILED',
        'status',
      );
      expectError(
        await h.gql('{ customersGroupBy(by: [status], having: { sum: { balance: { gt: "x" } } }) { count } }'),
        'BAD_USER_INPUT',
        'balance',
      );
    });
  });

  describe(`aggregates: one datastore call per aggregate field per level (${mode.name})`, () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    for (const departments of [10, 2000]) {
      it(`${departments} parents`, async () => {
        const rainier = loadModel('rainier');
        const counting = new CountingDatastore(await open(rainier));
        h = await createHarness(rainier, counting, rainierRows(departments, 2 * departments), mode, transport);
        counting.reset();
        const data = await h.ok(`{
          departments { deptNo employeesAggregate { count min { empNo } } females: employeesAggregate(where: { gender: { eq: FEMALE } }) { count } }
          employeesGroupBy(by: [departmentDeptNo, gender], limit: 3) { departmentDeptNo gender count }
        }`);
        expect(data.departments).toHaveLength(departments);
        expect(data.departments[1]).toEqual({
          deptNo: 'D01',
          employeesAggregate: { count: 2, min: { empNo: 'E00001' } },
          females: { count: 2 },
        });
        expect(data.employeesGroupBy).toEqual([
          // Employees i and i + departments (the same gender) in each department.
          { departmentDeptNo: 'D00', gender: 'MALE', count: 2 },
          { departmentDeptNo: 'D01', gender: 'FEMALE', count: 2 },
          { departmentDeptNo: 'D02', gender: 'MALE', count: 2 },
        ]);
        expect(counting.reads.map((r) => [r.method, r.entity, r.size]).sort()).toEqual([
          ['aggregate', 'Employee', 1],
          ['aggregate', 'Employee', departments],
          ['aggregate', 'Employee', departments],
          ['list', 'Department', 1],
        ]);
      });
    }
  });
}
