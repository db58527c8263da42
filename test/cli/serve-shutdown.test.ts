/**
 * SIGTERM on a real `persist serve` process (the build, dist/cli/main.js): it stops accepting
 * connections, finishes the request in flight (here one whose body is still arriving), closes the
 * datastore and exits 0, with one line per step on stdout and JSON log lines (no warning) on stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionRefused } from '../support/http-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');

/** A real `persist serve --port 0` in a fresh project over the example model; resolves once it listens. */
async function serve(dir: string): Promise<{ child: ChildProcess; port: number; stdout: () => string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`persist serve did not start: ${out} ${err}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = /at http:\/\/127\.0\.0\.1:(\d+)\/graphql/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`persist serve exited ${code}: ${err}`)));
  });
  return { child, port, stdout: () => out, stderr: () => err };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('persist serve on SIGTERM', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('finishes the request in flight, refuses new connections, closes the datastore and exits 0', async () => {
    dir = mkdtempSync(join(tmpdir(), 'persist-shutdown-'));
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'codegen.yml'), 'model: model/model.bal\ndatastore: inmemory\n');
    copyFileSync(join(ROOT, 'model/model.bal'), join(dir, 'model/model.bal'));
    const server = await serve(dir);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));

    // A request in flight: its headers and half its body sent, the rest after SIGTERM.
    const body = Buffer.from(
      JSON.stringify({ query: 'mutation Late { createDepartments(data: [{ deptNo: "D9", deptName: "Late" }]) { deptNo deptName } }' }),
    );
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, 20));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        void until(() => server.stdout().includes('SIGTERM'), 'the SIGTERM line').then(async () => {
          expect(await connectionRefused(server.port)).toBe(true);
          await new Promise((r) => setTimeout(r, 300));
          req.end(body.subarray(20));
        }, reject);
      }, 300);
    });

    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ data: { createDepartments: [{ deptNo: 'D9', deptName: 'Late' }] } });
    expect(await exited).toBe(0);
    const lines = server.stdout().trim().split('\n');
    expect(lines.slice(1)).toEqual([
      'Persist: no auth settings (persist.auth in codegen.yml): this server is for development; every request has full rights.',
      'Persist: SIGTERM: no new connections; finishing 1 request(s) in flight (at most 10 s).',
      'Persist: 1 request(s) answered; the server is closed.',
      'Persist: the inmemory datastore is closed; exiting.',
    ]);
    // Not a terminal: the log is JSON lines on stderr, with the start, the request and the end, and no warning or error.
    const log = server
      .stderr()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log.filter((r) => r['level'] !== 'info')).toEqual([]);
    expect(log.map((r) => r['msg'])).toEqual(['server started', 'server stopping', 'request', 'server stopped']);
    expect(log[0]).toMatchObject({ port: server.port, datastore: 'inmemory', auth: false });
    expect(log[2]).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operation: 'Late' });
    expect(log[3]).toMatchObject({ answered: 1, cut: 0 });
  }, 60_000);
});
