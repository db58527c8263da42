/**
 * `persist push` against a MySQL / MariaDB server: creates the database if needed (utf8mb4 with a
 * binary, NO PAD collation, so that strings compare case-sensitively by code point as in every
 * other datastore) and the model's tables, but never drops or alters anything: when any of the
 * tables already exists it compares instead and reports what differs.
 * The DDL itself comes from the caller (codegen's script.sql generator): this module only runs it.
 */
import { DatastoreUnavailableError, PersistError } from '../../errors.js';
import type { PushOutcome } from '../datastore-backend.js';
import { quoteId } from './entity-sql.js';
import { MysqlStatementError, toPersistError } from './mysql-errors.js';
import { createMysqlPool, parseMysqlUrl } from './mysql-pool.js';
import { SqlSession } from './sql-session.js';

/** One table as the DDL creates it (see codegen/sql TableDefinition). */
export interface TableSpec {
  table: string;
  /** `CREATE TABLE … (…)` without table options or semicolon. */
  create: string;
  indexes: readonly string[];
  columns: readonly { name: string; type: string; nullable: boolean; autoIncrement: boolean }[];
}

export type { PushOutcome };

// Preferred first: binary and NO PAD ('a' <> 'a '), as the in-memory store compares.
const COLLATIONS = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin', 'utf8mb4_bin'];

/** The binary utf8mb4 collation the server offers, best first. */
async function binaryCollation(session: SqlSession): Promise<string> {
  const rows = await session.select(
    `SELECT COLLATION_NAME FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN (?, ?, ?)`,
    COLLATIONS,
  );
  const have = new Set(rows.map((r) => String(r[0])));
  const found = COLLATIONS.find((c) => have.has(c));
  if (!found)
    throw new PersistError(
      'SCHEMA_MISMATCH',
      'The server offers no binary utf8mb4 collation (utf8mb4_nopad_bin, utf8mb4_0900_bin or utf8mb4_bin).',
    );
  return found;
}

/** Lower-case type names, no integer display width, BOOLEAN as TINYINT(1), no spaces in enum lists. */
export function normalizeColumnType(type: string): string {
  const m = /^(\w+)(.*)$/s.exec(type.trim());
  if (!m) return type;
  let name = m[1]!.toLowerCase();
  let rest = m[2]!;
  if (name === 'boolean' || name === 'bool') return 'tinyint(1)';
  if (name === 'integer') name = 'int';
  if (name === 'int') rest = '';
  if (name === 'enum' || name === 'set') rest = rest.replace(/',\s+'/g, "','");
  return name + rest.replace(/\s+/g, (s) => (name === 'enum' ? s : ''));
}

interface ExistingColumn {
  type: string;
  nullable: boolean;
  autoIncrement: boolean;
  collation: string | null;
}

async function existingColumns(session: SqlSession): Promise<Map<string, Map<string, ExistingColumn>>> {
  const rows = await session.select(
    'SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, EXTRA, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION',
    [],
  );
  const out = new Map<string, Map<string, ExistingColumn>>();
  for (const [table, column, type, nullable, extra, collation] of rows) {
    const t = String(table);
    if (!out.has(t)) out.set(t, new Map());
    out.get(t)!.set(String(column), {
      type: String(type),
      nullable: String(nullable) === 'YES',
      autoIncrement: /auto_increment/i.test(typeof extra === 'string' ? extra : ''),
      collation: typeof collation === 'string' ? collation : null,
    });
  }
  return out;
}

