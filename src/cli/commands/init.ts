/**
 * `persist init [--datastore inmemory|mysql|googlesheets] [--module NAME]`: writes a starter
 * `model/model.bal` and `codegen.yml` (with the datastore's settings block when its registry entry
 * has one), refusing to overwrite either (nothing is written if either exists).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { CONFIG_FILE, DATASTORES, DEFAULT_CONFIG, isDatastore, MODULE_NAME } from '../../config/persist-config.js';
import { DEFAULT_LIMITS } from '../../graphql/limits/limits.js';
import { datastoreBackend } from '../../datastore/create-datastore.js';
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

/**
 * The commented-out `auth:` and `permissions:` blocks of the starter codegen.yml (SPEC §4), written
 * for the starter model: uncommented (the `#` and the space after it removed), they are read as
 * they are.
 */
export const STARTER_AUTH = `  # Without an auth: block the server is for development: every request has full rights.
  # To require tokens (Authorization: Bearer <JWT>), uncomment and fill in:
  # auth:
  #   jwt:
  #     secret: \${PERSIST_JWT_SECRET}        # HS256/384/512, at least 32 bytes; or instead:
  #     # jwks: https://id.example.com/.well-known/jwks.json   # public keys: a URL or a file
  #     issuer: https://id.example.com/
  #     audience: my-app
  #     clockToleranceSeconds: 30
  #   anonymousRole: anonymous                 # the role of a request without a token
  #   adminSecret: \${PERSIST_ADMIN_SECRET}    # X-Persist-Admin-Secret: every operation
  # What each role may do, per entity (the token's claim 'roles' or 'role' names its roles):
  # permissions:
  #   Post:
  #     anonymous:
  #       select: { where: { status: { eq: PUBLISHED } } }
  #     author:
  #       select: {}                           # every column, every row
  #       insert: { set: { authorId: { claim: sub } } }
  #       update: { columns: [title, status], where: { authorId: { eq: { claim: sub } } } }
  #   Author:
  #     anonymous:
  #       select: { columns: [id, name] }
  #     author:
  #       select: {}
`;

/**
 * The starter codegen.yml: Persist's settings in its `persist:` block, beside which GraphQL Code
 * Generator's own keys (`schema`, `generates`, …) may go; the limits commented out with their
 * defaults, and the auth and permissions blocks commented out with an example.
 */
export function starterConfig(datastore: string, module: string): string {
  const l = DEFAULT_LIMITS;
  const line = (setting: string, why: string): string => `  #   ${setting}`.padEnd(32) + `# ${why}\n`;
  return (
    `# Persist configuration: see README.md. GraphQL Code Generator's keys (schema, documents,\n` +
    `# generates) may sit beside the persist: block; each tool reads its own.\n` +
    `persist:\n  model: ${DEFAULT_CONFIG.model}\n  datastore: ${datastore}\n  module: ${module}\n` +
    (datastoreBackend(datastore)?.starter?.config ?? '') +
    `  # Request limits, on by default (\`limits: false\` turns them off); these are the defaults:\n` +
    `  # limits:\n` +
    line(`depth: ${l.depth}`, 'nesting of fields') +
    line(`aliases: ${l.aliases}`, 'aliased fields per operation') +
    line(`cost: ${l.cost}`, 'estimated objects of an answer') +
    line(`assumedListSize: ${l.assumedListSize}`, 'what a list without a limit counts for') +
    line(`maxLimit: ${l.maxLimit}`, 'the largest limit of a list') +
    line('defaultLimit: 100', 'the limit of lists given none (unset by default)') +
    line(`maxAffectedRows: ${l.maxAffectedRows}`, 'rows one bulk write may touch') +
    line(`bodyBytes: ${l.bodyBytes}`, 'the largest request body (413 above)') +
    line(`documentBytes: ${l.documentBytes}`, 'the largest query text') +
    line(`timeoutMs: ${l.timeoutMs}`, 'the longest a request may run') +
    STARTER_AUTH
  );
}

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
  const config = starterConfig(datastore, module);
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
  const next = datastoreBackend(datastore)?.starter?.next;
  if (next !== undefined) io.stdout(`then: ${next}`);
  return 0;
}
