/**
 * `persist serve [--port 4000] [--host 127.0.0.1] [--database-url URL] [--seed FILE] [--model NAME]`:
 * serves the GraphQL API of the configured model at /graphql (GraphiQL in a browser), /health
 * beside it. A `models:` list is served as one API over one datastore (cli/load-models.ts), or
 * one model of it with `--model NAME`.
 *
 * Sample data: an ephemeral datastore (the in-memory one: see its registry entry) starts empty, so
 * it is loaded with `--seed FILE`, or else with the `sample-data.json` next to each model file
 * that has one (see server/sample-data.ts for the format). Other datastores keep their own data:
 * `--seed` is refused for them.
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { createDatastore, datastoreBackend, datastoreBackends } from '../../datastore/create-datastore.js';
import type { Datastore } from '../../datastore/datastore.js';
import { seedDatastore } from '../../datastore/seed.js';
import { CONFIG_FILE, ConfigError, type PersistConfig } from '../../config/persist-config.js';
import { createAuthenticator, type Authenticator } from '../../server/auth/authenticator.js';
import { PersistError } from '../../errors.js';
import type { ModelIR } from '../../model/ir.js';
import { createGracefulServer } from '../../server/graceful-http.js';
import { introspectionSetting } from '../../server/introspection-setting.js';
import { metricsSetting } from '../../server/metrics-setting.js';
import { parseSampleData } from '../../server/sample-data.js';
import { createServerLogger, logSettings } from '../../server/server-logger.js';
import { CliError } from '../cli-error.js';
import { configFileOf, loadConfig, loadPermissions } from '../config.js';
import { exists, type CommandIO } from '../io.js';
import { loadServedModel, type ServedModel } from '../load-models.js';
import { loadPersistedOperations } from '../load-persisted-operations.js';
import { parseFlags } from '../parse-flags.js';

export { introspectionSetting };

export const summary =
  'serve the GraphQL API at /graphql (GraphiQL in a browser; --port (or PORT, default 4000), --host (or HOST, default 127.0.0.1), --database-url (or DATABASE_URL), --seed FILE, --model)';

/** How long SIGTERM / SIGINT waits for the requests in flight before closing their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** Said at start by a server given no `persist.auth` settings (SPEC §4: safe defaults say so). */
export const DEVELOPMENT_NOTICE =
  'Persist: no auth settings (persist.auth in codegen.yml): this server is for development; every request has full rights.';

/** The default sample data file, beside the model. */
export const SAMPLE_DATA_FILE = 'sample-data.json';

/** An environment variable's value, or undefined when it is unset or blank. */
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parsePort(text: string, from = '--port'): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new CliError(
      `persist serve: ${from === '--port' ? '--port' : `--port (here the ${from} variable)`} must be a number from 0 to 65535, got '${text}'.`,
    );
  return port;
}

/** The sample data files to load, in order (none for a datastore that keeps its data). */
async function sampleDataPaths(config: PersistConfig, served: ServedModel, io: CommandIO, seed: string | undefined): Promise<string[]> {
  const ephemeral = datastoreBackend(config.datastore)?.ephemeral === true;
  if (seed !== undefined) {
    if (!ephemeral) {
      const seedable = datastoreBackends()
        .filter((b) => b.backend.ephemeral)
        .map((b) => b.backend.title)
        .join(' or ');
      throw new CliError(
        `persist serve: --seed loads sample data into the ${seedable} datastore only; the configured datastore is '${config.datastore}'.`,
      );
    }
    return [resolve(io.cwd, seed)];
  }
  if (!ephemeral) return [];
  const paths: string[] = [];
  for (const entry of served.entries) {
    const beside = resolve(io.cwd, dirname(entry.model), SAMPLE_DATA_FILE);
    if (await exists(beside)) paths.push(beside);
  }
  return paths;
}

