/**
 * The request pipeline both transports run (src/graphql/request-pipeline.ts): how often an
 * operation runs when it fails (a compiled query twice at most, an interpreted one and a mutation
 * once, a handed-over result never again), that it leaves the caller's context as it was, and
 * that document checks run before validation, on both transports, once per distinct document.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type { Datastore } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { buildGraphqlSchema, RequestPipeline, type PipelineOptions } from '../../src/graphql/index.js';
import { createServer } from '../../src/server/index.js';
import { closedAfterEach } from '../support/closed-after-each.js';
import { delegating } from '../support/delegating-datastore.js';
import { loadModel } from '../support/models.js';
import { featuresData } from '../support/sample-data.js';

const features = loadModel('features');
const schema = buildGraphqlSchema(features);

const closing = closedAfterEach();

/** A seeded in-memory datastore whose `list` and `delete` fail, counting their calls. */
async function failingDatastore(): Promise<{ datastore: Datastore; calls: { list: number; delete: number } }> {
  const inner = await createDatastore(features, { datastore: 'inmemory' });
  await seedDatastore(inner, features, featuresData());
  closing.push(() => inner.close());
  const calls = { list: 0, delete: 0 };
  const fail = (): Promise<never> => Promise.reject(new Error('the datastore is down'));
  // Inside its transactions too (a mutation runs in one).
  const wrap = (store: Datastore): Datastore =>
    delegating(store, {
      list: () => ((calls.list += 1), fail()),
      delete: () => ((calls.delete += 1), fail()),
      transaction: (work) => store.transaction((tx) => work(wrap(tx))),
    });
  return { datastore: wrap(inner), calls };
}

async function pipelineOver(
  options: PipelineOptions = {},
): Promise<{ pipeline: RequestPipeline; calls: { list: number; delete: number } }> {
  const { datastore, calls } = await failingDatastore();
  return { pipeline: new RequestPipeline(schema, datastore, options), calls };
}

function documentOf(pipeline: RequestPipeline, text: string): DocumentNode {
  const document = pipeline.prepare(text);
  if (document === undefined) throw new Error(`not a valid document: ${text}`);
  return document;
}

describe('the request pipeline', () => {
  it('runs a failing compiled query twice, in fresh state, leaving the caller its context', async () => {
    const { pipeline, calls } = await pipelineOver();
    const context = pipeline.createContext();
    const persist = context.persist;
    const result = await pipeline.execute({ document: documentOf(pipeline, '{ customers { id } }'), context });
    expect(result.errors).toHaveLength(1);
    expect(calls.list).toBe(2);
    expect(context.persist).toBe(persist);
  });

  it('runs an interpreted query once (compiled off)', async () => {
    const off = await pipelineOver({ compiled: false });
    await off.pipeline.execute({ document: documentOf(off.pipeline, '{ customers { id } }'), context: off.pipeline.createContext() });
    expect(off.calls.list).toBe(1);
  });

  it('compiles a query with a variable of a recursive input type; bad variables run nothing', async () => {
    const { pipeline, calls } = await pipelineOver();
    const document = documentOf(pipeline, 'query($w: CustomerWhere) { customers(where: $w) { id } }');
    // Compiled, then once more by graphql-js: the failing query ran twice.
    const result = await pipeline.execute({ document, variables: { w: { NOT: { id: { eq: 1 } } } }, context: pipeline.createContext() });
    expect(result.errors).toHaveLength(1);
    expect(calls.list).toBe(2);
    const bad = await pipeline.execute({ document, variables: { w: { NOT: { id: { eq: 'x' } } } }, context: pipeline.createContext() });
    expect(bad.data).toBeUndefined();
    expect(bad.errors?.[0]?.message).toMatch(
      /^Variable "\$w" got invalid value "x" at "w.NOT.id.eq"; Int cannot represent non-integer value: "x"$/,
    );
    expect(calls.list).toBe(2);
  });

  it('runs a failing mutation once', async () => {
    const { pipeline, calls } = await pipelineOver();
    const document = documentOf(pipeline, 'mutation { deleteOrder(orderNo: "O1") { orderNo } }');
    const result = await pipeline.execute({ document, context: pipeline.createContext() });
    expect(result.errors).toHaveLength(1);
    expect(calls.delete).toBe(1);
  });

  it('answers a handed-over result as it is, running nothing', async () => {
    const { pipeline, calls } = await pipelineOver();
    const document = documentOf(pipeline, '{ customers { id } }');
    const previousRun = { errors: [new GraphQLError('from an earlier run')], data: null };
    expect(await pipeline.execute({ document, context: pipeline.createContext(), previousRun })).toBe(previousRun);
    expect(calls.list).toBe(0);
  });

  it('reports a syntax error as graphql does, once per distinct text', async () => {
    const { pipeline } = await pipelineOver();
    expect(() => pipeline.parse('{ customers { id }')).toThrow(/Syntax Error/);
    expect(pipeline.prepare('{ customers { id }')).toBeUndefined();
    expect(pipeline.parse('{ customers { id } }')).toBe(pipeline.parse('{ customers { id } }'));
  });
});

/** A document check that refuses aliases, counting the documents it saw. */
function noAliases(): { check: (document: DocumentNode) => GraphQLError[]; seen: DocumentNode[] } {
  const seen: DocumentNode[] = [];
  const check = (document: DocumentNode): GraphQLError[] => {
    seen.push(document);
    const errors: GraphQLError[] = [];
    visit(document, {
      [Kind.FIELD]: (node) => {
        if (node.alias !== undefined)
          errors.push(new GraphQLError('Aliases are refused here.', { nodes: node, extensions: { code: 'TEST_NO_ALIASES' } }));
      },
    });
    return errors;
  };
  return { check, seen };
}

describe('document checks', () => {
  it('run before validation on both transports, once per distinct document', async () => {
    const datastore = await createDatastore(features, { datastore: 'inmemory' });
    await seedDatastore(datastore, features, featuresData());
    const { check, seen } = noAliases();
    const { yoga, handler } = createServer({ model: features, datastore, logging: false, documentChecks: [check] });
    const http: Server = createHttpServer(handler);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    closing.push(async () => {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await datastore.close();
    });
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
    type Send = (input: string, init: RequestInit) => Promise<Response>;
    const post = async (
      send: Send,
      query: string,
    ): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } }> => {
      const res = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query }),
      });
      return { status: res.status, body: (await res.json()) as never };
    };
    const viaHttp: Send = (input, init) => fetch(input, init);
    const viaYoga: Send = (input, init) => Promise.resolve(yoga.fetch(input, init));
    // An alias and an unknown field: only the check's error, so validation never ran.
    const refused = '{ a: customers { id shoeSize } }';
    for (const send of [viaHttp, viaYoga]) {
      const answer = await post(send, refused);
      expect(answer.body.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['Aliases are refused here.', 'TEST_NO_ALIASES']]);
      expect(answer.body.data).toBeUndefined();
      const ok = await post(send, '{ customers { id } }');
      expect(ok.body.errors).toBeUndefined();
      expect(ok.status).toBe(200);
    }
    // Two distinct documents, over two transports (the lean path hands the refused one to Yoga too).
    expect(seen).toHaveLength(2);
  });
});
