/**
 * updateWhere's short path (src/datastore/mysql/sql-update-first.ts): the UPDATE by the filter,
 * then the rows read back by it, as a transaction's first statements. Pinned here: the statements
 * it sends, when it steps aside for the general path (locking read, then UPDATE by key), that
 * every refusal answers and keeps what the general path does, that a read-back returning other
 * rows than the UPDATE matched is rolled back and answered by the general path, and that under
 * concurrent inserts and moves into the filter every answer is exactly the rows its UPDATE wrote.
 */
import mysql from 'mysql2/promise';
import { expect, it } from 'vitest';
import type { Datastore, Filter, Row } from '../../src/datastore/datastore.js';
import type { MysqlDatastore, MysqlPool } from '../../src/datastore/mysql/index.js';
import { databaseUrl, describeMysql, TestDatabases } from './mysql-test-db.js';
import { employeeRow, mutationHarness } from './mutation-harness.js';
import type { StatementLog } from '../support/counting-pool.js';
import { loadModel } from '../support/models.js';

const databases = new TestDatabases('update_first');
const rainier = loadModel('rainier');
const D1: Filter = { kind: 'compare', field: 'departmentDeptNo', op: 'eq', value: 'D1' };
const FEMALE: Filter = { kind: 'compare', field: 'gender', op: 'eq', value: 'FEMALE' };

/** The statements of `log` by their first word, `FOR UPDATE` marking a locking read. */
const verbs = (log: StatementLog): string[] => log.statements.map((s) => (s.endsWith('FOR UPDATE') ? 'LOCK' : s.split(' ')[0]!));

const employee = employeeRow;

/** Every connection of `pool` in `level` (READ UNCOMMITTED: an uncommitted row is read, not waited for). */
const isolated =
  (level: string) =>
  (pool: MysqlPool): MysqlPool => ({
    ...pool,
    getConnection: async (lane) => {
      const c = await pool.getConnection(lane);
      await c.query({ sql: `SET SESSION TRANSACTION ISOLATION LEVEL ${level}` });
      return c;
    },
  });

