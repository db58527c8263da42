/**
 * Children answered from the rows a transaction inserted (src/datastore/mysql/written-rows.ts):
 * a `createDepartments` with nested employees that answers them sends START, the two INSERTs and
 * COMMIT, no read-back, and answers what the read-back (and the in-memory reference) answers.
 * And the read goes to the database whenever its rows might differ from those inserted: an
 * earlier UPDATE in the transaction moving a stored row under the new parent, a trigger, a
 * missing FOREIGN KEY (an orphan that already refers to the new key), a read with a filter, a
 * savepoint rolled back.
 */
import { expect, it } from 'vitest';
import { describeMysql, TestDatabases } from './mysql-test-db.js';
import { employeeRow, mutationHarness } from './mutation-harness.js';
import type { GqlResponse, Harness } from '../graphql/conformance/harness.js';
import type { StatementLog } from '../support/counting-pool.js';
import { loadModel } from '../support/models.js';

const databases = new TestDatabases('written_rows');
const rainier = loadModel('rainier');

/** The statements of `log` by their first word, without the schema facts read once per datastore. */
const verbs = (log: StatementLog): string[] =>
  log.statements.filter((s) => !/information_schema|@@foreign_key_checks/.test(s)).map((s) => s.split(' ')[0]!);

const CREATE = (deptNo: string, empNos: string[]): string =>
  `mutation { createDepartments(data: [{ deptNo: "${deptNo}", deptName: "N", employees: { create: [${empNos
    .map(
      (e) =>
        `{ empNo: "${e}", firstName: "F${e}", lastName: "L", birthDate: "1990-01-01", gender: FEMALE, hireDate: "2020-01-0${e.length % 9 || 1}", workspaceWorkspaceId: "W1" }`,
    )
    .join(', ')}] } }]) { deptNo deptName employees { empNo firstName lastName gender hireDate } } }`;

