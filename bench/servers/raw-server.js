// @ts-check
/**
 * The "raw" baseline: what a careful engineer writes by hand without GraphQL. A `node:http`
 * server and a mysql2 pool; each known operation is one hand-written statement (joins for the
 * reads, one multi-row INSERT for M1), or a transaction of them for M2 (two prepared multi-row
 * INSERTs) and M3 (an UPDATE, then a SELECT of the rows updated), and the response is built as the same JSON that the GraphQL
 * servers return. It accepts exactly the benchmark requests and rejects anything else.
 *
 * Run as a child of bench/main.js: BENCH_PORT, BENCH_DATABASE_URL; reports readiness over IPC.
 */
import http from 'node:http';
import mysql from 'mysql2/promise';
import { employeeCursor, readEmployeeCursor } from '../cursor.js';
import { M1, M2, M3, Q1, Q2, Q3, Q4, Q5, Q6, Q6_FIRST } from '../queries.js';
import { announceReady, readBody, requireEnv } from './child-support.js';

// dateStrings: DATE columns as 'YYYY-MM-DD', as the API writes them (M2, M3).
const pool = mysql.createPool({ uri: requireEnv('BENCH_DATABASE_URL'), connectionLimit: 10, charset: 'utf8mb4', dateStrings: true });

// STRAIGHT_JOIN: left to itself MariaDB starts from Department and sorts every employee in a
// temporary table (EXPLAIN: "Using temporary; Using filesort"); a hand-written query reads
// employees in key order and stops at 100.
const Q1_SQL = `SELECT STRAIGHT_JOIN e.empNo, e.firstName, e.lastName, d.deptNo, d.deptName, w.workspaceId, w.workspaceType, b.buildingCode, b.city
  FROM Employee e
  JOIN Department d ON d.deptNo = e.departmentDeptNo
  JOIN Workspace w ON w.workspaceId = e.workspaceWorkspaceId
  JOIN Building b ON b.buildingCode = w.locationBuildingCode
  ORDER BY e.empNo LIMIT 100`;

const Q2_SQL = `SELECT d.deptNo, d.deptName, e.empNo, e.firstName, w.workspaceId, b.city
  FROM Department d
  LEFT JOIN Employee e ON e.departmentDeptNo = d.deptNo
  LEFT JOIN Workspace w ON w.workspaceId = e.workspaceWorkspaceId
  LEFT JOIN Building b ON b.buildingCode = w.locationBuildingCode
  ORDER BY d.deptNo, e.empNo`;

const Q3_SQL = `SELECT e.empNo, e.firstName, d.deptName, b.city
  FROM Employee e
  JOIN Department d ON d.deptNo = e.departmentDeptNo
  JOIN Workspace w ON w.workspaceId = e.workspaceWorkspaceId
  JOIN Building b ON b.buildingCode = w.locationBuildingCode
  WHERE e.empNo = ?`;

// The departments with a female employee (EXISTS on the foreign-key index), each with its first
// five employees by workspace type, then key (ROW_NUMBER per department over the join).
const Q4_SQL = `SELECT d.deptNo, d.deptName, (SELECT COUNT(*) FROM Employee c WHERE c.departmentDeptNo = d.deptNo) AS staff, x.empNo
  FROM Department d
  LEFT JOIN (
    SELECT e.empNo, e.departmentDeptNo, ROW_NUMBER() OVER (PARTITION BY e.departmentDeptNo ORDER BY w.workspaceType, e.empNo) AS rn
    FROM Employee e JOIN Workspace w ON w.workspaceId = e.workspaceWorkspaceId
  ) x ON x.departmentDeptNo = d.deptNo AND x.rn <= 5
  WHERE EXISTS (SELECT 1 FROM Employee f WHERE f.departmentDeptNo = d.deptNo AND f.gender = 'FEMALE')
  ORDER BY d.deptNo, x.rn`;
