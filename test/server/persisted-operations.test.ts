/**
 * Trusted documents (SPEC §4, `persist.persistedOperations`): both manifest formats, looked up by
 * `extensions.persistedQuery.sha256Hash` and by `documentId` (plain and `sha256:`), on both
 * transports (`yoga.fetch` and real HTTP through the handler `persist serve` listens with, lean
 * path included); `only: true` refusing every other text before it is parsed; the manifest's own
 * errors; and one real `persist serve` process.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { createServer } from '../../src/server/index.js';
import { closeHttpServer } from '../support/http-server.js';
import { loadModel, modelText } from '../support/models.js';
import { parsePersistedManifest, PersistedManifestError } from '../../src/server/persisted/manifest.js';
import type { PersistedOperationsOptions } from '../../src/server/persisted/trusted-documents.js';
import { browserServer, KINDS, type BrowserServer, type RawAnswer } from './browser-server.js';
import { startServe, type Served } from '../attacks/harness.js';
import { main } from '../../src/cli/main.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const sha1 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

const DEPARTMENTS = 'query Departments { departments { deptNo deptName } }';
const ONE = 'query One($deptNo: String!) { department(deptNo: $deptNo) { deptName } }';
const CREATE = 'mutation Create($no: String!) { createDepartments(data: [{ deptNo: $no, deptName: "Sales" }]) { deptNo } }';
const D1 = [{ deptNo: 'D1', deptName: 'Research' }];

/** Apollo's manifest of the three documents, ids = SHA-256 of the bodies. */
function apolloManifest(): string {
  const op = (name: string, type: string, body: string) => ({ id: sha256(body), name, type, body });
  return JSON.stringify({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [op('Departments', 'query', DEPARTMENTS), op('One', 'query', ONE), op('Create', 'mutation', CREATE)],
  });
}

/** GraphQL Code Generator's persisted-documents.json of the same documents, with SHA-256 or SHA-1 hashes. */
function codegenManifest(hash: (text: string) => string = sha256): string {
  return JSON.stringify(Object.fromEntries([DEPARTMENTS, ONE, CREATE].map((body) => [hash(body), body])));
}

const FORMATS = [
  { format: 'apollo', text: apolloManifest() },
  { format: 'graphql-codegen', text: codegenManifest() },
] as const;

function trusted(text: string, only: boolean): PersistedOperationsOptions {
  return { manifest: parsePersistedManifest(text, 'persisted.json'), only };
}

