import { describe, expect, test } from 'vitest';
import { CountingDatastore } from './counting-datastore.js';
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { loadModel } from './models.js';

describe('CountingDatastore', () => {
  test('counts every call per method and entity, transaction handles included, and delegates answers', async () => {
    const ds = new CountingDatastore(new InMemoryDatastore(loadModel('rainier')));
    await ds.insert('Department', [{ deptNo: 'D1', deptName: 'A' }]);
    expect(await ds.getByKeys('Department', [['D1'], ['D2']])).toEqual([{ deptNo: 'D1', deptName: 'A' }, null]);
    await ds.getByFields('Employee', ['departmentDeptNo'], [['D1']]);
    await ds.list('Department');
    await ds.transaction(async (tx) => {
      await tx.update('Department', ['D1'], { deptName: 'B' });
      await tx.list('Department');
    });
    await ds.ping();
    expect(ds.counts()).toEqual({ insert: 1, getByKeys: 1, getByFields: 1, list: 2, transaction: 1, update: 1, ping: 1 });
    expect(ds.count()).toBe(8);
    expect(ds.count('list')).toBe(2);
    expect(ds.calls.slice(0, 3)).toEqual([
      { method: 'insert', entity: 'Department' },
      { method: 'getByKeys', entity: 'Department' },
      { method: 'getByFields', entity: 'Employee' },
    ]);
    ds.reset();
    expect(ds.count()).toBe(0);
    await expect(ds.delete('Department', ['D9'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(ds.counts()).toEqual({ delete: 1 });
    await ds.close();
  });

  test('records each read with its batch size, select and include; writes are no reads', async () => {
    const ds = new CountingDatastore(new InMemoryDatastore(loadModel('rainier')));
    await ds.insert('Department', [{ deptNo: 'D1', deptName: 'A' }]);
    const include = [{ relation: 'department', select: ['deptName'] }];
    await ds.getByKeys('Employee', [['E1'], ['E2'], ['E3']], { select: ['firstName'], include });
    await ds.getByFields('Employee', ['departmentDeptNo'], [['D1'], ['D2']], { select: ['lastName'] });
    await ds.transaction((tx) => tx.list('Department', { include: [] }));
    expect(ds.reads).toEqual([
      { method: 'getByKeys', entity: 'Employee', size: 3, select: ['firstName'], include },
      { method: 'getByFields', entity: 'Employee', size: 2, select: ['lastName'], include: undefined },
      { method: 'list', entity: 'Department', size: 1, select: undefined, include: [] },
    ]);
    ds.reset();
    expect(ds.reads).toEqual([]);
    await ds.close();
  });
});
