// @ts-check
/**
 * The benchmark's MariaDB database: created from the project's own DDL, filled with the
 * deterministic data set, and read for the server's statement counters. The benchmark only ever
 * drops and writes a database whose name starts with `persist_bench`.
 */
import mysql from 'mysql2/promise';
import { LOAD_ORDER } from './data.js';
import { deleteM2Rows, restoreM3Rows } from './mutations.js';
import { M1_PREFIX } from './queries.js';

/** @typedef {import('mysql2/promise').Connection} Connection */

/** The statement counters read before and after each measurement (SHOW GLOBAL STATUS). */
export const COUNTERS = /** @type {const} */ ([
  'Questions',
  'Com_select',
  'Com_insert',
  'Com_delete',
  'Com_begin',
  'Com_commit',
  'Com_stmt_execute',
]);
/** @typedef {Record<(typeof COUNTERS)[number], number>} Counters */

/**
 * The database name of a URL, refusing any database that is not the benchmark's own.
 * @param {string} databaseUrl
 */
export function benchDatabaseName(databaseUrl) {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!/^persist_bench\w*$/.test(name)) {
    throw new Error(
      `refusing to use database '${name}': the benchmark drops and refills its database, whose name must start with persist_bench`,
    );
  }
  return name;
}

/**
 * The database of the data set at `scale` (bench/data.js): `databaseUrl`'s own at scale 1, the
 * same name with `_x<scale>` appended otherwise (`persist_bench_x10`), on the same server.
 * @param {string} databaseUrl @param {number} scale
 */
export function scaledDatabaseUrl(databaseUrl, scale) {
  if (scale === 1) return databaseUrl;
  const url = new URL(databaseUrl);
  url.pathname = `/${benchDatabaseName(databaseUrl)}_x${scale}`;
  return url.toString();
}

/**
 * A connection to the server of `databaseUrl`, without selecting its database.
 * @param {string} databaseUrl
 * @returns {Promise<Connection>}
 */
export function connectServer(databaseUrl) {
  const url = new URL(databaseUrl);
  url.pathname = '/';
  return mysql.createConnection({ uri: url.toString(), charset: 'utf8mb4', multipleStatements: false });
}

/**
 * Drops the benchmark database, lets the project's push code create it and its tables from the
 * generated DDL, and loads `data`.
 * @param {string} databaseUrl
 * @param {import('./project.js').Project} project
 * @param {import('./data.js').BenchData} data
 */
export async function recreateDatabase(databaseUrl, project, data) {
  const name = benchDatabaseName(databaseUrl);
  const conn = await connectServer(databaseUrl);
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
  await project.createTables(databaseUrl);
  const db = await mysql.createConnection({ uri: databaseUrl, charset: 'utf8mb4' });
  try {
    for (const entityName of LOAD_ORDER) {
      const entity = project.model.entities.find((e) => e.name === entityName);
      if (!entity) throw new Error(`the model has no entity ${entityName}`);
      const columns = entity.fields.map((f) => `\`${f.columnName}\``).join(', ');
      const rows = data[entityName];
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500).map((row) => entity.fields.map((f) => row[f.name]));
        await db.query(`INSERT INTO \`${entity.tableName}\` (${columns}) VALUES ?`, [chunk]);
      }
    }
    // Fresh index statistics, so that every server of the run gets the plans of a settled table.
    // Without this the statistics are those InnoDB sampled while the rows went in, until its
    // background thread recalculates them, seconds or minutes later: measured at 20,000 employees
    // (2026-12-01), Q2's employee statement then ran as a range read of the department index
    // (estimated 200 rows, read 20,000) plus a filesort, 5-10x the time of the scan in key order
    // it gets once the statistics are current.
    await db.query(`ANALYZE TABLE ${LOAD_ORDER.map((entityName) => `\`${entityName}\``).join(', ')}`);
  } finally {
    await db.end();
  }
}

/**
 * Checks that the database holds exactly the generated data set's row counts (for --no-load).
 * @param {string} databaseUrl @param {import('./data.js').BenchData} data
 */
export async function verifyRowCounts(databaseUrl, data) {
  const db = await mysql.createConnection({ uri: databaseUrl, charset: 'utf8mb4' }).catch((/** @type {unknown} */ error) => {
    if (error instanceof Error && 'code' in error && error.code === 'ER_BAD_DB_ERROR')
      throw new Error(`the database ${benchDatabaseName(databaseUrl)} does not exist: run without --no-load`);
    throw error;
  });
  try {
    for (const entityName of LOAD_ORDER) {
      const [rows] = await db.query(`SELECT COUNT(*) AS n FROM \`${entityName}\``);
      const n = Number(/** @type {{ n: number }[]} */ (rows)[0]?.n);
      if (n !== data[entityName].length) {
        throw new Error(`table ${entityName} has ${n} rows, the data set ${data[entityName].length}: run without --no-load`);
      }
    }
  } finally {
    await db.end();
  }
}

/**
 * Removes every row that M1 inserted (they all have an order id starting with "M1-").
 * @param {Connection} conn a connection to the benchmark database
 */
export async function deleteM1Rows(conn) {
  await conn.query('DELETE FROM OrderItem WHERE orderId LIKE ?', [`${M1_PREFIX}%`]);
}

/**
 * Undoes every benchmark write: the rows M1 and M2 inserted go, the data set's values come back
 * into the rows M3 updates.
 * @param {Connection} conn @param {import('./data.js').BenchData} data
 */
export async function undoWrites(conn, data) {
  await deleteM1Rows(conn);
  await deleteM2Rows(conn);
  await restoreM3Rows(conn, data);
}

/** @param {Connection} conn */
export async function countM1Rows(conn) {
  const [rows] = await conn.query('SELECT COUNT(*) AS n FROM OrderItem WHERE orderId LIKE ?', [`${M1_PREFIX}%`]);
  return Number(/** @type {{ n: number }[]} */ (rows)[0]?.n);
}

/**
 * The server-wide statement counters. Reading them is itself one statement (counted in
 * Questions), which `counterDelta` subtracts.
 * @param {Connection} conn
 * @returns {Promise<Counters>}
 */
export async function readCounters(conn) {
  const [rows] = await conn.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${COUNTERS.map(() => '?').join(', ')})`, [...COUNTERS]);
  const counters = /** @type {Counters} */ (Object.fromEntries(COUNTERS.map((c) => [c, 0])));
  for (const row of /** @type {{ Variable_name: string; Value: string }[]} */ (rows)) {
    counters[/** @type {keyof Counters} */ (row.Variable_name)] = Number(row.Value);
  }
  return counters;
}

/**
 * after − before, less the one SHOW statement that read `after`.
 * @param {Counters} before @param {Counters} after
 * @returns {Counters}
 */
export function counterDelta(before, after) {
  const delta = /** @type {Counters} */ (Object.fromEntries(COUNTERS.map((c) => [c, after[c] - before[c]])));
  delta.Questions -= 1;
  return delta;
}

/** @param {Connection} conn */
export async function serverVersion(conn) {
  const [rows] = await conn.query('SELECT VERSION() AS v');
  return String(/** @type {{ v: string }[]} */ (rows)[0]?.v);
}
