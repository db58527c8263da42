/** The role datastore's suite (test/permissions/role-suite.ts), unchanged, over MySQL / MariaDB. */
import { useStores } from '../datastore/conformance/context.js';
import { describeRoleDatastore } from '../permissions/role-suite.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('roles');

describeMysql('mysql', () => {
  describeRoleDatastore(useStores((model) => databases.open(model)));
});
