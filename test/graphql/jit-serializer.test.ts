/**
 * The compiled serializer of an operation's answers (src/graphql/jit-serializer.ts,
 * RequestPipeline.serialize): it writes exactly JSON.stringify's text (nulls, escapes, lone
 * surrogates, enums, floats, nested lists), is compiled only for operations it can write exactly
 * (GraphQL's own scalars, enums and object types), and never writes an answer with errors.
 */
import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { buildGraphqlSchema, RequestPipeline } from '../../src/graphql/index.js';
import { serializesExactly } from '../../src/graphql/jit-serializer.js';
import { loadModel } from '../support/models.js';
import { featuresData } from '../support/sample-data.js';

const features = loadModel('features');
const schema = buildGraphqlSchema(features);

async function pipeline(): Promise<RequestPipeline> {
  const datastore = await createDatastore(features, { datastore: 'inmemory' });
  await seedDatastore(datastore, features, featuresData());
  return new RequestPipeline(schema, datastore);
}

async function answer(
  p: RequestPipeline,
  text: string,
  variables?: Record<string, unknown>,
): Promise<{ result: ExecutionResult; json: string }> {
  const document = p.prepare(text);
  if (document === undefined) throw new Error(`not a valid document: ${text}`);
  const result = await p.execute({ document, variables, context: p.createContext() });
  return { result, json: p.serialize(document, undefined, result) };
}

const BUILT_IN_ONLY =
  '{ customers(orderBy: [{ id: ASC }]) { id name nickname age score rating weight active verified status previousStatus type ' +
  'orders(orderBy: [{ orderNo: ASC }]) { orderNo lines { lineId quantity note } } profile { handle bio } } }';

describe('the compiled serializer', () => {
  it('is compiled only for operations of GraphQL scalars, enums and object types', () => {
    const p = (text: string): boolean => serializesExactly(schema, new RequestPipeline(schema, null as never).parse(text));
    expect(p(BUILT_IN_ONLY)).toBe(true);
    expect(p('{ customers { id __typename } }')).toBe(true);
    // Persist's own scalars (Decimal, Date, Bytes, …): JSON.stringify.
    expect(p('{ customers { id balance } }')).toBe(false);
    expect(p('{ customers { id birthDate } }')).toBe(false);
    expect(p('query { ...F } fragment F on Query { customers { avatar } }')).toBe(false);
  });

  it('writes what JSON.stringify writes: nulls, enums, floats, nested lists, escapes and lone surrogates', async () => {
    const p = await pipeline();
    const tricky = 'quote " backslash \\ newline \n tab \t nul \u0000 pair \ud83d\ude00 é ' + 'x'.repeat(60);
    const update = p.prepare('mutation($n: String!) { updateCustomer(id: 1, data: { nickname: $n, score: null }) { id } }')!;
    const updated = await p.execute({ document: update, variables: { n: tricky }, context: p.createContext() });
    expect(updated.errors).toBeUndefined();
    const { result, json } = await answer(p, BUILT_IN_ONLY);
    expect(result.errors).toBeUndefined();
    expect(json).toBe(JSON.stringify(result));
    expect(JSON.parse(json).data.customers[0].nickname).toBe(tricky);
    // Text no datastore stores (a lone surrogate, which writes refuse), written alike too.
    const lone = { data: { customers: [{ ...JSON.parse(json).data.customers[0], name: 'lone \ud800 x', weight: -0, rating: 1e21 }] } };
    expect(p.serialize(p.prepare(BUILT_IN_ONLY)!, undefined, lone)).toBe(JSON.stringify(lone));
    // Also where JSON.stringify serves (Persist's scalars), the same text.
    const decimals = await answer(p, '{ customers { id balance birthDate avatar } }');
    expect(decimals.json).toBe(JSON.stringify(decimals.result));
  });

  it('never writes an answer with errors: JSON.stringify writes those', async () => {
    const p = await pipeline();
    const document = p.prepare('{ customers { id name } }')!;
    const withErrors: ExecutionResult = { data: { customers: [{ id: 1, name: 'Ada' }] }, errors: [] };
    const extra = { data: { customers: [] }, extensions: { note: 'kept' } } as ExecutionResult;
    expect(p.serialize(document, undefined, withErrors)).toBe(JSON.stringify(withErrors));
    expect(p.serialize(document, undefined, extra)).toBe(JSON.stringify(extra));
  });
});
