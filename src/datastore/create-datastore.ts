/**
 * Opens a datastore by name. Backends register a lazy factory here (the import happens only
 * when the backend is chosen, so the in-memory store never loads a database driver); the rest of
 * the product never branches on a datastore's name.
 */
import type { ModelIR } from '../model/ir.js';
import { PersistError } from '../errors.js';
import type { Datastore } from './datastore.js';

export interface DatastoreOptions {
  /** The registered name: `inmemory`, `mysql`, … */
  datastore: string;
  /** Connection URL for backends that need one (`mysql://user:pass@host:port/db`). */
  databaseUrl?: string;
}

type DatastoreFactory = (model: ModelIR, options: DatastoreOptions) => Promise<Datastore>;

const factories: Readonly<Record<string, DatastoreFactory>> = {
  inmemory: async (model) => new (await import('./inmemory/inmemory-datastore.js')).InMemoryDatastore(model),
  mysql: async (model, options) => (await import('./mysql/index.js')).openMysqlDatastore(model, options.databaseUrl),
};

/** The names createDatastore accepts, in registration order. */
export function datastoreNames(): string[] {
  return Object.keys(factories);
}

/** Opens the named datastore for `model`; CONFIG_INVALID for an unknown name. */
export async function createDatastore(model: ModelIR, options: DatastoreOptions): Promise<Datastore> {
  const factory = Object.hasOwn(factories, options.datastore) ? factories[options.datastore] : undefined;
  if (!factory) {
    throw new PersistError('CONFIG_INVALID', `Unknown datastore '${options.datastore}' (known: ${datastoreNames().join(', ')}).`);
  }
  return factory(model, options);
}
