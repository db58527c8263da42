/**
 * GraphiQL in a real browser: headless Chromium loads the page from a real server, runs the example
 * query, and reports no Content-Security-Policy violation, no console error and no uncaught
 * exception, so the policy allows what the bundled page needs and nothing it does not. Chromium
 * is driven over its DevTools pipe (`--remote-debugging-pipe`: NUL-separated JSON on fds 3 and 4).
 * Skipped where Chromium is not installed (`apt-get install -y chromium`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { createServer } from '../../src/server/index.js';
import { loadModel } from '../support/models.js';

const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find((c) => spawnSync(c, ['--version']).status === 0);

interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
}

/** A minimal DevTools protocol client over Chromium's pipe. */
class Cdp {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<number, { done: (r: Record<string, unknown>) => void; fail: (e: Error) => void }>();
  readonly events: CdpEvent[] = [];

  constructor(
    private readonly input: Writable,
    output: Readable,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as {
          id?: number;
          result?: Record<string, unknown>;
          error?: { message: string };
        } & CdpEvent;
        this.buffer = this.buffer.slice(end + 1);
        if (message.id === undefined) this.events.push(message);
        else {
          const waiting = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) waiting?.fail(new Error(message.error.message));
          else waiting?.done(message.result ?? {});
        }
      }
    });
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((done, fail) => this.pending.set(id, { done, fail }));
  }
}

describe.skipIf(CHROMIUM === undefined)('GraphiQL in headless Chromium', () => {
  let http: Server;
  let browser: ChildProcess;
  let profile: string;
  let url: string;
  const posts: string[] = [];

  beforeAll(async () => {
    const model = loadModel('rainier');
    const datastore = await createDatastore(model, { datastore: 'inmemory' });
    const { handler } = createServer({ model, datastore, logging: false });
    http = createHttpServer((req, res) => {
      if (req.method === 'POST') posts.push(String(req.headers['content-type']));
      handler(req, res);
    });
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
    profile = mkdtempSync(join(tmpdir(), 'persist-chromium-'));
  });

  afterAll(async () => {
    browser?.kill('SIGKILL');
    await new Promise<void>((done) => http.close(() => done()));
    rmSync(profile, { recursive: true, force: true });
  });

  it('loads the page and runs a query with no CSP violation or console error', async () => {
    browser = spawn(
      CHROMIUM!,
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const cdp = new Cdp(browser.stdio[3] as Writable, browser.stdio[4] as Readable);
    const { targetId } = (await cdp.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    await cdp.send('Runtime.enable', {}, sessionId);
    await cdp.send('Log.enable', {}, sessionId);
    await cdp.send('Page.enable', {}, sessionId);
    await cdp.send('Page.navigate', { url }, sessionId);
    const evaluate = async (expression: string): Promise<unknown> => {
      const r = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId)) as {
        result: { value?: unknown };
      };
      return r.result.value;
    };
    const until = async (expression: string, what: string): Promise<void> => {
      const deadline = Date.now() + 30_000;
      while (!(await evaluate(expression))) {
        if (Date.now() > deadline)
          throw new Error(
            `GraphiQL did not ${what} within 60 s: ${JSON.stringify(await evaluate(`document.querySelector('.graphiql-response')?.textContent`))} ${JSON.stringify(posts)} ${JSON.stringify(cdp.events.filter((e) => !e.method.startsWith('Page.')).slice(0, 20)).slice(0, 3000)}`,
          );
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    // The editor comes up and the schema arrives by introspection (a POST of application/json).
    await until(`!!document.querySelector('.graphiql-execute-button')`, 'render');
    await evaluate(`document.querySelector('.graphiql-execute-button').click()`);
    await until(`(document.querySelector('.graphiql-response')?.textContent ?? '').includes('"data"')`, 'show the query result');

    const isProblem = (e: CdpEvent): boolean =>
      e.method === 'Runtime.exceptionThrown' ||
      (e.method === 'Runtime.consoleAPICalled' && e.params['type'] === 'error') ||
      (e.method === 'Log.entryAdded' && ['error', 'warning'].includes(String((e.params['entry'] as { level: string }).level)));
    expect(cdp.events.filter(isProblem).map((e) => JSON.stringify(e.params).slice(0, 500))).toEqual([]);
    // The control: an inline script the page did not ship is refused, and that is seen here.
    await evaluate(`{ const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.append(s); }`);
    await new Promise((r) => setTimeout(r, 500));
    expect(await evaluate('window.injected')).toBeUndefined();
    expect(JSON.stringify(cdp.events.filter(isProblem))).toContain('Content Security Policy');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.every((t) => t.startsWith('application/json'))).toBe(true);
  }, 120_000);
});
