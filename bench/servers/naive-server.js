// @ts-check
/**
 * The "naive" baseline: graphql-yoga with a hand-written schema for the benchmark's operations and
 * hand-written resolvers that query MySQL once per parent, with no DataLoader: the N+1 pattern a
 * first GraphQL server usually has. Q2 costs 1 + 20 + 2,000 + 2,000 statements.
 *
 * Run as a child of bench/main.js: BENCH_PORT, BENCH_DATABASE_URL; reports readiness over IPC.
 */
import http from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import mysql from 'mysql2/promise';
import { employeeCursor, readEmployeeCursor } from '../cursor.js';
import { announceReady, requireEnv } from './child-support.js';

// dateStrings: DATE columns as 'YYYY-MM-DD', as the API writes them (M2, M3).
const pool = mysql.createPool({ uri: requireEnv('BENCH_DATABASE_URL'), connectionLimit: 10, charset: 'utf8mb4', dateStrings: true });

const typeDefs = /* GraphQL */ `
  enum SortOrder {
    ASC
    DESC
  }
  enum Gender {
    MALE
    FEMALE
  }
  input WorkspaceOrderBy {
    workspaceType: SortOrder
  }
  input EmployeeOrderBy {
    empNo: SortOrder
    lastName: SortOrder
    workspace: WorkspaceOrderBy
  }
  input GenderFilter {
    eq: Gender
  }
  input StringFilter {
    eq: String
  }
  input EmployeeWhere {
    gender: GenderFilter
    departmentDeptNo: StringFilter
  }
  input EmployeeListRelationFilter {
    some: EmployeeWhere
  }
  input DepartmentWhere {
    employees: EmployeeListRelationFilter
  }
  input OrderItemInsert {
    orderId: String!
    itemId: String!
    quantity: Int!
    notes: String!
  }

  scalar Date
  input EmployeeInsert {
    empNo: String!
    firstName: String!
    lastName: String!
    birthDate: Date!
    gender: Gender!
    hireDate: Date!
    workspaceWorkspaceId: String!
  }
  input DepartmentEmployeesCreate {
    create: [EmployeeInsert!]!
  }
  input DepartmentInsert {
    deptNo: String!
    deptName: String!
    employees: DepartmentEmployeesCreate
  }
  input EmployeeUpdate {
    firstName: String
    lastName: String
    birthDate: Date
    hireDate: Date
  }
  type EmployeeBulkResult {
    affected: Int!
    rows: [Employee!]!
  }

  type Building {
    buildingCode: String!
    city: String!
    state: String!
    country: String!
    postalCode: String!
    type: String!
  }
  type Workspace {
    workspaceId: String!
    workspaceType: String!
    locationBuildingCode: String!
    location: Building!
  }
  type Department {
    deptNo: String!
    deptName: String!
    employees(orderBy: [EmployeeOrderBy!], limit: Int): [Employee!]!
    employeesAggregate: EmployeeAggregate!
  }
  type EmployeeAggregate {
    count: Int!
  }
  type Employee {
    empNo: String!
    firstName: String!
    lastName: String!
    gender: Gender!
    birthDate: Date!
    hireDate: Date!
    departmentDeptNo: String!
    workspaceWorkspaceId: String!
    department: Department!
    workspace: Workspace!
  }
  enum EmployeeField {
    departmentDeptNo
    gender
  }
  type EmployeeGroup {
    departmentDeptNo: String
    gender: Gender
    count: Int!
  }
  type EmployeeEdge {
    cursor: String!
    node: Employee!
  }
  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }
  type EmployeeConnection {
    edges: [EmployeeEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type OrderItem {
    orderId: String!
    itemId: String!
    quantity: Int!
    notes: String!
  }

  type Query {
    employees(limit: Int, offset: Int, orderBy: [EmployeeOrderBy!]): [Employee!]!
    employee(empNo: String!): Employee
    departments(where: DepartmentWhere): [Department!]!
    employeesGroupBy(by: [EmployeeField!]!): [EmployeeGroup!]!
    employeesConnection(first: Int!, after: String, orderBy: [EmployeeOrderBy!]): EmployeeConnection!
  }
  type Mutation {
    createOrderItems(data: [OrderItemInsert!]!): [OrderItem!]!
    createDepartments(data: [DepartmentInsert!]!): [Department!]!
    updateEmployees(where: EmployeeWhere!, data: EmployeeUpdate!): EmployeeBulkResult!
  }
`;

