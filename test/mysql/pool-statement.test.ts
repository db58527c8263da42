/**
 * A statement sent to the pool (mysql-pool.ts queryPooled): it takes a permit and a connection,
 * runs, and gives both back, whatever its end: answered, refused by the SQL server, refused by
 * the driver before it was sent, or failed with its connection (which is then not reused).
 * Checked with a pool of one connection, so that a permit or a connection kept by mistake stalls
 * the next statement (and the pool's stats show it).
 */
import { expect, it } from 'vitest';
import { createMysqlPool, type MysqlPool } from '../../src/datastore/mysql/index.js';
import { describeMysql, MYSQL_URL } from './mysql-test-db.js';

const connectionId = async (pool: MysqlPool): Promise<number> => {
  const [rows] = await pool.query({ sql: 'SELECT CONNECTION_ID() AS id', rowsAsArray: true });
  return Number((rows as [number][])[0]![0]);
};

const idle = (pool: MysqlPool): { inUse: number; queued: number } => {
  const { inUse, queued } = pool.stats();
  return { inUse, queued };
};

/** `test` on a new pool of one connection and the id of that connection; the pool is ended after. */
async function onPoolOfOne(test: (pool: MysqlPool, id: number) => Promise<void>): Promise<void> {
  const pool = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1 });
  try {
    await test(pool, await connectionId(pool));
  } finally {
    await pool.end();
  }
}

describeMysql('mysql', () => {
  it('runs statements sent together on a pool of one connection one after the other, and gives it back each time', () =>
    onPoolOfOne(async (pool, id) => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          pool.query({ sql: 'SELECT ? AS i, CONNECTION_ID() AS id', values: [i], rowsAsArray: true, prepared: i % 2 === 0 }),
        ),
      );
      expect(answers.map(([rows]) => (rows as [number, number][])[0])).toEqual(Array.from({ length: 20 }, (_, i) => [i, id]));
      expect(idle(pool)).toEqual({ inUse: 0, queued: 0 });
    }));

  it('gives the connection back, still open, after a statement the server refused', () =>
    onPoolOfOne(async (pool, id) => {
      await expect(pool.query({ sql: 'SELEC 1' })).rejects.toMatchObject({ code: 'ER_PARSE_ERROR' });
      await expect(pool.query({ sql: 'SELECT ? AS v', values: [1], prepared: true, lane: 'E' })).resolves.toBeDefined();
      await expect(pool.query({ sql: 'SELECT * FROM no_such_db.no_such_table', prepared: true })).rejects.toMatchObject({
        code: 'ER_NO_SUCH_TABLE',
      });
      expect(await connectionId(pool)).toBe(id);
      expect(idle(pool)).toEqual({ inUse: 0, queued: 0 });
    }));

  it('gives the connection back after a value the driver refused before sending anything', () =>
    onPoolOfOne(async (pool, id) => {
      await expect(pool.query({ sql: 'SELECT ? AS u', values: [undefined], prepared: true })).rejects.toThrow(TypeError);
      expect(idle(pool)).toEqual({ inUse: 0, queued: 0 });
      expect(await connectionId(pool)).toBe(id);
    }));

  it('does not reuse a connection whose statement failed with it, and the next statement gets a new one', () =>
    onPoolOfOne(async (pool, id) => {
      const killer = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1 });
      try {
        const failed = expect(pool.query({ sql: 'SELECT SLEEP(5)' })).rejects.toThrow(/closed the connection/);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await killer.query({ sql: `KILL ${id}` });
        await failed;
      } finally {
        await killer.end();
      }
      expect(idle(pool)).toEqual({ inUse: 0, queued: 0 });
      expect(await connectionId(pool)).not.toBe(id);
    }));

  it('refuses a statement sent after the pool ended, holding nothing', async () => {
    const pool = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1 });
    await connectionId(pool);
    await pool.end();
    await expect(pool.query({ sql: 'SELECT 1' })).rejects.toMatchObject({ code: 'DATASTORE_UNAVAILABLE' });
    expect(idle(pool)).toEqual({ inUse: 0, queued: 0 });
  });
});
