/**
 * `codegen.yml` for the CLI: reads the file in the project directory and parses it with the
 * shared reader (src/config/persist-config.ts), turning every problem into a one-line CliError
 * (exit 2) in the CLI's wording.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CONFIG_FILE, ConfigError, DATASTORES, parseConfig, type PersistConfig } from '../config/persist-config.js';
import type { ModelIR } from '../model/ir.js';
import { PermissionsConfigError } from '../permissions/config-path.js';
import { readPermissions } from '../permissions/read-permissions.js';
import type { Permissions } from '../permissions/rules.js';
import { CliError } from './cli-error.js';

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

/** Reads `codegen.yml` in `cwd`. A missing, unreadable or invalid file is a CliError (exit 2). */
export async function loadConfig(cwd: string): Promise<PersistConfig> {
  const path = resolve(cwd, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `${CONFIG_FILE} not found in ${cwd}: run 'persist init' to create one.`
        : `cannot read ${CONFIG_FILE}: ${(e as Error).message}`,
    );
  }
  try {
    return parseConfig(text, CONFIG_FILE);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(cliMessage(e));
    throw e;
  }
}

/**
 * The `permissions:` block of a loaded configuration, checked against the model (at start and by
 * `persist generate`): a problem is a one-line CliError (exit 2) naming the YAML path.
 */
export function loadPermissions(config: PersistConfig, model: ModelIR): Permissions {
  try {
    return readPermissions(config.permissions, model, CONFIG_FILE);
  } catch (e) {
    if (e instanceof PermissionsConfigError) throw new CliError(e.message);
    throw e;
  }
}
