/**
 * The request shapes of real GraphQL clients take the lean HTTP path, and get Yoga's answer byte
 * for byte (status, every header, body): Apollo Client 4's POST (its `Accept` with a quality
 * value), urql's GET (the operation in the query string, `extensions` too), persisted-query
 * extensions with trusted documents, and requests with an `Origin` with and without CORS. A
 * mutation by GET is never run (405, as Yoga and GraphQL over HTTP say).
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../src/server/index.js';
import { parsePersistedManifest } from '../../src/server/persisted/manifest.js';
import { fullAnswer, parityServers, type FullAnswer, type ParityServers } from './lean-parity-kit.js';

// What Apollo Client 4's HttpLink sends by default (its `defaultHttpOptions` / `fallbackHttpConfig`).
const APOLLO_HEADERS = { accept: 'application/graphql-response+json,application/json;q=0.9', 'content-type': 'application/json' };
// What urql's fetch exchange sends (`makeFetchOptions`): the same Accept for GET and POST.
const URQL_ACCEPT = 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed';

const opened: ParityServers[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function servers(options: Partial<ServerOptions> = {}): Promise<ParityServers> {
  const s = await parityServers(options);
  opened.push(s);
  return s;
}

interface Shape {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** The query string (GET) or the JSON body (POST). */
  params: Record<string, unknown>;
}

function apollo(params: Record<string, unknown>, extra: Record<string, string> = {}): Shape {
  return { method: 'POST', headers: { ...APOLLO_HEADERS, ...extra }, params };
}

/** urql's GET: each parameter in the query string, objects as JSON (its `makeFetchURL`). */
function urqlGet(params: Record<string, unknown>, extra: Record<string, string> = {}): Shape {
  return { method: 'GET', headers: { accept: URQL_ACCEPT, ...extra }, params };
}

function send(url: string, shape: Shape): Promise<FullAnswer> {
  if (shape.method === 'POST')
    return fetch(url, { method: 'POST', headers: shape.headers, body: JSON.stringify(shape.params) }).then(fullAnswer);
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(shape.params)) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  return fetch(`${url}?${search.toString()}`, { headers: shape.headers }).then(fullAnswer);
}

/** Sends `shape` to both servers, expects the same answer, and returns it with whether Yoga processed it on the lean server. */
async function compare(s: ParityServers, shape: Shape): Promise<FullAnswer & { byYoga: boolean }> {
  const before = s.yogaRequests();
  const lean = await send(s.lean.url, shape);
  const byYoga = s.yogaRequests() > before;
  const yoga = await send(s.yoga.url, shape);
  expect(lean, JSON.stringify(shape)).toEqual(yoga);
  return { ...lean, byYoga };
}

const QUERY = '{ customers(orderBy: [{ id: ASC }], limit: 2) { id name orders { orderNo } } }';

