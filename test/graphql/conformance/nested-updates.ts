/**
 * Nested updates through updateE (SPEC §3.5): the row and its children (create, updateWhere,
 * deleteWhere among its own children only) change together or not at all.
 */
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { expectRejectedUnchanged, useFeaturesHarness, type Json, type Mode, type OpenDatastore, type Transport } from './harness.js';

const LINES = '{ orderLines { lineId quantity note orderOrderNo } orders { orderNo total } }';

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
  });
}
