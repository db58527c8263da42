/** Behaviour specific to the in-memory backend: the transaction write lock, ended handles, cached orders. */
import { describe, expect, test } from 'vitest';
import type { Datastore } from '../../src/datastore/datastore.js';
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';

describe('InMemoryDatastore', () => {
  test('a write outside a running transaction waits for it, and survives its rollback', async () => {
    const ds = new InMemoryDatastore(loadModel('rainier'));
    const order: string[] = [];
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const tx = ds.transaction(async (t) => {
      await t.insert('Department', [{ deptNo: 'T1', deptName: 'tx' }]);
      inside();
      await gate;
      order.push('tx fails');
      throw new Error('rollback');
    });
    await started;
    const outside = ds.insert('Department', [{ deptNo: 'O1', deptName: 'outside' }]).then(() => order.push('outside write'));
    // Reads do not wait, and do not see the transaction's uncommitted row.
    expect(await ds.getByKeys('Department', [['T1']])).toEqual([null]);
    finish();
    await expect(tx).rejects.toThrow('rollback');
    await outside;
    expect(order).toEqual(['tx fails', 'outside write']);
    expect(await ds.list('Department')).toEqual([{ deptNo: 'O1', deptName: 'outside' }]);
  });

  test('generated keys are not given back by a failed insert', async () => {
    const ds = new InMemoryDatastore(loadModel('generated'));
    await ds.insert('Ticket', [{ title: 'a' }]);
    await expect(ds.insert('Ticket', [{ title: 'b' }, { title: null }])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const [row] = await ds.insert('Ticket', [{ title: 'c' }]);
    expect(row!.id).toBeGreaterThan(2);
  });
  test('children read by parent stay in key order through inserts, moves and deletes (the cached group order)', async () => {
    const ds = new InMemoryDatastore(loadModel('rainier'));
    const data = rainierData();
    for (const entity of ['Department', 'Building', 'Workspace', 'Employee']) await ds.insert(entity, data[entity]!);
    const byDept = async () =>
      (await ds.getByFields('Employee', ['departmentDeptNo'], [['D1'], ['D2']], { select: ['empNo'] })).map((g) => g.map((e) => e.empNo));
    expect(await byDept()).toEqual([
      ['E1', 'E2', 'E4', 'E6'],
      ['E3', 'E5'],
    ]);
    const [e0] = await ds.insert('Employee', [{ ...data['Employee']![0]!, empNo: 'E0', departmentDeptNo: 'D2' }]);
    expect(e0?.empNo).toBe('E0');
    expect(await byDept()).toEqual([
      ['E1', 'E2', 'E4', 'E6'],
      ['E0', 'E3', 'E5'],
    ]);
    await ds.update('Employee', ['E2'], { departmentDeptNo: 'D2' });
    await ds.delete('Employee', ['E6']);
    expect(await byDept()).toEqual([
      ['E1', 'E4'],
      ['E0', 'E2', 'E3', 'E5'],
    ]);
    // A requested order is applied, and the cached order is not changed by it.
    const desc = await ds.getByFields('Employee', ['departmentDeptNo'], [['D2']], {
      select: ['empNo'],
      orderBy: [{ field: 'empNo', direction: 'DESC' }],
    });
    expect(desc[0]!.map((e) => e.empNo)).toEqual(['E5', 'E3', 'E2', 'E0']);
    expect(await byDept()).toEqual([
      ['E1', 'E4'],
      ['E0', 'E2', 'E3', 'E5'],
    ]);
  });

  test('connections in a cached order see updates, and a transaction sees its own writes in it', async () => {
    const ds = new InMemoryDatastore(loadModel('rainier'));
    const data = rainierData();
    for (const entity of ['Department', 'Building', 'Workspace', 'Employee']) await ds.insert(entity, data[entity]!);
    const byLastName = async (store: Datastore) => {
      const [page] = await store.connection('Employee', { orderBy: [{ field: 'lastName', direction: 'ASC' }], select: ['empNo'] });
      return page!.rows.map((r) => r.empNo);
    };
    expect(await byLastName(ds)).toEqual(['E3', 'E5', 'E1', 'E2', 'E4', 'E6']);
    await ds.update('Employee', ['E3'], { lastName: 'Zed' });
    expect(await byLastName(ds)).toEqual(['E5', 'E1', 'E2', 'E4', 'E6', 'E3']);
    await ds
      .transaction(async (tx) => {
        expect(await byLastName(tx)).toEqual(['E5', 'E1', 'E2', 'E4', 'E6', 'E3']);
        await tx.update('Employee', ['E6'], { lastName: 'Adams' });
        expect(await byLastName(tx)).toEqual(['E6', 'E5', 'E1', 'E2', 'E4', 'E3']);
        expect(await byLastName(ds)).toEqual(['E5', 'E1', 'E2', 'E4', 'E6', 'E3']);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await byLastName(ds)).toEqual(['E5', 'E1', 'E2', 'E4', 'E6', 'E3']);
  });
});
