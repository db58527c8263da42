/**
 * Rows handed on as the driver parses them (row-stream.ts, MysqlStatement.onRow, SqlSession.select
 * with onRow): prepared statements stream (the result then has no rows), in order, on the first
 * run of a text and once it is cached; text-protocol statements are not streamed (their rows come
 * in the result, and SqlSession hands them on itself); an error onRow throws is thrown as it is.
 */
import { expect, it } from 'vitest';
import { createMysqlPool, type MysqlPool } from '../../src/datastore/mysql/index.js';
import { SqlSession } from '../../src/datastore/mysql/sql-session.js';
import { describeMysql, MYSQL_URL } from './mysql-test-db.js';

const ROWS = 'WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?) SELECT n, CONCAT(?, n) AS t FROM s ORDER BY n';
const expected = (count: number, prefix: string): unknown[][] => Array.from({ length: count }, (_, i) => [i + 1, `${prefix}${i + 1}`]);

/** Runs `work` on a pool of one connection, then closes it. */
async function withPool(work: (pool: MysqlPool) => Promise<void>): Promise<void> {
  const pool = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1 });
  try {
    await work(pool);
  } finally {
    await pool.end();
  }
}

describeMysql('mysql', () => {
  it('streams the rows of a prepared statement to onRow, in order, first run and cached: the result has none', async () => {
    await withPool(async (pool) => {
      for (const run of [1, 2]) {
        const handed: unknown[][] = [];
        const [rows] = await pool.query({
          sql: ROWS,
          values: [900, `r${run}-`],
          rowsAsArray: true,
          prepared: true,
          onRow: (r) => handed.push(r),
        });
        expect(rows).toEqual([]);
        expect(handed.map((r) => [Number(r[0]), r[1]])).toEqual(expected(900, `r${run}-`));
      }
      // Without onRow the same statement's rows come in the result.
      const [rows] = await pool.query({ sql: ROWS, values: [3, 'p'], rowsAsArray: true, prepared: true });
      expect((rows as unknown[][]).map((r) => [Number(r[0]), r[1]])).toEqual(expected(3, 'p'));
    });
  });

  it('does not stream a text-protocol statement: its rows come in the result, onRow is not called', async () => {
    await withPool(async (pool) => {
      const handed: unknown[][] = [];
      const [rows] = await pool.query({ sql: ROWS, values: [5, 't'], rowsAsArray: true, onRow: (r) => handed.push(r) });
      expect(handed).toEqual([]);
      expect((rows as unknown[][]).map((r) => [Number(r[0]), r[1]])).toEqual(expected(5, 't'));
    });
  });

  it('SqlSession.select with onRow hands every row on, streamed or not, and returns none', async () => {
    await withPool(async (pool) => {
      const session = new SqlSession(pool);
      for (const prepared of [true, false]) {
        const handed: unknown[][] = [];
        expect(await session.select(ROWS, [50, 's'], prepared, (r) => handed.push(r))).toEqual([]);
        expect(handed.map((r) => [Number(r[0]), r[1]])).toEqual(expected(50, 's'));
      }
      // A target that ignores onRow (a test double): the rows are handed on all the same.
      const plain = new SqlSession({ query: async () => [[[1], [2]], []] });
      const handed: unknown[][] = [];
      expect(await plain.select('SELECT 1', [], true, (r) => handed.push(r))).toEqual([]);
      expect(handed).toEqual([[1], [2]]);
    });
  });

  it("throws onRow's error as it is once the statement is done, hands on no row after it, and the connection goes on", async () => {
    await withPool(async (pool) => {
      const session = new SqlSession(pool);
      for (const prepared of [true, false]) {
        const failure = new Error('decode failed');
        let calls = 0;
        const read = session.select(ROWS, [200, 'e'], prepared, () => {
          if (++calls === 10) throw failure;
        });
        await expect(read).rejects.toBe(failure);
        expect(calls).toBe(10);
        const handed: unknown[][] = [];
        await session.select(ROWS, [4, 'ok'], prepared, (r) => handed.push(r));
        expect(handed.map((r) => [Number(r[0]), r[1]])).toEqual(expected(4, 'ok'));
      }
    });
  });
});
