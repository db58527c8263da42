/** connection: keyset pages forwards and backwards, per parent, cursors across writes, nulls and paths. */
import { describe, expect, test } from 'vitest';
import {
  INCLUDED,
  type ConnectionQuery,
  type Datastore,
  type Page,
  type PageFact,
  type SortSpec,
} from '../../../src/datastore/datastore.js';
import { expectPersistError, pluck, type Stores } from './context.js';

const asc = (field: string): SortSpec => ({ field, direction: 'ASC' });
const desc = (field: string): SortSpec => ({ field, direction: 'DESC' });
const byLastName = [asc('lastName')];

/** The one page of a read without `per`. */
async function page(ds: Datastore, entity: string, query: ConnectionQuery): Promise<Page> {
  const pages = await ds.connection(entity, query);
  expect(pages).toHaveLength(1);
  return pages[0]!;
}

/** A page as [keys, hasPreviousPage, hasNextPage, totalCount]. */
function shape(p: Page, field: string): [unknown[], boolean | undefined, boolean | undefined, number | undefined] {
  return [pluck(p.rows, field), p.hasPreviousPage, p.hasNextPage, p.totalCount];
}

export function describeConnections(stores: Stores): void {
  describe('connection (keyset pages)', () => {
    test('forwards with first/after through every row, cursors = sort values + key', async () => {
      const ds = await stores.seeded('rainier');
      // lastName, then empNo: Jones E3, King E5, Lovelace E1, Smith E2 E4 E6.
      const p1 = await page(ds, 'Employee', { orderBy: byLastName, first: 2 });
      expect(shape(p1, 'empNo')).toEqual([['E3', 'E5'], false, true, 6]);
      expect(p1.cursors).toEqual([
        ['Jones', 'E3'],
        ['King', 'E5'],
      ]);
      const p2 = await page(ds, 'Employee', { orderBy: byLastName, first: 2, after: p1.cursors[1]! });
      expect(shape(p2, 'empNo')).toEqual([['E1', 'E2'], true, true, 6]);
      const p3 = await page(ds, 'Employee', { orderBy: byLastName, first: 2, after: p2.cursors[1]! });
      expect(shape(p3, 'empNo')).toEqual([['E4', 'E6'], true, false, 6]);
      const p4 = await page(ds, 'Employee', { orderBy: byLastName, first: 2, after: p3.cursors[1]! });
      expect(shape(p4, 'empNo')).toEqual([[], true, false, 6]);
      expect(p4.cursors).toEqual([]);
      // Without sizes: every row between the cursors.
      const all = await page(ds, 'Employee', { orderBy: byLastName });
      expect(shape(all, 'empNo')).toEqual([['E3', 'E5', 'E1', 'E2', 'E4', 'E6'], false, false, 6]);
      const between = await page(ds, 'Employee', { orderBy: byLastName, after: ['King', 'E5'], before: ['Smith', 'E4'] });
      expect(shape(between, 'empNo')).toEqual([['E1', 'E2'], true, true, 6]);
    });

    test('backwards with last/before', async () => {
      const ds = await stores.seeded('rainier');
      const p1 = await page(ds, 'Employee', { orderBy: byLastName, last: 2 });
      expect(shape(p1, 'empNo')).toEqual([['E4', 'E6'], true, false, 6]);
      const p2 = await page(ds, 'Employee', { orderBy: byLastName, last: 2, before: p1.cursors[0]! });
      expect(shape(p2, 'empNo')).toEqual([['E1', 'E2'], true, true, 6]);
      const p3 = await page(ds, 'Employee', { orderBy: byLastName, last: 3, before: p2.cursors[0]! });
      expect(shape(p3, 'empNo')).toEqual([['E3', 'E5'], false, true, 6]);
      const none = await page(ds, 'Employee', { orderBy: byLastName, last: 0 });
      expect(shape(none, 'empNo')).toEqual([[], true, false, 6]);
      const first0 = await page(ds, 'Employee', { orderBy: byLastName, first: 0 });
      expect(shape(first0, 'empNo')).toEqual([[], false, true, 6]);
    });

    test('a cursor stays valid across inserts and deletes, even of its own row', async () => {
      const ds = await stores.seeded('rainier');
      const p1 = await page(ds, 'Employee', { orderBy: byLastName, first: 2 });
      await ds.delete('Employee', ['E5']);
      await ds.delete('Employee', ['E1']);
      const base = {
        firstName: 'N',
        birthDate: '1990-01-01',
        gender: 'MALE',
        hireDate: '2020-01-01',
        departmentDeptNo: 'D3',
        workspaceWorkspaceId: 'W1',
      };
      await ds.insert('Employee', [
        { ...base, empNo: 'E0', lastName: 'Adams' },
        { ...base, empNo: 'E7', lastName: 'Lamb' },
        { ...base, empNo: 'E4a', lastName: 'King' },
      ]);
      const p2 = await page(ds, 'Employee', { orderBy: byLastName, first: 2, after: p1.cursors[1]! });
      // Strictly after (King, E5): (King, E4a) comes before it; Lamb E7, then Smith E2.
      expect(shape(p2, 'empNo')).toEqual([['E7', 'E2'], true, true, 7]);
      const back = await page(ds, 'Employee', { orderBy: byLastName, last: 5, before: p2.cursors[0]! });
      expect(shape(back, 'empNo')).toEqual([['E0', 'E3', 'E4a'], false, true, 7]);
    });

    test('composite keys: the key tuple is the cursor of the default order', async () => {
      const ds = await stores.seeded('rainier');
      const p1 = await page(ds, 'OrderItem', { first: 1 });
      expect(p1.cursors).toEqual([['O1', 'I1']]);
      const p2 = await page(ds, 'OrderItem', { first: 5, after: p1.cursors[0]! });
      expect(p2.rows.map((r) => `${r.orderId}/${r.itemId}`)).toEqual(['O1/I2', 'O2/I1']);
      expect([p2.hasPreviousPage, p2.hasNextPage]).toEqual([true, false]);
      const p3 = await page(ds, 'OrderItem', { last: 1, before: ['O2', 'I1'] });
      expect(p3.rows.map((r) => `${r.orderId}/${r.itemId}`)).toEqual(['O1/I2']);
    });

    test('nullable sort fields: NULL first ascending, last descending, NULL in cursors', async () => {
      const ds = await stores.seeded('features');
      // score ASC: 2 (NULL), 4, 3, 1; DESC: 1, 3, 4, 2.
      const a1 = await page(ds, 'Customer', { orderBy: [asc('score')], first: 1 });
      expect(a1.cursors).toEqual([[null, 2]]);
      expect(shape(await page(ds, 'Customer', { orderBy: [asc('score')], first: 2, after: a1.cursors[0]! }), 'id')).toEqual([
        [4, 3],
        true,
        true,
        4,
      ]);
      expect(shape(await page(ds, 'Customer', { orderBy: [asc('score')], last: 2, before: [-2147483648, 4] }), 'id')).toEqual([
        [2],
        false,
        true,
        4,
      ]);
      const d = await page(ds, 'Customer', { orderBy: [desc('score')], first: 3 });
      expect(shape(d, 'id')).toEqual([[1, 3, 4], false, true, 4]);
      expect(shape(await page(ds, 'Customer', { orderBy: [desc('score')], first: 3, after: d.cursors[2]! }), 'id')).toEqual([
        [2],
        true,
        false,
        4,
      ]);
      const lastNull = await page(ds, 'Customer', { orderBy: [desc('score')], last: 1 });
      expect(lastNull.cursors).toEqual([[null, 2]]);
      expect(shape(await page(ds, 'Customer', { orderBy: [desc('score')], last: 2, before: lastNull.cursors[0]! }), 'id')).toEqual([
        [3, 4],
        true,
        true,
        4,
      ]);
      // Decimals beyond double precision and enums in the cursor: credit DESC is 3, 1, 4, 2.
      const c = await page(ds, 'Customer', { orderBy: [desc('credit'), asc('status')], first: 1 });
      expect(shape(await page(ds, 'Customer', { orderBy: [desc('credit'), asc('status')], first: 2, after: c.cursors[0]! }), 'id')).toEqual(
        [[1, 4], true, true, 4],
      );
    });

    test('to-one sort paths: the path value is in the cursor', async () => {
      const ds = await stores.seeded('rainier');
      const orderBy: SortSpec[] = [{ path: [{ relation: 'department' }], field: 'deptName', direction: 'DESC' }];
      // Sales (D2): E3 E5; Engineering (D1): E1 E2 E4 E6.
      const p1 = await page(ds, 'Employee', { orderBy, first: 3 });
      expect(shape(p1, 'empNo')).toEqual([['E3', 'E5', 'E1'], false, true, 6]);
      expect(p1.cursors[2]).toEqual(['Engineering', 'E1']);
      const p2 = await page(ds, 'Employee', { orderBy, first: 3, after: p1.cursors[2]! });
      expect(shape(p2, 'empNo')).toEqual([['E2', 'E4', 'E6'], true, false, 6]);
      const two: SortSpec[] = [
        { path: [{ relation: 'workspace' }, { relation: 'location' }], field: 'city', direction: 'ASC' },
        desc('lastName'),
      ];
      // Portland (W3): Smith E4, King E5; Seattle: Smith E2 E6, Lovelace E1, Jones E3.
      const w = await page(ds, 'Employee', { orderBy: two, last: 4 });
      expect(shape(w, 'empNo')).toEqual([['E2', 'E6', 'E1', 'E3'], true, false, 6]);
      expect(shape(await page(ds, 'Employee', { orderBy: two, last: 4, before: w.cursors[0]! }), 'empNo')).toEqual([
        ['E4', 'E5'],
        false,
        true,
        6,
      ]);
    });

    test('where, select and include apply; an empty result is one empty page', async () => {
      const ds = await stores.seeded('rainier');
      const where = { kind: 'compare' as const, field: 'gender', op: 'eq' as const, value: 'FEMALE' };
      const p = await page(ds, 'Employee', {
        where,
        orderBy: byLastName,
        first: 2,
        select: ['lastName'],
        include: [{ relation: 'department', select: ['deptName'] }],
      });
      expect(shape(p, 'empNo')).toEqual([['E1', 'E4'], false, true, 3]);
      expect(p.rows[0]).toEqual({
        empNo: 'E1',
        lastName: 'Lovelace',
        departmentDeptNo: 'D1',
        [INCLUDED]: { department: { deptNo: 'D1', deptName: 'Engineering' } },
      });
      const none = await page(ds, 'Employee', { where, orderBy: byLastName, first: 2, after: ['Smith', 'E6'] });
      expect(shape(none, 'empNo')).toEqual([[], true, false, 3]);
      const empty = await page(await stores.empty('rainier'), 'Employee', { first: 10 });
      expect(shape(empty, 'empNo')).toEqual([[], false, false, 0]);
    });

    test('an empty page still tells its neighbours and total, backwards and forwards', async () => {
      const ds = await stores.seeded('rainier');
      // Before the first row (Jones E3): nothing, but rows at or after the cursor.
      const before = await page(ds, 'Employee', { orderBy: byLastName, last: 2, before: ['Jones', 'E3'] });
      expect(shape(before, 'empNo')).toEqual([[], false, true, 6]);
      // Between two neighbours: nothing in between, rows on both sides.
      const between = await page(ds, 'Employee', { orderBy: byLastName, first: 5, after: ['Smith', 'E2'], before: ['Smith', 'E4'] });
      expect(shape(between, 'empNo')).toEqual([[], true, true, 6]);
    });

    test('include with a to-one sort path: the included rows and the cursors of the path', async () => {
      const ds = await stores.seeded('rainier');
      const orderBy: SortSpec[] = [{ path: [{ relation: 'department' }], field: 'deptName', direction: 'DESC' }];
      const query = { orderBy, select: ['lastName'], include: [{ relation: 'department', select: ['deptName'] }] };
      const p1 = await page(ds, 'Employee', { ...query, first: 2 });
      expect(shape(p1, 'empNo')).toEqual([['E3', 'E5'], false, true, 6]);
      const p2 = await page(ds, 'Employee', { ...query, first: 2, after: p1.cursors[1]! });
      expect(shape(p2, 'empNo')).toEqual([['E1', 'E2'], true, true, 6]);
      expect(p2.cursors).toEqual([
        ['Engineering', 'E1'],
        ['Engineering', 'E2'],
      ]);
      expect(p2.rows[0]).toEqual({
        empNo: 'E1',
        lastName: 'Lovelace',
        departmentDeptNo: 'D1',
        [INCLUDED]: { department: { deptNo: 'D1', deptName: 'Engineering' } },
      });
      const back = await page(ds, 'Employee', { ...query, last: 1, before: p2.cursors[0]! });
      expect(shape(back, 'empNo')).toEqual([['E5'], true, true, 6]);
      expect(back.rows[0]![INCLUDED]).toEqual({ department: { deptNo: 'D2', deptName: 'Sales' } });
    });

    test('per parent: one page per tuple in one call, the same cursor for every parent', async () => {
      const ds = await stores.seeded('rainier');
      const per = { fields: ['departmentDeptNo'], values: [['D1'], ['D2'], ['D3'], ['D1']] };
      const pages = await ds.connection('Employee', { per, orderBy: byLastName, first: 2 });
      expect(pages.map((p) => shape(p, 'empNo'))).toEqual([
        [['E1', 'E2'], false, true, 4],
        [['E3', 'E5'], false, false, 2],
        [[], false, false, 0],
        [['E1', 'E2'], false, true, 4],
      ]);
      expect(pages[3]!.rows[0]).not.toBe(pages[0]!.rows[0]);
      const after = await ds.connection('Employee', { per, orderBy: byLastName, first: 2, after: ['Lovelace', 'E1'] });
      expect(after.map((p) => shape(p, 'empNo')).slice(0, 3)).toEqual([
        [['E2', 'E4'], true, true, 4],
        [[], true, false, 2],
        [[], false, false, 0],
      ]);
      const back = await ds.connection('Employee', { per, orderBy: byLastName, last: 1 });
      expect(back.map((p) => shape(p, 'empNo')).slice(0, 2)).toEqual([
        [['E6'], true, false, 4],
        [['E5'], true, false, 2],
      ]);
    });

    test('facts: a page holds exactly the facts asked for, with the values of a page that asks for all', async () => {
      const ds = await stores.seeded('rainier');
      const where = { kind: 'compare' as const, field: 'gender', op: 'eq' as const, value: 'MALE' };
      const per = { fields: ['departmentDeptNo'], values: [['D1'], ['D2'], ['D3']] };
      const queries: ConnectionQuery[] = [
        { orderBy: byLastName, first: 2 },
        { orderBy: byLastName, first: 2, after: ['King', 'E5'] },
        { orderBy: byLastName, last: 2, before: ['Smith', 'E4'] },
        { orderBy: byLastName, after: ['Jones', 'E3'], before: ['Smith', 'E6'] },
        { orderBy: byLastName, first: 2, after: ['Smith', 'E6'] },
        { orderBy: byLastName, last: 2, before: ['Jones', 'E3'] },
        { where, orderBy: byLastName, first: 1, after: ['Jones', 'E3'] },
        { per, orderBy: byLastName, first: 1, after: ['Lovelace', 'E1'] },
        { per, orderBy: byLastName, last: 1 },
      ];
      const names: PageFact[] = ['hasPreviousPage', 'hasNextPage', 'totalCount'];
      // Every subset of the facts, the empty one included.
      const subsets = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => names.filter((_, i) => (bits >> i) & 1));
      for (const query of queries) {
        const all = await ds.connection('Employee', query);
        for (const p of all) for (const f of names) expect(p[f], `${f} of ${JSON.stringify(query)}`).toBeDefined();
        expect(await ds.connection('Employee', { ...query, facts: names })).toEqual(all);
        for (const facts of subsets) {
          const pages = await ds.connection('Employee', { ...query, facts });
          const expected = all.map((p) => ({ rows: p.rows, cursors: p.cursors, ...Object.fromEntries(facts.map((f) => [f, p[f]])) }));
          expect(pages, `${JSON.stringify(facts)} of ${JSON.stringify(query)}`).toEqual(expected);
          for (const p of pages) expect(Object.keys(p).sort()).toEqual(['cursors', 'rows', ...facts].sort());
        }
      }
      // The values themselves (those of the page that asks for all are checked above): page 2 by last name.
      const [p2] = await ds.connection('Employee', { orderBy: byLastName, first: 2, after: ['King', 'E5'], facts: ['hasPreviousPage'] });
      expect(p2).toEqual({
        rows: expect.any(Array),
        cursors: [
          ['Lovelace', 'E1'],
          ['Smith', 'E2'],
        ],
        hasPreviousPage: true,
      });
    });

    test('bad sizes and cursors are BAD_USER_INPUT', async () => {
      const ds = await stores.seeded('rainier');
      await expectPersistError(
        ds.connection('Employee', { first: 1, last: 1 }),
        'BAD_USER_INPUT',
        "A page of 'Employee' takes 'first' or 'last', not both; page forwards with first/after or backwards with last/before.",
      );
      await expectPersistError(
        ds.connection('Employee', { first: -1 }),
        'BAD_USER_INPUT',
        'The first must be a non-negative integer, got -1.',
      );
      await expectPersistError(
        ds.connection('Employee', { last: 1.5 }),
        'BAD_USER_INPUT',
        'The last must be a non-negative integer, got 1.5.',
      );
      await expectPersistError(
        ds.connection('Employee', { orderBy: byLastName, after: ['E1'] }),
        'BAD_USER_INPUT',
        "The 'after' cursor of 'Employee' has 1 value(s), but its order (the sort, then the key) has 2; use a cursor of the same order.",
      );
      await expectPersistError(
        ds.connection('Employee', { before: [null] }),
        'BAD_USER_INPUT',
        "The 'before' cursor of 'Employee' holds null for 'Employee.empNo', which is never null; use a cursor of the same order.",
      );
      await expectPersistError(
        ds.connection('OrderItem', { after: ['O1', 7] }),
        'BAD_USER_INPUT',
        "Invalid value for 'OrderItem.itemId': 7 is not a string",
      );
    });
  });
}
