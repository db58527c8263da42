// @ts-check
/**
 * Command-line flags (and BENCH_* environment variables) of `npm run bench`. Defaults keep a full
 * run of 4 queries × 4 servers under about three minutes; the final measurement raises them
 * (`--duration 30 --warmup 5`).
 */
import { parseArgs } from 'node:util';
import { OPERATION_NAMES, QUERY_NAMES } from './queries.js';
import { SERVER_NAMES } from './servers.js';

/**
 * @typedef {object} BenchOptions
 * @property {number} duration seconds measured per query and server
 * @property {number} warmup seconds of load before measuring
 * @property {number} connections concurrent connections of the load generator
 * @property {number} probeRequests sequential requests per statement-count probe round
 * @property {number} repeat measurements per query and server; the median (by req/s) is reported
 * @property {number} scale HTTP mode: 1, or n > 1 to measure the selected reads of SCALED_QUERIES at n times the data as well; in-process mode: the data scale of the run
 * @property {import('./queries.js').QueryName[]} queries
 * @property {import('./servers.js').ServerName[]} servers
 * @property {string} databaseUrl MariaDB URL whose database is the benchmark's own
 * @property {number} portBase first loopback port; servers take consecutive ports
 * @property {boolean} load (re)create and load the database before measuring
 * @property {boolean} checkOnly verify identical answers, then stop
 * @property {boolean} inProcess run the in-process loop instead of HTTP servers
 * @property {'inmemory' | 'mysql' | 'googlesheets'} datastore datastore of the in-process mode
 * @property {number} latencyMs emulated round trip of the Sheets API emulator (googlesheets)
 * @property {number} concurrency requests in flight in the in-process mode
 * @property {boolean} profile in-process mode under `node --cpu-prof`, then summarize
 * @property {boolean} auth in-process mode: the server of persist-mysql-auth (bench/auth.js: a JWT on every request, a row-filtered role)
 * @property {boolean} node in-process mode: drive the node request listener (the lean path) instead of yoga.fetch
 * @property {boolean} profileServers HTTP mode: run every server (raw and naive too, for comparison) under `node --cpu-prof`
 * @property {string[]} nodeFlags extra node flags for the persist servers (e.g. heap sizes)
 * @property {string} output where the JSON results go
 */

/** The reads whose cost must grow linearly with the data (issue 17): measured again at --scale. */
export const SCALED_QUERIES = /** @type {const} */ (['Q1', 'Q2', 'Q3']);

/** What --issue17 stands for (keep HELP in step): every request shape of Q1-Q3 on raw and Persist's servers, auth included, 3 repeats, 10x the data. */
const ISSUE17 = {
  queries: 'Q1,Q2,Q3,Q1-apollo,Q2-apollo,Q3-apollo,Q1-urql,Q2-urql,Q3-urql',
  servers: 'raw,persist-mysql,persist-mysql-auth,persist-inmemory',
  repeat: '3',
  scale: '10',
};

const HELP = `npm run bench -- [flags]

HTTP mode (default): check that every server answers identically, then load each one.
  --duration <s>       measured seconds per query and server (BENCH_DURATION, default 5)
  --warmup <s>         warm-up seconds before measuring (BENCH_WARMUP, default 2)
  --connections <n>    load-generator connections (BENCH_CONNECTIONS, default 16)
  --repeat <n>         measurements per query and server, median reported (BENCH_REPEAT, default 1)
  --queries <list>     subset of ${QUERY_NAMES.join(',')} (default all; -apollo and -urql: the reads
                       in Apollo Client's and urql's request shapes, on Persist's servers only)
  --servers <list>     subset of ${SERVER_NAMES.join(',')} (default all)
  --scale <n>          also measure the selected ${SCALED_QUERIES.join(', ')} at n times the data (n × 2,000 employees,
                       database <name>_x<n>; not on naive) and print the growth of CPU per request
                       (BENCH_SCALE, default 1: the 1x data only)
  --issue17            issue 17's matrix in one run: --queries Q1,Q2,Q3 and their -apollo and -urql
                       shapes, --servers raw,persist-mysql,persist-mysql-auth,persist-inmemory,
                       --repeat 3, --scale 10 (flags given as well override these)
  --no-load            reuse the data already in the database (default: recreate and load)
  --check-only         only verify that every server returns identical data
  --output <file>      JSON results (default bench/results/latest.json)
  --port-base <n>      first loopback port (BENCH_PORT_BASE, default 4650)
  --profile-servers    run every server (raw too) under node --cpu-prof; a summary per run
  --node-flags=<f>     extra node flags for the persist servers, e.g. --node-flags=--max-semi-space-size=32
In-process mode (no HTTP; for profiling):
  --in-process         execute the queries through yoga.fetch in a loop
  --datastore <name>   inmemory | mysql | googlesheets (default inmemory; googlesheets runs over the
                       Sheets API emulator and reports API calls per request)
  --latency <ms>       googlesheets: emulated round trip of each API call (default 50)
  --concurrency <n>    requests in flight (default 16)
  --scale <n>          run at n times the data (default 1)
  --profile            run under node --cpu-prof and print where the time goes
  --auth               with persist-mysql-auth's JWT and row-filtered role (bench/auth.js)
  --node               through the node request listener persist serve listens with (the lean
                       path, request ids, metrics; no socket) instead of yoga.fetch
Environment: BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/persist_bench); BENCH_SERVER_LOGS=<dir>:
  each server's whole stdout and stderr in <dir>/<server>-<port>-<pid>.log (e.g. with --node-flags=--trace-gc).`;

