/**
 * SPEC §3.4 through GraphQL: esConnection and the per-parent connection beside each 1-n relation
 * field (one datastore call per level), opaque cursors across writes, and their errors.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../support/models.js';
import { createHarness, expectError, type Mode, type OpenDatastore, type Transport, useFeaturesHarness } from './harness.js';
import type { ModelIR } from '../../../src/model/ir.js';
import { rainierRows } from './batching.js';
import { CountingDatastore } from '../../support/counting-datastore.js';
import { customer } from '../../support/sample-data.js';
import { describeConnectionCursors } from './connection-cursors.js';

const PAGE = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } nodes { id }';

export function describeConnections(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describeConnectionCursors(open, features, mode, transport);
  describe(`connections (${mode.name})`, () => {
    const h = useFeaturesHarness(open, features, mode, transport);
    const customers = async (
      args: string,
    ): Promise<{ ids: number[]; next: boolean; prev: boolean; total: number; start: string; end: string }> => {
      const c = (await h.ok(`{ customersConnection(${args}) { ${PAGE} } }`)).customersConnection;
      expect(c.nodes).toEqual(c.edges.map((e: { node: unknown }) => e.node));
      expect([c.pageInfo.startCursor, c.pageInfo.endCursor]).toEqual([c.edges[0]?.cursor ?? null, c.edges.at(-1)?.cursor ?? null]);
      return {
        ids: c.nodes.map((n: { id: number }) => n.id),
        next: c.pageInfo.hasNextPage,
        prev: c.pageInfo.hasPreviousPage,
        total: c.totalCount,
        start: c.pageInfo.startCursor,
        end: c.pageInfo.endCursor,
      };
    };

    it('pages forwards and backwards over a nullable sort (NULL first ascending)', async () => {
      const order = 'orderBy: [{ score: ASC }]';
      const p1 = await customers(`${order}, first: 2`);
      expect([p1.ids, p1.prev, p1.next, p1.total]).toEqual([[2, 4], false, true, 4]);
      const p2 = await customers(`${order}, first: 2, after: "${p1.end}"`);
      expect([p2.ids, p2.prev, p2.next, p2.total]).toEqual([[3, 1], true, false, 4]);
      const back = await customers(`${order}, last: 1, before: "${p2.start}"`);
      expect([back.ids, back.prev, back.next]).toEqual([[4], true, true]);
      const tail = await customers(`${order}, last: 3`);
      expect([tail.ids, tail.prev, tail.next]).toEqual([[4, 3, 1], true, false]);
      const desc = await customers('orderBy: [{ score: DESC }], first: 3');
      expect((await customers(`orderBy: [{ score: DESC }], first: 3, after: "${desc.end}"`)).ids).toEqual([2]);
    });

    it('a cursor stays valid across inserts and deletes between pages', async () => {
      const order = 'orderBy: [{ score: ASC }]';
      const p1 = await customers(`${order}, first: 2`);
      await h.datastore.delete('Customer', [4]);
      await h.datastore.insert('Customer', [customer(5, { score: 8 }), customer(6, { score: -5 })]);
      // After (score -2147483648, id 4), whose row is gone: -5 (6), 7 (3), 8 (5), 10 (1).
      const p2 = await customers(`${order}, first: 3, after: "${p1.end}"`);
      expect([p2.ids, p2.prev, p2.next, p2.total]).toEqual([[6, 3, 5], true, true, 5]);
    });

    it('an empty result: no edges, null cursors, no pages either side', async () => {
      const empty = await customers('where: { id: { eq: 99 } }, first: 5');
      expect(empty).toEqual({ ids: [], next: false, prev: false, total: 0, start: null, end: null });
    });

    it('per parent over a composite foreign key, and sorted by a to-one path', async () => {
      const data = await h.ok(
        '{ products { vendor sku linesConnection(first: 1, orderBy: [{ quantity: DESC }]) { totalCount pageInfo { hasNextPage } nodes { lineId } } } }',
      );
      expect(data.products.map((p: { linesConnection: unknown }) => p.linesConnection)).toEqual([
        { totalCount: 2, pageInfo: { hasNextPage: true }, nodes: [{ lineId: 'L3' }] },
        { totalCount: 1, pageInfo: { hasNextPage: false }, nodes: [{ lineId: 'L2' }] },
        { totalCount: 1, pageInfo: { hasNextPage: false }, nodes: [{ lineId: 'L4' }] },
      ]);
      const page = async (after: string): Promise<{ ids: string[]; end: string }> => {
        const c = (
          await h.ok(
            `{ orderLinesConnection(orderBy: [{ order: { placedOn: DESC } }], first: 2${after}) { pageInfo { endCursor } nodes { lineId order { orderNo } } } }`,
          )
        ).orderLinesConnection;
        return { ids: c.nodes.map((n: { lineId: string }) => n.lineId), end: c.pageInfo.endCursor };
      };
      const p1 = await page('');
      expect(p1.ids).toEqual(['L4', 'L3']);
      expect((await page(`, after: "${p1.end}"`)).ids).toEqual(['L1', 'L2']);
    });

    it('bad cursors and sizes are BAD_USER_INPUT, with what to pass instead', async () => {
      const p1 = await customers('orderBy: [{ score: ASC }], first: 1');
      expectError(
        await h.gql('{ customersConnection(after: "not a cursor!") { totalCount } }'),
        'BAD_USER_INPUT',
        "'after' of 'customersConnection'",
        'not a cursor of this API',
      );
      expectError(await h.gql('{ customersConnection(before: "W10") { totalCount } }'), 'BAD_USER_INPUT', 'not a cursor of this API');
      expectError(
        await h.gql(`{ customersConnection(orderBy: [{ score: DESC }], after: "${p1.end}") { totalCount } }`),
        'BAD_USER_INPUT',
        'the cursor was made for another orderBy',
      );
      expectError(await h.gql(`{ ordersConnection(after: "${p1.end}") { totalCount } }`), 'BAD_USER_INPUT', 'another orderBy');
      expectError(
        await h.gql('{ customersConnection(first: 1, last: 1) { totalCount } }'),
        'BAD_USER_INPUT',
        "'first' or 'last', not both",
      );
      expectError(
        await h.gql('{ customersConnection(first: -1) { totalCount } }'),
        'BAD_USER_INPUT',
        "Invalid value for 'first' of 'customersConnection': it must be zero or more, got -1.",
      );
      expectError(
        await h.gql('{ customers { ordersConnection(last: -2) { totalCount } } }'),
        'BAD_USER_INPUT',
        "'last' of 'Customer.ordersConnection'",
      );
    });
  });

  describe(`connections: the page facts the document selects, and only those, are read (${mode.name})`, () => {
    it('through fragments, aliases and directives, at the root and per parent', async () => {
      const rainier = loadModel('rainier');
      const counting = new CountingDatastore(await open(rainier));
      // Last0 … Last5 (E00000 … E00005) in D00, D01, D02 by turns.
      const h = await createHarness(rainier, counting, rainierRows(3, 6), mode, transport);
      try {
        /** The answer, and the facts of each connection read it made. */
        const run = async (document: string): Promise<[unknown, unknown[]]> => {
          counting.reset();
          const data = await h.ok(document);
          return [data, counting.reads.filter((r) => r.method === 'connection').map((r) => r.facts)];
        };
        const order = 'orderBy: [{ lastName: ASC }]';
        expect(await run(`{ employeesConnection(${order}, first: 2) { nodes { empNo } } }`)).toEqual([
          { employeesConnection: { nodes: [{ empNo: 'E00000' }, { empNo: 'E00001' }] } },
          [[]],
        ]);
        const p1 = (await h.ok(`{ employeesConnection(${order}, first: 2) { pageInfo { endCursor } } }`)).employeesConnection;
        const after = `after: "${p1.pageInfo.endCursor}"`;
        expect(
          await run(`{ employeesConnection(${order}, first: 2, ${after}) { pageInfo { hasNextPage endCursor } totalCount } }`),
        ).toEqual([
          { employeesConnection: { pageInfo: { hasNextPage: true, endCursor: expect.any(String) }, totalCount: 6 } },
          [['hasNextPage', 'totalCount']],
        ]);
        const fragment = 'fragment Page on EmployeeConnection { info: pageInfo { ... on PageInfo { before: hasPreviousPage } } }';
        expect(await run(`query { employeesConnection(${order}, first: 2, ${after}) { ...Page } } ${fragment}`)).toEqual([
          { employeesConnection: { info: { before: true } } },
          [['hasPreviousPage']],
        ]);
        // A field under @include or @skip counts (whether the answer shows it depends on variables).
        expect(
          await run(`{ employeesConnection(first: 1) { totalCount @include(if: false) pageInfo { hasNextPage @skip(if: false) } } }`),
        ).toEqual([{ employeesConnection: { pageInfo: { hasNextPage: true } } }, [['hasNextPage', 'totalCount']]]);
        const perParent = (selection: string, args = 'first: 1'): Promise<[unknown, unknown[]]> =>
          run(`{ departments { employeesConnection(${order}, ${args}) { ${selection} } } }`);
        const each = (page: unknown): unknown => ({ departments: [0, 1, 2].map(() => ({ employeesConnection: page })) });
        expect(await perParent('pageInfo { hasPreviousPage }')).toEqual([
          each({ pageInfo: { hasPreviousPage: false } }),
          [['hasPreviousPage']],
        ]);
        expect(await perParent('nodes { lastName }', 'last: 1')).toEqual([
          { departments: [3, 4, 5].map((i) => ({ employeesConnection: { nodes: [{ lastName: `Last${i}` }] } })) },
          [[]],
        ]);
        expect(await perParent('totalCount pageInfo { hasNextPage hasPreviousPage }', 'last: 1')).toEqual([
          each({ totalCount: 2, pageInfo: { hasNextPage: false, hasPreviousPage: true } }),
          [['hasPreviousPage', 'hasNextPage', 'totalCount']],
        ]);
      } finally {
        await h.close();
      }
    });
  });

  describe(`connections: one datastore call per connection field per level (${mode.name})`, () => {
    it.each([10, 2000])('%i parents', async (departments) => {
      const rainier = loadModel('rainier');
      const counting = new CountingDatastore(await open(rainier));
      const h = await createHarness(rainier, counting, rainierRows(departments, 2 * departments), mode, transport);
      try {
        counting.reset();
        const data = await h.ok(`{
          departments { deptNo employeesConnection(first: 1, orderBy: [{ lastName: DESC }]) { totalCount pageInfo { hasNextPage } nodes { empNo workspace { workspaceId } } } }
        }`);
        expect(data.departments).toHaveLength(departments);
        expect(data.departments[1].employeesConnection).toEqual({
          totalCount: 2,
          pageInfo: { hasNextPage: true },
          // Last1 and Last<departments + 1>: by code point, 'Last1' < 'Last11' / 'Last2001'.
          nodes: [
            {
              empNo: `E${String(departments + 1).padStart(5, '0')}`,
              workspace: { workspaceId: `W${String((departments + 1) % 100).padStart(3, '0')}` },
            },
          ],
        });
        const reads = counting.reads.map((r) => [r.method, r.entity, r.size]);
        expect(reads.filter((r) => r[0] !== 'getByKeys').sort()).toEqual([
          ['connection', 'Employee', departments],
          ['list', 'Department', 1],
        ]);
        // The workspaces of the page rows: one batched read.
        expect(reads.filter((r) => r[0] === 'getByKeys')).toHaveLength(1);
      } finally {
        await h.close();
      }
    });
  });
}
