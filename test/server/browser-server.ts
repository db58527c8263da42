/**
 * A server for the browser-facing tests (CSRF, CORS, GraphiQL, introspection), reached in process
 * (`yoga.fetch`) or over real HTTP through the node handler `persist serve` listens with (lean path
 * included), answering with the raw status, headers and body bytes (no decompression).
 */
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type { Row } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { createServer, type ServerOptions } from '../../src/server/index.js';
import { closeHttpServer } from '../support/http-server.js';
import { loadModel } from '../support/models.js';

export type TransportKind = 'fetch' | 'http';
export const KINDS: readonly TransportKind[] = ['fetch', 'http'];

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: { data?: unknown; errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[] } | undefined;
}

export interface BrowserServer {
  send(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawAnswer>;
  /** The departments stored, in key order. */
  departments(): Promise<unknown>;
  close(): Promise<void>;
}

const rainier = loadModel('rainier');

function answer(status: number, headers: Record<string, string>, body: Buffer): RawAnswer {
  let json: RawAnswer['json'];
  try {
    json = JSON.parse(body.toString('utf8')) as RawAnswer['json'];
  } catch {
    json = undefined;
  }
  return { status, headers, body, json };
}

/** A server over the rainier model with one department D1, with `options` for createServer. */
export async function browserServer(kind: TransportKind, options: Partial<ServerOptions> = {}): Promise<BrowserServer> {
  const datastore = await createDatastore(rainier, { datastore: 'inmemory' });
  const seed: Record<string, Row[]> = { Department: [{ deptNo: 'D1', deptName: 'Research' }] };
  await seedDatastore(datastore, rainier, seed);
  const { yoga, handler } = createServer({ model: rainier, datastore, logging: false, ...options });
  let http: Server | undefined;
  let port = 0;
  if (kind === 'http') {
    const server = createHttpServer(handler);
    http = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }
  const send: BrowserServer['send'] = async (path, init = {}) => {
    const method = init.method ?? 'GET';
    const headers = init.headers ?? {};
    if (http === undefined) {
      const res = await yoga.fetch(`http://yoga${path}`, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) });
      const out: Record<string, string> = {};
      res.headers.forEach((value, name) => (out[name] = value));
      return answer(res.status, out, Buffer.from(await res.arrayBuffer()));
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve(answer(res.statusCode ?? 0, out, Buffer.concat(chunks)));
        });
      });
      req.on('error', reject);
      req.end(init.body);
    });
  };
  const departments = async (): Promise<unknown> => {
    const res = await send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ departments { deptNo deptName } }' }),
    });
    return (res.json?.data as { departments: unknown }).departments;
  };
  const close = async (): Promise<void> => {
    await closeHttpServer(http);
    await datastore.close();
  };
  return { send, departments, close };
}
