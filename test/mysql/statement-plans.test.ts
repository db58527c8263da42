/**
 * The plans the server picks for the statements the MySQL datastore sends for the benchmark's Q1
 * (100 employees in key order, their department, workspace and building) and Q3 (one employee by
 * key, the same relations), at ten times the rainier data (bench/data.js: 20,000 employees), in
 * tables made by the push code, with and without the benchmark's row-filtered role (bench/auth.js:
 * a JWT, `<key> <> claim` on every entity). Issue 17 asks that their cost stay flat as the data
 * grows: EXPLAIN shows no full scan, no filesort and no temporary table, and the rows the server
 * actually reads for them (its Handler_read_* counters) are a few hundred for Q1 and a handful for
 * Q3, out of 20,000.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Datastore } from '../../src/datastore/datastore.js';
import type { MysqlStatement } from '../../src/datastore/mysql/index.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { readPermissions } from '../../src/permissions/read-permissions.js';
import { createAuthenticator } from '../../src/server/auth/authenticator.js';
import { createServer, type PersistYoga } from '../../src/server/index.js';
import { countingPool, type StatementLog } from '../support/counting-pool.js';
import { loadModel } from '../support/models.js';
import { databaseUrl, describeMysql, TestDatabases } from './mysql-test-db.js';
import { BENCH_AUTH, BENCH_AUTH_HEADERS, BENCH_PERMISSIONS } from '../../bench/auth.js';
import { expectedResponses } from '../../bench/check.js';
import { generateData } from '../../bench/data.js';
import { Q1, Q3 } from '../../bench/queries.js';

const SCALE = 10;
const databases = new TestDatabases('plans');
const rainier = loadModel('rainier');
const data = generateData(SCALE);
const expected = expectedResponses(data);

interface ExplainRow {
  table: string;
  type: string;
  key: string | null;
  rows: number | string | null;
  Extra: string | null;
}

describeMysql('statement plans at 20,000 employees', () => {
  const log: StatementLog = { statements: [], executed: [] };
  let conn: mysql.Connection | undefined;
  let datastore: Datastore | undefined;
  let plain: PersistYoga;
  let filtered: PersistYoga;

  beforeAll(async () => {
    expect(data.Employee).toHaveLength(20_000);
    const ds = (datastore = await databases.open(rainier, (pool) => countingPool(pool, log)));
    await seedDatastore(ds, rainier, data);
    conn = await mysql.createConnection({ uri: databaseUrl(databases.databaseOf(rainier)!), charset: 'utf8mb4' });
    // The statistics of settled tables, as the benchmark has them after its load.
    await conn.query('ANALYZE TABLE `Building`, `Workspace`, `Department`, `Employee`');
    plain = createServer({ model: rainier, datastore: ds, logging: false }).yoga;
    const permissions = readPermissions(BENCH_PERMISSIONS, rainier, 'bench/auth.js');
    const authenticator = createAuthenticator(BENCH_AUTH, new Set(permissions.roles.keys()));
    filtered = createServer({
      model: rainier,
      datastore: ds,
      logging: false,
      permissions,
      authenticate: (headers) => authenticator.authenticate(headers),
    }).yoga;
  }, 180_000);

  afterAll(async () => {
    await conn?.end();
    await datastore?.close();
  });

  /** The statements one request sends, after checking its answer against the benchmark's reference. */
  async function statementsOf(
    yoga: PersistYoga,
    headers: Record<string, string>,
    query: string,
    answer: unknown,
  ): Promise<MysqlStatement[]> {
    log.statements = [];
    log.executed = [];
    const res = await yoga.fetch('http://plans/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(answer);
    return log.executed;
  }

  async function handlerReads(): Promise<Record<string, number>> {
    const [rows] = await conn!.query("SHOW SESSION STATUS LIKE 'Handler_read%'");
    return Object.fromEntries((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, Number(r.Value)]));
  }

  /** The statement's plan, and the rows the server read to run it (Handler_read_* after − before). */
  async function planAndReads(s: MysqlStatement): Promise<{ plan: ExplainRow[]; reads: Record<string, number> }> {
    const [plan] = await conn!.query({ sql: `EXPLAIN ${s.sql}`, values: s.values ?? [] });
    const before = await handlerReads();
    await conn!.query({ sql: s.sql, values: s.values ?? [] });
    const after = await handlerReads();
    const reads = Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - (before[k] ?? 0)]));
    return { plan: plan as ExplainRow[], reads };
  }

  const cases = [
    // Q1's columns are raw's 9 (the joined keys are its selected foreign keys); Q3 selects raw's 4 and,
    // for the workspace of which nothing but its building is selected, its key: whether one was joined.
    { name: 'Q1', query: Q1, answer: expected.Q1.expected, maxReads: 100 * 4 + 10, columns: 9 },
    { name: 'Q3', query: Q3, answer: expected.Q3.expected, maxReads: 10, columns: 5 },
  ];
  for (const { name, query, answer, maxReads, columns } of cases) {
    for (const role of ['no role', 'the row-filtered role'] as const) {
      it(`${name} with ${role}: one statement on indexes only, reading at most ${maxReads} rows of 20,000`, async () => {
        const yoga = role === 'no role' ? plain : filtered;
        const statements = await statementsOf(yoga, role === 'no role' ? {} : BENCH_AUTH_HEADERS, query, answer);
        expect(statements.map((s) => s.sql)).toHaveLength(1);
        const statement = statements[0]!;
        // The role's filter is in the statement (every entity's key compared with the claim).
        if (role !== 'no role') expect(statement.sql).toMatch(/`empNo` <> \?/);
        expect(statement.sql.slice(0, statement.sql.indexOf(' FROM ')).split(', '), statement.sql).toHaveLength(columns);
        const { plan, reads } = await planAndReads(statement);
        const described = JSON.stringify(plan);
        expect(plan.map((p) => p.table)).toHaveLength(4);
        for (const step of plan) {
          expect(step.type, described).not.toBe('ALL');
          expect(step.key, described).not.toBeNull();
          expect(step.Extra ?? '', described).not.toMatch(/filesort|temporary/i);
        }
        // The employees in key order (Q1: the primary key read from its start, stopped by the
        // LIMIT) or by key (Q3); every relation by its primary key.
        expect(plan[0]!.key).toBe('PRIMARY');
        expect(plan.slice(1).map((p) => [p.key, p.type === 'eq_ref' || p.type === 'const'])).toEqual([
          ['PRIMARY', true],
          ['PRIMARY', true],
          ['PRIMARY', true],
        ]);
        // No row read by a scan, and a bounded number of index reads.
        expect(reads['Handler_read_rnd_next'], JSON.stringify(reads)).toBe(0);
        const total = Object.values(reads).reduce((a, b) => a + b, 0);
        expect(total, JSON.stringify(reads)).toBeGreaterThan(0);
        expect(total, JSON.stringify(reads)).toBeLessThanOrEqual(maxReads);
      }, 30_000);
    }
  }
});
