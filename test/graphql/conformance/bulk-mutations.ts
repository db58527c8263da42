/** Writes of many rows through GraphQL (SPEC §3.5): upsertEs, updateEs and deleteEs by filter, inside the request's transaction. */
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { expectRejectedUnchanged, useFeaturesHarness, type Json, type Mode, type OpenDatastore, type Transport } from './harness.js';

export function describeBulkMutations(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`writes of many rows (${mode.name})`, () => {
    const h = useFeaturesHarness(open, features, mode, transport);

    it('upserts: inserts new rows, updates the given fields of existing ones (composite keys), with relations below', async () => {
      const data = await h.ok(`mutation {
        upsertProducts(data: [{ vendor: "acme", sku: 1, title: "Big anvil", price: "12" }, { vendor: "zeta", sku: 1, title: "Z", price: "1" }]) {
          vendor sku title price lines { lineId }
        }
      }`);
      expect(data.upsertProducts).toEqual([
        { vendor: 'acme', sku: 1, title: 'Big anvil', price: '12', lines: [{ lineId: 'L1' }, { lineId: 'L3' }] },
        { vendor: 'zeta', sku: 1, title: 'Z', price: '1', lines: [] },
      ]);
      // `update` limits what an existing row takes from the input.
      const only = await h.ok(`mutation {
        upsertProducts(data: [{ vendor: "acme", sku: 2, title: "Ignored", price: "5" }], update: [price]) { title price }
      }`);
      expect(only.upsertProducts).toEqual([{ title: 'Rocket', price: '5' }]);
    });

    it('an upsert without `update` sets only the fields each row gives: an omitted nullable field keeps its value', async () => {
      const data = await h.ok(`mutation {
        upsertOrderLines(data: [{ lineId: "L2", quantity: 7, orderOrderNo: "O1", productVendor: "acme", productSku: 2 }]) { lineId quantity note }
      }`);
      expect(data.upsertOrderLines).toEqual([{ lineId: 'L2', quantity: 7, note: 'gift' }]);
    });

    it('20 parallel requests upserting the same keys end with one row per key, none refused (a 1-1 owner too)', async () => {
      const products = (n: number): string =>
        `mutation { upsertProducts(data: [{ vendor: "new", sku: 1, title: "by ${n}", price: "1" }, { vendor: "new", sku: 2, title: "by ${n}", price: "2" }]) { sku } }`;
      const profiles = (n: number): string =>
        `mutation { upsertProfiles(data: [{ handle: "cy", bio: "by ${n}", customerId: 3 }, { handle: "di", bio: "by ${n}", customerId: 4 }]) { handle } }`;
      const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => [h.gql(products(n)), h.gql(profiles(n))]).flat());
      expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
      const read: Json = await h.ok('{ products(where: { vendor: { eq: "new" } }) { sku title } profiles { handle bio } }');
      expect(read.products.map((p: Json) => p.sku)).toEqual([1, 2]);
      expect(new Set(read.products.map((p: Json) => p.title)).size).toBe(1);
      expect(read.profiles.map((p: Json) => p.handle)).toEqual(['ada', 'bob', 'cy', 'di']);
    });

    it('refuses an upsert whose update names a key field, and a 1-1 conflict, changing nothing', async () => {
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { upsertProducts(data: [{ vendor: "acme", sku: 1, title: "x", price: "1" }], update: [sku]) { sku } }'),
        'BAD_USER_INPUT',
        "cannot update 'sku': it is a key field",
      );
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(
            'mutation { upsertProfiles(data: [{ handle: "ada", bio: "x", customerId: 1 }, { handle: "new", bio: "y", customerId: 2 }]) { handle } }',
          ),
        'ALREADY_EXISTS',
        "'Profile' already refers to '2'",
      );
    });

    it('updates by filter: affected and the rows as updated, with their relations', async () => {
      const data: Json = await h.ok(`mutation {
        updateOrders(where: { customerId: { eq: 1 } }, data: { total: "5" }) { affected rows { orderNo total customer { name } lines { lineId } } }
      }`);
      expect(data.updateOrders).toEqual({
        affected: 2,
        rows: [
          { orderNo: 'O1', total: '5', customer: { name: 'Ada' }, lines: [{ lineId: 'L1' }, { lineId: 'L2' }] },
          { orderNo: 'O2', total: '5', customer: { name: 'Ada' }, lines: [{ lineId: 'L3' }] },
        ],
      });
      const none: Json = await h.ok(
        'mutation { updateOrders(where: { customerId: { eq: 404 } }, data: { total: "1" }) { affected rows { orderNo } } }',
      );
      expect(none.updateOrders).toEqual({ affected: 0, rows: [] });
    });

    it('deletes by filter, `where: {}` included; a row still referred to refuses the whole delete', async () => {
      const data: Json = await h.ok(
        'mutation { deleteOrderLines(where: { orderOrderNo: { eq: "O1" } }) { affected rows { lineId note } } }',
      );
      expect(data.deleteOrderLines).toEqual({
        affected: 2,
        rows: [
          { lineId: 'L1', note: null },
          { lineId: 'L2', note: 'gift' },
        ],
      });
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { deleteOrders(where: {}) { affected } }'),
        'FOREIGN_KEY_VIOLATION',
        "'O2' of the entity 'Order' cannot be deleted",
      );
      const all: Json = await h.ok('mutation { deleteOrderLines(where: {}) { affected } }');
      expect(all.deleteOrderLines).toEqual({ affected: 2 });
    });

    it('runs in the request transaction: a later failing field undoes the bulk writes before it', async () => {
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(`mutation {
            a: updateOrders(where: {}, data: { total: "1" }) { affected }
            b: deleteOrderLines(where: {}) { affected }
            c: upsertProducts(data: [{ vendor: "acme", sku: 1, title: "T", price: "1" }]) { sku }
            d: deleteCustomer(id: 1) { id }
          }`),
        'FOREIGN_KEY_VIOLATION',
        "'1' of the entity 'Customer' cannot be deleted",
      );
    });
  });
}
