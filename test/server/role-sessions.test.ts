/**
 * Sessions on both transports: each request is authenticated first (a fake `authenticate` here,
 * mapping a test header to a session; real tokens are server/auth's), refused with 401 or 403
 * before anything else of it is read, and otherwise run against its role's schema and datastore.
 * Over `yoga.fetch`, over real HTTP through the lean path, and over real HTTP with Yoga alone.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, getIntrospectionQuery, type IntrospectionQuery, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type { Datastore } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { ForbiddenError, UnauthenticatedError } from '../../src/errors.js';
import type { Session } from '../../src/permissions/rules.js';
import { createServer, type PersistServer } from '../../src/server/create-server.js';
import type { RequestHeaders } from '../../src/server/session-refusal.js';
import { examplePermissions } from '../support/example-permissions.js';
import { closeHttpServer } from '../support/http-server.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';

const model = loadModel('rainier');

/** `x-test-session`: `admin`, `<role>[:<sub>[:<dept>]]`, `expired`, `forbidden`; none: anonymous. */
let authenticated = 0;
async function authenticate(headers: RequestHeaders): Promise<Session> {
  authenticated++;
  const value = headers['x-test-session'];
  if (value === undefined) return { kind: 'role', role: 'anonymous', claims: {} };
  if (value === 'admin') return { kind: 'admin' };
  if (value === 'expired') throw new UnauthenticatedError('The token has expired (exp 2024-01-01T00:00:00Z).');
  if (value === 'forbidden') throw new ForbiddenError("The token may not use the role 'manager' (roles: employee).");
  const [role, sub, dept] = String(value).split(':');
  return Promise.resolve({
    kind: 'role',
    role: role!,
    claims: { ...(sub === undefined ? {} : { sub }), ...(dept === undefined ? {} : { dept }) },
  });
}

interface Target {
  name: string;
  /** The endpoint, for targets over HTTP. */
  url?: string;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
}

const stores: Datastore[] = [];
const servers: Server[] = [];
const targets: Target[] = [];
let fetchServer: PersistServer;

async function openServer(compiled: boolean): Promise<PersistServer> {
  const datastore = await createDatastore(model, { datastore: 'inmemory' });
  await seedDatastore(datastore, model, rainierData());
  stores.push(datastore);
  return createServer({ model, datastore, logging: false, compiled, permissions: examplePermissions(), authenticate });
}

/** A target posting JSON bodies through `send` (fetch, or yoga.fetch). */
function poster(name: string, send: (init: RequestInit) => Promise<Response>): Target {
  return {
    name,
    async post(body, headers = {}) {
      const res = await send({
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
    },
  };
}

async function overHttp(name: string, server: PersistServer): Promise<Target> {
  const http = createHttpServer(server.handler);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  servers.push(http);
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  return { ...poster(name, (init) => fetch(url, init)), url };
}

beforeAll(async () => {
  fetchServer = await openServer(true);
  targets.push(poster('yoga.fetch', async (init) => fetchServer.yoga.fetch('http://yoga/graphql', init)));
  targets.push(await overHttp('HTTP, lean path', await openServer(true)));
  targets.push(await overHttp('HTTP, Yoga alone', await openServer(false)));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => closeHttpServer(s)));
  await Promise.all(stores.map((s) => s.close()));
});

const golden = (role: string): string => readFileSync(new URL(`../graphql/golden/roles/rainier-${role}.graphql`, import.meta.url), 'utf8');
const as = (session: string): Record<string, string> => ({ 'x-test-session': session });

function codes(json: Record<string, unknown>): unknown[] {
  return ((json['errors'] ?? []) as { extensions?: { code?: unknown } }[]).map((e) => e.extensions?.code);
}

