/**
 * Prepared statements per pooled connection (statement-runner.ts executeOn, statement-cache.ts): each
 * text is prepared once per connection and then only executed, at most 64 stay open per
 * connection (the least recently used beyond are closed on the server and prepared again when
 * they come back), and failures leave the cache consistent. Counted on the server from the
 * session's own Com_stmt_* counters.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { expect, it } from 'vitest';
import { createMysqlPool, type MysqlPoolConnection } from '../../src/datastore/mysql/index.js';
import { StatementCache } from '../../src/datastore/mysql/statement-cache.js';
import { describeMysql, MYSQL_URL } from './mysql-test-db.js';

type Counters = { prepare: number; execute: number; close: number };

async function counters(connection: MysqlPoolConnection): Promise<Counters> {
  const [rows] = await connection.query({
    sql: "SHOW SESSION STATUS WHERE Variable_name IN ('Com_stmt_prepare', 'Com_stmt_execute', 'Com_stmt_close')",
  });
  const byName = new Map((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, Number(r.Value)]));
  return { prepare: byName.get('Com_stmt_prepare')!, execute: byName.get('Com_stmt_execute')!, close: byName.get('Com_stmt_close')! };
}

const since = (before: Counters, after: Counters): Counters => ({
  prepare: after.prepare - before.prepare,
  execute: after.execute - before.execute,
  close: after.close - before.close,
});

async function prepared(connection: MysqlPoolConnection, sql: string, values: unknown[], rowsAsArray = true): Promise<unknown> {
  const [rows] = await connection.query({ sql, values, rowsAsArray, prepared: true });
  return rows;
}

describeMysql('mysql', () => {
  it('prepares a text once per connection, keeps at most 64 open, and the hot ones survive eviction', async () => {
    const pool = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1 });
    const connection = await pool.getConnection();
    try {
      const before = await counters(connection);
      const hot = 'SELECT ? AS hot';
      for (let i = 0; i < 100; i++) {
        expect(await prepared(connection, hot, [i])).toEqual([[i]]);
        expect(await prepared(connection, `SELECT ? + ${i} AS v`, [1])).toEqual([[1 + i]]);
      }
      // The same texts as objects are other statements of the connection (mysql2's row kinds).
      expect(await prepared(connection, hot, [7], false)).toEqual([{ hot: 7 }]);
      const first = since(before, await counters(connection));
      // The hot text once, each cold one once, the object-rows one once; 100 + 1 - 64 cold ones closed.
      expect(first).toEqual({ prepare: 102, execute: 201, close: 37 });

      // An evicted text comes back: prepared again (and another evicted), with the right answer.
      const again = await counters(connection);
      expect(await prepared(connection, 'SELECT ? + 0 AS v', [5])).toEqual([[5]]);
      expect(await prepared(connection, hot, [8])).toEqual([[8]]);
      expect(since(again, await counters(connection))).toEqual({ prepare: 1, execute: 2, close: 1 });
    } finally {
      connection.release();
      await pool.end();
    }
  });

  it("publishes every execution to mysql2's tracing channel while it has subscribers (APM tools), once prepared as well", async () => {
    const channel = diagnosticsChannel.tracingChannel('mysql2:execute');
    const traced: string[] = [];
    const subscriber = { start: (context: unknown) => void traced.push((context as { query: string }).query) };
    const pool = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1 });
    const connection = await pool.getConnection();
    try {
      const sql = 'SELECT ? AS traced';
      expect(await prepared(connection, sql, [1])).toEqual([[1]]);
      channel.subscribe(subscriber);
      const before = await counters(connection);
      // Prepared already: without a subscriber this runs on the short path, which mysql2 does not trace.
      expect(await prepared(connection, sql, [2])).toEqual([[2]]);
      expect(await prepared(connection, sql, [3])).toEqual([[3]]);
      expect(traced).toEqual([sql, sql]);
      // Still the statement prepared before: executed, not prepared again.
      expect(since(before, await counters(connection))).toEqual({ prepare: 0, execute: 2, close: 0 });
      channel.unsubscribe(subscriber);
      expect(await prepared(connection, sql, [4])).toEqual([[4]]);
      expect(traced).toHaveLength(2);
    } finally {
      channel.unsubscribe(subscriber);
      connection.release();
      await pool.end();
    }
  });

  it('runs statements sent together on one connection in order, a new text prepared once', async () => {
    const pool = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1 });
    const connection = await pool.getConnection();
    try {
      const before = await counters(connection);
      const sql = 'SELECT ? AS v, @wire_order := ? AS w';
      const answers = await Promise.all([
        prepared(connection, sql, [1, 'a']),
        connection.query({ sql: "SET @wire_order = 'text'" }).then(() => 'set'),
        prepared(connection, sql, [2, 'b']),
        prepared(connection, 'SELECT @wire_order AS w', []),
      ]);
      expect(answers).toEqual([[[1, 'a']], 'set', [[2, 'b']], [['b']]]);
      expect(since(before, await counters(connection))).toEqual({ prepare: 2, execute: 3, close: 0 });
    } finally {
      connection.release();
      await pool.end();
    }
  });

  it('keeps a statement that failed when it ran, and none that failed to prepare', async () => {
    const pool = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1 });
    const connection = await pool.getConnection();
    try {
      const before = await counters(connection);
      // Prepares, then fails when run: "Subquery returns more than 1 row" (1242).
      const failing = 'SELECT ? AS v FROM DUAL WHERE 1 = (SELECT 1 UNION SELECT 2)';
      for (let i = 0; i < 2; i++) await expect(prepared(connection, failing, [1])).rejects.toMatchObject({ errno: 1242 });
      for (let i = 0; i < 2; i++) await expect(prepared(connection, 'SELECT ? FROM', [1])).rejects.toMatchObject({ errno: 1064 });
      // Values mysql2 cannot bind: its TypeError, for a known text as for a new one.
      await expect(prepared(connection, 'SELECT ? AS u', [undefined])).rejects.toThrow(TypeError);
      expect(await prepared(connection, 'SELECT ? AS u', [3])).toEqual([[3]]);
      await expect(prepared(connection, 'SELECT ? AS u', [undefined])).rejects.toThrow(TypeError);
      // The failing one prepared once and run twice, the syntax error refused twice, 'u' prepared once.
      expect(since(before, await counters(connection))).toEqual({ prepare: 4, execute: 3, close: 0 });
    } finally {
      connection.release();
      await pool.end();
    }
  });

  it('leaves no client deadline behind for a statement the driver refused, nor for one answered', async () => {
    // Client deadline: statementTimeoutMs + 1 s. A timer left running would destroy the
    // connection (held here) once it passed, and the last statement would fail.
    const pool = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1, statementTimeoutMs: 100 });
    const connection = await pool.getConnection();
    try {
      await expect(prepared(connection, 'SELECT ? AS u', [undefined])).rejects.toThrow(TypeError);
      expect(await prepared(connection, 'SELECT ? AS u', [1])).toEqual([[1]]);
      await new Promise((resolve) => setTimeout(resolve, 1400));
      expect(await prepared(connection, 'SELECT ? AS u, CONNECTION_ID() > 0 AS alive', [2])).toEqual([[2, 1]]);
    } finally {
      connection.release();
      await pool.end();
    }
  });

  it('prepares again on a connection that replaced a killed one', async () => {
    const pool = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1 });
    try {
      const sql = 'SELECT ? AS v, CONNECTION_ID() AS id';
      const [first] = (await pool.query({ sql, values: [1], rowsAsArray: true, prepared: true })) as [unknown[][], unknown];
      const id = first[0]![1];
      const killer = createMysqlPool(MYSQL_URL, { useDatabase: false, connectionLimit: 1 });
      await killer.query({ sql: `KILL ${Number(id)}` });
      await killer.end();
      // The pool finds its connection gone (one failure, the connection dropped), then opens a new one.
      await pool.query({ sql, values: [2], rowsAsArray: true, prepared: true }).catch(() => undefined);
      const [rows] = (await pool.query({ sql, values: [3], rowsAsArray: true, prepared: true })) as [unknown[][], unknown];
      expect(rows[0]![0]).toBe(3);
      expect(rows[0]![1]).not.toBe(id);
    } finally {
      await pool.end();
    }
  });
});

it('evicts by second chance: a statement used since the last scan goes to the back', () => {
  const closed: string[] = [];
  const cache = new StatementCache(3, (sql) => closed.push(sql));
  for (const sql of ['a', 'b', 'c']) cache.remember(sql, { sql });
  expect(cache.get('a')).toEqual({ sql: 'a' });
  cache.remember('d', { sql: 'd' });
  expect(closed).toEqual(['b']);
  cache.remember('d', { sql: 'other' });
  expect(cache.get('d')).toEqual({ sql: 'd' });
  expect(cache.size).toBe(3);
  cache.remember('e', { sql: 'e' });
  cache.remember('f', { sql: 'f' });
  // 'a' lost its mark in the first scan, 'd' was used since: 'c', then 'a'.
  expect(closed).toEqual(['b', 'c', 'a']);
  expect(cache.get('b')).toBeUndefined();
  expect(cache.size).toBe(3);
});
