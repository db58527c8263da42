/**
 * A mutation whose only write is one INSERT runs it autocommitted (WriteOptions.alone,
 * transaction-session.ts): the statements sent are that INSERT alone, without START TRANSACTION
 * and COMMIT. An updateEs alone in its mutation is committed as soon as its statements are done,
 * before its answer is built. Any other mutation keeps its transaction. A sole write that fails
 * stores nothing and answers the error the in-memory reference answers.
 */
import { afterEach, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type { Filter } from '../../src/datastore/datastore.js';
import { createMysqlPool } from '../../src/datastore/mysql/mysql-pool.js';
import { DEFAULT_LIMITS } from '../../src/graphql/limits/index.js';
import { createHarness, MODES, TRANSPORTS, type GqlResponse, type Harness } from '../graphql/conformance/harness.js';
import { countingPool, type StatementLog } from '../support/counting-pool.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';
import { databaseUrl, describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('sole_write');
const rainier = loadModel('rainier');

const TRANSACTION = ['START TRANSACTION', 'COMMIT'];
const items = (orderId: string, n: number): string =>
  `[${Array.from({ length: n }, (_, i) => `{ orderId: "${orderId}", itemId: "I${i}", quantity: ${i}, notes: "n${i}" }`).join(', ')}]`;
const employee = (empNo: string, dept: string): string =>
  `{ empNo: "${empNo}", firstName: "F", lastName: "L", birthDate: "1990-01-01", gender: MALE, hireDate: "2020-01-01", departmentDeptNo: "${dept}", workspaceWorkspaceId: "W1" }`;

/** Statements that are neither START TRANSACTION nor COMMIT, by their first word. */
const verbs = (log: StatementLog): string[] => log.statements.map((s) => s.split(' ')[0]!);

describeMysql('a sole write runs autocommitted', () => {
  let h: Harness | undefined;
  let reference: Harness | undefined;
  const log: StatementLog = { statements: [] };
  afterEach(async () => {
    await h?.close();
    await reference?.close();
    h = reference = undefined;
  });

  async function open(): Promise<Harness> {
    h = await createHarness(rainier, await databases.open(rainier, (pool) => countingPool(pool, log)), rainierData());
    // Once read, the server's facts (max_allowed_packet) are not read again.
    await h.ok(`mutation { createOrderItems(data: ${items('warm', 1)}) { orderId } }`);
    log.statements = [];
    return h;
  }

  /** The answer of the in-memory reference to the same request over the same data. */
  async function referenceAnswer(query: string): Promise<GqlResponse> {
    reference = await createHarness(rainier, await createDatastore(rainier, { datastore: 'inmemory' }), rainierData());
    await reference.ok(`mutation { createOrderItems(data: ${items('warm', 1)}) { orderId } }`);
    return reference.gql(query);
  }

  it('createOrderItems of 100 rows answering stored fields only: one INSERT, no START TRANSACTION or COMMIT', async () => {
    const server = await open();
    const data = await server.ok(
      `mutation { createOrderItems(data: ${items('O9', 100)}) { orderId itemId __typename ... on OrderItem { quantity } } }`,
    );
    expect(data.createOrderItems).toHaveLength(100);
    expect(log.statements).toHaveLength(1);
    expect(log.statements[0]).toMatch(/^INSERT INTO `OrderItem`/);
    const stored = await server.ok('{ orderItems(where: { orderId: { eq: "O9" } }) { itemId } }');
    expect(stored.orderItems).toHaveLength(100);
  });

  it('keeps the transaction when a relation is answered, for nested creates and for several root fields', async () => {
    const server = await open();
    // The department is read after the insert: both in one transaction.
    await server.ok(`mutation { createEmployees(data: [${employee('E90', 'D1')}]) { empNo department { deptName } } }`);
    expect(log.statements[0]).toBe('START TRANSACTION');
    expect(log.statements.at(-1)).toBe('COMMIT');
    expect(verbs(log)).toContain('INSERT');
    log.statements = [];
    await server.ok(
      'mutation { createDepartments(data: [{ deptNo: "D9", deptName: "N", employees: { create: [' +
        employee('E91', 'D9').replace(', departmentDeptNo: "D9"', '') +
        '] } }]) { deptNo } }',
    );
    expect(verbs(log)).toEqual(['START', 'INSERT', 'INSERT', 'COMMIT']);
    log.statements = [];
    await server.ok(
      `mutation { a: createOrderItems(data: ${items('O7', 2)}) { orderId } b: createOrderItems(data: ${items('O8', 2)}) { orderId } }`,
    );
    expect(log.statements.filter((s) => TRANSACTION.includes(s))).toEqual(TRANSACTION);
    expect(verbs(log)).toEqual(['START', 'INSERT', 'INSERT', 'COMMIT']);
  });

  for (const [label, query] of [
    ['a key stored already', `mutation { createOrderItems(data: ${items('O1', 3)}) { orderId } }`],
    [
      'a key twice in the input',
      `mutation { createOrderItems(data: [{ orderId: "O5", itemId: "I", quantity: 1, notes: "" }, { orderId: "O5", itemId: "I", quantity: 2, notes: "" }]) { orderId } }`,
    ],
    ['a missing parent', `mutation { createEmployees(data: [${employee('E92', 'D1')}, ${employee('E93', 'NOPE')}]) { empNo } }`],
  ] as const) {
    it(`a failing sole write (${label}) stores nothing and answers the in-memory reference's error`, async () => {
      const server = await open();
      const before = await server.snapshot();
      log.statements = [];
      const answer = await server.gql(query);
      expect(verbs(log)[0]).toBe('INSERT');
      expect(answer.data).toBeNull();
      expect(answer).toEqual(await referenceAnswer(query));
      expect(await server.snapshot()).toEqual(before);
    });
  }

  it('a deadline passing while the sole write runs answers REQUEST_TIMEOUT saying the write may have been kept (it was)', async () => {
    const timeoutMs = 300;
    h = await createHarness(rainier, await databases.open(rainier), rainierData(), MODES[0], TRANSPORTS[0], {
      ...DEFAULT_LIMITS,
      timeoutMs,
    });
    // Another connection holds the key's lock: the sole INSERT waits on it past the deadline.
    const blocker = createMysqlPool(databaseUrl(databases.databaseOf(rainier)!));
    const held = await blocker.getConnection();
    try {
      await held.query({ sql: 'START TRANSACTION' });
      await held.query({ sql: "INSERT INTO `OrderItem` (orderId, itemId, quantity, notes) VALUES ('O3', 'I0', 1, 'held')" });
      const answer = h.gql(`mutation { createOrderItems(data: ${items('O3', 2)}) { orderId itemId } }`);
      await new Promise((resolve) => setTimeout(resolve, timeoutMs + 300));
      await held.query({ sql: 'ROLLBACK' });
      expect(await answer).toMatchObject({
        data: null,
        errors: [
          expect.objectContaining({
            message: `The request was stopped after ${timeoutMs} ms, the limit of persist.limits.timeoutMs, while its write was being committed: the write may have been kept; read it before retrying.`,
            extensions: expect.objectContaining({ code: 'REQUEST_TIMEOUT' }),
          }),
        ],
      });
      // The INSERT went on once the lock was free, and committed by itself.
      await expect
        .poll(async () => (await h!.ok('{ orderItems(where: { orderId: { eq: "O3" } }) { itemId } }')).orderItems)
        .toEqual([{ itemId: 'I0' }, { itemId: 'I1' }]);
    } finally {
      held.release();
      await blocker.end();
    }
  });

  const UPDATE_D1 = 'updateEmployees(where: { departmentDeptNo: { eq: "D1" } }, data: { lastName: "Moved" })';

  it('updateEmployees answering stored fields only: its UPDATE and read-back, then COMMIT, before the answer is built', async () => {
    const server = await open();
    const query = `mutation { ${UPDATE_D1} { affected __typename rows { empNo lastName ... on Employee { firstName } } } }`;
    const answer = await server.gql(query);
    expect(verbs(log)).toEqual(['START', 'UPDATE', 'SELECT', 'COMMIT']);
    expect(answer).toEqual(await referenceAnswer(query));
    // Through the datastore: the rows are committed (another connection reads them) when updateWhere returns.
    const d1: Filter = { kind: 'compare', field: 'departmentDeptNo', op: 'eq', value: 'D1' };
    log.statements = [];
    await server.datastore.transaction(async (tx) => {
      const rows = await tx.updateWhere('Employee', d1, { lastName: 'Again' }, 10, { alone: true });
      expect(log.statements.at(-1)).toBe('COMMIT');
      const seen = await server.datastore.list('Employee', { where: d1, select: ['empNo', 'lastName'] });
      expect(seen).toEqual(rows.map((r) => ({ empNo: r['empNo'], lastName: 'Again' })));
      // Reads after it run autocommitted; a write is refused.
      expect(await tx.getByKeys('Employee', [['E1']], { select: ['empNo', 'lastName'] })).toEqual([{ empNo: 'E1', lastName: 'Again' }]);
      await expect(tx.update('Employee', ['E1'], { lastName: 'Late' })).rejects.toThrow(/only one/);
    });
    // The refused update's locking read went out, autocommitted, before its UPDATE was refused.
    expect(verbs(log)).toEqual(['START', 'UPDATE', 'SELECT', 'COMMIT', 'SELECT', 'SELECT', 'SELECT']);
  });

  it('keeps updateEmployees in its transaction when a relation is answered, or when it is not the first statement', async () => {
    const server = await open();
    await server.ok(`mutation { ${UPDATE_D1} { affected rows { empNo department { deptName } } } }`);
    expect(log.statements[0]).toBe('START TRANSACTION');
    expect(log.statements.at(-1)).toBe('COMMIT');
    expect(log.statements.filter((s) => s === 'COMMIT')).toHaveLength(1);
    expect(verbs(log).filter((v) => v === 'SELECT').length).toBeGreaterThan(1);
    log.statements = [];
    const d1: Filter = { kind: 'compare', field: 'departmentDeptNo', op: 'eq', value: 'D1' };
    await server.datastore.transaction(async (tx) => {
      await tx.getByKeys('Employee', [['E1']]);
      await tx.updateWhere('Employee', d1, { lastName: 'Later' }, 10, { alone: true });
      expect(log.statements.at(-1)).not.toBe('COMMIT');
    });
    expect(verbs(log)).toEqual(['START', 'SELECT', 'SELECT', 'UPDATE', 'COMMIT']);
  });

  it('a failing updateEmployees alone (a missing parent) stores nothing and answers the in-memory reference’s error', async () => {
    const server = await open();
    const before = await server.snapshot();
    log.statements = [];
    const query =
      'mutation { updateEmployees(where: { departmentDeptNo: { eq: "D1" } }, data: { departmentDeptNo: "NOPE" }) { affected } }';
    const answer = await server.gql(query);
    expect(answer.data).toBeNull();
    expect(answer).toEqual(await referenceAnswer(query));
    expect(log.statements).not.toContain('COMMIT');
    expect(await server.snapshot()).toEqual(before);
  });

  it('a write outside a transaction is alone: the datastore insert is its one statement', async () => {
    const server = await open();
    const stored = await server.datastore.insert('OrderItem', [{ orderId: 'O6', itemId: 'I', quantity: 1, notes: '' }]);
    expect(stored).toEqual([{ orderId: 'O6', itemId: 'I', quantity: 1, notes: '' }]);
    expect(verbs(log)).toEqual(['INSERT']);
  });

  it('refuses a write after the sole write of a transaction, and a transaction without one keeps BEGIN … COMMIT', async () => {
    const server = await open();
    const row = { orderId: 'O4', itemId: 'I', quantity: 1, notes: '' };
    await expect(
      server.datastore.transaction(async (tx) => {
        await tx.insert('OrderItem', [row], { alone: true });
        await tx.insert('OrderItem', [{ ...row, itemId: 'J' }]);
      }),
    ).rejects.toThrow(/only one/);
    log.statements = [];
    await server.datastore.transaction(async (tx) => {
      await tx.insert('OrderItem', [{ ...row, orderId: 'O3' }]);
    });
    expect(verbs(log)).toEqual(['START', 'INSERT', 'COMMIT']);
  });
});