// The index on departmentDeptNo (the foreign key) gives the groups in order; the ENUM column
// sorts by declaration order, as GraphQL's default group order does.
const Q5_SQL = `SELECT departmentDeptNo, gender, COUNT(*) AS count FROM Employee GROUP BY departmentDeptNo, gender ORDER BY departmentDeptNo, gender`;

// ---- Q6 (issue 11) ----
// One page of employees by (lastName, empNo) after a cursor: a keyset predicate on the index of
// lastName (InnoDB's secondary index holds the key, so it is the (lastName, empNo) order), one row
// more than the page to learn hasNextPage, and the total as an uncorrelated subquery, evaluated
// once. The predicate is spelled out: MariaDB 10.11 does not use an index for the row comparison
// `(lastName, empNo) > (?, ?)` (EXPLAIN: a full scan and a filesort), but does for this form.
const Q6_COLUMNS = `SELECT empNo, firstName, lastName, (SELECT COUNT(*) FROM Employee) AS totalCount FROM Employee`;
const Q6_FIRST_SQL = `${Q6_COLUMNS} ORDER BY lastName, empNo LIMIT ${Q6_FIRST + 1}`;
const Q6_AFTER_SQL = `${Q6_COLUMNS} WHERE lastName > ? OR (lastName = ? AND empNo > ?) ORDER BY lastName, empNo LIMIT ${Q6_FIRST + 1}`;
// ---- end of Q6 ----

/** @typedef {Record<string, string | number | null>} SqlRow */

/** @returns {Promise<unknown>} */
async function q1() {
  const [rows] = /** @type {[SqlRow[], unknown]} */ (await pool.execute(Q1_SQL));
  return {
    employees: rows.map((r) => ({
      empNo: r.empNo,
      firstName: r.firstName,
      lastName: r.lastName,
      department: { deptNo: r.deptNo, deptName: r.deptName },
      workspace: { workspaceId: r.workspaceId, workspaceType: r.workspaceType, location: { buildingCode: r.buildingCode, city: r.city } },
    })),
  };
}

/** @returns {Promise<unknown>} */
async function q2() {
  const [rows] = /** @type {[SqlRow[], unknown]} */ (await pool.execute(Q2_SQL));
  /** @typedef {{ deptNo: SqlRow[string]; deptName: SqlRow[string]; employees: unknown[] }} DepartmentJson */
  /** @type {DepartmentJson[]} */
  const departments = [];
  /** @type {DepartmentJson | undefined} */
  let current;
  for (const r of rows) {
    if (current === undefined || current.deptNo !== r.deptNo) {
      current = { deptNo: r.deptNo, deptName: r.deptName, employees: [] };
      departments.push(current);
    }
    if (r.empNo !== null) {
      current.employees.push({
        empNo: r.empNo,
        firstName: r.firstName,
        workspace: { workspaceId: r.workspaceId, location: { city: r.city } },
      });
    }
  }
  return { departments };
}

/** @returns {Promise<unknown>} */
async function q3() {
  const [rows] = /** @type {[SqlRow[], unknown]} */ (await pool.execute(Q3_SQL, ['E00042']));
  const r = rows[0];
  return {
    employee:
      r === undefined
        ? null
        : { empNo: r.empNo, firstName: r.firstName, department: { deptName: r.deptName }, workspace: { location: { city: r.city } } },
  };
}

/** @returns {Promise<unknown>} */
async function q4() {
  const [rows] = /** @type {[SqlRow[], unknown]} */ (await pool.execute(Q4_SQL));
  /** @type {{ deptName: SqlRow[string]; employeesAggregate: { count: number }; employees: { empNo: SqlRow[string] }[] }[]} */
  const departments = [];
  let at = null;
  for (const r of rows) {
    if (at !== r.deptNo) {
      departments.push({ deptName: r.deptName, employeesAggregate: { count: Number(r.staff) }, employees: [] });
      at = r.deptNo;
    }
    if (r.empNo !== null) departments[departments.length - 1]?.employees.push({ empNo: r.empNo });
  }
  return { departments };
}

