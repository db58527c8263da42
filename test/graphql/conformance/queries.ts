/** Reads: lists with every filter operator, sorting, paging, lookups by simple and composite keys. */
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { CUSTOMER_FIELDS, CUSTOMERS_JSON } from './features-data.js';
import { useFeaturesHarness, expectError, type OpenDatastore, type Transport } from './harness.js';

export function describeQueries(open: OpenDatastore, features: ModelIR, transport: Transport): void {
  describe('queries', () => {
    const h = useFeaturesHarness(open, features, undefined, transport);

    const ids = async (where: string, extra = ''): Promise<number[]> => {
      const data = await h.ok(`{ customers(where: ${where}${extra}) { id } }`);
      return data.customers.map((c: { id: number }) => c.id);
    };

    it('lists every row in key order by default, with every scalar in its canonical form', async () => {
      const data = await h.ok(`{ customers { ${CUSTOMER_FIELDS} } }`);
      expect(data.customers.map((c: { id: number }) => c.id)).toEqual([1, 2, 3, 4]);
      // Every nullable field is null in some row and set in another; customer 4's avatar is empty.
      expect(data.customers).toEqual(CUSTOMERS_JSON);
      expect(data.customers[3].avatar).toBe('');
    });

    it('looks rows up by a simple key and by a composite key, null when absent', async () => {
      const data = await h.ok(`{
        a: customer(id: 2) { id name }
        none: customer(id: 99) { id }
        p: product(vendor: "bolt", sku: 1) { vendor sku title price }
        q: product(vendor: "bolt", sku: 2) { title }
        o: orderLine(lineId: "L2") { lineId note }
      }`);
      expect(data).toEqual({
        a: { id: 2, name: 'Bob' },
        none: null,
        p: { vendor: 'bolt', sku: 1, title: 'Bolt', price: '0.25' },
        q: null,
        o: { lineId: 'L2', note: 'gift' },
      });
    });

    it('an omitted nullable variable is no condition, an explicit null is isNull (as graphql-js coerces them)', async () => {
      const query = 'query ($n: String, $age: Int = 25) { customers(where: { nickname: { eq: $n }, age: { ne: $age } }) { id } }';
      const idsOf = (data: { customers: { id: number }[] }): number[] => data.customers.map((c) => c.id);
      expect(idsOf(await h.ok(query))).toEqual([1, 3, 4]);
      expect(idsOf(await h.ok(query, { n: null }))).toEqual([]);
      expect(idsOf(await h.ok(query, { n: 'c', age: 1 }))).toEqual([3]);
      // The same document again, once the compiled form is cached: the omission still decides.
      expect(idsOf(await h.ok(query))).toEqual([1, 3, 4]);
    });

    it('filters with eq, ne, in, notIn and comparisons on ordered types', async () => {
      expect(await ids('{ age: { eq: 25 } }')).toEqual([2]);
      expect(await ids('{ age: { ne: 25 } }')).toEqual([1, 3, 4]);
      expect(await ids('{ age: { in: [41, 25, 99] } }')).toEqual([2, 3]);
      expect(await ids('{ age: { notIn: [41] } }')).toEqual([1, 2, 4]);
      expect(await ids('{ age: { gt: 25, lte: 41 } }')).toEqual([1, 3]);
      expect(await ids('{ rating: { gte: 4.5 } }')).toEqual([1, 3]);
      expect(await ids('{ balance: { lt: "100.50" } }')).toEqual([2, 4]);
      expect(await ids('{ balance: { gt: "100.4" } }')).toEqual([1, 3]);
      expect(await ids('{ birthDate: { lt: "1988-12-10" } }')).toEqual([4]);
      expect(await ids('{ wakeUp: { lte: "06:30:00.5" } }')).toEqual([2, 4]);
      expect(await ids('{ createdAt: { gt: "2024-01-01T11:00:00+01:00" } }')).toEqual([2]);
      expect(await ids('{ lastSeen: { gte: "2024-03-01T08:00:00" } }')).toEqual([1, 2, 4]);
      expect(await ids('{ id: { in: [] } }')).toEqual([]);
    });

    it('compares with SQL three-valued logic: ne and notIn never match null', async () => {
      expect(await ids('{ score: { ne: 10 } }')).toEqual([3, 4]);
      expect(await ids('{ score: { notIn: [7] } }')).toEqual([1, 4]);
      expect(await ids('{ NOT: { score: { eq: 10 } } }')).toEqual([3, 4]);
    });

    it('treats eq: null as isNull: true and ne: null as isNull: false', async () => {
      expect(await ids('{ nickname: { eq: null } }')).toEqual([2]);
      expect(await ids('{ nickname: { ne: null } }')).toEqual([1, 3, 4]);
      expect(await ids('{ credit: { isNull: true } }')).toEqual([2]);
      expect(await ids('{ credit: { isNull: false } }')).toEqual([1, 3, 4]);
      expect(await ids('{ previousStatus: { eq: null } }')).toEqual([1]);
      const data = await h.ok('query($n: String) { customers(where: { nickname: { eq: $n } }) { id } }', { n: null });
      expect(data.customers).toEqual([{ id: 2 }]);
    });

    it('matches strings with contains, startsWith and endsWith, literally and case-sensitively', async () => {
      expect(await ids('{ name: { contains: "d" } }')).toEqual([1, 4]);
      expect(await ids('{ name: { startsWith: "A" } }')).toEqual([1]);
      expect(await ids('{ name: { startsWith: "a" } }')).toEqual([]);
      expect(await ids('{ name: { endsWith: "y" } }')).toEqual([3]);
      expect(await ids('{ name: { contains: "%" } }')).toEqual([]);
      expect(await ids('{ name: { contains: "_" } }')).toEqual([]);
      expect(await ids('{ type: { eq: "person" } }')).toEqual([1, 3]);
    });

    it('filters enums by member name, booleans and bytes by equality', async () => {
      expect(await ids('{ status: { eq: ACTIVE } }')).toEqual([1, 4]);
      expect(await ids('{ status: { in: [SUSPENDED, CLOSED] } }')).toEqual([2, 3]);
      expect(await ids('{ previousStatus: { ne: ACTIVE } }')).toEqual([3, 4]);
      expect(await ids('{ active: { eq: false } }')).toEqual([2, 4]);
      expect(await ids('{ verified: { isNull: true } }')).toEqual([2]);
      expect(await ids('{ avatar: { eq: "AQID" } }')).toEqual([1]);
      expect(await ids('{ avatar: { eq: "" } }')).toEqual([4]);
    });

    it('combines filters with AND, OR and NOT, and several fields in one object', async () => {
      expect(await ids('{ OR: [{ age: { eq: 25 } }, { name: { eq: "Cy" } }] }')).toEqual([2, 3]);
      expect(await ids('{ AND: [{ active: { eq: true } }, { type: { eq: "person" } }], NOT: { id: { eq: 1 } } }')).toEqual([3]);
      expect(await ids('{ active: { eq: true }, age: { lt: 40 } }')).toEqual([1]);
      expect(await ids('{ OR: [] }')).toEqual([]);
      expect(await ids('{ AND: [] }')).toEqual([1, 2, 3, 4]);
      expect(await ids('{}')).toEqual([1, 2, 3, 4]);
    });

    it('sorts by several fields with ASC/DESC, nulls first ascending, enums by declaration order, ties by key', async () => {
      const order = async (orderBy: string): Promise<number[]> => {
        const data = await h.ok(`{ customers(orderBy: ${orderBy}) { id } }`);
        return data.customers.map((c: { id: number }) => c.id);
      };
      expect(await order('[{ age: DESC }]')).toEqual([4, 3, 1, 2]);
      expect(await order('[{ type: ASC }, { age: DESC }]')).toEqual([2, 4, 3, 1]);
      expect(await order('[{ type: DESC }, { id: DESC }]')).toEqual([3, 1, 4, 2]);
      expect(await order('[{ score: ASC }]')).toEqual([2, 4, 3, 1]);
      expect(await order('[{ score: DESC }]')).toEqual([1, 3, 4, 2]);
      expect(await order('[{ status: ASC }]')).toEqual([1, 4, 2, 3]);
      expect(await order('[{ type: ASC }]')).toEqual([2, 4, 1, 3]);
      expect(await order('[{ balance: DESC }]')).toEqual([1, 3, 4, 2]);
    });

    it('pages root lists with limit and offset after sorting', async () => {
      const data = await h.ok(`{
        a: customers(limit: 2) { id }
        b: customers(limit: 2, offset: 2) { id }
        c: customers(offset: 1, orderBy: [{ age: ASC }]) { id }
        d: customers(limit: 0) { id }
        e: products(orderBy: [{ sku: DESC }], limit: 2) { vendor sku }
      }`);
      expect(data.a).toEqual([{ id: 1 }, { id: 2 }]);
      expect(data.b).toEqual([{ id: 3 }, { id: 4 }]);
      expect(data.c).toEqual([{ id: 1 }, { id: 3 }, { id: 4 }]);
      expect(data.d).toEqual([]);
      expect(data.e).toEqual([
        { vendor: 'acme', sku: 2 },
        { vendor: 'acme', sku: 1 },
      ]);
    });

    it('rejects a negative limit or offset with BAD_USER_INPUT naming it', async () => {
      expectError(await h.gql('{ customers(limit: -1) { id } }'), 'BAD_USER_INPUT', 'limit');
      expectError(await h.gql('{ customers(offset: -5) { id } }'), 'BAD_USER_INPUT', 'offset');
      expectError(await h.gql('{ orders { lines(limit: -1) { lineId } } }'), 'BAD_USER_INPUT', 'limit', 'Order.lines');
    });

    it('serves __typename, fragments and aliases', async () => {
      const data = await h.ok(`
        fragment C on Customer { name profile { handle } }
        { customer(id: 1) { __typename ...C other: orders(limit: 1) { orderNo } } }`);
      expect(data.customer).toEqual({ __typename: 'Customer', name: 'Ada', profile: { handle: 'ada' }, other: [{ orderNo: 'O1' }] });
    });
  });
}
