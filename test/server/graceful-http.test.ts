/** Stopping gracefully: no new connections, the requests in flight finish, the stuck ones are cut after the grace period. */
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createGracefulServer } from '../../src/server/graceful-http.js';
import { connectionRefused } from '../support/http-server.js';

function get(port: number, path: string): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createGracefulServer', () => {
  it('finishes the requests in flight, refuses new connections, and cuts the stuck ones after the grace period', async () => {
    const g = createGracefulServer((req, res) => {
      if (req.url === '/stuck') return; // never answers
      setTimeout(() => res.end('done'), 300);
    });
    await new Promise<void>((done) => g.server.listen(0, '127.0.0.1', done));
    const { port } = g.server.address() as AddressInfo;
    const slow = get(port, '/slow');
    const stuck = get(port, '/stuck').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    expect(g.inFlight()).toBe(2);
    const started = Date.now();
    const stopped = g.stop(1500);
    expect(await connectionRefused(port)).toBe(true);
    const answer = await slow;
    expect(answer).toEqual({ status: 200, body: 'done', connection: 'close' });
    expect(await stopped).toEqual({ answered: 1, cut: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(await stuck).toBeInstanceOf(Error);
  });

  it('stops at once when nothing is in flight', async () => {
    const g = createGracefulServer((_req, res) => res.end('ok'));
    await new Promise<void>((done) => g.server.listen(0, '127.0.0.1', done));
    const { port } = g.server.address() as AddressInfo;
    expect((await get(port, '/')).body).toBe('ok');
    const started = Date.now();
    expect(await g.stop(10_000)).toEqual({ answered: 0, cut: 0 });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
