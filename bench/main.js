// @ts-check
/**
 * `npm run bench`: loads the deterministic rainier data into MariaDB, checks that every server
 * (raw, naive, persist-mysql, persist-inmemory) returns identical data for Q1–Q6 and M1, then
 * measures each query on each server over HTTP and prints and saves the comparison.
 * `--in-process` runs the queries through Yoga without HTTP instead (for profiling).
 * See bench/README.md.
 */
import os from 'node:os';
import mysql from 'mysql2/promise';
import { assertIdentical, expectedResponses, post, send, walkQ6Pages } from './check.js';
import { isShaped, isWrite, operationOf, readsFirst, requestSource, useQ6Cursor } from './queries.js';
import { generateData } from './data.js';
import {
  benchDatabaseName,
  connectServer,
  countM1Rows,
  recreateDatabase,
  scaledDatabaseUrl,
  serverVersion,
  undoWrites,
  verifyRowCounts,
} from './database.js';
import { storedFault } from './mutations.js';
import { runInProcess } from './in-process.js';
import { parseOptions, SCALED_QUERIES } from './options.js';
import { loadProject } from './project.js';
import { formatTable, machineInfo, queryLabel, withRatios, writeResults } from './report.js';
import { SERVER_KINDS, startServer } from './servers.js';
import { formatGrowth, formatTargets, growthOf, targetsOf } from './targets.js';

/** @typedef {import('./options.js').BenchOptions} BenchOptions */
/** @typedef {import('./servers.js').ServerName} ServerName */

/**
 * The data at one scale and what is measured on it: every selected query and server at scale 1;
 * at --scale n the selected reads of SCALED_QUERIES, on every selected server but naive (its Q2
 * would cost 40,000 statements a request), in a database of its own.
 * @typedef {object} DataSet
 * @property {number} scale
 * @property {string} databaseUrl
 * @property {import('./data.js').BenchData} data
 * @property {ReturnType<typeof expectedResponses>} expected
 * @property {import('./queries.js').QueryName[]} queries
 * @property {ServerName[]} servers
 * @property {boolean} usesMysql whether one of its servers reads MariaDB
 * @property {import('mysql2/promise').Connection | null} db connection to its database, once loaded
 */

/** @param {string} message */
const log = (message) => console.error(`[bench] ${message}`);

/**
 * Whether `query` runs on `server`: the client-shaped entries on Persist's servers only (queries.js SHAPED).
 * @param {import('./queries.js').QueryName} query @param {string} server
 */
const measuredOn = (query, server) => !isShaped(query) || server.startsWith('persist-');

/**
 * The data sets of a run: scale 1, and --scale's when it is above 1.
 * @param {BenchOptions} options
 * @returns {DataSet[]}
 */
function dataSets(options) {
  /** @type {{ scale: number; queries: import('./queries.js').QueryName[]; servers: ServerName[] }[]} */
  const plans = [{ scale: 1, queries: options.queries, servers: options.servers }];
  if (options.scale > 1) {
    const queries = options.queries.filter((q) => /** @type {readonly string[]} */ (SCALED_QUERIES).includes(q));
    const servers = options.servers.filter((s) => s !== 'naive');
    if (queries.length === 0 || servers.length === 0)
      throw new Error(`--scale ${options.scale} measures ${SCALED_QUERIES.join(', ')} on servers other than naive: select some of both`);
    plans.push({ scale: options.scale, queries, servers });
  }
  return plans.map((plan) => {
    const data = generateData(plan.scale);
    return {
      ...plan,
      data,
      expected: expectedResponses(data),
      databaseUrl: scaledDatabaseUrl(options.databaseUrl, plan.scale),
      usesMysql: plan.servers.some((s) => SERVER_KINDS[s].usesMysql),
      db: null,
    };
  });
}

/**
 * Every server of a data set must answer each of its operations exactly like the reference.
 * @param {BenchOptions} options @param {DataSet} set
 */
async function checkIdentical(options, set) {
  const { db, expected, data } = set;
  let port = options.portBase;
  for (const name of set.servers) {
    const usesMysql = SERVER_KINDS[name].usesMysql;
    const server = await startServer(name, port++, set.databaseUrl, [], set.scale);
    try {
      // The writes last: the in-memory server keeps what M2 created, which Q2 would list.
      for (const query of readsFirst(set.queries)) {
        if (!measuredOn(query, name)) continue;
        if (query === 'Q6') {
          // Q6 (issue 11): pages 1 and 2 give the cursor of the timed page 3.
          useQ6Cursor(await walkQ6Pages(name, (body) => post(server.url, body, SERVER_KINDS[name].headers), expected.Q6.pages));
          continue;
        }
        const answer = isShaped(query)
          ? await send(server.url, requestSource(query, 'check', SERVER_KINDS[name].headers)())
          : await post(server.url, expected[operationOf(query)].body, SERVER_KINDS[name].headers);
        assertIdentical(name, query, answer, expected[operationOf(query)].expected);
        if (query === 'M1' && usesMysql && db) {
          const stored = await countM1Rows(db);
          if (stored !== 100) throw new Error(`${name}: M1 answered correctly but stored ${stored} rows instead of 100`);
        }
        if ((query === 'M2' || query === 'M3') && usesMysql && db) {
          const fault = await storedFault(query, db, data);
          if (fault) throw new Error(`${name}: ${query} answered correctly but ${fault}`);
        }
        if (isWrite(query) && usesMysql && db) await undoWrites(db, data);
      }
    } catch (error) {
      if (server.output()) log(`output of ${name}:\n${server.output()}`);
      throw error;
    } finally {
      await server.stop();
    }
    const checked = set.queries.filter((q) => measuredOn(q, name)).map((q) => queryLabel(q, set.scale));
    log(`${name}: identical answers to ${checked.join(', ')}`);
  }
}

