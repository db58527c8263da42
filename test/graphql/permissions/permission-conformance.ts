/**
 * The permission conformance suite (issue 10): SPEC §4's tokens, roles and permissions, end to
 * end through `createServer` with the real authenticator and the permissions read from a
 * codegen.yml text, over any datastore and both transports (`yoga.fetch` and real HTTP through
 * the node handler, lean path included). Tokens are signed here with jose (HS256).
 *
 * The roles (rainier data: D1 has E1 E2 E4 E6, D2 has E3 E5, D3 nobody):
 * - anonymous: departments' deptNo and deptName, nothing else;
 * - employee (sub = an empNo): its own Employee row (a few columns), every Department and
 *   Workspace, OrderItems whose notes start with its sub, inserting OrderItems under a check with
 *   a number claim and `notes` set from `sub`;
 * - manager (org.dept = a deptNo, a nested claim): every Employee, only its own Department,
 *   updating lastName and deleting Employees of its department.
 */
import type { Server } from 'node:http';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Datastore } from '../../../src/datastore/datastore.js';
import { seedDatastore } from '../../../src/datastore/seed.js';
import { entityNames } from '../../../src/codegen/graphql/graphql-names.js';
import { parseConfig } from '../../../src/config/persist-config.js';
import { readPermissions } from '../../../src/permissions/read-permissions.js';
import { createAuthenticator } from '../../../src/server/auth/authenticator.js';
import { createServer, type PersistYoga } from '../../../src/server/index.js';
import { CountingDatastore } from '../../support/counting-datastore.js';
import { closeHttpServer, listenLoopback } from '../../support/http-server.js';
import { loadModel } from '../../support/models.js';
import type { OpenDatastore } from '../../support/open-datastore.js';
import { rainierData } from '../../support/sample-data.js';
import { TRANSPORTS, type Json, type Transport } from '../conformance/harness.js';
import { auditWrittenAnswers } from '../conformance/written-audit.js';

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';
const ISSUER = 'https://id.example';
const AUDIENCE = 'rainier';
const ADMIN_SECRET = 'admin-secret-for-tests-only';

/** The codegen.yml of the suite: the issue's example, on the rainier model. */
export const PERMISSIONS_YAML = `
persist:
  auth:
    jwt: { secret: '${SECRET}', issuer: '${ISSUER}', audience: ${AUDIENCE} }
    anonymousRole: anonymous
    adminSecret: ${ADMIN_SECRET}
  permissions:
    Employee:
      manager:
        select: {}
        update: { columns: [lastName], where: { departmentDeptNo: { eq: { claim: org.dept } } } }
        delete: { where: { departmentDeptNo: { eq: { claim: org.dept } } } }
      employee:
        select: { columns: [empNo, firstName, lastName, departmentDeptNo, workspaceWorkspaceId], where: { empNo: { eq: { claim: sub } } } }
    Department:
      anonymous:
        select: { columns: [deptNo, deptName] }
      employee:
        select: {}
      manager:
        select: { where: { deptNo: { eq: { claim: org.dept } } } }
    Workspace:
      employee:
        select: {}
    OrderItem:
      employee:
        select: { where: { notes: { startsWith: { claim: sub } } } }
        insert: { columns: [orderId, itemId, quantity], check: { quantity: { lte: { claim: maxQuantity } } }, set: { notes: { claim: sub } } }
`;

/** The suite's codegen.yml plus a role `hr` inserting Departments and their Employees, each under its own rule. */
const NESTED_INSERT_YAML = PERMISSIONS_YAML.replace(
  `    Workspace:
      employee:`,
  `    Workspace:
      hr:
        select: {}
      employee:`,
)
  .replace(
    `    Department:
      anonymous:`,
    `    Department:
      hr:
        select: {}
        insert: { columns: [deptNo, deptName], check: { deptName: { startsWith: R } } }
        update: { columns: [deptName] }
      anonymous:`,
  )
  .replace(
    `    Employee:
      manager:`,
    `    Employee:
      hr:
        select: {}
        insert: { columns: [empNo, firstName, birthDate, gender, hireDate, departmentDeptNo, workspaceWorkspaceId], check: { gender: { eq: FEMALE } }, set: { lastName: { claim: sub } } }
        update: { columns: [firstName], where: { gender: { eq: FEMALE } } }
        delete: { where: { gender: { eq: FEMALE } } }
      manager:`,
  );

const model = loadModel('rainier');

