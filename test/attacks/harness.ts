/**
 * A real `persist serve` for attack tests: a child process (the built CLI, rebuilt first when
 * src/ is newer) in a temporary project, over the in-memory store or a fresh MariaDB database,
 * with the rainier sample data (or another model). It waits for /health, measures the latency of
 * a concurrent /health and small query while an attack runs, reads the child's RSS from
 * /proc/PID/status, and stops it. Reusable by any suite that must prove the server stays up.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDatastore } from '../../src/datastore/seed.js';
import type { ModelIR } from '../../src/model/ir.js';
import { parseSampleData } from '../../src/server/sample-data.js';
import { databaseUrl, type TestDatabases } from '../mysql/mysql-test-db.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO, 'dist', 'cli', 'main.js');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds dist/ when src/ has changed since (the attack suites run the CLI as users do). */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(CLI).mtimeMs;
  } catch {
    built = 0;
  }
  if (newest(join(REPO, 'src')) > built)
    execFileSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: REPO });
}

export interface ServeOptions {
  /** The model file (default the rainier model of the repository). */
  model?: string;
  /** Rows to load (sample-data.json format; default the rainier sample data, none for another model). */
  sampleData?: string | undefined;
  /** Lines of the `persist:` block after model/datastore/module, e.g. `  limits:\n    depth: 8`. */
  config?: string;
  /** Serve a fresh MariaDB database of `databases` instead of the in-memory store. */
  mysql?: { databases: TestDatabases; model: ModelIR };
}

/** An answer: status, headers and the body text (JSON parsed when it is JSON). */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
  ms: number;
}

/** A running `persist serve`. */
export class Served {
  readonly stderr: string[] = [];
  readonly stdout: string[] = [];
  url = '';

  constructor(
    readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /** True while the process runs. */
  alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The resident memory of the process, in MB (VmRSS of /proc/PID/status). */
  rssMb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb === null ? NaN : Number(kb[1]) / 1024;
  }

  /** Sends one request (`body` as is; a string or bytes) and reads the whole answer. */
  send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
    const started = performance.now();
    const url = new URL(path, this.url);
    return new Promise((resolve, reject) => {
      // A connection per request (agent: false): Node's global agent keeps idle sockets for 5 s, the
      // server's keep-alive timeout, and reusing one the server is closing that moment is a reset
      // that no server can prevent (seen in CI under load, on a socket idle since an earlier test).
      const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(answer(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'), started)));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  /** POST /graphql with a JSON body (a string is sent as it is). */
  graphql(body: string | Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and removes its project. */
  async stop(): Promise<void> {
    if (this.alive()) {
      const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function answer(status: number, headers: Answer['headers'], text: string, started: number): Answer {
  let json: Answer['json'];
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = undefined;
  }
  return { status, headers, text, json, ms: performance.now() - started };
}

/** Starts `persist serve` on a free port and waits until /health answers. */
export async function startServe(options: ServeOptions = {}): Promise<Served> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'persist-attack-'));
  mkdirSync(join(dir, 'model'));
  copyFileSync(options.model ?? join(REPO, 'model', 'model.bal'), join(dir, 'model', 'model.bal'));
  const sample =
    'sampleData' in options ? options.sampleData : options.model === undefined ? join(REPO, 'model', 'sample-data.json') : undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['NODE_ENV'];
  let datastore = 'inmemory';
  if (options.mysql !== undefined) {
    datastore = 'mysql';
    const name = await options.mysql.databases.create(options.mysql.model);
    env['DATABASE_URL'] = databaseUrl(name);
    if (sample !== undefined) {
      const { MysqlDatastore, createMysqlPool } = await import('../../src/datastore/mysql/index.js');
      const store = new MysqlDatastore(options.mysql.model, createMysqlPool(databaseUrl(name)));
      try {
        await seedDatastore(
          store,
          options.mysql.model,
          parseSampleData(options.mysql.model, JSON.parse(readFileSync(sample, 'utf8')), sample),
        );
      } finally {
        await store.close();
      }
    }
  } else if (sample !== undefined) {
    copyFileSync(sample, join(dir, 'model', 'sample-data.json'));
  }
  writeFileSync(
    join(dir, 'codegen.yml'),
    `persist:\n  model: model/model.bal\n  datastore: ${datastore}\n  module: store\n${options.config ?? ''}\n`,
  );
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const served = new Served(child, dir);
  child.stderr!.on('data', (c: Buffer) => served.stderr.push(c.toString('utf8')));
  const started = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      const text = c.toString('utf8');
      served.stdout.push(text);
      const url = /(http:\/\/\S+\/graphql)/.exec(served.stdout.join(''));
      if (url !== null) resolve(url[1]!);
    });
    child.once('exit', (code) => reject(new Error(`persist serve exited with ${code}: ${served.stderr.join('')}`)));
  });
  served.url = await started;
  const health = await served.send('/health');
  if (health.status !== 200) throw new Error(`/health answered ${health.status}`);
  return served;
}

/** Latencies measured beside an attack: the slowest /health and the slowest small query, in ms. */
export interface Responsiveness {
  healthMs: number;
  queryMs: number;
  probes: number;
}

/** A small query of the rainier model and its answer's check. */
export const SMALL_QUERY = '{ departments(limit: 1) { deptNo } }';

/**
 * Runs `attack` while probing /health and SMALL_QUERY back to back; the probes go on until the
 * attack settles, and at least one round is measured after it started.
 */
export async function whileProbing<T>(
  served: Served,
  attack: () => Promise<T>,
  query = SMALL_QUERY,
): Promise<{ result: T; probe: Responsiveness }> {
  const probe: Responsiveness = { healthMs: 0, queryMs: 0, probes: 0 };
  let done = false;
  const probing = (async () => {
    while (!done || probe.probes === 0) {
      const health = await served.send('/health');
      if (health.status !== 200) throw new Error(`/health answered ${health.status} during the attack`);
      const small = await served.graphql({ query });
      if (small.status !== 200 || small.json?.errors !== undefined)
        throw new Error(`the small query failed during the attack: ${small.text}`);
      probe.healthMs = Math.max(probe.healthMs, health.ms);
      probe.queryMs = Math.max(probe.queryMs, small.ms);
      probe.probes++;
    }
  })();
  try {
    const result = await attack();
    return { result, probe };
  } finally {
    done = true;
    await probing;
  }
}
