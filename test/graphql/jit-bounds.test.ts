/**
 * graphql-jit compiles on the event loop; what it is given is bounded (src/graphql/jit-bounds.ts).
 * Measures compile time against document size and prints the figures, asserts that a document
 * at the bound compiles within a loaded machine's allowance, and that the compiled executor
 * hands larger documents (and anything its code throws) to graphql-js.
 */
import { type DocumentNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { compileQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { buildGraphqlSchema } from '../../src/graphql/build-schema.js';
import { RequestPipeline } from '../../src/graphql/request-pipeline.js';
import { expandedFieldCount, fitsJit, JIT_MAX_DEPTH, JIT_MAX_FIELDS } from '../../src/graphql/jit-bounds.js';
import { createServer } from '../../src/server/index.js';
import { loadModel } from '../support/models.js';

const model = loadModel('rainier');
const schema = buildGraphqlSchema(model);

function operationOf(document: DocumentNode): OperationDefinitionNode {
  return document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
}

/** `employees → department → employees …`, `n` hops below the root, nested one below the other. */
function hops(n: number): string {
  let open = '{ employees(limit: 1) {';
  for (let i = 1; i <= n; i++) open += i % 2 === 1 ? ' department {' : ' employees(limit: 1) {';
  return `${open} ${n % 2 === 1 ? 'deptNo' : 'empNo'}${' }'.repeat(n + 2)}`;
}

/** `n` aliases of a list of 7 fields, side by side. */
function wide(n: number): string {
  return `{ ${Array.from({ length: n }, (_, i) => `a${i}: employees(limit: 1) { empNo firstName lastName department { deptNo deptName } }`).join(' ')} }`;
}

/** `k` levels of doubling fragments. */
function doubling(k: number): string {
  let f = 'fragment F0 on Employee { empNo firstName department { deptName } }';
  for (let i = 1; i <= k; i++) f += ` fragment F${i} on Employee { ...F${i - 1} ...F${i - 1} }`;
  return `{ employees(limit: 1) { ...F${k} } } ${f}`;
}

function compileMs(text: string): number {
  const document = parse(text);
  const started = performance.now();
  compileQuery(schema, document);
  return performance.now() - started;
}

describe('graphql-jit compile time against document size', () => {
  it('is bounded at JIT_MAX_FIELDS fields (figures printed)', () => {
    compileMs(hops(4)); // warm-up
    const rows: string[] = [];
    for (const [name, text] of [
      ['hops 12', hops(12)],
      ['hops 24', hops(24)],
      ['hops 32', hops(32)],
      ['hops 48', hops(48)],
      ['hops 100', hops(100)],
      ['aliases 10', wide(10)],
      ['aliases 20', wide(20)],
      ['aliases 40', wide(40)],
      ['12 x hops 14', `{ ${Array.from({ length: 12 }, (_, i) => `a${i}: ${hops(14).slice(2, -2)}`).join(' ')} }`],
      ['doubling 8', doubling(8)],
      ['doubling 12', doubling(12)],
    ] as const) {
      const fields = expandedFieldCount(parse(text), operationOf(parse(text)), Infinity);
      rows.push(
        `${name.padEnd(12)} ${String(text.length).padStart(6)} bytes ${String(fields).padStart(6)} fields ${compileMs(text).toFixed(1).padStart(7)} ms`,
      );
    }
    console.log(`graphql-jit compile times:\n${rows.join('\n')}`);
    // At the bounds: ~100 ms; a loaded CI machine gets 4x.
    const atBound = `{ ${Array.from({ length: Math.floor(JIT_MAX_FIELDS / JIT_MAX_DEPTH) }, (_, i) => `a${i}: ${hops(JIT_MAX_DEPTH - 2).slice(2, -2)}`).join(' ')} }`;
    expect(fitsJit(parse(atBound), operationOf(parse(atBound)))).toBe(true);
    expect(expandedFieldCount(parse(atBound), operationOf(parse(atBound)))).toBeLessThanOrEqual(JIT_MAX_FIELDS);
    expect(compileMs(atBound)).toBeLessThan(400);
    expect(fitsJit(parse(hops(JIT_MAX_DEPTH)), operationOf(parse(hops(JIT_MAX_DEPTH))))).toBe(false);
  });

  it('counts fragments without expanding them', () => {
    const document = parse(doubling(40));
    const started = performance.now();
    expect(expandedFieldCount(document, operationOf(document), Infinity)).toBe(2 ** 40 * 4 + 1);
    expect(expandedFieldCount(document, operationOf(document))).toBe(JIT_MAX_FIELDS + 1);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('the compiled executor', () => {
  it('hands operations over the bound to graphql-js, without compiling them', async () => {
    const datastore = await createDatastore(model, { datastore: 'inmemory' });
    const pipeline = new RequestPipeline(schema, datastore, { limits: false });
    const document = pipeline.parse(doubling(30));
    expect(pipeline.validate(document)).toEqual([]);
    const started = performance.now();
    // graphql-js runs it in a step per fragment and object.
    expect(await pipeline.execute({ document, context: pipeline.createContext() })).toEqual({ data: { employees: [] } });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('runs on graphql-js when the compiled code overflows the stack: 250 nested levels, no limits', async () => {
    const datastore = await createDatastore(model, { datastore: 'inmemory' });
    await datastore.insert('Department', [{ deptNo: 'D1', deptName: 'One' }]);
    await datastore.insert('Building', [
      { buildingCode: 'B1', city: 'Oslo', state: 'O', country: 'NO', postalCode: '0150', type: 'office' },
    ]);
    await datastore.insert('Workspace', [{ workspaceId: 'W1', workspaceType: 'desk', locationBuildingCode: 'B1' }]);
    await datastore.insert('Employee', [
      {
        empNo: 'E1',
        firstName: 'A',
        lastName: 'B',
        birthDate: '1990-01-01',
        gender: 'FEMALE',
        hireDate: '2020-01-01',
        departmentDeptNo: 'D1',
        workspaceWorkspaceId: 'W1',
      },
    ]);
    const { yoga } = createServer({ model, datastore, logging: false, limits: false });
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: hops(250) }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: { employees: unknown[] }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.employees).toHaveLength(1);
  });
});
