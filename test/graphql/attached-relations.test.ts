/**
 * Queries whose relations are attached to their parent rows (src/graphql/prefetch/attached-relations.ts)
 * and leaves compiled without serialization (src/graphql/jit-options.ts): which documents qualify,
 * that the compiled code then calls no relation resolver, and that every answer is graphql-js's,
 * including those that fall back to it (a row reached from two places, a failed call, bad arguments).
 */
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { INCLUDED, type Datastore, type Row } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { buildGraphqlSchema, RequestPipeline } from '../../src/graphql/index.js';
import { leavesAreStrings } from '../../src/graphql/jit-options.js';
import { compileAttached, isAttachable } from '../../src/graphql/prefetch/attached-relations.js';
import { PART_ROWS } from '../../src/graphql/prefetch/level-prefetch.js';
import { closedAfterEach } from '../support/closed-after-each.js';
import { delegating } from '../support/delegating-datastore.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';

const rainier = loadModel('rainier');
const schema = buildGraphqlSchema(rainier);

const Q2 = '{ departments { deptNo deptName employees { empNo firstName workspace { workspaceId location { city } } } } }';

const closing = closedAfterEach();

function operationOf(document: DocumentNode): OperationDefinitionNode {
  return document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
}

function attachable(text: string): boolean {
  const document = parse(text);
  return isAttachable(schema, document, operationOf(document));
}

async function seeded(wrap: (store: Datastore) => Datastore = (s) => s, data = rainierData()): Promise<Datastore> {
  const inner = await createDatastore(rainier, { datastore: 'inmemory' });
  await seedDatastore(inner, rainier, data);
  closing.push(() => inner.close());
  return wrap(inner);
}

// Datastore calls of the reads, counted by `counting` (reset by each test that reads it).
let calls = 0;
const counting = (store: Datastore): Datastore =>
  delegating(store, {
    list: (e, q) => (calls++, store.list(e, q)),
    getByKeys: (e, k, q) => (calls++, store.getByKeys(e, k, q)),
    getByFields: (e, f, v, q) => (calls++, store.getByFields(e, f, v, q)),
  });

/** The answer of the compiled pipeline and of graphql-js, over the same data. */
async function bothWays(text: string, wrap?: (store: Datastore) => Datastore): Promise<{ compiled: unknown; interpreted: unknown }> {
  const answer = async (compiled: boolean): Promise<unknown> => {
    const pipeline = new RequestPipeline(schema, await seeded(wrap), { compiled });
    const document = pipeline.prepare(text);
    if (document === undefined) throw new Error(`not a valid document: ${text}`);
    return JSON.parse(String(pipeline.serialize(await pipeline.execute({ document, context: pipeline.createContext() }))));
  };
  return { compiled: await answer(true), interpreted: await answer(false) };
}

