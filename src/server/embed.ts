/**
 * Embedding (the package's `persist/server` entry): the server of `persist serve` as a library,
 * to mount in an application's own Node `http` server, Express or Fastify, with its own Yoga /
 * Envelop plugins. `createServer` takes the model (a path or the text), the datastore (one the
 * application opened, or how to open one), the `persist:` settings (auth, permissions, limits,
 * cors, graphiql, introspection), read from a `codegen.yml` with `config` or given here in the
 * same form, and answers with a node request handler and Yoga's fetch handler. docs/embedding.md
 * shows the three mountings.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { RequestListener } from 'node:http';
import { parseConfig, ConfigError, type AuthConfig, type CorsConfig, type PersistConfig } from '../config/persist-config.js';
import { createDatastore } from '../datastore/create-datastore.js';
import type { Datastore } from '../datastore/datastore.js';
import { PersistError } from '../errors.js';
import type { Limits } from '../graphql/index.js';
import { compileModel, formatDiagnostic, type ModelIR } from '../model/index.js';
import { readPermissions } from '../permissions/read-permissions.js';
import { createAuthenticator } from './auth/authenticator.js';
import { createServer as createServerOver, type PersistYoga, type ServerOptions } from './create-server.js';
import { introspectionSetting } from './introspection-setting.js';
import { metricsSetting } from './metrics-setting.js';
import { createServerLogger, logSettings, type LoggingOption } from './server-logger.js';

/** How to open a datastore: its registered name (`inmemory`, `mysql`, …) and, for a database, its URL. */
export interface DatastoreSettings {
  datastore: string;
  /** `mysql://user:pass@host:port/db?ssl-mode=REQUIRED` (default: the DATABASE_URL environment variable). */
  databaseUrl?: string;
}

export interface EmbedOptions {
  /**
   * A `codegen.yml` to read the `persist:` settings from (its model, datastore, auth, permissions,
   * limits, cors, graphiql, introspection); the options below override what it says.
   */
  config?: string;
  /** The model: the path of a `.bal` file (relative to the working directory), or `{ text }`. Required without `config`. */
  model?: string | { text: string };
  /**
   * The datastore: one the application opened (it stays the application's to close), or how to
   * open one (`close()` closes it). Default: as `config` says, else in-memory (empty).
   */
  datastore?: Datastore | DatastoreSettings;
  auth?: AuthConfig;
  /** The `permissions:` block, in the form of codegen.yml. */
  permissions?: unknown;
  limits?: Readonly<Limits> | false;
  cors?: CorsConfig;
  graphiql?: boolean;
  introspection?: boolean;
  /** Extra Yoga / Envelop plugins, after Persist's own; with any, Yoga serves every request (create-server.ts). */
  plugins?: ServerOptions['plugins'];
  /**
   * As `persist serve` logs (default true: as `config`'s `logging:` says, else info and above on
   * stderr), a level, false, a Yoga logger, or the application's own pino logger (`pino()`): it
   * then gets the JSON request lines and errors too.
   */
  logging?: LoggingOption;
  /** The Prometheus endpoint (default: as `config`'s `metrics:` says, else on at /metrics); false: none. */
  metrics?: { path?: string } | false;
}

export interface EmbeddedServer {
  /** The node request listener: `http.createServer(handler)`, `app.all('/graphql', handler)`, Fastify's `reply.raw`. */
  handler: RequestListener;
  /** The Fetch API handler (`fetch(request)`), for runtimes and tests that speak Fetch. */
  fetch: PersistYoga['fetch'];
  yoga: PersistYoga;
  /** The compiled model. */
  model: ModelIR;
  /** Closes the datastore if `createServer` opened it (one the application passed stays open). */
  close(): Promise<void>;
}

function isDatastore(value: Datastore | DatastoreSettings): value is Datastore {
  return typeof (value as Datastore).list === 'function';
}

