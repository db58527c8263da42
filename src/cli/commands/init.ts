/**
 * `persist init [--datastore inmemory|mysql|googlesheets] [--module NAME]`: writes a starter
 * `model/model.bal` and `codegen.yml` (GraphQL Code Generator's keys and Persist's `persist:` block,
 * with the datastore's settings block when its registry entry has one), refusing to overwrite
 * either. An existing GraphQL Code Generator codegen.yml is adopted: the `persist:` block is
 * appended and nothing of it changes. With `--config FILE` (or PERSIST_CONFIG) the `persist:`
 * block goes to that file alone.
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CliError } from '../cli-error.js';
import { CONFIG_FILE, DATASTORES, DEFAULT_CONFIG, FLAT_KEYS, isDatastore, MODULE_NAME } from '../../config/persist-config.js';
import { datastoreBackend } from '../../datastore/create-datastore.js';
import { configFileOf } from '../config.js';
import { exists, type CommandIO } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { persistBlock, schemaFileOf, STARTER_MODEL, starterConfig } from '../starter-files.js';

export const summary = `write a starter model/model.bal and codegen.yml [--datastore ${DATASTORES.join('|')}] [--module NAME]`;

/** The files GraphQL Code Generator finds before or instead of codegen.yml (its search places). */
const OTHER_CODEGEN_CONFIGS = [
  'codegen.json',
  'codegen.yaml',
  'codegen.js',
  'codegen.ts',
  'codegen.config.js',
  '.codegenrc.json',
  '.codegenrc.yaml',
  '.codegenrc.yml',
  '.codegenrc.js',
  '.codegenrc.ts',
];

/**
 * What to do with an existing configuration file: 'adopt' a GraphQL Code Generator file (it has
 * no Persist settings); a file that has them is refused.
 */
async function existingConfig(path: string, shown: string): Promise<'adopt'> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, 'utf8'));
  } catch (e) {
    throw new CliError(
      `persist init: ${shown} already exists and is not valid YAML (${(e as Error).message.split('\n')[0]}); nothing was written.`,
    );
  }
  const mapping = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  if (mapping === undefined || 'persist' in mapping || FLAT_KEYS.some((k) => k in mapping))
    throw new CliError(`persist init: ${shown} already exists; nothing was written (remove it to start over).`);
  return 'adopt';
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const flags = parseFlags('init', args, { datastore: { type: 'string' }, module: { type: 'string' } });
  const datastore = flags.datastore ?? DEFAULT_CONFIG.datastore;
  if (!isDatastore(datastore)) throw new CliError(`persist init: --datastore must be ${DATASTORES.join(' or ')}, not '${datastore}'.`);
  const module = flags.module ?? DEFAULT_CONFIG.module;
  if (!MODULE_NAME.test(module))
    throw new CliError(`persist init: --module must be a name of letters, digits, '_' and '-', not '${module}'.`);

  const configFile = configFileOf(io);
  const modelPath = resolve(io.cwd, DEFAULT_CONFIG.model);
  const configPath = resolve(io.cwd, configFile);
  const adopt = (await exists(configPath)) ? await existingConfig(configPath, configFile) : undefined;
  if (await exists(modelPath))
    throw new CliError(`persist init: ${DEFAULT_CONFIG.model} already exists; nothing was written (remove it to start over).`);
  if (configFile === CONFIG_FILE && adopt === undefined) {
    // A codegen.yml beside another GraphQL Code Generator config would shadow it, or be shadowed.
    for (const other of OTHER_CODEGEN_CONFIGS) {
      if (await exists(resolve(io.cwd, other)))
        throw new CliError(
          `persist init: ${other} configures GraphQL Code Generator, and a codegen.yml beside it would confuse its search; nothing was written. ` +
            `Either run 'persist init --config persist.yml' and give every persist command --config persist.yml (or set PERSIST_CONFIG=persist.yml), ` +
            `or move its settings into a codegen.yml and run 'persist init' again to add the persist: block.`,
        );
    }
  }
  try {
    await mkdir(dirname(modelPath), { recursive: true });
    await writeFile(modelPath, STARTER_MODEL, { flag: 'wx' });
    if (adopt) await appendFile(configPath, `\n${persistBlock(datastore, module)}`);
    else {
      await mkdir(dirname(configPath), { recursive: true });
      await writeFile(configPath, configFile === CONFIG_FILE ? starterConfig(datastore, module) : persistBlock(datastore, module), {
        flag: 'wx',
      });
    }
  } catch (e) {
    throw new CliError(`persist init: cannot write: ${(e as Error).message}`);
  }
  io.stdout(`wrote ${DEFAULT_CONFIG.model}`);
  if (adopt) {
    io.stdout(`added a persist: block to ${configFile}; its GraphQL Code Generator settings are kept as they were.`);
    io.stdout(
      `to type your operations against Persist's API, point its schema: at ${schemaFileOf(module)} (written by 'persist generate').`,
    );
  } else io.stdout(`wrote ${configFile}`);
  if (configFile !== CONFIG_FILE && io.configFile === undefined) io.stdout(`(${configFile} is read because PERSIST_CONFIG names it.)`);
  else if (configFile !== CONFIG_FILE)
    io.stdout(`give every persist command --config ${configFile} (or set PERSIST_CONFIG=${configFile}).`);
  io.stdout("next: edit the model, then run 'persist generate'.");
  const next = datastoreBackend(datastore)?.starter?.next;
  if (next !== undefined) io.stdout(`then: ${next}`);
  return 0;
}
