/**
 * The set-up of the MySQL suites of the mutations' short paths (update-first.test.ts,
 * written-rows.test.ts): a harness over a fresh rainier database whose statements are logged, a
 * connection of its own to that database, and the in-memory reference's answer; all closed after
 * each test. Call inside the suite's `describe`.
 */
import mysql from 'mysql2/promise';
import { afterEach } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type { Row } from '../../src/datastore/datastore.js';
import type { MysqlPool } from '../../src/datastore/mysql/index.js';
import { DEFAULT_LIMITS } from '../../src/graphql/limits/index.js';
import type { ModelIR } from '../../src/model/ir.js';
import { databaseUrl, type TestDatabases } from './mysql-test-db.js';
import { createHarness, MODES, TRANSPORTS, type GqlResponse, type Harness } from '../graphql/conformance/harness.js';
import { countingPool, type StatementLog } from '../support/counting-pool.js';
import { rainierData } from '../support/sample-data.js';

/** An Employee row of the rainier model in department `dept`, workspace W1, its fields in column order; `extra` sets fields. */
export const employeeRow = (empNo: string, dept: string, extra: Row = {}): Row => ({
  empNo,
  firstName: 'F',
  lastName: 'L',
  birthDate: '1990-01-01',
  gender: 'FEMALE',
  hireDate: '2020-01-01',
  departmentDeptNo: dept,
  workspaceWorkspaceId: 'W1',
  ...extra,
});

export interface MutationHarness {
  /** The statements of the harness's datastore since `open` (or since the test emptied it). */
  log: StatementLog;
  /** A harness over the database, its pool wrapped by `wrap`, the default limits with `maxAffectedRows`. */
  open(wrap?: (pool: MysqlPool) => MysqlPool, maxAffectedRows?: number): Promise<Harness>;
  /** A connection of its own to the test database (not through the datastore). */
  connect(): Promise<mysql.Connection>;
  /** The in-memory reference over the same data (closed after the test). */
  reference(maxAffectedRows?: number): Promise<Harness>;
  /** What the in-memory reference answers to `query`. */
  referenceAnswer(query: string, maxAffectedRows?: number): Promise<GqlResponse>;
}

export function mutationHarness(databases: TestDatabases, rainier: ModelIR): MutationHarness {
  let h: Harness | undefined;
  let reference: Harness | undefined;
  let raw: mysql.Connection | undefined;
  const log: StatementLog = { statements: [] };
  afterEach(async () => {
    await h?.close();
    await reference?.close();
    await raw?.end();
    h = reference = raw = undefined;
  });
  const referenceHarness = async (maxAffectedRows = DEFAULT_LIMITS.maxAffectedRows): Promise<Harness> => {
    const datastore = await createDatastore(rainier, { datastore: 'inmemory' });
    return (reference = await createHarness(rainier, datastore, rainierData(), MODES[0], TRANSPORTS[0], {
      ...DEFAULT_LIMITS,
      maxAffectedRows,
    }));
  };
  return {
    log,
    reference: referenceHarness,
    async open(wrap = (p) => p, maxAffectedRows = DEFAULT_LIMITS.maxAffectedRows) {
      const datastore = await databases.open(rainier, (pool) => countingPool(wrap(pool), log));
      h = await createHarness(rainier, datastore, rainierData(), MODES[0], TRANSPORTS[0], { ...DEFAULT_LIMITS, maxAffectedRows });
      await h.ok('{ employees { empNo } }');
      log.statements = [];
      return h;
    },
    async connect() {
      return (raw = await mysql.createConnection({ uri: databaseUrl(databases.databaseOf(rainier)!), dateStrings: true }));
    },
    async referenceAnswer(query, maxAffectedRows) {
      return (await referenceHarness(maxAffectedRows)).gql(query);
    },
  };
}