/** Reads and parses `path`: CONFIG_INVALID naming the file for a missing file or a bad setting. */
async function readConfig(path: string): Promise<PersistConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new PersistError('CONFIG_INVALID', `createServer: cannot read the config file ${path}: ${(e as Error).message}`);
  }
  try {
    return parseConfig(text, path);
  } catch (e) {
    if (e instanceof ConfigError) throw new PersistError('CONFIG_INVALID', e.message);
    throw e;
  }
}

/** Compiles the model: MODEL_INVALID with every diagnostic for a model with errors. */
async function compile(model: string | { text: string }, baseDir: string): Promise<ModelIR> {
  const path = typeof model === 'string' ? resolve(baseDir, model) : undefined;
  let text: string;
  try {
    text = typeof model === 'string' ? await readFile(path!, 'utf8') : model.text;
  } catch (e) {
    throw new PersistError('CONFIG_INVALID', `createServer: cannot read the model file ${path}: ${(e as Error).message}`);
  }
  const compiled = compileModel(text);
  if (compiled.model !== undefined) return compiled.model;
  const shown = path ?? 'model text';
  throw new PersistError('MODEL_INVALID', compiled.diagnostics.map((d) => formatDiagnostic(d, text, shown)).join('\n'));
}

/** The GraphQL server of a model, to embed: see the file comment. */
export async function createServer(options: EmbedOptions): Promise<EmbeddedServer> {
  const config = options.config === undefined ? undefined : await readConfig(resolve(options.config));
  const baseDir = options.config === undefined ? process.cwd() : dirname(resolve(options.config));
  const modelSource = options.model ?? config?.model;
  if (modelSource === undefined)
    throw new PersistError('CONFIG_INVALID', 'createServer: give `model` (a .bal path or { text }) or `config`.');
  const model = await compile(modelSource, options.model === undefined ? baseDir : process.cwd());
  const where = options.config ?? 'createServer options';
  const permissions = readPermissions(options.permissions ?? config?.permissions, model, where);
  const auth = options.auth ?? config?.auth;
  let authenticator;
  try {
    authenticator = createAuthenticator(auth, new Set(permissions.roles.keys()), { baseDir, where });
  } catch (e) {
    if (e instanceof ConfigError) throw new PersistError('CONFIG_INVALID', e.message);
    throw e;
  }
  const given = options.datastore;
  const opened = given === undefined || !isDatastore(given);
  const settings: DatastoreSettings = given !== undefined && !isDatastore(given) ? given : { datastore: config?.datastore ?? 'inmemory' };
  const databaseUrl = settings.databaseUrl ?? process.env['DATABASE_URL'];
  const datastore =
    given !== undefined && isDatastore(given)
      ? given
      : await createDatastore(model, { datastore: settings.datastore, ...(databaseUrl === undefined ? {} : { databaseUrl }) });
  const cors = options.cors ?? config?.cors;
  const limits = options.limits ?? config?.limits;
  const graphiql = options.graphiql ?? config?.graphiql;
  const introspection = introspectionSetting({ introspection: options.introspection ?? config?.introspection, auth });
  const server = createServerOver({
    model,
    datastore,
    permissions,
    authenticate: (headers) => authenticator.authenticate(headers),
    ...(limits === undefined ? {} : { limits }),
    ...(options.logging !== undefined
      ? { logging: options.logging }
      : config?.logging === undefined
        ? {}
        : { logging: createServerLogger(logSettings(config.logging)) }),
    ...(options.metrics !== undefined ? { metrics: options.metrics } : metricsSetting(config?.metrics)),
    ...(options.plugins === undefined ? {} : { plugins: options.plugins }),
    ...(cors === undefined ? {} : { cors }),
    ...(graphiql === undefined ? {} : { graphiql }),
    ...(introspection === undefined ? {} : { introspection }),
  });
  return {
    handler: server.handler,
    fetch: server.yoga.fetch.bind(server.yoga),
    yoga: server.yoga,
    model,
    close: async () => {
      if (opened) await datastore.close();
    },
  };
}
