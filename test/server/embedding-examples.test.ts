/**
 * The embedding examples of docs/embedding.md (examples/embedding/: a Node `http` server with an
 * Envelop plugin, Express, Fastify) compile against the package's `persist/server` entry (the
 * build in dist/, as an installed package would be) and serve the GraphQL API when run.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/models.js';

const EXAMPLES = join(REPO_ROOT, 'examples/embedding');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist/server/embed.d.ts'))) throw new Error('dist/ is not built: run npm run build first.');
  await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(EXAMPLES, 'tsconfig.json')]);
}, 120_000);

/** Runs a compiled example on a free port; resolves with its GraphQL URL once it says where it listens. */
function start(name: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(EXAMPLES, 'dist', `${name}.js`)], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /GraphQL API at (\S+)/.exec(out)?.[1];
      if (url !== undefined) resolve({ url, child });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${err}`)));
  });
}

async function post(url: string, query: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const CREATE =
  'mutation { createBuildings(data: [{ buildingCode: "B1", city: "Oslo", state: "-", country: "NO", postalCode: "0150", type: "office" }]) { buildingCode } }';
const READ = '{ buildings { buildingCode city } }';

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((done) => child.once('exit', (code) => done(code)));
}

describe('the embedding examples', () => {
  for (const name of ['node-http', 'express', 'fastify']) {
    it(`${name}: serves queries by POST and GET and mutations, and stops on SIGTERM`, async () => {
      const { url, child } = await start(name);
      expect(await post(url, CREATE)).toMatchObject({ data: { createBuildings: [{ buildingCode: 'B1' }] } });
      const read = await post(url, READ);
      expect(read['data']).toEqual({ buildings: [{ buildingCode: 'B1', city: 'Oslo' }] });
      const byGet = await fetch(`${url}?query=${encodeURIComponent(READ)}`, { headers: { accept: 'application/json' } });
      expect(((await byGet.json()) as Record<string, unknown>)['data']).toEqual(read['data']);
      if (name === 'node-http') {
        // Its plugin (Yoga's response cache) answered the same query again from its cache.
        expect((await post(url, READ))['extensions']).toMatchObject({ responseCache: { hit: true } });
      } else {
        // The application's own route beside it.
        expect(await (await fetch(new URL('/hello', url))).json()).toEqual({ hello: 'world' });
      }
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }, 60_000);
  }
});
