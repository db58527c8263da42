/** Writes: create / update / delete on every kind of entity, every scalar round-trip, serial order, one transaction per request. */
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { CUSTOMER_FIELDS } from './features-data.js';
import { useFeaturesHarness, type Json, type Mode, type OpenDatastore, type Transport } from './harness.js';

const NEW_CUSTOMER = {
  id: 10,
  name: 'Dora',
  nickname: 'D',
  age: 40,
  score: -2147483648,
  rating: -0.5,
  weight: 1e-7,
  balance: '12345678901234567890.123456789012345678',
  credit: '-0.000000000000000000000000000001',
  active: true,
  verified: false,
  avatar: 'aGVsbG8gd29ybGQ=',
  birthDate: '2024-02-29',
  anniversary: '1000-01-01',
  wakeUp: '00:00:00',
  bedTime: '23:59:59.999999',
  createdAt: '2024-02-29T13:45:00Z',
  deletedAt: '2038-01-19T03:14:07Z',
  lastSeen: '9999-12-31T23:59:59',
  nextVisit: '2024-02-29T00:00:00.5',
  status: 'SUSPENDED',
  previousStatus: 'CLOSED',
  type: 'new',
};

export function describeMutations(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`mutations (${mode.name})`, () => {
    const h = useFeaturesHarness(open, features, mode, transport);

    it('creates rows with every scalar and round-trips them exactly', async () => {
      const created = await h.ok(`mutation($d: [CustomerInsert!]!) { createCustomers(data: $d) { ${CUSTOMER_FIELDS} } }`, {
        d: [NEW_CUSTOMER],
      });
      expect(created.createCustomers).toEqual([NEW_CUSTOMER]);
      const read = await h.ok(`{ customer(id: 10) { ${CUSTOMER_FIELDS} } }`);
      expect(read.customer).toEqual(NEW_CUSTOMER);
    });

    it('canonicalizes input: any Utc offset comes back in Z, decimals lose trailing zeros, fractions trimmed', async () => {
      const data = await h.ok(`mutation { createCustomers(data: [{ id: 11, name: "E", age: 1, rating: 2, balance: "007.500", active: false,
        birthDate: "2000-01-01", wakeUp: "12:00:00.100", createdAt: "2024-03-01T01:30:00+02:00", lastSeen: "2000-01-01T00:00:00.000",
        status: CLOSED, type: "t" }]) { balance wakeUp createdAt lastSeen nickname avatar previousStatus } }`);
      expect(data.createCustomers).toEqual([
        {
          balance: '7.5',
          wakeUp: '12:00:00.1',
          createdAt: '2024-02-29T23:30:00Z',
          lastSeen: '2000-01-01T00:00:00',
          nickname: null,
          avatar: null,
          previousStatus: null,
        },
      ]);
    });

    it('creates several rows at once, in input order, and children with their parents in later requests', async () => {
      const data = await h.ok(`mutation {
        createProducts(data: [{ vendor: "zeta", sku: 9, title: "Z", price: "1" }, { vendor: "alpha", sku: 9, title: "A", price: "2.50" }]) { vendor sku price }
      }`);
      expect(data.createProducts).toEqual([
        { vendor: 'zeta', sku: 9, price: '1' },
        { vendor: 'alpha', sku: 9, price: '2.5' },
      ]);
      const lines = await h.ok(`mutation {
        createOrderLines(data: [{ lineId: "L9", quantity: 3, orderOrderNo: "O3", productVendor: "zeta", productSku: 9 }]) {
          lineId note order { orderNo customer { name } } product { title lines { lineId } }
        }
      }`);
      expect(lines.createOrderLines).toEqual([
        {
          lineId: 'L9',
          note: null,
          order: { orderNo: 'O3', customer: { name: 'Bob' } },
          product: { title: 'Z', lines: [{ lineId: 'L9' }] },
        },
      ]);
    });

    it('creates the owner of a 1-1 relation, visible from the other side', async () => {
      const data = await h.ok(`mutation {
        createProfiles(data: [{ handle: "cy", bio: "hi", customerId: 3 }]) { handle customer { id profile { handle } } }
        createWarranties(data: [{ id: 2, months: 6, productVendor: "bolt", productSku: 1 }]) { id product { warranty { months } } }
      }`);
      expect(data.createProfiles).toEqual([{ handle: 'cy', customer: { id: 3, profile: { handle: 'cy' } } }]);
      expect(data.createWarranties).toEqual([{ id: 2, product: { warranty: { months: 6 } } }]);
    });

    it('updates only the fields given; an explicit null clears a nullable field', async () => {
      const data = await h.ok(`mutation {
        updateCustomer(id: 1, data: { nickname: null, age: 35, status: CLOSED, avatar: "AAEC", credit: "5.10", bedTime: null }) {
          id name nickname age status avatar credit bedTime wakeUp
        }
      }`);
      expect(data.updateCustomer).toEqual({
        id: 1,
        name: 'Ada',
        nickname: null,
        age: 35,
        status: 'CLOSED',
        avatar: 'AAEC',
        credit: '5.1',
        bedTime: null,
        wakeUp: '07:00:00',
      });
      const read = await h.ok('{ customer(id: 1) { nickname age status credit } }');
      expect(read.customer).toEqual({ nickname: null, age: 35, status: 'CLOSED', credit: '5.1' });
    });

    it('updates a row with a composite key and moves a child to another parent', async () => {
      const data = await h.ok(`mutation {
        updateProduct(vendor: "acme", sku: 2, data: { price: "1400.00" }) { vendor sku price }
        updateOrderLine(lineId: "L1", data: { orderOrderNo: "O3", productVendor: "bolt", productSku: 1 }) { lineId order { orderNo } product { title } }
      }`);
      expect(data.updateProduct).toEqual({ vendor: 'acme', sku: 2, price: '1400' });
      expect(data.updateOrderLine).toEqual({ lineId: 'L1', order: { orderNo: 'O3' }, product: { title: 'Bolt' } });
      const read = await h.ok('{ order(orderNo: "O3") { lines { lineId } } product(vendor: "acme", sku: 1) { lines { lineId } } }');
      expect(read).toEqual({ order: { lines: [{ lineId: 'L1' }, { lineId: 'L4' }] }, product: { lines: [{ lineId: 'L3' }] } });
    });

    it('updates with an empty data object, returning the row unchanged', async () => {
      const data = await h.ok('mutation { updateOrder(orderNo: "O2", data: {}) { orderNo total } }');
      expect(data.updateOrder).toEqual({ orderNo: 'O2', total: '12.25' });
    });

    it('deletes rows by simple and composite keys and returns them as they were', async () => {
      const data = await h.ok(`mutation {
        deleteWarranty(id: 1) { id months product { title } }
        deleteOrderLine(lineId: "L2") { lineId note order { orderNo } }
        deleteProfile(handle: "ada") { handle bio customer { name } }
      }`);
      expect(data).toEqual({
        deleteWarranty: { id: 1, months: 12, product: { title: 'Anvil' } },
        deleteOrderLine: { lineId: 'L2', note: 'gift', order: { orderNo: 'O1' } },
        deleteProfile: { handle: 'ada', bio: 'First programmer', customer: { name: 'Ada' } },
      });
      const after = await h.ok(`mutation { deleteProduct(vendor: "acme", sku: 2) { title lines { lineId } warranty { id } } }`);
      expect(after.deleteProduct).toEqual({ title: 'Rocket', lines: [], warranty: null });
      const read = await h.ok('{ warranties { id } orderLines { lineId } customer(id: 1) { profile { handle } } products { vendor sku } }');
      expect(read).toEqual({
        warranties: [],
        orderLines: [{ lineId: 'L1' }, { lineId: 'L3' }, { lineId: 'L4' }],
        customer: { profile: null },
        products: [
          { vendor: 'acme', sku: 1 },
          { vendor: 'bolt', sku: 1 },
        ],
      });
    });

    it('runs the mutations of one request in order, later ones seeing earlier writes', async () => {
      const data = await h.ok(`mutation {
        a: createOrders(data: [{ orderNo: "O9", placedOn: "2024-05-05", total: "1", customerId: 3, referrerId: 3 }]) { orderNo }
        b: updateCustomer(id: 3, data: { name: "Caroline" }) { name orders { orderNo } }
        c: deleteOrder(orderNo: "O9") { orderNo customer { name } }
        d: updateCustomer(id: 3, data: { age: 28 }) { age orders { orderNo } }
      }`);
      expect(data).toEqual({
        a: [{ orderNo: 'O9' }],
        b: { name: 'Caroline', orders: [{ orderNo: 'O9' }] },
        c: { orderNo: 'O9', customer: { name: 'Caroline' } },
        d: { age: 28, orders: [] },
      });
    });

    // One transaction per request (SPEC §3.5): a failure at any position keeps none of the fields.
    const STEPS = [
      'a: createOrders(data: [{ orderNo: "O9", placedOn: "2024-05-05", total: "1", customerId: 3, referrerId: 3 }]) { orderNo }',
      'b: updateCustomer(id: 2, data: { age: 52 }) { age orders { orderNo } }',
      'c: deleteOrder(orderNo: "O9") { orderNo }',
      'd: updateCustomer(id: 3, data: { age: 99 }) { age }',
    ];
    const FAILURES: [string, string, string][] = [
      [
        'e: deleteCustomer(id: 1) { id }',
        'FOREIGN_KEY_VIOLATION',
        "The record with the key '1' of the entity 'Customer' cannot be deleted",
      ],
      [
        'e: updateCustomer(id: 404, data: { age: 1 }) { id }',
        'NOT_FOUND',
        "A record with the key '404' does not exist for the entity 'Customer'.",
      ],
      [
        'e: createOrders(data: [{ orderNo: "O1", placedOn: "2024-05-05", total: "1", customerId: 3, referrerId: 3 }]) { orderNo }',
        'ALREADY_EXISTS',
        "A record with the key 'O1' already exists for the entity 'Order'.",
      ],
    ];
    for (let at = 0; at <= STEPS.length; at++) {
      const [failing, code, message] = FAILURES[at % FAILURES.length]!;
      it(`rolls back the whole request when root field ${at + 1} of ${STEPS.length + 1} fails (${code}): data null, one error with its path`, async () => {
        const before = await h.snapshot();
        const fields = [...STEPS.slice(0, at), failing, ...STEPS.slice(at)];
        const res = await h.gql(`mutation { ${fields.join('\n')} }`);
        expect(res.data).toBeNull();
        expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['e'], code]]);
        expect(res.errors![0]!.message).toContain(message);
        expect(await h.snapshot()).toEqual(before);
      });
    }

    it('commits every root field of a request that succeeds', async () => {
      await h.ok(`mutation { ${STEPS.join('\n')} }`);
      const read: Json = await h.ok('{ customers(where: { id: { in: [2, 3] } }) { id age } order(orderNo: "O9") { orderNo } }');
      expect(read).toEqual({
        customers: [
          { id: 2, age: 52 },
          { id: 3, age: 99 },
        ],
        order: null,
      });
    });
  });
}