async function loadSampleData(model: ModelIR, datastore: Datastore, path: string, io: CommandIO): Promise<number> {
  const shown = relative(io.cwd, path) || path;
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `persist serve: sample data file ${shown} not found.`
        : `persist serve: cannot read the sample data ${shown}: ${(e as Error).message}`,
    );
  }
  try {
    const rows = parseSampleData(model, document, shown);
    await seedDatastore(datastore, model, rows);
    return Object.values(rows).reduce((n, r) => n + r.length, 0);
  } catch (e) {
    if (e instanceof PersistError) throw new CliError(`persist serve: the sample data ${shown} was not loaded: ${e.message}`, 1);
    throw e;
  }
}

/**
 * The authenticator of `persist.auth` for a project in `cwd` (a JWKS file is read from there),
 * for the roles the permissions name. A key file that cannot be used, or an anonymous role
 * without permissions, is a CliError (exit 2) naming the setting.
 */
export function authenticatorFor(config: PersistConfig, knownRoles: ReadonlySet<string>, cwd: string): Authenticator {
  try {
    return createAuthenticator(config.auth, knownRoles, { baseDir: cwd, where: CONFIG_FILE });
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(`persist serve: ${e.message}`);
    throw e;
  }
}

/** How long `serve` waits at start for a datastore that cannot be reached yet, and between attempts. */
export const START_WAIT = { totalMs: startWaitMs(process.env['PERSIST_START_WAIT_MS']), everyMs: 1000 };

/** PERSIST_START_WAIT_MS as milliseconds (0 = try once); 30 s when unset or not a number. */
function startWaitMs(text: string | undefined): number {
  const ms = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isFinite(ms) && ms >= 0 ? ms : 30_000;
}

/**
 * Opens the datastore, waiting for a database that is not reachable yet (a database container
 * starting beside the server): one line per failed attempt on stderr, then one clear line and
 * exit 1 after START_WAIT.totalMs. Any other error (no URL, missing tables) stops at once.
 */
async function openWhenReachable(open: () => Promise<Datastore>, io: CommandIO): Promise<Datastore> {
  const deadline = Date.now() + START_WAIT.totalMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (e) {
      if (!(e instanceof PersistError)) throw e;
      if (e.code !== 'DATASTORE_UNAVAILABLE') throw new CliError(`persist serve: ${e.message}`, 1);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new CliError(
          `persist serve: gave up after ${attempt} attempts in ${Math.round(START_WAIT.totalMs / 1000)} s: ${e.message}`,
          1,
        );
      io.stderr(`persist serve: waiting for the datastore (attempt ${attempt}): ${e.message}`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(START_WAIT.everyMs, left)));
    }
  }
}

