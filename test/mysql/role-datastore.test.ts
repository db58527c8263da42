/**
 * The role datastore's suite (test/permissions/role-suite.ts), unchanged, over MySQL / MariaDB;
 * and its statements: a role's read is still one statement per call (its filters go into the
 * statement), a write adds only the one read that checks the rows written; and a role's
 * concurrent upserts of one new key (docs/graphql.md): one row, the losers ALREADY_EXISTS.
 */
import { afterEach, expect, it } from 'vitest';
import type { Datastore, Row } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { restrictToRole } from '../../src/permissions/role-datastore.js';
import { pluck, useStores } from '../datastore/conformance/context.js';
import { CLAIMS, describeRoleDatastore, employeeRules } from '../permissions/role-suite.js';
import { countingPool, type StatementLog } from '../support/counting-pool.js';
import { loadModel } from '../support/models.js';
import { sampleData } from '../support/sample-data.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('roles');
const rainier = loadModel('rainier');

describeMysql('mysql', () => {
  describeRoleDatastore(useStores((model) => databases.open(model)));

  let ds: Datastore | undefined;
  afterEach(async () => {
    await ds?.close();
    ds = undefined;
  });

  it('role reads are one statement per call; writes add one check read to the transaction; a refusal only a rollback', async () => {
    const log: StatementLog = { statements: [] };
    ds = await databases.open(rainier, (pool) => countingPool(pool, log));
    await seedDatastore(ds, rainier, sampleData('rainier'));
    const role = restrictToRole(ds, rainier, employeeRules(), CLAIMS);
    const verbs = (): string[] => log.statements.splice(0).map((s) => s.split(' ')[0]!);
    log.statements = [];
    const include = [{ relation: 'workspace', select: [], include: [{ relation: 'location', select: ['city'] }] }];
    await role.getByKeys('Employee', [['E1'], ['E3'], ['E4']], { select: [], include });
    await role.list('Employee', { include, limit: 2 });
    await role.getByFields('Employee', ['departmentDeptNo'], [['D1'], ['D2']], { include, limit: 1, offset: 1 });
    expect(verbs()).toEqual(['SELECT', 'SELECT', 'SELECT']);
    await role.insert('OrderItem', [
      { orderId: 'O3', itemId: 'I1', quantity: 1 },
      { orderId: 'O3', itemId: 'I2', quantity: 2 },
    ]);
    expect(verbs()).toEqual(['START', 'INSERT', 'SELECT', 'COMMIT']);
    await role.update('Employee', ['E1'], { lastName: 'Byron' });
    expect(verbs()).toEqual(['START', 'SELECT', 'UPDATE', 'SELECT', 'COMMIT']);
    await role.delete('OrderItem', ['O2', 'I1']);
    expect(verbs()).toEqual(['START', 'SELECT', 'DELETE', 'COMMIT']);
    // A refused batch is undone by the rollback alone, however large: no statement per row.
    const batch = Array.from({ length: 500 }, (_, i) => ({ orderId: 'O9', itemId: `I${i}`, quantity: i === 499 ? 50 : 1 }));
    await expect(role.insert('OrderItem', batch)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(verbs()).toEqual(['START', 'INSERT', 'SELECT', 'SELECT', 'ROLLBACK']);
    // Inside a caller's transaction, by a rollback to a savepoint: the caller's transaction goes on.
    await role.transaction(async (tx) => {
      await expect(tx.insert('OrderItem', batch)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await tx.insert('OrderItem', [{ orderId: 'O3', itemId: 'I3', quantity: 1 }]);
    });
    expect(verbs()).toEqual([
      'START',
      'SAVEPOINT',
      'INSERT',
      'SELECT',
      'SELECT',
      'ROLLBACK',
      'SAVEPOINT',
      'INSERT',
      'SELECT',
      'RELEASE',
      'COMMIT',
    ]);
    expect(pluck(await ds.getByFields('OrderItem', ['orderId'], [['O9'], ['O3']]).then((g) => g.flat()), 'itemId')).toEqual([
      'I1',
      'I2',
      'I3',
    ]);
  });

  it("a role's 20 concurrent upserts of the same new keys end with one row per key; a request that meets another is ALREADY_EXISTS, nothing else", async () => {
    ds = await databases.open(rainier);
    await seedDatastore(ds, rainier, sampleData('rainier'));
    const role = restrictToRole(ds, rainier, employeeRules(), CLAIMS);
    const rows = (n: number): Row[] => [
      { orderId: 'O1', itemId: 'N1', quantity: 1 + (n % 3) },
      { orderId: 'O1', itemId: 'N2', quantity: 1 + (n % 3) },
    ];
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, n) => role.upsert('OrderItem', rows(n), ['quantity'])));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as { code?: string; message?: string }] : []));
    for (const error of refused) {
      expect(error.code).toBe('ALREADY_EXISTS');
      expect(error.message).toMatch(
        /A record with the key '\{"orderId":"O1","itemId":"N[12]"\}' already exists for the entity 'OrderItem'\./,
      );
    }
    expect(refused.length).toBeLessThan(20);
    const stored = (await ds.list('OrderItem', { where: { kind: 'string', field: 'itemId', op: 'startsWith', value: 'N' } })).map(
      (r) => `${String(r['orderId'])}/${String(r['itemId'])}:${String(r['notes'])}`,
    );
    expect(stored).toEqual(['O1/N1:E1', 'O1/N2:E1']);
  });
});