describe('client request shapes on the lean path', () => {
  it("serves Apollo Client 4's default POST on the lean path, as Yoga answers it", async () => {
    const s = await servers();
    const answer = await compare(s, apollo({ query: QUERY, variables: {}, operationName: null }));
    expect(answer.byYoga).toBe(false);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    expect(JSON.parse(answer.body).data.customers).toHaveLength(2);
    // Its mutation too.
    const mutation = await compare(
      s,
      apollo({ query: 'mutation U { updateCustomer(id: 1, data: { age: 41 }) { id age } }', operationName: 'U' }),
    );
    expect(mutation.byYoga).toBe(false);
    expect(JSON.parse(mutation.body)).toEqual({ data: { updateCustomer: { id: 1, age: 41 } } });
  });

  it('negotiates quality values: the type with the higher q wins on both paths', async () => {
    const s = await servers();
    const prefersJson = await compare(s, apollo({ query: QUERY }, { accept: 'application/graphql-response+json;q=0.5, application/json' }));
    expect(prefersJson.byYoga).toBe(false);
    expect(prefersJson.headers['content-type']).toBe('application/json; charset=utf-8');
    const wildcard = await compare(s, apollo({ query: QUERY }, { accept: 'text/html;q=0.9, application/*;q=0.8' }));
    expect(wildcard.byYoga).toBe(false);
    expect(wildcard.headers['content-type']).toBe('application/json; charset=utf-8');
    // No JSON type acceptable: Yoga's answer (406), on Yoga's path.
    const none = await compare(s, apollo({ query: QUERY }, { accept: 'image/png' }));
    expect(none.byYoga).toBe(true);
    expect(none.status).toBe(406);
    // Refused by quality 0: Yoga's own processor ignores it (and answers JSON), on Yoga's path.
    const refused = await compare(s, apollo({ query: QUERY }, { accept: 'application/json;q=0' }));
    expect(refused.byYoga).toBe(true);
  });

  it("serves urql's GET queries on the lean path, with variables, an operation name and extensions", async () => {
    const s = await servers();
    const plain = await compare(s, urqlGet({ query: QUERY }));
    expect(plain.byYoga).toBe(false);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    const named = await compare(
      s,
      urqlGet({
        query: 'query A($id: Int!) { customer(id: $id) { name } } query B { orders { orderNo } }',
        operationName: 'A',
        variables: { id: 2 },
      }),
    );
    expect(named.byYoga).toBe(false);
    expect(JSON.parse(named.body)).toEqual({ data: { customer: { name: 'Bob' } } });
    // Errors are Yoga's to answer: a validation error, variables that are not JSON.
    const invalid = await compare(s, urqlGet({ query: '{ customers { shoeSize } }' }));
    expect(invalid.byYoga).toBe(true);
    expect(invalid.body).toContain('GRAPHQL_VALIDATION_FAILED');
    const badVariables = await compare(s, urqlGet({ query: QUERY, variables: '{"id":' }));
    expect(badVariables.byYoga).toBe(true);
    // (Yoga answers JSON that does not parse in the query string as an unexpected error: 500.)
    expect(badVariables.status).toBeGreaterThanOrEqual(400);
    expect(badVariables.body).not.toContain('SyntaxError');
  });

  it('never runs a mutation sent by GET: 405 with Allow: POST, and nothing changed', async () => {
    const s = await servers();
    const answer = await compare(s, urqlGet({ query: 'mutation { updateCustomer(id: 1, data: { age: 99 }) { id age } }' }));
    expect(answer.status).toBe(405);
    expect(answer.headers['allow']).toBe('POST');
    const after = await compare(s, urqlGet({ query: '{ customer(id: 1) { age } }' }));
    expect(JSON.parse(after.body).data.customer.age).not.toBe(99);
  });

  it('leaves GraphiQL to Yoga: a browser GET asking for HTML', async () => {
    const s = await servers();
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    // (GraphiQL's plugin answers before Yoga processes any GraphQL parameters.)
    const page = await compare(s, urqlGet({ query: QUERY }, { accept: browser }));
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // The first GraphiQL answer compresses the page: seconds on a loaded machine.
  }, 30_000);

  it('serves requests with an Origin on the lean path, with the CORS headers Yoga sets', async () => {
    const cors = { origins: ['https://app.example.com'], credentials: true };
    for (const options of [{}, { cors }]) {
      const s = await servers(options);
      for (const origin of ['https://app.example.com', 'https://evil.example.com']) {
        for (const shape of [apollo({ query: QUERY }, { origin }), urqlGet({ query: QUERY }, { origin })]) {
          const answer = await compare(s, shape);
          expect(answer.byYoga).toBe(false);
          const allowed = 'cors' in options && origin === 'https://app.example.com';
          expect(answer.headers['access-control-allow-origin']).toBe(allowed ? origin : undefined);
        }
      }
      // An error answer to a cross-origin request too (Yoga's, with the same headers).
      const invalid = await compare(s, apollo({ query: '{ nope }' }, { origin: 'https://app.example.com' }));
      expect(invalid.byYoga).toBe(true);
      expect(invalid.headers['vary']).toBe('cors' in options ? 'Origin' : undefined);
    }
  });
});

