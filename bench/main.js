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
import { isShaped, operationOf, requestSource, useQ6Cursor } from './queries.js';
import { generateData } from './data.js';
import {
  benchDatabaseName,
  connectServer,
  countM1Rows,
  deleteM1Rows,
  recreateDatabase,
  serverVersion,
  verifyRowCounts,
} from './database.js';
import { runInProcess } from './in-process.js';
import { parseOptions } from './options.js';
import { loadProject } from './project.js';
import { formatTable, machineInfo, withRatios, writeResults } from './report.js';
import { SERVER_KINDS, startServer } from './servers.js';

/** @typedef {import('./options.js').BenchOptions} BenchOptions */

/** @param {string} message */
const log = (message) => console.error(`[bench] ${message}`);

/**
 * Whether `query` runs on `server`: the client-shaped entries on Persist's servers only (queries.js SHAPED).
 * @param {import('./queries.js').QueryName} query @param {string} server
 */
const measuredOn = (query, server) => !isShaped(query) || server.startsWith('persist-');

/**
 * Every selected server must answer every selected operation exactly like the reference.
 * @param {BenchOptions} options @param {import('mysql2/promise').Connection | null} db
 * @param {ReturnType<typeof expectedResponses>} expected
 */
async function checkIdentical(options, db, expected) {
  let port = options.portBase;
  for (const name of options.servers) {
    const usesMysql = SERVER_KINDS[name].usesMysql;
    const server = await startServer(name, port++, options.databaseUrl);
    try {
      for (const query of options.queries) {
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
          await deleteM1Rows(db);
        }
      }
    } catch (error) {
      if (server.output()) log(`output of ${name}:\n${server.output()}`);
      throw error;
    } finally {
      await server.stop();
    }
    log(`${name}: identical answers to ${options.queries.filter((q) => measuredOn(q, name)).join(', ')}`);
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
  return { ...median, repeatsReqPerSec: runs.map((m) => m.reqPerSec) };
}

/** @param {BenchOptions} options */
async function runHttp(options) {
  const started = new Date();
  const data = generateData();
  const expected = expectedResponses(data);
  const needsMysql = options.servers.some((s) => SERVER_KINDS[s].usesMysql);
  const needsProject = (needsMysql && options.load) || options.servers.some((s) => s.startsWith('persist-'));
  const project = needsProject ? await loadProject() : null;

  /** @type {import('mysql2/promise').Connection | null} */
  let db = null;
  let mariadb = 'not used';
  if (needsMysql) {
    benchDatabaseName(options.databaseUrl);
    await assertReachable(options.databaseUrl);
    if (options.load) {
      if (!project) throw new Error('internal: the project is needed to create the tables');
      log('creating persist_bench with the project DDL and loading the data set');
      await recreateDatabase(options.databaseUrl, project, data);
    } else {
      await verifyRowCounts(options.databaseUrl, data);
    }
    db = await mysql.createConnection({ uri: options.databaseUrl, charset: 'utf8mb4' });
    mariadb = await serverVersion(db);
    await deleteM1Rows(db);
  }
  try {
    await checkIdentical(options, db, expected);
    if (options.checkOnly) return;

    // Loaded here so that the in-process mode (and its profiles) never loads the load generator.
    const { measure } = await import('./measure.js');
    const loadBefore = os.loadavg();
    /** @type {import('./measure.js').Measurement[]} */
    const measurements = [];
    let run = 0;
    for (const query of options.queries) {
      /** @type {Map<string, import('./measure.js').Measurement[]>} */
      const repeats = new Map();
      // Repeats go round the servers, so that a noisy minute does not hit only one of them, and
      // every other repeat in reverse order: the server measured second in a pair was seen to run
      // 10-20% faster (2026-12-01), a bias that alternating cancels out over the repeats.
      for (let r = 0; r < options.repeat; r++) {
        for (const server of r % 2 === 0 ? options.servers : [...options.servers].reverse()) {
          if (!measuredOn(query, server)) continue;
          if (SERVER_KINDS[server].usesMysql && !db) throw new Error('internal: no database connection');
          const ctx = { options, db: /** @type {import('mysql2/promise').Connection} */ (db), port: options.portBase + (run++ % 20) };
          const m = await measure(query, server, ctx);
          repeats.set(server, [...(repeats.get(server) ?? []), m]);
          log(
            `${query} ${server}: ${m.reqPerSec.toFixed(1)} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, ${m.cpuMsPerRequest?.toFixed(3)} ms CPU/req`,
          );
        }
      }
      for (const server of options.servers) if (measuredOn(query, server)) measurements.push(medianRun(repeats.get(server) ?? []));
    }
    const rows = withRatios(measurements);
    console.log(`\n${formatTable(rows)}\n`);
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
        probeRequests: options.probeRequests,
        persistNodeFlags: options.nodeFlags,
      },
      check: 'every server returned data identical to the reference for every query',
      results: rows,
    });
    log(`results written to ${options.output}`);
  } finally {
    await db?.end();
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
