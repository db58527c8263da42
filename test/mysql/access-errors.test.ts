/**
 * The MySQL access errors a user meets first, each said as what is wrong and how to fix it: a
 * wrong password, an unknown user, an unknown database, a host that refuses or cannot be reached.
 * Seen by `persist serve` (createDatastore), `persist push` and the generated client alike, which
 * all open the datastore through createDatastore / pushSchema.
 */
import { expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { pushSchema } from '../../src/datastore/mysql/schema-push.js';
import { tableDefinitions } from '../../src/codegen/sql/script-sql.js';
import { loadModel } from '../support/models.js';
import { describeMysql, freshDatabaseName, MYSQL_URL } from './mysql-test-db.js';

const model = loadModel('features');
const server = new URL(MYSQL_URL);

function urlWith(user: string, password: string, database: string, host = `${server.hostname}:${server.port || 3306}`): string {
  return `mysql://${encodeURIComponent(user)}${password === '' ? '' : `:${encodeURIComponent(password)}`}@${host}/${database}`;
}

async function openError(url: string): Promise<Error> {
  try {
    const datastore = await createDatastore(model, { datastore: 'mysql', databaseUrl: url, limits: { connectTimeoutMs: 1500 } });
    await datastore.close();
  } catch (e) {
    return e as Error;
  }
  throw new Error(`opening ${url} succeeded`);
}

describeMysql('MySQL access errors', () => {
  it('a wrong password or an unknown user: says the user and password are wrong, and where to fix them', async () => {
    for (const url of [urlWith('root', 'certainly-wrong', 'persist_x'), urlWith('persist_no_such_user', 'pw', 'persist_x')]) {
      const error = await openError(url);
      expect(error).toMatchObject({ code: 'DATASTORE_UNAVAILABLE' });
      expect(error.message).toMatch(/denied access \(wrong user or password: Access denied for user '[a-z_]+'/);
      expect(error.message).toContain('check the user and password in the database URL');
      expect(error.message).not.toContain('retry later');
      expect(error.message).not.toContain('certainly-wrong');
    }
  });

  it('an unknown database: says which, and that persist push creates it', async () => {
    const name = freshDatabaseName('missing');
    const error = await openError(urlWith(decodeURIComponent(server.username) || 'root', decodeURIComponent(server.password), name));
    expect(error).toMatchObject({ code: 'DATASTORE_UNAVAILABLE' });
    expect(error.message).toContain(`Unknown database '${name}'`);
    expect(error.message).toContain('run `persist push` (it creates it)');
  });

  it('a host that refuses: says to check that the server runs, and the host and port', async () => {
    const error = await openError(urlWith('root', '', 'persist_x', '127.0.0.1:1'));
    expect(error.message).toContain('refused the connection: is it running, and are the host and port right?');
  });

  it('push reports a wrong password the same way', async () => {
    await expect(pushSchema(urlWith('root', 'certainly-wrong', freshDatabaseName('push')), tableDefinitions(model))).rejects.toThrow(
      /check the user and password in the database URL/,
    );
  });
});
