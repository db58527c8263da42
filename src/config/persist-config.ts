/**
 * The one reader of `codegen.yml`: its text → a validated PersistConfig, with the defaults
 * (`model: model/model.bal`, `datastore: inmemory`, `module: store`) and a ConfigError naming
 * the file for anything wrong. No file I/O: the CLI (`src/cli/config.ts`) and the client
 * (`src/client/connect.ts`) read the file, each with its own wording for a missing one.
 */
import { parse as parseYaml } from 'yaml';
import { PersistError } from '../errors.js';
import { DATASTORE_NAMES, isDatastoreName, type DatastoreName } from '../datastore/create-datastore.js';

/** The configuration file's name, looked up in the project root (the working directory). */
export const CONFIG_FILE = 'codegen.yml';

/** The datastores codegen.yml may name: every registered backend (src/datastore/create-datastore.ts). */
export const DATASTORES: readonly DatastoreName[] = DATASTORE_NAMES;
export type { DatastoreName };

/** The keys codegen.yml may hold. */
export const CONFIG_KEYS = ['model', 'datastore', 'module'] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

export interface PersistConfig {
  /** The model file, as written in codegen.yml (relative to the project root). */
  model: string;
  datastore: DatastoreName;
  /** The generated module's name: the directory under `src/generated/`. */
  module: string;
}

/** What an absent key (or an empty file) means. */
export const DEFAULT_CONFIG: Readonly<PersistConfig> = { model: 'model/model.bal', datastore: 'inmemory', module: 'store' };

/** A module name becomes a directory and a TypeScript import path: keep it to an identifier. */
export const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** True when `value` names a datastore codegen.yml may select. */
export function isDatastore(value: string): value is DatastoreName {
  return isDatastoreName(value);
}

/** What is wrong with a configuration, as data, so that each front end can word it its own way. */
export type ConfigProblem =
  | { kind: 'yaml'; detail: string }
  | { kind: 'notMapping' }
  | { kind: 'unknownKey'; key: string }
  | { kind: 'notText'; key: ConfigKey }
  | { kind: 'unknownDatastore'; value: string }
  | { kind: 'badModuleName'; value: string };

function problemMessage(where: string, problem: ConfigProblem): string {
  switch (problem.kind) {
    case 'yaml':
      return `${where} is not valid YAML: ${problem.detail}`;
    case 'notMapping':
      return `${where}: expected a mapping of model, datastore and module.`;
    case 'unknownKey':
      return `${where}: unknown key '${problem.key}' (known: ${CONFIG_KEYS.join(', ')}).`;
    case 'notText':
      return problem.key === 'datastore'
        ? `${where}: 'datastore' must be a name like ${DATASTORES.join(' or ')}.`
        : `${where}: '${problem.key}' must be a non-empty string.`;
    case 'unknownDatastore':
      return `${where}: Unknown datastore '${problem.value}' (known: ${DATASTORES.join(', ')}).`;
    case 'badModuleName':
      return `${where}: module '${problem.value}' must be a name of letters, digits, '_' and '-'.`;
  }
}

/** A configuration that cannot be used: CONFIG_INVALID, naming the file (`where`) and the problem. */
export class ConfigError extends PersistError {
  constructor(
    readonly where: string,
    readonly problem: ConfigProblem,
  ) {
    super('CONFIG_INVALID', problemMessage(where, problem));
  }
}

/** Checks a parsed codegen.yml document and fills in the defaults; `where` names the file in errors. */
export function validateConfig(raw: unknown, where: string): PersistConfig {
  // An empty file parses to null: every key takes its default.
  if (raw === null || raw === undefined) return { ...DEFAULT_CONFIG };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(where, { kind: 'notMapping' });
  const doc = raw as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) throw new ConfigError(where, { kind: 'unknownKey', key });
  }
  const text = (key: ConfigKey): string => {
    const value = doc[key];
    if (value === undefined || value === null) return DEFAULT_CONFIG[key];
    if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(where, { kind: 'notText', key });
    return value;
  };
  const datastore = text('datastore');
  if (!isDatastore(datastore)) throw new ConfigError(where, { kind: 'unknownDatastore', value: datastore });
  const module = text('module');
  if (!MODULE_NAME.test(module)) throw new ConfigError(where, { kind: 'badModuleName', value: module });
  return { model: text('model'), datastore, module };
}

/** Parses and validates the text of a codegen.yml; `where` names the file in errors. */
export function parseConfig(text: string, where: string): PersistConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    // The first line says what and where; the rest is an excerpt of the file.
    throw new ConfigError(where, { kind: 'yaml', detail: (e instanceof Error ? e.message : String(e)).split('\n')[0]! });
  }
  return validateConfig(raw, where);
}
