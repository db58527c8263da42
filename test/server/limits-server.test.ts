/**
 * The limits inside a server, on both transports: the per-request deadline (REQUEST_TIMEOUT, and
 * no datastore call starts after it), defaultLimit applied to lists given no limit, and
 * `limits: false` turning every check off.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type {
  AggregateQuery,
  ConnectionQuery,
  Datastore,
  Filter,
  Group,
  KeyQuery,
  ListQuery,
  Page,
  Row,
  Tuple,
  WriteGuard,
} from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/graphql/limits/index.js';
import { parseSampleData } from '../../src/server/sample-data.js';
import { createServer } from '../../src/server/index.js';
import { loadModel } from '../support/models.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const model = loadModel('rainier');
const SAMPLE = JSON.parse(readFileSync(fileURLToPath(new URL('../../model/sample-data.json', import.meta.url)), 'utf8')) as unknown;

/** A real in-memory store whose reads take `delayMs` longer; records when each call started. */
class SlowDatastore implements Datastore {
  readonly started: { method: string; at: number }[] = [];
  constructor(
    private readonly inner: Datastore,
    private readonly delayMs: number,
  ) {}
  private async slow<T>(method: string, work: () => Promise<T>): Promise<T> {
    this.started.push({ method, at: performance.now() });
    await new Promise((r) => setTimeout(r, this.delayMs));
    return work();
  }
  getByKeys(entity: string, keys: readonly Tuple[], query?: KeyQuery): Promise<(Row | null)[]> {
    return this.slow('getByKeys', () => this.inner.getByKeys(entity, keys, query));
  }
  getByFields(entity: string, fields: readonly string[], values: readonly Tuple[], query?: ListQuery): Promise<Row[][]> {
    return this.slow('getByFields', () => this.inner.getByFields(entity, fields, values, query));
  }
  list(entity: string, query?: ListQuery): Promise<Row[]> {
    return this.slow('list', () => this.inner.list(entity, query));
  }
  aggregate(entity: string, query: AggregateQuery): Promise<Group[][]> {
    return this.slow('aggregate', () => this.inner.aggregate(entity, query));
  }

  connection(entity: string, query: ConnectionQuery): Promise<Page[]> {
    return this.slow('connection', () => this.inner.connection(entity, query));
  }
  insert(entity: string, rows: readonly Row[]): Promise<Row[]> {
    return this.inner.insert(entity, rows);
  }
  update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row> {
    return this.inner.update(entity, key, patch, guard);
  }
  delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row> {
    return this.inner.delete(entity, key, guard);
  }
  upsert(entity: string, rows: readonly Row[], updateFields: readonly string[]): Promise<Row[]> {
    return this.inner.upsert(entity, rows, updateFields);
  }
  updateWhere(entity: string, filter: Filter, patch: Row, maxAffected: number): Promise<Row[]> {
    return this.inner.updateWhere(entity, filter, patch, maxAffected);
  }
  deleteWhere(entity: string, filter: Filter, maxAffected: number): Promise<Row[]> {
    return this.inner.deleteWhere(entity, filter, maxAffected);
  }
  transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    return this.inner.transaction(work);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

async function seeded(): Promise<Datastore> {
  const datastore = await createDatastore(model, { datastore: 'inmemory' });
  await seedDatastore(datastore, model, parseSampleData(model, SAMPLE, 'sample-data.json'));
  return datastore;
}

/** A server of `datastore` with `limits`, and a POST over the lean path and over Yoga. */
async function serve(datastore: Datastore, limits: Readonly<Limits> | false) {
  const { yoga, handler } = createServer({ model, datastore, logging: false, limits });
  const http = createHttpServer(handler);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  const body = (query: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return {
    lean: async (query: string) => (await fetch(url, body(query))).json() as Promise<Record<string, unknown>>,
    yoga: async (query: string) => (await yoga.fetch('http://yoga/graphql', body(query))).json() as Promise<Record<string, unknown>>,
    close: () => new Promise<void>((r) => http.close(() => r())),
  };
}

describe('timeoutMs', () => {
  let slow: SlowDatastore;
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    slow = new SlowDatastore(await seeded(), 300);
    server = await serve(slow, { ...DEFAULT_LIMITS, timeoutMs: 100 });
  });
  afterAll(() => server.close());

  for (const path of ['lean', 'yoga'] as const) {
    it(`answers REQUEST_TIMEOUT at the deadline and starts no datastore call after it (${path})`, async () => {
      // A first request warms the server up (Yoga's first request, the first compilation).
      await server[path]('{ departments { deptNo employees { empNo } } }');
      await new Promise((r) => setTimeout(r, 600));
      slow.started.length = 0;
      const started = performance.now();
      const answer = await server[path]('{ departments { deptNo employees { empNo } } }');
      const took = performance.now() - started;
      expect(answer).toEqual({
        data: null,
        errors: [
          {
            message: 'The request was stopped after 100 ms, the limit of persist.limits.timeoutMs.',
            extensions: { code: 'REQUEST_TIMEOUT' },
          },
        ],
      });
      expect(took).toBeLessThan(280);
      // The departments read ends after the deadline; the employees level below it never starts.
      await new Promise((r) => setTimeout(r, 600));
      expect(slow.started.map((c) => c.method)).toEqual(['list']);
    });
  }
});

