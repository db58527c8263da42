/**
 * MySQL test databases: from PERSIST_TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306), each
 * test file gets fresh, uniquely named `persist_test_*` databases, created with `pushSchema` (the
 * code of `persist push`) and dropped after the file. Without a reachable server the MySQL suites
 * are skipped locally with the reason printed, and fail under CI=true.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import type { ModelIR } from '../../src/model/ir.js';
import { tableDefinitions } from '../../src/codegen/sql/script-sql.js';
import { pushSchema } from '../../src/datastore/mysql/schema-push.js';
import { MysqlDatastore, createMysqlPool, type MysqlPool } from '../../src/datastore/mysql/index.js';

/** The server URL without a database. */
export const MYSQL_URL = (process.env.PERSIST_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');

/** A URL for `database` on the test server. */
export function databaseUrl(database: string): string {
  return `${MYSQL_URL}/${database}`;
}

/** Why the server cannot be used, or undefined when it answers. */
async function probe(): Promise<string | undefined> {
  try {
    const u = new URL(MYSQL_URL);
    const c = await mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username) || 'root',
      password: decodeURIComponent(u.password),
      connectTimeout: 3000,
    });
    await c.end();
    return undefined;
  } catch (e) {
    return `${MYSQL_URL} is not reachable (${e instanceof Error ? e.message : String(e)})`;
  }
}

const unreachable = await probe();

/**
 * `describe` for MySQL suites: runs them when the server answers; otherwise a failing test under
 * CI=true (MySQL is required there), and a skip with the reason printed locally.
 */
export function describeMysql(name: string, body: () => void): void {
  if (unreachable === undefined) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('connects to the MySQL test server', () => {
        throw new Error(`MySQL is required under CI=true: ${unreachable}. Set PERSIST_TEST_MYSQL_URL.`);
      });
    });
  } else {
    console.warn(`[persist] MySQL suite '${name}' skipped: ${unreachable}. Start MariaDB/MySQL or set PERSIST_TEST_MYSQL_URL to run it.`);
    describe.skip(name, body);
  }
}

/** A fresh database name: `persist_test_<label>_<random>`. */
export function freshDatabaseName(label: string): string {
  return `persist_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
}

/** One admin connection pool on the test server (no database selected). */
export function adminPool(): MysqlPool {
  return createMysqlPool(MYSQL_URL, { connectionLimit: 2, useDatabase: false });
}

/**
 * Fresh databases for one test file, dropped after it. `open(model)` hands out a datastore over
 * an empty database holding the model's tables: created once per model, emptied (and its
 * AUTO_INCREMENT counters reset) on every later open, which is much faster than re-creating it.
 */
export class TestDatabases {
  private readonly databases = new Map<ModelIR, string>();
  private readonly created: string[] = [];
  private admin: MysqlPool | undefined;

  constructor(private readonly label: string) {
    afterAll(() => this.dropAll());
  }

  private pool(): MysqlPool {
    return (this.admin ??= adminPool());
  }

  /** Creates a new empty database with the model's tables; returns its name. */
  async create(model: ModelIR): Promise<string> {
    const name = freshDatabaseName(this.label);
    this.created.push(name);
    const outcome = await pushSchema(databaseUrl(name), tableDefinitions(model));
    if (outcome.kind !== 'created') throw new Error(`pushSchema on a fresh database: ${JSON.stringify(outcome)}`);
    return name;
  }

  /**
   * A datastore over an empty database with the model's tables; `wrap` may wrap its pool (to
   * count statements).
   */
  async open(model: ModelIR, wrap: (pool: MysqlPool) => MysqlPool = (p) => p): Promise<MysqlDatastore> {
    let name = this.databases.get(model);
    if (name === undefined) {
      name = await this.create(model);
      this.databases.set(model, name);
    } else {
      await this.empty(model, name);
    }
    return new MysqlDatastore(model, wrap(createMysqlPool(databaseUrl(name))));
  }

  /** The database `open(model)` uses (after a first open). */
  databaseOf(model: ModelIR): string | undefined {
    return this.databases.get(model);
  }

  private async empty(model: ModelIR, database: string): Promise<void> {
    const c = await this.pool().getConnection();
    try {
      await c.query({ sql: 'SET FOREIGN_KEY_CHECKS = 0' });
      for (const e of model.entities) {
        await c.query({ sql: `DELETE FROM \`${database}\`.\`${e.tableName}\`` });
        if (e.fields.some((f) => f.generated)) await c.query({ sql: `ALTER TABLE \`${database}\`.\`${e.tableName}\` AUTO_INCREMENT = 1` });
      }
      await c.query({ sql: 'SET FOREIGN_KEY_CHECKS = 1' });
    } finally {
      c.release();
    }
  }

  /** Drops every database this instance created. */
  async dropAll(): Promise<void> {
    if (this.created.length === 0 && !this.admin) return;
    const pool = this.pool();
    for (const name of this.created.splice(0)) await pool.query({ sql: `DROP DATABASE IF EXISTS \`${name}\`` });
    await pool.end();
    this.admin = undefined;
  }
}
