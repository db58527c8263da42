/**
 * The datastore conformance suite: every backend must give these answers and these errors. Each
 * test opens a fresh, empty datastore through `open` (the MySQL suite creates a fresh database)
 * and closes it afterwards.
 */
import { describe } from 'vitest';
import { useStores, type OpenDatastore } from './conformance/context.js';
import { describeBulkWrites } from './conformance/bulk-writes.js';
import { describeAggregates } from './conformance/aggregates.js';
import { describeConnections } from './conformance/connections.js';
import { describeConstraints } from './conformance/constraints.js';
import { describeCopies } from './conformance/copies.js';
import { describeFilteredAccess } from './conformance/filtered-access.js';
import { describeGetByFields } from './conformance/get-by-fields.js';
import { describeGetByKeys } from './conformance/get-by-keys.js';
import { describeIncludes } from './conformance/includes.js';
import { describeInsert } from './conformance/insert.js';
import { describeInsertValues } from './conformance/insert-values.js';
import { describeListFilters } from './conformance/list-filters.js';
import { describeListOrder } from './conformance/list-order.js';
import { describeListStrings } from './conformance/list-strings.js';
import { describeRelationFilters } from './conformance/relation-filters.js';
import { describeTransactions } from './conformance/transactions.js';
import { describeUniqueIndexes } from './conformance/unique-indexes.js';
import { describeDelete, describeUpdate } from './conformance/update-delete.js';

export type { OpenDatastore };

/** Registers the whole suite for one backend under `describe(name)`. */
export function describeDatastoreConformance(name: string, open: OpenDatastore): void {
  describe(`datastore conformance: ${name}`, () => {
    const stores = useStores(open);
    describeGetByKeys(stores);
    describeGetByFields(stores);
    describeIncludes(stores);
    describeListFilters(stores);
    describeListStrings(stores);
    describeListOrder(stores);
    describeRelationFilters(stores);
    describeInsert(stores);
    describeInsertValues(stores);
    describeUpdate(stores);
    describeDelete(stores);
    describeUniqueIndexes(stores);
    describeConstraints(stores);
    describeBulkWrites(stores);
    describeTransactions(stores);
    describeCopies(stores);
    describeFilteredAccess(stores);
    describeAggregates(stores);
    describeConnections(stores);
  });
}
