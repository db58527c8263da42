/**
 * `codegen.yml` for the CLI: reads the configuration file of the project directory (or the one
 * `--config FILE` / `PERSIST_CONFIG` names) and parses it with the shared reader
 * (src/config/persist-config.ts), turning every problem into a one-line CliError (exit 2) in the
 * CLI's wording.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CONFIG_FILE, ConfigError, DATASTORES, parseConfig, type PersistConfig } from '../config/persist-config.js';
import type { ModelIR } from '../model/ir.js';
import { PermissionsConfigError } from '../permissions/config-path.js';
import { readPermissions } from '../permissions/read-permissions.js';
import type { Permissions } from '../permissions/rules.js';
import { CliError } from './cli-error.js';
import type { CommandIO } from './io.js';

/** The environment variable naming another configuration file than codegen.yml. */
export const CONFIG_ENV = 'PERSIST_CONFIG';

/** The configuration file a command reads, as given (relative to the project directory): `--config`, `PERSIST_CONFIG`, else codegen.yml. */
export function configFileOf(io: Pick<CommandIO, 'configFile'>, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[CONFIG_ENV];
  return io.configFile ?? (fromEnv === undefined || fromEnv === '' ? CONFIG_FILE : fromEnv);
}

/**
 * The CLI's message for a configuration problem. Two problems keep the CLI's own earlier wording
 * (its messages are part of its contract); the others read the same everywhere.
 */
function cliMessage(error: ConfigError): string {
  const p = error.problem;
  switch (p.kind) {
    case 'unknownDatastore':
      return `${error.where}: datastore '${p.value}' is not supported (use ${DATASTORES.join(' or ')}).`;
    case 'notText':
      return `${error.where}: '${p.key}' must be a non-empty string.`;
    default:
      return error.message;
  }
}

/** Reads the configuration file of `io` (configFileOf). A missing, unreadable or invalid file is a CliError (exit 2). */
export async function loadConfig(io: Pick<CommandIO, 'cwd' | 'configFile'>): Promise<PersistConfig> {
  const file = configFileOf(io);
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const named = file === CONFIG_FILE ? '' : ` (named by ${io.configFile === undefined ? CONFIG_ENV : '--config'})`;
    throw new CliError(
      code === 'ENOENT'
        ? file === CONFIG_FILE
          ? `${CONFIG_FILE} not found in ${io.cwd}: run 'persist init' to create one.`
          : `the configuration file ${file}${named} was not found in ${io.cwd}.`
        : `cannot read ${file}: ${(e as Error).message}`,
    );
  }
  try {
    return parseConfig(text, file);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(cliMessage(e));
    throw e;
  }
}

/**
 * The `permissions:` block of a loaded configuration, checked against the model (at start and by
 * `persist generate`): a problem is a one-line CliError (exit 2) naming the YAML path.
 */
export function loadPermissions(config: PersistConfig, model: ModelIR, where: string = CONFIG_FILE): Permissions {
  try {
    return readPermissions(config.permissions, model, where);
  } catch (e) {
    if (e instanceof PermissionsConfigError) throw new CliError(e.message);
    throw e;
  }
}