/**
 * Fails early, with the fix, when MariaDB is not there.
 * @param {string} databaseUrl
 */
async function assertReachable(databaseUrl) {
  try {
    const conn = await connectServer(databaseUrl);
    await conn.end();
  } catch (error) {
    const url = new URL(databaseUrl);
    throw new Error(
      `cannot reach MariaDB at ${url.host} as ${url.username || '(no user)'}: ${error instanceof Error ? error.message : String(error)}\n` +
        '  start it (e.g. `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`), set BENCH_DATABASE_URL, ' +
        'or measure only the in-memory store with --servers persist-inmemory',
    );
  }
}

/**
 * The run with the median req/s (the lower middle one for an even count), with every run's req/s.
 * @param {import('./measure.js').Measurement[]} runs
 */
function medianRun(runs) {
  const sorted = [...runs].sort((a, b) => a.reqPerSec - b.reqPerSec);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!median) throw new Error('internal: no measurement');
  return { ...median, repeatsReqPerSec: runs.map((m) => m.reqPerSec), repeatsCpuMsPerRequest: runs.map((m) => m.cpuMsPerRequest) };
}

/** @param {BenchOptions} options */
async function runHttp(options) {
  const started = new Date();
  const sets = dataSets(options);
  const needsMysql = sets.some((set) => set.usesMysql);
  const needsProject = (needsMysql && options.load) || options.servers.some((s) => s.startsWith('persist-'));
  const project = needsProject ? await loadProject() : null;

  let mariadb = 'not used';
  try {
    if (needsMysql) {
      benchDatabaseName(options.databaseUrl);
      await assertReachable(options.databaseUrl);
    }
    for (const set of sets) {
      if (!set.usesMysql) continue;
      const name = benchDatabaseName(set.databaseUrl);
      if (options.load) {
        if (!project) throw new Error('internal: the project is needed to create the tables');
        log(`creating ${name} with the project DDL and loading the data set${set.scale > 1 ? ` at ${set.scale}x` : ''}`);
        await recreateDatabase(set.databaseUrl, project, set.data);
      } else {
        await verifyRowCounts(set.databaseUrl, set.data);
      }
      set.db = await mysql.createConnection({ uri: set.databaseUrl, charset: 'utf8mb4' });
      mariadb = await serverVersion(set.db);
      await undoWrites(set.db, set.data);
    }
    for (const set of sets) await checkIdentical(options, set);
    if (options.checkOnly) return;

    // Loaded here so that the in-process mode (and its profiles) never loads the load generator.
    const { measure } = await import('./measure.js');
    const loadBefore = os.loadavg();
    /** @type {import('./measure.js').Measurement[]} */
    const measurements = [];
    let run = 0;
    for (const query of options.queries) {
      const measuredSets = sets.filter((set) => set.queries.includes(query));
      /** @type {Map<string, import('./measure.js').Measurement[]>} */
      const repeats = new Map();
      // Repeats go round the servers (and the data scales), so that a noisy minute does not hit
      // only one of them, and every other repeat in reverse order: the server measured second in a
      // pair was seen to run 10-20% faster (2026-12-01), a bias that alternating cancels out over
      // the repeats.
      for (let r = 0; r < options.repeat; r++) {
        for (const set of r % 2 === 0 ? measuredSets : [...measuredSets].reverse()) {
          for (const server of r % 2 === 0 ? set.servers : [...set.servers].reverse()) {
            if (!measuredOn(query, server)) continue;
            if (SERVER_KINDS[server].usesMysql && !set.db) throw new Error('internal: no database connection');
            const ctx = {
              options,
              db: /** @type {import('mysql2/promise').Connection} */ (set.db),
              databaseUrl: set.databaseUrl,
              scale: set.scale,
              data: set.data,
              port: options.portBase + (run++ % 20),
            };
            const m = await measure(query, server, ctx);
            const key = `${set.scale} ${server}`;
            repeats.set(key, [...(repeats.get(key) ?? []), m]);
            log(
              `${queryLabel(query, set.scale)} ${server}: ${m.reqPerSec.toFixed(1)} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, ${m.cpuMsPerRequest?.toFixed(3)} ms CPU/req`,
            );
          }
        }
      }
      for (const set of measuredSets)
        for (const server of set.servers)
          if (measuredOn(query, server)) measurements.push(medianRun(repeats.get(`${set.scale} ${server}`) ?? []));
    }
    const rows = withRatios(measurements);
    const growth = growthOf(rows);
    const targets = targetsOf(rows, growth);
    console.log(`\n${formatTable(rows)}\n`);
    if (growth.length > 0) console.log(`${formatGrowth(growth)}\n`);
    console.log(`${formatTargets(targets, options.repeat)}\n`);
    writeResults(options.output, {
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: machineInfo(mariadb),
      loadAverage: { before: loadBefore, after: os.loadavg() },
      settings: {
        duration: options.duration,
        warmup: options.warmup,
        connections: options.connections,
        repeat: options.repeat,
        scale: options.scale,
        probeRequests: options.probeRequests,
        persistNodeFlags: options.nodeFlags,
      },
      check: 'every server returned data identical to the reference for every query',
      results: rows,
      growth,
      targets,
    });
    log(`results written to ${options.output}`);
  } finally {
    for (const set of sets) await set.db?.end();
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (!options) return;
  if (options.inProcess) await runInProcess(options);
  else await runHttp(options);
}

main().catch((error) => {
  console.error(`[bench] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
