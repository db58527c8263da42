/** The permission conformance suite, unchanged, over MySQL / MariaDB: row filters in SQL. */
import { describePermissionConformance } from '../graphql/permissions/permission-conformance.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('permissions');

describeMysql('mysql', () => {
  describePermissionConformance('mysql', (model) => databases.open(model));
});
