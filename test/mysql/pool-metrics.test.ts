/** `/metrics` of a server over MySQL / MariaDB: the pool's connections in use, idle and queued, and its limit. */
import { expect, it } from 'vitest';
import { createServer } from '../../src/server/index.js';
import { features } from '../server/lean-parity-kit.js';
import { parsePrometheusTextFormat } from '../server/prometheus-text.js';
import { closeHttpServer, listenLoopback } from '../support/http-server.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('poolmetrics');

describeMysql('mysql', () => {
  it('exposes the pool gauges, which follow the connections the requests used', async () => {
    const datastore = await databases.open(features);
    const { handler } = createServer({ model: features, datastore, logging: false });
    const { server, origin } = await listenLoopback(handler);
    try {
      const scrape = async () => parsePrometheusTextFormat(await (await fetch(`${origin}/metrics`)).text());
      const first = await scrape();
      expect(first.types.get('persist_datastore_pool_connections')).toBe('gauge');
      expect(first.value('persist_datastore_pool_limit')).toBeGreaterThan(0);
      expect(first.value('persist_datastore_pool_connections', { state: 'in_use' })).toBe(0);
      expect(first.value('persist_datastore_pool_connections', { state: 'queued' })).toBe(0);
      // Concurrent queries open connections; once answered they are idle, none held or waited for.
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          fetch(`${origin}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ customers { id orders { orderNo } } }' }),
          }),
        ),
      );
      for (const answer of answers) expect(((await answer.json()) as { data?: { customers: unknown[] } }).data?.customers).toBeDefined();
      const after = await scrape();
      const states = after.samples.filter((s) => s.name === 'persist_datastore_pool_connections').map((s) => s.labels['state']);
      expect(states.sort()).toEqual(['idle', 'in_use', 'queued']);
      expect(after.value('persist_datastore_pool_connections', { state: 'idle' })).toBeGreaterThan(0);
      expect(after.value('persist_datastore_pool_connections', { state: 'in_use' })).toBe(0);
      expect(after.value('persist_http_requests_total', { route: 'graphql', transport: 'lean', status: '200' })).toBe(4);
    } finally {
      await closeHttpServer(server);
      await datastore.close();
    }
  });
});
