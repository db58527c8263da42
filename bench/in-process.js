// @ts-check
/**
 * The in-process mode: Persist's Yoga server driven by `yoga.fetch` in a loop, with no sockets
 * and no load generator sharing the CPU, so that `node --cpu-prof` sees only the gateway.
 * `--profile` re-runs this mode under `--cpu-prof` and prints where the time went.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { assertIdentical, expectedResponses, walkQ6Pages } from './check.js';
import { generateData } from './data.js';
import { recreateDatabase, scaledDatabaseUrl, undoWrites, verifyRowCounts } from './database.js';
import { summarizeProfile } from './profile-summary.js';
import { loadIntoDatastore, loadProject } from './project.js';
import { bodySource, isWrite, operationOf, readsFirst, useQ6Cursor } from './queries.js';
import { startSheetsEmulator } from './sheets.js';

/** @typedef {import('./options.js').BenchOptions} BenchOptions */
/** @typedef {import('./queries.js').QueryName} QueryName */

const PROFILE_DIR = fileURLToPath(new URL('results/profiles/', import.meta.url));
const ORIGIN = 'http://bench.local/graphql';
const HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/**
 * `--node`: a request as node:http hands it to the server's listener, without a socket: the
 * headers, method and URL, and the body emitted as one chunk once the listener reads it (as the
 * lean path does: `on('data')`, then `once('end')`).
 */
class NodeRequest extends EventEmitter {
  /** @param {Record<string, string>} headers @param {string} body */
  constructor(headers, body) {
    super();
    this.method = 'POST';
    this.url = '/graphql';
    this.headers = headers;
    this.socket = { destroyed: false };
    this.body = Buffer.from(body);
    this.sent = false;
  }

  /** @param {string | symbol} event @param {(...args: any[]) => void} listener */
  on(event, listener) {
    super.on(event, listener);
    if (event === 'data' && !this.sent) {
      this.sent = true;
      queueMicrotask(() => {
        this.emit('data', this.body);
        this.emit('end');
      });
    }
    return this;
  }

  resume() {
    return this;
  }

  destroy() {
    this.socket.destroyed = true;
  }
}

/** `--node`: the response side of NodeRequest: what the listener writes, and a promise of the end. */
class NodeResponse extends EventEmitter {
  constructor() {
    super();
    this.statusCode = 200;
    this.headersSent = false;
    this.writableFinished = false;
    /** @type {string} */
    this.text = '';
    /** @type {(value: { status: number; text: string }) => void} */
    let done = () => {};
    /** @type {Promise<{ status: number; text: string }>} */
    this.done = new Promise((resolve) => (done = resolve));
    this.finish = done;
  }

  setHeader() {}

  /** @param {number} status */
  writeHead(status) {
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }

  /** @param {string | Buffer | undefined} body */
  end(body) {
    this.text = body === undefined ? '' : String(body);
    this.writableFinished = true;
    this.emit('finish');
    this.emit('close');
    this.finish({ status: this.statusCode, text: this.text });
  }
}

/**
 * Re-runs this process's command under `node --cpu-prof`, then summarizes the profile.
 * @param {BenchOptions} options
 */