function post(server: BrowserServer, body: unknown): Promise<RawAnswer> {
  return server.send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** The departments stored, read by id (a text would be refused under `only`). */
async function stored(server: BrowserServer): Promise<unknown> {
  const res = await post(server, { documentId: sha256(DEPARTMENTS) });
  return (res.json?.data as { departments: unknown }).departments;
}

const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

function expectRefused(res: RawAnswer, message: RegExp): void {
  expect(res.status).toBe(400);
  expect(res.json?.data).toBeUndefined();
  expect(res.json?.errors).toHaveLength(1);
  expect(res.json?.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  expect(res.json?.errors?.[0]?.message).toMatch(message);
}

const servers: BrowserServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(kind: (typeof KINDS)[number], text: string, only: boolean): Promise<BrowserServer> {
  const server = await browserServer(kind, { persistedOperations: trusted(text, only) });
  servers.push(server);
  return server;
}

for (const kind of KINDS) {
  for (const { format, text } of FORMATS) {
    describe(`trusted documents of ${format}'s manifest over ${kind}`, () => {
      it('runs a document by its APQ hash, by documentId and by sha256:documentId', async () => {
        const server = await serve(kind, text, true);
        for (const body of [
          { extensions: apq(sha256(DEPARTMENTS)) },
          { documentId: sha256(DEPARTMENTS) },
          { documentId: `sha256:${sha256(DEPARTMENTS)}` },
          { documentId: sha256(DEPARTMENTS).toUpperCase() },
        ]) {
          const res = await post(server, body);
          expect(res.status, JSON.stringify(body)).toBe(200);
          expect(res.json).toEqual({ data: { departments: D1 } });
        }
        const one = await post(server, { documentId: sha256(ONE), variables: { deptNo: 'D1' }, operationName: 'One' });
        expect(one.json).toEqual({ data: { department: { deptName: 'Research' } } });
      });

      it('runs a mutation by id, once', async () => {
        const server = await serve(kind, text, true);
        const res = await post(server, { documentId: sha256(CREATE), variables: { no: 'D9' } });
        expect(res.status).toBe(200);
        expect(res.json).toEqual({ data: { createDepartments: [{ deptNo: 'D9' }] } });
        expect(await stored(server)).toEqual([...D1, { deptNo: 'D9', deptName: 'Sales' }]);
      });

      it('runs a query by id over GET, and refuses a mutation by id over GET', async () => {
        const server = await serve(kind, text, true);
        const byDocumentId = await server.send(`/graphql?documentId=${sha256(DEPARTMENTS)}`, { headers: { accept: 'application/json' } });
        expect(byDocumentId.status).toBe(200);
        expect(byDocumentId.json).toEqual({ data: { departments: D1 } });
        const byApq = await server.send(`/graphql?extensions=${encodeURIComponent(JSON.stringify(apq(sha256(DEPARTMENTS))))}`, {
          headers: { accept: 'application/json' },
        });
        expect(byApq.json).toEqual({ data: { departments: D1 } });
        const mutation = await server.send(`/graphql?documentId=${sha256(CREATE)}&variables=${encodeURIComponent('{"no":"D8"}')}`, {
          headers: { accept: 'application/json' },
        });
        expect(mutation.status).toBe(405);
        expect(await stored(server)).toEqual(D1);
      });

      it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND, HTTP 400, and runs nothing', async () => {
        const server = await serve(kind, text, false);
        const unknown = sha256('mutation { deleteDepartment(deptNo: "D1") { deptNo } }');
        expectRefused(
          await post(server, { extensions: apq(unknown) }),
          new RegExp(`^PersistedQueryNotFound: no trusted document has the id '${unknown}'`),
        );
        expectRefused(await post(server, { documentId: 'nope' }), /'nope' \(persisted\.json, persist\.persistedOperations\.file\)/);
        expectRefused(await server.send(`/graphql?documentId=${unknown}`), /PersistedQueryNotFound/);
        expect(await stored(server)).toEqual(D1);
      });

      it('without only, runs any document text, and the id is a shortcut', async () => {
        const server = await serve(kind, text, false);
        const arbitrary = await post(server, { query: '{ departments { deptName } }' });
        expect(arbitrary.json).toEqual({ data: { departments: [{ deptName: 'Research' }] } });
        // Apollo Client's link after PERSISTED_QUERY_NOT_FOUND: the text with its hash (not in the manifest).
        const retried = await post(server, { query: '{ departments { deptNo } }', extensions: apq(sha256('{ departments { deptNo } }')) });
        expect(retried.json).toEqual({ data: { departments: [{ deptNo: 'D1' }] } });
        const byId = await post(server, { documentId: sha256(DEPARTMENTS) });
        expect(byId.json).toEqual({ data: { departments: D1 } });
        // Neither text nor id: Yoga's own answer, as without trusted documents.
        const plain = await browserServer(kind);
        servers.push(plain);
        const none = await post(server, { variables: {} });
        expect(none.json?.errors?.[0]?.message).toBe('Must provide query string.');
        expect({ ...none, headers: undefined }).toEqual({ ...(await post(plain, { variables: {} })), headers: undefined });
      });

      it('with only, runs the exact text of a manifest document (the retry of Apollo Client\u2019s link)', async () => {
        const server = await serve(kind, text, true);
        const res = await post(server, { query: DEPARTMENTS, extensions: apq(sha256(DEPARTMENTS)) });
        expect(res.json).toEqual({ data: { departments: D1 } });
        const plain = await post(server, { query: ONE, variables: { deptNo: 'D1' } });
        expect(plain.json).toEqual({ data: { department: { deptName: 'Research' } } });
      });

      it('with only, refuses any other text before it is parsed, and a request naming no document', async () => {
        const server = await serve(kind, text, true);
        const only = /persist\.persistedOperations\.only is true/;
        // Not even parsed: this text would be GRAPHQL_PARSE_FAILED.
        expectRefused(await post(server, { query: '{ departments { ' }), only);
        expectRefused(await post(server, { query: 'mutation { deleteDepartment(deptNo: "D1") { deptNo } }' }), only);
        // A manifest text with a whitespace changed is another text.
        expectRefused(await post(server, { query: `${DEPARTMENTS} ` }), only);
        // A trusted id beside an untrusted text does not make the text trusted.
        expectRefused(await post(server, { query: '{ departments { deptNo } }', documentId: sha256(DEPARTMENTS) }), only);
        expectRefused(await server.send(`/graphql?query=${encodeURIComponent('{ departments { deptNo } }')}`), only);
        expectRefused(await post(server, { variables: {} }), /names no document.*persist\.persistedOperations\.only is true/);
        // The same refusal for a form post Yoga parses itself (with the header that passes the CSRF rule).
        const form = await server.send('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-persist-csrf': '1' },
          body: `query=${encodeURIComponent('{ departments { deptNo } }')}`,
        });
        expectRefused(form, only);
        expect(await stored(server)).toEqual(D1);
      });
    });
  }
}

