/**
 * A write's work in memory is in proportion to what it writes, not to the tables: a transaction
 * on a table of 10,000 rows makes no more collection operations than on one of 10 (it writes to
 * overlays of the tables, not copies, and commits by replaying its own changes). Counted, not timed.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Datastore, Row } from '../../src/datastore/datastore.js';
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';

function employees(n: number, prefix: string): Row[] {
  // All in D1 and W1: the relation groups an insert joins grow with the table too.
  return Array.from({ length: n }, (_, i) => ({
    empNo: `${prefix}${String(i).padStart(6, '0')}`,
    firstName: 'F',
    lastName: 'L',
    birthDate: '1990-01-01',
    gender: 'MALE',
    hireDate: '2020-01-01',
    departmentDeptNo: 'D1',
    workspaceWorkspaceId: 'W1',
  }));
}

async function storeWith(n: number): Promise<InMemoryDatastore> {
  const ds = new InMemoryDatastore(loadModel('rainier'));
  const data = rainierData();
  for (const entity of ['Department', 'Building', 'Workspace', 'Employee']) await ds.insert(entity, data[entity]!);
  await ds.insert('Employee', employees(n, 'X'));
  return ds;
}

/** Map.set, Map.get, Set.add and Set.has calls (any collection, anywhere) made while `work` runs. */
async function collectionOps(work: () => Promise<unknown>): Promise<number> {
  const spies = [
    vi.spyOn(Map.prototype, 'set'),
    vi.spyOn(Map.prototype, 'get'),
    vi.spyOn(Set.prototype, 'add'),
    vi.spyOn(Set.prototype, 'has'),
  ];
  try {
    await work();
    return spies.reduce((sum, s) => sum + s.mock.calls.length, 0);
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

/** Inserts, updates and deletes a few employees in one transaction (committed or rolled back). */
function writes(ds: Datastore, tag: string, fail: boolean): Promise<unknown> {
  return ds
    .transaction(async (tx) => {
      await tx.insert('Employee', employees(3, tag));
      await tx.update('Employee', [`${tag}000000`], { lastName: 'Updated', departmentDeptNo: 'D2' });
      await tx.delete('Employee', [`${tag}000001`]);
      await tx.update('Employee', ['X000005'], { firstName: 'G' });
      if (fail) throw new Error('rollback');
    })
    .catch((e: unknown) => {
      if (!fail) throw e;
    });
}

describe('in-memory write cost', () => {
  afterEach(() => vi.restoreAllMocks());

  test.each([
    ['committed', false],
    ['rolled back', true],
  ])('a %s transaction does the same work on a table of 10 rows and of 10,000', async (_, fail) => {
    const small = await storeWith(10);
    const large = await storeWith(10_000);
    // Warm both (compiled checks, caches), then count the same transaction on each.
    await writes(small, 'W', fail);
    await writes(large, 'W', fail);
    const onSmall = await collectionOps(() => writes(small, 'Y', fail));
    const onLarge = await collectionOps(() => writes(large, 'Y', fail));
    expect(onSmall).toBeGreaterThan(0);
    expect(onLarge).toBe(onSmall);
    // And the transaction did what it says.
    const [inserted, moved, updated] = await large.getByKeys('Employee', [['Y000002'], ['Y000000'], ['X000005']]);
    if (fail) expect([inserted, moved, updated?.firstName]).toEqual([null, null, 'F']);
    else expect([inserted?.empNo, moved?.departmentDeptNo, updated?.firstName]).toEqual(['Y000002', 'D2', 'G']);
  });
});
