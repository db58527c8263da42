/**
 * SQL statements per GraphQL request, counted through the pool, with 10 rows and with 2,000 rows:
 * one statement per datastore call, always. With DataLoaders only, every query of the gateway's
 * batching test and of the benchmark costs exactly one statement per root lookup and one per
 * relation field at each level (equal ones shared across root fields). With the level prefetch,
 * to-one relations on the side holding the foreign key are JOINs in their parents' statement
 * (a root or by-key read, not a 1-n list) and cost none. Chunking (1,000 keys per statement) and per-group paging stay one statement per call
 * at these sizes.
 */
import { afterEach, expect, it } from 'vitest';
import { CountingDatastore } from '../support/counting-datastore.js';
import { INCLUDED } from '../../src/datastore/datastore.js';
import { createHarness, MODES, type Harness } from '../graphql/conformance/harness.js';
import { rainierRows } from '../graphql/conformance/batching.js';
import { loadModel } from '../support/models.js';
import { countingPool, type StatementLog } from '../support/counting-pool.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';
import { ALIASES, NESTED } from '../graphql/conformance/batching-queries.js';
// The benchmark's reads (issue 6), as the benchmark sends them.
import { Q1, Q2, Q3, Q4, Q5, Q6 } from '../../bench/queries.js';

const databases = new TestDatabases('statements');
const rainier = loadModel('rainier');

const SELECTED = '{ departments { deptName employees { firstName workspace { location { city } } } } }';

// [label, query, exact statements with the level prefetch, exact statements with DataLoaders only].
// DataLoaders only: one statement per root lookup + one per relation field at each level. ALIASES
// has three root fields and six relation fields, but a and b are one by-key batch, and
// a.department and b.department (the same relation field, selection and level) share one
// statement whichever root field's rows came back first: 2 + 5. Level prefetch: departments,
// workspaces and locations are JOINs in the statement of a root or by-key read of their employees
// (or workspaces); not of a 1-n list, whose children share few parents.
const QUERIES: [string, string, number, number][] = [
  ['nested 1-n and owner relations', NESTED, 3, 1 + 3],
  ['aliases, arguments and by-key roots', ALIASES, 2 + 4, 2 + 5],
  ['selected columns only', SELECTED, 3, 1 + 3],
  ['Q1', Q1, 1, 1 + 3],
  ['Q2', Q2, 3, 1 + 3],
  ['Q3', Q3, 1, 1 + 3],
  // A relation filter is an EXISTS in the root's statement; the per-parent aggregate one grouped
  // statement; the order by a to-one field a JOIN in the children's.
  ['Q4', Q4, 3, 3],
  ['Q5', Q5, 1, 1],
  // A root connection: its page, total and neighbours in one statement (page 1: no cursor).
  ['Q6', Q6, 1, 1],
];

