/**
 * `persist push` against a real server, in-process through the CLI: it creates the database and
 * the tables (binary collation), says "up to date" on a second run, and on a database whose
 * tables differ it stops, says what differs and changes nothing. Unreachable server: one line,
 * exit ≠ 0.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openMysqlDatastore, type MysqlPool } from '../../src/datastore/mysql/index.js';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { loadModel, modelText, REPO_ROOT, type ModelName } from '../support/models.js';
import { adminPool, databaseUrl, describeMysql, freshDatabaseName } from './mysql-test-db.js';

describeMysql('persist push', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  let admin: MysqlPool;
  const created: string[] = [];

  async function push(...flags: string[]): Promise<number> {
    out = [];
    err = [];
    return main(['push', ...flags], { cwd: dir, stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  }

  function project(name: ModelName): void {
    writeFileSync(join(dir, 'model.bal'), modelText(name));
    writeFileSync(join(dir, 'codegen.yml'), 'model: model.bal\ndatastore: mysql\n');
  }

  function newDatabase(): string {
    const name = freshDatabaseName('push');
    created.push(name);
    return name;
  }

  async function select(sql: string, values: unknown[] = []): Promise<unknown[][]> {
    return (await admin.query({ sql, values, rowsAsArray: true }))[0] as unknown[][];
  }

  beforeAll(() => {
    admin = adminPool();
  });
  afterAll(async () => {
    for (const name of created) await admin.query({ sql: `DROP DATABASE IF EXISTS \`${name}\`` });
    await admin.end();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'persist-push-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database and the tables with a binary collation, then says the schema is up to date', async () => {
    project('rainier');
    const db = newDatabase();
    expect(await push('--database-url', databaseUrl(db))).toBe(0);
    expect(out.join('\n')).toMatch(
      /Created 5 table\(s\) in the database 'persist_test_push_\w+' \(utf8mb4, utf8mb4_(nopad_bin|0900_bin)\): Building, Workspace, Department, Employee, OrderItem\./,
    );
    expect(err).toEqual([]);
    const tables = await select(
      'SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
      [db],
    );
    expect(tables.map((t) => t[0])).toEqual(['Building', 'Department', 'Employee', 'OrderItem', 'Workspace']);
    for (const t of tables) expect(String(t[1])).toMatch(/_bin$/);
    const fks = await select(
      'SELECT TABLE_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, REFERENCED_TABLE_NAME',
      [db],
    );
    expect(fks).toEqual([
      ['Employee', 'Department'],
      ['Employee', 'Workspace'],
      ['Workspace', 'Building'],
    ]);

    const ds = await openMysqlDatastore(loadModel('rainier'), databaseUrl(db));
    await ds.insert('Department', [{ deptNo: 'D1', deptName: 'One' }]);
    await ds.close();

    expect(await push('--database-url', databaseUrl(db))).toBe(0);
    expect(out).toEqual([`The database '${db}' is already up to date with model.bal (5 table(s)); nothing to do.`]);
    expect(await select(`SELECT deptNo FROM \`${db}\`.Department`)).toEqual([['D1']]);
  });

  it('reads DATABASE_URL when no flag is given', async () => {
    project('features');
    const db = newDatabase();
    const saved = process.env['DATABASE_URL'];
    process.env['DATABASE_URL'] = databaseUrl(db);
    try {
      expect(await push()).toBe(0);
    } finally {
      if (saved === undefined) delete process.env['DATABASE_URL'];
      else process.env['DATABASE_URL'] = saved;
    }
    expect(out[0]).toContain('Created 6 table(s)');
  });

  it('stops on tables that differ, says what differs, and leaves the data as it was', async () => {
    project('rainier');
    const db = newDatabase();
    expect(await push('--database-url', databaseUrl(db))).toBe(0);
    await admin.query({ sql: `INSERT INTO \`${db}\`.Building VALUES ('B1', 'City', 'ST', 'C', '00000', 'office')` });
    await admin.query({ sql: `ALTER TABLE \`${db}\`.Building ADD COLUMN floors INT, DROP COLUMN postalCode` });
    await admin.query({ sql: `ALTER TABLE \`${db}\`.Department MODIFY deptName VARCHAR(50) NULL` });
    await admin.query({ sql: `DROP TABLE \`${db}\`.OrderItem` });
    expect(await push('--database-url', databaseUrl(db))).toBe(1);
    expect(out).toEqual([]);
    expect(err[0]).toBe(`persist push: the database '${db}' already has tables that differ from model.bal; nothing was changed:`);
    expect(err.slice(1, -1)).toEqual([
      '  - table `Building`: column `postalCode` is missing (expected VARCHAR(191) NOT NULL)',
      '  - table `Building`: column `floors` is not in the model',
      '  - table `Department`: column `deptName` is varchar(50), expected VARCHAR(191)',
      '  - table `Department`: column `deptName` is nullable, expected NOT NULL',
      '  - table `OrderItem` is missing',
    ]);
    expect(await select(`SELECT buildingCode, floors FROM \`${db}\`.Building`)).toEqual([['B1', null]]);
    expect(await select('SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [db])).toEqual([['4']]);
  });

  it('flags string columns whose collation is not binary', async () => {
    project('rainier');
    const db = newDatabase();
    expect(await push('--database-url', databaseUrl(db))).toBe(0);
    await admin.query({
      sql: `ALTER TABLE \`${db}\`.Department MODIFY deptName VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL`,
    });
    expect(await push('--database-url', databaseUrl(db))).toBe(1);
    expect(err.join('\n')).toContain(
      'column `deptName` uses the collation utf8mb4_general_ci; a binary collation (utf8mb4_nopad_bin) is needed',
    );
  });

  it('creates the annotation model (names, column types, indexes, AUTO_INCREMENT, declared foreign keys)', async () => {
    project('annotations');
    const db = newDatabase();
    expect(await push('--database-url', databaseUrl(db))).toBe(0);
    const indexes = await select(
      'SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME IN (?, ?, ?, ?) ORDER BY INDEX_NAME',
      [db, 'idx_tier', 'idx_title_shop', 'address_shop', 'unique_idx_serial'],
    );
    expect(indexes.map((r) => [r[0], r[1], Number(r[2])])).toEqual([
      ['Address', 'address_shop', 0],
      ['shops', 'idx_tier', 1],
      ['Ticket', 'idx_title_shop', 1],
      ['Ticket', 'idx_title_shop', 1],
      ['Badge', 'unique_idx_serial', 0],
    ]);
    expect(await push('--database-url', databaseUrl(db))).toBe(0);
    expect(out[0]).toContain('already up to date');
  });

  it('creates a shared and a nillable declared foreign key as bal persist types them (one NOT NULL column each, both FOREIGN KEYs)', async () => {
    const fixture = join(REPO_ROOT, 'test/model/fixtures/valid-declared-foreign-keys-nullable-and-shared/model.bal');
    writeFileSync(join(dir, 'model.bal'), readFileSync(fixture, 'utf8'));
    writeFileSync(join(dir, 'codegen.yml'), 'model: model.bal\ndatastore: mysql\n');
    const db = newDatabase();
    expect(await push('--database-url', databaseUrl(db))).toBe(0);
    const columns = await select(
      "SELECT COLUMN_NAME, IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'Shop' ORDER BY ORDINAL_POSITION",
      [db],
    );
    expect(columns).toEqual([
      ['id', 'NO'],
      ['name', 'NO'],
      ['tenant', 'NO'],
      ['tenantId', 'NO'],
      ['warehouseNumber', 'NO'],
      ['auditorCode', 'NO'],
      ['auditorId', 'NO'],
    ]);
    const keys = await select(
      "SELECT REFERENCED_TABLE_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'Shop' AND REFERENCED_TABLE_NAME IS NOT NULL GROUP BY CONSTRAINT_NAME, REFERENCED_TABLE_NAME ORDER BY 2",
      [db],
    );
    expect(keys).toEqual([
      ['Tenant', 'auditorCode,auditorId'],
      ['Tenant', 'tenant,tenantId'],
      ['Warehouse', 'tenant,warehouseNumber'],
    ]);
    expect(await push('--database-url', databaseUrl(db))).toBe(0);
    expect(out[0]).toContain('already up to date');
  });

  it('pushes every model of a models: list into the one database, or one with --model, and refuses models whose tables clash', async () => {
    const notes = 'import ballerina/persist as _;\n\ntype Note record {|\n    readonly int id;\n    string text;\n|};\n';
    mkdirSync(join(dir, 'model'));
    mkdirSync(join(dir, 'persist', 'notes'), { recursive: true });
    writeFileSync(join(dir, 'model', 'model.bal'), modelText('rainier'));
    writeFileSync(join(dir, 'persist', 'notes', 'model.bal'), notes);
    writeFileSync(
      join(dir, 'codegen.yml'),
      'persist:\n  datastore: mysql\n  models:\n    - model: model/model.bal\n    - model: persist/notes/model.bal\n',
    );
    const tables = async (db: string) =>
      (await select('SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [db])).map((r) => r[0]);

    const one = newDatabase();
    expect(await push('--database-url', databaseUrl(one), '--model', 'notes')).toBe(0);
    expect(await tables(one)).toEqual(['Note']);

    const both = newDatabase();
    expect(await push('--database-url', databaseUrl(both))).toBe(0);
    expect(await tables(both)).toEqual(['Building', 'Department', 'Employee', 'Note', 'OrderItem', 'Workspace']);
    expect(await push('--database-url', databaseUrl(both))).toBe(0);
    expect(out[0]).toBe(
      `The database '${both}' is already up to date with model/model.bal, persist/notes/model.bal (6 table(s)); nothing to do.`,
    );

    writeFileSync(
      join(dir, 'persist', 'notes', 'model.bal'),
      `import ballerinax/persist.sql;\n${notes.replace('type Note', '@sql:Name {value: "employee"}\ntype Note')}`,
    );
    const clash = newDatabase();
    expect(await push('--database-url', databaseUrl(clash))).toBe(2);
    expect(err).toEqual([
      "persist push: the models of codegen.yml name the same thing, so they cannot be pushed into one database: the table 'employee' of " +
        "persist/notes/model.bal's 'Note' and that of 'Employee' in model/model.bal. Rename one of them, or pick one model with --model NAME (model, notes).",
    ]);
    expect(await select('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [clash])).toEqual([]);
  });

  it('is what the mysql datastore needs: createDatastore refuses a database without the tables, then serves it after push', async () => {
    project('rainier');
    const db = newDatabase();
    const model = loadModel('rainier');
    await admin.query({ sql: `CREATE DATABASE \`${db}\`` });
    await expect(createDatastore(model, { datastore: 'mysql', databaseUrl: databaseUrl(db) })).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      message:
        "The database lacks the table(s) 'Employee', 'Workspace', 'Building', 'Department', 'OrderItem'; run `persist push` to create them.",
    });
    await expect(createDatastore(model, { datastore: 'mysql' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(await push('--database-url', databaseUrl(db))).toBe(0);
    const ds = await createDatastore(model, { datastore: 'mysql', databaseUrl: databaseUrl(db) });
    try {
      await ds.ping();
      expect(await ds.list('Employee')).toEqual([]);
    } finally {
      await ds.close();
    }
  });

  it('says in one line that the server is unreachable, and exits 1', async () => {
    project('rainier');
    expect(await push('--database-url', 'mysql://root@127.0.0.1:1/persist_test_unreachable')).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^persist push: Cannot reach the MySQL server at 127\.0\.0\.1:1: /);
    expect(err[0]).not.toContain('\n');
    expect(err[0]).not.toMatch(/\bat \S+\.(js|ts):\d+/);
  });

  it('pushes for a project still on the in-memory datastore (the URL names the backend), and refuses a URL no backend takes', async () => {
    project('rainier');
    writeFileSync(join(dir, 'codegen.yml'), 'model: model.bal\ndatastore: inmemory\n');
    const db = newDatabase();
    expect(await push('--database-url', databaseUrl(db))).toBe(0);
    expect(out.join('\n')).toMatch(/^Created 5 table\(s\) in the database 'persist_test_push_\w+'/);
    expect(await push('--database-url', 'postgres://root@127.0.0.1/db')).toBe(2);
    expect(err).toEqual([
      "persist push: the datastore 'inmemory' keeps no schema to push, and the database URL is none of mysql://, mariadb://.",
    ]);
  });

  it("keeps the backend's own word for a bad URL when the configured datastore pushes", async () => {
    project('rainier');
    expect(await push('--database-url', 'postgres://root@127.0.0.1/db')).toBe(2);
    expect(err).toEqual(['persist push: The database URL must start with mysql:// (got postgres://).']);
  });

  it('asks for a database URL when none is given', async () => {
    project('rainier');
    const saved = process.env['DATABASE_URL'];
    delete process.env['DATABASE_URL'];
    try {
      expect(await push()).toBe(2);
    } finally {
      if (saved !== undefined) process.env['DATABASE_URL'] = saved;
    }
    expect(err).toEqual([
      'persist push: no database given: set DATABASE_URL=mysql://user:password@host:port/database or pass --database-url.',
    ]);
  });
});
