/** transaction: commit, rollback (thrown or failed writes), savepoints (nesting), isolation, and concurrent transactions. */
import { describe, expect, test } from 'vitest';
import type { Datastore } from '../../../src/datastore/datastore.js';
import { expectPersistError, pluck, snapshot, type Stores } from './context.js';

const newEmployee = {
  empNo: 'E7',
  firstName: 'T',
  lastName: 'X',
  birthDate: '2000-01-01',
  gender: 'MALE',
  hireDate: '2024-01-01',
  departmentDeptNo: 'D4',
  workspaceWorkspaceId: 'W1',
};

export function describeTransactions(stores: Stores): void {
  describe('transaction', () => {
    test("commits every write and returns the work's value; reads inside see earlier writes", async () => {
      const ds = await stores.seeded('rainier');
      const result = await ds.transaction(async (tx) => {
        await tx.insert('Department', [{ deptNo: 'D4', deptName: 'New' }]);
        await tx.insert('Employee', [newEmployee]);
        await tx.update('Employee', ['E1'], { departmentDeptNo: 'D4' });
        await tx.delete('OrderItem', ['O2', 'I1']);
        const groups = await tx.getByFields('Employee', ['departmentDeptNo'], [['D4']]);
        return pluck(groups[0]!, 'empNo');
      });
      expect(result).toEqual(['E1', 'E7']);
      expect(pluck((await ds.getByFields('Employee', ['departmentDeptNo'], [['D4']]))[0]!, 'empNo')).toEqual(['E1', 'E7']);
      expect(await ds.getByKeys('OrderItem', [['O2', 'I1']])).toEqual([null]);
    });

    test('rolls back everything when the work throws, and rethrows the same error', async () => {
      const ds = await stores.seeded('rainier');
      const before = await snapshot(ds, 'rainier');
      const failure = new Error('changed my mind');
      const outcome = ds.transaction(async (tx) => {
        await tx.insert('Department', [{ deptNo: 'D4', deptName: 'New' }]);
        await tx.insert('Employee', [newEmployee]);
        await tx.update('Department', ['D1'], { deptName: 'Renamed' });
        await tx.delete('Employee', ['E5']);
        await tx.delete('OrderItem', ['O1', 'I1']);
        throw failure;
      });
      await expect(outcome).rejects.toBe(failure);
      expect(await snapshot(ds, 'rainier')).toEqual(before);
    });

    test('rolls back when a write inside fails and the error escapes', async () => {
      const ds = await stores.seeded('rainier');
      const before = await snapshot(ds, 'rainier');
      await expectPersistError(
        ds.transaction(async (tx) => {
          await tx.delete('Employee', ['E3']);
          await tx.update('Employee', ['E5'], { lastName: 'Changed' });
          await tx.delete('Department', ['D2']);
        }),
        'FOREIGN_KEY_VIOLATION',
        "The record with the key 'D2' of the entity 'Department' cannot be deleted: records of the entity 'Employee' still refer to it through 'department'.",
      );
      expect(await snapshot(ds, 'rainier')).toEqual(before);
    });

    test('a failed write that the work catches leaves nothing behind; the rest commits', async () => {
      const ds = await stores.seeded('rainier');
      await ds.transaction(async (tx) => {
        await tx.insert('Department', [{ deptNo: 'D4', deptName: 'New' }]);
        await expectPersistError(
          tx.insert('Department', [
            { deptNo: 'D5', deptName: 'x' },
            { deptNo: 'D1', deptName: 'dup' },
          ]),
          'ALREADY_EXISTS',
          "A record with the key 'D1' already exists for the entity 'Department'.",
        );
      });
      expect(pluck(await ds.list('Department'), 'deptNo')).toEqual(['D1', 'D2', 'D3', 'D4']);
    });

    test('a nested transaction joins the outer one and rolls back with it', async () => {
      const ds = await stores.seeded('rainier');
      const before = await snapshot(ds, 'rainier');
      await expect(
        ds.transaction(async (tx) => {
          const inner = await tx.transaction(async (tx2) => {
            await tx2.insert('Department', [{ deptNo: 'D4', deptName: 'Inner' }]);
            return 'inner done';
          });
          expect(inner).toBe('inner done');
          expect(await tx.getByKeys('Department', [['D4']])).toHaveLength(1);
          throw new Error('outer fails');
        }),
      ).rejects.toThrow('outer fails');
      expect(await snapshot(ds, 'rainier')).toEqual(before);
    });

    test('a nested transaction that throws is undone alone (a savepoint); the outer one goes on and commits', async () => {
      const ds = await stores.seeded('rainier');
      const failure = new Error('inner fails');
      await ds.transaction(async (tx) => {
        await tx.insert('Department', [{ deptNo: 'D4', deptName: 'Outer' }]);
        await expect(
          tx.transaction(async (tx2) => {
            await tx2.update('Department', ['D4'], { deptName: 'Inner' });
            await tx2.insert('Department', [{ deptNo: 'D5', deptName: 'Inner' }]);
            await tx2.delete('OrderItem', ['O2', 'I1']);
            throw failure;
          }),
        ).rejects.toBe(failure);
        // A nested failed write undoes only itself too, and the transaction stays usable.
        await expectPersistError(
          tx.transaction((tx2) => tx2.delete('Department', ['D2'])),
          'FOREIGN_KEY_VIOLATION',
          "The record with the key 'D2' of the entity 'Department' cannot be deleted: records of the entity 'Employee' still refer to it through 'department'.",
        );
        expect(await tx.transaction((tx2) => tx2.insert('Department', [{ deptNo: 'D6', deptName: 'Kept' }]))).toHaveLength(1);
      });
      expect(pluck(await ds.list('Department'), 'deptNo')).toEqual(['D1', 'D2', 'D3', 'D4', 'D6']);
      expect((await ds.getByKeys('Department', [['D4']]))[0]?.deptName).toBe('Outer');
      expect(await ds.getByKeys('OrderItem', [['O2', 'I1']])).not.toEqual([null]);
    });

    test('readers outside a transaction never see its uncommitted writes', async () => {
      const ds = await stores.seeded('rainier');
      const before = await snapshot(ds, 'rainier');
      let inside!: () => void;
      const written = new Promise<void>((resolve) => (inside = resolve));
      let finish!: () => void;
      const gate = new Promise<void>((resolve) => (finish = resolve));
      const tx = ds.transaction(async (t) => {
        await t.insert('Department', [{ deptNo: 'D4', deptName: 'New' }]);
        await t.update('Department', ['D1'], { deptName: 'Renamed' });
        await t.delete('OrderItem', ['O2', 'I1']);
        inside();
        await gate;
      });
      await written;
      expect(await snapshot(ds, 'rainier')).toEqual(before);
      finish();
      await tx;
      expect(pluck(await ds.list('Department'), 'deptNo')).toEqual(['D1', 'D2', 'D3', 'D4']);
      expect((await ds.getByKeys('Department', [['D1']]))[0]?.deptName).toBe('Renamed');
    });

    test('concurrent transactions both commit', async () => {
      const ds = await stores.seeded('rainier');
      const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
      await Promise.all([
        ds.transaction(async (tx) => {
          await tx.insert('Department', [{ deptNo: 'D4', deptName: 'A' }]);
          await later(5);
          await tx.update('Department', ['D4'], { deptName: 'A2' });
        }),
        ds.transaction(async (tx) => {
          await tx.insert('Department', [{ deptNo: 'D5', deptName: 'B' }]);
          await later(1);
          await tx.update('Department', ['D5'], { deptName: 'B2' });
        }),
      ]);
      expect(
        pluck(await ds.list('Department', { where: { kind: 'in', field: 'deptNo', values: ['D4', 'D5'], negate: false } }), 'deptName'),
      ).toEqual(['A2', 'B2']);
    });

    test('a handle used after its transaction ended is refused, and changes nothing', async () => {
      const ds = await stores.seeded('rainier');
      const before = await snapshot(ds, 'rainier');
      let escaped: Datastore | undefined;
      await ds.transaction(async (tx) => {
        escaped = tx;
      });
      const ended = 'This transaction has ended; use the datastore instead.';
      await expectPersistError(escaped!.list('Department'), 'INTERNAL', ended);
      await expectPersistError(escaped!.insert('Department', [{ deptNo: 'D9', deptName: 'late' }]), 'INTERNAL', ended);
      await expectPersistError(escaped!.update('Department', ['D1'], { deptName: 'late' }), 'INTERNAL', ended);
      await expectPersistError(escaped!.delete('OrderItem', ['O2', 'I1']), 'INTERNAL', ended);
      await expectPersistError(
        escaped!.transaction(async () => 1),
        'INTERNAL',
        ended,
      );
      expect(await snapshot(ds, 'rainier')).toEqual(before);
    });
  });
}
