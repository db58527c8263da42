/**
 * Answers written from rows (src/graphql/json-answer/): which documents the writer takes, that the
 * text it writes is `JSON.stringify` of graphql-js's answer byte for byte (every scalar, enums,
 * aliases, `__typename`, fragments, merged fields, nulls, empty lists, strings that need escapes),
 * that what it cannot write exactly takes the existing path and answers as before, and that both
 * transports send the written text. The conformance suites compare every answer they get written
 * (conformance/written-audit.ts); this file's own audit counts which requests were written.
 */
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type { Datastore, Row } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { buildGraphqlSchema, RequestPipeline } from '../../src/graphql/index.js';
import { WrittenQuery } from '../../src/graphql/json-answer/written-query.js';
import { createServer } from '../../src/server/index.js';
import { closedAfterEach } from '../support/closed-after-each.js';
import { delegating } from '../support/delegating-datastore.js';
import { listenLoopback } from '../support/http-server.js';
import { loadModel } from '../support/models.js';
import { featuresData } from '../support/sample-data.js';
import { collectGarbage } from '../support/v8-probes.js';
import { auditWrittenAnswers } from './conformance/written-audit.js';

const features = loadModel('features');
const schema = buildGraphqlSchema(features);
const closing = closedAfterEach();
const audit = auditWrittenAnswers({ atLeast: 6 });

const SCALARS =
  'id name nickname age score rating weight balance credit active verified avatar birthDate anniversary wakeUp bedTime createdAt deletedAt lastSeen nextVisit status previousStatus type';

async function store(data: Record<string, Row[]> = featuresData(), wrap: (s: Datastore) => Datastore = (s) => s): Promise<Datastore> {
  const inner = await createDatastore(features, { datastore: 'inmemory' });
  await seedDatastore(inner, features, data);
  closing.push(() => inner.close());
  return wrap(inner);
}

/** The pipeline's answer text, JSON.stringify of graphql-js's answer over the same store, and whether the writer wrote it. */
async function answer(
  text: string,
  datastore: Datastore,
  variables?: Record<string, unknown>,
): Promise<{ text: string; reference: string; written: boolean }> {
  const run = async (compiled: boolean): Promise<string> => {
    const pipeline = new RequestPipeline(schema, datastore, { compiled });
    const document = pipeline.prepare(text);
    if (document === undefined) throw new Error(`not a valid document: ${text}`);
    return String(pipeline.serialize(await pipeline.execute({ document, variables, context: pipeline.createContext() })));
  };
  const before = audit.audited;
  const out = await run(true);
  const written = audit.audited > before;
  return { text: out, reference: await run(false), written };
}

function withCustomers(change: (customers: Row[]) => Row[]): Record<string, Row[]> {
  const data = featuresData();
  data['Customer'] = change(data['Customer']!);
  return data;
}

function compiles(text: string): boolean {
  const document = parse(text);
  return WrittenQuery.compile(schema, document.definitions, document.definitions[0] as never) !== undefined;
}

