/**
 * `persist push [--database-url URL]`: creates the model's tables (script.sql's DDL, utf8mb4 with
 * a binary collation) in the database of DATABASE_URL, creating the database if needed. It never
 * drops or alters anything: when any of the tables exists it compares them with the model and
 * either says the schema is up to date (exit 0) or lists what differs (exit 1).
 */
import { tableDefinitions } from '../../codegen/sql/index.js';
import { PersistError } from '../../errors.js';
import { pushSchema } from '../../datastore/mysql/schema-push.js';
import { CliError } from '../cli-error.js';
import { loadConfig } from '../config.js';
import type { CommandIO } from '../io.js';
import { loadModel } from '../load-model.js';
import { parseFlags } from '../parse-flags.js';

export const summary = "create the model's tables in the DATABASE_URL database, never dropping or altering data (--database-url)";

export async function run(args: string[], io: CommandIO): Promise<number> {
  const flags = parseFlags('push', args, { 'database-url': { type: 'string' } });
  const url = flags['database-url'] ?? process.env['DATABASE_URL'];
  if (!url)
    throw new CliError(
      'persist push: no database given: set DATABASE_URL=mysql://user:password@host:port/database or pass --database-url.',
    );
  const config = await loadConfig(io.cwd);
  const model = await loadModel(config, io);
  if (!model) return 1;
  const tables = tableDefinitions(model);
  let outcome;
  try {
    outcome = await pushSchema(url, tables);
  } catch (e) {
    if (e instanceof PersistError) throw new CliError(`persist push: ${e.message}`, e.code === 'CONFIG_INVALID' ? 2 : 1);
    throw e;
  }
  switch (outcome.kind) {
    case 'created':
      io.stdout(
        `Created ${outcome.tables.length} table(s) in the database '${outcome.database}' (utf8mb4, ${outcome.collation}): ${outcome.tables.join(', ')}.`,
      );
      return 0;
    case 'upToDate':
      io.stdout(
        `The database '${outcome.database}' is already up to date with ${config.model} (${tables.length} table(s)); nothing to do.`,
      );
      return 0;
    case 'differs':
      io.stderr(
        `persist push: the database '${outcome.database}' already has tables that differ from ${config.model}; nothing was changed:`,
      );
      for (const d of outcome.differences) io.stderr(`  - ${d}`);
      io.stderr('Push into a new, empty database, or migrate this one by hand: persist push never drops or alters existing data.');
      return 1;
  }
}