/** @returns {Promise<unknown>} */
async function q5() {
  const [rows] = /** @type {[SqlRow[], unknown]} */ (await pool.execute(Q5_SQL));
  return { employeesGroupBy: rows.map((r) => ({ departmentDeptNo: r.departmentDeptNo, gender: r.gender, count: Number(r.count) })) };
}

// ---- Q6 (issue 11) ----
/** @param {unknown} variables @returns {Promise<unknown>} */
async function q6(variables) {
  const text = /** @type {{ after?: unknown }} */ (variables ?? {}).after ?? null;
  const after = text === null ? null : readEmployeeCursor(text);
  if (text !== null && after === null) throw new BadRequest("Invalid value for 'after': not a cursor of this API");
  const [rows] = /** @type {[SqlRow[], unknown]} */ (
    after === null ? await pool.execute(Q6_FIRST_SQL) : await pool.execute(Q6_AFTER_SQL, [after.lastName, after.lastName, after.empNo])
  );
  // Past the last page no row carries the total: count apart (never on the benchmark's page 3).
  const totalCount = rows[0] ? Number(rows[0].totalCount) : await countEmployees();
  const edges = rows.slice(0, Q6_FIRST).map((r) => ({
    cursor: employeeCursor(r.lastName, r.empNo),
    node: { empNo: r.empNo, firstName: r.firstName, lastName: r.lastName },
  }));
  return {
    employeesConnection: {
      edges,
      pageInfo: { hasNextPage: rows.length > Q6_FIRST, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    },
  };
}

async function countEmployees() {
  const [rows] = /** @type {[SqlRow[], unknown]} */ (await pool.execute('SELECT COUNT(*) AS n FROM Employee'));
  return Number(rows[0]?.n ?? 0);
}
// ---- end of Q6 ----

/**
 * @param {unknown} variables
 * @returns {Promise<unknown>}
 */
async function m1(variables) {
  const data = /** @type {{ data?: unknown }} */ (variables ?? {}).data;
  if (!Array.isArray(data) || data.length === 0) throw new BadRequest('createOrderItems needs a non-empty data list');
  const rows = data.map((/** @type {SqlRow} */ r) => [r.orderId, r.itemId, r.quantity, r.notes]);
  // One multi-row INSERT; autocommit makes it atomic.
  await pool.query('INSERT INTO OrderItem (orderId, itemId, quantity, notes) VALUES ?', [rows]);
  return {
    createOrderItems: data.map((/** @type {SqlRow} */ r) => ({
      orderId: r.orderId,
      itemId: r.itemId,
      quantity: r.quantity,
      notes: r.notes,
    })),
  };
}

// --- M2, M3 (issue 12) ---

/**
 * Runs `work` in a transaction on one pooled connection, as a hand-written app does.
 * @template T
 * @param {(conn: import('mysql2/promise').PoolConnection) => Promise<T>} work
 * @returns {Promise<T>}
 */
async function inTransaction(work) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const result = await work(conn);
    await conn.commit();
    return result;
  } catch (error) {
    await conn.rollback().catch(() => undefined);
    throw error;
  } finally {
    conn.release();
  }
}

/** `(?, …), …`: `rows` rows of `width` placeholders. @param {number} rows @param {number} width */
const tuples = (rows, width) => Array.from({ length: rows }, () => `(${Array(width).fill('?').join(', ')})`).join(', ');

/** @typedef {{ deptNo: string; deptName: string; employees?: { create: SqlRow[] } }} DepartmentInput */

const EMPLOYEE_COLUMNS = 'empNo, firstName, lastName, birthDate, gender, hireDate, departmentDeptNo, workspaceWorkspaceId';

/**
 * M2: the departments and their employees, in one transaction: one prepared multi-row INSERT per
 * table (the statement text depends only on the row count, so it is prepared once per connection).
 * @param {unknown} variables
 * @returns {Promise<unknown>}
 */
