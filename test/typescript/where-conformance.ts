/**
 * One `where` language: the same where object, given to the GraphQL API (over both transports)
 * and to the typed client, selects the same rows, and the rows SPEC §3 and docs/graphql.md say
 * (three-valued logic, `eq: null` as isNull, null operators as no condition, empty lists). Both
 * front ends translate through datastore/where-filter.ts; this holds them to it on every backend.
 *
 * Test files that call this must resolve `persist/runtime` to the runtime's source (see
 * client-suite.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client as FeaturesClient, type CustomerWhere } from './golden/features/client.js';
import { createHarness, TRANSPORTS, type Harness } from '../graphql/conformance/harness.js';
import type { Row } from '../../src/datastore/datastore.js';
import type { OpenDatastore } from '../support/open-datastore.js';
import { loadModel } from '../support/models.js';
import { featuresData } from '../support/sample-data.js';

const features = loadModel('features');

/**
 * Three customers whose nullable columns are set on some and NULL on others: the ids below are
 * worked out by hand from these rows.
 */
const CUSTOMERS: Row[] = [
  {
    id: 1,
    name: 'Alice',
    nickname: 'Al',
    age: 34,
    score: 90,
    rating: 4.5,
    weight: 61.25,
    balance: '1200.5',
    credit: '-20.75',
    active: true,
    verified: true,
    avatar: new Uint8Array([0, 1, 2, 250, 255]),
    birthDate: '1990-02-28',
    anniversary: '2015-06-01',
    wakeUp: '06:30:00',
    bedTime: '22:15:30.5',
    createdAt: '2024-02-29T13:45:00Z',
    deletedAt: '2030-01-01T00:00:00.123456Z',
    lastSeen: '2024-03-01T08:00:00',
    nextVisit: '2024-12-24T18:30:00.25',
    status: 'active',
    previousStatus: 'suspended',
    type: 'gold',
  },
  {
    id: 2,
    name: 'Bob',
    nickname: null,
    age: 51,
    score: null,
    rating: 3,
    weight: null,
    balance: '0',
    credit: null,
    active: false,
    verified: null,
    avatar: null,
    birthDate: '1973-12-31',
    anniversary: null,
    wakeUp: '07:00:00',
    bedTime: null,
    createdAt: '2023-01-15T09:00:00Z',
    deletedAt: null,
    lastSeen: '2024-01-02T10:11:12',
    nextVisit: null,
    status: 'CLOSED',
    previousStatus: null,
    type: 'basic',
  },
  {
    id: 3,
    name: 'Carol',
    nickname: 'Caz',
    age: 27,
    score: 75,
    rating: 4.9,
    weight: 55,
    balance: '99999.999',
    credit: '0.001',
    active: true,
    verified: false,
    avatar: new Uint8Array([]),
    birthDate: '1997-07-04',
    anniversary: null,
    wakeUp: '05:45:00',
    bedTime: '23:00:00',
    createdAt: '2024-06-30T23:59:59Z',
    deletedAt: null,
    lastSeen: '2024-07-01T00:00:00',
    nextVisit: null,
    status: 'suspended',
    previousStatus: 'active',
    type: 'gold',
  },
];
const SEED: Readonly<Record<string, readonly Row[]>> = { Customer: CUSTOMERS };