/** Resolves with the first SIGINT or SIGTERM, then listens no more. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      done(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const flags = parseFlags('serve', args, {
    port: { type: 'string' },
    host: { type: 'string' },
    'database-url': { type: 'string' },
    seed: { type: 'string' },
    model: { type: 'string' },
  });
  // The flags win over PORT / HOST (the convention of hosting platforms), which win over the defaults.
  const envPort = nonEmpty(process.env['PORT']);
  const port = flags.port === undefined && envPort !== undefined ? parsePort(envPort, 'PORT') : parsePort(flags.port ?? '4000');
  const hostName = flags.host ?? nonEmpty(process.env['HOST']) ?? '127.0.0.1';
  const config = await loadConfig(io);
  const served = await loadServedModel('serve', config, io, flags.model);
  if (!served) return 1;
  const model = served.model;
  const permissions = loadPermissions(config, model, configFileOf(io));
  const authenticator = authenticatorFor(config, new Set(permissions.roles.keys()), io.cwd);
  const seedPaths = await sampleDataPaths(config, served, io, flags.seed);
  const persistedOperations = config.persistedOperations && (await loadPersistedOperations(config.persistedOperations, io.cwd));
  const databaseUrl = flags['database-url'] ?? process.env['DATABASE_URL'];
  const datastore = await openWhenReachable(
    () =>
      createDatastore(model, {
        datastore: config.datastore,
        ...(databaseUrl ? { databaseUrl } : {}),
        ...(config.datastoreSettings === undefined ? {} : { settings: config.datastoreSettings }),
        baseDir: io.cwd,
      }),
    io,
  );
  try {
    let loaded = 0;
    for (const path of seedPaths) loaded += await loadSampleData(model, datastore, path, io);
    // A server runs in production mode unless told otherwise: graphql-js then skips its costly
    // development checks on every instanceof (about a quarter of the CPU of a large query). It
    // reads NODE_ENV when first loaded, hence the import here and not at the top.
    process.env['NODE_ENV'] ??= 'production';
    const { createServer } = await import('../../server/index.js');
    let logging;
    try {
      logging = logSettings(config.logging);
    } catch (e) {
      if (e instanceof PersistError) throw new CliError(`persist serve: ${e.message}`);
      throw e;
    }
    const logger = createServerLogger({ write: io.stderr, ...logging });
    // Pretty logs are for a person at a terminal, who reads the lines on stdout; JSON logs are
    // for a collector, which gets the start and the end as log lines too.
    const event = (message: string, fields: Record<string, unknown>): void => {
      if (logging.format === 'json') logger.event(message, fields);
    };
    const introspection = introspectionSetting(config);
    const server = createServer({
      model,
      datastore,
      logging: logger,
      limits: config.limits,
      ...metricsSetting(config.metrics),
      permissions,
      authenticate: (headers) => authenticator.authenticate(headers),
      ...(config.cors === undefined ? {} : { cors: config.cors }),
      ...(config.graphiql === undefined ? {} : { graphiql: config.graphiql }),
      ...(introspection === undefined ? {} : { introspection }),
      ...(persistedOperations === undefined ? {} : { persistedOperations }),
    });
    const graceful = createGracefulServer(server.handler);
    const http = graceful.server;
    await new Promise<void>((done, fail) => {
      http.once('error', (e: NodeJS.ErrnoException) =>
        fail(
          new CliError(
            e.code === 'EADDRINUSE'
              ? `persist serve: ${hostName}:${port} is already in use; pick another --port.`
              : `persist serve: cannot listen on ${hostName}:${port}: ${e.message}`,
          ),
        ),
      );
      http.listen(port, hostName, done);
    });
    const address = http.address();
    const actualPort = typeof address === 'object' && address !== null ? address.port : port;
    const host = hostName.includes(':') ? `[${hostName}]` : hostName;
    const data = seedPaths.length === 0 ? '' : `, ${loaded} sample rows from ${seedPaths.map((p) => relative(io.cwd, p)).join(', ')}`;
    // Off the event loop (zlib's threads): the server answers meanwhile.
    server.warm().catch((error: unknown) => logger.error('Preparing the GraphiQL page failed:', error));
    if (persistedOperations !== undefined) {
      const { manifest, only } = persistedOperations;
      io.stdout(
        `Persist: ${manifest.documents.size} trusted document(s) from ${manifest.source}${only ? '; no other document runs' : '; other documents run too'}.`,
      );
    }
    const url = `http://${host}:${actualPort}/graphql`;
    io.stdout(`Persist serves ${served.shown} (${config.datastore}${data}) at ${url}`);
    event('server started', { url, port: actualPort, host: hostName, datastore: config.datastore, auth: config.auth !== undefined });
    if (config.auth === undefined) io.stdout(DEVELOPMENT_NOTICE);
    const signal = await nextSignal();
    // A second Ctrl-C (or SIGTERM) does not wait for the requests in flight.
    const again = (): void => {
      io.stdout('Persist: second signal: closing the connections of the requests still running.');
      graceful.force();
    };
    process.once('SIGINT', again);
    process.once('SIGTERM', again);
    io.stdout(
      `Persist: ${signal}: no new connections; finishing ${graceful.inFlight()} request(s) in flight (at most ${SHUTDOWN_GRACE_MS / 1000} s).`,
    );
    event('server stopping', { signal, inFlight: graceful.inFlight() });
    const { answered, cut } = await graceful.stop(SHUTDOWN_GRACE_MS);
    event('server stopped', { answered, cut });
    process.off('SIGINT', again);
    process.off('SIGTERM', again);
    io.stdout(
      cut === 0
        ? `Persist: ${answered} request(s) answered; the server is closed.`
        : `Persist: ${answered} request(s) answered; ${cut} still running were cut off; the server is closed.`,
    );
  } finally {
    await datastore.close();
  }
  io.stdout(`Persist: the ${config.datastore} datastore is closed; exiting.`);
  return 0;
}
