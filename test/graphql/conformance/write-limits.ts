/**
 * Writes of many rows against limits.maxAffectedRows (SPEC §3.5, §4): a write by filter over the
 * limit (`where: {}` included) changes nothing, as does a nested part over it (named by its path
 * in the input); a child list over the limit is refused before any datastore call, while the
 * server goes on answering others.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/graphql/limits/index.js';
import type { ModelIR } from '../../../src/model/ir.js';
import { CountingDatastore, type DatastoreMethod } from '../../support/counting-datastore.js';
import { featuresData } from '../../support/sample-data.js';
import {
  createHarness,
  expectError,
  expectRejectedUnchanged,
  type Harness,
  type Json,
  type Mode,
  type OpenDatastore,
  type Transport,
} from './harness.js';

const WRITES: ReadonlySet<DatastoreMethod> = new Set(['insert', 'update', 'delete', 'upsert', 'updateWhere', 'deleteWhere']);

const line = (id: string): string => `{ lineId: "${id}", quantity: 1, productVendor: "acme", productSku: 1 }`;

export function describeWriteLimits(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`writes over limits.maxAffectedRows (${mode.name})`, () => {
    let c: Harness | undefined;
    afterEach(async () => {
      await c?.close();
      c = undefined;
    });
    const start = async (maxAffectedRows: number, datastore?: CountingDatastore): Promise<Harness> =>
      (c = await createHarness(features, datastore ?? (await open(features)), featuresData(), mode, transport, {
        ...DEFAULT_LIMITS,
        maxAffectedRows,
      }));

    it('a write by filter over the limit changes nothing, `where: {}` included; within it, `where: {}` runs', async () => {
      const h = await start(3);
      const limit = 'matches more than 3 records, the limit maxAffectedRows: nothing was changed';
      for (const [field, request] of [
        ['updateOrderLines', 'updateOrderLines(where: {}, data: { note: "x" }) { affected }'],
        ['deleteOrderLines', 'deleteOrderLines(where: {}) { affected }'],
        ['deleteOrderLines', 'deleteOrderLines(where: { quantity: { gte: 1 } }) { affected }'],
      ] as const) {
        const error = await expectRejectedUnchanged(h, () => h.gql(`mutation { ${request} }`), 'BAD_USER_INPUT', "'OrderLine'", limit);
        expect(error.path).toEqual([field]);
      }
      const within: Json = await h.ok(`mutation {
        a: updateOrders(where: {}, data: { total: "1" }) { affected }
        b: deleteOrderLines(where: { orderOrderNo: { eq: "O1" } }) { affected }
        c: deleteWarranties(where: {}) { affected }
      }`);
      expect(within).toEqual({ a: { affected: 3 }, b: { affected: 2 }, c: { affected: 1 } });
    });

    // Four refusals, each between two snapshots of every entity: slow over the Google Sheets emulator.
    it(
      'a nested part over the limit is refused naming its path; the row and the fields before it are undone',
      { timeout: 30_000 },
      async () => {
        const h = await start(1);
        const update = (lines: string): string =>
          `mutation { a: updateCustomer(id: 4, data: { age: 1 }) { id } b: updateOrder(orderNo: "O1", data: { total: "9", lines: { ${lines} } }) { orderNo } }`;
        for (const [lines, part] of [
          ['deleteWhere: {}', "At 'data.lines.deleteWhere'"],
          ['updateWhere: { where: {}, data: { note: "x" } }', "At 'data.lines.updateWhere'"],
        ] as const) {
          const error = await expectRejectedUnchanged(h, () => h.gql(update(lines)), 'BAD_USER_INPUT', part, 'limit maxAffectedRows');
          expect(error.path).toEqual(['b']);
        }
        await expectRejectedUnchanged(
          h,
          () => h.gql(update(`create: [${line('N1')}, ${line('N2')}]`)),
          'BAD_USER_INPUT',
          "'data.lines.create'",
          'limits.maxAffectedRows (1)',
        );
        // The rows created through relations count together, over the whole input tree.
        const order = (no: string): string =>
          `{ orderNo: "${no}", placedOn: "2024-05-01", total: "1", customerId: 1, referrerId: 2, lines: { create: [${line(`${no}L`)}] } }`;
        await expectRejectedUnchanged(
          h,
          () => h.gql(`mutation { createOrders(data: [${order('P1')}, ${order('P2')}]) { orderNo } }`),
          'BAD_USER_INPUT',
          "'data[1].lines.create'",
          'limits.maxAffectedRows (1)',
        );
      },
    );

    it('a child list of 10,001 is refused before any datastore write, and other requests are answered meanwhile', async () => {
      const counting = new CountingDatastore(await open(features));
      const h = await start(DEFAULT_LIMITS.maxAffectedRows, counting);
      const before = await h.snapshot();
      const lines = Array.from({ length: 10_001 }, (_, i) => ({ lineId: `X${i}`, quantity: 1, productVendor: 'acme', productSku: 1 }));
      counting.reset();
      const [refused, other] = await Promise.all([
        h.gql(
          'mutation($lines: [OrderLineInsert!]!) { updateOrder(orderNo: "O1", data: { total: "9", lines: { create: $lines } }) { orderNo } }',
          { lines },
        ),
        h.gql('{ orders { orderNo } }'),
      ]);
      expectError(refused, 'BAD_USER_INPUT', "'data.lines.create'", 'limits.maxAffectedRows (10000)');
      expect(refused.data).toBeNull();
      expect(other.data).toEqual({ orders: [{ orderNo: 'O1' }, { orderNo: 'O2' }, { orderNo: 'O3' }] });
      expect(counting.calls.filter((call) => WRITES.has(call.method))).toEqual([]);
      expect(await h.snapshot()).toEqual(before);
    });
  });
}