/** A where object (JSON, as a GraphQL variable would hold it) and the customer ids it selects. */
const CASES: readonly { name: string; where: Record<string, unknown>; ids: number[] }[] = [
  { name: 'eq: null is isNull: true', where: { nickname: { eq: null } }, ids: [2] },
  { name: 'ne: null is isNull: false', where: { nickname: { ne: null } }, ids: [1, 3] },
  { name: 'ne skips nulls', where: { score: { ne: 90 } }, ids: [3] },
  { name: 'NOT of a comparison skips nulls', where: { NOT: { score: { eq: 90 } } }, ids: [3] },
  { name: 'NOT of eq: null', where: { NOT: { score: { eq: null } } }, ids: [1, 3] },
  { name: 'isNull', where: { credit: { isNull: true } }, ids: [2] },
  { name: 'OR', where: { OR: [{ age: { lt: 30 } }, { verified: { eq: null } }] }, ids: [2, 3] },
  { name: 'AND', where: { AND: [{ active: { eq: true } }, { rating: { gte: 4.6 } }] }, ids: [3] },
  {
    name: 'NOT of OR',
    where: { NOT: { OR: [{ nickname: { eq: null } }, { age: { gt: 40 } }] } },
    ids: [1, 3],
  },
  { name: 'fields and operators are ANDed', where: { name: { startsWith: 'C' }, credit: { isNull: false } }, ids: [3] },
  { name: 'in', where: { age: { in: [27, 51] } }, ids: [2, 3] },
  { name: 'notIn skips nulls', where: { score: { notIn: [75] } }, ids: [1] },
  { name: 'an empty in matches nothing', where: { age: { in: [] } }, ids: [] },
  { name: 'an empty notIn matches every row, nulls too', where: { score: { notIn: [] } }, ids: [1, 2, 3] },
  { name: 'OR: [] matches nothing', where: { OR: [] }, ids: [] },
  { name: 'AND: [] matches every row', where: { AND: [] }, ids: [1, 2, 3] },
  { name: 'NOT: {} matches nothing', where: { NOT: {} }, ids: [] },
  { name: 'an OR element without conditions matches every row', where: { OR: [{}, { age: { in: [] } }] }, ids: [1, 2, 3] },
  { name: 'other operators given null are no condition', where: { score: { lt: null, gt: 10 } }, ids: [1, 3] },
  { name: 'a null field filter is no condition', where: { score: null, age: { gte: 30 } }, ids: [1, 2] },
  { name: 'decimals compare by value', where: { credit: { gt: '0' } }, ids: [3] },
  { name: 'an empty where matches every row', where: {}, ids: [1, 2, 3] },
];

/** Relation filters (SPEC §3.2) over the features sample data, and the customer ids they select. */
const RELATION_CASES: readonly { name: string; where: Record<string, unknown>; ids: number[] }[] = [
  { name: '1-n some', where: { orders: { some: { total: { gt: '20' } } } }, ids: [1] },
  { name: '1-n every holds without children', where: { orders: { every: { total: { gt: '1' } } } }, ids: [1, 3, 4] },
  { name: '1-n none {}', where: { orders: { none: {} } }, ids: [3, 4] },
  { name: 'to-one {} is has one', where: { profile: {} }, ids: [1, 2] },
  { name: 'NOT of to-one {} is has none', where: { NOT: { profile: {} } }, ids: [3, 4] },
  { name: 'a null relation filter is no condition', where: { profile: null, orders: { some: null } }, ids: [1, 2, 3, 4] },
  { name: 'nested', where: { orders: { some: { lines: { some: { product: { title: { eq: 'Bolt' } } } } } } }, ids: [2] },
  { name: 'in OR', where: { OR: [{ referredOrders: { some: {} } }, { profile: { handle: { eq: 'bob' } } }] }, ids: [1, 2] },
];

