/**
 * `Client.connect()`: the datastore of codegen.yml (in the working directory, or the file given)
 * and DATABASE_URL, as the CLI reads them; errors are PersistErrors with code CONFIG_INVALID.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Client, StoreClient } from '../../src/generated/store/client.js';
import { PersistError } from '../../src/errors.js';
import { describeMysql, TestDatabases, databaseUrl } from '../mysql/mysql-test-db.js';
import { loadModel } from '../support/models.js';

const rainier = loadModel('rainier');

vi.mock('persist/runtime', () => import('../../src/client/index.js'));

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'persist-connect-')), 'codegen.yml');
  writeFileSync(path, text);
  return path;
}

async function connectError(options: Parameters<typeof Client.connect>[0]): Promise<PersistError> {
  const e = await Client.connect(options).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PersistError);
  return e as PersistError;
}

describe('Client.connect', () => {
  const open: Client[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  it('with no arguments opens the datastore of ./codegen.yml (the repository: inmemory)', async () => {
    expect(process.cwd()).toBe(join(import.meta.dirname, '../..'));
    const client = await Client.connect();
    open.push(client);
    expect(client).toBeInstanceOf(Client);
    await client.departments.post([{ deptNo: 'D1', deptName: 'Engineering' }]);
    expect(await client.departments.get().toArray()).toEqual([{ deptNo: 'D1', deptName: 'Engineering' }]);
  });

  it('is also reachable under the seed name <Module>Client', async () => {
    expect(StoreClient).toBe(Client);
    const client = await StoreClient.connect({ datastore: 'inmemory' });
    open.push(client);
    expect(await client.employees.get().toArray()).toEqual([]);
  });

  it('reads the datastore from the configuration file it is given', async () => {
    const e = await connectError({ config: configFile('model: model/model.bal\ndatastore: nosuchstore\n') });
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain("Unknown datastore 'nosuchstore'");
  });

  it('reads the file PERSIST_CONFIG names when given none; a missing one is an error', async () => {
    try {
      process.env['PERSIST_CONFIG'] = configFile('persist:\n  datastore: nosuchstore\n');
      expect((await connectError({})).message).toContain("Unknown datastore 'nosuchstore'");
      process.env['PERSIST_CONFIG'] = '/nonexistent/persist.yml';
      expect((await connectError({})).message).toBe('The configuration file /nonexistent/persist.yml does not exist.');
    } finally {
      delete process.env['PERSIST_CONFIG'];
    }
  });

  it('reports a missing or malformed configuration file', async () => {
    expect((await connectError({ config: '/nonexistent/codegen.yml' })).message).toBe(
      'The configuration file /nonexistent/codegen.yml does not exist.',
    );
    expect((await connectError({ config: configFile('datastore: [inmemory\n') })).code).toBe('CONFIG_INVALID');
    expect((await connectError({ config: configFile('datastore: 3\n') })).message).toContain("'datastore' must be a name");
  });
});

const databases = new TestDatabases('connect');

describeMysql('Client.connect over MySQL', () => {
  const saved = process.env.DATABASE_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  });

  it('takes the database from DATABASE_URL when codegen.yml says mysql', async () => {
    process.env.DATABASE_URL = databaseUrl(await databases.create(rainier));
    const client = await Client.connect({ config: configFile('datastore: mysql\n') });
    try {
      expect(await client.departments.post([{ deptNo: 'D1', deptName: 'Engineering' }])).toEqual(['D1']);
      expect(await client.departments.getByKey('D1')).toEqual({ deptNo: 'D1', deptName: 'Engineering' });
    } finally {
      await client.close();
    }
  });
});
