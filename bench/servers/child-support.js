// @ts-check
/** What every benchmark server process shares: environment, request bodies, start and stop, statement counting. */
import diagnosticsChannel from 'node:diagnostics_channel';

/** @param {string} name */
export function requireEnv(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`bench server: the environment variable ${name} is required (servers are started by bench/main.js)`);
    process.exit(2);
  }
  return value;
}

/**
 * The whole request body as text.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Listens on 127.0.0.1:BENCH_PORT, then tells the parent (over IPC) that requests may start.
 * SIGTERM or a disconnect from the parent closes the server and runs `onClose` before exiting.
 * @param {import('node:http').Server} server
 * @param {() => Promise<void>} onClose
 */
export function announceReady(server, onClose) {
  const port = Number(requireEnv('BENCH_PORT'));
  // Keep-alive connections from the load generator must not be cut between its requests.
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1', () => {
    if (process.send) process.send({ ready: true, pid: process.pid });
  });
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    server.closeAllConnections();
    server.close();
    onClose()
      .catch((error) => console.error('bench server: error while closing', error))
      .finally(() => process.exit(0));
  };
  process.on('message', answerStatementProbe);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

/**
 * Counts the SQL statements this process sends, through mysql2's tracing channels (every text
 * query and every prepared-statement execution, of any connection or pool, including the
 * project's). Subscribed only while the parent probes: a subscriber puts mysql2 on a slower path.
 */
const statementChannels = [diagnosticsChannel.tracingChannel('mysql2:query'), diagnosticsChannel.tracingChannel('mysql2:execute')];
let statements = 0;
const countStatement = { start: () => void statements++ };

/**
 * The parent's probe protocol: `{statements: 'start' | 'take' | 'stop'}`, each answered with
 * `{statements: n}`, the count since the previous answer.
 * @param {unknown} message
 */
function answerStatementProbe(message) {
  if (typeof message !== 'object' || message === null || !('statements' in message)) return;
  const command = message.statements;
  if (command === 'start') for (const channel of statementChannels) channel.subscribe(countStatement);
  if (command === 'stop') for (const channel of statementChannels) channel.unsubscribe(countStatement);
  if (process.send) process.send({ statements });
  statements = 0;
}