/** Runs the where conformance cases against the datastore `open` gives. */
export function describeWhereConformance(name: string, open: OpenDatastore): void {
  describe(`one where language on ${name}: GraphQL and the client select the same rows`, () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('the client checks the shape GraphQL input types check for the gateway', async () => {
      h = await createHarness(features, await open(features), SEED);
      const client = new FeaturesClient(h.datastore);
      const bad: [unknown, string][] = [
        [{ nope: { eq: 1 } }, "The entity 'Customer' has no field 'nope' to filter on."],
        [{ age: { near: 1 } }, "Unknown filter operator 'near' on 'Customer.age'"],
        [{ age: { in: 5 } }, "'in' of 'Customer.age' must be a list"],
        [{ age: { isNull: 'yes' } }, "'isNull' of 'Customer.age' must be true or false"],
        [{ age: { contains: '1' } }, "'contains' applies to string fields only, and 'Customer.age' is not one"],
        [{ OR: { age: { eq: 1 } } }, "'OR' of a 'Customer' filter must be a list"],
        [{ AND: [null] }, "The filter of 'Customer' must be an object."],
        [{ age: 5 }, "The filter of 'Customer.age' must be an object."],
      ];
      for (const [where, message] of bad) {
        // get() checks its arguments at once (it throws before returning the stream).
        await expect(async () => client.customers.get({ where: where as CustomerWhere }).toArray()).rejects.toMatchObject({
          code: 'BAD_USER_INPUT',
          message,
        });
      }
    });

    it('relation filters and to-one orderBy: GraphQL and the client agree; the client checks their shape', async () => {
      h = await createHarness(features, await open(features), featuresData());
      const client = new FeaturesClient(h.datastore);
      for (const c of RELATION_CASES) {
        const data = await h.ok('query($w: CustomerWhere) { customers(where: $w) { id } }', { w: c.where });
        const viaClient = await client.customers.get({ where: c.where as CustomerWhere, select: { id: true } }).toArray();
        expect({ case: c.name, ids: (data.customers as { id: number }[]).map((r) => r.id) }).toEqual({ case: c.name, ids: c.ids });
        expect({ case: c.name, ids: viaClient.map((r) => r.id) }).toEqual({ case: c.name, ids: c.ids });
      }
      const gql = await h.ok('{ orderLines(orderBy: [{ order: { customer: { name: DESC } } }, { quantity: DESC }]) { lineId } }');
      const lines = await client.orderLines
        .get({ orderBy: [{ order: { customer: { name: 'DESC' } } }, { quantity: 'DESC' }], select: { lineId: true } })
        .toArray();
      expect(lines.map((l) => l.lineId)).toEqual(['L4', 'L3', 'L1', 'L2']);
      expect((gql.orderLines as { lineId: string }[]).map((l) => l.lineId)).toEqual(['L4', 'L3', 'L1', 'L2']);
      const bad: [Record<string, unknown>, string][] = [
        [{ where: { orders: { any: {} } } }, "Unknown relation filter 'any' on 'Customer.orders' (use some, every, none)"],
        [{ where: { profile: { nope: { eq: 1 } } } }, "The entity 'Profile' has no field 'nope' to filter on."],
        [
          { orderBy: { orders: { total: 'ASC' } } },
          "'Customer.orders' is not a to-one relation holding the foreign key, so it does not sort.",
        ],
      ];
      for (const [args, message] of bad)
        await expect(async () => client.customers.get(args as never).toArray()).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message });
    });

    for (const transport of TRANSPORTS) {
      it(`every case, GraphQL over ${transport.name} and the client`, async () => {
        h = await createHarness(features, await open(features), SEED, undefined, transport);
        // The client shares the harness's datastore (closed by the harness).
        const client = new FeaturesClient(h.datastore);
        for (const c of CASES) {
          const data = await h.ok('query($w: CustomerWhere) { customers(where: $w) { id } }', { w: c.where });
          const viaGraphql = (data.customers as { id: number }[]).map((r) => r.id);
          const viaClient = (await client.customers.get({ where: c.where as CustomerWhere, select: { id: true } }).toArray()).map(
            (r) => r.id,
          );
          expect({ case: c.name, ids: viaGraphql }).toEqual({ case: c.name, ids: c.ids });
          expect({ case: c.name, ids: viaClient }).toEqual({ case: c.name, ids: c.ids });
        }
        // Written inline rather than as a variable.
        expect((await h.ok('{ customers(where: { nickname: { eq: null } }) { id } }')).customers).toEqual([{ id: 2 }]);
        // An operator given undefined is no condition, as one left out.
        expect(
          (await client.customers.get({ where: { score: { eq: undefined } } as unknown as CustomerWhere, select: { id: true } }).toArray())
            .length,
        ).toBe(3);
      });
    }
  });
}
