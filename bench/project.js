// @ts-check
/**
 * The one place where the benchmark reaches into the project: it uses the built package (`dist/`,
 * produced by `npm run build`, which `npm run bench` runs first) exactly as `persist serve` and
 * `persist push` do: the model compiler, `createDatastore`, `createServer` and the push code that
 * creates the tables from the generated DDL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LOAD_ORDER } from './data.js';

/** @typedef {import('../dist/model/ir.js').ModelIR} ModelIR */
/** @typedef {import('../dist/datastore/datastore.js').Datastore} Datastore */
/** @typedef {import('../dist/server/index.js').PersistServer} PersistServer */

/**
 * @typedef {object} Project
 * @property {ModelIR} model the compiled rainier model (model/model.bal)
 * @property {(kind: 'mysql' | 'inmemory' | 'googlesheets', databaseUrl: string, settings?: unknown) => Promise<Datastore>} createDatastore `settings`: the datastore's codegen.yml block (googlesheets)
 * @property {(kind: 'googlesheets', settings: unknown) => Promise<void>} pushSchema what `persist push` does for a datastore configured by its settings block
 * @property {(datastore: Datastore, options?: { limits?: false, auth?: true }) => Promise<PersistServer>} createServer the server, with the default limits unless `limits: false`, and with bench/auth.js's auth and permissions when `auth`
 * @property {(databaseUrl: string) => Promise<void>} createTables creates the database and its tables, as `persist push` does
 */

const root = new URL('../', import.meta.url);
export const MODEL_PATH = fileURLToPath(new URL('model/model.bal', root));

/**
 * Imports a module of the built package, with a clear message when it has not been built.
 * @param {string} path relative to dist/
 * @returns {Promise<Record<string, unknown>>}
 */