async function m2(variables) {
  const data = /** @type {{ data?: unknown }} */ (variables ?? {}).data;
  if (!Array.isArray(data) || data.length === 0) throw new BadRequest('createDepartments needs a non-empty data list');
  const departments = /** @type {DepartmentInput[]} */ (data);
  const employees = departments.flatMap((d) =>
    (d.employees?.create ?? []).map((e) => [
      e.empNo,
      e.firstName,
      e.lastName,
      e.birthDate,
      e.gender,
      e.hireDate,
      d.deptNo,
      e.workspaceWorkspaceId,
    ]),
  );
  await inTransaction(async (conn) => {
    await conn.execute(
      `INSERT INTO Department (deptNo, deptName) VALUES ${tuples(departments.length, 2)}`,
      departments.flatMap((d) => [d.deptNo, d.deptName]),
    );
    if (employees.length === 0) return;
    await conn.execute(`INSERT INTO Employee (${EMPLOYEE_COLUMNS}) VALUES ${tuples(employees.length, 8)}`, employees.flat());
  });
  return {
    createDepartments: departments.map((d) => ({
      deptNo: d.deptNo,
      deptName: d.deptName,
      employees: (d.employees?.create ?? []).map((e) => ({
        empNo: e.empNo,
        firstName: e.firstName,
        lastName: e.lastName,
        gender: e.gender,
        hireDate: e.hireDate,
      })),
    })),
  };
}

/**
 * M3: one UPDATE by department, then the rows as updated, read in the same transaction (so that
 * the answer is this request's write, not a concurrent one's).
 * @param {unknown} variables
 * @returns {Promise<unknown>}
 */
async function m3(variables) {
  const data = /** @type {{ data?: { hireDate?: unknown } }} */ (variables ?? {}).data;
  if (typeof data?.hireDate !== 'string') throw new BadRequest('updateEmployees needs data.hireDate');
  const hireDate = data.hireDate;
  const rows = await inTransaction(async (conn) => {
    await conn.execute('UPDATE Employee SET hireDate = ? WHERE departmentDeptNo = ?', [hireDate, 'D05']);
    const [found] = await conn.execute(
      'SELECT empNo, firstName, lastName, hireDate FROM Employee WHERE departmentDeptNo = ? ORDER BY empNo',
      ['D05'],
    );
    return /** @type {SqlRow[]} */ (found);
  });
  return {
    updateEmployees: {
      affected: rows.length,
      rows: rows.map((r) => ({ empNo: r.empNo, firstName: r.firstName, lastName: r.lastName, hireDate: r.hireDate })),
    },
  };
}
// --- end M2, M3 ---

class BadRequest extends Error {}

/** @type {Map<string, (variables: unknown) => Promise<unknown>>} */
const handlers = new Map([
  [Q1, q1],
  [Q2, q2],
  [Q3, q3],
  [Q4, q4],
  [Q5, q5],
  [Q6, q6],
  [M1, m1],
  [M2, m2],
  [M3, m3],
]);

const server = http.createServer((req, res) => {
  /** @param {number} status @param {string} json */
  const send = (status, json) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  };
  if (req.method === 'GET' && req.url === '/health') return send(200, '{"status":"ok"}');
  if (req.method !== 'POST' || req.url !== '/graphql') return send(404, '{"errors":[{"message":"Not found"}]}');
  readBody(req)
    .then(async (text) => {
      const body = JSON.parse(text);
      const handler = handlers.get(body.query);
      if (!handler) throw new BadRequest('raw answers only the benchmark operations');
      send(200, JSON.stringify({ data: await handler(body.variables) }));
    })
    .catch((/** @type {unknown} */ error) => {
      if (error instanceof BadRequest || error instanceof SyntaxError)
        return send(400, JSON.stringify({ errors: [{ message: error.message }] }));
      console.error(error);
      send(500, '{"errors":[{"message":"Unexpected error."}]}');
    });
});

announceReady(server, async () => {
  await pool.end();
});