describe('repeated requests on the lean path (decisions kept per header and query string)', () => {
  it('answers the same Accept, Content-Type and GET alike every time, as Yoga does', async () => {
    const s = await servers();
    const named = { query: 'query A($id: Int!) { customer(id: $id) { name } }', variables: { id: 2 } };
    for (let round = 0; round < 3; round++) {
      for (const shape of [
        apollo({ query: QUERY }),
        apollo({ query: QUERY }, { 'content-type': 'application/json; charset=UTF-8' }),
        urqlGet({ query: QUERY }),
        urqlGet(named),
        urqlGet({ ...named, variables: { id: 1 } }),
      ]) {
        const answer = await compare(s, shape);
        expect(answer.byYoga).toBe(false);
      }
      // Still Yoga's, however often asked: another charset, an Accept no JSON type satisfies, a mutation by GET.
      for (const shape of [
        apollo({ query: QUERY }, { 'content-type': 'application/json; charset=latin1' }),
        apollo({ query: QUERY }, { accept: 'image/png' }),
        urqlGet({ query: 'mutation { updateCustomer(id: 1, data: { age: 99 }) { id } }' }),
      ])
        expect((await compare(s, shape)).byYoga).toBe(true);
    }
  });

  it('writes answers of built-in scalars, enums and escapes exactly as Yoga does', async () => {
    const s = await servers();
    const nickname = 'quote " backslash \\ newline \n tab \t nul \u0000 emoji \ud83d\ude00 é';
    const mutation = 'mutation($n: String!) { updateCustomer(id: 1, data: { nickname: $n, score: null }) { id } }';
    await compare(s, apollo({ query: mutation, variables: { n: nickname } }));
    const query =
      '{ customers(orderBy: [{ id: ASC }]) { id name nickname age score rating weight active verified status previousStatus ' +
      '__typename orders(orderBy: [{ orderNo: ASC }]) { orderNo lines { lineId quantity note } } profile { handle } } }';
    for (const shape of [apollo({ query }), urqlGet({ query })]) {
      const answer = await compare(s, shape);
      expect(answer.byYoga).toBe(false);
      expect(JSON.parse(answer.body).data.customers[0].nickname).toBe(nickname);
    }
  });
});

describe('persisted-query extensions on the lean path', () => {
  const text = 'query Two { customers(orderBy: [{ id: ASC }], limit: 2) { id } }';
  const hash = createHash('sha256').update(text).digest('hex');
  const mutationText = 'mutation Grow { updateCustomer(id: 2, data: { age: 77 }) { id age } }';
  const mutationHash = createHash('sha256').update(mutationText).digest('hex');
  const agesText = 'query Ages { customers(orderBy: [{ id: ASC }], limit: 2) { id age } }';
  const agesHash = createHash('sha256').update(agesText).digest('hex');
  const manifest = () =>
    parsePersistedManifest(JSON.stringify({ [hash]: text, [mutationHash]: mutationText, [agesHash]: agesText }), 'persisted.json');

  it("serves urql's and Apollo's persisted-query requests by hash, as Yoga does", async () => {
    for (const only of [false, true]) {
      const s = await servers({ persistedOperations: { manifest: manifest(), only } });
      const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
      for (const shape of [urqlGet({ operationName: 'Two', extensions }), apollo({ operationName: 'Two', variables: {}, extensions })]) {
        const answer = await compare(s, shape);
        expect(answer.byYoga).toBe(false);
        expect(JSON.parse(answer.body)).toEqual({ data: { customers: [{ id: 1 }, { id: 2 }] } });
      }
      // documentId in the query string (GraphQL over HTTP's persisted documents).
      const byId = await compare(s, urqlGet({ documentId: `sha256:${hash}` }));
      expect(byId.byYoga).toBe(false);
      expect(JSON.parse(byId.body).data.customers).toHaveLength(2);
      // An unknown hash: Yoga's PERSISTED_QUERY_NOT_FOUND.
      const unknown = await compare(s, urqlGet({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }));
      expect(unknown.byYoga).toBe(true);
      expect(unknown.body).toContain('PERSISTED_QUERY_NOT_FOUND');
      // A persisted mutation by GET is refused, and did not run.
      const mutation = await compare(s, urqlGet({ extensions: { persistedQuery: { version: 1, sha256Hash: mutationHash } } }));
      expect(mutation.status).toBe(405);
      const after = await compare(s, urqlGet({ extensions: { persistedQuery: { version: 1, sha256Hash: agesHash } } }));
      expect(JSON.parse(after.body).data.customers[1].age).not.toBe(77);
    }
  });
});
