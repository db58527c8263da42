/**
 * Nested inserts through createEs (SPEC §3.5): owner-side relations in place of foreign keys,
 * children through 1-n and 1-1 fields, any depth, generated keys flowing to the children, one
 * insert per entity and level, and every refusal changing nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { CountingDatastore } from '../../support/counting-datastore.js';
import { loadModel } from '../../support/models.js';
import { customerInsert as customer } from './features-data.js';
import {
  createHarness,
  expectRejectedUnchanged,
  useFeaturesHarness,
  type Harness,
  type Json,
  type Mode,
  type OpenDatastore,
  type Transport,
} from './harness.js';

export function describeNestedInserts(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`nested inserts (${mode.name})`, () => {
    const h = useFeaturesHarness(open, features, mode, transport);

    it('creates the rows an owner-side relation refers to, before the row, and takes their keys as its foreign keys', async () => {
      const data = await h.ok(`mutation {
        createOrderLines(data: [
          { lineId: "N1", quantity: 3, order: { create: { orderNo: "O9", placedOn: "2024-05-01", total: "7", customerId: 1, referrerId: 2 } },
            product: { create: { vendor: "zeta", sku: 7, title: "Zed", price: "2" } } },
          { lineId: "N2", quantity: 1, orderOrderNo: "O1", product: { create: { vendor: "zeta", sku: 8, title: "Zee", price: "3" } } }
        ]) { lineId orderOrderNo productVendor productSku order { orderNo customer { name } } product { title } }
      }`);
      expect(data.createOrderLines).toEqual([
        {
          lineId: 'N1',
          orderOrderNo: 'O9',
          productVendor: 'zeta',
          productSku: 7,
          order: { orderNo: 'O9', customer: { name: 'Ada' } },
          product: { title: 'Zed' },
        },
        {
          lineId: 'N2',
          orderOrderNo: 'O1',
          productVendor: 'zeta',
          productSku: 8,
          order: { orderNo: 'O1', customer: { name: 'Ada' } },
          product: { title: 'Zee' },
        },
      ]);
    });

    it('creates children through 1-n and 1-1 fields, to any depth, parents first', async () => {
      const data = await h.ok(`mutation {
        createCustomers(data: [
          ${customer(
            10,
            `, profile: { create: { handle: "ten", bio: "b" } },
            orders: { create: [
              { orderNo: "P1", placedOn: "2024-05-01", total: "1", referrerId: 1,
                lines: { create: [{ lineId: "Q1", quantity: 1, product: { create: { vendor: "new", sku: 1, title: "New", price: "1" } } },
                                   { lineId: "Q2", quantity: 2, productVendor: "acme", productSku: 1 }] } },
              { orderNo: "P2", placedOn: "2024-05-02", total: "2", referrer: { create: ${customer(12)} } }
            ] }`,
          )},
          ${customer(11, ', orders: { create: [] }')}
        ]) { id profile { handle } orders { orderNo referrer { id } lines { lineId product { title } } } }
      }`);
      expect(data.createCustomers).toEqual([
        {
          id: 10,
          profile: { handle: 'ten' },
          orders: [
            {
              orderNo: 'P1',
              referrer: { id: 1 },
              lines: [
                { lineId: 'Q1', product: { title: 'New' } },
                { lineId: 'Q2', product: { title: 'Anvil' } },
              ],
            },
            { orderNo: 'P2', referrer: { id: 12 }, lines: [] },
          ],
        },
        { id: 11, profile: null, orders: [] },
      ]);
    });

    it('writes one insert per entity and level of the input, whatever the number of rows', async () => {
      const counting = new CountingDatastore(await open(features));
      const c = await createHarness(features, counting, {}, mode, transport);
      try {
        counting.reset();
        const orders = (n: number): string =>
          `[${[1, 2, 3].map((k) => `{ orderNo: "O${n}-${k}", placedOn: "2024-01-01", total: "1", referrerId: ${n}, lines: { create: [{ lineId: "L${n}-${k}", quantity: 1, productVendor: "p", productSku: 1 }] } }`).join(', ')}]`;
        await c.ok(`mutation { createProducts(data: [{ vendor: "p", sku: 1, title: "P", price: "1" }]) { sku } }`);
        counting.reset();
        await c.ok(
          `mutation { createCustomers(data: [${customer(1, `, orders: { create: ${orders(1)} }`)}, ${customer(2, `, orders: { create: ${orders(2)} }`)}]) { id } }`,
        );
        expect(counting.calls.filter((call) => call.method === 'insert').map((call) => call.entity)).toEqual([
          'Customer',
          'Order',
          'OrderLine',
        ]);
        const read: Json = await c.ok('{ orderLines { lineId orderOrderNo } }');
        expect(read.orderLines).toHaveLength(6);
      } finally {
        await c.close();
      }
    });

    it('refuses a relation given with its foreign-key fields, naming the path', async () => {
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(`mutation { createOrderLines(data: [{ lineId: "N1", quantity: 1, orderOrderNo: "O1", productVendor: "acme", productSku: 1 },
            { lineId: "N2", quantity: 1, productVendor: "acme", productSku: 1, orderOrderNo: "O1", order: { create: { orderNo: "O9", placedOn: "2024-05-01", total: "7", customerId: 1, referrerId: 2 } } }]) { lineId } }`),
        'BAD_USER_INPUT',
        "'data[1].order'",
        "'data[1].orderOrderNo'",
      );
    });

    it('refuses a child carrying the foreign key to its parent, or the relation back to it', async () => {
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(`mutation { createOrders(data: [{ orderNo: "O9", placedOn: "2024-05-01", total: "7", customerId: 1, referrerId: 2,
            lines: { create: [{ lineId: "N1", quantity: 1, productVendor: "acme", productSku: 1 }, { lineId: "N2", quantity: 1, orderOrderNo: "O1", productVendor: "acme", productSku: 1 }] } }]) { orderNo } }`),
        'BAD_USER_INPUT',
        "'data[0].lines.create[1].orderOrderNo'",
        'Order.lines',
      );
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(`mutation { createProducts(data: [{ vendor: "v", sku: 1, title: "T", price: "1",
            lines: { create: [{ lineId: "N1", quantity: 1, orderOrderNo: "O1", product: { create: { vendor: "w", sku: 1, title: "T", price: "1" } } }] } }]) { sku } }`),
        'BAD_USER_INPUT',
        "'data[0].lines.create[0].product'",
        'cycle',
      );
    });

    it('refuses a cycle through a 1-1 relation', async () => {
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(`mutation { createProfiles(data: [{ handle: "cy", bio: "b",
            customer: { create: ${customer(20, ', profile: { create: { handle: "dd", bio: "c" } }')} } }]) { handle } }`),
        'BAD_USER_INPUT',
        "'data[0].customer.create.profile'",
        'a cycle through a 1-1 relation',
      );
    });

    it('refuses a foreign key left out without its relation, and nested rows in an upsert', async () => {
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { createProfiles(data: [{ handle: "cy", bio: "b" }]) { handle } }'),
        'BAD_USER_INPUT',
        "'data[0].customerId'",
        "'customer'",
      );
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql('mutation { upsertProfiles(data: [{ handle: "cy", bio: "b", customer: { create: ' + customer(30) + ' } }]) { handle } }'),
        'BAD_USER_INPUT',
        "'data[0].customer'",
        'upsert',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { upsertProfiles(data: [{ handle: "cy", bio: "b" }]) { handle } }'),
        'BAD_USER_INPUT',
        "'data[0].customerId'",
      );
    });

    it('refuses a child list longer than limits.maxAffectedRows, writing nothing', async () => {
      const lines = Array.from({ length: 10_001 }, (_, i) => ({ lineId: `X${i}`, quantity: 1, productVendor: 'acme', productSku: 1 }));
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(
            'mutation($lines: [OrderLineInsert!]!) { createOrders(data: [{ orderNo: "O9", placedOn: "2024-05-01", total: "7", customerId: 1, referrerId: 2, lines: { create: $lines } }]) { orderNo } }',
            {
              lines,
            },
          ),
        'BAD_USER_INPUT',
        "'data[0].lines.create'",
        '10000',
      );
    });

    it('writes nothing when the insert of any level fails: the parents, the rows, the children', async () => {
      const order = (parent: string, lines: string): string =>
        `mutation { createOrders(data: [{ orderNo: "O9", placedOn: "2024-05-01", total: "7", referrerId: 2, customer: { create: ${parent} }, lines: { create: [${lines}] } }]) { orderNo } }`;
      const line = (id: string): string => `{ lineId: "${id}", quantity: 1, productVendor: "acme", productSku: 1 }`;
      await expectRejectedUnchanged(h, () => h.gql(order(customer(1), line('N1'))), 'ALREADY_EXISTS', 'Customer');
      await expectRejectedUnchanged(
        h,
        () => h.gql(order(customer(40), line('N1')).replace('orderNo: "O9"', 'orderNo: "O1"')),
        'ALREADY_EXISTS',
        'Order',
      );
      await expectRejectedUnchanged(h, () => h.gql(order(customer(40), `${line('N1')}, ${line('L1')}`)), 'ALREADY_EXISTS', 'OrderLine');
      await expectRejectedUnchanged(
        h,
        () => h.gql(order(customer(40), '{ lineId: "N1", quantity: 1, productVendor: "none", productSku: 1 }')),
        'FOREIGN_KEY_VIOLATION',
        'Product',
      );
    });
  });

  describe(`nested inserts with generated keys (${mode.name})`, () => {
    let g: Harness | undefined;
    afterEach(async () => {
      await g?.close();
      g = undefined;
    });

    it('gives each child the generated key of its parent', async () => {
      const model = loadModel('generated');
      g = await createHarness(model, await open(model), {}, mode, transport);
      const data: Json = await g.ok(`mutation {
        createTickets(data: [{ title: "a", comments: { create: [{ body: "a1" }, { body: "a2" }] } }, { title: "b", comments: { create: [{ body: "b1" }] } }]) {
          id title comments { body ticketId }
        }
      }`);
      const [a, b] = data.createTickets;
      expect(a.id).not.toBe(b.id);
      expect(a.comments).toEqual([
        { body: 'a1', ticketId: a.id },
        { body: 'a2', ticketId: a.id },
      ]);
      expect(b.comments).toEqual([{ body: 'b1', ticketId: b.id }]);
    });

    it('takes a generated key of a parent created through the owner side, and of the row a nested update creates under', async () => {
      const model = loadModel('generated');
      g = await createHarness(model, await open(model), {}, mode, transport);
      const data: Json = await g.ok(`mutation {
        createComments(data: [{ body: "c1", ticket: { create: { title: "t1" } } }, { body: "c2", ticket: { create: { title: "t2" } } }]) {
          id body ticketId ticket { id title }
        }
      }`);
      const [c1, c2] = data.createComments;
      expect(c1.ticketId).not.toBe(c2.ticketId);
      expect([c1.ticket, c2.ticket]).toEqual([
        { id: c1.ticketId, title: 't1' },
        { id: c2.ticketId, title: 't2' },
      ]);
      const updated: Json = await g.ok(
        `mutation { updateTicket(id: ${c2.ticketId}, data: { title: "t2'", comments: { create: [{ body: "c3" }] } }) { comments { id body ticketId } } }`,
      );
      const comments = updated.updateTicket.comments;
      expect(comments.map((c: Json) => [c.body, c.ticketId])).toEqual([
        ['c2', c2.ticketId],
        ['c3', c2.ticketId],
      ]);
      expect(new Set([c1.id, c2.id, comments[1].id]).size).toBe(3);
    });
  });
}
