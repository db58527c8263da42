/**
 * `createServer` (persist/server) over the configuration files `persist init` writes: the
 * codegen.yml shared with GraphQL Code Generator (its keys beside the `persist:` block), and the
 * file of `persist init --config FILE`, which an application names with `config` as the CLI's
 * commands take it from `--config` / PERSIST_CONFIG. The served schema is the CLI's: Relay's
 * `node` reads back the rows a mutation wrote.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/embed.js';
import { runCli } from '../support/cli-capture.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'persist-embed-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function ask(fetcher: (url: string, init: RequestInit) => Promise<Response> | Response, query: string): Promise<unknown> {
  const res = await fetcher('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

/** Serves the project of `dir` from `file` and checks a write and its read back by global id. */
async function servesFrom(file: string): Promise<void> {
  const server = await createServer({ config: join(dir, file), logging: false });
  try {
    const made = (await ask(server.fetch, 'mutation { createAuthors(data: [{ id: 1, name: "Ada" }]) { nodeId } }')) as {
      data: { createAuthors: { nodeId: string }[] };
    };
    const nodeId = made.data.createAuthors[0]!.nodeId;
    expect(JSON.parse(Buffer.from(nodeId, 'base64').toString('utf8'))).toEqual(['Author', 1]);
    expect(await ask(server.fetch, `{ node(nodeId: "${nodeId}") { ... on Author { name posts { title } } } }`)).toEqual({
      data: { node: { name: 'Ada', posts: [] } },
    });
  } finally {
    await server.close();
  }
}

describe('createServer over the files persist init writes', () => {
  it("reads the persist: block of the shared codegen.yml and ignores GraphQL Code Generator's keys", async () => {
    expect((await runCli(dir, ['init'])).code).toBe(0);
    expect(readFileSync(join(dir, 'codegen.yml'), 'utf8')).toMatch(/^generates:/m);
    await servesFrom('codegen.yml');
  });

  it('reads the file of `persist init --config FILE` when the application names it', async () => {
    expect((await runCli(dir, ['init', '--config', 'persist.yml'])).code).toBe(0);
    expect(readFileSync(join(dir, 'persist.yml'), 'utf8')).not.toMatch(/^generates:/m);
    await servesFrom('persist.yml');
  });
});
