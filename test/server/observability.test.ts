/**
 * Request logs and metrics over real HTTP (observe/): one JSON line per request with its id,
 * method, path, status, duration, path that answered, operation and error codes, and never a
 * token, secret, variable or query; `X-Request-Id` reused when sane, made otherwise, echoed;
 * `/metrics` in Prometheus' text format, counting both paths and errors by code, read by admins.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { parsePrometheusTextFormat } from './prometheus-text.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer as embed } from '../../src/server/embed.js';
import { createServer } from '../../src/server/index.js';
import { createServerLogger } from '../../src/server/server-logger.js';
import { features, seededFeatures } from './lean-parity-kit.js';
import { closeHttpServer, listenLoopback } from '../support/http-server.js';
import { modelText } from '../support/models.js';
import { request, type Server } from 'node:http';
import { UnauthenticatedError } from '../../src/errors.js';

const SECRET = 'admin-secret-never-logged-9f2c';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.never-logged-token.sig';
const VARIABLE = 'variable-value-never-logged';

let server: Server | undefined;
afterEach(async () => {
  await closeHttpServer(server);
  server = undefined;
});

function post(origin: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A server of the features model logging JSON lines into `lines`. */
async function observed(options: Parameters<typeof createServer>[0] extends infer O ? Partial<O> : never = {}) {
  const lines: string[] = [];
  const datastore = await seededFeatures();
  const logger = createServerLogger({ format: 'json', write: (l) => lines.push(l) });
  const running = createServer({ model: features, datastore, logging: logger, ...options });
  const listening = await listenLoopback(running.handler);
  server = listening.server;
  const records = (): Record<string, unknown>[] => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    origin: listening.origin,
    registry: running.metrics,
    lines,
    records,
    requests: () => records().filter((r) => r['msg'] === 'request'),
  };
}