/** @param {string} name @param {string} text */
function positiveNumber(name, text) {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got '${text}'`);
  return n;
}

/** @param {string} name @param {string} text */
function positiveInteger(name, text) {
  const n = positiveNumber(name, text);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be a whole number, got '${text}'`);
  return n;
}

/**
 * @template {string} T
 * @param {string} name @param {string} text @param {readonly T[]} allowed
 * @returns {T[]}
 */
function subset(name, text, allowed) {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(/** @type {T} */ (item)))
      throw new Error(`--${name}: unknown '${item}' (expected some of ${allowed.join(', ')})`);
  }
  return /** @type {T[]} */ (items);
}

/**
 * @param {string[]} argv
 * @returns {BenchOptions | null} null when help was printed
 */
export function parseOptions(argv) {
  const env = process.env;
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      duration: { type: 'string', default: env.BENCH_DURATION ?? '5' },
      warmup: { type: 'string', default: env.BENCH_WARMUP ?? '2' },
      connections: { type: 'string', default: env.BENCH_CONNECTIONS ?? '16' },
      'probe-requests': { type: 'string', default: '2' },
      repeat: { type: 'string' },
      scale: { type: 'string' },
      issue17: { type: 'boolean', default: false },
      queries: { type: 'string' },
      servers: { type: 'string' },
      'port-base': { type: 'string', default: env.BENCH_PORT_BASE ?? '4650' },
      'no-load': { type: 'boolean', default: false },
      'check-only': { type: 'boolean', default: false },
      'in-process': { type: 'boolean', default: false },
      datastore: { type: 'string', default: 'inmemory' },
      concurrency: { type: 'string', default: '16' },
      latency: { type: 'string', default: '50' },
      profile: { type: 'boolean', default: false },
      auth: { type: 'boolean', default: false },
      node: { type: 'boolean', default: false },
      'profile-servers': { type: 'boolean', default: false },
      'node-flags': { type: 'string', default: '' },
      output: { type: 'string', default: 'bench/results/latest.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return null;
  }
  // --issue17 fills in what was not given on the command line (the environment counts as not given).
  const preset = values.issue17 ? ISSUE17 : null;
  const repeat = values.repeat ?? preset?.repeat ?? env.BENCH_REPEAT ?? '1';
  const scale = values.scale ?? preset?.scale ?? env.BENCH_SCALE ?? '1';
  const datastore = values.datastore;
  if (datastore !== 'inmemory' && datastore !== 'mysql' && datastore !== 'googlesheets')
    throw new Error(`--datastore must be inmemory, mysql or googlesheets, got '${datastore}'`);
  return {
    duration: positiveNumber('duration', values.duration),
    warmup: Number(values.warmup) >= 0 ? Number(values.warmup) : positiveNumber('warmup', values.warmup),
    connections: Math.round(positiveNumber('connections', values.connections)),
    probeRequests: Math.round(positiveNumber('probe-requests', values['probe-requests'])),
    repeat: Math.round(positiveNumber('repeat', repeat)),
    scale: positiveInteger('scale', scale),
    // In-process runs send plain requests through yoga.fetch: the client-shaped entries are HTTP's.
    queries: (() => {
      const names = values['in-process'] ? OPERATION_NAMES : QUERY_NAMES;
      return subset('queries', values.queries ?? preset?.queries ?? names.join(','), names);
    })(),
    servers: subset('servers', values.servers ?? preset?.servers ?? SERVER_NAMES.join(','), SERVER_NAMES),
    databaseUrl: env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/persist_bench',
    portBase: Math.round(positiveNumber('port-base', values['port-base'])),
    load: !values['no-load'],
    checkOnly: values['check-only'],
    inProcess: values['in-process'],
    datastore,
    concurrency: Math.round(positiveNumber('concurrency', values.concurrency)),
    latencyMs: Number(values.latency) >= 0 ? Number(values.latency) : positiveNumber('latency', values.latency),
    profile: values.profile,
    auth: values.auth,
    node: values.node,
    profileServers: values['profile-servers'],
    nodeFlags: values['node-flags'].split(/\s+/).filter(Boolean),
    output: values.output,
  };
}
