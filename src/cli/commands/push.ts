/**
 * `persist push [--database-url URL] [--model NAME]`: creates the model's tables (for MySQL: script.sql's DDL,
 * utf8mb4 with a binary collation) in the database of DATABASE_URL, creating the database if
 * needed; for Google Sheets, the sheets and header rows in the spreadsheet its settings name. It never drops or alters anything: when any of the tables exists it compares them with
 * the model and either says the schema is up to date (exit 0) or lists what differs (exit 1).
 * A `models:` list is pushed whole, into the one database (cli/load-models.ts), or one model of it
 * with `--model NAME`.
 *
 * The backend that pushes is the one whose URL scheme the database URL has, else the configured
 * one (so a project still on `datastore: inmemory` can push before switching, as the docs show).
 */
import { backendForUrl, datastoreBackend, datastoreBackends, type DatastoreBackend } from '../../datastore/create-datastore.js';
import type { PersistConfig } from '../../config/persist-config.js';
import { PersistError } from '../../errors.js';
import { CliError } from '../cli-error.js';
import { loadConfig } from '../config.js';
import type { CommandIO } from '../io.js';
import { loadServedModel } from '../load-models.js';
import { parseFlags } from '../parse-flags.js';

export const summary =
  "create the model's tables (every model of a models: list) in the DATABASE_URL database, never dropping or altering data (--database-url, --model)";

/** The backend that pushes the schema: the one of `url`'s scheme, else the configured one. */
function pusher(config: PersistConfig, url: string | undefined): DatastoreBackend & Required<Pick<DatastoreBackend, 'pushSchema'>> {
  const backend = (url === undefined ? undefined : backendForUrl(url)?.backend) ?? datastoreBackend(config.datastore);
  if (backend?.pushSchema && (url !== undefined || backend.urlSchemes.length === 0))
    return { ...backend, pushSchema: backend.pushSchema.bind(backend) };
  if (url === undefined)
    throw new CliError(
      'persist push: no database given: set DATABASE_URL=mysql://user:password@host:port/database or pass --database-url.',
    );
  const schemes = datastoreBackends().flatMap((b) => (b.backend.pushSchema ? b.backend.urlSchemes.map((s) => `${s}//`) : []));
  throw new CliError(
    `persist push: the datastore '${config.datastore}' keeps no schema to push, and the database URL is none of ${schemes.join(', ')}.`,
  );
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const flags = parseFlags('push', args, { 'database-url': { type: 'string' }, model: { type: 'string' } });
  const url = flags['database-url'] ?? process.env['DATABASE_URL'];
  const config = await loadConfig(io);
  const backend = pusher(config, url);
  const served = await loadServedModel('push', config, io, flags.model);
  if (!served) return 1;
  const model = served.model;
  const { table, database } = backend.storageNouns ?? { table: 'table', database: 'database' };
  let outcome;
  try {
    outcome = await backend.pushSchema(model, {
      datastore: config.datastore,
      ...(url === undefined ? {} : { databaseUrl: url }),
      ...(config.datastoreSettings === undefined ? {} : { settings: config.datastoreSettings }),
      baseDir: io.cwd,
    });
  } catch (e) {
    if (e instanceof PersistError) throw new CliError(`persist push: ${e.message}`, e.code === 'CONFIG_INVALID' ? 2 : 1);
    throw e;
  }
  switch (outcome.kind) {
    case 'created':
      io.stdout(
        `Created ${outcome.tables.length} ${table}(s) in the ${database} '${outcome.database}'${outcome.collation === undefined ? '' : ` (utf8mb4, ${outcome.collation})`}: ${outcome.tables.join(', ')}.`,
      );
      return 0;
    case 'upToDate':
      io.stdout(
        `The ${database} '${outcome.database}' is already up to date with ${served.shown} (${model.entities.length} ${table}(s)); nothing to do.`,
      );
      return 0;
    case 'differs':
      io.stderr(
        `persist push: the ${database} '${outcome.database}' already has ${table}s that differ from ${served.shown}; nothing was changed:`,
      );
      for (const d of outcome.differences) io.stderr(`  - ${d}`);
      io.stderr(`Push into a new, empty ${database}, or migrate this one by hand: persist push never drops or alters existing data.`);
      return 1;
  }
}