describeMysql('mysql statements per request', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  for (const mode of MODES) {
    for (const [departments, employees] of [
      [2, 10],
      [20, 2000],
    ] as const) {
      for (const [label, query, folded, unfolded] of QUERIES) {
        // With 10 employees E00042 does not exist: its lookup is the only statement.
        const exact = query === Q3 && employees < 43 ? 1 : mode.levelPrefetch ? folded : unfolded;
        it(`${label} (${mode.name}): exactly ${exact} statements, one per datastore call, with ${employees} employees`, async () => {
          const log: StatementLog = { statements: [] };
          const counting = new CountingDatastore(await databases.open(rainier, (pool) => countingPool(pool, log)));
          h = await createHarness(rainier, counting, rainierRows(departments, employees), mode);
          log.statements = [];
          counting.reset();
          const data = await h.ok(query);
          // One statement per datastore call, whatever the number of rows.
          expect(log.statements, log.statements.join('\n')).toHaveLength(counting.count());
          expect(log.statements, log.statements.join('\n')).toHaveLength(exact);
          expect(log.statements.every((s) => s.startsWith('SELECT '))).toBe(true);
          // Joins only where something folds, never with DataLoaders only.
          // (Q4's order by a related field is a join whatever the mode; Q6's page reads its
          // counts as subqueries, with no join.)
          if (query === Q4) expect(log.statements[0]).toContain('EXISTS (SELECT 1 FROM');
          else expect(log.statements.some((s) => s.includes(' JOIN '))).toBe(mode.levelPrefetch && exact < unfolded);
          if (query === NESTED || query === Q2) {
            expect(data.departments.flatMap((d: { employees: unknown[] }) => d.employees)).toHaveLength(employees);
          }
          if (query === Q3 && employees === 2000) {
            expect(data.employee).toEqual({
              empNo: 'E00042',
              firstName: 'First42',
              department: { deptName: 'Department 2' },
              workspace: { location: { city: 'City 2' } },
            });
          }
        });
      }
    }
  }

  for (const mode of MODES) {
    for (const departments of [10, 2000]) {
      it(`per-parent aggregates (${mode.name}): one GROUP BY statement per aggregate field per level, with ${departments} parents`, async () => {
        const log: StatementLog = { statements: [] };
        const counting = new CountingDatastore(await databases.open(rainier, (pool) => countingPool(pool, log)));
        h = await createHarness(rainier, counting, rainierRows(departments, 2 * departments), mode);
        log.statements = [];
        const data = await h.ok(
          '{ departments { deptNo employeesAggregate { count max { empNo } } men: employeesAggregate(where: { gender: { eq: MALE } }) { count } employees(limit: 1) { workspace { employeesAggregate { count } } } } }',
        );
        expect(data.departments).toHaveLength(departments);
        expect(data.departments[0]).toEqual({
          deptNo: 'D00',
          employeesAggregate: { count: 2, max: { empNo: `E${String(departments).padStart(5, '0')}` } },
          men: { count: 2 },
          employees: [{ workspace: { employeesAggregate: { count: Math.ceil((2 * departments) / 100) } } }],
        });
        // Three aggregate fields (two at the first level, one at the third): one statement each,
        // whatever the number of parents.
        const grouped = log.statements.filter((s) => s.includes(' GROUP BY '));
        expect(grouped, log.statements.join('\n')).toHaveLength(3);
        expect(grouped.every((s) => / WHERE `departmentDeptNo` IN \(|WHERE `workspaceWorkspaceId` IN \(/.test(s))).toBe(true);
        // The rows: departments, employees (a row read takes one statement per 1,000 parents), workspaces.
        expect(log.statements).toHaveLength(3 + 3 + (departments > 1000 ? 1 : 0));
      });
    }
  }

  for (const mode of MODES) {
    for (const departments of [10, 2000]) {
      it(`per-parent connections (${mode.name}): one statement per connection field per level, with ${departments} parents`, async () => {
        const log: StatementLog = { statements: [] };
        const ds = await databases.open(rainier, (pool) => countingPool(pool, log));
        h = await createHarness(rainier, ds, rainierRows(departments, 2 * departments), mode);
        log.statements = [];
        const data = await h.ok(
          '{ departmentsConnection(first: 2) { totalCount } departments { deptNo employeesConnection(first: 1, orderBy: [{ lastName: ASC }]) { totalCount nodes { empNo } } females: employeesConnection(where: { gender: { eq: FEMALE } }, last: 1) { pageInfo { hasPreviousPage } } } }',
        );
        expect(data.departmentsConnection.totalCount).toBe(departments);
        expect(data.departments).toHaveLength(departments);
        expect(data.departments[0]).toEqual({
          deptNo: 'D00',
          employeesConnection: { totalCount: 2, nodes: [{ empNo: 'E00000' }] },
          females: { pageInfo: { hasPreviousPage: false } },
        });
        // The root connection (a keyset read with LIMIT, no window) and the two per-parent ones
        // (ROW_NUMBER() per parent): one statement each, whatever the number of parents; and the
        // departments' list.
        expect(
          log.statements.filter((s) => s.includes('ROW_NUMBER() OVER')),
          log.statements.join('\n'),
        ).toHaveLength(2);
        // The root page: its rows read straight off the table (no derived table), LIMIT last.
        expect(log.statements.filter((s) => s.endsWith(' LIMIT ?') && !s.includes(' OVER (') && !s.includes('`__g`'))).toHaveLength(1);
        expect(log.statements).toHaveLength(4);
      });
    }
  }

  it('pages nested lists per parent with ROW_NUMBER() in one statement that joins their to-one relations', async () => {
    const log: StatementLog = { statements: [] };
    const ds = await databases.open(rainier, (pool) => countingPool(pool, log));
    h = await createHarness(rainier, ds, rainierRows(20, 2000));
    log.statements = [];
    const groups = await ds.getByFields('Employee', ['departmentDeptNo'], [['D00'], ['D01']], {
      orderBy: [{ field: 'empNo', direction: 'DESC' }],
      limit: 2,
      offset: 1,
      select: ['empNo'],
      include: [{ relation: 'workspace', select: [], include: [{ relation: 'location', select: ['city'] }] }],
    });
    expect(log.statements).toHaveLength(1);
    expect(log.statements[0]).toMatch(
      /ROW_NUMBER\(\) OVER \(PARTITION BY `departmentDeptNo`.* LEFT JOIN `Workspace` .* LEFT JOIN `Building` /,
    );
    const data = {
      departments: groups.map((g) => ({
        employees: g.map((e) => ({
          empNo: e['empNo'],
          workspace: { location: { city: e[INCLUDED]!['workspace']![INCLUDED]!['location']!['city'] } },
        })),
      })),
    };
    expect(log.statements.join('\n')).not.toMatch(/LIMIT/);
    // Department D00 has E01980, E01960, … : offset 1 skips E01980.
    expect(data.departments[0]!.employees).toEqual([
      { empNo: 'E01960', workspace: { location: { city: 'City 0' } } },
      { empNo: 'E01940', workspace: { location: { city: 'City 0' } } },
    ]);
    for (const d of data.departments) expect(d.employees).toHaveLength(2);
    h = undefined;
    await ds.close();
  });

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
      const rows = await ds.getByKeys('Employee', keys, { select: ['firstName'] });
      expect(log.statements).toHaveLength(3);
      expect(rows.filter((r) => r !== null)).toHaveLength(2000);
      expect(rows[1999]).toEqual({ empNo: 'E01999', firstName: 'First1999' });
      expect(rows[2000]).toBeNull();
    } finally {
      h = undefined;
      await ds.close();
    }
  });
  it('filters by key, on includes and on write guards add no statement', async () => {
    const log: StatementLog = { statements: [] };
    const ds = await databases.open(rainier, (pool) => countingPool(pool, log));
    try {
      h = await createHarness(rainier, ds, rainierRows(2, 10));
      log.statements = [];
      const inD0 = { kind: 'compare', field: 'departmentDeptNo', op: 'eq', value: 'D00' } as const;
      const rows = await ds.getByKeys('Employee', [['E00000'], ['E00001'], ['E00002']], {
        select: ['firstName'],
        where: inD0,
        include: [{ relation: 'department', select: ['deptName'], where: { kind: 'isNull', field: 'deptName', isNull: false } }],
      });
      expect(rows.map((r) => r?.['empNo'] ?? null)).toEqual(['E00000', null, 'E00002']);
      expect(log.statements).toHaveLength(1);
      expect(log.statements[0]).toMatch(/ LEFT JOIN `Department` AS `__i1` ON .* AND `__i1`.`deptName` IS NOT NULL WHERE .* AND /);
      log.statements = [];
      await ds.update('Employee', ['E00000'], { lastName: 'X' }, { where: inD0 });
      await expect(ds.delete('Employee', ['E00001'], { where: inD0 })).rejects.toThrow(/does not exist/);
      expect(log.statements.map((s) => s.split(' ')[0])).toEqual(['START', 'SELECT', 'UPDATE', 'COMMIT', 'START', 'SELECT', 'ROLLBACK']);
      expect(log.statements[1]).toMatch(/ AND `departmentDeptNo` = \? FOR UPDATE$/);
    } finally {
      h = undefined;
      await ds.close();
    }
  });
});