/** What differs between the model's tables and the database's (empty when up to date). */
export function schemaDifferences(
  tables: readonly TableSpec[],
  existing: ReadonlyMap<string, ReadonlyMap<string, ExistingColumn>>,
): string[] {
  const out: string[] = [];
  for (const spec of tables) {
    const have = existing.get(spec.table);
    if (!have) {
      out.push(`table \`${spec.table}\` is missing`);
      continue;
    }
    const wanted = new Set(spec.columns.map((c) => c.name));
    for (const c of spec.columns) {
      const h = have.get(c.name);
      if (!h) {
        out.push(`table \`${spec.table}\`: column \`${c.name}\` is missing (expected ${c.type}${c.nullable ? '' : ' NOT NULL'})`);
        continue;
      }
      if (normalizeColumnType(h.type) !== normalizeColumnType(c.type)) {
        out.push(`table \`${spec.table}\`: column \`${c.name}\` is ${h.type}, expected ${c.type}`);
      }
      if (h.nullable !== c.nullable) {
        out.push(
          `table \`${spec.table}\`: column \`${c.name}\` is ${h.nullable ? 'nullable' : 'NOT NULL'}, expected ${c.nullable ? 'nullable' : 'NOT NULL'}`,
        );
      }
      if (h.autoIncrement !== c.autoIncrement) {
        out.push(
          `table \`${spec.table}\`: column \`${c.name}\` is ${h.autoIncrement ? '' : 'not '}AUTO_INCREMENT, expected ${c.autoIncrement ? '' : 'not '}AUTO_INCREMENT`,
        );
      }
      if (h.collation !== null && !/_bin$/.test(h.collation)) {
        out.push(
          `table \`${spec.table}\`: column \`${c.name}\` uses the collation ${h.collation}; a binary collation (utf8mb4_nopad_bin) is needed for case-sensitive comparisons`,
        );
      }
    }
    for (const name of have.keys()) {
      if (!wanted.has(name)) out.push(`table \`${spec.table}\`: column \`${name}\` is not in the model`);
    }
  }
  return out;
}

/** Runs one DDL statement; a rejection says which step failed, with the server's reason (CLI only, never GraphQL). */
async function ddl(session: SqlSession, sql: string, step: string, created: readonly string[]): Promise<void> {
  try {
    await session.execute(sql);
  } catch (e) {
    if (!(e instanceof MysqlStatementError)) throw e;
    const reason = e.cause instanceof Error ? e.cause.message : String(e.cause);
    const done = created.length === 0 ? 'no table was created' : `already created: ${created.map((t) => `\`${t}\``).join(', ')}`;
    throw new PersistError('SCHEMA_MISMATCH', `The server rejected ${step}: ${reason} (${done}).`, { cause: e });
  }
}

/**
 * Creates the database of `url` (if missing) and the tables (parent tables first); or, when any
 * of them exists, reports whether the schema is up to date or what differs. Nothing is dropped
 * or altered. DATASTORE_UNAVAILABLE when the server cannot be reached.
 */
export async function pushSchema(url: string, tables: readonly TableSpec[]): Promise<PushOutcome> {
  const { database, host, port } = parseMysqlUrl(url);
  if (database === undefined) {
    throw new PersistError('CONFIG_INVALID', 'The database URL names no database (expected mysql://user:password@host:port/database).');
  }
  const pool = createMysqlPool(url, { connectionLimit: 1, useDatabase: false });
  try {
    const connection = await pool.getConnection().catch((e: unknown) => {
      const error = toPersistError(e);
      throw error instanceof DatastoreUnavailableError
        ? new DatastoreUnavailableError(`Cannot reach the MySQL server at ${host}:${port}: ${error.message}`, { cause: e })
        : error;
    });
    try {
      const session = new SqlSession(connection);
      const collation = await binaryCollation(session);
      await session.execute(`CREATE DATABASE IF NOT EXISTS ${quoteId(database)} CHARACTER SET utf8mb4 COLLATE ${collation}`);
      await session.execute(`USE ${quoteId(database)}`);
      const existing = await existingColumns(session);
      if (tables.some((t) => existing.has(t.table))) {
        const differences = schemaDifferences(tables, existing);
        return differences.length === 0 ? { kind: 'upToDate', database } : { kind: 'differs', database, differences };
      }
      // Older servers would give a NOT NULL TIMESTAMP an implicit DEFAULT … ON UPDATE
      // CURRENT_TIMESTAMP, silently rewriting Utc fields on every update.
      await session.execute('SET SESSION explicit_defaults_for_timestamp = 1').catch(() => undefined);
      const created: string[] = [];
      for (const t of tables) {
        await ddl(session, `${t.create} DEFAULT CHARSET=utf8mb4 COLLATE=${collation}`, `creating the table \`${t.table}\``, created);
        created.push(t.table);
      }
      for (const t of tables) for (const index of t.indexes) await ddl(session, index, `creating an index on \`${t.table}\``, created);
      return { kind: 'created', database, tables: created, collation };
    } finally {
      connection.release();
    }
  } finally {
    await pool.end().catch(() => undefined);
  }
}
