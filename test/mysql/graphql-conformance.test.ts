/** The GraphQL conformance suite, unchanged, over MySQL / MariaDB. */
import { describeGraphqlConformance } from '../graphql/conformance.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('graphql');

describeMysql('mysql', () => {
  describeGraphqlConformance('mysql', (model) => databases.open(model));
});
