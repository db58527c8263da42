/**
 * A by-key root read alone at its operation's root (src/graphql/root-resolvers.ts
 * `isSoleRootField`): one getByKeys call of its one key, without a loader; by-key reads beside
 * other root fields still share one batch. Both answer as graphql-js, misses and broken batch
 * contracts included.
 */
import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type { Datastore, Tuple } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { buildGraphqlSchema, RequestPipeline } from '../../src/graphql/index.js';
import { isSoleRootField } from '../../src/graphql/root-resolvers.js';
import { closedAfterEach } from '../support/closed-after-each.js';
import { delegating } from '../support/delegating-datastore.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';

const rainier = loadModel('rainier');
const schema = buildGraphqlSchema(rainier);
const closing = closedAfterEach();

const FIELDS = 'empNo firstName department { deptName } workspace { location { city } }';

function operationOf(text: string): OperationDefinitionNode {
  return parse(text).definitions[0] as OperationDefinitionNode;
}

/** The answer of `text` (compiled or by graphql-js) and the keys of each getByKeys call it made. */
async function run(
  text: string,
  compiled: boolean,
  getByKeys?: (inner: Datastore) => Datastore['getByKeys'],
): Promise<{ answer: unknown; keyCalls: (readonly Tuple[])[]; byKeyLoaders: number }> {
  const inner = await createDatastore(rainier, { datastore: 'inmemory' });
  await seedDatastore(inner, rainier, rainierData());
  closing.push(() => inner.close());
  const keyCalls: (readonly Tuple[])[] = [];
  const read = getByKeys?.(inner) ?? inner.getByKeys.bind(inner);
  const store = delegating(inner, {
    getByKeys: (entity, keys, query) => {
      if (entity === 'Employee') keyCalls.push(keys);
      return read(entity, keys, query);
    },
  });
  const pipeline = new RequestPipeline(schema, store, { compiled });
  const document = pipeline.prepare(text);
  if (document === undefined) throw new Error(`not a valid document: ${text}`);
  const context = pipeline.createContext();
  // The by-key loaders the request asks for.
  let byKeyLoaders = 0;
  const loaders = context.persist.loaders;
  const byKey = loaders.byKey.bind(loaders);
  Object.assign(loaders, { byKey: (...args: Parameters<typeof byKey>) => (byKeyLoaders++, byKey(...args)) });
  const result = await pipeline.execute({ document, context });
  return { answer: JSON.parse(String(pipeline.serialize(result))), keyCalls, byKeyLoaders };
}

describe('a by-key root read alone at the root', () => {
  it('is one field at the root, without fragments there', () => {
    expect(isSoleRootField(operationOf(`{ employee(empNo: "E1") { ${FIELDS} } }`))).toBe(true);
    expect(isSoleRootField(operationOf(`query Q($k: String!) { e: employee(empNo: $k) { empNo } }`))).toBe(true);
    expect(isSoleRootField(operationOf(`{ a: employee(empNo: "E1") { empNo } b: employee(empNo: "E2") { empNo } }`))).toBe(false);
    expect(isSoleRootField(operationOf(`{ employee(empNo: "E1") { empNo } departments { deptNo } }`))).toBe(false);
    expect(isSoleRootField(operationOf(`{ ...R } fragment R on Query { employee(empNo: "E1") { empNo } }`))).toBe(false);
    expect(isSoleRootField(operationOf(`{ ... on Query { employee(empNo: "E1") { empNo } } }`))).toBe(false);
  });

  it('reads its one key in one call, and answers as graphql-js (a miss too)', async () => {
    for (const key of ['E1', 'E404']) {
      const text = `{ employee(empNo: "${key}") { ${FIELDS} } }`;
      const compiled = await run(text, true);
      const interpreted = await run(text, false);
      expect(compiled.answer).toEqual(interpreted.answer);
      expect(compiled.keyCalls).toEqual([[[key]]]);
      expect(interpreted.keyCalls).toEqual([[[key]]]);
      expect([compiled.byKeyLoaders, interpreted.byKeyLoaders]).toEqual([0, 0]);
    }
    expect((await run(`{ employee(empNo: "E1") { empNo firstName } }`, true)).answer).toEqual({
      data: { employee: { empNo: 'E1', firstName: 'Ada' } },
    });
  });

  it('beside other root reads by key, shares their batch: one call for every key', async () => {
    const texts = [
      `{ a: employee(empNo: "E1") { ${FIELDS} } b: employee(empNo: "E2") { ${FIELDS} } }`,
      `{ ...R } fragment R on Query { a: employee(empNo: "E1") { empNo } b: employee(empNo: "E2") { empNo } }`,
    ];
    for (const text of texts) {
      const compiled = await run(text, true);
      expect(compiled.answer).toEqual((await run(text, false)).answer);
      expect(compiled.keyCalls).toEqual([[['E1'], ['E2']]]);
      expect(compiled.byKeyLoaders).toBe(2);
    }
  });

  it('answers a datastore that breaks the batch contract, or fails, with an error as the loader does', async () => {
    const text = `{ employee(empNo: "E1") { ${FIELDS} } }`;
    const broken = await run(text, true, () => () => Promise.resolve([]));
    expect(broken.answer).toMatchObject({
      data: { employee: null },
      errors: [{ message: expect.stringContaining('broke the batch contract') as unknown, path: ['employee'] }],
    });
    const failing = await run(text, true, () => () => Promise.reject(new Error('down')));
    expect(failing.answer).toMatchObject({ data: { employee: null }, errors: [{ path: ['employee'] }] });
    expect(failing.answer).toEqual((await run(text, false, () => () => Promise.reject(new Error('down')))).answer);
    // A call refused at once (a passed deadline throws before the call): a rejection, answered at the field.
    const refuse = (): Datastore['getByKeys'] => () => {
      throw new Error('refused');
    };
    const refused = await run(text, true, refuse);
    expect(refused.answer).toMatchObject({ data: { employee: null }, errors: [{ path: ['employee'] }] });
    expect(refused.answer).toEqual((await run(text, false, refuse)).answer);
  });
});