/** The request log line written for the answer with this id (written when the answer closes). */
async function lineOf(requests: () => Record<string, unknown>[], id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 50; i++) {
    const found = requests().find((r) => r['reqId'] === id);
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no request line for ${id}`);
}

/** A request over node:http (any Host header): its status and every `X-Request-Id` field of its answer. */
function rawRequest(
  origin: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; ids: string[] }> {
  const target = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const ids = res.rawHeaders.filter((_, i) => i % 2 === 0 && res.rawHeaders[i]!.toLowerCase() === 'x-request-id');
        const values = res.rawHeaders.filter((_, i) => i % 2 === 1 && res.rawHeaders[i - 1]!.toLowerCase() === 'x-request-id');
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ids: ids.length === values.length ? values : [] }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('request logs', () => {
  it('writes one JSON line per request on both paths, with the request id echoed', async () => {
    const s = await observed();
    const lean = await post(s.origin, { query: 'query One { customer(id: 2) { name } }', operationName: 'One' });
    expect(lean.status).toBe(200);
    const leanId = lean.headers.get('x-request-id')!;
    expect(leanId).toMatch(/^[0-9a-f-]{36}$/);
    const line = await lineOf(s.requests, leanId);
    expect(line).toMatchObject({ level: 'info', method: 'POST', path: '/graphql', status: 200, transport: 'lean', operation: 'One' });
    expect(typeof line['time']).toBe('string');
    expect(Number.isNaN(Date.parse(String(line['time'])))).toBe(false);
    expect(typeof line['durationMs']).toBe('number');
    expect(line['errorCodes']).toBeUndefined();

    // A validation error: handed to Yoga, which answers it with its code (200 for an `Accept` of JSON).
    const bad = await post(s.origin, { query: '{ customer(id: 2) { nope } }' });
    expect(bad.status).toBe(200);
    const badLine = await lineOf(s.requests, bad.headers.get('x-request-id')!);
    expect(badLine).toMatchObject({ status: 200, transport: 'yoga', errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });

    const health = await fetch(`${s.origin}/health?probe=1`);
    const healthLine = await lineOf(s.requests, health.headers.get('x-request-id')!);
    expect(healthLine).toMatchObject({ method: 'GET', path: '/health', status: 200, transport: 'yoga' });
  });

  it("echoes the request id once on every kind of answer, the lean path's, Yoga's and the server's", async () => {
    const s = await observed();
    const json = { 'content-type': 'application/json' };
    const answers = {
      lean: await rawRequest(s.origin, {
        method: 'POST',
        path: '/graphql',
        headers: json,
        body: '{"query":"{ customer(id: 1) { name } }"}',
      }),
      leanGet: await rawRequest(s.origin, { path: `/graphql?query=${encodeURIComponent('{ customer(id: 1) { name } }')}` }),
      kept: await rawRequest(s.origin, {
        method: 'POST',
        path: '/graphql',
        headers: { ...json, 'x-request-id': 'mine-1' },
        body: '{"query":"{ customer(id: 1) { name } }"}',
      }),
      handedOver: await rawRequest(s.origin, { method: 'POST', path: '/graphql', headers: json, body: '{"query":"{ nope }"}' }),
      notJson: await rawRequest(s.origin, { method: 'POST', path: '/graphql', headers: json, body: '{' }),
      health: await rawRequest(s.origin, { path: '/health' }),
      missing: await rawRequest(s.origin, { path: '/nowhere' }),
      badHost: await rawRequest(s.origin, { path: '/graphql', headers: { host: 'a b' } }),
      metrics: await rawRequest(s.origin, { path: '/metrics' }),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, a.status]))).toEqual({
      lean: 200,
      leanGet: 200,
      kept: 200,
      handedOver: 200,
      notJson: 400,
      health: 200,
      missing: 404,
      badHost: 400,
      metrics: 200,
    });
    expect(answers.kept.ids).toEqual(['mine-1']);
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.ids, name).toHaveLength(1);
      if (name !== 'kept') expect(answer.ids[0], name).toMatch(/^[0-9a-f-]{36}$/);
      await lineOf(s.requests, answer.ids[0]!);
    }
    expect(new Set(Object.values(answers).map((a) => a.ids[0])).size).toBe(Object.keys(answers).length);

    // A refused session, answered by the lean path before the body is read.
    await closeHttpServer(server);
    const refused = await observed({ authenticate: () => Promise.reject(new UnauthenticatedError('Authentication required.')) });
    const answer = await rawRequest(refused.origin, {
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: '{"query":"{ customer(id: 1) { name } }"}',
    });
    expect(answer.status).toBe(401);
    expect(answer.ids).toHaveLength(1);
    expect(await lineOf(refused.requests, answer.ids[0]!)).toMatchObject({
      status: 401,
      transport: 'lean',
      errorCodes: ['UNAUTHENTICATED'],
    });
  });

  it('reuses a sane X-Request-Id and replaces one of odd length or characters', async () => {
    const s = await observed();
    const query = { query: '{ customer(id: 1) { name } }' };
    const kept = await post(s.origin, query, { 'x-request-id': 'req-42_abc.DEF:1' });
    expect(kept.headers.get('x-request-id')).toBe('req-42_abc.DEF:1');
    await lineOf(s.requests, 'req-42_abc.DEF:1');
    for (const bad of ['a'.repeat(129), 'id with spaces', 'x"}{"level":"fatal', 'é']) {
      const answer = await post(s.origin, query, { 'x-request-id': encodeURI(bad) === bad ? bad : encodeURIComponent(bad) + ' ' });
      const id = answer.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await lineOf(s.requests, id);
    }
    expect(s.lines.join('\n')).not.toContain('fatal');
  });

  it('never writes a token, the admin secret, variables or the query', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'persist-observe-'));
    await mkdir(join(dir, 'model'));
    await writeFile(join(dir, 'model/model.bal'), modelText('features'));
    await writeFile(
      join(dir, 'codegen.yml'),
      `persist:\n  model: model/model.bal\n  auth:\n    adminSecret: ${SECRET}\n    anonymousRole: guest\n  permissions:\n    Customer:\n      guest:\n        select: { columns: [id, name] }\n`,
    );
    const lines: string[] = [];
    // The application's own pino logger.
    const logger = pino({ level: 'debug' }, { write: (l: string) => void lines.push(l) });
    const app = await embed({ config: join(dir, 'codegen.yml'), logging: logger });
    const listening = await listenLoopback(app.handler);
    server = listening.server;
    const query = 'query Named($id: Int!) { customer(id: $id) { name } }';
    await post(
      listening.origin,
      { query, operationName: 'Named', variables: { id: 1, other: VARIABLE } },
      { 'x-persist-admin-secret': SECRET },
    );
    await post(listening.origin, { query, variables: { id: 1 } }, { authorization: `Bearer ${TOKEN}` });
    await post(listening.origin, { query: `{ customer(id: "${VARIABLE}") { name } }` }, { 'x-persist-admin-secret': 'wrong' });
    await fetch(`${listening.origin}/graphql?query=${encodeURIComponent(`{ customer(id: 1) { name } }`)}&variables=${VARIABLE}`);
    await fetch(`${listening.origin}/metrics`, { headers: { 'x-persist-admin-secret': SECRET } });
    for (let i = 0; i < 50 && lines.filter((l) => l.includes('"msg":"request"')).length < 5; i++)
      await new Promise((r) => setTimeout(r, 10));
    const requestLines = lines.filter((l) => l.includes('"msg":"request"'));
    expect(requestLines).toHaveLength(5);
    const all = lines.join('\n');
    for (const secret of [SECRET, TOKEN, 'never-logged', VARIABLE, 'customer(']) expect(all).not.toContain(secret);
    // pino's own numeric levels and fields, the request's in them.
    expect(JSON.parse(requestLines[0]!)).toMatchObject({ level: 30, msg: 'request', status: 200, operation: 'Named' });
    expect(JSON.parse(requestLines[2]!)).toMatchObject({ status: 401, transport: 'lean', errorCodes: ['UNAUTHENTICATED'] });
    await app.close();
  });

  it('logs an internal error with its stack on the server, the client getting the masked answer', async () => {
    const datastore = await seededFeatures();
    datastore.list = () => Promise.reject(new Error("ER_PARSE_ERROR near 'SELECT secret FROM Customer'"));
    const lines: string[] = [];
    const running = createServer({
      model: features,
      datastore,
      logging: createServerLogger({ format: 'json', write: (l) => lines.push(l) }),
    });
    server = (await listenLoopback(running.handler)).server;
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const answer = await post(origin, { query: '{ customers { name } }' });
    const body = await answer.text();
    expect(body).toContain('INTERNAL_SERVER_ERROR');
    expect(body).not.toContain('SELECT');
    const id = answer.headers.get('x-request-id')!;
    await lineOf(() => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r['msg'] === 'request'), id);
    const errors = lines
      .map((l) => JSON.parse(l) as { level: string; err?: { message: string; stack?: string } })
      .filter((r) => r.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.err?.message).toContain('ER_PARSE_ERROR');
    expect(errors[0]!.err?.stack).toContain('observability.test.ts');
    expect(lines.find((l) => l.includes(`"reqId":"${id}"`))).toContain('INTERNAL_SERVER_ERROR');
  });
});

/** The metrics of `origin`, parsed. */
async function scrape(origin: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${origin}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusTextFormat(await res.text());
}

describe('/metrics', () => {
  it('counts requests on both paths, latency and errors by code, with process metrics', async () => {
    const s = await observed();
    const before = await scrape(s.origin);
    expect(before.value('persist_http_requests_total', { route: 'graphql', transport: 'lean', status: '200' })).toBe(0);
    await post(s.origin, { query: '{ customer(id: 2) { name } }' });
    await post(s.origin, { query: '{ customer(id: 2) { name } }' });
    await post(s.origin, { query: '{ nope }' });
    await fetch(`${s.origin}/graphql`, { method: 'PUT' });
    const after = await scrape(s.origin);
    expect(after.value('persist_http_requests_total', { route: 'graphql', transport: 'lean', status: '200' })).toBe(2);
    expect(after.value('persist_http_requests_total', { route: 'graphql', transport: 'yoga', status: '200' })).toBe(1);
    expect(after.value('persist_http_requests_total', { route: 'graphql', transport: 'yoga', status: '405' })).toBe(1);
    expect(after.value('persist_http_requests_total', { route: 'metrics', transport: 'server', status: '200' })).toBe(1);
    expect(after.value('persist_http_request_duration_seconds_count', { route: 'graphql', transport: 'lean' })).toBe(2);
    expect(after.value('persist_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(after.types.get('persist_http_request_duration_seconds')).toBe('histogram');
    expect(after.types.get('persist_process_cpu_seconds_total')).toBe('counter');
    expect(after.has('persist_nodejs_eventloop_lag_seconds')).toBe(true);
    // The in-memory datastore has no pool.
    expect(after.has('persist_datastore_pool_connections')).toBe(false);
    // No raw paths or operation names as labels.
    await fetch(`${s.origin}/some/other/path-${Date.now()}`);
    const labels = (await scrape(s.origin)).labelValues('persist_http_requests_total', 'route');
    expect([...labels].sort()).toEqual(['graphql', 'metrics', 'other']);
    // Read again: counted once, whoever reads (a scrape, the registry itself).
    const again = await scrape(s.origin);
    expect(again.value('persist_http_requests_total', { route: 'graphql', transport: 'lean', status: '200' })).toBe(2);
    expect(again.value('persist_http_requests_total', { route: 'metrics', transport: 'server', status: '200' })).toBe(3);
    const third = await post(s.origin, { query: '{ customer(id: 2) { name } }' });
    // Counted when its answer closes, just before its line is written.
    await lineOf(s.requests, third.headers.get('x-request-id')!);
    const read = await s.registry!.getSingleMetric('persist_http_requests_total')!.get();
    const lean = read.values.find((v) => v.labels['transport'] === 'lean' && v.labels['status'] === '200');
    expect(lean?.value).toBe(3);
    expect((await scrape(s.origin)).value('persist_http_requests_total', { route: 'graphql', transport: 'lean', status: '200' })).toBe(3);
  });

  it('is served at the configured path, or not at all', async () => {
    const moved = await observed({ metrics: { path: '/internal/metrics' } });
    expect((await fetch(`${moved.origin}/metrics`)).status).toBe(404);
    await scrape(moved.origin.replace(/$/, '/internal'));
    await closeHttpServer(server);
    const off = await observed({ metrics: false });
    expect((await fetch(`${off.origin}/metrics`)).status).toBe(404);
  });

  it('with auth, answers the admin secret only', async () => {
    const app = await embed({
      model: { text: modelText('features') },
      datastore: await seededFeatures(),
      auth: { adminSecret: SECRET, anonymousRole: 'guest' },
      permissions: { Customer: { guest: { select: { columns: ['id', 'name'] } } } },
      logging: false,
    });
    const listening = await listenLoopback(app.handler);
    server = listening.server;
    const anonymous = await fetch(`${listening.origin}/metrics`);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).not.toContain('persist_http_requests_total');
    const wrong = await fetch(`${listening.origin}/metrics`, { headers: { 'x-persist-admin-secret': 'wrong' } });
    expect(wrong.status).toBe(401);
    const admin = await scrape(listening.origin, { 'x-persist-admin-secret': SECRET });
    expect(admin.value('persist_http_requests_total', { route: 'metrics', transport: 'server', status: '403' })).toBe(1);
    expect(admin.value('persist_http_requests_total', { route: 'metrics', transport: 'server', status: '401' })).toBe(1);
  });
});
