/** `GET /` redirects to /graphql on both transports; other methods and paths are unchanged. */
import { describe, expect, it } from 'vitest';
import { parityServers } from './lean-parity-kit.js';

describe('GET /', () => {
  it('redirects to /graphql (302), HEAD too; POST / stays 404', async () => {
    const s = await parityServers();
    try {
      for (const server of [s.lean, s.yoga]) {
        const root = new URL('/', server.url);
        for (const method of ['GET', 'HEAD']) {
          const res = await fetch(root, { method, redirect: 'manual' });
          expect(res.status).toBe(302);
          expect(res.headers.get('location')).toBe('/graphql');
        }
        const followed = await fetch(root, { headers: { accept: 'text/html' } });
        expect(followed.url).toBe(server.url);
        expect(followed.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect((await fetch(root, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(404);
      }
    } finally {
      await s.close();
    }
    // The first GraphiQL answer compresses the page: seconds on a loaded machine.
  }, 30_000);
});
