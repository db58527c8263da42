/** The client suite, unchanged, over MySQL / MariaDB (required under CI=true). */
import { vi } from 'vitest';
import { describeMysql, TestDatabases } from '../mysql/mysql-test-db.js';
import { describeClientAs } from './client-as.js';
import { describeClientSuite } from './client-suite.js';
import { describeClientWrites } from './client-writes.js';
import { describeWhereConformance } from './where-conformance.js';

// As in client-inmemory.test.ts: `persist/runtime` is the runtime's source, not a build.
vi.mock('persist/runtime', () => import('../../src/client/index.js'));

const databases = new TestDatabases('client');

describeMysql('mysql', () => {
  describeClientSuite('mysql', (model) => databases.open(model));
  describeWhereConformance('mysql', (model) => databases.open(model));
  describeClientAs('mysql', (model) => databases.open(model));
  describeClientWrites('mysql', (model) => databases.open(model));
});
