/**
 * How `Client.connect()` finds its datastore: the same configuration the CLI reads, so an
 * application and `persist serve` run against the same store without repeating settings.
 * `codegen.yml` (in the working directory) names the datastore, `DATABASE_URL` the MySQL
 * database; options override both.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CONFIG_FILE, DEFAULT_CONFIG, parseConfig, type PersistConfig } from '../config/persist-config.js';
import { PersistError } from '../errors.js';
import { createDatastore } from '../datastore/create-datastore.js';
import type { Datastore } from '../datastore/datastore.js';
import type { ModelIR } from '../model/ir.js';
import { readPermissions } from '../permissions/read-permissions.js';
import type { Permissions } from '../permissions/rules.js';

export interface ConnectOptions {
  /** `inmemory`, `mysql` or `googlesheets`; default: `datastore:` of codegen.yml, else `inmemory`. */
  datastore?: string;
  /** `mysql://user:pass@host:port/db`; default: the `DATABASE_URL` environment variable. */
  databaseUrl?: string;
  /**
   * The configuration file; default: the `PERSIST_CONFIG` environment variable, else `codegen.yml`
   * in the working directory (optional there; a file named either way must exist).
   */
  config?: string;
}

/**
 * The codegen.yml at `path` (the defaults for what it leaves out). A missing file means the
 * defaults unless the caller named it (`required`).
 */
function readConfig(path: string, required: boolean): PersistConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && !required) return { ...DEFAULT_CONFIG };
    const message = missing
      ? `The configuration file ${path} does not exist.`
      : `The configuration file ${path} cannot be read: ${(e as Error).message}`;
    throw new PersistError('CONFIG_INVALID', message, { cause: e });
  }
  return parseConfig(text, path);
}

/** What `Client.connect()` opens: the datastore, the permissions of codegen.yml for `client.as()`, and its limits. */
export interface Connection {
  datastore: Datastore;
  permissions?: Permissions;
  /** `persist.limits.maxAffectedRows` (no limits: unbounded). */
  maxAffectedRows: number;
}

/**
 * Opens the datastore that `options`, codegen.yml and DATABASE_URL select, for `model`, and reads
 * codegen.yml's permissions (checked against the model) when it has any.
 */
export async function openConnection(model: ModelIR, options: ConnectOptions = {}): Promise<Connection> {
  const named = options.config ?? (process.env['PERSIST_CONFIG'] || undefined);
  const path = resolve(named ?? CONFIG_FILE);
  const config = readConfig(path, named !== undefined);
  const permissions = config.permissions === undefined ? undefined : readPermissions(config.permissions, model, path);
  const datastore = options.datastore ?? config.datastore;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const opened = await createDatastore(model, {
    datastore,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(config.datastoreSettings === undefined ? {} : { settings: config.datastoreSettings }),
    baseDir: dirname(path),
  });
  const maxAffectedRows = config.limits === false ? Number.MAX_SAFE_INTEGER : config.limits.maxAffectedRows;
  return permissions === undefined ? { datastore: opened, maxAffectedRows } : { datastore: opened, permissions, maxAffectedRows };
}

/** Opens the datastore that `options`, codegen.yml and DATABASE_URL select, for `model`. */
export async function openDatastore(model: ModelIR, options: ConnectOptions = {}): Promise<Datastore> {
  return (await openConnection(model, options)).datastore;
}
