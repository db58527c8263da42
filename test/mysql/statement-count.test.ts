/**
 * SQL statements per GraphQL request, counted through the pool: every query of the gateway's
 * batching test costs exactly one statement per root lookup and one per relation field at each
 * level (equal ones shared across root fields), one per datastore call, with 10 rows and with
 * 2,000 rows. Chunking (1,000 keys per statement) and per-group paging stay one statement per call
 * at these sizes.
 */
import { afterEach, expect, it } from 'vitest';
import { CountingDatastore } from '../../src/datastore/counting-datastore.js';
import { createHarness, type Harness } from '../graphql/conformance/harness.js';
import { rainierRows } from '../graphql/conformance/batching.js';
import { loadModel } from '../graphql/models.js';
import { countingPool, type StatementLog } from './counting-pool.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('statements');
const rainier = loadModel('rainier');

const NESTED = '{ departments { employees { workspace { location { city } } } } }';
const ALIASES = `{
  a: employee(empNo: "E00001") { department { deptName } }
  b: employee(empNo: "E00002") { department { deptName } }
  departments {
    first: employees(limit: 2, orderBy: [{ empNo: DESC }]) { workspace { workspaceId } }
    women: employees(where: { gender: { eq: FEMALE } }) { department { deptNo } }
  }
}`;
const SELECTED = '{ departments { deptName employees { firstName workspace { location { city } } } } }';

// [label, query, exact statements]: one statement per root lookup + one per relation field at each
// level. ALIASES has three root fields and six relation fields, but a and b are one by-key batch,
// and a.department and b.department (the same relation field, selection and level) share one
// statement whichever root field's rows came back first: 2 + 5.
const QUERIES: [string, string, number][] = [
  ['nested 1-n and owner relations', NESTED, 1 + 3],
  ['aliases, arguments and by-key roots', ALIASES, 2 + 5],
  ['selected columns only', SELECTED, 1 + 3],
];

describeMysql('mysql statements per request', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  for (const [departments, employees] of [[2, 10], [20, 2000]] as const) {
    for (const [label, query, exact] of QUERIES) {
      it(`${label}: exactly ${exact} statements, one per datastore call, with ${employees} employees`, async () => {
        const log: StatementLog = { statements: [] };
        const counting = new CountingDatastore(await databases.open(rainier, (pool) => countingPool(pool, log)));
        h = await createHarness(rainier, counting, rainierRows(departments, employees));
        log.statements = [];
        counting.reset();
        const data = await h.ok(query);
        // One statement per datastore call, whatever the number of rows.
        expect(log.statements, log.statements.join('\n')).toHaveLength(counting.count());
        expect(log.statements, log.statements.join('\n')).toHaveLength(exact);
        expect(log.statements.every((s) => s.startsWith('SELECT '))).toBe(true);
        if (query === NESTED) {
          expect(data.departments.flatMap((d: { employees: unknown[] }) => d.employees)).toHaveLength(employees);
        }
      });
    }
  }

  it('pages nested lists per parent with ROW_NUMBER() in the same single statement', async () => {
    const log: StatementLog = { statements: [] };
    h = await createHarness(rainier, await databases.open(rainier, (pool) => countingPool(pool, log)), rainierRows(20, 2000));
    log.statements = [];
    const data = await h.ok('{ departments { deptNo employees(limit: 3, offset: 1, orderBy: [{ empNo: DESC }]) { empNo } } }');
    expect(log.statements).toHaveLength(2);
    expect(log.statements[1]).toMatch(/ROW_NUMBER\(\) OVER \(PARTITION BY `departmentDeptNo`/);
    expect(log.statements.join('\n')).not.toMatch(/LIMIT/);
    expect(data.departments).toHaveLength(20);
    // Department D00 has E01980, E01960, … : offset 1 skips E01980.
    expect(data.departments[0].employees).toEqual([{ empNo: 'E01960' }, { empNo: 'E01940' }, { empNo: 'E01920' }]);
    for (const d of data.departments) expect(d.employees).toHaveLength(3);
  });

  it('chunks a batch of more than 1,000 keys into statements of at most 1,000', async () => {
    const log: StatementLog = { statements: [] };
    const ds = await databases.open(rainier, (pool) => countingPool(pool, log));
    try {
      h = await createHarness(rainier, ds, rainierRows(20, 2000));
      log.statements = [];
      const keys = Array.from({ length: 2500 }, (_, i) => [`E${String(i).padStart(5, '0')}`]);
      const rows = await ds.getByKeys('Employee', keys, ['firstName']);
      expect(log.statements).toHaveLength(3);
      expect(rows.filter((r) => r !== null)).toHaveLength(2000);
      expect(rows[1999]).toEqual({ empNo: 'E01999', firstName: 'First1999' });
      expect(rows[2000]).toBeNull();
    } finally {
      h = undefined;
      await ds.close();
    }
  });
});
