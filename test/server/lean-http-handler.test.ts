/**
 * The lean HTTP path answers exactly as Yoga does: for a success and for every kind of error, the
 * status, content type and body of `persist serve`'s node handler equal those of Yoga alone with
 * its own executor (`compiled: false`, the server before the lean path existed), byte for byte.
 */
import { request, type RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Datastore } from '../../src/datastore/datastore.js';
import { createServer } from '../../src/server/index.js';
import { responseTypeFor } from '../../src/server/http/response-type.js';
import { delegating } from '../support/delegating-datastore.js';
import { features, listen as listenOn, seededFeatures, type Running } from './lean-parity-kit.js';

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

/** Inserts made through the datastores of `servers`, counted (transactions' included). */
const inserts = { count: 0 };

/**
 * `inner` with some read or write methods failing with an error that must never reach a client,
 * inside its transactions too, and its inserts counted.
 */
function failing(inner: Datastore, methods: readonly ('list' | 'delete')[]): Datastore {
  const fail = (): Promise<never> => Promise.reject(new Error("ER_PARSE_ERROR near 'SELECT * FROM Customer'"));
  return delegating(inner, {
    ...(methods.includes('list') ? { list: fail } : {}),
    ...(methods.includes('delete') ? { delete: fail } : {}),
    insert: (entity, rows) => ((inserts.count += 1), inner.insert(entity, rows)),
    transaction: (work) => inner.transaction((tx) => work(failing(tx, methods))),
  });
}

async function listen(handler: RequestListener, datastore: Datastore): Promise<Running> {
  const r = await listenOn(handler, datastore);
  running.push(r);
  return r;
}

/** The lean handler and Yoga alone, each over its own seeded datastore (so that writes cannot meet). */
async function servers(failingMethods: readonly ('list' | 'delete')[] = []): Promise<{ lean: Running; yoga: Running }> {
  const open = async (): Promise<Datastore> => failing(await seededFeatures(), failingMethods);
  const leanStore = await open();
  const yogaStore = await open();
  const lean = createServer({ model: features, datastore: leanStore, logging: false });
  const plain = createServer({ model: features, datastore: yogaStore, logging: false, compiled: false });
  return { lean: await listen(lean.handler, leanStore), yoga: await listen(plain.handler, yogaStore) };
}

async function post(url: string, body: unknown, accept: string | undefined): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (accept !== undefined) headers['accept'] = accept;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
}

const ACCEPTS = [
  undefined,
  'application/json',
  'application/graphql-response+json',
  '*/*',
  'application/graphql-response+json, application/json',
] as const;

/** Sends `body` to both servers with every plain accept; returns the lean answers after comparing them. */
async function expectSameAnswers(s: { lean: Running; yoga: Running }, body: unknown): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const accept of ACCEPTS) {
    const lean = await post(s.lean.url, body, accept);
    const yoga = await post(s.yoga.url, body, accept);
    expect(lean, `accept: ${accept ?? '(none)'}`).toEqual(yoga);
    answers.push(lean);
  }
  return answers;
}

