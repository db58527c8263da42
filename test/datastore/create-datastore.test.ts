import { describe, expect, test } from 'vitest';
import { createDatastore, datastoreNames } from '../../src/datastore/create-datastore.js';
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
});
