import { describe, expect, test } from 'vitest';
import {
  backendForUrl,
  createDatastore,
  datastoreBackend,
  datastoreBackends,
  datastoreNames,
} from '../../src/datastore/create-datastore.js';
import { DATASTORES, isDatastore } from '../../src/config/persist-config.js';
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { PersistError } from '../../src/errors.js';
import { loadModel } from '../support/models.js';

describe('createDatastore', () => {
  test('opens the in-memory datastore by name', async () => {
    const ds = await createDatastore(loadModel('rainier'), { datastore: 'inmemory' });
    expect(ds).toBeInstanceOf(InMemoryDatastore);
    await ds.ping();
    await ds.close();
  });

  test('an unknown name is CONFIG_INVALID listing the known ones', async () => {
    const error = await createDatastore(loadModel('rainier'), { datastore: 'sheets' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersistError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', message: `Unknown datastore 'sheets' (known: ${datastoreNames().join(', ')}).` });
    expect(datastoreNames()).toContain('inmemory');
  });

  test('names inherited from Object are not datastores', async () => {
    await expect(createDatastore(loadModel('rainier'), { datastore: 'toString' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  test('a closed in-memory datastore says so', async () => {
    const ds = await createDatastore(loadModel('rainier'), { datastore: 'inmemory' });
    await ds.close();
    await expect(ds.ping()).rejects.toMatchObject({ code: 'DATASTORE_UNAVAILABLE', message: 'The in-memory datastore is closed.' });
    await expect(ds.list('Employee')).rejects.toMatchObject({ code: 'DATASTORE_UNAVAILABLE' });
  });

  test('every backend says what it can do; the configuration accepts exactly the registered names', () => {
    expect(DATASTORES).toEqual(datastoreNames());
    for (const name of datastoreNames()) expect(isDatastore(name)).toBe(true);
    expect(isDatastore('toString')).toBe(false);
    const capabilities = Object.fromEntries(
      datastoreBackends().map(({ name, backend }) => [
        name,
        {
          title: backend.title,
          ephemeral: backend.ephemeral,
          urlSchemes: backend.urlSchemes,
          pushSchema: backend.pushSchema !== undefined,
        },
      ]),
    );
    expect(capabilities).toEqual({
      inmemory: { title: 'in-memory', ephemeral: true, urlSchemes: [], pushSchema: false },
      mysql: { title: 'MySQL', ephemeral: false, urlSchemes: ['mysql:', 'mariadb:'], pushSchema: true },
      googlesheets: { title: 'Google Sheets', ephemeral: false, urlSchemes: [], pushSchema: true },
    });
    expect(datastoreBackend('toString')).toBeUndefined();
  });

  test('a database URL names its backend by scheme', () => {
    expect(backendForUrl('mysql://root@127.0.0.1:3306/db')?.name).toBe('mysql');
    expect(backendForUrl('mariadb://root@127.0.0.1/db')?.name).toBe('mysql');
    expect(backendForUrl('postgres://x/db')).toBeUndefined();
    expect(backendForUrl('not a url')).toBeUndefined();
  });
});
