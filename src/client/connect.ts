/**
 * How `Client.connect()` finds its datastore: the same configuration the CLI reads, so an
 * application and `persist serve` run against the same store without repeating settings.
 * `codegen.yml` (in the working directory) names the datastore, `DATABASE_URL` the MySQL
 * database; options override both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
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

/** The `datastore:` setting of a codegen.yml, if the file exists. */
function configuredDatastore(path: string, required: boolean): string | undefined {
  if (!existsSync(path)) {
    if (required) throw new PersistError('CONFIG_INVALID', `The configuration file ${path} does not exist.`);
    return undefined;
  }
  let config: unknown;
  try {
    config = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new PersistError('CONFIG_INVALID', `${path} is not valid YAML: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (config === null || config === undefined) return undefined;
  if (typeof config !== 'object' || Array.isArray(config)) throw new PersistError('CONFIG_INVALID', `${path} must be a mapping of settings.`);
  const datastore = (config as Record<string, unknown>).datastore;
  if (datastore === undefined || datastore === null) return undefined;
  if (typeof datastore !== 'string') throw new PersistError('CONFIG_INVALID', `${path}: 'datastore' must be a name like inmemory or mysql.`);
  return datastore;
}

/** Opens the datastore that `options`, codegen.yml and DATABASE_URL select, for `model`. */
export async function openDatastore(model: ModelIR, options: ConnectOptions = {}): Promise<Datastore> {
  const datastore = options.datastore ?? configuredDatastore(resolve(options.config ?? 'codegen.yml'), options.config !== undefined) ?? 'inmemory';
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  return createDatastore(model, { datastore, ...(databaseUrl === undefined ? {} : { databaseUrl }) });
}
