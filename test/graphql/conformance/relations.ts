/** Relation fields: 1-1 and 1-n from both sides, composite foreign keys, nested where/orderBy/limit/offset. */
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { useFeaturesHarness, type Mode, type OpenDatastore, type Transport } from './harness.js';

export function describeRelations(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`relations (${mode.name})`, () => {
    const h = useFeaturesHarness(open, features, mode, transport);

    it('resolves a 1-1 relation from the owner (non-null) and from the other side (null when absent)', async () => {
      const data = await h.ok(`{
        profiles { handle customerId customer { id name } }
        customers { id profile { handle bio } }
      }`);
      expect(data.profiles).toEqual([
        { handle: 'ada', customerId: 1, customer: { id: 1, name: 'Ada' } },
        { handle: 'bob', customerId: 2, customer: { id: 2, name: 'Bob' } },
      ]);
      expect(data.customers).toEqual([
        { id: 1, profile: { handle: 'ada', bio: 'First programmer' } },
        { id: 2, profile: { handle: 'bob', bio: 'Builder' } },
        { id: 3, profile: null },
        { id: 4, profile: null },
      ]);
    });

    it('resolves 1-1 over a composite foreign key from both sides', async () => {
      const data = await h.ok(`{
        warranties { id productVendor productSku product { title } }
        products { vendor sku warranty { id months } }
      }`);
      expect(data.warranties).toEqual([{ id: 1, productVendor: 'acme', productSku: 1, product: { title: 'Anvil' } }]);
      expect(data.products).toEqual([
        { vendor: 'acme', sku: 1, warranty: { id: 1, months: 12 } },
        { vendor: 'acme', sku: 2, warranty: null },
        { vendor: 'bolt', sku: 1, warranty: null },
      ]);
    });

    it('resolves 1-n from the owner and from the other side, with two relations between the same entities', async () => {
      const data = await h.ok(`{
        orders { orderNo customer { name } referrer { name } }
        customers { id orders { orderNo } referredOrders { orderNo } }
      }`);
      expect(data.orders).toEqual([
        { orderNo: 'O1', customer: { name: 'Ada' }, referrer: { name: 'Bob' } },
        { orderNo: 'O2', customer: { name: 'Ada' }, referrer: { name: 'Ada' } },
        { orderNo: 'O3', customer: { name: 'Bob' }, referrer: { name: 'Ada' } },
      ]);
      expect(data.customers).toEqual([
        { id: 1, orders: [{ orderNo: 'O1' }, { orderNo: 'O2' }], referredOrders: [{ orderNo: 'O2' }, { orderNo: 'O3' }] },
        { id: 2, orders: [{ orderNo: 'O3' }], referredOrders: [{ orderNo: 'O1' }] },
        { id: 3, orders: [], referredOrders: [] },
        { id: 4, orders: [], referredOrders: [] },
      ]);
    });

    it('resolves 1-n over a composite foreign key, both ways', async () => {
      const data = await h.ok(`{
        products { vendor sku lines { lineId } }
        orderLines(where: { lineId: { in: ["L3", "L4"] } }) { lineId product { vendor sku title } order { orderNo } }
      }`);
      expect(data.products).toEqual([
        { vendor: 'acme', sku: 1, lines: [{ lineId: 'L1' }, { lineId: 'L3' }] },
        { vendor: 'acme', sku: 2, lines: [{ lineId: 'L2' }] },
        { vendor: 'bolt', sku: 1, lines: [{ lineId: 'L4' }] },
      ]);
      expect(data.orderLines).toEqual([
        { lineId: 'L3', product: { vendor: 'acme', sku: 1, title: 'Anvil' }, order: { orderNo: 'O2' } },
        { lineId: 'L4', product: { vendor: 'bolt', sku: 1, title: 'Bolt' }, order: { orderNo: 'O3' } },
      ]);
    });

    it('applies nested where, orderBy, limit and offset per parent, not across the batch', async () => {
      const data = await h.ok(`{
        orders {
          orderNo
          top: lines(orderBy: [{ quantity: DESC }], limit: 1) { lineId quantity }
          rest: lines(orderBy: [{ quantity: DESC }], offset: 1) { lineId }
          noted: lines(where: { note: { isNull: false } }) { lineId note }
          big: lines(where: { OR: [{ quantity: { gte: 5 } }, { note: { contains: "gift" } }] }, orderBy: [{ lineId: DESC }]) { lineId }
        }
      }`);
      expect(data.orders).toEqual([
        {
          orderNo: 'O1',
          top: [{ lineId: 'L1', quantity: 2 }],
          rest: [{ lineId: 'L2' }],
          noted: [{ lineId: 'L2', note: 'gift' }],
          big: [{ lineId: 'L2' }],
        },
        { orderNo: 'O2', top: [{ lineId: 'L3', quantity: 5 }], rest: [], noted: [], big: [{ lineId: 'L3' }] },
        { orderNo: 'O3', top: [{ lineId: 'L4', quantity: 1 }], rest: [], noted: [{ lineId: 'L4', note: 'bulk' }], big: [] },
      ]);
    });

    it('follows relations several levels deep and back again', async () => {
      const data = await h.ok(`{
        customer(id: 1) {
          orders(where: { orderNo: { eq: "O1" } }) {
            lines(orderBy: [{ lineId: ASC }], limit: 2) {
              product { title warranty { months product { vendor } } lines(limit: 1) { order { customer { name } } } }
            }
          }
        }
      }`);
      expect(data.customer.orders).toEqual([
        {
          lines: [
            {
              product: {
                title: 'Anvil',
                warranty: { months: 12, product: { vendor: 'acme' } },
                lines: [{ order: { customer: { name: 'Ada' } } }],
              },
            },
            { product: { title: 'Rocket', warranty: null, lines: [{ order: { customer: { name: 'Ada' } } }] } },
          ],
        },
      ]);
    });

    it('passes nested arguments from variables', async () => {
      const data = await h.ok(
        `query($w: OrderLineWhere, $o: [OrderLineOrderBy!], $l: Int) { order(orderNo: "O1") { lines(where: $w, orderBy: $o, limit: $l) { lineId } } }`,
        { w: { quantity: { lt: 5 } }, o: [{ quantity: 'ASC' }], l: 5 },
      );
      expect(data.order.lines).toEqual([{ lineId: 'L2' }, { lineId: 'L1' }]);
    });
  });
}