interface Answer {
  status: number;
  data?: Json;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface Gateway {
  datastore: CountingDatastore;
  /** Sends `query` with these headers through the transport under test. */
  send(query: string, headers?: Record<string, string>): Promise<Answer>;
  /** Every stored row of every entity, read with the admin secret. */
  snapshot(): Promise<Json>;
  close(): Promise<void>;
}

async function startGateway(open: OpenDatastore, transport: Transport, yamlText = PERMISSIONS_YAML): Promise<Gateway> {
  const config = parseConfig(yamlText, 'codegen.yml', {});
  const permissions = readPermissions(config.permissions, model, 'codegen.yml');
  const inner: Datastore = await open(model);
  await seedDatastore(inner, model, rainierData());
  const datastore = new CountingDatastore(inner);
  const authenticate = createAuthenticator(config.auth, new Set(permissions.roles.keys()));
  const { yoga, handler } = createServer({
    model,
    datastore,
    logging: false,
    permissions,
    authenticate: (h) => authenticate.authenticate(h),
  });
  let http: Server | undefined;
  let origin = 'http://yoga';
  if (transport.kind === 'http') ({ server: http, origin } = await listenLoopback(handler));
  const send = async (query: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const init: RequestInit = {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify({ query }),
    };
    const res = await (http === undefined ? (yoga as PersistYoga).fetch(`${origin}/graphql`, init) : fetch(`${origin}/graphql`, init));
    return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
  };
  const snapshot = async (): Promise<Json> => {
    const parts = model.entities.map((e) => `${e.name}: ${entityNames(e).list} { ${e.fields.map((f) => f.name).join(' ')} }`);
    const res = await send(`{ ${parts.join('\n')} }`, { 'x-persist-admin-secret': ADMIN_SECRET });
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const close = async (): Promise<void> => {
    await closeHttpServer(http);
    await inner.close();
  };
  return { datastore, send, snapshot, close };
}

/** A token signed with the suite's secret; `claims` may override iss, aud, exp and nbf. */
async function token(claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string | number } = {}): Promise<string> {
  const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (!('iss' in claims)) jwt.setIssuer(ISSUER);
  if (!('aud' in claims)) jwt.setAudience(AUDIENCE);
  if (!('exp' in claims)) jwt.setExpirationTime(options.expiresIn ?? '10m');
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

const bearer = (t: string): Record<string, string> => ({ authorization: `Bearer ${t}` });
const employee = (sub: string, extra: Record<string, unknown> = {}): Promise<string> =>
  token({ sub, roles: ['employee'], maxQuantity: 100, ...extra });
const manager = (dept: string): Promise<string> => token({ sub: 'M1', roles: ['manager', 'employee'], role: 'manager', org: { dept } });

function expectCode(res: Answer, code: string, ...mentions: string[]): void {
  expect(res.errors, `expected ${code}, got ${JSON.stringify(res.data)}`).toBeDefined();
  expect(res.errors![0]!.extensions?.code, res.errors![0]!.message).toBe(code);
  for (const m of mentions) expect(res.errors![0]!.message).toContain(m);
}

export function describePermissionConformance(name: string, open: OpenDatastore): void {
  // Answers written from rows under a role's schema, compared with graphql-js's (conformance/written-audit.ts).
  auditWrittenAnswers({ atLeast: 10 });
  for (const transport of TRANSPORTS) {
    describe(`permission conformance: ${name} (${transport.name})`, () => {
      let g: Gateway;
      beforeEach(async () => {
        g = await startGateway(open, transport);
      });
      afterEach(async () => g.close());

      describe('anonymous', () => {
        it('reads what its role may, and nothing else exists for it', async () => {
          const res = await g.send('{ departments { deptNo deptName } }');
          expect(res.data).toEqual({
            departments: [
              { deptNo: 'D1', deptName: 'Engineering' },
              { deptNo: 'D2', deptName: 'Sales' },
              { deptNo: 'D3', deptName: 'Empty' },
            ],
          });
          expectCode(await g.send('{ employees { empNo } }'), 'GRAPHQL_VALIDATION_FAILED', 'employees');
          expectCode(await g.send('{ departments { employees { empNo } } }'), 'GRAPHQL_VALIDATION_FAILED', 'employees');
          const before = await g.snapshot();
          expectCode(await g.send('mutation { deleteDepartment(deptNo: "D3") { deptNo } }'), 'GRAPHQL_VALIDATION_FAILED');
          expect(await g.snapshot()).toEqual(before);
        });

        it('introspects exactly its own schema', async () => {
          const res = await g.send(
            '{ __schema { queryType { fields { name } } mutationType { name } } __type(name: "Employee") { name } }',
          );
          expect(res.data.__schema.queryType.fields.map((f: { name: string }) => f.name).sort()).toEqual([
            'department',
            'departments',
            'departmentsAggregate',
            'departmentsConnection',
            'departmentsGroupBy',
            'node',
          ]);
          expect(res.data.__schema.mutationType).toBeNull();
          expect(res.data.__type).toBeNull();
        });
      });

      describe('row filters on reads', () => {
        it('a claim-filtered role sees its own row only: in lists, by key and in nested lists', async () => {
          const h = bearer(await employee('E2'));
          expect((await g.send('{ employees { empNo firstName } }', h)).data).toEqual({ employees: [{ empNo: 'E2', firstName: 'Bob' }] });
          expect((await g.send('{ employee(empNo: "E1") { empNo } }', h)).data).toEqual({ employee: null });
          expect((await g.send('{ employee(empNo: "E2") { lastName } }', h)).data).toEqual({ employee: { lastName: 'Smith' } });
          const nested = await g.send('{ departments { deptNo employees { empNo } } }', h);
          expect(nested.data).toEqual({
            departments: [
              { deptNo: 'D1', employees: [{ empNo: 'E2' }] },
              { deptNo: 'D2', employees: [] },
              { deptNo: 'D3', employees: [] },
            ],
          });
        });

        it('a column outside the role is GRAPHQL_VALIDATION_FAILED, in the selection and in where/orderBy', async () => {
          const h = bearer(await employee('E2'));
          expectCode(await g.send('{ employees { birthDate } }', h), 'GRAPHQL_VALIDATION_FAILED', 'birthDate');
          expectCode(await g.send('{ employees(where: { gender: { eq: MALE } }) { empNo } }', h), 'GRAPHQL_VALIDATION_FAILED', 'gender');
          expectCode(await g.send('{ employees(orderBy: [{ hireDate: ASC }]) { empNo } }', h), 'GRAPHQL_VALIDATION_FAILED', 'hireDate');
        });

        it('relation filters count only the related rows the role can see (some, every, none, to-one)', async () => {
          const h = bearer(await employee('E2'));
          const depts = async (where: string, headers = h): Promise<unknown> =>
            (await g.send(`{ departments(where: ${where}) { deptNo } }`, headers)).data.departments.map(
              (d: { deptNo: string }) => d.deptNo,
            );
          const admin = { 'x-persist-admin-secret': ADMIN_SECRET };
          expect(await depts('{ employees: { some: {} } }', admin)).toEqual(['D1', 'D2']);
          expect(await depts('{ employees: { some: {} } }')).toEqual(['D1']);
          expect(await depts('{ employees: { some: { firstName: { eq: "Ada" } } } }')).toEqual([]);
          // E1 (Lovelace) is hidden from E2: it does not make `every` fail.
          expect(await depts('{ employees: { every: { lastName: { eq: "Smith" } } } }', admin)).toEqual(['D3']);
          expect(await depts('{ employees: { every: { lastName: { eq: "Smith" } } } }')).toEqual(['D1', 'D2', 'D3']);
          expect(await depts('{ employees: { none: {} } }')).toEqual(['D2', 'D3']);
          const m = bearer(await manager('D1'));
          const emps = async (args: string): Promise<unknown> =>
            (await g.send(`{ employees(${args}) { empNo } }`, m)).data.employees.map((e: { empNo: string }) => e.empNo);
          expect(await emps('where: { department: {} }')).toEqual(['E1', 'E2', 'E4', 'E6']);
          expect(await emps('where: { NOT: { department: { deptName: { eq: "Engineering" } } } }')).toEqual(['E3', 'E5']);
        });

        it('sorting through a to-one relation sorts a hidden related row as null', async () => {
          const admin = { 'x-persist-admin-secret': ADMIN_SECRET };
          const query = '{ employees(orderBy: [{ department: { deptName: DESC } }]) { empNo } }';
          const order = (res: Answer): unknown => res.data.employees.map((e: { empNo: string }) => e.empNo);
          expect(order(await g.send(query, admin))).toEqual(['E3', 'E5', 'E1', 'E2', 'E4', 'E6']);
          // The manager of D1 cannot see Sales (D2): its employees sort as with no department, last descending.
          expect(order(await g.send(query, bearer(await manager('D1'))))).toEqual(['E1', 'E2', 'E4', 'E6', 'E3', 'E5']);
        });

        it('relation filters and sorts through an entity the role cannot read do not exist for it', async () => {
          const m = bearer(await manager('D1'));
          expectCode(await g.send('{ employees(where: { workspace: {} }) { empNo } }', m), 'GRAPHQL_VALIDATION_FAILED', 'workspace');
          expectCode(
            await g.send('{ employees(orderBy: [{ workspace: { workspaceType: ASC } }]) { empNo } }', m),
            'GRAPHQL_VALIDATION_FAILED',
            'workspace',
          );
          const h = bearer(await employee('E2'));
          expectCode(
            await g.send('{ employees(where: { department: { employees: { some: { gender: { eq: MALE } } } } }) { empNo } }', h),
            'GRAPHQL_VALIDATION_FAILED',
            'gender',
          );
        });

        it('a to-one relation to a hidden row is null (the field is nullable in that role)', async () => {
          const h = bearer(await manager('D1'));
          const res = await g.send('{ employees { empNo department { deptNo } } }', h);
          expect(res.errors).toBeUndefined();
          const byEmp = Object.fromEntries(
            (res.data.employees as { empNo: string; department: unknown }[]).map((e) => [e.empNo, e.department]),
          );
          expect(byEmp).toEqual({
            E1: { deptNo: 'D1' },
            E2: { deptNo: 'D1' },
            E3: null,
            E4: { deptNo: 'D1' },
            E5: null,
            E6: { deptNo: 'D1' },
          });
          expect((await g.send('{ departments { deptNo } }', h)).data).toEqual({ departments: [{ deptNo: 'D1' }] });
        });

        it('a filter with a nested claim path, a number claim and a string claim', async () => {
          expect((await g.send('{ departments { deptNo } }', bearer(await manager('D2')))).data).toEqual({
            departments: [{ deptNo: 'D2' }],
          });
          // OrderItem notes start with the sub: n1, n2, n3 all start with "n".
          const items = await g.send('{ orderItems { orderId itemId } }', bearer(await employee('n')));
          expect(items.data.orderItems).toHaveLength(3);
          expect((await g.send('{ orderItems { orderId } }', bearer(await employee('n1')))).data).toEqual({
            orderItems: [{ orderId: 'O1' }],
          });
        });

        it('node() applies the row filters, and an entity outside the role is null, not in its Node types', async () => {
          const gid = (...parts: unknown[]): string => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64');
          const h = bearer(await employee('E2'));
          const q = (id: string): string => `{ node(id: "${id}") { id ... on Employee { firstName } } }`;
          expect((await g.send(q(gid('Employee', 'E2')), h)).data).toEqual({ node: { id: gid('Employee', 'E2'), firstName: 'Bob' } });
          expect((await g.send(q(gid('Employee', 'E1')), h)).data).toEqual({ node: null });
          // Anonymous may read departments only: an Employee id is null, and Employee is no Node type of its schema.
          const anonymous = await g.send(
            `{ e: node(id: "${gid('Employee', 'E2')}") { id } d: node(id: "${gid('Department', 'D2')}") { ... on Department { deptName } } }`,
          );
          expect(anonymous.data).toEqual({ e: null, d: { deptName: 'Sales' } });
          const types = await g.send('{ __type(name: "Node") { possibleTypes { name } } }');
          expect(types.data.__type.possibleTypes).toEqual([{ name: 'Department' }]);
          // The manager sees its own department only.
          expect((await g.send(`{ node(id: "${gid('Department', 'D2')}") { id } }`, bearer(await manager('D1')))).data).toEqual({
            node: null,
          });
        });

        it('a missing claim matches no row', async () => {
          const h = bearer(await token({ roles: ['employee'] }));
          expect((await g.send('{ employees { empNo } }', h)).data).toEqual({ employees: [] });
          expect((await g.send('{ employee(empNo: "E1") { empNo } }', h)).data).toEqual({ employee: null });
        });

        it('keeps one datastore call per relation field per level under a row filter', async () => {
          const h = bearer(await employee('E2'));
          g.datastore.reset();
          const res = await g.send('{ departments { deptName employees { empNo workspace { workspaceType } } } }', h);
          expect(res.errors).toBeUndefined();
          // departments, then one call for every department's employees (workspaces folded in or one more).
          expect(g.datastore.count()).toBeLessThanOrEqual(3);
        });
      });

      describe('aggregates', () => {
        it('count and group only the rows the role sees: at the root, per parent and grouped, one call per level', async () => {
          const h = bearer(await employee('E2'));
          g.datastore.reset();
          const res = await g.send(
            '{ employeesAggregate { count min { lastName } } departments { deptNo employeesAggregate { count } } employeesGroupBy(by: [departmentDeptNo]) { departmentDeptNo count } }',
            h,
          );
          expect(res.data).toEqual({
            employeesAggregate: { count: 1, min: { lastName: 'Smith' } },
            departments: [
              { deptNo: 'D1', employeesAggregate: { count: 1 } },
              { deptNo: 'D2', employeesAggregate: { count: 0 } },
              { deptNo: 'D3', employeesAggregate: { count: 0 } },
            ],
            employeesGroupBy: [{ departmentDeptNo: 'D1', count: 1 }],
          });
          // The list, the per-parent aggregate (one call for every department), the two root aggregates.
          expect(g.datastore.counts()).toEqual({ list: 1, aggregate: 3 });
          const m = bearer(await manager('D1'));
          const managed = await g.send(
            '{ departmentsAggregate { count } employeesGroupBy(by: [departmentDeptNo, gender]) { departmentDeptNo gender count } }',
            m,
          );
          expect(managed.data).toEqual({
            departmentsAggregate: { count: 1 },
            employeesGroupBy: [
              { departmentDeptNo: 'D1', gender: 'MALE', count: 1 },
              { departmentDeptNo: 'D1', gender: 'FEMALE', count: 3 },
              { departmentDeptNo: 'D2', gender: 'MALE', count: 2 },
            ],
          });
        });

        it('a column outside the role cannot be aggregated, grouped, ordered or filtered on: GRAPHQL_VALIDATION_FAILED', async () => {
          const h = bearer(await employee('E2'));
          expectCode(await g.send('{ employeesGroupBy(by: [gender]) { count } }', h), 'GRAPHQL_VALIDATION_FAILED', 'gender');
          expectCode(await g.send('{ employeesAggregate { max { hireDate } } }', h), 'GRAPHQL_VALIDATION_FAILED', 'hireDate');
          expectCode(
            await g.send('{ employeesGroupBy(by: [lastName], orderBy: [{ min: { birthDate: ASC } }]) { count } }', h),
            'GRAPHQL_VALIDATION_FAILED',
            'birthDate',
          );
          expectCode(
            await g.send('{ employeesGroupBy(by: [lastName], having: { max: { hireDate: { gt: "2020-01-01" } } }) { count } }', h),
            'GRAPHQL_VALIDATION_FAILED',
            'hireDate',
          );
          // A role without a select rule on Employee (anonymous) has no Employee aggregates at all.
          expectCode(await g.send('{ employeesAggregate { count } }'), 'GRAPHQL_VALIDATION_FAILED', 'employeesAggregate');
        });
      });

      describe('connections', () => {
        it('page and count only the rows the role sees: at the root and per parent, one call per level', async () => {
          const h = bearer(await employee('E2'));
          g.datastore.reset();
          const res = await g.send(
            '{ employeesConnection(first: 5) { totalCount pageInfo { hasNextPage } nodes { empNo } } departments { deptNo employeesConnection(last: 5) { totalCount edges { node { empNo } } } } }',
            h,
          );
          expect(res.data).toEqual({
            employeesConnection: { totalCount: 1, pageInfo: { hasNextPage: false }, nodes: [{ empNo: 'E2' }] },
            departments: [
              { deptNo: 'D1', employeesConnection: { totalCount: 1, edges: [{ node: { empNo: 'E2' } }] } },
              { deptNo: 'D2', employeesConnection: { totalCount: 0, edges: [] } },
              { deptNo: 'D3', employeesConnection: { totalCount: 0, edges: [] } },
            ],
          });
          expect(g.datastore.counts()).toEqual({ list: 1, connection: 2 });
          // A manager pages through the six employees its role reads.
          const m = bearer(await manager('D1'));
          const first = await g.send('{ employeesConnection(first: 3) { totalCount pageInfo { endCursor } nodes { empNo } } }', m);
          expect(first.data.employeesConnection.totalCount).toBe(6);
          const after = first.data.employeesConnection.pageInfo.endCursor as string;
          const rest = await g.send(
            `{ employeesConnection(first: 3, after: "${after}") { pageInfo { hasNextPage hasPreviousPage } nodes { empNo } } }`,
            m,
          );
          expect(rest.data.employeesConnection.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
          expect(rest.data.employeesConnection.nodes).toHaveLength(3);
        });

        it('a column outside the role cannot be selected, ordered or filtered on; without a select rule there is no connection', async () => {
          const h = bearer(await employee('E2'));
          expectCode(
            await g.send('{ employeesConnection(orderBy: [{ gender: ASC }]) { totalCount } }', h),
            'GRAPHQL_VALIDATION_FAILED',
            'gender',
          );
          expectCode(
            await g.send('{ employeesConnection(where: { gender: { eq: MALE } }) { totalCount } }', h),
            'GRAPHQL_VALIDATION_FAILED',
            'gender',
          );
          expectCode(await g.send('{ employeesConnection { nodes { gender } } }', h), 'GRAPHQL_VALIDATION_FAILED', 'gender');
          expectCode(await g.send('{ employeesConnection { totalCount } }'), 'GRAPHQL_VALIDATION_FAILED', 'employeesConnection');
          expectCode(
            await g.send('{ departments { employeesConnection { totalCount } } }'),
            'GRAPHQL_VALIDATION_FAILED',
            'employeesConnection',
          );
        });
      });

      describe('writes', () => {
        it('insert: set columns come from the token, the check holds, and a failed check is FORBIDDEN with nothing written', async () => {
          const h = bearer(await employee('E2'));
          const ok = await g.send(
            'mutation { createOrderItems(data: [{ orderId: "O9", itemId: "I1", quantity: 5 }]) { orderId notes } }',
            h,
          );
          expect(ok.errors).toBeUndefined();
          expect(ok.data).toEqual({ createOrderItems: [{ orderId: 'O9', notes: 'E2' }] });
          const before = await g.snapshot();
          const bad = await g.send('mutation { createOrderItems(data: [{ orderId: "O8", itemId: "I1", quantity: 500 }]) { orderId } }', h);
          expectCode(bad, 'FORBIDDEN', 'OrderItem', 'check');
          expect(await g.snapshot()).toEqual(before);
          // `notes` is set by the server: it is no input field of the role.
          expectCode(
            await g.send('mutation { createOrderItems(data: [{ orderId: "O7", itemId: "I1", quantity: 1, notes: "x" }]) { orderId } }', h),
            'GRAPHQL_VALIDATION_FAILED',
            'notes',
          );
          expect(await g.snapshot()).toEqual(before);
        });

        it('update and delete reach only rows inside the where: outside is NOT_FOUND and nothing changes', async () => {
          const h = bearer(await manager('D1'));
          const ok = await g.send('mutation { updateEmployee(empNo: "E2", data: { lastName: "Smythe" }) { empNo lastName } }', h);
          expect(ok.data).toEqual({ updateEmployee: { empNo: 'E2', lastName: 'Smythe' } });
          const before = await g.snapshot();
          expectCode(await g.send('mutation { updateEmployee(empNo: "E3", data: { lastName: "X" }) { empNo } }', h), 'NOT_FOUND', 'E3');
          expectCode(await g.send('mutation { deleteEmployee(empNo: "E5") { empNo } }', h), 'NOT_FOUND', 'E5');
          expectCode(
            await g.send('mutation { updateEmployee(empNo: "E2", data: { firstName: "X" }) { empNo } }', h),
            'GRAPHQL_VALIDATION_FAILED',
            'firstName',
          );
          expect(await g.snapshot()).toEqual(before);
          expect((await g.send('mutation { deleteEmployee(empNo: "E6") { empNo } }', h)).data).toEqual({ deleteEmployee: { empNo: 'E6' } });
        });

        it("writes by filter AND the role's where: only its rows change, and count towards nothing else", async () => {
          const h = bearer(await manager('D1'));
          const before = await g.snapshot();
          const updated = await g.send(
            'mutation { updateEmployees(where: {}, data: { lastName: "Bulk" }) { affected rows { empNo } } }',
            h,
          );
          expect(updated.data).toEqual({
            updateEmployees: { affected: 4, rows: [{ empNo: 'E1' }, { empNo: 'E2' }, { empNo: 'E4' }, { empNo: 'E6' }] },
          });
          const after: Json = await g.snapshot();
          // E3 and E5 (D2) are untouched.
          expect(after.Employee.filter((e: Json) => e.lastName !== 'Bulk').map((e: Json) => e.empNo)).toEqual(['E3', 'E5']);
          expect(after.Employee.filter((e: Json) => ['E3', 'E5'].includes(e.empNo))).toEqual(
            before.Employee.filter((e: Json) => ['E3', 'E5'].includes(e.empNo)),
          );
          const deleted = await g.send(
            'mutation { deleteEmployees(where: { empNo: { in: ["E3", "E6"] } }) { affected rows { empNo } } }',
            h,
          );
          expect(deleted.data).toEqual({ deleteEmployees: { affected: 1, rows: [{ empNo: 'E6' }] } });
          expectCode(
            await g.send('mutation { updateEmployees(where: {}, data: { firstName: "X" }) { affected } }', h),
            'GRAPHQL_VALIDATION_FAILED',
            'firstName',
          );
        });

        it('upsert needs the insert and the update rule: a role with only one has no upsertEs', async () => {
          const before = await g.snapshot();
          expectCode(
            await g.send(
              'mutation { upsertOrderItems(data: [{ orderId: "O9", itemId: "I1", quantity: 5 }]) { orderId } }',
              bearer(await employee('E2')),
            ),
            'GRAPHQL_VALIDATION_FAILED',
            'upsertOrderItems',
          );
          expectCode(
            await g.send('mutation { upsertEmployees(data: []) { empNo } }', bearer(await manager('D1'))),
            'GRAPHQL_VALIDATION_FAILED',
            'upsertEmployees',
          );
          expect(await g.snapshot()).toEqual(before);
        });

        it("nested inserts: each entity's insert rule (columns, check, set) holds for the rows created through relations", async () => {
          const nested = await startGateway(open, transport, NESTED_INSERT_YAML);
          try {
            const h = bearer(await token({ sub: 'HR1', roles: ['hr'] }));
            const employee = (empNo: string, gender: string): string =>
              `{ empNo: "${empNo}", firstName: "F", birthDate: "1990-01-01", gender: ${gender}, hireDate: "2020-01-01", workspaceWorkspaceId: "W1" }`;
            const create = (deptName: string, gender: string): string =>
              `mutation { createDepartments(data: [{ deptNo: "D9", deptName: "${deptName}", employees: { create: [${employee('E8', 'FEMALE')}, ${employee('E9', gender)}] } }]) { deptNo employees { empNo lastName } } }`;
            const before = await nested.snapshot();
            // The Employee check refuses the second child, the Department check the parent: nothing is written.
            expectCode(await nested.send(create('R&D', 'MALE'), h), 'FORBIDDEN', 'Employee', 'check');
            expectCode(await nested.send(create('Sales', 'FEMALE'), h), 'FORBIDDEN', 'Department', 'check');
            expect(await nested.snapshot()).toEqual(before);
            // lastName is set from the token on every nested row; it is no input field, nor is a relation to an entity the role may not insert.
            expectCode(
              await nested.send(create('R&D', 'FEMALE').replace('gender: FEMALE', 'gender: FEMALE, lastName: "x"'), h),
              'GRAPHQL_VALIDATION_FAILED',
              'lastName',
            );
            expectCode(
              await nested.send(
                'mutation { createEmployees(data: [{ empNo: "E9", firstName: "F", birthDate: "1990-01-01", gender: FEMALE, hireDate: "2020-01-01", departmentDeptNo: "D1", workspace: { create: { workspaceId: "W9", workspaceType: "desk", locationBuildingCode: "B1" } } }]) { empNo } }',
                h,
              ),
              'GRAPHQL_VALIDATION_FAILED',
              'workspace',
            );
            expect(await nested.snapshot()).toEqual(before);
            const ok = await nested.send(create('R&D', 'FEMALE'), h);
            expect(ok.errors).toBeUndefined();
            expect(ok.data).toEqual({
              createDepartments: [
                {
                  deptNo: 'D9',
                  employees: [
                    { empNo: 'E8', lastName: 'HR1' },
                    { empNo: 'E9', lastName: 'HR1' },
                  ],
                },
              ],
            });
          } finally {
            await nested.close();
          }
        });

        it("nested updates: the children's filters AND the role's update and delete where, within the row's own children", async () => {
          const nested = await startGateway(open, transport, NESTED_INSERT_YAML);
          try {
            const h = bearer(await token({ sub: 'HR1', roles: ['hr'] }));
            const res = await nested.send(
              'mutation { updateDepartment(deptNo: "D1", data: { deptName: "Eng", employees: { updateWhere: { where: {}, data: { firstName: "Z" } } } }) { deptName } }',
              h,
            );
            expect(res.errors).toBeUndefined();
            const read = await nested.send('{ employees { empNo firstName } }', h);
            // Only D1's FEMALE employees changed: E2 is MALE, E3 and E5 are of D2.
            expect(read.data.employees.filter((e: Json) => e.firstName === 'Z').map((e: Json) => e.empNo)).toEqual(['E1', 'E4', 'E6']);
            const before = await nested.snapshot();
            // deleteWhere reaches only the role's rows: E2 (MALE) is not deleted, and the whole request is kept or not.
            const del = await nested.send(
              'mutation { updateDepartment(deptNo: "D2", data: { employees: { deleteWhere: {} } }) { deptNo employees { empNo } } }',
              h,
            );
            expect(del.errors).toBeUndefined();
            expect(await nested.snapshot()).toEqual(before);
          } finally {
            await nested.close();
          }
        });

        it('a role without a write permission has no such mutation', async () => {
          const before = await g.snapshot();
          const h = bearer(await employee('E2'));
          expectCode(await g.send('mutation { deleteEmployee(empNo: "E2") { empNo } }', h), 'GRAPHQL_VALIDATION_FAILED', 'deleteEmployee');
          expectCode(
            await g.send('mutation { deleteEmployees(where: {}) { affected } }', h),
            'GRAPHQL_VALIDATION_FAILED',
            'deleteEmployees',
          );
          expect(await g.snapshot()).toEqual(before);
        });
      });

      describe('tokens and roles', () => {
        const refused: [string, () => Promise<Record<string, string>>, string][] = [
          [
            'an expired token',
            async () => bearer(await token({ sub: 'E2', roles: ['employee'], exp: Math.floor(Date.now() / 1000) - 120 })),
            'expired',
          ],
          [
            'a token not yet valid',
            async () => bearer(await token({ sub: 'E2', roles: ['employee'], nbf: Math.floor(Date.now() / 1000) + 3600 })),
            'not valid before',
          ],
          ['a wrong issuer', async () => bearer(await token({ sub: 'E2', roles: ['employee'], iss: 'https://evil.example' })), 'issuer'],
          ['a wrong audience', async () => bearer(await token({ sub: 'E2', roles: ['employee'], aud: 'other' })), 'audience'],
          [
            'a wrong signature',
            async () => bearer(await token({ sub: 'E2', roles: ['employee'] }, { secret: 'another-secret-of-at-least-32-bytes!' })),
            'signature',
          ],
          ['alg none', async () => bearer(unsignedToken({ sub: 'E2', roles: ['employee'], iss: ISSUER, aud: AUDIENCE })), ''],
          ['a malformed token', async () => bearer('not.a.jwt'), ''],
          ['a wrong admin secret', async () => ({ 'x-persist-admin-secret': 'guess' }), 'admin'],
        ];
        for (const [what, headers, mention] of refused) {
          it(`refuses ${what}: 401 UNAUTHENTICATED, nothing changes`, async () => {
            const before = await g.snapshot();
            const h = await headers();
            const res = await g.send('mutation { deleteDepartment(deptNo: "D3") { deptNo } }', h);
            expect(res.status).toBe(401);
            expectCode(res, 'UNAUTHENTICATED', mention);
            // Never the token itself in the answer.
            const sent = h['authorization']?.slice('Bearer '.length);
            if (sent !== undefined && sent.length > 10) expect(JSON.stringify(res)).not.toContain(sent);
            expect(await g.snapshot()).toEqual(before);
          });
        }

        it('X-Persist-Role picks a role of the token; one outside its roles is 403 FORBIDDEN', async () => {
          const t = await manager('D1');
          // As manager (its `role` claim): every employee.
          expect((await g.send('{ employees { empNo } }', bearer(t))).data.employees).toHaveLength(6);
          // As employee (sub M1): none.
          expect((await g.send('{ employees { empNo } }', { ...bearer(t), 'x-persist-role': 'employee' })).data).toEqual({ employees: [] });
          const res = await g.send('{ departments { deptNo } }', { ...bearer(await employee('E2')), 'x-persist-role': 'manager' });
          expect(res.status).toBe(403);
          expectCode(res, 'FORBIDDEN', 'manager');
        });

        it('the admin secret grants every operation', async () => {
          const res = await g.send('mutation { deleteDepartment(deptNo: "D3") { deptNo } }', { 'x-persist-admin-secret': ADMIN_SECRET });
          expect(res.data).toEqual({ deleteDepartment: { deptNo: 'D3' } });
        });
      });
    });
  }

  describe(`permission conformance: ${name}, no anonymous role`, () => {
    it('refuses a request without a token with 401', async () => {
      const g = await startGateway(open, TRANSPORTS[1]!, PERMISSIONS_YAML.replace('    anonymousRole: anonymous\n', ''));
      try {
        const res = await g.send('{ departments { deptNo } }');
        expect(res.status).toBe(401);
        expectCode(res, 'UNAUTHENTICATED');
      } finally {
        await g.close();
      }
    });
  });
}

/** An `alg: none` token: what an attacker sends to skip the signature. */
function unsignedToken(claims: Record<string, unknown>): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
}
