/**
 * GraphiQL (SPEC §4): only for `GET /graphql` asking for HTML; compressed by Accept-Encoding;
 * cacheable (ETag, 304); with security headers. Introspection and GraphiQL follow their settings.
 * On both transports.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptsHtml, chooseEncoding } from '../../src/server/plugins/graphiql-page.js';
import { browserServer, KINDS, type BrowserServer } from './browser-server.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('GraphiQL negotiation', () => {
  it('reads Accept and Accept-Encoding with their qualities', () => {
    expect(acceptsHtml(BROWSER_ACCEPT)).toBe(true);
    expect(acceptsHtml('application/json')).toBe(false);
    expect(acceptsHtml('image/*')).toBe(false);
    expect(acceptsHtml('text/html;q=0, application/json')).toBe(false);
    expect(acceptsHtml(null)).toBe(false);
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, br;q=0')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBe('identity');
    expect(chooseEncoding(null)).toBe('identity');
  });
});

for (const kind of KINDS) {
  describe(`GraphiQL and introspection (${kind === 'fetch' ? 'yoga.fetch' : 'HTTP'})`, () => {
    let s: BrowserServer | undefined;
    afterEach(async () => {
      await s?.close();
      s = undefined;
    });

    it('serves the page compressed, with security and cache headers, and 304 on revalidation', async () => {
      s = await browserServer(kind);
      const br = await s.send('/graphql', { headers: { accept: BROWSER_ACCEPT, 'accept-encoding': 'gzip, deflate, br' } });
      expect(br.status).toBe(200);
      expect(br.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(br.headers['content-encoding']).toBe('br');
      const html = brotliDecompressSync(br.body).toString('utf8');
      expect(html).toMatch(/<!doctype html>/i);
      expect(html).toContain('employees(limit: 5)');
      // 9 MB of page: sent as less than a quarter of that.
      expect(br.body.length).toBeLessThan(html.length / 4);
      const csp = br.headers['content-security-policy']!;
      for (const directive of ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "connect-src 'self'"])
        expect(csp).toContain(directive);
      expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).not.toContain("script-src 'unsafe-inline'");
      expect(br.headers['x-content-type-options']).toBe('nosniff');
      expect(br.headers['x-frame-options']).toBe('DENY');
      expect(br.headers['referrer-policy']).toBe('no-referrer');
      expect(br.headers['cache-control']).toBe('no-cache');
      expect(br.headers['vary']).toMatch(/Accept-Encoding/);
      const etag = br.headers['etag']!;
      expect(etag).toMatch(/^"[^"]+"$/);

      const gz = await s.send('/graphql', { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).toString('utf8')).toBe(html);
      const plain = await s.send('/graphql', { headers: { accept: 'text/html' } });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString('utf8')).toBe(html);
      // Each encoding has its own tag; a revalidation of the one held is a 304 with no body.
      expect(new Set([etag, gz.headers['etag'], plain.headers['etag']]).size).toBe(3);
      const again = await s.send('/graphql', { headers: { accept: BROWSER_ACCEPT, 'accept-encoding': 'br', 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers['etag']).toBe(etag);
      const stale = await s.send('/graphql', { headers: { accept: 'text/html', 'accept-encoding': 'br', 'if-none-match': '"other"' } });
      expect(stale.status).toBe(200);
    });

    it('serves it only for GET /graphql asking for HTML', async () => {
      s = await browserServer(kind);
      const json = await s.send('/graphql?query=%7B__typename%7D', { headers: { accept: 'application/json' } });
      expect(json.json).toEqual({ data: { __typename: 'Query' } });
      const image = await s.send('/graphql?query=%7B__typename%7D', { headers: { accept: 'image/*' } });
      expect(image.headers['content-type'] ?? '').not.toContain('text/html');
      for (const path of ['/', '/graphql/', '/x/graphql', '/health/graphql']) {
        const res = await s.send(path, { headers: { accept: 'text/html' } });
        expect(res.headers['content-type'] ?? '', path).not.toContain('text/html');
      }
      const post = await s.send('/graphql', {
        method: 'POST',
        headers: { accept: 'text/html', 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(post.headers['content-type'] ?? '').not.toContain('text/html');
    });

    it('serves no page with graphiql: false', async () => {
      s = await browserServer(kind, { graphiql: false });
      const res = await s.send('/graphql', { headers: { accept: 'text/html' } });
      expect(res.headers['content-type'] ?? '').not.toContain('text/html');
    });

    it('refuses __schema and __type with introspection: false, and serves no GraphiQL then (it needs them)', async () => {
      s = await browserServer(kind, { introspection: false });
      for (const query of [
        '{ __schema { queryType { name } } }',
        '{ __type(name: "Department") { name } }',
        '{ departments { deptNo } x: __schema { types { name } } }',
      ]) {
        const res = await s.send('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        expect(res.json?.errors?.[0]?.extensions?.code, query).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(res.json?.errors?.[0]?.message).toContain('introspection');
        expect(res.json?.data).toBeUndefined();
        const get = await s.send(`/graphql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/json' } });
        expect(get.json?.errors?.[0]?.extensions?.code, query).toBe('GRAPHQL_VALIDATION_FAILED');
      }
      const typename = await s.send('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename departments { deptNo } }' }),
      });
      expect(typename.json).toEqual({ data: { __typename: 'Query', departments: [{ deptNo: 'D1' }] } });
      const page = await s.send('/graphql', { headers: { accept: 'text/html' } });
      expect(page.headers['content-type'] ?? '').not.toContain('text/html');
    });

    it('answers introspection by default', async () => {
      s = await browserServer(kind);
      const res = await s.send('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
      });
      expect(res.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    });
  });
}
