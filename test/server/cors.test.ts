/**
 * CORS (SPEC §4): no CORS headers at all unless origins are configured; then exact matches only,
 * `Vary: Origin`, preflights answered for those origins, credentials only when configured. On
 * both transports.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { browserServer, KINDS, type BrowserServer, type RawAnswer } from './browser-server.js';

const QUERY = JSON.stringify({ query: '{ departments { deptNo } }' });
const APP = 'https://app.example.com';

function corsHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('access-control-')));
}

for (const kind of KINDS) {
  describe(`CORS (${kind === 'fetch' ? 'yoga.fetch' : 'HTTP'})`, () => {
    let s: BrowserServer | undefined;
    afterEach(async () => {
      await s?.close();
      s = undefined;
    });

    const post = (origin: string | undefined): Promise<RawAnswer> =>
      s!.send('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin === undefined ? {} : { origin }) },
        body: QUERY,
      });
    const preflight = (origin: string): Promise<RawAnswer> =>
      s!.send('/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-persist-role' },
      });

    it('sends no CORS header at all when none is configured, whatever the Origin', async () => {
      s = await browserServer(kind);
      for (const origin of ['https://evil.example', APP, 'null']) {
        const res = await post(origin);
        expect(res.status).toBe(200);
        expect(corsHeaders(res.headers)).toEqual({});
        expect(corsHeaders((await preflight(origin)).headers)).toEqual({});
      }
    });

    it('answers a listed origin exactly, without credentials unless configured', async () => {
      s = await browserServer(kind, { cors: { origins: [APP, 'http://localhost:3000'], credentials: false } });
      const res = await post(APP);
      expect(res.json).toEqual({ data: { departments: [{ deptNo: 'D1' }] } });
      expect(corsHeaders(res.headers)).toEqual({ 'access-control-allow-origin': APP });
      expect(res.headers['vary']).toMatch(/\bOrigin\b/);
      expect(corsHeaders((await post('http://localhost:3000')).headers)).toEqual({
        'access-control-allow-origin': 'http://localhost:3000',
      });
    });

    it('gives other origins, near misses included, no CORS header (but still Vary: Origin)', async () => {
      s = await browserServer(kind, { cors: { origins: [APP], credentials: true } });
      for (const origin of [
        'https://evil.example',
        'https://app.example.com.evil.example',
        'http://app.example.com',
        'https://APP.example.com',
        'null',
      ]) {
        const res = await post(origin);
        expect(corsHeaders(res.headers), origin).toEqual({});
        expect(res.headers['vary']).toMatch(/\bOrigin\b/);
        expect(corsHeaders((await preflight(origin)).headers), origin).toEqual({});
      }
    });

    it('answers the preflight of a listed origin, with credentials when configured', async () => {
      s = await browserServer(kind, { cors: { origins: [APP], credentials: true } });
      const res = await preflight(APP);
      expect(res.status).toBe(204);
      expect(corsHeaders(res.headers)).toEqual({
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type, x-persist-role',
        'access-control-max-age': '600',
      });
      expect(res.headers['vary']).toMatch(/Origin.*Access-Control-Request-Headers/);
      expect(corsHeaders((await post(APP)).headers)).toEqual({
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
      });
    });
  });
}

describe('CORS configuration', () => {
  it('refuses an origin that browsers never send (a path, a trailing slash, a wildcard) with a clear error', async () => {
    for (const origin of ['https://app.example.com/', 'https://app.example.com/app', '*', 'app.example.com']) {
      await expect(browserServer('fetch', { cors: { origins: [origin], credentials: false } })).rejects.toThrow(
        /cors\.origins: .* is not an origin/,
      );
    }
    await expect(browserServer('fetch', { cors: { origins: ['https://app.example.com/'], credentials: false } })).rejects.toThrow(
      "e.g. 'https://app.example.com'",
    );
  });
});
