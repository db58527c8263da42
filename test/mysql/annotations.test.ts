/**
 * The SQL annotations over a real server, checked against the in-memory reference where both
 * enforce the same thing: renamed tables and columns, VARCHAR/CHAR/DECIMAL columns, generated keys
 * returned by inserts, one-to-one relations over declared foreign keys, `@sql:UniqueIndex`.
 */
import { afterEach, expect, it } from 'vitest';
import type { Datastore } from '../../src/datastore/datastore.js';
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { loadModel } from '../support/models.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('annotations');
const model = loadModel('annotations');

async function outcome(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => ({ ok: v }),
    (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message }),
  );
}

describeMysql('mysql annotations', () => {
  let mysql: Datastore | undefined;
  afterEach(async () => {
    await mysql?.close();
    mysql = undefined;
  });

  it('answers and fails as the in-memory store does', async () => {
    mysql = await databases.open(model);
    const memory = new InMemoryDatastore(model);
    const both = async (run: (ds: Datastore) => Promise<unknown>): Promise<unknown> => {
      const [a, b] = [await outcome(run(mysql!)), await outcome(run(memory))];
      expect(a).toEqual(b);
      return a;
    };
    await both((ds) =>
      ds.insert('Shop', [
        { code: 'S1', country: 'LK', turnover: '12.3400', tier: 'gold' },
        { code: 'S2', country: 'DE', turnover: '-0.5', tier: 'SILVER' },
      ]),
    );
    expect(
      await both((ds) =>
        ds.insert('Ticket', [
          { title: 'a', shopCode: 'S1' },
          { title: 'b', shopCode: 'S2' },
          { title: 'c', shopCode: 'S1' },
        ]),
      ),
    ).toEqual({
      ok: [
        { id: 1, title: 'a', shopCode: 'S1' },
        { id: 2, title: 'b', shopCode: 'S2' },
        { id: 3, title: 'c', shopCode: 'S1' },
      ],
    });
    await both((ds) => ds.insert('Ticket', [{ title: 'd', shopCode: 'S9' }]));
    expect(await both((ds) => ds.insert('Ticket', [{ title: 'e', shopCode: 'S2' }]))).toEqual({
      ok: [{ id: 5, title: 'e', shopCode: 'S2' }],
    });
    await both((ds) => ds.insert('Manager', [{ id: 1, managedShop: 'S1' }]));
    await both((ds) => ds.insert('Manager', [{ id: 2, managedShop: 'S1' }]));
    await both((ds) => ds.update('Manager', [1], { managedShop: 'S2' }));
    await both((ds) => ds.insert('Badge', [{ id: 1, serial: 7, ownerCode: 'S1' }]));
    await both((ds) => ds.insert('Badge', [{ id: 2, serial: 8, ownerCode: 'S1' }]));
    await both((ds) => ds.insert('Badge', [{ id: 3, serial: 7, ownerCode: 'S2' }]));
    // A unique index over a 1-1 foreign key: the index is reported, as it is checked first.
    await both((ds) =>
      ds.insert('Address', [
        { id: 1, shopRef: 'S1' },
        { id: 2, shopRef: 'S1' },
      ]),
    );
    await both((ds) => ds.delete('Shop', ['S1']));
    await both((ds) =>
      ds.getByFields('Ticket', ['shopCode'], [['S1'], ['S2']], { orderBy: [{ field: 'title', direction: 'DESC' }], limit: 1 }),
    );
    await both((ds) => ds.list('Shop', { where: { kind: 'compare', field: 'turnover', op: 'lt', value: '12.34' } }));
    await both((ds) => ds.list('Shop', { orderBy: [{ field: 'tier', direction: 'DESC' }] }));
    for (const entity of model.entities) await both((ds) => ds.list(entity.name));
  });

  it('reports a duplicate in a @sql:UniqueIndex as ALREADY_EXISTS naming the index and its values', async () => {
    mysql = await databases.open(model);
    await mysql.insert('Shop', [
      { code: 'S1', country: 'LK', turnover: '1', tier: 'gold' },
      { code: 'S2', country: 'LK', turnover: '1', tier: 'gold' },
    ]);
    await mysql.insert('Badge', [{ id: 1, serial: 7, ownerCode: 'S1' }]);
    await expect(mysql.insert('Badge', [{ id: 2, serial: 7, ownerCode: 'S2' }])).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      message: `A record with the values {"serial":7} for the unique index 'unique_idx_serial' already exists for the entity 'Badge'.`,
    });
    await mysql.insert('Badge', [{ id: 2, serial: 8, ownerCode: 'S2' }]);
    await expect(mysql.update('Badge', [2], { serial: 7 })).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      message: `A record with the values {"serial":7} for the unique index 'unique_idx_serial' already exists for the entity 'Badge'.`,
    });
    expect((await mysql.list('Badge')).map((b) => b.serial)).toEqual([7, 8]);
  });
});
