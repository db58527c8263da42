/**
 * Connection cursors through GraphQL, against the cursor of the first release (base64url of
 * JSON.stringify([fingerprint, ...sort values, key])): every way of selecting a page gives the
 * same rows and the same cursors (the edges' cursors all written at once, only pageInfo's two when
 * `edges { cursor }` is not selected, a sort field's value read from the row when the row selects
 * it or from a column of its own when not), a cursor written by hand as the first release wrote it
 * pages to the same place, and a literal order (planned once per document) pages as the same order
 * passed in variables does.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { customer } from '../../support/sample-data.js';
import { expectError, type Mode, type OpenDatastore, type Transport, useFeaturesHarness } from './harness.js';
import type { ModelIR } from '../../../src/model/ir.js';

type Json = Record<string, unknown>;

/** The cursor of the first release. */
function releaseCursor(order: string, values: readonly unknown[]): string {
  const fingerprint = createHash('sha256').update(`Customer|${order}`).digest('base64url').slice(0, 10);
  return Buffer.from(JSON.stringify([fingerprint, ...values])).toString('base64url');
}

// How a page is selected: the sort field in the row or not, the edges' cursors or only pageInfo's.
const SELECTIONS = [
  'edges { cursor node { id name score } } pageInfo { startCursor endCursor hasNextPage }',
  'edges { cursor node { id } } pageInfo { startCursor endCursor hasNextPage }',
  'nodes { id } pageInfo { startCursor endCursor hasNextPage }',
  'edges { node { id } } pageInfo { hasNextPage endCursor startCursor }',
];

const ORDERS = [
  { arg: '{ score: ASC }', text: 'score ASC', value: (c: Json) => c['score'] ?? null },
  { arg: '{ name: DESC }', text: 'name DESC', value: (c: Json) => c['name'] },
];

export function describeConnectionCursors(open: OpenDatastore, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`connection cursors (${mode.name})`, () => {
    const h = useFeaturesHarness(open, features, mode, transport);

    it('every selection of a page gives the same rows and the cursors of the first release, ASCII or not', async () => {
      await h.datastore.insert('Customer', [customer(5, { name: 'Ünïcødé 日本 😀', score: 7 }), customer(6, { name: 'q"\\\n', score: 8 })]);
      const all = (await h.ok('{ customers { id name score } }')).customers as Json[];
      const byId = new Map(all.map((c) => [c['id'], c]));
      for (const order of ORDERS) {
        for (const size of [1, 4]) {
          const walks = [];
          for (const selection of SELECTIONS) {
            const pages: { ids: unknown[]; start: unknown; end: unknown; next: unknown; cursors?: unknown[] }[] = [];
            let after = '';
            for (let i = 0; i < 10; i++) {
              const c = (await h.ok(`{ customersConnection(orderBy: [${order.arg}], first: ${size}${after}) { ${selection} } }`))
                .customersConnection;
              const ids = (c.nodes ?? c.edges.map((e: { node: unknown }) => e.node)).map((n: Json) => n['id']);
              const expected = ids.map((id: unknown) => releaseCursor(order.text, [order.value(byId.get(id)!), id]));
              if (c.edges?.[0]?.cursor !== undefined) expect(c.edges.map((e: { cursor: string }) => e.cursor)).toEqual(expected);
              if (c.edges?.[0]?.node?.name !== undefined)
                expect(c.edges.map((e: { node: Json }) => e.node)).toEqual(ids.map((id: unknown) => byId.get(id)));
              expect([c.pageInfo.startCursor, c.pageInfo.endCursor]).toEqual([expected[0] ?? null, expected.at(-1) ?? null]);
              pages.push({ ids, start: c.pageInfo.startCursor, end: c.pageInfo.endCursor, next: c.pageInfo.hasNextPage });
              if (!c.pageInfo.hasNextPage) break;
              after = `, after: "${c.pageInfo.endCursor}"`;
            }
            walks.push(pages);
          }
          expect(walks[0]!.flatMap((p) => p.ids)).toHaveLength(6);
          for (const walk of walks) expect(walk).toEqual(walks[0]);
        }
      }
    });

    it('a cursor written as the first release wrote it pages to the same place as the one handed out', async () => {
      const p1 = (await h.ok('{ customersConnection(orderBy: [{ score: ASC }], first: 2) { pageInfo { endCursor } nodes { id } } }'))
        .customersConnection;
      // (score -2147483648, id 4) ends the first page: NULL (2) comes first ascending.
      expect(p1.nodes).toEqual([{ id: 2 }, { id: 4 }]);
      const byHand = releaseCursor('score ASC', [-2147483648, 4]);
      expect(p1.pageInfo.endCursor).toBe(byHand);
      const page = (after: string): Promise<Json> =>
        h.ok(`{ customersConnection(orderBy: [{ score: ASC }], first: 2, after: "${after}") { totalCount nodes { id } } }`);
      expect(await page(byHand)).toEqual({ customersConnection: { totalCount: 4, nodes: [{ id: 3 }, { id: 1 }] } });
      // A NULL in the cursor, written by hand too.
      expect(await page(releaseCursor('score ASC', [null, 2]))).toEqual({
        customersConnection: { totalCount: 4, nodes: [{ id: 4 }, { id: 3 }] },
      });
    });

    it('a literal order and the same order in variables page alike; each document keeps its own order', async () => {
      const literal = (order: string, after: string | null): Promise<Json> =>
        h.ok(
          `query($after: String) { customersConnection(orderBy: [${order}], first: 2, after: $after) { edges { cursor node { id } } } }`,
          { after },
        );
      const document =
        'query($order: [CustomerOrderBy!], $where: CustomerWhere, $after: String) { customersConnection(orderBy: $order, where: $where, first: 2, after: $after) { edges { cursor node { id } } } }';
      const variable = (order: Json, after: string | null, where?: Json): Promise<Json> => h.ok(document, { order: [order], after, where });
      for (const [arg, value] of [
        ['{ score: ASC }', { score: 'ASC' }],
        ['{ name: DESC }', { name: 'DESC' }],
      ] as const) {
        const first = await literal(arg, null);
        expect(await variable(value, null)).toEqual(first);
        const end = (first.customersConnection as { edges: { cursor: string }[] }).edges[1]!.cursor;
        expect(await variable(value, end)).toEqual(await literal(arg, end));
      }
      // One document, two orders in turn: a cursor of one is refused under the other.
      const byScore = (await variable({ score: 'ASC' }, null)).customersConnection as { edges: { cursor: string }[] };
      expectError(
        await h.gql(document, { order: [{ name: 'DESC' }], after: byScore.edges[0]!.cursor }),
        'BAD_USER_INPUT',
        "'after' of 'customersConnection'",
        'the cursor was made for another orderBy',
      );
      expect(await variable({ score: 'ASC' }, null, { id: { in: [1, 3] } })).toEqual({
        customersConnection: { edges: [3, 1].map((id) => ({ cursor: expect.any(String), node: { id } })) },
      });
      expectError(
        await h.gql(document, { order: [{ score: 'ASC' }], after: 'bm90IGEgY3Vyc29y' }),
        'BAD_USER_INPUT',
        'not a cursor of this API',
      );
    });
  });
}
