/**
 * The filters a caller can put on access by key (what role permissions are built on): getByKeys
 * with `where` (a row outside it is null, as if absent), an Include with `where` (the related row
 * is null, the parent still comes), and update/delete with a WriteGuard (a row outside it is
 * NOT_FOUND with the absent row's message, and nothing changes).
 */
import { describe, expect, test } from 'vitest';
import { INCLUDED, type Filter } from '../../../src/datastore/datastore.js';
import { expectFailsUnchanged, pluck, type Stores } from './context.js';

const IN_D1: Filter = { kind: 'compare', field: 'departmentDeptNo', op: 'eq', value: 'D1' };
const SEATTLE: Filter = { kind: 'compare', field: 'city', op: 'eq', value: 'Seattle' };
const NOBODY: Filter = { kind: 'or', filters: [] };

export function describeFilteredAccess(stores: Stores): void {
  describe('getByKeys with where', () => {
    test('a batch of keys: rows outside the filter are null like misses, in input order', async () => {
      const ds = await stores.seeded('rainier');
      const rows = await ds.getByKeys('Employee', [['E3'], ['E1'], ['E404'], ['E4'], ['E1'], ['E5']], { where: IN_D1 });
      expect(pluck(rows, 'empNo')).toEqual([null, 'E1', null, 'E4', 'E1', null]);
      expect(rows[1]).toEqual((await ds.getByKeys('Employee', [['E1']]))[0]);
    });

    test('a single key: the row when it matches, null when it does not', async () => {
      const ds = await stores.seeded('rainier');
      expect(pluck(await ds.getByKeys('Employee', [['E2']], { where: IN_D1, select: ['firstName'] }), 'firstName')).toEqual(['Bob']);
      expect(await ds.getByKeys('Employee', [['E3']], { where: IN_D1 })).toEqual([null]);
      expect(await ds.getByKeys('Employee', [['E2']], { where: NOBODY })).toEqual([null]);
    });

    test('composite keys, values canonicalized and filters combined', async () => {
      const ds = await stores.seeded('rainier');
      const where: Filter = {
        kind: 'and',
        filters: [
          { kind: 'compare', field: 'quantity', op: 'gte', value: 2 },
          { kind: 'not', filter: { kind: 'string', field: 'notes', op: 'endsWith', value: '3' } },
        ],
      };
      const rows = await ds.getByKeys(
        'OrderItem',
        [
          ['O1', 'I1'],
          ['O1', 'I2'],
          ['O2', 'I1'],
        ],
        { where },
      );
      expect(rows).toEqual([{ orderId: 'O1', itemId: 'I1', quantity: 2, notes: 'n1' }, null, null]);
      const features = await stores.seeded('features');
      const decimal: Filter = { kind: 'compare', field: 'balance', op: 'eq', value: '100.500' };
      expect(pluck(await features.getByKeys('Customer', [[1], [2], [3]], { where: decimal }), 'id')).toEqual([1, null, 3]);
    });

    test('a bad filter is BAD_USER_INPUT, as in list', async () => {
      const ds = await stores.seeded('rainier');
      const where: Filter = { kind: 'compare', field: 'salary', op: 'eq', value: 1 };
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.getByKeys('Employee', [['E1']], { where }),
        'BAD_USER_INPUT',
        "Invalid value for 'Employee.salary': the entity has no such field",
      );
    });
  });

  describe('include with where', () => {
    test('the parent row is kept; the included row is null when it does not match', async () => {
      const ds = await stores.seeded('rainier');
      const include = [
        { relation: 'department', select: ['deptName'], where: { kind: 'compare', field: 'deptName', op: 'eq', value: 'Sales' } as Filter },
      ];
      const rows = await ds.getByKeys('Employee', [['E1'], ['E3'], ['E5']], { select: ['firstName'], include });
      expect(pluck(rows, 'empNo')).toEqual(['E1', 'E3', 'E5']);
      expect(rows.map((r) => r![INCLUDED]!['department'])).toEqual([
        null,
        { deptNo: 'D2', deptName: 'Sales' },
        { deptNo: 'D2', deptName: 'Sales' },
      ]);
      const listed = await ds.list('Employee', { select: ['firstName'], include, orderBy: [{ field: 'empNo', direction: 'ASC' }] });
      expect(listed.map((r) => r[INCLUDED]!['department']?.['deptNo'] ?? null)).toEqual([null, null, 'D2', null, 'D2', null]);
    });

    test('nested: a hidden row hides its own includes; a visible row under a hidden one is not reached', async () => {
      const ds = await stores.seeded('rainier');
      const include = [
        {
          relation: 'workspace',
          select: ['workspaceType'],
          where: { kind: 'compare', field: 'workspaceType', op: 'eq', value: 'desk' } as Filter,
          include: [{ relation: 'location', select: ['city'], where: SEATTLE }],
        },
      ];
      // E1: W1 desk in B1 Seattle; E3: W2 office (hidden); E4: W3 desk in B2 Portland (location hidden).
      const rows = await ds.getByKeys('Employee', [['E1'], ['E3'], ['E4']], { select: [], include });
      const workspaces = rows.map((r) => r![INCLUDED]!['workspace']);
      expect(workspaces.map((w) => w?.['workspaceId'] ?? null)).toEqual(['W1', null, 'W3']);
      expect(workspaces[0]![INCLUDED]).toEqual({ location: { buildingCode: 'B1', city: 'Seattle' } });
      expect(workspaces[2]![INCLUDED]).toEqual({ location: null });
    });

    test('list with where, paging and filtered includes: every condition keeps its own values', async () => {
      const ds = await stores.seeded('rainier');
      const rows = await ds.list('Employee', {
        where: { kind: 'in', field: 'workspaceWorkspaceId', values: ['W1', 'W3'], negate: false },
        orderBy: [{ field: 'firstName', direction: 'DESC' }],
        limit: 3,
        offset: 1,
        select: ['firstName'],
        include: [
          { relation: 'department', select: [], where: { kind: 'compare', field: 'deptNo', op: 'ne', value: 'D2' } },
          { relation: 'workspace', select: [], include: [{ relation: 'location', select: ['city'], where: SEATTLE }] },
        ],
      });
      // W1 and W3 hold E1 Ada, E2 Bob, E4 Di, E5 Ed; by first name descending, after the first: Di, Bob, Ada.
      expect(pluck(rows, 'firstName')).toEqual(['Di', 'Bob', 'Ada']);
      expect(rows.map((r) => r[INCLUDED]!['department']?.['deptNo'] ?? null)).toEqual(['D1', 'D1', 'D1']);
      expect(rows.map((r) => r[INCLUDED]!['workspace']![INCLUDED]!['location']?.['city'] ?? null)).toEqual([null, 'Seattle', 'Seattle']);
      const [e5] = await ds.getByKeys('Employee', [['E5']], {
        where: { kind: 'compare', field: 'firstName', op: 'eq', value: 'Ed' },
        include: [{ relation: 'department', where: { kind: 'compare', field: 'deptNo', op: 'ne', value: 'D2' } }],
      });
      expect(e5![INCLUDED]).toEqual({ department: null });
    });

    test('getByFields, paged per group: joins with where never change the groups', async () => {
      const ds = await stores.seeded('rainier');
      for (const paging of [{}, { limit: 2, offset: 1 }]) {
        const groups = await ds.getByFields('Employee', ['departmentDeptNo'], [['D1'], ['D2']], {
          ...paging,
          where: { kind: 'compare', field: 'gender', op: 'eq', value: 'FEMALE' },
          select: [],
          include: [{ relation: 'workspace', select: [], include: [{ relation: 'location', select: ['city'], where: SEATTLE }] }],
        });
        const cities = groups.map((g) => g.map((r) => r[INCLUDED]!['workspace']![INCLUDED]!['location']?.['city'] ?? null));
        // D1's women in key order: E1 (W1, Seattle), E4 (W3, Portland), E6 (W2, Seattle); D2 has none.
        // Paged (limit 2, offset 1): E4 and E6.
        expect(cities).toEqual('limit' in paging ? [[null, 'Seattle'], []] : [['Seattle', null, 'Seattle'], []]);
      }
    });
  });

  describe('update and delete with a guard', () => {
    const absent = (key: string): string => `A record with the key '${key}' does not exist for the entity 'Employee'.`;

    test('a row outside the guard is NOT_FOUND with the absent-row message, and nothing changes', async () => {
      const ds = await stores.seeded('rainier');
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.update('Employee', ['E3'], { lastName: 'X' }, { where: IN_D1 }),
        'NOT_FOUND',
        absent('E3'),
      );
      await expectFailsUnchanged(ds, 'rainier', () => ds.delete('Employee', ['E3'], { where: IN_D1 }), 'NOT_FOUND', absent('E3'));
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.update('Employee', ['E1'], { lastName: 'X' }, { where: NOBODY }),
        'NOT_FOUND',
        absent('E1'),
      );
      // The guard is checked before the patch's values, as an absent row is.
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.update('Employee', ['E3'], { firstName: null }, { where: IN_D1 }),
        'NOT_FOUND',
        absent('E3'),
      );
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.delete('OrderItem', ['O1', 'I2'], { where: { kind: 'compare', field: 'quantity', op: 'gt', value: 1 } }),
        'NOT_FOUND',
        `A record with the key '{"orderId":"O1","itemId":"I2"}' does not exist for the entity 'OrderItem'.`,
      );
    });

    test('a row inside the guard is updated and deleted as without one', async () => {
      const ds = await stores.seeded('rainier');
      const [before] = await ds.getByKeys('Employee', [['E2']]);
      const updated = await ds.update('Employee', ['E2'], { lastName: 'Smythe' }, { where: IN_D1 });
      expect(updated).toEqual({ ...before, lastName: 'Smythe' });
      expect((await ds.getByKeys('Employee', [['E2']]))[0]).toEqual(updated);
      // The guard is evaluated on the row as stored before the update, which may move it outside.
      const moved = await ds.update('Employee', ['E2'], { departmentDeptNo: 'D2' }, { where: IN_D1 });
      expect(moved.departmentDeptNo).toBe('D2');
      expect(
        await ds.delete('Employee', ['E2'], { where: { kind: 'in', field: 'departmentDeptNo', values: ['D2'], negate: false } }),
      ).toEqual(moved);
      expect(await ds.getByKeys('Employee', [['E2']])).toEqual([null]);
    });

    test('guards inside a transaction: a refusal is an error the work can catch; the rest is kept', async () => {
      const ds = await stores.seeded('rainier');
      const outcome = await ds.transaction(async (tx) => {
        await tx.update('Employee', ['E1'], { lastName: 'Byron' }, { where: IN_D1 });
        const refused = await tx.delete('Employee', ['E3'], { where: IN_D1 }).catch((e: unknown) => (e as Error).message);
        return refused;
      });
      expect(outcome).toBe(absent('E3'));
      expect(pluck(await ds.getByKeys('Employee', [['E1'], ['E3']]), 'lastName')).toEqual(['Byron', 'Jones']);
    });
  });
}
