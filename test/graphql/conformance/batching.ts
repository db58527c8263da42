/**
 * Batching: each relation field at each level costs at most one datastore call whatever the
 * number of parent rows (exactly one with DataLoaders only; with the level prefetch, to-one
 * relations on the side holding the foreign key cost none when their parents come from a root or
 * by-key read, folded into it), and
 * each call asks only for the fields the selection needs. Also the 10,000-row insert of issue 3 §6.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CountingDatastore } from '../../support/counting-datastore.js';
import type { Datastore, ListQuery, Row } from '../../../src/datastore/datastore.js';
import { delegating } from '../../support/delegating-datastore.js';
import type { ModelIR } from '../../../src/model/ir.js';
import { createHarness, type Harness, type Mode, type OpenDatastore, type Transport } from './harness.js';
import { ALIASES, NESTED } from './batching-queries.js';

/** Rainier rows: `departments` departments, `employees` employees spread over them and over workspaces. */
export function rainierRows(departments: number, employees: number): Record<string, Row[]> {
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  const buildings = Array.from({ length: 10 }, (_, i) => ({
    buildingCode: `B${pad(i, 2)}`,
    city: `City ${i}`,
    state: 'ST',
    country: 'Country',
    postalCode: pad(i, 5),
    type: 'office',
  }));
  const workspaces = Array.from({ length: 100 }, (_, i) => ({
    workspaceId: `W${pad(i, 3)}`,
    workspaceType: i % 2 ? 'desk' : 'room',
    locationBuildingCode: `B${pad(i % 10, 2)}`,
  }));
  const depts = Array.from({ length: departments }, (_, i) => ({ deptNo: `D${pad(i, 2)}`, deptName: `Department ${i}` }));
  const emps = Array.from({ length: employees }, (_, i) => ({
    empNo: `E${pad(i, 5)}`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    birthDate: '1990-01-01',
    gender: i % 2 ? 'FEMALE' : 'MALE',
    hireDate: '2020-01-01',
    departmentDeptNo: `D${pad(i % departments, 2)}`,
    workspaceWorkspaceId: `W${pad(i % 100, 3)}`,
  }));
  return { Building: buildings, Workspace: workspaces, Department: depts, Employee: emps };
}

/** How long a read waits before it reaches the store: by method and by the call's number. */
type DelayPattern = (method: 'getByKeys' | 'getByFields' | 'list', call: number) => number;

/** Delays every read by `delayOf`, so that calls finish in an order the pattern chooses. */
function delaying(inner: Datastore, delayOf: DelayPattern): Datastore {
  let calls = 0;
  const later = <T>(method: 'getByKeys' | 'getByFields' | 'list', work: () => Promise<T>): Promise<T> =>
    new Promise((resolve) => setTimeout(resolve, delayOf(method, calls++))).then(work);
  return delegating(inner, {
    getByKeys: (entity, keys, query) => later('getByKeys', () => inner.getByKeys(entity, keys, query)),
    getByFields: (entity, fields, values, query) => later('getByFields', () => inner.getByFields(entity, fields, values, query)),
    list: (entity, query) => later('list', () => inner.list(entity, query)),
  });
}

/** Delay patterns that make the root fields' rows, and sibling levels, arrive in different orders. */
const DELAYS: readonly [string, DelayPattern][] = [
  ['no delay', () => 0],
  ['5 ms per call', () => 5],
  ['lists slow', (method) => (method === 'list' ? 9 : 1)],
  ['keys slow', (method) => (method === 'getByKeys' ? 9 : 1)],
  ['alternating', (_method, call) => (call % 2 === 0 ? 8 : 2)],
];

/** Calls per `method entity`, for comparing call sets whose order may vary. */
function callCounts(counting: CountingDatastore): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counting.calls) out[`${c.method} ${c.entity}`] = (out[`${c.method} ${c.entity}`] ?? 0) + 1;
  return out;
}

