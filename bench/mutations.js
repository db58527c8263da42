// @ts-check
/**
 * Issue 12's write operations M2 and M3 (M1 is in queries.js): their text, the bodies of repeated
 * requests (unique keys per request, so that repeated writes keep the data valid), the reference
 * answers of the identity check, and what undoes them in the database afterwards.
 *
 * - M2: one `createDepartments` with one department and M2_EMPLOYEES employees created through the
 *   nested input `employees: { create: […] }` (SPEC §3.5), a new `deptNo` per request
 *   (`M2-<tag>-<n>`), each employee's `empNo` made from it. The answer selects the employees back.
 * - M3: `updateEmployees` over the employees of department M3_DEPARTMENT (99 of the data set's
 *   2,000), setting `hireDate` to a date that changes from one request to the next. The rows are
 *   the data set's, so the data set's hire dates are written back after each M3 measurement.
 */

export const M2 =
  'mutation M2($data: [DepartmentInsert!]!) { createDepartments(data: $data) { deptNo deptName employees { empNo firstName lastName gender hireDate } } }';
export const M3 =
  'mutation M3($data: EmployeeUpdate!) { updateEmployees(where: { departmentDeptNo: { eq: "D05" } }, data: $data) { affected rows { empNo firstName lastName hireDate } } }';

/** Employees created per M2 request. */
export const M2_EMPLOYEES = 100;
/** Every department (and employee) key that M2 writes starts with this: cleanup never touches the seed rows. */
export const M2_PREFIX = 'M2-';
/** The department whose employees M3 updates (99 employees in the data set). */
export const M3_DEPARTMENT = 'D05';

const FIRST = ['Ada', 'Björn', 'Céline', 'Dev', 'Eun-ji'];
const LAST = ['Lovelace', 'Ødegaard', 'Núñez', 'Patel', 'Kim'];
/** @param {number} n @param {number} width */
const pad = (n, width) => String(n).padStart(width, '0');

/**
 * The one department of an M2 request with its employees, in the shape of `DepartmentInsert`.
 * Employee keys ascend in input order, which is also the order of the answer's `employees`.
 * @param {string} deptNo
 */
export function m2Input(deptNo) {
  const employees = [];
  for (let i = 1; i <= M2_EMPLOYEES; i++) {
    employees.push({
      empNo: `${deptNo}-E${pad(i, 3)}`,
      firstName: /** @type {string} */ (FIRST[i % FIRST.length]),
      lastName: /** @type {string} */ (LAST[(i * 3) % LAST.length]),
      birthDate: `19${60 + (i % 40)}-${pad(1 + (i % 12), 2)}-${pad(1 + (i % 28), 2)}`,
      gender: i % 2 === 0 ? 'FEMALE' : 'MALE',
      hireDate: `20${pad(i % 25, 2)}-${pad(1 + ((i * 5) % 12), 2)}-${pad(1 + ((i * 7) % 28), 2)}`,
      workspaceWorkspaceId: `W${pad(1 + (i % 100), 3)}`,
    });
  }
  return { deptNo, deptName: `New department ${deptNo}`, employees: { create: employees } };
}

/** M2's answer for `input`: the department with its employees as selected. @param {ReturnType<typeof m2Input>} input */
export function m2Answer(input) {
  return {
    createDepartments: [
      {
        deptNo: input.deptNo,
        deptName: input.deptName,
        employees: input.employees.create.map((e) => ({
          empNo: e.empNo,
          firstName: e.firstName,
          lastName: e.lastName,
          gender: e.gender,
          hireDate: e.hireDate,
        })),
      },
    ],
  };
}

/** The hire date M3's request number `n` sets: a different one from one request to the next. @param {number} n */
export function m3HireDate(n) {
  return `2030-${pad(1 + (Math.floor(n / 28) % 12), 2)}-${pad(1 + (n % 28), 2)}`;
}

