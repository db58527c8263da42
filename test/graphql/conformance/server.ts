/** The HTTP surface: `/health`, GraphiQL for browsers, masking of unexpected errors, GET. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Datastore } from '../../../src/datastore/datastore.js';
import type { ModelIR } from '../../../src/model/ir.js';
import { createHarness, expectError, type Harness, type OpenDatastore, type Transport } from './harness.js';

/** `inner` with one method replaced by a failing one. */
function failing(inner: Datastore, method: 'ping' | 'list', message: string): Datastore {
  const wrapper: Datastore = {
    getByKeys: inner.getByKeys.bind(inner),
    getByFields: inner.getByFields.bind(inner),
    list: inner.list.bind(inner),
    aggregate: inner.aggregate.bind(inner),
    connection: inner.connection.bind(inner),
    insert: inner.insert.bind(inner),
    update: inner.update.bind(inner),
    delete: inner.delete.bind(inner),
    upsert: inner.upsert.bind(inner),
    updateWhere: inner.updateWhere.bind(inner),
    deleteWhere: inner.deleteWhere.bind(inner),
    transaction: inner.transaction.bind(inner),
    ping: inner.ping.bind(inner),
    close: inner.close.bind(inner),
  };
  return Object.assign(wrapper, { [method]: () => Promise.reject(new Error(message)) });
}

export function describeServer(open: OpenDatastore, rainier: ModelIR, transport: Transport): void {
  describe('server', () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('answers GET /health with 200 {"status":"ok"} when the datastore answers', async () => {
      h = await createHarness(rainier, await open(rainier), {}, undefined, transport);
      const res = await h.request('/health');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    });

    it('answers GET /health with 503 when the datastore does not, without details', async () => {
      h = await createHarness(
        rainier,
        failing(await open(rainier), 'ping', 'connect ECONNREFUSED 10.0.0.1:3306'),
        {},
        undefined,
        transport,
      );
      const res = await h.request('/health');
      expect(res.status).toBe(503);
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({ status: 'unavailable' });
      expect(body).not.toContain('ECONNREFUSED');
    });

    it('serves GraphiQL at /graphql to browsers, opening with a nested example query', async () => {
      h = await createHarness(rainier, await open(rainier), {}, undefined, transport);
      const res = await h.request('/graphql', { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      expect(html).toMatch(/graphiql/i);
      expect(html).toContain('employees(limit: 5)');
    });

    it('masks unexpected errors as INTERNAL_SERVER_ERROR without their message', async () => {
      h = await createHarness(
        rainier,
        failing(await open(rainier), 'list', "ER_PARSE_ERROR near 'SELECT * FROM Employee'"),
        {},
        undefined,
        transport,
      );
      const res = await h.request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ employees { empNo } }' }),
      });
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expectError({ status: res.status, ...body }, 'INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(body)).not.toMatch(/ER_PARSE_ERROR|SELECT/);
    });

    it('answers GET queries too, and refuses mutations over GET', async () => {
      h = await createHarness(rainier, await open(rainier), { Department: [{ deptNo: 'D1', deptName: 'R&D' }] }, undefined, transport);
      const get = await h.request(`/graphql?query=${encodeURIComponent('{ departments { deptName } }')}`, {
        headers: { accept: 'application/json' },
      });
      expect(await get.json()).toEqual({ data: { departments: [{ deptName: 'R&D' }] } });
      const mutation = await h.request(`/graphql?query=${encodeURIComponent('mutation { deleteDepartment(deptNo: "D1") { deptNo } }')}`, {
        headers: { accept: 'application/json' },
      });
      expect(mutation.status).toBe(405);
      expect((await h.ok('{ departments { deptNo } }')).departments).toEqual([{ deptNo: 'D1' }]);
    });
  });
}
