// @ts-check
/**
 * One measurement: a fresh server process, a statement-count probe, a warm-up, then a fixed
 * duration of load from autocannon while the server's RSS is sampled and its CPU time and the
 * database's statement counters are read before and after.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { counterDelta, readCounters, undoWrites } from './database.js';
import { summarizeProfile } from './profile-summary.js';
import { isWrite, requestSource } from './queries.js';
import { cpuMillis, sampleRss, SERVER_KINDS, startServer } from './servers.js';

/** @typedef {import('./queries.js').QueryName} QueryName */
/** @typedef {import('./servers.js').ServerName} ServerName */
/** @typedef {import('./database.js').Counters} Counters */

/**
 * @typedef {object} Measurement
 * @property {QueryName} query
 * @property {ServerName} server
 * @property {number} scale the data scale (bench/data.js): 1 for the rainier data, n for n times as many rows
 * @property {number} requests completed requests in the measured window
 * @property {number} seconds length of the measured window
 * @property {number} reqPerSec
 * @property {number | null} p50Ms
 * @property {number | null} p99Ms
 * @property {number | null} meanMs
 * @property {number | null} sqlPerRequest statements the server sent per request, counted in its own process through mysql2's tracing channels during the probe; null without MySQL
 * @property {number | null} dbQuestionsPerRequest MariaDB's Questions per request during the probe (quietest round; server-wide)
 * @property {number | null} selectsPerRequest Com_select per request from the quiet probe
 * @property {number | null} sqlPerRequestUnderLoad Questions per request over the whole measured window (server-wide counter)
 * @property {Record<string, number> | null} probeCountersPerRequest every probed counter per request (Com_insert, Com_begin, …), quietest round
 * @property {number[]} probeRounds Questions per request in each probe round (they differ when other clients were busy)
 * @property {number[]} driverRounds statements per request counted by the server in each probe round
 * @property {number | null} cpuMsPerRequest server user+system CPU per request (null when no request completed)
 * @property {number} rssMaxMiB maximum server RSS sampled under load
 * @property {number | null} bytesPerResponse mean bytes read per response, headers included
 */

/**
 * @typedef {object} MeasureContext
 * @property {import('./options.js').BenchOptions} options
 * @property {import('mysql2/promise').Connection} db connection to the benchmark database (counters, cleanup)
 * @property {string} databaseUrl the database of the data set at `scale` (database.js scaledDatabaseUrl)
 * @property {number} scale
 * @property {import('./data.js').BenchData} data the data set (to undo the writes)
 * @property {number} port
 */

let runCounter = 0;
/** Rounds of the statement probe; the quietest one counts (other clients only ever add). */
const PROBE_ROUNDS = 5;
const SETTLE_MS = 300;

const PROFILE_DIR = fileURLToPath(new URL('results/profiles/', import.meta.url));

/**
 * Runs autocannon against one server for `seconds`.
 * @param {string} url @param {QueryName} query @param {string} tag @param {number} seconds @param {number} connections
 * @param {Record<string, string>} extraHeaders the server kind's own (a token)
 */
async function load(url, query, tag, seconds, connections, extraHeaders) {
  const nextRequest = requestSource(query, tag, extraHeaders);
  /** @type {import('autocannon').Request} */
  const request = isWrite(query) ? { ...nextRequest(), setupRequest: (req) => ({ ...req, body: nextRequest().body }) } : nextRequest();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [request],
    // Reads were verified before loading; writes could collide, so every write's answer is checked.
    ...(isWrite(query) ? { verifyBody: (/** @type {string} */ body) => body.startsWith('{"data"') } : {}),
  });
  const failures = result.errors + result.timeouts + result.non2xx + (result.mismatches ?? 0);
  if (failures > 0) {
    throw new Error(
      `${query} against ${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${result.mismatches ?? 0} bad bodies`,
    );
  }
  return result;
}

/**
 * Sends `count` requests one after another and returns the statement counters' change: with no
 * concurrency the server-wide counters move only by this server's statements (plus whatever other
 * clients of the same MariaDB run meanwhile, which is why the caller takes a minimum).
 * @param {string} url @param {QueryName} query @param {string} tag @param {number} count @param {import('mysql2/promise').Connection} db
 * @param {Record<string, string>} extraHeaders
 */
async function probeStatements(url, query, tag, count, db, extraHeaders) {
  const nextRequest = requestSource(query, tag, extraHeaders);
  const before = await readCounters(db);
  for (let i = 0; i < count; i++) {
    const { path, ...init } = nextRequest();
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    if (res.status !== 200 || !text.startsWith('{"data"'))
      throw new Error(`probe of ${query} at ${url}: status ${res.status}: ${text.slice(0, 300)}`);
  }
  return counterDelta(before, await readCounters(db));
}