describe('attached relations', () => {
  it('take queries of root reads, stored fields and relations, fragments on the same type included', () => {
    expect(attachable(Q2)).toBe(true);
    expect(attachable('{ employee(empNo: "E1") { empNo department { deptName } workspace { location { city } } } }')).toBe(true);
    expect(attachable('{ employees { ...E } } fragment E on Employee { empNo workspace { __typename workspaceId } }')).toBe(true);
    expect(attachable('{ a: departments { deptNo } b: departments { employees(limit: 1) { empNo } } }')).toBe(true);
  });

  it('leave the rest to the resolvers: aggregates, connections, node, directives, a relation under two keys, mutations', () => {
    expect(attachable('{ departments { employeesAggregate { count } } }')).toBe(false);
    expect(attachable('{ departments { employeesConnection(first: 1) { edges { node { empNo } } } } }')).toBe(false);
    expect(attachable('{ employeesConnection(first: 1) { edges { node { empNo } } } }')).toBe(false);
    expect(attachable('{ departments { employees @skip(if: false) { empNo } } }')).toBe(false);
    expect(attachable('{ departments { a: employees(limit: 1) { empNo } b: employees { empNo } } }')).toBe(false);
    expect(attachable('{ employees { ... on Node { id } } }')).toBe(false);
    expect(attachable('mutation { deleteDepartment(deptNo: "D3") { deptNo } }')).toBe(false);
  });

  it('compile to code that calls no relation resolver, and leave the schema as it was', () => {
    const document = parse(Q2);
    const fields = schema.getType('Employee') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    const before = fields.getFields()['workspace']!.resolve;
    const attached = compileAttached(schema, document, undefined, { debug: true } as never);
    const plain = compileQuery(schema, document, undefined, { debug: true } as never);
    if (!isCompiledQuery(attached) || !isCompiledQuery(plain)) throw new Error('not compiled');
    const code = (q: object): string =>
      (q as { __DO_NOT_USE_THIS_OR_YOU_WILL_BE_FIRED_compilation: string }).__DO_NOT_USE_THIS_OR_YOU_WILL_BE_FIRED_compilation;
    expect(code(plain)).toContain('EmployeeworkspaceResolver');
    expect(code(attached)).not.toContain('EmployeeworkspaceResolver');
    expect(code(attached)).not.toContain('DepartmentemployeesResolver');
    expect(code(attached)).toContain('QuerydepartmentsResolver');
    expect(fields.getFields()['workspace']!.resolve).toBe(before);
  });

  it.each([
    Q2,
    '{ employee(empNo: "E1") { empNo department { deptName } workspace { location { city } } } }',
    '{ employee(empNo: "E404") { empNo workspace { workspaceId } } }',
    '{ departments { deptNo employees(limit: 1, orderBy: [{ empNo: DESC }]) { empNo gender workspace { employees { empNo } } } } }',
    '{ buildings { buildingCode workspaces { workspaceId employees { empNo department { deptNo } } } } }',
    '{ a: departments { deptNo } b: departments { employees { empNo } } }',
    // A row reached from two places needing two answers: graphql-js answers it.
    '{ a: employee(empNo: "E1") { workspace { workspaceId } } b: employee(empNo: "E1") { workspace { workspaceType } } }',
    '{ departments { employees { workspace { workspaceId } } } workspaces { employees { workspace { workspaceType } } } }',
  ])('answer as graphql-js: %s', async (text) => {
    const { compiled, interpreted } = await bothWays(text);
    expect(compiled).toEqual(interpreted);
    expect((compiled as { errors?: unknown }).errors).toBeUndefined();
  });

  it('attach folded relations below every included row object, also when a datastore hands out one object per parent', async () => {
    // A datastore may return a related row shared by its parents (MySQL's joins) or a copy per parent.
    const clone = (row: Row): Row => {
      const out: Row = { ...row };
      const included = row[INCLUDED];
      if (included !== undefined)
        out[INCLUDED] = Object.fromEntries(Object.entries(included).map(([k, v]) => [k, v === null ? null : clone(v as Row)]));
      return out;
    };
    const copying = (store: Datastore): Datastore => delegating(store, { list: async (e, q) => (await store.list(e, q)).map(clone) });
    const text = '{ employees { empNo department { deptNo } workspace { workspaceId location { buildingCode city } } } }';
    for (const wrap of [undefined, copying]) {
      const { compiled, interpreted } = await bothWays(text, wrap);
      expect(compiled).toEqual(interpreted);
      const employees = (compiled as { data: { employees: { workspace: { workspaceId: string; location: unknown } }[] } }).data.employees;
      // Employees sharing a workspace: the case where one key has several row objects.
      expect(new Set(employees.map((e) => e.workspace.workspaceId)).size).toBeLessThan(employees.length);
      for (const e of employees) expect(e.workspace.location).not.toBeNull();
    }
  });

  it('make the calls graphql-js makes, each once (no second run)', async () => {
    const counted = async (compiled: boolean): Promise<number> => {
      calls = 0;
      const pipeline = new RequestPipeline(schema, await seeded(counting), { compiled });
      const result = await pipeline.execute({ document: pipeline.prepare(Q2)!, context: pipeline.createContext() });
      expect(result.errors).toBeUndefined();
      return calls;
    };
    const interpreted = await counted(false);
    expect(await counted(true)).toBe(interpreted);
    expect(interpreted).toBe(3);
  });

  it('hand a level of more than PART_ROWS rows on in parts: every row attached, one call per lookup', async () => {
    // 10,000 employees in 3 departments, 5,000 workspaces: both relation levels come in parts.
    const data = rainierData();
    data['Workspace'] = Array.from({ length: 5000 }, (_, i) => ({
      workspaceId: `W${i}`,
      workspaceType: 'desk',
      locationBuildingCode: i % 3 === 0 ? 'B2' : 'B1',
    }));
    data['Employee'] = Array.from({ length: 10_000 }, (_, i) => ({
      ...data['Employee']![0]!,
      empNo: `E${i}`,
      firstName: `F${i}`,
      departmentDeptNo: `D${(i % 3) + 1}`,
      workspaceWorkspaceId: `W${(i * 7) % 5000}`,
    }));
    expect(data['Employee']!.length).toBeGreaterThan(2 * PART_ROWS);
    const answer = async (compiled: boolean): Promise<{ text: string; calls: number }> => {
      calls = 0;
      const pipeline = new RequestPipeline(schema, await seeded(counting, data), { compiled });
      const result = await pipeline.execute({ document: pipeline.prepare(Q2)!, context: pipeline.createContext() });
      expect(result.errors).toBeUndefined();
      return { text: String(pipeline.serialize(result)), calls };
    };
    const compiled = await answer(true);
    const interpreted = await answer(false);
    // A part left unattached would have failed the compiled run: graphql-js's retry makes more calls.
    expect(compiled.calls).toBe(3);
    expect(interpreted.calls).toBe(3);
    expect(compiled.text).toBe(interpreted.text);
    const departments = (
      JSON.parse(compiled.text) as { data: { departments: { employees: { workspace: { location: { city: string } } }[] }[] } }
    ).data.departments;
    expect(departments.flatMap((d) => d.employees.map((e) => e.workspace.location.city))).toHaveLength(10_000);
  });

  it('answer bad arguments and failed calls as graphql-js', async () => {
    const bad = await bothWays('{ departments { deptNo employees(limit: -1) { empNo } } }');
    expect(bad.compiled).toEqual(bad.interpreted);
    expect((bad.compiled as { errors?: unknown[] }).errors).toHaveLength(1);
    const failing = (store: Datastore): Datastore =>
      delegating(store, { getByKeys: () => Promise.reject(new Error('the datastore is down')) });
    const down = await bothWays(Q2, failing);
    expect(down.compiled).toEqual(down.interpreted);
    expect((down.compiled as { errors?: unknown[] }).errors!.length).toBeGreaterThan(0);
  });
});

describe('leaves compiled without serialization', () => {
  it('only when every enum and specified scalar leaf is a String', () => {
    expect(leavesAreStrings(schema, parse(Q2))).toBe(true);
    expect(leavesAreStrings(schema, parse('{ employees { empNo birthDate __typename } }'))).toBe(true);
    expect(leavesAreStrings(schema, parse('{ employees { empNo gender } }'))).toBe(false);
    expect(leavesAreStrings(schema, parse('{ orderItems { quantity } }'))).toBe(false);
    expect(leavesAreStrings(schema, parse('{ employees { id } }'))).toBe(false);
    expect(leavesAreStrings(schema, parse('{ departments { employeesAggregate { count } } }'))).toBe(false);
  });

  it('answer as graphql-js, dates and null included', async () => {
    const { compiled, interpreted } = await bothWays('{ employees { empNo firstName birthDate hireDate department { deptName } } }');
    expect(compiled).toEqual(interpreted);
  });
});
