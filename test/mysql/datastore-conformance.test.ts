/** The datastore conformance suite, unchanged, over MySQL / MariaDB. */
import { describeDatastoreConformance } from '../datastore/conformance.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('datastore');

describeMysql('mysql', () => {
  describeDatastoreConformance('mysql', (model) => databases.open(model));
});
