/**
 * The GraphQL conformance suite: everything SPEC §3 promises, through `yoga.fetch` and over
 * HTTP, over any datastore. Each backend runs it unchanged with its own factory:
 *
 *   describeGraphqlConformance('inmemory', async (model) => createDatastore(model, { datastore: 'inmemory' }));
 *
 * `open` must return a fresh, empty datastore for the model each time it is called; the suite
 * seeds it, and closes it after each test. Files: conformance/queries (lists, filters, order,
 * paging, by key), relations, mutations, bulk-mutations, nested-inserts, nested-updates,
 * write-rollback and write-limits (SPEC §3.5), node (global object identification), bad-input (issue 3 §6), batching (datastore calls per
 * request, selected fields, a 10,000-row insert), server (/health, GraphiQL, masking). Every
 * answer written from rows (src/graphql/json-answer/) is checked against graphql-js's (written-audit.ts).
 */
import { describe } from 'vitest';
import type { Datastore } from '../../src/datastore/datastore.js';
import type { ModelIR } from '../../src/model/ir.js';
import { describeAggregates } from './conformance/aggregates.js';
import { describeConnections } from './conformance/connections.js';
import { describeBadInput } from './conformance/bad-input.js';
import { describeBatching } from './conformance/batching.js';
import { describeBulkMutations } from './conformance/bulk-mutations.js';
import { MODES, TRANSPORTS } from './conformance/harness.js';
import { describeMutations } from './conformance/mutations.js';
import { describeNode } from './conformance/node.js';
import { describeNestedInserts } from './conformance/nested-inserts.js';
import { describeNestedUpdates } from './conformance/nested-updates.js';
import { describeQueries } from './conformance/queries.js';
import { describeRelationFilters } from './conformance/relation-filters.js';
import { describeRelations } from './conformance/relations.js';
import { describeServer } from './conformance/server.js';
import { describeWriteLimits } from './conformance/write-limits.js';
import { describeWriteRollback } from './conformance/write-rollback.js';
import { auditWrittenAnswers } from './conformance/written-audit.js';
import { loadModel } from '../support/models.js';

export function describeGraphqlConformance(name: string, open: (model: ModelIR) => Promise<Datastore>): void {
  const features = loadModel('features');
  const rainier = loadModel('rainier');
  // Every answer written from rows is compared with graphql-js's, byte for byte (written-audit.ts).
  auditWrittenAnswers({ atLeast: 50 });
  // Every test runs through yoga.fetch and over HTTP through the node handler `persist serve`
  // listens with, whose lean path must answer exactly as Yoga does.
  for (const transport of TRANSPORTS) {
    describe(`GraphQL conformance: ${name} (${transport.name})`, () => {
      describeQueries(open, features, transport);
      describeBadInput(open, features, transport);
      // Writes of many rows select nothing below their rows that depends on the mode: once is enough.
      describeWriteRollback(open, features, MODES[0]!, transport);
      describeWriteLimits(open, features, MODES[0]!, transport);
      // Everything that resolves relations runs with the level prefetch and with DataLoaders only.
      for (const mode of MODES) {
        describeRelations(open, features, mode, transport);
        describeRelationFilters(open, features, mode, transport);
        describeMutations(open, features, mode, transport);
        describeBulkMutations(open, features, mode, transport);
        describeNestedInserts(open, features, mode, transport);
        describeNestedUpdates(open, features, mode, transport);
        describeBatching(open, rainier, mode, transport);
        describeAggregates(open, features, mode, transport);
        describeNode(open, rainier, features, mode, transport);
        describeConnections(open, features, mode, transport);
      }
      describeServer(open, rainier, transport);
    });
  }
}