describe('the lean HTTP path', () => {
  it('answers a query with relations as Yoga does', async () => {
    const [answer] = await expectSameAnswers(await servers(), {
      query: '{ customers { id name avatar status balance orders { orderNo lines { lineId product { title } } } } }',
    });
    expect(answer!.status).toBe(200);
    expect(JSON.parse(answer!.body).data.customers).toHaveLength(4);
  });

  it('answers a mutation and a query with variables and an operation name as Yoga does', async () => {
    const s = await servers();
    await expectSameAnswers(s, {
      query:
        'query Q($w: OrderWhere) { orders(where: $w) { orderNo } } mutation M { updateCustomer(id: 1, data: { age: 40, avatar: "AQID" }) { id age avatar } }',
      variables: { w: { OR: [{ orderNo: { eq: 'O1' } }, { NOT: { orderNo: { eq: 'O1' } } }] } },
      operationName: 'Q',
    });
    // The same update on both servers, five times each (one per accept): the answers stay equal.
    const [answer] = await expectSameAnswers(s, {
      query: 'mutation M { updateCustomer(id: 1, data: { age: 40, avatar: "AQID" }) { id age avatar } }',
      operationName: 'M',
    });
    expect(JSON.parse(answer!.body)).toEqual({ data: { updateCustomer: { id: 1, age: 40, avatar: 'AQID' } } });
  });

  it('answers BAD_USER_INPUT in variables and in literals as Yoga does', async () => {
    const s = await servers();
    const [variable] = await expectSameAnswers(s, { query: 'query($id: Int!) { customer(id: $id) { id } }', variables: {} });
    expect(variable!.body).toContain('BAD_USER_INPUT');
    const [literal] = await expectSameAnswers(s, { query: '{ customers(where: { birthDate: { eq: "2024-02-30" } }) { id } }' });
    expect(literal!.body).toContain('BAD_USER_INPUT');
    // An argument that is null at run time: a field error in a query, which Yoga runs again.
    const [field] = await expectSameAnswers(s, {
      query: 'query($id: Int = 1) { a: customer(id: $id) { id } b: customer(id: 2) { name } }',
      variables: { id: null },
    });
    expect(JSON.parse(field!.body).data).toEqual({ a: null, b: { name: 'Bob' } });
  });

  it('answers a NOT_FOUND mutation error as Yoga does, running the mutation once', async () => {
    const s = await servers();
    inserts.count = 0;
    // The request is rolled back (one transaction per request), so each answer is the same.
    const answers = await expectSameAnswers(s, {
      query:
        'mutation { a: createOrders(data: [{ orderNo: "O8", placedOn: "2024-01-01", total: "1", customerId: 1, referrerId: 2 }]) { orderNo } b: deleteOrder(orderNo: "E042") { orderNo } }',
    });
    expect(answers[0]!.body).toContain("A record with the key 'E042' does not exist for the entity 'Order'.");
    expect(JSON.parse(answers[0]!.body).data).toBeNull();
    // One insert per request on each server: the lean path ran it once and Yoga did not run it again.
    expect(inserts.count).toBe(2 * answers.length);
    const read = await post(s.lean.url, { query: '{ order(orderNo: "O8") { orderNo } }' }, undefined);
    expect(JSON.parse(read.body)).toEqual({ data: { order: null } });
  });

  it('masks an unexpected error in a query and in a mutation as Yoga does', async () => {
    const s = await servers(['list', 'delete']);
    for (const query of ['{ customers { id } }', 'mutation { deleteOrder(orderNo: "O1") { orderNo } }']) {
      const [answer] = await expectSameAnswers(s, { query });
      expect(answer!.body).toContain('INTERNAL_SERVER_ERROR');
      expect(answer!.body).not.toMatch(/ER_PARSE_ERROR|SELECT/);
    }
  });

  it('answers parse and validation errors as Yoga does', async () => {
    const s = await servers();
    const [parseError] = await expectSameAnswers(s, { query: '{ customers { id }' });
    expect(parseError!.body).toContain('GRAPHQL_PARSE_FAILED');
    const [validation] = await expectSameAnswers(s, { query: '{ customers { id shoeSize } }' });
    expect(validation!.body).toContain('GRAPHQL_VALIDATION_FAILED');
    const [noOperation] = await expectSameAnswers(s, { query: 'query A { customers { id } } query B { orders { orderNo } }' });
    expect(noOperation!.status).not.toBe(200);
  });

  it('leaves bodies it does not read to Yoga: not JSON, a batch, unknown keys', async () => {
    const s = await servers();
    for (const body of ['{"query": ', '[{"query": "{ customers { id } }"}]', '{"query": "{ customers { id } }", "extensions": {"x": 1}}']) {
      const send = (url: string): Promise<Answer> =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body }).then(
          async (r) => ({ status: r.status, contentType: r.headers.get('content-type'), body: await r.text() }),
        );
      expect(await send(s.lean.url)).toEqual(await send(s.yoga.url));
    }
  });
});

/** A raw HTTP request with the given Host header (fetch does not let one set it). */
function sendWithHost(url: string, host: string, method: 'GET' | 'POST'): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: method === 'GET' ? '/graphql?query=%7B__typename%7D' : '/graphql',
        method,
        headers: { host, 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, body }));
      },
    );
    req.on('error', reject);
    req.end(
      method === 'POST'
        ? JSON.stringify({
            query:
              'mutation { createOrders(data: [{ orderNo: "O7", placedOn: "2024-01-01", total: "1", customerId: 1, referrerId: 2 }]) { orderNo } }',
          })
        : undefined,
    );
  });
}

describe('requests the lean path must not mishandle', () => {
  it('answers an invalid Host header with 400 and no stack trace, without running anything', async () => {
    const s = await servers();
    for (const server of [s.lean, s.yoga]) {
      for (const host of ['a b', 'x:99999']) {
        for (const method of ['GET', 'POST'] as const) {
          const answer = await sendWithHost(server.url, host, method);
          expect(answer.status).toBe(400);
          expect(answer.body).toContain('Host header');
          expect(answer.body).not.toMatch(/at |node_modules|TypeError/);
        }
      }
      // The mutation of the POSTs never ran.
      const after = await post(server.url, { query: '{ order(orderNo: "O7") { orderNo } }' }, 'application/json');
      expect(JSON.parse(after.body)).toEqual({ data: { order: null } });
    }
  });

  it('runs a failing query twice at most (compiled, then graphql-js), never a third time in Yoga', async () => {
    const datastore = await seededFeatures();
    let listCalls = 0;
    const broken = failing(datastore, ['list']);
    const counted = delegating(broken, { list: (...args) => ((listCalls += 1), broken.list(...args)) });
    const lean = await listen(createServer({ model: features, datastore: counted, logging: false }).handler, counted);
    const answer = await post(lean.url, { query: '{ customers { id } }' }, 'application/json');
    expect(answer.body).toContain('INTERNAL_SERVER_ERROR');
    expect(listCalls).toBe(2);
  });
});

describe('responseTypeFor', () => {
  it('picks the media type Yoga answers with, or leaves the request to Yoga', () => {
    expect(responseTypeFor(undefined)).toBe('application/json');
    expect(responseTypeFor('*/*')).toBe('application/json');
    expect(responseTypeFor('application/graphql-response+json')).toBe('application/graphql-response+json');
    expect(responseTypeFor('application/graphql-response+json, application/json')).toBe('application/graphql-response+json');
    expect(responseTypeFor('application/json, application/graphql-response+json')).toBe('application/json');
    expect(responseTypeFor('application/json; charset=utf-8')).toBe('application/json');
    expect(responseTypeFor('text/html')).toBeUndefined();
    expect(responseTypeFor('application/json; charset=latin1')).toBeUndefined();
    expect(responseTypeFor('text/event-stream')).toBeUndefined();
  });
});
