/**
 * `createServer` of the `persist/server` entry (src/server/embed.ts): the model as a path or
 * text, from a codegen.yml, a datastore given or opened, extra plugins, and clear errors.
 */
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useLogger } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/embed.js';
import { countingLogger, seededFeatures } from './lean-parity-kit.js';
import { listenLoopback, closeHttpServer } from '../support/http-server.js';
import { modelPath, modelText } from '../support/models.js';

async function ask(
  fetcher: (url: string, init: RequestInit) => Promise<Response> | Response,
  query: string,
  url = 'http://localhost/graphql',
) {
  const res = await fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string }[] } };
}

describe('createServer (persist/server)', () => {
  it('serves a model given as text over a datastore the application opened, and leaves it open', async () => {
    const datastore = await seededFeatures();
    const server = await createServer({ model: { text: modelText('features') }, datastore, logging: false });
    const answer = await ask(server.fetch, '{ customer(id: 2) { name } }');
    expect(answer.body).toEqual({ data: { customer: { name: 'Bob' } } });
    await server.close();
    // Still the application's: it answers after close().
    expect(await datastore.ping()).toBeUndefined();
    await datastore.close();
  });

  it('reads the persist: block of a codegen.yml (model relative to it, permissions, auth)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'persist-embed-'));
    await mkdir(join(dir, 'model'));
    await writeFile(join(dir, 'model/model.bal'), modelText('features'));
    await writeFile(
      join(dir, 'codegen.yml'),
      'persist:\n  model: model/model.bal\n  auth:\n    adminSecret: s3cret\n    anonymousRole: guest\n  permissions:\n    Customer:\n      guest:\n        select: { columns: [id, name] }\n',
    );
    const server = await createServer({ config: join(dir, 'codegen.yml'), logging: false });
    const guest = await ask(server.fetch, '{ customers { id name } }');
    expect(guest.body).toEqual({ data: { customers: [] } });
    const hidden = await ask(server.fetch, '{ customers { age } }');
    expect(hidden.body.errors?.[0]?.message).toMatch(/age/);
    await server.close();
  });

  it('runs extra Envelop plugins, on Yoga for every request', async () => {
    const events: string[] = [];
    const counting = countingLogger();
    const datastore = await seededFeatures();
    const server = await createServer({
      model: modelPath('features'),
      datastore,
      logging: counting.logger,
      plugins: [useLogger({ logFn: (event: string) => events.push(event) })],
    });
    const { server: http, origin } = await listenLoopback(server.handler);
    try {
      const answer = await ask(fetch, '{ customer(id: 1) { id } }', `${origin}/graphql`);
      expect(answer.body).toEqual({ data: { customer: { id: 1 } } });
      expect(events).toContain('execute-start');
      expect(events).toContain('execute-end');
      // The lean path would have skipped the plugin: Yoga answered.
      expect(counting.yogaRequests()).toBe(1);
    } finally {
      await closeHttpServer(http);
      await datastore.close();
    }
  });

  it('refuses a model with errors, a missing file and no model, with what is wrong', async () => {
    await expect(createServer({ model: { text: 'type A record {| int x; |};' } })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    await expect(createServer({ model: '/nonexistent/model.bal' })).rejects.toThrow(/cannot read the model file \/nonexistent\/model.bal/);
    await expect(createServer({})).rejects.toThrow(/give `model`/);
    await expect(createServer({ config: '/nonexistent/codegen.yml' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(createServer({ model: modelPath('features'), datastore: { datastore: 'nosuch' } })).rejects.toThrow(
      /Unknown datastore 'nosuch'/,
    );
  });
});