describeMysql('children answered from the rows a transaction inserted', () => {
  const { log, open, connect, referenceAnswer } = mutationHarness(databases, rainier);

  /** The department's employees as a later request reads them from the database. */
  async function readBack(server: Harness, deptNo: string): Promise<unknown> {
    const { data } = await server.gql(`{ department(deptNo: "${deptNo}") { employees { empNo firstName lastName gender hireDate } } }`);
    return (data as { department: { employees: unknown } }).department.employees;
  }

  const employeesOf = (answer: GqlResponse): unknown =>
    (answer.data as { createDepartments: { employees: unknown }[] }).createDepartments[0]!.employees;

  it('sends no read-back, and answers what the read-back and the in-memory reference answer', async () => {
    const server = await open();
    // Keys out of key order in the input: the answer is in key order, as ORDER BY reads it.
    const query = CREATE('DN', ['E9', 'E10', 'Ea', 'EZ', 'E1x']);
    const answer = await server.gql(query);
    expect(verbs(log)).toEqual(['START', 'INSERT', 'INSERT', 'COMMIT']);
    expect(answer).toEqual(await referenceAnswer(query));
    expect(employeesOf(answer)).toEqual(await readBack(server, 'DN'));
    expect((employeesOf(answer) as { empNo: string }[]).map((e) => e.empNo)).toEqual(['E10', 'E1x', 'E9', 'EZ', 'Ea']);
  });

  it('reads back when the transaction moved a stored row under the new parent before the read', async () => {
    const server = await open();
    log.statements = [];
    const rows = await server.datastore.transaction(async (tx) => {
      await tx.insert('Department', [{ deptNo: 'DM', deptName: 'M' }]);
      await tx.insert('Employee', [employeeRow('EM1', 'DM')]);
      await tx.update('Employee', ['E1'], { departmentDeptNo: 'DM' });
      return tx.getByFields('Employee', ['departmentDeptNo'], [['DM']], { select: ['empNo', 'departmentDeptNo'] });
    });
    expect(rows[0]!.map((r) => r['empNo'])).toEqual(['E1', 'EM1']);
    expect(verbs(log)).toContain('SELECT');
  });

  it('reads back after a savepoint, and for a read with a filter', async () => {
    const server = await open();
    log.statements = [];
    const rows = await server.datastore.transaction(async (tx) => {
      await tx.insert('Department', [{ deptNo: 'DS', deptName: 'S' }]);
      await tx.transaction(async (inner) => inner.insert('Employee', [employeeRow('ES1', 'DS')]));
      const filtered = await tx.getByFields('Employee', ['departmentDeptNo'], [['DS']], {
        select: ['empNo'],
        where: { kind: 'compare', field: 'empNo', op: 'eq', value: 'ES1' },
      });
      return [filtered, await tx.getByFields('Employee', ['departmentDeptNo'], [['DS']], { select: ['empNo'] })];
    });
    expect(rows.map((r) => r[0]!.map((e) => e['empNo']))).toEqual([['ES1'], ['ES1']]);
    expect(verbs(log).filter((v) => v === 'SELECT')).toHaveLength(2);
  });

  it('reads back when a trigger could change rows, and answers what the trigger made of them', async () => {
    await open();
    const c = await connect();
    await c.query(
      "CREATE TRIGGER written_rows_upper BEFORE INSERT ON Employee FOR EACH ROW SET NEW.firstName = CONCAT(NEW.firstName, '!')",
    );
    try {
      const server = await open();
      const answer = await server.gql(CREATE('DT', ['ET1', 'ET2']));
      expect(verbs(log)).toEqual(['START', 'INSERT', 'INSERT', 'SELECT', 'COMMIT']);
      expect((employeesOf(answer) as { firstName: string }[]).map((e) => e.firstName)).toEqual(['FET1!', 'FET2!']);
      expect(employeesOf(answer)).toEqual(await readBack(server, 'DT'));
    } finally {
      await c.query('DROP TRIGGER written_rows_upper');
    }
  });

  it('a DB default on a column changes nothing: the INSERT names every column', async () => {
    await open();
    const c = await connect();
    await c.query("ALTER TABLE Employee ALTER COLUMN firstName SET DEFAULT 'from-default'");
    try {
      const server = await open();
      const answer = await server.gql(CREATE('DD', ['ED1']));
      expect(log.statements[2]).toMatch(
        /^INSERT INTO `Employee` \(`empNo`, `firstName`, `lastName`, `birthDate`, `gender`, `hireDate`, `departmentDeptNo`, `workspaceWorkspaceId`\)/,
      );
      expect(verbs(log)).toEqual(['START', 'INSERT', 'INSERT', 'COMMIT']);
      expect(employeesOf(answer)).toEqual(await readBack(server, 'DD'));
    } finally {
      await c.query('ALTER TABLE Employee ALTER COLUMN firstName DROP DEFAULT');
    }
  });

  // Last: it drops the FOREIGN KEY of Employee.department from the file's database.
  it('reads back without the FOREIGN KEY, and answers the orphan that already referred to the new key', async () => {
    await open();
    const c = await connect();
    const [fks] = (await c.query(
      "SELECT CONSTRAINT_NAME AS name FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Employee' AND COLUMN_NAME = 'departmentDeptNo' AND REFERENCED_TABLE_NAME IS NOT NULL",
    )) as [{ name: string }[], unknown];
    expect(fks).toHaveLength(1);
    await c.query(`ALTER TABLE Employee DROP FOREIGN KEY \`${fks[0]!.name}\``);
    const server = await open();
    await c.query(
      "INSERT INTO Employee VALUES ('EO', 'Orphan', 'L', '1990-01-01', 'MALE', '2020-01-01', 'DO', 'W1')".replace(
        'VALUES',
        '(empNo, firstName, lastName, birthDate, gender, hireDate, departmentDeptNo, workspaceWorkspaceId) VALUES',
      ),
    );
    log.statements = [];
    const answer = await server.gql(CREATE('DO', ['EO1']));
    expect(verbs(log)).toEqual(['START', 'INSERT', 'INSERT', 'SELECT', 'COMMIT']);
    expect((employeesOf(answer) as { empNo: string }[]).map((e) => e.empNo)).toEqual(['EO', 'EO1']);
  });
});
