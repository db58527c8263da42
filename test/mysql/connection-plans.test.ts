/**
 * The plan MariaDB/MySQL picks for a root connection (issue 11: "use indexes: check the plans with
 * EXPLAIN"): with `@sql:Index` on the sort field, a page after a cursor reads its rows as a range
 * of that index, and nothing of the statement scans the table (a full scan would be type ALL).
 */
import { expect, it } from 'vitest';
import { compileModel } from '../../src/model/index.js';
import type { MysqlPool, MysqlStatement } from '../../src/datastore/mysql/index.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('plans');

const TEXT = `import ballerina/persist as _;
import ballerinax/persist.sql;

type Person record {|
    readonly string id;
    @sql:Index
    string lastName;
    string firstName;
|};
`;

const { model } = compileModel(TEXT);
if (model === undefined) throw new Error('the test model does not compile');

describeMysql('mysql connection plans', () => {
  const seen: MysqlStatement[] = [];
  let pool: MysqlPool | undefined;

  it('pages after a cursor along the index of the sort field, in one statement, with no temporary table or sort', async () => {
    const ds = await databases.open(model, (inner) => {
      pool = inner;
      // Statements sent through the pool (a read outside a transaction uses no held connection).
      return {
        limits: inner.limits,
        query: (s) => (seen.push(s), inner.query(s)),
        getConnection: (lane) => inner.getConnection(lane),
        ping: () => inner.ping(),
        stats: () => inner.stats(),
        end: () => inner.end(),
      };
    });
    try {
      const rows = Array.from({ length: 2000 }, (_, i) => ({
        id: `P${String(i).padStart(5, '0')}`,
        lastName: `Name${String((i * 7919) % 500).padStart(3, '0')}`,
        firstName: 'F',
      }));
      await ds.insert('Person', rows);
      await ds.connection('Person', { orderBy: [{ field: 'lastName', direction: 'ASC' }], first: 50 });
      seen.length = 0;
      const query = {
        orderBy: [{ field: 'lastName', direction: 'ASC' as const }],
        first: 50,
        after: ['Name010', 'P00000'],
        select: ['firstName'],
      };
      const [page] = await ds.connection('Person', query);
      expect(seen).toHaveLength(1);
      const expected = rows
        .filter((r) => r.lastName > 'Name010' || (r.lastName === 'Name010' && r.id > 'P00000'))
        .sort((a, b) => (a.lastName < b.lastName ? -1 : a.lastName > b.lastName ? 1 : a.id < b.id ? -1 : 1))
        .slice(0, 50)
        .map((r) => r.id);
      expect(page!.rows.map((r) => r['id'])).toEqual(expected);
      expect([page!.hasPreviousPage, page!.hasNextPage, page!.totalCount]).toEqual([true, true, 2000]);

      const statement = seen[0]!;
      const [plan] = (await pool!.query({ ...statement, sql: `EXPLAIN ${statement.sql}`, rowsAsArray: false })) as [
        { table: string | null; type: string | null; key: string | null; Extra: string | null }[],
        unknown,
      ];
      const tables = plan.filter((p) => p.table === '__i0');
      expect(tables.length, JSON.stringify(plan)).toBeGreaterThan(0);
      // The page: a range of the index; the neighbour EXISTS likewise; the count an index scan.
      expect(tables.filter((p) => p.type === 'range' && p.key === 'idx_lastname').length, JSON.stringify(plan)).toBeGreaterThanOrEqual(1);
      expect(
        tables.every((p) => p.type !== 'ALL'),
        JSON.stringify(plan),
      ).toBe(true);
      // The rows come in the index's order: no temporary table and no sort of their own, and no
      // derived table (the counts are subqueries beside the rows).
      expect(
        plan.every((p) => !/temporary|filesort/i.test(p.Extra ?? '') && !(p.table ?? '').startsWith('<derived')),
        JSON.stringify(plan),
      ).toBe(true);
      expect(statement.prepared, 'a text that depends on the shape only is prepared').toBe(true);

      // Only the facts asked for are read: without hasPreviousPage no neighbour check (the
      // benchmark's Q6), without any no count either; the page itself is the same.
      const { hasPreviousPage: _previous, totalCount: _total, ...bare } = page!;
      seen.length = 0;
      const [q6] = await ds.connection('Person', { ...query, facts: ['hasNextPage', 'totalCount'] });
      expect(q6).toEqual({ ...bare, totalCount: 2000 });
      expect(seen.map((s) => [/EXISTS/.test(s.sql), /COUNT/.test(s.sql)])).toEqual([[false, true]]);
      seen.length = 0;
      const [none] = await ds.connection('Person', { ...query, facts: [] });
      const { hasNextPage: _next, ...pageOnly } = bare;
      expect(none).toEqual(pageOnly);
      expect(seen.map((s) => [/EXISTS/.test(s.sql), /COUNT/.test(s.sql)])).toEqual([[false, false]]);
    } finally {
      await ds.close();
    }
  });
});
