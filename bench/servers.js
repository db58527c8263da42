// @ts-check
/**
 * The servers under test and how to start each one: its own child process (restarted for every
 * measurement so that no run inherits another's heap or caches), on a loopback port.
 */
import { fork } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_AUTH_HEADERS } from './auth.js';

/** @typedef {'raw' | 'naive' | 'persist-mysql' | 'persist-mysql-nolimits' | 'persist-mysql-auth' | 'persist-inmemory'} ServerName */

/** @type {readonly ServerName[]} */
export const SERVER_NAMES = ['raw', 'naive', 'persist-mysql', 'persist-mysql-nolimits', 'persist-mysql-auth', 'persist-inmemory'];

/**
 * @typedef {object} ServerKind
 * @property {string} script entry point, relative to bench/
 * @property {boolean} usesMysql whether requests reach MariaDB (statement counts, cleanup)
 * @property {Record<string, string>} env extra environment
 * @property {Record<string, string>} [headers] extra headers of every request sent to it
 */

/** @type {Record<ServerName, ServerKind>} */
export const SERVER_KINDS = {
  raw: { script: 'servers/raw-server.js', usesMysql: true, env: {} },
  naive: { script: 'servers/naive-server.js', usesMysql: true, env: {} },
  'persist-mysql': { script: 'servers/persist-server.js', usesMysql: true, env: { BENCH_DATASTORE: 'mysql' } },
  // The same with every request limit off (`limits: false`): what the limits cost, in the same run.
  'persist-mysql-nolimits': {
    script: 'servers/persist-server.js',
    usesMysql: true,
    env: { BENCH_DATASTORE: 'mysql', BENCH_LIMITS: 'off' },
  },
  // With persist.auth, a JWT on every request and a role whose row filters apply (bench/auth.js).
  'persist-mysql-auth': {
    script: 'servers/persist-server.js',
    usesMysql: true,
    env: { BENCH_DATASTORE: 'mysql', BENCH_AUTH: 'on' },
    headers: BENCH_AUTH_HEADERS,
  },
  'persist-inmemory': { script: 'servers/persist-server.js', usesMysql: false, env: { BENCH_DATASTORE: 'inmemory' } },
};

/**
 * @typedef {object} RunningServer
 * @property {ServerName} name
 * @property {number} pid
 * @property {string} url base URL, e.g. http://127.0.0.1:4650
 * @property {() => Promise<void>} stop
 * @property {(command: 'start' | 'take' | 'stop') => Promise<number>} countStatements the server's own SQL statement count (see servers/child-support.js)
 * @property {() => string} output the last lines the process printed
 */

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Starts one server and resolves once it listens.
 * @param {ServerName} name @param {number} port @param {string} databaseUrl
 * @param {string[]} [execArgv] extra node flags (e.g. --cpu-prof)
 * @param {number} [scale] the data scale (bench/data.js), which the in-memory server generates itself
 * @returns {Promise<RunningServer>}
 */
export function startServer(name, port, databaseUrl, execArgv = [], scale = 1) {
  const kind = SERVER_KINDS[name];
  const script = fileURLToPath(new URL(kind.script, import.meta.url));
  const child = fork(script, [], {
    env: {
      ...process.env,
      ...kind.env,
      BENCH_PORT: String(port),
      BENCH_DATABASE_URL: databaseUrl,
      BENCH_SCALE: String(scale),
      NODE_ENV: 'production',
    },
    execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  /** @type {string[]} */
  const lines = [];
  /** @param {Buffer} chunk */
  const keep = (chunk) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const logDir = process.env['BENCH_SERVER_LOGS'];
  if (logDir && child.pid !== undefined) {
    // Everything the server prints, e.g. under --node-flags=--trace-gc (the lines above keep only the last 40).
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(join(logDir, `${name}-${port}-${child.pid}.log`));
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('close', () => log.end());
  }
  const output = () => lines.join('\n');
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  /** @param {'start' | 'take' | 'stop'} command */
  const countStatements = (command) =>
    new Promise((resolve, reject) => {
      /** @param {unknown} message */
      const onMessage = (message) => {
        if (typeof message !== 'object' || message === null || !('statements' in message)) return;
        child.off('message', onMessage);
        resolve(Number(message.statements));
      };
      child.on('message', onMessage);
      child.send({ statements: command }, (error) => {
        if (error) reject(error);
      });
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s:\n${output()}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal}):\n${output()}`));
    });
    child.on('message', (message) => {
      if (typeof message === 'object' && message !== null && 'ready' in message && child.pid !== undefined) {
        clearTimeout(timer);
        resolve({ name, pid: child.pid, url: `http://127.0.0.1:${port}`, stop, output, countStatements });
      }
    });
  });
}

/**
 * User + system CPU time a process has used so far, in milliseconds (/proc/<pid>/stat fields 14
 * and 15, in clock ticks of 10 ms on Linux).
 * @param {number} pid
 */
export function cpuMillis(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * (1000 / CLOCK_TICKS_PER_SECOND);
}

/** USER_HZ: 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Resident set size of a process in MiB (/proc/<pid>/status VmRSS).
 * @param {number} pid
 */
export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

/**
 * Samples a process's RSS every `intervalMs` until stopped; returns the maximum seen.
 * @param {number} pid @param {number} [intervalMs]
 */
export function sampleRss(pid, intervalMs = 100) {
  let max = rssMiB(pid);
  const timer = setInterval(() => {
    try {
      max = Math.max(max, rssMiB(pid));
    } catch {
      // The process ended; the failure shows up where the load generator reports it.
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return max;
    },
  };
}
