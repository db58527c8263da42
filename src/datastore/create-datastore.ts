/**
 * The datastore registry: every backend is one entry that says what it can do. The rest of the
 * product asks an entry's capabilities (can it push a schema? does it start empty, so that sample
 * data is loaded into it?) and never compares a datastore's name. A new backend is one folder
 * under src/datastore plus one line here.
 *
 * Entries import their backend lazily (only when it is chosen), so the in-memory store never
 * loads a database driver.
 */
import type { ModelIR } from '../model/ir.js';
import { PersistError } from '../errors.js';
import type { Datastore } from './datastore.js';
import type { DatastoreBackend, DatastoreLimits, DatastoreOptions, PushOutcome } from './datastore-backend.js';

export type { DatastoreBackend, DatastoreLimits, DatastoreOptions, PushOutcome };

const REGISTRY = {
  inmemory: {
    title: 'in-memory',
    open: async (model) => new (await import('./inmemory/inmemory-datastore.js')).InMemoryDatastore(model),
    ephemeral: true,
    urlSchemes: [],
  },
  mysql: {
    title: 'MySQL',
    open: async (model, options) => (await import('./mysql/index.js')).openMysqlDatastore(model, options.databaseUrl, options.limits),
    ephemeral: false,
    urlSchemes: ['mysql:', 'mariadb:'],
    pushSchema: async (model, options) => (await import('./mysql/index.js')).pushMysqlSchema(model, options.databaseUrl ?? ''),
  },
  googlesheets: {
    title: 'Google Sheets',
    open: async (model, options) => (await import('./googlesheets/index.js')).openSheetsDatastore(model, options),
    ephemeral: false,
    urlSchemes: [],
    storageNouns: { table: 'sheet', database: 'spreadsheet' },
    sqlScript: false,
    starter: {
      config:
        '  # The spreadsheet and how to reach it: see docs/googlesheets.md.\n' +
        '  googlesheets:\n' +
        "    # The id in the spreadsheet's URL: https://docs.google.com/spreadsheets/d/<id>/edit\n" +
        '    spreadsheetId: ${GOOGLE_SHEETS_SPREADSHEET_ID}\n' +
        "    # A service account's JSON key (share the spreadsheet with its e-mail as an editor); or instead\n" +
        '    # an OAuth client: { clientId: ${GOOGLE_CLIENT_ID}, clientSecret: ${GOOGLE_CLIENT_SECRET}, refreshToken: ${GOOGLE_REFRESH_TOKEN} }\n' +
        '    credentials: service-account.json\n',
      next: "set GOOGLE_SHEETS_SPREADSHEET_ID, save the service account's key as service-account.json, then run 'persist push' to create the sheets.",
    },
    pushSchema: async (model, options) => (await import('./googlesheets/index.js')).pushSheetsSchema(model, options),
  },
} as const satisfies Readonly<Record<string, DatastoreBackend>>;

/** A registered datastore's name. */
export type DatastoreName = keyof typeof REGISTRY;

/** Every registered name, in registration order (codegen.yml's `datastore:` takes these). */
export const DATASTORE_NAMES: readonly DatastoreName[] = Object.keys(REGISTRY) as DatastoreName[];

/** The names createDatastore accepts, in registration order, as a fresh list. */
export function datastoreNames(): string[] {
  return [...DATASTORE_NAMES];
}

/** True when `name` is a registered datastore (names inherited from Object are not). */
export function isDatastoreName(name: string): name is DatastoreName {
  return Object.hasOwn(REGISTRY, name);
}

/** The registered backend called `name`, or undefined. */
export function datastoreBackend(name: string): DatastoreBackend | undefined {
  return isDatastoreName(name) ? REGISTRY[name] : undefined;
}

/** Every registered backend with its name, in registration order. */
export function datastoreBackends(): { name: DatastoreName; backend: DatastoreBackend }[] {
  return DATASTORE_NAMES.map((name) => ({ name, backend: REGISTRY[name] }));
}

/** The backend that connects to databases of `url`'s scheme, or undefined (also for a malformed URL). */
export function backendForUrl(url: string): { name: DatastoreName; backend: DatastoreBackend } | undefined {
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    return undefined;
  }
  return datastoreBackends().find((b) => b.backend.urlSchemes.includes(scheme));
}

/** Opens the named datastore for `model`; CONFIG_INVALID for an unknown name. */
export async function createDatastore(model: ModelIR, options: DatastoreOptions): Promise<Datastore> {
  const backend = datastoreBackend(options.datastore);
  if (!backend) {
    throw new PersistError('CONFIG_INVALID', `Unknown datastore '${options.datastore}' (known: ${datastoreNames().join(', ')}).`);
  }
  return backend.open(model, options);
}
