/**
 * Opens the MySQL / MariaDB datastore for a model from a `mysql://user:pass@host:port/db` URL:
 * checks that the server answers and that the model's tables exist (`persist push` creates them).
 */
import type { ModelIR } from '../../model/ir.js';
import { DatastoreUnavailableError, PersistError } from '../../errors.js';
import { MysqlDatastore } from './mysql-datastore.js';
import { createMysqlPool, parseMysqlUrl, type MysqlLimits, type MysqlPool } from './mysql-pool.js';
import { SqlSession } from './sql-session.js';
import { pushSchema, type PushOutcome } from './schema-push.js';
// The DDL is codegen's (script.sql's generator, pure over the model): push runs exactly the
// statements `persist generate` writes.
import { tableDefinitions } from '../../codegen/sql/script-sql.js';
import { unavailableReason } from './mysql-errors.js';

export { MysqlDatastore } from './mysql-datastore.js';
export {
  createMysqlPool,
  DEFAULT_MYSQL_LIMITS,
  parseMysqlUrl,
  type MysqlLimits,
  type MysqlPoolOptions,
  type MysqlPool,
  type MysqlPoolConnection,
  type MysqlQueryable,
  type MysqlStatement,
} from './mysql-pool.js';

/** The model's tables that the connected database lacks, in declaration order. */
export async function missingTables(model: ModelIR, pool: MysqlPool): Promise<string[]> {
  const rows = await new SqlSession(pool).select('SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()', []);
  const present = new Set(rows.map((r) => String(r[0])));
  return model.entities.map((e) => e.tableName).filter((t) => !present.has(t));
}

/**
 * Opens the datastore. CONFIG_INVALID without a URL or database name; DATASTORE_UNAVAILABLE when
 * the server cannot be reached; SCHEMA_MISMATCH when tables are missing.
 */
export async function openMysqlDatastore(
  model: ModelIR,
  databaseUrl: string | undefined,
  limits: Partial<MysqlLimits> = {},
): Promise<MysqlDatastore> {
  if (!databaseUrl) {
    throw new PersistError(
      'CONFIG_INVALID',
      'The mysql datastore needs a database URL: set DATABASE_URL=mysql://user:password@host:port/database or pass --database-url.',
    );
  }
  const { database, host, port } = parseMysqlUrl(databaseUrl);
  if (database === undefined) {
    throw new PersistError('CONFIG_INVALID', 'The database URL names no database (expected mysql://user:password@host:port/database).');
  }
  const pool = createMysqlPool(databaseUrl, limits);
  try {
    const missing = await missingTables(model, pool);
    if (missing.length > 0) {
      throw new PersistError(
        'SCHEMA_MISMATCH',
        `The database lacks the table(s) ${missing.map((t) => `'${t}'`).join(', ')}; run \`persist push\` to create them.`,
      );
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    if (e instanceof DatastoreUnavailableError) {
      // The driver's reason when there is one ("refused the connection"), else what timed out.
      const reason = e.cause === undefined ? e.message : `${unavailableReason(e.cause)}.`;
      throw new DatastoreUnavailableError(`Cannot reach the MySQL database '${database}' at ${host}:${port}: ${reason}`, { cause: e });
    }
    throw e;
  }
  return new MysqlDatastore(model, pool);
}

/**
 * `persist push` for MySQL: creates the database of `databaseUrl` if needed and the model's
 * tables (script.sql's DDL), or compares them with existing ones; never drops or alters anything.
 */
export async function pushMysqlSchema(model: ModelIR, databaseUrl: string): Promise<PushOutcome> {
  return pushSchema(databaseUrl, tableDefinitions(model));
}
