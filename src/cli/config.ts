/**
 * `codegen.yml`: where the model is (`model:`), which datastore (`datastore:`, inmemory | mysql,
 * default inmemory) and the generated module's name (`module:`, default `store`).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CliError } from './cli-error.js';

export const CONFIG_FILE = 'codegen.yml';
export const DATASTORES = ['inmemory', 'mysql'] as const;
export type DatastoreName = (typeof DATASTORES)[number];

export interface PersistConfig {
  /** The model file, as written in codegen.yml (relative to the project root). */
  model: string;
  datastore: DatastoreName;
  module: string;
}

export const DEFAULT_CONFIG: PersistConfig = { model: 'model/model.bal', datastore: 'inmemory', module: 'store' };

/** A module name becomes a directory and a TypeScript import path: keep it to an identifier. */
export const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function isDatastore(value: string): value is DatastoreName {
  return (DATASTORES as readonly string[]).includes(value);
}

/** Checks a parsed codegen.yml document; `where` names the file in messages. */
export function parseConfig(raw: unknown, where: string): PersistConfig {
  if (raw === null || raw === undefined) return { ...DEFAULT_CONFIG };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`${where}: expected a mapping of model, datastore and module.`);
  const doc = raw as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (!['model', 'datastore', 'module'].includes(key)) throw new CliError(`${where}: unknown key '${key}' (known: model, datastore, module).`);
  }
  const text = (key: string, fallback: string): string => {
    const value = doc[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string' || value.trim() === '') throw new CliError(`${where}: '${key}' must be a non-empty string.`);
    return value;
  };
  const datastore = text('datastore', DEFAULT_CONFIG.datastore);
  if (!isDatastore(datastore)) throw new CliError(`${where}: datastore '${datastore}' is not supported (use ${DATASTORES.join(' or ')}).`);
  const module = text('module', DEFAULT_CONFIG.module);
  if (!MODULE_NAME.test(module)) throw new CliError(`${where}: module '${module}' must be a name of letters, digits, '_' and '-'.`);
  return { model: text('model', DEFAULT_CONFIG.model), datastore, module };
}

/** Reads `codegen.yml` in `cwd`. A missing, unreadable or invalid file is a CliError (exit 2). */
export async function loadConfig(cwd: string): Promise<PersistConfig> {
  const path = resolve(cwd, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${CONFIG_FILE} not found in ${cwd}: run 'persist init' to create one.` : `cannot read ${CONFIG_FILE}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new CliError(`${CONFIG_FILE} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return parseConfig(raw, CONFIG_FILE);
}
