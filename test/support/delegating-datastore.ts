/**
 * A Datastore that passes every call on to another, except the methods given: the base of the
 * tests' wrappers (delays, failures, stripped includes), which then write only what they change.
 */
import type { Datastore } from '../../src/datastore/datastore.js';

/** `inner` with `overrides` in place of its methods of the same name; the rest delegate unchanged. */
export function delegating(inner: Datastore, overrides: Partial<Datastore> = {}): Datastore {
  return {
    getByKeys: (entity, keys, query) => inner.getByKeys(entity, keys, query),
    getByFields: (entity, fields, values, query) => inner.getByFields(entity, fields, values, query),
    list: (entity, query) => inner.list(entity, query),
    aggregate: (entity, query) => inner.aggregate(entity, query),
    connection: (entity, query) => inner.connection(entity, query),
    insert: (entity, rows, options) => inner.insert(entity, rows, options),
    update: (entity, key, patch, guard) => inner.update(entity, key, patch, guard),
    delete: (entity, key, guard) => inner.delete(entity, key, guard),
    upsert: (entity, rows, updateFields) => inner.upsert(entity, rows, updateFields),
    updateWhere: (entity, filter, patch, max, options) => inner.updateWhere(entity, filter, patch, max, options),
    deleteWhere: (entity, filter, max) => inner.deleteWhere(entity, filter, max),
    transaction: (work) => inner.transaction(work),
    ping: () => inner.ping(),
    close: () => inner.close(),
    ...overrides,
  };
}