/**
 * Measures one query on one server, in a process of its own that is stopped afterwards.
 * @param {QueryName} query @param {ServerName} serverName @param {MeasureContext} ctx
 * @returns {Promise<Measurement>}
 */
export async function measure(query, serverName, ctx) {
  const { options, db, scale } = ctx;
  const usesMysql = SERVER_KINDS[serverName].usesMysql;
  const headers = SERVER_KINDS[serverName].headers ?? {};
  const run = `${serverName}-${++runCounter}`;
  if (isWrite(query) && usesMysql) await undoWrites(db, ctx.data);
  const profile = options.profileServers ? `http-${serverName}-${query}${scale > 1 ? `-x${scale}` : ''}-${Date.now()}.cpuprofile` : null;
  if (profile) mkdirSync(PROFILE_DIR, { recursive: true });
  const execArgv = [
    ...(serverName.startsWith('persist-') ? options.nodeFlags : []),
    ...(profile ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', profile] : []),
  ];
  const server = await startServer(serverName, ctx.port, ctx.databaseUrl, execArgv, scale);
  try {
    if (options.warmup > 0) await load(server.url, query, `${run}w`, options.warmup, options.connections, headers);
    // After the warm-up, so that pool connections (and their session set-up statements) exist, and
    // after a pause for the requests the load generator left in flight.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    /** @type {Counters | null} */
    let probe = null;
    /** @type {number[]} */
    const probeRounds = [];
    /** @type {number[]} */
    const driverRounds = [];
    if (usesMysql) {
      await server.countStatements('start');
      for (let round = 0; round < PROBE_ROUNDS; round++) {
        const delta = await probeStatements(server.url, query, `${run}p${round}`, options.probeRequests, db, headers);
        driverRounds.push((await server.countStatements('take')) / options.probeRequests);
        probeRounds.push(delta.Questions / options.probeRequests);
        if (probe === null || delta.Questions < probe.Questions) probe = delta;
      }
      await server.countStatements('stop');
    }

    const countersBefore = usesMysql ? await readCounters(db) : null;
    const cpuBefore = cpuMillis(server.pid);
    const rss = sampleRss(server.pid);
    const result = await load(server.url, query, `${run}m`, options.duration, options.connections, headers);
    const rssMaxMiB = rss.stop();
    const cpuMs = cpuMillis(server.pid) - cpuBefore;
    const loadDelta = countersBefore ? counterDelta(countersBefore, await readCounters(db)) : null;

    // A server slower than the window (naive on Q2 in a short run) completes nothing: report 0 req/s.
    const requests = result.requests.total;
    if (requests === 0) console.error(`[bench] ${serverName} completed no ${query} request in ${options.duration} s; raise --duration`);
    const perRequest = (/** @type {number} */ n) => (requests > 0 ? n / requests : null);
    const perProbe = (/** @type {number} */ n) => n / options.probeRequests;
    return {
      query,
      server: serverName,
      scale,
      requests,
      seconds: result.duration,
      reqPerSec: requests / result.duration,
      p50Ms: requests > 0 ? result.latency.p50 : null,
      p99Ms: requests > 0 ? result.latency.p99 : null,
      meanMs: requests > 0 ? result.latency.average : null,
      // Only requests left in flight by the warm-up can add to a round: the smallest round is exact.
      sqlPerRequest: usesMysql ? Math.min(...driverRounds) : null,
      dbQuestionsPerRequest: probe ? perProbe(probe.Questions) : null,
      selectsPerRequest: probe ? perProbe(probe.Com_select) : null,
      sqlPerRequestUnderLoad: loadDelta ? perRequest(loadDelta.Questions) : null,
      probeCountersPerRequest: probe ? Object.fromEntries(Object.entries(probe).map(([k, v]) => [k, perProbe(v)])) : null,
      probeRounds,
      driverRounds,
      cpuMsPerRequest: perRequest(cpuMs),
      rssMaxMiB,
      bytesPerResponse: perRequest(result.throughput.total),
    };
  } catch (error) {
    const output = server.output();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}${output ? `\n--- ${serverName} output ---\n${output}` : ''}`,
    );
  } finally {
    await server.stop();
    if (isWrite(query) && usesMysql) await undoWrites(db, ctx.data);
    // The whole life of the process: start-up, probe, warm-up and the measured window.
    if (profile) console.error(summarizeProfile(join(PROFILE_DIR, profile), 15));
  }
}
