/** graphql-http's audit of `persist serve`'s handler over MySQL / MariaDB. */
import { describeGraphqlHttpAudit } from '../server/graphql-http-audit.js';
import { features } from '../server/lean-parity-kit.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('audit');

describeMysql('mysql', () => {
  describeGraphqlHttpAudit('mysql', () => databases.open(features));
});
