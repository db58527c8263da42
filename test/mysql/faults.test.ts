/**
 * Faults: the server kills every connection of the datastore mid-run (from a second, admin
 * connection). The next requests get errors, never a crash or a hang; later requests succeed; a
 * transaction cut off in the middle leaves nothing behind; GraphQL clients see DATASTORE_UNAVAILABLE
 * (retryable), never SQL. Pauses, kills and locks of a whole server are in outage.test.ts.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DatastoreUnavailableError } from '../../src/errors.js';
import type { MysqlDatastore, MysqlPool } from '../../src/datastore/mysql/index.js';
import { createHarness, type Harness } from '../graphql/conformance/harness.js';
import { rainierRows } from '../graphql/conformance/batching.js';
import { loadModel } from '../support/models.js';
import { adminPool, describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('faults');
const rainier = loadModel('rainier');

/** Kills every connection to `database` except the admin's own; returns how many. */
async function killConnections(admin: MysqlPool, database: string): Promise<number> {
  const [rows] = await admin.query({
    sql: 'SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
    values: [database],
    rowsAsArray: true,
  });
  const ids = (rows as unknown[][]).map((r) => Number(r[0]));
  for (const id of ids) await admin.query({ sql: 'KILL ?', values: [id] }).catch(() => undefined);
  return ids.length;
}

