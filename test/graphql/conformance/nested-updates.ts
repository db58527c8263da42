/**
 * Nested updates through updateE (SPEC §3.5): the row and its children (create, updateWhere,
 * deleteWhere among its own children only), through 1-n fields and 1-1 other-side fields, change
 * together or not at all; an error of a part names its path in the input.
 */
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { expectRejectedUnchanged, useFeaturesHarness, type Json, type Mode, type OpenDatastore, type Transport } from './harness.js';

const LINES = '{ orderLines { lineId quantity note orderOrderNo } orders { orderNo total } }';
const PROFILES = '{ profiles { handle bio customerId } warranties { id months productVendor productSku } }';

export function describeNestedUpdates(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`nested updates (${mode.name})`, () => {
    const h = useFeaturesHarness(open, features, mode, transport);

    it('updates the row, deletes and updates among its own children, then creates new ones', async () => {
      const data = await h.ok(`mutation {
        updateOrder(orderNo: "O1", data: { total: "9", lines: {
          deleteWhere: { lineId: { in: ["L2", "L3", "L4"] } },
          updateWhere: { where: { quantity: { gte: 1 } }, data: { note: "seen" } },
          create: [{ lineId: "N1", quantity: 4, productVendor: "acme", productSku: 2 }]
        } }) { orderNo total lines { lineId note } }
      }`);
      expect(data.updateOrder).toEqual({
        orderNo: 'O1',
        total: '9',
        lines: [
          { lineId: 'L1', note: 'seen' },
          { lineId: 'N1', note: null },
        ],
      });
      // The rows of the other orders are untouched, though the filters matched them.
      const read: Json = await h.ok(LINES);
      expect(read.orderLines).toEqual([
        { lineId: 'L1', quantity: 2, note: 'seen', orderOrderNo: 'O1' },
        { lineId: 'L3', quantity: 5, note: null, orderOrderNo: 'O2' },
        { lineId: 'L4', quantity: 1, note: 'bulk', orderOrderNo: 'O3' },
        { lineId: 'N1', quantity: 4, note: null, orderOrderNo: 'O1' },
      ]);
    });

    it('changes only children when no field of the row is given', async () => {
      const data = await h.ok(
        'mutation { updateCustomer(id: 2, data: { orders: { updateWhere: { where: {}, data: { total: "1" } } } }) { id orders { orderNo total } } }',
      );
      expect(data.updateCustomer).toEqual({ id: 2, orders: [{ orderNo: 'O3', total: '1' }] });
      const read: Json = await h.ok(LINES);
      expect(read.orders).toEqual([
        { orderNo: 'O1', total: '30' },
        { orderNo: 'O2', total: '12.25' },
        { orderNo: 'O3', total: '1' },
      ]);
    });

    it('keeps nothing when any part fails: the row, a delete, an update, a create', async () => {
      const update = (lines: string): Promise<Json> =>
        h.gql(`mutation { updateOrder(orderNo: "O1", data: { total: "9", lines: { ${lines} } }) { orderNo } }`);
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateOrder(orderNo: "O404", data: { lines: { deleteWhere: {} } }) { orderNo } }'),
        'NOT_FOUND',
        'O404',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 1, data: { name: "X", orders: { deleteWhere: {} } }) { id } }'),
        'FOREIGN_KEY_VIOLATION',
        'Order',
      );
      await expectRejectedUnchanged(
        h,
        () => update('deleteWhere: {}, updateWhere: { where: {}, data: { quantity: null } }'),
        'BAD_USER_INPUT',
        'quantity',
      );
      await expectRejectedUnchanged(
        h,
        () => update('deleteWhere: {}, create: [{ lineId: "L3", quantity: 1, productVendor: "acme", productSku: 1 }]'),
        'ALREADY_EXISTS',
        'OrderLine',
      );
    });

    it('refuses children giving the foreign key to the row, and relation fields where no nested update is taken', async () => {
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(
            'mutation { updateOrder(orderNo: "O1", data: { lines: { create: [{ lineId: "N1", quantity: 1, orderOrderNo: "O2", productVendor: "acme", productSku: 1 }] } }) { orderNo } }',
          ),
        'BAD_USER_INPUT',
        "'data.lines.create[0].orderOrderNo'",
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateOrders(where: {}, data: { lines: { deleteWhere: {} } }) { affected } }'),
        'BAD_USER_INPUT',
        "'data.lines'",
      );
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(
            'mutation { updateCustomer(id: 1, data: { orders: { updateWhere: { where: {}, data: { lines: { deleteWhere: {} } } } } }) { id } }',
          ),
        'BAD_USER_INPUT',
        "'data.orders.updateWhere.data.lines'",
      );
    });

    it('through a 1-1 field: updates and replaces the row of this parent only, or creates its first', async () => {
      const data = await h.ok(`mutation {
        a: updateCustomer(id: 1, data: { profile: { updateWhere: { where: { bio: { ne: "none" } }, data: { bio: "Analyst" } } } }) { profile { handle bio } }
        b: updateCustomer(id: 2, data: { name: "Bo", profile: { deleteWhere: {}, create: { handle: "bo", bio: "New" } } }) { name profile { handle bio customerId } }
        c: updateCustomer(id: 3, data: { profile: { create: { handle: "cy", bio: "Third" } } }) { profile { handle customerId } }
        d: updateProduct(vendor: "acme", sku: 2, data: { warranty: { create: { id: 2, months: 6 } } }) { warranty { id productVendor productSku } }
        e: updateProduct(vendor: "acme", sku: 1, data: { warranty: { deleteWhere: { months: { gt: 12 } }, updateWhere: { where: {}, data: { months: 24 } } } }) { warranty { months } }
      }`);
      expect(data).toEqual({
        a: { profile: { handle: 'ada', bio: 'Analyst' } },
        b: { name: 'Bo', profile: { handle: 'bo', bio: 'New', customerId: 2 } },
        c: { profile: { handle: 'cy', customerId: 3 } },
        d: { warranty: { id: 2, productVendor: 'acme', productSku: 2 } },
        e: { warranty: { months: 24 } },
      });
      const read: Json = await h.ok(PROFILES);
      expect(read).toEqual({
        profiles: [
          { handle: 'ada', bio: 'Analyst', customerId: 1 },
          { handle: 'bo', bio: 'New', customerId: 2 },
          { handle: 'cy', bio: 'Third', customerId: 3 },
        ],
        warranties: [
          { id: 1, months: 24, productVendor: 'acme', productSku: 1 },
          { id: 2, months: 6, productVendor: 'acme', productSku: 2 },
        ],
      });
    });

    it('through a 1-1 field: a second row, its foreign key or a cycle back is refused, naming the path; nothing kept', async () => {
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 1, data: { name: "X", profile: { create: { handle: "new", bio: "b" } } }) { id } }'),
        'ALREADY_EXISTS',
        "At 'data.profile.create'",
        'Profile',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 3, data: { profile: { create: { handle: "cy", bio: "b", customerId: 4 } } }) { id } }'),
        'BAD_USER_INPUT',
        "'data.profile.create.customerId'",
        'Customer.profile',
      );
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(
            'mutation { updateProduct(vendor: "bolt", sku: 1, data: { warranty: { create: { id: 3, months: 1, product: { create: { vendor: "z", sku: 1, title: "Z", price: "1" } } } } }) { sku } }',
          ),
        'BAD_USER_INPUT',
        "'data.warranty.create.product'",
        'cycle',
      );
    });
  });
}
