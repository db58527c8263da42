/**
 * One transaction per request over the writes of many rows (SPEC §3.5): a request of a nested
 * insert, an upsert and a nested update, failing at each position in turn, answers `data: null`
 * and one error with the failing field's path and its cause's code, and keeps nothing.
 */
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { customerInsert } from './features-data.js';
import { useFeaturesHarness, type Json, type Mode, type OpenDatastore, type Transport } from './harness.js';

const line = (id: string, vendor = 'acme'): string => `{ lineId: "${id}", quantity: 1, productVendor: "${vendor}", productSku: 1 }`;

/** The three fields, each as it succeeds and as it fails (with the code of the failure and a part of its message). */
const FIELDS: { name: string; ok: string; failing: string; code: string; message: string }[] = [
  {
    name: 'a',
    ok: `a: createCustomers(data: [${customerInsert(20, `, orders: { create: [{ orderNo: "P1", placedOn: "2024-05-01", total: "1", referrerId: 1, lines: { create: [${line('Q1')}] } }] }`)}]) { id }`,
    failing: `a: createCustomers(data: [${customerInsert(20, `, orders: { create: [{ orderNo: "P1", placedOn: "2024-05-01", total: "1", referrerId: 1, lines: { create: [${line('Q1', 'none')}] } }] }`)}]) { id }`,
    code: 'FOREIGN_KEY_VIOLATION',
    message: 'Product',
  },
  {
    name: 'b',
    ok: 'b: upsertOrderLines(data: [{ lineId: "L1", quantity: 9, orderOrderNo: "O2", productVendor: "acme", productSku: 1 }, { lineId: "Q2", quantity: 1, orderOrderNo: "O3", productVendor: "bolt", productSku: 1 }]) { lineId }',
    failing:
      'b: upsertOrderLines(data: [{ lineId: "Q2", quantity: 1, orderOrderNo: "O3", productVendor: "bolt", productSku: 1 }, { lineId: "L1", quantity: 9, orderOrderNo: "O404", productVendor: "acme", productSku: 1 }]) { lineId }',
    code: 'FOREIGN_KEY_VIOLATION',
    message: 'Order',
  },
  {
    name: 'c',
    ok: `c: updateOrder(orderNo: "O1", data: { total: "1", lines: { updateWhere: { where: {}, data: { note: "n" } }, create: [${line('Q3')}] } }) { orderNo }`,
    failing: `c: updateOrder(orderNo: "O1", data: { total: "1", lines: { updateWhere: { where: {}, data: { note: "n" } }, create: [${line('L3')}] } }) { orderNo }`,
    code: 'ALREADY_EXISTS',
    message: "At 'data.lines.create': A record with the key 'L3' already exists for the entity 'OrderLine'.",
  },
];

export function describeWriteRollback(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`one transaction per request, writes of many rows (${mode.name})`, () => {
    const h = useFeaturesHarness(open, features, mode, transport);

    for (const [at, failing] of FIELDS.entries()) {
      it(`keeps nothing when field ${at + 1} of ${FIELDS.length} fails (${failing.code}): data null, one error with its path`, async () => {
        const before = await h.snapshot();
        const fields = FIELDS.map((f, i) => (i === at ? f.failing : f.ok));
        const res = await h.gql(`mutation { ${fields.join('\n')} }`);
        expect(res.data).toBeNull();
        expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[[failing.name], failing.code]]);
        expect(res.errors![0]!.message).toContain(failing.message);
        expect(await h.snapshot()).toEqual(before);
      });
    }

    it('keeps every field of a request that succeeds, each seeing the writes before it', async () => {
      await h.ok(`mutation { ${FIELDS.map((f) => f.ok).join('\n')} }`);
      const read: Json = await h.ok(
        '{ customer(id: 20) { orders { orderNo lines { lineId } } } orderLines { lineId quantity note orderOrderNo } order(orderNo: "O1") { total } }',
      );
      expect(read).toEqual({
        customer: { orders: [{ orderNo: 'P1', lines: [{ lineId: 'Q1' }] }] },
        orderLines: [
          { lineId: 'L1', quantity: 9, note: null, orderOrderNo: 'O2' },
          { lineId: 'L2', quantity: 1, note: 'n', orderOrderNo: 'O1' },
          { lineId: 'L3', quantity: 5, note: null, orderOrderNo: 'O2' },
          { lineId: 'L4', quantity: 1, note: 'bulk', orderOrderNo: 'O3' },
          { lineId: 'Q1', quantity: 1, note: null, orderOrderNo: 'P1' },
          { lineId: 'Q2', quantity: 1, note: null, orderOrderNo: 'O3' },
          { lineId: 'Q3', quantity: 1, note: null, orderOrderNo: 'O1' },
        ],
        order: { total: '1' },
      });
    });
  });
}