async function profileChild(options) {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const name = `in-process-${options.datastore}${options.auth ? '-auth' : ''}${options.node ? '-node' : ''}-${options.queries.join('+')}-${Date.now()}.cpuprofile`;
  const args = process.argv.slice(2).filter((a) => a !== '--profile');
  const main = fileURLToPath(new URL('main.js', import.meta.url));
  const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', name, main, ...args], {
    stdio: 'inherit',
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the profiled run exited with code ${code}`);
  if (!readdirSync(PROFILE_DIR).includes(name)) throw new Error(`no profile written to ${PROFILE_DIR}${name}`);
  console.log(`\n${summarizeProfile(join(PROFILE_DIR, name))}`);
}

/**
 * Runs `fetchOnce` with `concurrency` loops in flight until `seconds` have passed.
 * @param {() => Promise<void>} fetchOnce @param {number} seconds @param {number} concurrency
 */
async function loop(fetchOnce, seconds, concurrency) {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await fetchOnce();
      count++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count;
}

/** @param {BenchOptions} options */
export async function runInProcess(options) {
  if (options.profile) return profileChild(options);
  // As the HTTP servers run (bench/servers.js): production mode, which e.g. drops graphql-js's
  // development-only instanceOf checks. Set before the project (and graphql) is first imported.
  process.env.NODE_ENV ??= 'production';
  // --scale: n times the rainier data, in MariaDB in the database of that scale (persist_bench_x10).
  const data = generateData(options.scale);
  const databaseUrl = scaledDatabaseUrl(options.databaseUrl, options.scale);
  const expected = expectedResponses(data);
  const project = await loadProject();
  /** @type {import('mysql2/promise').Connection | null} */
  let db = null;
  if (options.datastore === 'mysql') {
    if (options.load) await recreateDatabase(databaseUrl, project, data);
    else await verifyRowCounts(databaseUrl, data);
    db = await mysql.createConnection({ uri: databaseUrl, charset: 'utf8mb4' });
    await undoWrites(db, data);
  }
  const sheets = options.datastore === 'googlesheets' ? await startSheetsEmulator() : null;
  const datastore = sheets ? await sheets.open(project, data) : await project.createDatastore(options.datastore, databaseUrl);
  if (options.datastore === 'inmemory') await loadIntoDatastore(datastore, data);
  const { yoga, handler } = await project.createServer(datastore, options.auth ? { auth: true } : {});
  const { BENCH_AUTH_HEADERS } = options.auth ? await import('./auth.js') : { BENCH_AUTH_HEADERS: {} };
  const headers = { ...HEADERS, ...BENCH_AUTH_HEADERS };
  /**
   * One POST of `body`: through yoga.fetch, or (`--node`) through the node request listener that
   * `persist serve` listens with (the lean path, the request log and metrics) without a socket.
   * @param {string} body @returns {Promise<{ status: number; text: string }>}
   */
  const post = async (body) => {
    if (options.node) {
      const res = new NodeResponse();
      handler(/** @type {any} */ (new NodeRequest({ host: 'bench.local', ...headers }, body)), /** @type {any} */ (res));
      return res.done;
    }
    const res = await yoga.fetch(ORIGIN, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  };

  // GC pauses as the runtime reports them; entries arrive asynchronously, so each window's share is
  // summed afterwards from their start times.
  /** @type {{ startTime: number; duration: number }[]} */
  const gcPauses = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push({ startTime: entry.startTime, duration: entry.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  try {
    /** @type {string[]} */
    const lines = [];
    // The writes last: the in-memory store keeps what M2 created, which Q2 would list.
    for (const name of readsFirst(options.queries)) {
      // (options.js lets only the plain entries through in process.)
      const query = operationOf(name);
      const server = `persist-${options.datastore}${options.auth ? '-auth' : ''} (in process${options.node ? ', node listener' : ''})`;
      /** @param {string} body */
      const answerTo = async (body) => {
        const { status, text } = await post(body);
        return { status, json: JSON.parse(text) };
      };
      // Q6 (issue 11): pages 1 and 2 give the cursor of the timed page 3.
      if (query === 'Q6') useQ6Cursor(await walkQ6Pages(server, answerTo, expected.Q6.pages));
      else assertIdentical(server, query, await answerTo(expected[query].body), expected[query].expected);
      if (db && isWrite(query)) await undoWrites(db, data);

      const tag = `inproc-${Date.now()}`;
      const nextBody = bodySource(query, tag);
      const fetchOnce = async () => {
        const { status, text } = await post(nextBody());
        if (status !== 200 || !text.startsWith('{"data"')) throw new Error(`${query}: status ${status}: ${text.slice(0, 300)}`);
      };
      // Over the Sheets emulator: what one request costs in API calls, then an emulated round trip.
      const apiCalls = sheets && (await sheets.callsOf(fetchOnce));
      await sheets?.setLatency(options.latencyMs);
      if (options.warmup > 0) await loop(fetchOnce, options.warmup, options.concurrency);
      const cpuBefore = process.cpuUsage();
      const t0 = performance.now();
      const count = await loop(fetchOnce, options.duration, options.concurrency);
      const t1 = performance.now();
      const elapsedMs = t1 - t0;
      const cpu = process.cpuUsage(cpuBefore);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const gcMs = gcPauses.filter((p) => p.startTime >= t0 && p.startTime < t1).reduce((sum, p) => sum + p.duration, 0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      lines.push(
        [
          query.padEnd(5),
          `${((count * 1000) / elapsedMs).toFixed(0).padStart(7)} req/s`,
          `${(cpuMs / count).toFixed(3).padStart(8)} ms CPU/req`,
          // Wall-clock pauses: on a busy machine they include time the thread waited for a core.
          `GC pauses ${(gcMs / count).toFixed(3).padStart(8)} ms/req (wall)`,
          `heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
          ...(apiCalls ? [`API calls/req: ${apiCalls}`] : []),
        ].join('  '),
      );
      await sheets?.setLatency(0);
      if (db && isWrite(query)) await undoWrites(db, data);
    }
    const latency = sheets ? `, ${options.latencyMs} ms emulated round trip per API call` : '';
    const scale = options.scale > 1 ? `, ${options.scale}x the data` : '';
    const how = `${options.node ? ', node listener' : ', yoga.fetch'}${options.auth ? ', auth (JWT + row-filtered role)' : ''}`;
    console.log(
      `\nin-process, datastore ${options.datastore}${how}${latency}${scale}, concurrency ${options.concurrency}, ${options.duration} s per query:`,
    );
    console.log(lines.join('\n'));
  } finally {
    gcObserver.disconnect();
    await datastore.close();
    await db?.end();
    sheets?.stop();
  }
}