/**
 * The request body of a write for `tag` and the request number `n`.
 * @param {'M2' | 'M3'} name @param {string} tag @param {number} n
 */
export function mutationBody(name, tag, n) {
  if (name === 'M2') return JSON.stringify({ query: M2, variables: { data: [m2Input(`${M2_PREFIX}${tag}-${n}`)] } });
  return JSON.stringify({ query: M3, variables: { data: { hireDate: m3HireDate(n) } } });
}

/** @typedef {import('./data.js').BenchData} BenchData */
/** @typedef {import('./data.js').DataRow} DataRow */

/** The employees M3 updates, in key order. @param {BenchData} data */
export function m3Employees(data) {
  const key = (/** @type {DataRow} */ e) => String(e.empNo);
  return data.Employee.filter((e) => e.departmentDeptNo === M3_DEPARTMENT).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The identity check's M2 and M3 requests and the exact `{data: …}` each must produce.
 * @param {BenchData} data
 */
export function expectedWrites(data) {
  const m2 = m2Input(`${M2_PREFIX}check`);
  const hireDate = m3HireDate(0);
  const rows = m3Employees(data).map((e) => ({ empNo: e.empNo, firstName: e.firstName, lastName: e.lastName, hireDate }));
  return {
    M2: { body: JSON.stringify({ query: M2, variables: { data: [m2] } }), expected: { data: m2Answer(m2) } },
    M3: {
      body: mutationBody('M3', 'check', 0),
      expected: { data: { updateEmployees: { affected: rows.length, rows } } },
    },
  };
}

/** @typedef {import('mysql2/promise').Connection} Connection */

/** Removes every department and employee M2 created (their keys start with "M2-"). @param {Connection} conn */
export async function deleteM2Rows(conn) {
  await conn.query('DELETE FROM Employee WHERE empNo LIKE ?', [`${M2_PREFIX}%`]);
  await conn.query('DELETE FROM Department WHERE deptNo LIKE ?', [`${M2_PREFIX}%`]);
}

/** Writes the data set's hire dates back into the employees M3 updates. @param {Connection} conn @param {BenchData} data */
export async function restoreM3Rows(conn, data) {
  const employees = m3Employees(data);
  const cases = employees.map(() => 'WHEN ? THEN ?').join(' ');
  await conn.query(`UPDATE Employee SET hireDate = CASE empNo ${cases} END WHERE departmentDeptNo = ?`, [
    ...employees.flatMap((e) => [e.empNo, e.hireDate]),
    M3_DEPARTMENT,
  ]);
}

/**
 * What the identity check verifies in the database after a server answered M2 or M3 correctly: the
 * rows were stored (a server that only echoes its input fails here). Returns a fault, or null.
 * @param {'M2' | 'M3'} name @param {Connection} conn @param {BenchData} data
 */
export async function storedFault(name, conn, data) {
  if (name === 'M2') {
    const [rows] = await conn.query(
      'SELECT (SELECT COUNT(*) FROM Department WHERE deptNo = ?) AS d, (SELECT COUNT(*) FROM Employee WHERE departmentDeptNo = ?) AS e',
      [`${M2_PREFIX}check`, `${M2_PREFIX}check`],
    );
    const r = /** @type {{ d: number; e: number }[]} */ (rows)[0];
    return Number(r?.d) === 1 && Number(r?.e) === M2_EMPLOYEES
      ? null
      : `stored ${r?.d} departments and ${r?.e} employees instead of 1 and ${M2_EMPLOYEES}`;
  }
  const [rows] = await conn.query('SELECT COUNT(*) AS n FROM Employee WHERE departmentDeptNo = ? AND hireDate = ?', [
    M3_DEPARTMENT,
    m3HireDate(0),
  ]);
  const n = Number(/** @type {{ n: number }[]} */ (rows)[0]?.n);
  const all = m3Employees(data).length;
  return n === all ? null : `${n} employees of ${M3_DEPARTMENT} have the new hire date instead of ${all}`;
}
