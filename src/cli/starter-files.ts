/**
 * The files `persist init` writes: the starter model and the starter codegen.yml, whose
 * `persist:` block Persist reads and whose other keys (`schema`, `documents`, `generates`) make
 * GraphQL Code Generator type a frontend's operations against the generated schema.
 */
import { DEFAULT_CONFIG } from '../config/persist-config.js';
import { CUSTOM_SCALARS } from '../codegen/graphql/graphql-names.js';
import { DEFAULT_LIMITS } from '../graphql/limits/limits.js';
import { datastoreBackend } from '../datastore/create-datastore.js';

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

/** The TypeScript type of each custom scalar on the wire: every one is a JSON string (Bytes in base64). */
export const SCALAR_WIRE_TYPES: Readonly<Record<(typeof CUSTOM_SCALARS)[number], string>> = {
  Date: 'string',
  TimeOfDay: 'string',
  Utc: 'string',
  Civil: 'string',
  Decimal: 'string',
  Bytes: 'string',
};

/**
 * The `persist:` block of codegen.yml: the model, datastore and module (and the datastore's settings
 * block when its registry entry has one); the limits commented out
 * with their defaults, and the auth and permissions blocks commented out with an example.
 */
export function persistBlock(datastore: string, module: string): string {
  const l = DEFAULT_LIMITS;
  const line = (setting: string, why: string): string => `  #   ${setting}`.padEnd(32) + `# ${why}\n`;
  return (
    `# Persist's settings (see README.md): \`npx persist generate\`, \`npx persist serve\`.\n` +
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

/** The generated schema of a module, which GraphQL Code Generator reads as its `schema:`. */
export function schemaFileOf(module: string): string {
  return `src/generated/${module}/schema.graphql`;
}

/**
 * GraphQL Code Generator's part of the starter codegen.yml: the client preset over the schema
 * `persist generate` writes, the documents of the frontend, and Persist's custom scalars typed as
 * what the API sends (strings), so no operation type says `unknown`.
 */
export function codegenBlock(module: string): string {
  const scalars = CUSTOM_SCALARS.map((s) => `        ${s}: ${SCALAR_WIRE_TYPES[s]}\n`).join('');
  return (
    `# GraphQL Code Generator reads the keys below (Persist ignores them): it types the operations\n` +
    `# of your frontend against the schema Persist generates. Run it after \`npx persist generate\`:\n` +
    `#   npm install -D @graphql-codegen/cli @graphql-codegen/client-preset\n` +
    `#   npx graphql-codegen          # writes src/gql/: graphql() and the typed documents\n` +
    `schema: ${schemaFileOf(module)}\n` +
    `documents:\n  - 'src/**/*.{ts,tsx,graphql}'\n  - '!src/generated/**'\n  - '!src/gql/**'\n` +
    `ignoreNoDocuments: true\n` +
    `generates:\n  src/gql/:\n    preset: client\n    config:\n      strictScalars: true\n      enumsAsTypes: true\n` +
    `      scalars:                    # Persist's scalars, as JSON carries them\n` +
    scalars
  );
}

/** The starter codegen.yml: GraphQL Code Generator's keys, then Persist's `persist:` block. */
export function starterConfig(datastore: string, module: string): string {
  return `${codegenBlock(module)}\n${persistBlock(datastore, module)}`;
}
