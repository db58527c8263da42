/**
 * How `Client.connect()` finds its datastore: the same configuration the CLI reads, so an
 * application and `persist serve` run against the same store without repeating settings.
 * `codegen.yml` (in the working directory) names the datastore, `DATABASE_URL` the MySQL
 * database; options override both.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_FILE, DEFAULT_CONFIG, parseConfig } from '../config/persist-config.js';
import { PersistError } from '../errors.js';
import { createDatastore } from '../datastore/create-datastore.js';
import type { Datastore } from '../datastore/datastore.js';
import type { ModelIR } from '../model/ir.js';

export interface ConnectOptions {
  /** `inmemory` or `mysql`; default: `datastore:` of codegen.yml, else `inmemory`. */
  datastore?: string;
  /** `mysql://user:pass@host:port/db`; default: the `DATABASE_URL` environment variable. */
  databaseUrl?: string;
  /** The configuration file; default `codegen.yml` in the working directory (optional there). */
  config?: string;
}

/**
 * The `datastore:` setting of the codegen.yml at `path` (its default when the file leaves it
 * out). A missing file means the defaults unless the caller named it (`required`).
 */
function configuredDatastore(path: string, required: boolean): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && !required) return DEFAULT_CONFIG.datastore;
    const message = missing
      ? `The configuration file ${path} does not exist.`
      : `The configuration file ${path} cannot be read: ${(e as Error).message}`;
    throw new PersistError('CONFIG_INVALID', message, { cause: e });
  }
  return parseConfig(text, path).datastore;
}

/** Opens the datastore that `options`, codegen.yml and DATABASE_URL select, for `model`. */
export async function openDatastore(model: ModelIR, options: ConnectOptions = {}): Promise<Datastore> {
  const datastore = options.datastore ?? configuredDatastore(resolve(options.config ?? CONFIG_FILE), options.config !== undefined);
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  return createDatastore(model, { datastore, ...(databaseUrl === undefined ? {} : { databaseUrl }) });
}
