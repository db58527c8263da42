// @ts-check
/**
 * The in-process mode: Persist's Yoga server driven by `yoga.fetch` in a loop, with no sockets
 * and no load generator sharing the CPU, so that `node --cpu-prof` sees only the gateway.
 * `--profile` re-runs this mode under `--cpu-prof` and prints where the time went.
 */
import { spawn } from 'node:child_process';
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
 * Re-runs this process's command under `node --cpu-prof`, then summarizes the profile.
 * @param {BenchOptions} options
 */
async function profileChild(options) {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const name = `in-process-${options.datastore}-${options.queries.join('+')}-${Date.now()}.cpuprofile`;
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
  const { yoga } = await project.createServer(datastore);

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
      const server = `persist-${options.datastore} (in process)`;
      /** @param {string} body */
      const answerTo = async (body) => {
        const res = await yoga.fetch(ORIGIN, { method: 'POST', headers: HEADERS, body });
        return { status: res.status, json: await res.json() };
      };
      // Q6 (issue 11): pages 1 and 2 give the cursor of the timed page 3.
      if (query === 'Q6') useQ6Cursor(await walkQ6Pages(server, answerTo, expected.Q6.pages));
      else assertIdentical(server, query, await answerTo(expected[query].body), expected[query].expected);
      if (db && isWrite(query)) await undoWrites(db, data);

      const tag = `inproc-${Date.now()}`;
      const nextBody = bodySource(query, tag);
      const fetchOnce = async () => {
        const r = await yoga.fetch(ORIGIN, { method: 'POST', headers: HEADERS, body: nextBody() });
        const text = await r.text();
        if (r.status !== 200 || !text.startsWith('{"data"')) throw new Error(`${query}: status ${r.status}: ${text.slice(0, 300)}`);
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
    console.log(
      `\nin-process, datastore ${options.datastore}${latency}${scale}, concurrency ${options.concurrency}, ${options.duration} s per query:`,
    );
    console.log(lines.join('\n'));
  } finally {
    gcObserver.disconnect();
    await datastore.close();
    await db?.end();
    sheets?.stop();
  }
}