describeMysql('updateWhere, the UPDATE by the filter first', () => {
  const { log, open, connect, reference, referenceAnswer } = mutationHarness(databases, rainier);

  it('sends UPDATE and the read-back, then COMMIT, and answers as the in-memory reference', async () => {
    const server = await open();
    const query =
      'mutation { updateEmployees(where: { departmentDeptNo: { eq: "D1" } }, data: { lastName: "Moved", hireDate: "2030-01-02" }) { affected rows { empNo firstName lastName hireDate departmentDeptNo } } }';
    const answer = await server.gql(query);
    expect(verbs(log)).toEqual(['START', 'UPDATE', 'SELECT', 'COMMIT']);
    expect(log.statements[1]).toMatch(/^UPDATE `Employee` SET .* WHERE .* ORDER BY `empNo` ASC LIMIT \?$/);
    expect(answer).toEqual(await referenceAnswer(query));
    expect((answer.data as { updateEmployees: { affected: number } }).updateEmployees.affected).toBe(4);
  });

  it('steps aside when the filter tests a field the patch sets, has a relation condition, or is not the first statement', async () => {
    const server = await open();
    const datastore: Datastore = server.datastore;
    const smiths: Filter = { kind: 'compare', field: 'lastName', op: 'eq', value: 'Smith' };
    const inEngineering: Filter = {
      kind: 'relation',
      field: 'department',
      quantifier: 'some',
      filter: { kind: 'compare', field: 'deptName', op: 'eq', value: 'Engineering' },
    };
    for (const [filter, patch] of [
      [smiths, { lastName: 'Smyth' }],
      [{ kind: 'not', filter: { kind: 'or', filters: [D1, smiths] } }, { lastName: 'Smyth' }],
      [inEngineering, { firstName: 'X' }],
    ] as [Filter, Row][]) {
      log.statements = [];
      const rows = await datastore.updateWhere('Employee', filter, patch, 100);
      expect(verbs(log)).toEqual(['START', 'LOCK', ...(rows.length === 0 ? [] : ['UPDATE']), 'COMMIT']);
    }
    log.statements = [];
    await datastore.transaction(async (tx) => {
      await tx.getByKeys('Employee', [['E1']]);
      await tx.updateWhere('Employee', D1, { firstName: 'Y' }, 100);
    });
    expect(verbs(log)).toEqual(['START', 'SELECT', 'LOCK', 'UPDATE', 'COMMIT']);
  });

  it('a patch with a bad value is refused by the general path, in its order of checks', async () => {
    const server = await open();
    const inMemory = (await reference()).datastore;
    for (const max of [100, 1]) {
      log.statements = [];
      const refusal = server.datastore.updateWhere('Employee', D1, { hireDate: 'soon' }, max);
      await expect(refusal).rejects.toEqual(await inMemory.updateWhere('Employee', D1, { hireDate: 'soon' }, max).catch((e: unknown) => e));
      expect(verbs(log)).toEqual(['START', 'LOCK', 'ROLLBACK']);
    }
  });

  for (const [label, data, first] of [
    ['a missing parent', 'data: { departmentDeptNo: "NOPE" }', ['START', 'LOCK']],
    ['a missing parent, on the short path', 'data: { workspaceWorkspaceId: "NOPE" }', ['START', 'UPDATE', 'SELECT', 'LOCK']],
  ] as const)
    it(`a refused update (${label}) answers the reference's error and keeps nothing`, async () => {
      const server = await open();
      const before = await server.snapshot();
      log.statements = [];
      const query = `mutation { updateEmployees(where: { departmentDeptNo: { eq: "D1" } }, ${data}) { affected } }`;
      const answer = await server.gql(query);
      expect(answer.data).toBeNull();
      expect(answer).toEqual(await referenceAnswer(query));
      expect(verbs(log).slice(0, first.length)).toEqual(first);
      expect(log.statements).not.toContain('COMMIT');
      expect(await server.snapshot()).toEqual(before);
    });

  it('over maxAffectedRows: rolled back, the general path’s error, nothing kept', async () => {
    const server = await open((p) => p, 3);
    const before = await server.snapshot();
    log.statements = [];
    const query = 'mutation { updateEmployees(where: { departmentDeptNo: { eq: "D1" } }, data: { lastName: "Over" }) { affected } }';
    const answer = await server.gql(query);
    expect(answer).toEqual(await referenceAnswer(query, 3));
    expect(answer.errors?.[0]?.message).toMatch(/the limit maxAffectedRows: nothing was changed/);
    expect(verbs(log)).toEqual(['START', 'UPDATE', 'SELECT', 'ROLLBACK']);
    expect(log.statements[1]).toMatch(/LIMIT \?$/);
    expect(await server.snapshot()).toEqual(before);
    // Exactly at the limit it runs.
    log.statements = [];
    const within = await server.datastore.updateWhere('Employee', D1, { lastName: 'Four' }, 4);
    expect(within.map((r) => r['empNo'])).toEqual(['E1', 'E2', 'E4', 'E6']);
    expect(verbs(log)).toEqual(['START', 'UPDATE', 'SELECT', 'COMMIT']);
  });

  it('a read-back with a row the UPDATE did not match is rolled back and the general path answers', async () => {
    // READ UNCOMMITTED: the UPDATE's scan of the key order passes over a row another transaction
    // inserted and has not committed (InnoDB's semi-consistent read); the read-back reads it.
    const server = await open(isolated('READ UNCOMMITTED'));
    const other = await connect();
    await other.query('START TRANSACTION');
    await other.query(
      'INSERT INTO Employee (empNo, firstName, lastName, birthDate, gender, hireDate, departmentDeptNo, workspaceWorkspaceId) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      Object.values(employee('E0', 'D2')),
    );
    const updating = server.datastore.updateWhere('Employee', FEMALE, { firstName: 'Z' }, 100);
    // The general path's locking read waits for the uncommitted row, which then goes.
    await expect.poll(() => verbs(log)).toContain('LOCK');
    await other.query('ROLLBACK');
    const rows = await updating;
    expect(verbs(log)).toEqual(['START', 'UPDATE', 'SELECT', 'ROLLBACK', 'START', 'LOCK', 'UPDATE', 'COMMIT']);
    expect(rows.map((r) => [r['empNo'], r['firstName']])).toEqual([
      ['E1', 'Z'],
      ['E4', 'Z'],
      ['E6', 'Z'],
    ]);
  });

  // REPEATABLE READ (the default): the UPDATE's next-key locks keep every other row out, the short
  // path always answers. READ COMMITTED: rows do enter the filter between the two statements (the
  // count check then sends the update down the general path), and the answers stay exact.
  for (const [level, shortOnly] of [
    ['REPEATABLE READ', true],
    ['READ COMMITTED', false],
  ] as const)
    it(
      `under concurrent inserts into the filter and moves in and out of it (${level}), every answer is the rows its UPDATE wrote`,
      { timeout: 60_000 },
      async () => {
        const server = await open(isolated(level));
        const datastore = server.datastore as MysqlDatastore;
        const admin = await connect();
        // What each UPDATE wrote, row by row, committed with it (a trigger: rows it changed the lastName of).
        await admin.query('CREATE TABLE update_log (tag VARCHAR(64) NOT NULL, empNo VARCHAR(191) NOT NULL)');
        await admin.query(
          'CREATE TRIGGER employee_update_log AFTER UPDATE ON Employee FOR EACH ROW BEGIN IF NOT (NEW.lastName <=> OLD.lastName) THEN INSERT INTO update_log VALUES (NEW.lastName, NEW.empNo); END IF; END',
        );
        try {
          for (let i = 0; i < 40; i++)
            await datastore.insert('Employee', [employee(`S${String(i).padStart(2, '0')}`, i % 2 === 0 ? 'D1' : 'D2')]);
          const disturbers = await Promise.all(
            [1, 2, 3].map(() => mysql.createConnection({ uri: databaseUrl(databases.databaseOf(rainier)!) })),
          );
          let stop = false;
          const disturb = async (c: mysql.Connection, n: number): Promise<void> => {
            for (let i = 0; !stop; i++) {
              const empNo = `S${String((i * 7 + n * 13) % 40).padStart(2, '0')}`;
              try {
                if (n === 0)
                  await c.query(
                    'INSERT INTO Employee SELECT CONCAT(empNo, ?), firstName, lastName, birthDate, gender, hireDate, ?, workspaceWorkspaceId FROM Employee WHERE empNo = ?',
                    [`-${i}`, 'D1', empNo],
                  );
                else
                  await c.query('UPDATE Employee SET departmentDeptNo = IF(departmentDeptNo = ?, ?, ?) WHERE empNo = ?', [
                    'D1',
                    'D2',
                    'D1',
                    empNo,
                  ]);
              } catch {
                // A deadlock victim: the next one.
              }
            }
          };
          const running = disturbers.map((c, n) => disturb(c, n));
          log.statements = [];
          const answers = await Promise.all(
            Array.from({ length: 40 }, async (_, i) => ({
              tag: `T${i}`,
              rows: await datastore.updateWhere('Employee', D1, { lastName: `T${i}` }, 10_000),
            })),
          );
          stop = true;
          await Promise.all(running);
          await Promise.all(disturbers.map((c) => c.end()));
          if (shortOnly) expect(log.statements.some((s) => s.endsWith('FOR UPDATE'))).toBe(false);
          // The rows in the filter changed while the updates ran.
          expect(new Set(answers.map((a) => a.rows.length)).size).toBeGreaterThan(1);
          const [logged] = (await admin.query('SELECT tag, empNo FROM update_log ORDER BY tag, empNo')) as unknown as [
            { tag: string; empNo: string }[],
          ];
          for (const { tag, rows } of answers) {
            const written = logged.filter((l) => l.tag === tag).map((l) => l.empNo);
            expect({ tag, rows: rows.map((r) => r['empNo']).sort() }).toEqual({ tag, rows: written.sort() });
            for (const r of rows) expect(r).toMatchObject({ lastName: tag, departmentDeptNo: 'D1' });
          }
        } finally {
          await admin.query('DROP TRIGGER IF EXISTS employee_update_log');
          await admin.query('DROP TABLE IF EXISTS update_log');
        }
      },
    );
});