export function describeBatching(open: OpenDatastore, rainier: ModelIR, mode: Mode, transport: Transport): void {
  describe(`batching (${mode.name})`, () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    // With the level prefetch, to-one relations on the side holding the foreign key fold into the
    // read of their parents when that is a root or by-key read, not a 1-n list (location comes with
    // the workspaces, which are a call of their own); with DataLoaders only, every relation field
    // at each level is a call of its own.
    const nestedCalls = mode.levelPrefetch
      ? [
          { method: 'list', entity: 'Department' },
          { method: 'getByFields', entity: 'Employee' },
          { method: 'getByKeys', entity: 'Workspace' },
        ]
      : [
          { method: 'list', entity: 'Department' },
          { method: 'getByFields', entity: 'Employee' },
          { method: 'getByKeys', entity: 'Workspace' },
          { method: 'getByKeys', entity: 'Building' },
        ];
    for (const [departments, employees] of [
      [20, 2000],
      [2, 10],
    ] as const) {
      it(`resolves ${NESTED} over ${departments} departments and ${employees} employees in exactly ${nestedCalls.length} datastore calls`, async () => {
        const counting = new CountingDatastore(await open(rainier));
        h = await createHarness(rainier, counting, rainierRows(departments, employees), mode, transport);
        counting.reset();
        const data = await h.ok(NESTED);
        expect(counting.calls).toEqual(nestedCalls);
        expect(data.departments).toHaveLength(departments);
        const all = data.departments.flatMap((d: { employees: unknown[] }) => d.employees);
        expect(all).toHaveLength(employees);
        expect(data.departments[1].employees[0]).toEqual({ workspace: { location: { city: 'City 1' } } });
      });
    }

    // a and b: one by-key batch. DataLoaders only: a.department and b.department are the same
    // relation field with the same selection at the same level, so one call; women.department
    // selects other fields, so a call of its own; then first, women and first.workspace: 7. Level
    // prefetch: a.department and b.department fold into the by-key read of a and b: 6.
    const aliasCalls: Record<string, number> = mode.levelPrefetch
      ? { 'getByKeys Employee': 1, 'list Department': 1, 'getByKeys Department': 1, 'getByFields Employee': 2, 'getByKeys Workspace': 1 }
      : { 'getByKeys Employee': 1, 'list Department': 1, 'getByKeys Department': 2, 'getByFields Employee': 2, 'getByKeys Workspace': 1 };
    const aliasTotal = Object.values(aliasCalls).reduce((a, b) => a + b, 0);
    for (const [label, delayOf] of DELAYS) {
      it(`costs one call per relation field per level also with arguments, aliases and by-key roots, exactly ${aliasTotal} (${label})`, async () => {
        const counting = new CountingDatastore(delaying(await open(rainier), delayOf));
        h = await createHarness(rainier, counting, rainierRows(5, 200), mode, transport);
        counting.reset();
        const data = await h.ok(ALIASES);
        expect(callCounts(counting)).toEqual(aliasCalls);
        expect(counting.count()).toBe(aliasTotal);
        expect(data.a).toEqual({ department: { deptName: 'Department 1' } });
        expect(data.b).toEqual({ department: { deptName: 'Department 2' } });
        expect(data.departments[1].first).toEqual([{ workspace: { workspaceId: 'W096' } }, { workspace: { workspaceId: 'W091' } }]);
        expect(data.departments[1].women[0]).toEqual({ department: { deptNo: 'D01' } });
      });
    }

    // Root fields whose rows come from different calls, at different times: only the level
    // prefetch waits for all of them (DataLoaders merge only what is asked in the same tick).
    if (mode.levelPrefetch)
      for (const [label, delayOf] of DELAYS) {
        it(`shares one call between root fields fetched by different calls (${label})`, async () => {
          const counting = new CountingDatastore(delaying(await open(rainier), delayOf));
          h = await createHarness(rainier, counting, rainierRows(5, 200), mode, transport);
          counting.reset();
          const data = await h.ok(`{
          a: employee(empNo: "E00001") { department { deptName } workspace { location { city } } }
          c: employees(where: { empNo: { in: ["E00003", "E00004"] } }) { department { deptName } workspace { location { city } } }
          d: departments(where: { deptNo: { eq: "D00" } }) { employees(limit: 1) { workspace { location { city } } } }
        }`);
          // Level 0: a and c, read with the departments, workspaces and buildings below them folded
          // in, and d. Level 1: d.employees (a list: nothing folds into it). Level 2: their
          // workspaces, with the buildings folded in.
          expect(callCounts(counting)).toEqual({
            'getByKeys Employee': 1,
            'list Employee': 1,
            'list Department': 1,
            'getByFields Employee': 1,
            'getByKeys Workspace': 1,
          });
          expect(data.a).toEqual({ department: { deptName: 'Department 1' }, workspace: { location: { city: 'City 1' } } });
          expect(data.c).toEqual([
            { department: { deptName: 'Department 3' }, workspace: { location: { city: 'City 3' } } },
            { department: { deptName: 'Department 4' }, workspace: { location: { city: 'City 4' } } },
          ]);
          expect(data.d).toEqual([{ employees: [{ workspace: { location: { city: 'City 0' } } }] }]);
        });
      }

    it('folds aliases, fragments and @skip of to-one relations, and fetches lists below them from the included rows', async () => {
      const counting = new CountingDatastore(await open(rainier));
      h = await createHarness(rainier, counting, rainierRows(3, 12), mode, transport);
      counting.reset();
      const data = await h.ok(
        `query($skip: Boolean!) {
          employees(limit: 3, orderBy: [{ empNo: DESC }]) {
            empNo
            d1: department { deptNo }
            d2: department { deptName employees(limit: 1, orderBy: [{ empNo: ASC }]) { empNo } }
            department @skip(if: $skip) { deptNo }
            workspace { ...W }
          }
        }
        fragment W on Workspace { workspaceId location { city workspaces(limit: 1) { workspaceId } } }`,
        { skip: true },
      );
      const row = (empNo: string, dept: string, first: string, ws: string, building: number, firstWs: string): unknown => ({
        empNo,
        d1: { deptNo: dept },
        d2: { deptName: `Department ${Number(dept.slice(1))}`, employees: [{ empNo: first }] },
        workspace: { workspaceId: ws, location: { city: `City ${building}`, workspaces: [{ workspaceId: firstWs }] } },
      });
      expect(data.employees).toEqual([
        row('E00011', 'D02', 'E00002', 'W011', 1, 'W001'),
        row('E00010', 'D01', 'E00001', 'W010', 0, 'W000'),
        row('E00009', 'D00', 'E00000', 'W009', 9, 'W009'),
      ]);
      // Level prefetch: the employees with both departments' fields, their workspaces and buildings
      // in one read; then the two lists. DataLoaders only: d1 and d2 select different fields.
      expect(callCounts(counting)).toEqual(
        mode.levelPrefetch
          ? { 'list Employee': 1, 'getByFields Employee': 1, 'getByFields Workspace': 1 }
          : {
              'list Employee': 1,
              'getByKeys Department': 2,
              'getByFields Employee': 1,
              'getByKeys Workspace': 1,
              'getByKeys Building': 1,
              'getByFields Workspace': 1,
            },
      );
    });

    // A datastore (or a wrapper) that returns no included rows costs calls, never answers.
    if (mode.levelPrefetch)
      it('fetches folded relations itself when the datastore returns rows without their includes', async () => {
        const store = await open(rainier);
        const strip = (query: ListQuery | undefined): ListQuery | undefined => {
          if (!query) return query;
          const { include: _dropped, ...rest } = query;
          return rest;
        };
        const stripping = delegating(store, {
          getByKeys: (entity, keys, query) =>
            store.getByKeys(entity, keys, query?.select === undefined ? undefined : { select: query.select }),
          getByFields: (entity, fields, values, query) => store.getByFields(entity, fields, values, strip(query)),
          list: (entity, query) => store.list(entity, strip(query)),
        });
        const counting = new CountingDatastore(stripping);
        h = await createHarness(rainier, counting, rainierRows(2, 10), mode);
        counting.reset();
        const data = await h.ok(`{ ${NESTED.slice(1, -1)} employee(empNo: "E00003") { department { deptName } } }`);
        expect(callCounts(counting)).toEqual({
          'list Department': 1,
          'getByKeys Employee': 1,
          'getByFields Employee': 1,
          'getByKeys Department': 1,
          'getByKeys Workspace': 1,
          'getByKeys Building': 1,
        });
        expect(data.departments[1].employees[0]).toEqual({ workspace: { location: { city: 'City 1' } } });
        expect(data.employee).toEqual({ department: { deptName: 'Department 1' } });
      });

    it('answers the other root fields when one fails before or inside its resolver', async () => {
      const store = delaying(await open(rainier), () => 2);
      // Building reads fail: a datastore error inside a root resolver.
      const failing = delegating(store, {
        getByKeys: (entity, keys, query) =>
          entity === 'Building' ? Promise.reject(new Error('disk on fire')) : store.getByKeys(entity, keys, query),
      });
      h = await createHarness(rainier, failing, rainierRows(2, 10), mode, transport);
      // $e is null at run time: graphql-js rejects the argument without calling the resolver.
      const res = await h.gql(
        `query($e: String = "E00001") {
          bad: employee(empNo: $e) { department { deptName } }
          broken: building(buildingCode: "B00") { city }
          good: employee(empNo: "E00002") { department { deptName } }
        }`,
        { e: null },
      );
      expect(res.errors?.map((e) => e.path?.[0]).sort()).toEqual(['bad', 'broken']);
      expect(res.errors?.find((e) => e.path?.[0] === 'broken')?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(res.data).toEqual({ bad: null, broken: null, good: { department: { deptName: 'Department 0' } } });
    });

    it('asks the datastore only for the fields the selection needs, plus keys and join fields', async () => {
      const counting = new CountingDatastore(await open(rainier));
      h = await createHarness(rainier, counting, rainierRows(3, 30), mode, transport);
      counting.reset();
      await h.ok('{ departments { deptName employees { firstName workspace { location { city } } } } }');
      const location = { relation: 'location', select: ['buildingCode', 'city'], keysUnused: true };
      expect(counting.reads.map((c) => [c.method, c.entity, c.size, c.select, c.include])).toEqual(
        mode.levelPrefetch
          ? [
              ['list', 'Department', 1, ['deptNo', 'deptName'], undefined],
              ['getByFields', 'Employee', 3, ['empNo', 'firstName', 'workspaceWorkspaceId'], undefined],
              ['getByKeys', 'Workspace', 30, ['workspaceId', 'locationBuildingCode'], [location]],
            ]
          : [
              ['list', 'Department', 1, ['deptNo', 'deptName'], undefined],
              ['getByFields', 'Employee', 3, ['empNo', 'firstName', 'workspaceWorkspaceId'], undefined],
              ['getByKeys', 'Workspace', 30, ['workspaceId', 'locationBuildingCode'], undefined],
              ['getByKeys', 'Building', 10, ['buildingCode', 'city'], undefined],
            ],
      );
    });

    it('marks a folded relation keysUnused when nothing else needs its foreign key or its key, and answers alike', async () => {
      const counting = new CountingDatastore(await open(rainier));
      h = await createHarness(rainier, counting, rainierRows(3, 30), mode, transport);
      counting.reset();
      const data = await h.ok(`{
        a: employee(empNo: "E00004") { departmentDeptNo department { deptName } workspace { workspaceId location { city } } }
        b: employee(empNo: "E00005") { department { deptName employeesAggregate { count } } workspace { location { city } } }
      }`);
      expect(data).toEqual({
        a: {
          departmentDeptNo: 'D01',
          department: { deptName: 'Department 1' },
          workspace: { workspaceId: 'W004', location: { city: 'City 4' } },
        },
        b: { department: { deptName: 'Department 2', employeesAggregate: { count: 10 } }, workspace: { location: { city: 'City 5' } } },
      });
      if (!mode.levelPrefetch) return;
      const location = { relation: 'location', select: ['buildingCode', 'city'], keysUnused: true };
      const includes = counting.reads.filter((c) => c.method === 'getByKeys' && c.entity === 'Employee').map((c) => c.include);
      expect(includes).toHaveLength(2);
      // a selects the department's foreign key and the workspace's key; b reads the department's key (its aggregate).
      expect(includes).toEqual(
        expect.arrayContaining([
          [
            { relation: 'department', select: ['deptNo', 'deptName'] },
            { relation: 'workspace', select: ['workspaceId', 'locationBuildingCode'], include: [location] },
          ],
          [
            { relation: 'department', select: ['deptNo', 'deptName'] },
            { relation: 'workspace', select: ['workspaceId', 'locationBuildingCode'], include: [location], keysUnused: true },
          ],
        ]),
      );
    });

    it('answers folded relations read without their keys (keysUnused) in a query run with its relations attached', async () => {
      const counting = new CountingDatastore(await open(rainier));
      h = await createHarness(rainier, counting, rainierRows(3, 30), mode, transport);
      counting.reset();
      // Every relation of this query is prefetched: it compiles without relation resolvers
      // (prefetch/attached-relations.ts), and MySQL reads its folded rows without foreign keys.
      expect(await h.ok('{ employee(empNo: "E00004") { firstName department { deptName } workspace { location { city } } } }')).toEqual({
        employee: { firstName: expect.any(String), department: { deptName: 'Department 1' }, workspace: { location: { city: 'City 4' } } },
      });
      // One read, the employee with its folded relations: no second run by graphql-js (a relation
      // attached as null to a non-null field would fail the compiled run and be answered again).
      if (mode.levelPrefetch) expect(counting.reads.map((c) => [c.method, c.entity])).toEqual([['getByKeys', 'Employee']]);
    });

    // Writes do not depend on the mode: once is enough.
    if (mode.levelPrefetch)
      it('inserts 10,000 rows in one request', async () => {
        h = await createHarness(rainier, await open(rainier), {}, undefined, transport);
        const data = Array.from({ length: 10_000 }, (_, i) => ({ orderId: `O${i}`, itemId: 'I1', quantity: i, notes: 'bulk' }));
        const res = await h.ok('mutation($d: [OrderItemInsert!]!) { createOrderItems(data: $d) { orderId } }', { d: data });
        expect(res.createOrderItems).toHaveLength(10_000);
        const read = await h.ok('{ orderItems(where: { quantity: { gte: 9998 } }) { orderId quantity } }');
        expect(read.orderItems).toEqual([
          { orderId: 'O9998', quantity: 9998 },
          { orderId: 'O9999', quantity: 9999 },
        ]);
      });
  });
}