describe('sessions', () => {
  for (const t of ['yoga.fetch', 'HTTP, lean path', 'HTTP, Yoga alone']) {
    describe(t, () => {
      const target = (): Target => targets.find((x) => x.name === t)!;

      it('introspection shows each role exactly its schema, and admins the full one', async () => {
        for (const [session, role] of [
          ['manager', 'manager'],
          ['employee:E1:D1', 'employee'],
          [undefined, 'anonymous'],
        ] as const) {
          const { status, json } = await target().post(
            { query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true }) },
            session === undefined ? {} : as(session),
          );
          expect(status).toBe(200);
          expect(printSchema(buildClientSchema(json['data'] as IntrospectionQuery))).toBe(printSchema(buildSchema(golden(role))));
        }
        const admin = await target().post({ query: '{ __type(name: "Workspace") { name } }' }, as('admin'));
        expect(admin.json).toEqual({ data: { __type: { name: 'Workspace' } } });
      });

      it('refuses hidden columns, entities and mutations as GRAPHQL_VALIDATION_FAILED; the same text runs for admins', async () => {
        const hidden = [
          ['employee:E1:D1', '{ employees { empNo birthDate } }'],
          [undefined, '{ employees { empNo } }'],
          [undefined, 'mutation { deleteDepartment(deptNo: "D3") { deptNo } }'],
          ['employee:E1:D1', 'mutation { createOrderItems(data: [{ orderId: "O9", itemId: "I9", quantity: 1, notes: "x" }]) { orderId } }'],
        ] as const;
        for (const [session, query] of hidden) {
          const { status, json } = await target().post({ query }, session === undefined ? {} : as(session));
          expect(status, query).toBe(400);
          expect(codes(json), query).toEqual(['GRAPHQL_VALIDATION_FAILED']);
        }
        // Documents are cached per role: the text the employee was refused runs for an admin.
        const admin = await target().post({ query: '{ employees { empNo birthDate } }' }, as('admin'));
        expect((admin.json['data'] as { employees: unknown[] }).employees).toHaveLength(6);
        // And nothing was deleted or inserted.
        const after = await target().post({ query: '{ department(deptNo: "D3") { deptNo } orderItems { orderId } }' }, as('admin'));
        expect(after.json).toEqual({ data: { department: { deptNo: 'D3' }, orderItems: expect.arrayContaining([]) } });
        expect((after.json['data'] as { orderItems: unknown[] }).orderItems).toHaveLength(3);
      });

      it("runs a role's reads through its row filter, with its claims", async () => {
        const own = await target().post({ query: '{ employees { empNo lastName } }' }, as('employee:E3:D2'));
        expect(own.json).toEqual({ data: { employees: [{ empNo: 'E3', lastName: expect.any(String) as unknown }] } });
        const none = await target().post({ query: '{ employees { empNo } }' }, as('employee'));
        expect(none.json).toEqual({ data: { employees: [] } });
        // The same resolvers serve a role's schema, relations included.
        const nested = await target().post({ query: '{ employees { empNo department { deptName } } }' }, as('employee:E1:D1'));
        expect(nested.json).toEqual({ data: { employees: [{ empNo: 'E1', department: { deptName: 'Engineering' } }] } });
        const manager = await target().post({ query: '{ employees { empNo } }' }, as('manager'));
        expect((manager.json['data'] as { employees: unknown[] }).employees).toHaveLength(6);
      });

      it('answers 401 and 403 with the error and its code, and changes nothing', async () => {
        const mutation = { query: 'mutation { deleteDepartment(deptNo: "D3") { deptNo } }' };
        const expired = await target().post(mutation, as('expired'));
        expect(expired.status).toBe(401);
        expect(expired.headers.get('www-authenticate')).toBe('Bearer');
        expect(expired.json).toEqual({
          errors: [{ message: 'The token has expired (exp 2024-01-01T00:00:00Z).', extensions: { code: 'UNAUTHENTICATED' } }],
        });
        const forbidden = await target().post(mutation, as('forbidden'));
        expect(forbidden.status).toBe(403);
        expect(forbidden.json).toEqual({
          errors: [{ message: "The token may not use the role 'manager' (roles: employee).", extensions: { code: 'FORBIDDEN' } }],
        });
        const unknownRole = await target().post(mutation, as('intern'));
        expect(unknownRole.status).toBe(403);
        expect(unknownRole.json).toEqual({
          errors: [
            {
              message: "Role 'intern' has no permissions: no rule under persist.permissions names it.",
              extensions: { code: 'FORBIDDEN' },
            },
          ],
        });
        const after = await target().post({ query: '{ department(deptNo: "D3") { deptNo } }' }, as('admin'));
        expect(after.json).toEqual({ data: { department: { deptNo: 'D3' } } });
      });
    });
  }

  it('authenticates a request once, also when the lean path hands it to Yoga', async () => {
    const lean = targets.find((x) => x.name === 'HTTP, lean path')!;
    for (const query of ['{ departments { deptNo } }', '{ employees { birthDate } }', '{ department(deptNo: 1) { deptNo } }']) {
      authenticated = 0;
      await lean.post({ query }, as('employee:E1:D1'));
      expect(authenticated, query).toBe(1);
    }
  });

  it('answers a refused session on the lean path byte for byte as Yoga alone does', async () => {
    const urls = ['HTTP, lean path', 'HTTP, Yoga alone'].map((name) => targets.find((x) => x.name === name)!.url!);
    for (const accept of ['application/json', 'application/graphql-response+json', '*/*'])
      for (const session of ['expired', 'forbidden', 'intern']) {
        const [lean, yoga] = await Promise.all(
          urls.map(async (url) => {
            const headers = { 'content-type': 'application/json', accept, ...as(session) };
            const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: '{ __typename }' }) });
            return {
              status: res.status,
              type: res.headers.get('content-type'),
              auth: res.headers.get('www-authenticate'),
              body: await res.text(),
            };
          }),
        );
        expect(lean, `${accept} ${session}`).toEqual(yoga);
      }
  });

  it('refuses a GET query without a valid session too (Yoga answers it)', async () => {
    const res = await fetchServer.yoga.fetch('http://yoga/graphql?query=%7B__typename%7D', {
      headers: { ...as('expired'), accept: 'application/json' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      errors: [{ message: 'The token has expired (exp 2024-01-01T00:00:00Z).', extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });
});
