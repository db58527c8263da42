/** graphql-http's audit over the in-memory datastore (test/mysql/graphql-http-audit.test.ts: over MySQL). */
import { describeGraphqlHttpAudit } from './graphql-http-audit.js';
import { seededFeatures } from './lean-parity-kit.js';

describeGraphqlHttpAudit('inmemory', seededFeatures);