describe('defaultLimit', () => {
  it('limits every list given no limit, at the root and nested, on both paths', async () => {
    const server = await serve(await seeded(), { ...DEFAULT_LIMITS, defaultLimit: 2 });
    try {
      for (const path of ['lean', 'yoga'] as const) {
        const answer = (await server[path](
          '{ employees { empNo } departments(limit: 1) { employees { empNo } } all: employees(limit: 5) { empNo } }',
        )) as {
          data: { employees: unknown[]; departments: { employees: unknown[] }[]; all: unknown[] };
        };
        expect(answer.data.employees).toHaveLength(2);
        expect(answer.data.departments[0]!.employees).toHaveLength(2);
        expect(answer.data.all).toHaveLength(5);
      }
    } finally {
      await server.close();
    }
  });
});

describe('limits: false', () => {
  it('checks nothing: 40 aliases and 14 levels run', async () => {
    const server = await serve(await seeded(), false);
    try {
      const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: departments(limit: 1) { deptNo }`).join(' ')} }`;
      let open = '{ departments(limit: 1) {';
      for (let i = 1; i <= 12; i++) open += i % 2 === 1 ? ' employees(limit: 1) {' : ' department {';
      const deep = `${open} deptNo${' }'.repeat(14)}`;
      for (const path of ['lean', 'yoga'] as const) {
        expect((await server[path](aliases))['errors']).toBeUndefined();
        expect((await server[path](deep))['errors']).toBeUndefined();
      }
      const limited = await serve(await seeded(), DEFAULT_LIMITS);
      expect(((await limited.lean(aliases))['errors'] as { message: string }[])[0]!.message).toMatch(/alias count 40 exceeds/);
      await limited.close();
    } finally {
      await server.close();
    }
  });
});

describe('maxAffectedRows', () => {
  it('refuses a write by filter over the limit on both paths, changing nothing; within it, it runs', async () => {
    const server = await serve(await seeded(), { ...DEFAULT_LIMITS, maxAffectedRows: 2 });
    try {
      const read = '{ employees(where: { lastName: { eq: "Gone" } }) { empNo } }';
      for (const path of ['lean', 'yoga'] as const) {
        const answer = await server[path]('mutation { updateEmployees(where: {}, data: { lastName: "Gone" }) { affected } }');
        expect(answer).toEqual({
          data: null,
          errors: [
            {
              message:
                "The update by filter of 'Employee' matches more than 2 records, the limit maxAffectedRows: nothing was changed. Narrow the filter, or raise limits.maxAffectedRows.",
              locations: [{ line: 1, column: 12 }],
              path: ['updateEmployees'],
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ],
        });
        expect(await server[path](read)).toEqual({ data: { employees: [] } });
      }
      const within = await server.lean('mutation { deleteEmployees(where: { empNo: { in: ["E404"] } }) { affected } }');
      expect(within).toEqual({ data: { deleteEmployees: { affected: 0 } } });
    } finally {
      await server.close();
    }
  });
});
