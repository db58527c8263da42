/**
 * Writes of many rows (SPEC §3.5): upsert (insert or update by key, other conflicts refused), and
 * updateWhere / deleteWhere by filter under maxAffected. Each is all or nothing, with the first
 * failing row's error (upserts in input order, writes by filter in key order).
 */
import { describe, expect, test } from 'vitest';
import type { Filter, Row } from '../../../src/datastore/datastore.js';
import { expectFailsUnchanged, pluck, snapshot, type Stores } from './context.js';

const eq = (field: string, value: string | number): Filter => ({ kind: 'compare', field, op: 'eq', value });
const inList = (field: string, values: string[]): Filter => ({ kind: 'in', field, values, negate: false });
const EVERY: Filter = { kind: 'and', filters: [] };

const employee = (empNo: string, over: Row = {}): Row => ({
  empNo,
  firstName: 'New',
  lastName: 'Person',
  birthDate: '2000-01-01',
  gender: 'MALE',
  hireDate: '2024-01-01',
  departmentDeptNo: 'D3',
  workspaceWorkspaceId: 'W1',
  ...over,
});

const tooMany = (verb: string, entity: string, max: number): string =>
  `The ${verb} by filter of '${entity}' matches more than ${max} records, the limit maxAffectedRows: nothing was changed. Narrow the filter, or raise limits.maxAffectedRows.`;

