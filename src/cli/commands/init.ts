/**
 * `persist init [--datastore inmemory|mysql] [--module NAME]`: writes a starter `model/model.bal`
 * and `codegen.yml`, refusing to overwrite either (nothing is written if either exists).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { CONFIG_FILE, DATASTORES, DEFAULT_CONFIG, isDatastore, MODULE_NAME } from '../../config/persist-config.js';
import { exists, type CommandIO } from '../io.js';
import { parseFlags } from '../parse-flags.js';

export const summary = `write a starter model/model.bal and codegen.yml [--datastore ${DATASTORES.join('|')}] [--module NAME]`;

/** The starter model: two entities, a 1-n relation and an enum, so that every feature shows once. */
export const STARTER_MODEL = `import ballerina/persist as _;
import ballerina/time;

# An author writes many posts.
type Author record {|
    readonly int id;
    string name;
    string? email;

    Post[] posts;
|};

type Post record {|
    readonly int id;
    string title;
    time:Date publishedOn;
    Status status;

    Author author;
|};

enum Status {
    DRAFT,
    PUBLISHED
}
`;

export async function run(args: string[], io: CommandIO): Promise<number> {
  const flags = parseFlags('init', args, { datastore: { type: 'string' }, module: { type: 'string' } });
  const datastore = flags.datastore ?? DEFAULT_CONFIG.datastore;
  if (!isDatastore(datastore)) throw new CliError(`persist init: --datastore must be ${DATASTORES.join(' or ')}, not '${datastore}'.`);
  const module = flags.module ?? DEFAULT_CONFIG.module;
  if (!MODULE_NAME.test(module))
    throw new CliError(`persist init: --module must be a name of letters, digits, '_' and '-', not '${module}'.`);

  const modelPath = resolve(io.cwd, DEFAULT_CONFIG.model);
  const configPath = resolve(io.cwd, CONFIG_FILE);
  for (const [path, shown] of [
    [configPath, CONFIG_FILE],
    [modelPath, DEFAULT_CONFIG.model],
  ] as const) {
    if (await exists(path)) throw new CliError(`persist init: ${shown} already exists; nothing was written (remove it to start over).`);
  }
  const config = `# Persist configuration: see README.md.\nmodel: ${DEFAULT_CONFIG.model}\ndatastore: ${datastore}\nmodule: ${module}\n`;
  try {
    await mkdir(dirname(modelPath), { recursive: true });
    await writeFile(modelPath, STARTER_MODEL, { flag: 'wx' });
    await writeFile(configPath, config, { flag: 'wx' });
  } catch (e) {
    throw new CliError(`persist init: cannot write: ${(e as Error).message}`);
  }
  io.stdout(`wrote ${DEFAULT_CONFIG.model}`);
  io.stdout(`wrote ${CONFIG_FILE}`);
  io.stdout("next: edit the model, then run 'persist generate'.");
  return 0;
}