async function importDist(path) {
  const file = fileURLToPath(new URL(`dist/${path}`, root));
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm run bench does)`);
  return import(pathToFileURL(file).href);
}

/**
 * @template {Function} F
 * @param {Record<string, unknown>} module @param {string} name @param {string} where
 * @returns {F}
 */
function exported(module, name, where) {
  const value = module[name];
  if (typeof value !== 'function') throw new Error(`dist/${where} does not export a function ${name}`);
  return /** @type {F} */ (value);
}

// ---- Q6 (issue 11) ----
/**
 * The rainier model as a user who pages employees by last name (Q6) declares it: with
 * `@sql:Index` on Employee.lastName, so that `persist push` creates the index the keyset reads use.
 * Only the DDL changes (the GraphQL schema is the same); model/model.bal itself stays as the
 * examples and tests use it.
 * @param {string} text
 */
function withLastNameIndex(text) {
  const imports = 'import ballerina/time;\n';
  const field = '    string lastName;\n';
  if (!text.includes(imports) || text.split(field).length !== 2)
    throw new Error(`${MODEL_PATH}: cannot declare the index of Employee.lastName (the import or the field moved)`);
  return text.replace(imports, `${imports}import ballerinax/persist.sql;\n`).replace(field, `    @sql:Index\n${field}`);
}
// ---- end of Q6 ----

/** @returns {Promise<Project>} */
export async function loadProject() {
  const modelModule = await importDist('model/index.js');
  /** @type {typeof import('../dist/model/index.js').compileModel} */
  const compileModel = exported(modelModule, 'compileModel', 'model/index.js');
  /** @type {typeof import('../dist/model/index.js').formatDiagnostic} */
  const formatDiagnostic = exported(modelModule, 'formatDiagnostic', 'model/index.js');
  const text = withLastNameIndex(readFileSync(MODEL_PATH, 'utf8'));
  const { model, diagnostics } = compileModel(text);
  if (!model)
    throw new Error(`model/model.bal does not compile:\n${diagnostics.map((d) => formatDiagnostic(d, text, MODEL_PATH)).join('\n')}`);

  const datastoreModule = await importDist('datastore/create-datastore.js');
  /** @type {typeof import('../dist/datastore/create-datastore.js').createDatastore} */
  const createDatastore = exported(datastoreModule, 'createDatastore', 'datastore/create-datastore.js');
  const serverModule = await importDist('server/index.js');
  /** @type {typeof import('../dist/server/index.js').createServer} */
  const createServer = exported(serverModule, 'createServer', 'server/index.js');

  return {
    model,
    createDatastore: async (kind, databaseUrl, settings) => createDatastore(model, { datastore: kind, databaseUrl, settings }),
    pushSchema: async (kind, settings) => {
      /** @type {typeof import('../dist/datastore/create-datastore.js').datastoreBackend} */
      const datastoreBackend = exported(datastoreModule, 'datastoreBackend', 'datastore/create-datastore.js');
      const outcome = await datastoreBackend(kind)?.pushSchema?.(model, { datastore: kind, settings });
      if (outcome?.kind !== 'created') throw new Error(`persist push did not create the sheets: ${JSON.stringify(outcome)}`);
    },
    // As `persist serve` builds it; only the log output is silenced.
    createServer: async (datastore, { auth, ...options } = {}) => {
      if (!auth) return createServer({ model, datastore, logging: false, ...options });
      const { BENCH_AUTH, BENCH_PERMISSIONS } = await import('./auth.js');
      /** @type {typeof import('../dist/permissions/read-permissions.js').readPermissions} */
      const readPermissions = exported(
        await importDist('permissions/read-permissions.js'),
        'readPermissions',
        'permissions/read-permissions.js',
      );
      /** @type {typeof import('../dist/server/auth/authenticator.js').createAuthenticator} */
      const createAuthenticator = exported(
        await importDist('server/auth/authenticator.js'),
        'createAuthenticator',
        'server/auth/authenticator.js',
      );
      const permissions = readPermissions(BENCH_PERMISSIONS, model, 'bench/auth.js');
      const authenticator = createAuthenticator(BENCH_AUTH, new Set(permissions.roles.keys()));
      return createServer({
        model,
        datastore,
        logging: false,
        ...options,
        permissions,
        authenticate: (headers) => authenticator.authenticate(headers),
      });
    },
    createTables: async (databaseUrl) => {
      // What `persist push` runs: the script.sql generator's table definitions, pushed by the
      // MySQL datastore's schema code (which also creates the database with its collation).
      const sqlModule = await importDist('codegen/sql/index.js');
      /** @type {typeof import('../dist/codegen/sql/index.js').tableDefinitions} */
      const tableDefinitions = exported(sqlModule, 'tableDefinitions', 'codegen/sql/index.js');
      const pushModule = await importDist('datastore/mysql/schema-push.js');
      /** @type {typeof import('../dist/datastore/mysql/schema-push.js').pushSchema} */
      const pushSchema = exported(pushModule, 'pushSchema', 'datastore/mysql/schema-push.js');
      const outcome = await pushSchema(databaseUrl, tableDefinitions(model));
      if (outcome.kind !== 'created') throw new Error(`persist push did not create the tables: ${JSON.stringify(outcome)}`);
    },
  };
}

/**
 * Fills a datastore with the benchmark data through its own `insert`, parents first.
 * @param {Datastore} datastore @param {import('./data.js').BenchData} data
 */
export async function loadIntoDatastore(datastore, data) {
  for (const entity of LOAD_ORDER) await datastore.insert(entity, data[entity]);
}

/**
 * Runs `create` (a server's creation and first requests, which compile its documents) with the
 * writer of answers from rows declining every document (graphql/json-answer/written-query.ts): the
 * B side of bench/ab-written.js. Decisions are kept per document, so the server stays so.
 * @template T @param {() => Promise<T>} create @returns {Promise<T>}
 */
export async function withoutWrittenAnswers(create) {
  const module = await importDist('graphql/json-answer/written-query.js');
  const written = /** @type {{ compile: unknown }} */ (module['WrittenQuery']);
  const compile = written.compile;
  written.compile = () => undefined;
  try {
    return await create();
  } finally {
    written.compile = compile;
  }
}