export function describeBulkWrites(stores: Stores): void {
  describe('upsert', () => {
    test('inserts new rows and updates the listed fields of existing ones; returns the stored rows in input order', async () => {
      const ds = await stores.seeded('rainier');
      const out = await ds.upsert(
        'Department',
        [
          { deptNo: 'D9', deptName: 'New' },
          { deptNo: 'D1', deptName: 'Renamed' },
        ],
        ['deptName'],
      );
      expect(out).toEqual([
        { deptNo: 'D9', deptName: 'New' },
        { deptNo: 'D1', deptName: 'Renamed' },
      ]);
      expect(await ds.list('Department')).toEqual([
        { deptNo: 'D1', deptName: 'Renamed' },
        { deptNo: 'D2', deptName: 'Sales' },
        { deptNo: 'D3', deptName: 'Empty' },
        { deptNo: 'D9', deptName: 'New' },
      ]);
    });

    test('updates only the update fields (none: the row stays), composite keys, and a key repeated in the batch', async () => {
      const ds = await stores.seeded('rainier');
      const out = await ds.upsert(
        'OrderItem',
        [
          { orderId: 'O1', itemId: 'I1', quantity: 20, notes: 'ignored' },
          { orderId: 'O7', itemId: 'I1', quantity: 1, notes: 'first' },
          { orderId: 'O7', itemId: 'I1', quantity: 2, notes: 'second' },
        ],
        ['quantity'],
      );
      expect(out).toEqual([
        { orderId: 'O1', itemId: 'I1', quantity: 20, notes: 'n1' },
        // Each row as stored after the whole upsert: a repeated key's row as its last one left it.
        { orderId: 'O7', itemId: 'I1', quantity: 2, notes: 'first' },
        { orderId: 'O7', itemId: 'I1', quantity: 2, notes: 'first' },
      ]);
      expect(await ds.upsert('OrderItem', [{ orderId: 'O2', itemId: 'I1', quantity: 9, notes: 'x' }], [])).toEqual([
        { orderId: 'O2', itemId: 'I1', quantity: 3, notes: 'n3' },
      ]);
      expect(pluck(await ds.list('OrderItem'), 'quantity')).toEqual([20, 1, 3, 2]);
    });

    test('the owner of a 1-1 relation: updates by key, and a new row taking a held parent is ALREADY_EXISTS, never an update', async () => {
      const ds = await stores.seeded('features');
      expect(await ds.upsert('Profile', [{ handle: 'ada', bio: 'Countess', customerId: 1 }], ['bio'])).toEqual([
        { handle: 'ada', bio: 'Countess', customerId: 1 },
      ]);
      await expectFailsUnchanged(
        ds,
        'features',
        () =>
          ds.upsert(
            'Profile',
            [
              { handle: 'cy', bio: 'x', customerId: 3 },
              { handle: 'ada2', bio: 'x', customerId: 1 },
            ],
            ['bio'],
          ),
        'ALREADY_EXISTS',
        "A record of the entity 'Profile' already refers to '1' through the one-to-one relation 'customer'.",
      );
    });

    test('a missing parent, in an inserted or an updated row, changes nothing', async () => {
      const ds = await stores.seeded('rainier');
      const missing = "A record with the key 'D9' does not exist for the entity 'Department' (referenced by 'Employee.department').";
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.upsert('Employee', [employee('E7'), employee('E8', { departmentDeptNo: 'D9' })], ['departmentDeptNo']),
        'FOREIGN_KEY_VIOLATION',
        missing,
      );
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.upsert('Employee', [employee('E7'), employee('E1', { departmentDeptNo: 'D9' })], ['departmentDeptNo']),
        'FOREIGN_KEY_VIOLATION',
        missing,
      );
    });

    test('refuses update fields that are keys or unknown, and bad values after the rows before them', async () => {
      const ds = await stores.seeded('rainier');
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.upsert('Department', [{ deptNo: 'D1', deptName: 'x' }], ['deptNo']),
        'BAD_USER_INPUT',
        "The upsert of 'Department' cannot update 'deptNo': it is a key field, which identifies the record to update. Leave it out of the fields to update.",
      );
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.upsert('Department', [{ deptNo: 'D1', deptName: 'x' }], ['budget']),
        'BAD_USER_INPUT',
        "The upsert of 'Department' cannot update 'budget': the entity has no such field.",
      );
      // The duplicate 1-1 of row 1 is reported before the bad value of row 2.
      const features = await stores.seeded('features');
      await expectFailsUnchanged(
        features,
        'features',
        () =>
          features.upsert(
            'Profile',
            [
              { handle: 'ada2', bio: 'x', customerId: 2 },
              { handle: 'cy', bio: null, customerId: 3 },
            ],
            ['bio'],
          ),
        'ALREADY_EXISTS',
        "A record of the entity 'Profile' already refers to '2' through the one-to-one relation 'customer'.",
      );
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.upsert('Department', [], ['deptName']),
        'BAD_USER_INPUT',
        "Nothing to insert: the list of 'Department' records is empty.",
      );
    });

    test('generated keys: every row is new, and gets its key', async () => {
      const ds = await stores.empty('generated');
      await ds.insert('Ticket', [{ title: 'a' }]);
      const out = await ds.upsert('Ticket', [{ title: 'b' }, { title: 'c' }], ['title']);
      expect(pluck(out, 'title')).toEqual(['b', 'c']);
      expect(pluck(await ds.list('Ticket'), 'title')).toEqual(['a', 'b', 'c']);
      expect(new Set(pluck(await ds.list('Ticket'), 'id')).size).toBe(3);
    });

    test('concurrent upserts of the same keys end with exactly one row per key', async () => {
      const ds = await stores.seeded('rainier');
      const rows = (n: number): Row[] => Array.from({ length: 5 }, (_, i) => ({ deptNo: `U${i}`, deptName: `by ${n}` }));
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, n) => ds.upsert('Department', rows(n), ['deptName'])));
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const stored = await ds.list('Department', { where: { kind: 'string', field: 'deptNo', op: 'startsWith', value: 'U' } });
      expect(pluck(stored, 'deptNo')).toEqual(['U0', 'U1', 'U2', 'U3', 'U4']);
      // One upsert wrote last, whole: all five rows carry its name.
      expect(new Set(pluck(stored, 'deptName')).size).toBe(1);
    });

    test('concurrent upserts of the same keys of a 1-1 owner (read, then write under locks) end with one row per key', async () => {
      const ds = await stores.seeded('features');
      const rows = (n: number): Row[] => [
        { handle: 'cy', bio: `by ${n}`, customerId: 3 },
        { handle: 'di', bio: `by ${n}`, customerId: 4 },
      ];
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, n) => ds.upsert('Profile', rows(n), ['bio'])));
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const stored = await ds.list('Profile');
      expect(pluck(stored, 'handle')).toEqual(['ada', 'bob', 'cy', 'di']);
      expect(new Set(pluck(stored.slice(2), 'bio')).size).toBe(1);
    });
  });

  describe('updateWhere', () => {
    test('sets the patch on every matching row; returns them as updated, in key order', async () => {
      const ds = await stores.seeded('rainier');
      const out = await ds.updateWhere('Employee', eq('departmentDeptNo', 'D2'), { lastName: 'Moved', departmentDeptNo: 'D3' }, 10);
      expect(pluck(out, 'empNo')).toEqual(['E3', 'E5']);
      expect(out[0]).toMatchObject({ empNo: 'E3', firstName: 'Cy', lastName: 'Moved', departmentDeptNo: 'D3' });
      expect(pluck((await ds.getByFields('Employee', ['departmentDeptNo'], [['D3']]))[0]!, 'empNo')).toEqual(['E3', 'E5']);
      expect(await ds.updateWhere('Employee', eq('departmentDeptNo', 'D2'), { lastName: 'x' }, 10)).toEqual([]);
    });

    test('more rows than maxAffected: BAD_USER_INPUT naming the limit, nothing changes; exactly the limit passes', async () => {
      const ds = await stores.seeded('rainier');
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.updateWhere('Employee', EVERY, { lastName: 'All' }, 5),
        'BAD_USER_INPUT',
        tooMany('update', 'Employee', 5),
      );
      expect(await ds.updateWhere('Employee', EVERY, { lastName: 'All' }, 6)).toHaveLength(6);
    });

    test('the first failing row (key order) is the error, and nothing changes: a missing parent, a unique index, a bad value', async () => {
      const ds = await stores.seeded('rainier');
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.updateWhere('Employee', eq('departmentDeptNo', 'D1'), { departmentDeptNo: 'D9' }, 10),
        'FOREIGN_KEY_VIOLATION',
        "A record with the key 'D9' does not exist for the entity 'Department' (referenced by 'Employee.department').",
      );
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.updateWhere('Employee', eq('departmentDeptNo', 'D1'), { lastName: null }, 10),
        'BAD_USER_INPUT',
        "Invalid value for 'Employee.lastName': null is not allowed: the field is not nullable",
      );
      const unique = await stores.empty('unique');
      await unique.insert('Club', [{ code: 'C1' }]);
      await unique.insert('Locker', [{ id: 1 }, { id: 2 }, { id: 3 }]);
      await unique.insert(
        'Member',
        [1, 2, 3].map((id) => ({ id, lockerId: id, clubCode: 'C1' })),
      );
      await expectFailsUnchanged(
        unique,
        'unique',
        () => unique.updateWhere('Member', EVERY, { email: 'same@x.org' }, 10),
        'ALREADY_EXISTS',
        `A record with the values {"email":"same@x.org"} for the unique index 'unique_idx_email' already exists for the entity 'Member'.`,
      );
    });

    test('inside a transaction: sees its writes, and rolls back with it', async () => {
      const ds = await stores.seeded('rainier');
      const before = await snapshot(ds, 'rainier');
      await expect(
        ds.transaction(async (tx) => {
          await tx.insert('Employee', [employee('E7', { departmentDeptNo: 'D2' })]);
          expect(pluck(await tx.updateWhere('Employee', eq('departmentDeptNo', 'D2'), { firstName: 'Tx' }, 10), 'empNo')).toEqual([
            'E3',
            'E5',
            'E7',
          ]);
          expect(pluck(await tx.deleteWhere('Employee', eq('firstName', 'Tx'), 10), 'empNo')).toEqual(['E3', 'E5', 'E7']);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await snapshot(ds, 'rainier')).toEqual(before);
    });
  });

  describe('deleteWhere', () => {
    test('deletes every matching row; returns them as they were, in key order', async () => {
      const ds = await stores.seeded('rainier');
      const out = await ds.deleteWhere('OrderItem', eq('orderId', 'O1'), 10);
      expect(out).toEqual([
        { orderId: 'O1', itemId: 'I1', quantity: 2, notes: 'n1' },
        { orderId: 'O1', itemId: 'I2', quantity: 1, notes: 'n2' },
      ]);
      expect(await ds.list('OrderItem')).toEqual([{ orderId: 'O2', itemId: 'I1', quantity: 3, notes: 'n3' }]);
      expect(await ds.deleteWhere('OrderItem', eq('orderId', 'O1'), 10)).toEqual([]);
    });

    test('a row still referred to refuses the whole delete with its message; over maxAffected nothing is deleted', async () => {
      const ds = await stores.seeded('rainier');
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.deleteWhere('Department', inList('deptNo', ['D3', 'D2', 'D1']), 10),
        'FOREIGN_KEY_VIOLATION',
        "The record with the key 'D1' of the entity 'Department' cannot be deleted: records of the entity 'Employee' still refer to it through 'department'.",
      );
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.deleteWhere('OrderItem', EVERY, 2),
        'BAD_USER_INPUT',
        tooMany('delete', 'OrderItem', 2),
      );
      // Children first, then their parents: allowed within the limit, `where: {}` included.
      await ds.deleteWhere('Employee', EVERY, 6);
      expect(pluck(await ds.deleteWhere('Department', EVERY, 3), 'deptNo')).toEqual(['D1', 'D2', 'D3']);
      expect(await ds.list('Department')).toEqual([]);
    });
  });
}
