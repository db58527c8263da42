/**
 * The read plans of root reads (src/graphql/read-plan-cache.ts): one per field of a parsed
 * document, shared (frozen) by every request of it, so that the loader identity and the
 * datastore's statement shape are derived once; planned per request when `@skip`/`@include`
 * take a variable; never shared between documents, entities or role pipelines.
 */
import { describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type { Datastore, KeyQuery } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { buildGraphqlSchema, RequestPipeline } from '../../src/graphql/index.js';
import { loadModel } from '../support/models.js';
import { featuresData } from '../support/sample-data.js';

const features = loadModel('features');
const schema = buildGraphqlSchema(features);

/** A pipeline over the seeded in-memory store, recording the query of every getByKeys. */
async function recorded(): Promise<{ pipeline: RequestPipeline; queries: (KeyQuery | undefined)[] }> {
  const inner = await createDatastore(features, { datastore: 'inmemory' });
  await seedDatastore(inner, features, featuresData());
  const queries: (KeyQuery | undefined)[] = [];
  const datastore: Datastore = Object.create(inner, {
    getByKeys: { value: (entity: string, keys: never, query?: KeyQuery) => (queries.push(query), inner.getByKeys(entity, keys, query)) },
  }) as Datastore;
  return { pipeline: new RequestPipeline(schema, datastore), queries };
}

async function run(p: RequestPipeline, text: string, variables?: Record<string, unknown>): Promise<unknown> {
  const document = p.prepare(text);
  if (document === undefined) throw new Error(`not a valid document: ${text}`);
  const result = await p.execute({ document, variables, context: p.createContext() });
  expect(result.errors).toBeUndefined();
  return result.data;
}

const Q = '{ order(orderNo: "O1") { orderNo customer { name } } }';

describe('the read plan of a root read', () => {
  it('is computed once per document and shared, frozen, by its requests', async () => {
    const { pipeline, queries } = await recorded();
    const first = await run(pipeline, Q);
    const second = await run(pipeline, Q);
    expect(second).toEqual(first);
    expect(first).toEqual({ order: { orderNo: 'O1', customer: { name: expect.any(String) } } });
    expect(queries).toHaveLength(2);
    const [a, b] = queries;
    expect(b!.select).toBe(a!.select);
    expect(b!.include).toBe(a!.include);
    expect(Object.isFrozen(a!.select)).toBe(true);
    expect(Object.isFrozen(a!.include)).toBe(true);
    expect(a!.include![0]!.relation).toBe('customer');
  });

  it('differs between documents that select differently', async () => {
    const { pipeline, queries } = await recorded();
    await run(pipeline, Q);
    expect(await run(pipeline, '{ order(orderNo: "O1") { orderNo total } }')).toEqual({ order: { orderNo: 'O1', total: '30' } });
    expect(queries[1]!.select).not.toBe(queries[0]!.select);
    expect(queries[1]!.select).toContain('total');
    expect(queries[1]!.include).toBeUndefined();
  });

  it('follows @include and @skip with variables on every request', async () => {
    const { pipeline, queries } = await recorded();
    const text = 'query($c: Boolean!) { order(orderNo: "O1") { orderNo customer @include(if: $c) { name } } }';
    const withCustomer = (await run(pipeline, text, { c: true })) as { order: Record<string, unknown> };
    const without = (await run(pipeline, text, { c: false })) as { order: Record<string, unknown> };
    const again = (await run(pipeline, text, { c: true })) as { order: Record<string, unknown> };
    expect(withCustomer.order['customer']).toBeDefined();
    expect(without.order).toEqual({ orderNo: 'O1' });
    expect(again).toEqual(withCustomer);
    expect(queries.map((q) => q?.include?.length ?? 0)).toEqual([1, 0, 1]);
  });

  it('is kept per pipeline: the same text in another pipeline plans its own document', async () => {
    const one = await recorded();
    const two = await recorded();
    await run(one.pipeline, Q);
    await run(two.pipeline, Q);
    expect(two.queries[0]!.select).toEqual(one.queries[0]!.select);
    expect(two.queries[0]!.select).not.toBe(one.queries[0]!.select);
  });
});