/** @typedef {string | number | Date | null} SqlValue */
/** @typedef {Record<string, SqlValue>} SqlRow */

/**
 * @param {string} sql @param {SqlValue[]} [params]
 * @returns {Promise<SqlRow[]>}
 */
async function rows(sql, params = []) {
  const [result] = await pool.execute(sql, params);
  return /** @type {SqlRow[]} */ (result);
}

/** @param {string} sql @param {SqlValue[]} params */
async function one(sql, params) {
  const [row] = await rows(sql, params);
  return row ?? null;
}

const resolvers = {
  Query: {
    employees: (/** @type {unknown} */ _, /** @type {{ limit?: number; offset?: number; orderBy?: { empNo?: string }[] }} */ args) => {
      const direction = args.orderBy?.[0]?.empNo === 'DESC' ? 'DESC' : 'ASC';
      return rows(`SELECT * FROM Employee ORDER BY empNo ${direction} LIMIT ? OFFSET ?`, [
        String(args.limit ?? 1e9),
        String(args.offset ?? 0),
      ]);
    },
    employee: (/** @type {unknown} */ _, /** @type {{ empNo: string }} */ args) =>
      one('SELECT * FROM Employee WHERE empNo = ?', [args.empNo]),
    // Only the filter Q4 uses: departments with an employee of a gender.
    departments: (/** @type {unknown} */ _, /** @type {{ where?: { employees?: { some?: { gender?: { eq?: string } } } } }} */ args) => {
      const gender = args.where?.employees?.some?.gender?.eq;
      if (gender === undefined) return rows('SELECT * FROM Department ORDER BY deptNo');
      return rows(
        'SELECT * FROM Department d WHERE EXISTS (SELECT 1 FROM Employee e WHERE e.departmentDeptNo = d.deptNo AND e.gender = ?) ORDER BY deptNo',
        [gender],
      );
    },
    // ---- Q6 (issue 11) ----
    // Only the order Q6 uses (lastName, then key), forwards: one row more than the page for
    // hasNextPage; Persist's cursors (bench/cursor.js).
    employeesConnection: async (/** @type {unknown} */ _, /** @type {{ first: number; after?: string | null }} */ args) => {
      const after = args.after == null ? null : readEmployeeCursor(args.after);
      if (args.after != null && after === null) throw new Error("Invalid value for 'after': not a cursor of this API");
      const found = await rows(
        `SELECT * FROM Employee${after ? ' WHERE lastName > ? OR (lastName = ? AND empNo > ?)' : ''} ORDER BY lastName, empNo LIMIT ?`,
        [...(after ? [after.lastName, after.lastName, after.empNo] : []), String(args.first + 1)],
      );
      const edges = found.slice(0, args.first).map((e) => ({ cursor: employeeCursor(e.lastName, e.empNo), node: e }));
      return {
        edges,
        pageInfo: {
          hasNextPage: found.length > args.first,
          hasPreviousPage: after !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
    // ---- end of Q6 ----
    // Naive: every employee read, counted in JS (in key order of the groups, genders as declared).
    employeesGroupBy: async (/** @type {unknown} */ _, /** @type {{ by: string[] }} */ args) => {
      const genders = ['MALE', 'FEMALE'];
      /** @type {Map<string, SqlRow & { count: number }>} */
      const groups = new Map();
      for (const e of await rows('SELECT * FROM Employee')) {
        const values = args.by.map((f) => e[f] ?? null);
        const id = JSON.stringify(values);
        const g = groups.get(id);
        if (g) g.count++;
        else groups.set(id, { ...Object.fromEntries(args.by.map((f, i) => [f, values[i] ?? null])), count: 1 });
      }
      const rank = (/** @type {SqlRow} */ g, /** @type {string} */ f) => (f === 'gender' ? genders.indexOf(String(g[f])) : 0);
      const compare = (/** @type {SqlRow} */ a, /** @type {SqlRow} */ b) => {
        for (const f of args.by) {
          const x = f === 'gender' ? rank(a, f) : String(a[f]);
          const y = f === 'gender' ? rank(b, f) : String(b[f]);
          if (x !== y) return x < y ? -1 : 1;
        }
        return 0;
      };
      return [...groups.values()].sort(compare);
    },
  },
  // ---- Q6 (issue 11) ----
  EmployeeConnection: {
    // Counted apart, as a first connection resolver does: a second statement.
    totalCount: async () => Number((await one('SELECT COUNT(*) AS n FROM Employee', []))?.n ?? 0),
  },
  // ---- end of Q6 ----
  Mutation: {
    createOrderItems: async (/** @type {unknown} */ _, /** @type {{ data: SqlRow[] }} */ args) => {
      await pool.query('INSERT INTO OrderItem (orderId, itemId, quantity, notes) VALUES ?', [
        args.data.map((r) => [r.orderId, r.itemId, r.quantity, r.notes]),
      ]);
      return args.data;
    },
    // Naive: one autocommitted INSERT per row, then the employees read back per department (below).
    createDepartments: async (
      /** @type {unknown} */ _,
      /** @type {{ data: (SqlRow & { employees?: { create: SqlRow[] } })[] }} */ args,
    ) => {
      for (const d of args.data) {
        await pool.execute('INSERT INTO Department (deptNo, deptName) VALUES (?, ?)', [d.deptNo, d.deptName]);
        for (const e of d.employees?.create ?? []) {
          await pool.execute(
            'INSERT INTO Employee (empNo, firstName, lastName, birthDate, gender, hireDate, departmentDeptNo, workspaceWorkspaceId) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [e.empNo, e.firstName, e.lastName, e.birthDate, e.gender, e.hireDate, d.deptNo, e.workspaceWorkspaceId],
          );
        }
      }
      return args.data.map((d) => ({ deptNo: d.deptNo, deptName: d.deptName }));
    },
    // Only the filter M3 uses (a department); the UPDATE, then the rows read back (no transaction).
    updateEmployees: async (
      /** @type {unknown} */ _,
      /** @type {{ where: { departmentDeptNo?: { eq?: string } }; data: Record<string, string | null> }} */ args,
    ) => {
      const dept = args.where.departmentDeptNo?.eq;
      if (dept === undefined) throw new Error('naive updateEmployees filters by departmentDeptNo only');
      const fields = Object.keys(args.data).filter((f) => ['firstName', 'lastName', 'birthDate', 'hireDate'].includes(f));
      if (fields.length > 0) {
        await pool.execute(`UPDATE Employee SET ${fields.map((f) => `${f} = ?`).join(', ')} WHERE departmentDeptNo = ?`, [
          ...fields.map((f) => args.data[f] ?? null),
          dept,
        ]);
      }
      const updated = await rows('SELECT * FROM Employee WHERE departmentDeptNo = ? ORDER BY empNo', [dept]);
      return { affected: updated.length, rows: updated };
    },
  },
  Employee: {
    department: (/** @type {SqlRow} */ e) => one('SELECT * FROM Department WHERE deptNo = ?', [e.departmentDeptNo]),
    workspace: (/** @type {SqlRow} */ e) => one('SELECT * FROM Workspace WHERE workspaceId = ?', [e.workspaceWorkspaceId]),
  },
  Department: {
    // One count per department.
    employeesAggregate: async (/** @type {SqlRow} */ d) => {
      const found = await one('SELECT COUNT(*) AS count FROM Employee WHERE departmentDeptNo = ?', [d.deptNo]);
      return { count: Number(found?.count ?? 0) };
    },
    // Only the order Q4 uses (workspace type, then key), or key order; one query per department.
    employees: (
      /** @type {SqlRow} */ d,
      /** @type {{ orderBy?: { workspace?: { workspaceType?: string } }[]; limit?: number }} */ args,
    ) => {
      const limit = String(args.limit ?? 1e9);
      if (args.orderBy?.[0]?.workspace?.workspaceType === undefined)
        return rows('SELECT * FROM Employee WHERE departmentDeptNo = ? ORDER BY empNo LIMIT ?', [d.deptNo, limit]);
      return rows(
        'SELECT e.* FROM Employee e JOIN Workspace w ON w.workspaceId = e.workspaceWorkspaceId WHERE e.departmentDeptNo = ? ORDER BY w.workspaceType, e.empNo LIMIT ?',
        [d.deptNo, limit],
      );
    },
  },
  Workspace: {
    location: (/** @type {SqlRow} */ w) => one('SELECT * FROM Building WHERE buildingCode = ?', [w.locationBuildingCode]),
  },
};

const yoga = createYoga({ schema: createSchema({ typeDefs, resolvers }), graphqlEndpoint: '/graphql', logging: false, graphiql: false });

const server = http.createServer(yoga);
announceReady(server, async () => {
  await pool.end();
});