describe('written answers', () => {
  it('write every scalar, enum and null, relations null or empty, as graphql-js answers them', async () => {
    const q = `{ customers { ${SCALARS} profile { handle bio } orders { orderNo placedOn total lines { lineId quantity note product { title price warranty { months } } } } referredOrders { orderNo } } }`;
    const { text, reference, written } = await answer(q, await store());
    expect(written).toBe(true);
    expect(text).toBe(reference);
    expect(text).toContain('"profile":null');
    expect(text).toContain('"orders":[]');
  });

  it('write aliases, __typename, fragments and fields merged under one response key in the executor order', async () => {
    const q = `{ __typename a: customers { __typename n: name ...F ... on Customer { name orders { orderNo } } orders { total } }
      b: customer(id: 1) { name ...F } } fragment F on Customer { id age orders { placedOn ...F2 } } fragment F2 on Order { __typename customer { id } }`;
    const { text, reference, written } = await answer(q, await store());
    expect(written).toBe(true);
    expect(text).toBe(reference);
    expect(text.startsWith('{"data":{"__typename":"Query","a":[{"__typename":"Customer","n":')).toBe(true);
  });

  it('escape strings as JSON.stringify does: quotes, backslashes, control characters, lone surrogates, any length', async () => {
    const names = [
      'say "hi"',
      'back\\slash',
      'ctl \u0001\n\t\u001f\u007f',
      'lone \ud800 high',
      'lone low \udc00',
      'pair 😀 é ü 中',
      'x'.repeat(40),
      `${'y'.repeat(40)}"\\\ud83d`,
      `${'z'.repeat(40)}é😀`,
      '',
    ];
    const data = withCustomers((customers) => names.map((_, i) => ({ ...customers[0]!, id: 100 + i })));
    data['Profile'] = [];
    data['Order'] = [];
    data['OrderLine'] = [];
    // Lone surrogates cannot be stored (row checks refuse them): handed out by the datastore as if read.
    const named = (s: Datastore): Datastore =>
      delegating(s, {
        list: async (e, q) =>
          (await s.list(e, q)).map((r) => {
            const name = names[(r['id'] as number) - 100]!;
            return { ...r, name, nickname: `${name}!`, type: name.slice(0, 6) };
          }),
      });
    const { text, reference, written } = await answer('{ customers { id name nickname type } }', await store(data, named));
    expect(written).toBe(true);
    expect(text).toBe(reference);
    expect(text).toContain('\\ud800');
  });

  it('take variables as graphql-js coerces them (the pipeline coerces them once), and answer bad ones as graphql-js', async () => {
    const datastore = await store();
    const text = 'query Q($n: Int, $m: Int = 1) { a: customers(limit: $n) { name } b: customers(limit: $m) { name } }';
    // (Omitting $n, which has no default, runs with graphql-js: request-pipeline.ts's `omittable`.)
    for (const variables of [{ n: 2 }, { n: null, m: 3 }, { n: 1, m: null }]) {
      const { text: out, reference, written } = await answer(text, datastore, variables);
      expect(written).toBe(true);
      expect(out).toBe(reference);
    }
    for (const variables of [{ n: 'two' }, { n: 2.5, m: [] }]) {
      const { text: out, reference, written } = await answer(text, datastore, variables);
      expect(written).toBe(false);
      expect(out).toBe(reference);
      expect((JSON.parse(out) as { errors: { message: string }[] }).errors[0]!.message).toContain('$n');
    }
  });

  it('serialize values of another type through the scalar, as graphql-js does', async () => {
    // The in-memory store answers what it stores; a datastore may hand back an Int as text.
    const asText = (s: Datastore): Datastore =>
      delegating(s, { list: async (e, q) => (await s.list(e, q)).map((r) => ({ ...r, age: String(r['age']), active: 1 })) });
    const { text, reference, written } = await answer('{ customers { id age active } }', await store(undefined, asText));
    expect(written).toBe(true);
    expect(text).toBe(reference);
  });

  for (const [what, change] of [
    ['a null in a non-null position', { name: null }],
    ['a Bytes value its serialize refuses', { avatar: 'not bytes' }],
    ['an enum value that is no member', { status: 'gone' }],
    ['an Int out of 32 bits', { age: 2 ** 40 }],
  ] as const) {
    it(`leave ${what} to the existing path, which answers the same error as before`, async () => {
      const broken = (s: Datastore): Datastore =>
        delegating(s, { list: async (e, q) => (await s.list(e, q)).map((r) => (r['id'] === 2 ? { ...r, ...change } : r)) });
      const { text, reference, written } = await answer(`{ customers { ${SCALARS} } }`, await store(undefined, broken));
      expect(written).toBe(false);
      expect(text).toBe(reference);
      expect(text).toContain('"errors"');
    });
  }

  it('decline documents with a leaf the writer does not answer (the global id) or without a list, and take the others', () => {
    expect(compiles('{ customers { nodeId name } }')).toBe(false);
    expect(compiles('{ customer(id: 1) { name profile { handle } } }')).toBe(false);
    expect(compiles('{ customer(id: 1) { name orders { orderNo } } }')).toBe(true);
    expect(compiles('{ customers { name orders { orderNo } } }')).toBe(true);
  });

  it('leave their bytes to the young generation: a scavenge frees the answers nobody holds any more', async () => {
    // Anything per answer that a scavenge counts live (a getter closure, held by an AccessorPair in
    // the old space; a WeakMap's value) kept every answer's Buffer until a full collection (issue 17: +60 MiB RSS).
    const datastore = await store(
      withCustomers((customers) => [
        ...customers,
        ...Array.from({ length: 200 }, (_, i) => ({ ...customers[i % customers.length]!, id: 1000 + i })),
      ]),
    );
    const pipeline = new RequestPipeline(schema, datastore, { compiled: true });
    const document = pipeline.prepare('{ customers { id name nickname status } }')!;
    const answerBytes = async (): Promise<number> => {
      const result = await pipeline.execute({ document, context: pipeline.createContext() });
      const bytes = pipeline.serialize(result);
      expect(Buffer.isBuffer(bytes)).toBe(true);
      return bytes.length;
    };
    const size = await answerBytes();
    expect(size).toBeGreaterThan(10_000);
    const before = audit.audited;
    collectGarbage('major');
    const start = process.memoryUsage().arrayBuffers;
    const count = 200;
    for (let i = 0; i < count; i++) await answerBytes();
    collectGarbage('minor');
    collectGarbage('minor');
    const kept = process.memoryUsage().arrayBuffers - start;
    expect(audit.audited).toBe(before + count);
    expect(kept).toBeLessThan((count * size) / 10);
  });

  it('are sent as written by the lean HTTP path and by Yoga', async () => {
    const { yoga, handler } = createServer({ model: features, datastore: await store(), logging: false });
    const { server, origin } = await listenLoopback(handler);
    closing.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const q = '{ customers { id name status profile { handle } orders { orderNo } } }';
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) };
    const { reference } = await answer(q, await store());
    for (const send of [() => fetch(`${origin}/graphql`, init), async () => yoga.fetch('http://yoga/graphql', init)]) {
      const before = audit.audited;
      const res = await send();
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(reference);
      expect(audit.audited).toBe(before + 1);
    }
  });
});