describe('the lean path', () => {
  it('answers requests by id itself and hands every refusal to Yoga, which answers it', async () => {
    const model = loadModel('rainier');
    const datastore = await createDatastore(model, { datastore: 'inmemory' });
    // Yoga logs at debug level each request it handles; the lean path logs nothing for a success.
    const handedOver: string[] = [];
    const logger = { debug: (m: unknown) => handedOver.push(String(m)), info: () => {}, warn: () => {}, error: () => {} };
    const server = createServer({ model, datastore, logging: logger, persistedOperations: trusted(codegenManifest(), true) });
    const requestsOfYoga = (): number => handedOver.filter((m) => m.startsWith('Parsing request to extract GraphQL parameters')).length;
    const http = createHttpServer(server.handler);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
    const send = async (body: unknown): Promise<number> =>
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;
    try {
      expect(await send({ documentId: sha256(DEPARTMENTS) })).toBe(200);
      expect(await send({ extensions: apq(sha256(DEPARTMENTS)), operationName: 'Departments' })).toBe(200);
      expect(await send({ query: DEPARTMENTS, extensions: apq(sha256(DEPARTMENTS)) })).toBe(200);
      expect(requestsOfYoga()).toBe(0);
      expect(await send({ query: '{ departments { deptNo } }' })).toBe(400);
      expect(await send({ documentId: 'unknown' })).toBe(400);
      expect(requestsOfYoga()).toBe(2);
    } finally {
      await closeHttpServer(http);
      await datastore.close();
    }
  });
});

describe('the manifest', () => {
  it('serves SHA-1 ids of GraphQL Code Generator as they are', async () => {
    const server = await serve('fetch', codegenManifest(sha1), true);
    expect((await post(server, { documentId: sha1(DEPARTMENTS) })).json).toEqual({ data: { departments: D1 } });
    expectRefused(await post(server, { documentId: sha256(DEPARTMENTS) }), /PersistedQueryNotFound/);
  });

  it('reads both formats, SHA-1 hashes of GraphQL Code Generator too', () => {
    const apollo = parsePersistedManifest(apolloManifest(), 'pq.json');
    expect(apollo.format).toBe('apollo');
    expect([...apollo.documents.keys()]).toEqual([DEPARTMENTS, ONE, CREATE].map(sha256));
    const codegen = parsePersistedManifest(codegenManifest(sha1), 'persisted-documents.json');
    expect(codegen.format).toBe('graphql-codegen');
    expect(codegen.documents.get(sha1(ONE))?.body).toBe(ONE);
    expect(parsePersistedManifest('{}', 'empty.json').documents.size).toBe(0);
  });

  it('refuses what cannot be served, naming the file and the entry', () => {
    const problem = (text: string): string => {
      try {
        parsePersistedManifest(text, 'pq.json');
      } catch (e) {
        expect(e).toBeInstanceOf(PersistedManifestError);
        expect((e as PersistedManifestError).code).toBe('CONFIG_INVALID');
        return (e as Error).message;
      }
      throw new Error(`expected ${text} to be refused`);
    };
    const apollo = (operations: unknown, extra: Record<string, unknown> = {}): string =>
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations, ...extra });
    expect(problem('{ "a": ')).toMatch(/^pq\.json \(persist\.persistedOperations\.file\): not valid JSON: /);
    expect(problem('[]')).toMatch(/expected Apollo's persisted query manifest .* or GraphQL Code Generator's persisted documents/);
    expect(problem('{ "format": "relay" }')).toMatch(/unknown format "relay"/);
    expect(problem(apollo([], { version: 2 }))).toMatch(/unsupported version 2 of apollo-persisted-query-manifest \(expected 1\)/);
    expect(problem(apollo({}))).toMatch(/'operations' must be a list/);
    expect(problem(apollo([{ id: sha256(ONE), name: 'One', type: 'query', body: DEPARTMENTS }]))).toBe(
      `pq.json (persist.persistedOperations.file): operations[0] (One): the id '${sha256(ONE)}' is not the SHA-256 of its document ` +
        `(that is ${sha256(DEPARTMENTS)}): the manifest is out of date or was edited; generate it again.`,
    );
    expect(problem(apollo([{ id: 'x', name: 'Q', type: 'fetch', body: DEPARTMENTS }]))).toMatch(
      /operations\[0\]: 'type' must be query, mutation or subscription/,
    );
    expect(problem(apollo([{ name: 'Q', body: DEPARTMENTS }]))).toMatch(/operations\[0\] \(Q\): the id must be a non-empty string/);
    expect(problem(apollo([{ id: 'q', body: '' }]))).toMatch(/operations\[0\]: the document must be a non-empty string/);
    expect(problem(apollo([{ id: 'q', body: '{ departments {' }]))).toMatch(/operations\[0\]: the document does not parse: Syntax Error/);
    expect(
      problem(
        apollo([
          { id: 'q', body: DEPARTMENTS },
          { id: 'q', body: ONE },
        ]),
      ),
    ).toMatch(/operations\[1\]: the id 'q' is given twice/);
    expect(problem(JSON.stringify({ [sha256(ONE)]: DEPARTMENTS }))).toMatch(/is not the SHA-256 of its document/);
    expect(problem(JSON.stringify({ 'sha256:abc': DEPARTMENTS }))).toMatch(/'sha256:abc' is not 'sha256:' and 64 hex digits/);
    // Custom ids (not hashes) are taken as they are, but one id names one document.
    expect(
      problem(
        apollo([
          { id: 'q', body: ONE },
          { id: 'sha256:q', body: ONE },
        ]),
      ),
    ).toMatch(/'sha256:q' is not 'sha256:' and 64 hex/);
    // The same document under both spellings of its hash is one entry.
    const both = parsePersistedManifest(JSON.stringify({ [sha256(ONE)]: ONE, [`sha256:${sha256(ONE).toUpperCase()}`]: ONE }), 'pq.json');
    expect([...both.documents.keys()]).toEqual([sha256(ONE)]);
    expect(problem(JSON.stringify({ abc: 12 }))).toMatch(/'abc': .*the value of each hash is a document text/);
  });
});

