/** The loaders hold every backend to DataLoader's batch contract: one result per key, in key order. */
import { describe, expect, test } from 'vitest';
import type { Datastore } from '../../src/datastore/datastore.js';
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { createLoaders, loadLevel } from '../../src/datastore/loaders.js';
import { delegating } from '../support/delegating-datastore.js';
import { loadModel } from '../support/models.js';

/** A datastore whose batched reads drop their last result: a backend breaking the contract. */
function dropsLast(inner: Datastore): Datastore {
  return delegating(inner, {
    getByKeys: async (entity, keys, query) => (await inner.getByKeys(entity, keys, query)).slice(0, -1),
    getByFields: async (entity, fields, values, query) => (await inner.getByFields(entity, fields, values, query)).slice(0, -1),
  });
}

async function seeded(): Promise<InMemoryDatastore> {
  const ds = new InMemoryDatastore(loadModel('rainier'));
  await ds.insert('Department', [
    { deptNo: 'D1', deptName: 'Engineering' },
    { deptNo: 'D2', deptName: 'Sales' },
  ]);
  return ds;
}

describe('loaders', () => {
  test('loadLevel reads each distinct key once, with its options', async () => {
    const ds = await seeded();
    const got = await loadLevel(ds, { kind: 'byKey', entity: 'Department', select: ['deptName'] }, [
      ['D2', 'D404'],
      ['D2', null],
    ]);
    expect([...got.entries()]).toEqual([
      ['D2', { deptNo: 'D2', deptName: 'Sales' }],
      ['D404', null],
    ]);
  });

  test('loadLevel fails with an INTERNAL error when a backend returns fewer results than keys', async () => {
    const ds = dropsLast(await seeded());
    await expect(loadLevel(ds, { kind: 'byKey', entity: 'Department' }, [['D1', 'D2']])).rejects.toMatchObject({
      code: 'INTERNAL',
      message: "The datastore broke the batch contract: getByKeys on 'Department' returned 1 result(s) for 2 key(s).",
    });
    await expect(
      loadLevel(ds, { kind: 'byFields', entity: 'Employee', fields: ['departmentDeptNo'] }, [['D1', 'D2']]),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
      message: "The datastore broke the batch contract: getByFields on 'Employee' returned 1 result(s) for 2 key(s).",
    });
  });

  test('the per-request DataLoaders fail the same way', async () => {
    const loaders = createLoaders(dropsLast(await seeded()));
    const loader = loaders.byKey('Department');
    await expect(Promise.all([loader.load('D1'), loader.load('D2')])).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