/** Runs `attempt` until it succeeds (at most `tries` times); every failure must be DatastoreUnavailableError. */
async function eventually<T>(attempt: () => Promise<T>, tries = 20): Promise<{ value: T; failures: number }> {
  let failures = 0;
  for (;;) {
    try {
      return { value: await attempt(), failures };
    } catch (e) {
      expect(e).toBeInstanceOf(DatastoreUnavailableError);
      if (++failures >= tries) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describeMysql('mysql faults', () => {
  let admin: MysqlPool;
  let ds: MysqlDatastore | undefined;
  let h: Harness | undefined;
  beforeAll(() => {
    admin = adminPool();
  });
  afterAll(async () => {
    await admin.end();
  });
  afterEach(async () => {
    if (h) await h.close();
    else await ds?.close();
    h = undefined;
    ds = undefined;
  });

  it('answers with errors right after its connections are killed, then recovers', async () => {
    ds = await databases.open(rainier);
    const db = databases.databaseOf(rainier)!;
    await ds.insert('Department', [{ deptNo: 'D1', deptName: 'One' }]);
    // Warm several pooled connections, then kill them all while requests are in flight.
    await Promise.all(Array.from({ length: 5 }, () => ds!.list('Department')));
    const inFlight = Array.from({ length: 10 }, () =>
      ds!.list('Department').then(
        () => 'ok',
        (e: unknown) => e,
      ),
    );
    expect(await killConnections(admin, db)).toBeGreaterThan(0);
    const afterKill = await Promise.all([
      ...inFlight,
      ...Array.from({ length: 10 }, () =>
        ds!.list('Department').then(
          () => 'ok',
          (e: unknown) => e,
        ),
      ),
    ]);
    for (const outcome of afterKill) if (outcome !== 'ok') expect(outcome).toBeInstanceOf(DatastoreUnavailableError);
    const { value } = await eventually(() => ds!.list('Department'));
    expect(value).toEqual([{ deptNo: 'D1', deptName: 'One' }]);
    // Once recovered, every request succeeds.
    for (let i = 0; i < 5; i++) expect(await ds.getByKeys('Department', [['D1']])).toHaveLength(1);
  });

  it('fails the requests whose statements are running when their connections are killed', async () => {
    ds = await databases.open(rainier);
    const db = databases.databaseOf(rainier)!;
    await ds.insert('Department', [{ deptNo: 'D1', deptName: 'One' }]);
    // Hold a write lock so that the datastore's SELECTs are running (waiting) when killed.
    const locker = await admin.getConnection();
    await locker.query({ sql: `LOCK TABLES \`${db}\`.\`Department\` WRITE` });
    const running = Array.from({ length: 3 }, () =>
      ds!.list('Department').then(
        () => 'ok',
        (e: unknown) => e,
      ),
    );
    try {
      let waiting = 0;
      for (let i = 0; i < 100 && waiting < 3; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const [rows] = await admin.query({
          sql: "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'SELECT %'",
          values: [db],
          rowsAsArray: true,
        });
        waiting = Number((rows as unknown[][])[0]![0]);
      }
      expect(waiting).toBe(3);
      await killConnections(admin, db);
    } finally {
      await locker.query({ sql: 'UNLOCK TABLES' });
      locker.release();
    }
    for (const outcome of await Promise.all(running)) expect(outcome).toBeInstanceOf(DatastoreUnavailableError);
    const { value } = await eventually(() => ds!.list('Department'));
    expect(value).toEqual([{ deptNo: 'D1', deptName: 'One' }]);
    for (let i = 0; i < 5; i++) expect(await ds.list('Department')).toHaveLength(1);
  });

  it('fails the next request on a killed idle connection with DatastoreUnavailableError, never a crash', async () => {
    ds = await databases.open(rainier);
    await ds.ping();
    await killConnections(admin, databases.databaseOf(rainier)!);
    const first = await ds.ping().then(
      () => 'ok',
      (e: unknown) => e,
    );
    if (first !== 'ok') expect(first).toBeInstanceOf(DatastoreUnavailableError);
    await eventually(() => ds!.ping());
  });

  it('rolls back a transaction whose connection is killed in the middle', async () => {
    ds = await databases.open(rainier);
    const db = databases.databaseOf(rainier)!;
    const outcome = await ds
      .transaction(async (tx) => {
        await tx.insert('Department', [{ deptNo: 'D1', deptName: 'One' }]);
        await killConnections(admin, db);
        await tx.insert('Department', [{ deptNo: 'D2', deptName: 'Two' }]);
      })
      .then(
        () => 'committed',
        (e: unknown) => e,
      );
    expect(outcome).toBeInstanceOf(DatastoreUnavailableError);
    const { value } = await eventually(() => ds!.list('Department'));
    expect(value).toEqual([]);
    await ds.insert('Department', [{ deptNo: 'D3', deptName: 'Three' }]);
    expect(await ds.list('Department')).toEqual([{ deptNo: 'D3', deptName: 'Three' }]);
  });

  it('tells GraphQL clients the datastore is unavailable (no SQL, no stack) and serves again afterwards', async () => {
    h = await createHarness(rainier, await databases.open(rainier), rainierRows(2, 10));
    await h.ok('{ departments { deptNo } }');
    await killConnections(admin, databases.databaseOf(rainier)!);
    let masked = 0;
    for (let i = 0; i < 20; i++) {
      const res = await h.gql('{ departments { deptNo employees { empNo } } }');
      if (!res.errors) break;
      masked++;
      expect(res.errors[0]!.extensions?.code).toBe('DATASTORE_UNAVAILABLE');
      expect(res.errors[0]!.message).toMatch(/retry/);
      expect(JSON.stringify(res.errors)).not.toMatch(/SELECT|mysql|ECONN|PROTOCOL|stack|\.ts:\d+/i);
    }
    expect(masked).toBeLessThan(20);
    const data = await h.ok('{ departments { deptNo employees { empNo } } }');
    expect(data.departments).toHaveLength(2);
  });

  it('reports an unreachable server as DatastoreUnavailableError naming host and port', async () => {
    const { openMysqlDatastore } = await import('../../src/datastore/mysql/index.js');
    await expect(openMysqlDatastore(rainier, 'mysql://root@127.0.0.1:1/nowhere')).rejects.toMatchObject({
      code: 'DATASTORE_UNAVAILABLE',
      message: expect.stringContaining('127.0.0.1:1'),
    });
  });
});