describe('persist serve with persistedOperations', () => {
  let dir: string;
  let served: Served | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'persist-pq-'));
    writeFileSync(join(dir, 'persisted-documents.json'), codegenManifest());
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the manifest by id and, with only, refuses other texts', async () => {
    served = await startServe({ config: `  persistedOperations:\n    file: ${join(dir, 'persisted-documents.json')}\n    only: true` });
    const byId = await served.graphql({ documentId: sha256(DEPARTMENTS) });
    expect(byId.status).toBe(200);
    expect((byId.json?.data as { departments: unknown[] }).departments.length).toBeGreaterThan(0);
    const other = await served.graphql({ query: '{ departments { deptNo } }' });
    expect(other.status).toBe(400);
    expect(other.json?.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  }, 60_000);
});

describe('persist serve refuses a manifest it cannot serve, at start (exit 2, one line)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'persist-pq-cli-'));
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'model', 'model.bal'), modelText('rainier'));
    writeFileSync(
      join(dir, 'codegen.yml'),
      'persist:\n  model: model/model.bal\n  persistedOperations: { file: pq/persisted.json, only: true }\n',
    );
    mkdirSync(join(dir, 'pq'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function serveErrors(): Promise<{ code: number; err: string[]; out: string[] }> {
    const err: string[] = [];
    const out: string[] = [];
    const code = await main(['serve', '--port', '0'], { cwd: dir, stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
    return { code, err, out };
  }

  it('a missing file', async () => {
    const { code, err, out } = await serveErrors();
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `persist serve: the trusted documents pq/persisted.json (persist.persistedOperations.file) were not found in ${dir}.`,
    ]);
  });

  it('a malformed file, and one whose id is not the hash of its document', async () => {
    writeFileSync(join(dir, 'pq', 'persisted.json'), '{ "format": "apollo-persisted-query-manifest", "version": 1 ');
    let run = await serveErrors();
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^persist serve: pq\/persisted\.json \(persist\.persistedOperations\.file\): not valid JSON: /);
    writeFileSync(join(dir, 'pq', 'persisted.json'), JSON.stringify({ [sha256(ONE)]: DEPARTMENTS }));
    run = await serveErrors();
    expect(run.code).toBe(2);
    expect(run.err).toEqual([
      `persist serve: pq/persisted.json (persist.persistedOperations.file): '${sha256(ONE)}': the id '${sha256(ONE)}' is not the SHA-256 ` +
        `of its document (that is ${sha256(DEPARTMENTS)}): the manifest is out of date or was edited; generate it again.`,
    ]);
  });
});
