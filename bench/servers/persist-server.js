// @ts-check
/**
 * Persist itself, as `persist serve` runs it: the rainier model compiled by the project, a
 * datastore from `createDatastore`, and the node handler of `createServer`, on node:http. With
 * the in-memory datastore the process loads the benchmark data set through the datastore's own
 * `insert` before it reports ready.
 *
 * Run as a child of bench/main.js: BENCH_PORT, BENCH_DATASTORE (mysql | inmemory),
 * BENCH_DATABASE_URL, BENCH_SCALE (the in-memory data set's scale, bench/data.js), BENCH_LIMITS (`off`: no request limits), BENCH_AUTH (`on`: persist.auth and
 * the row-filtered role of bench/auth.js); reports readiness over IPC.
 */
import http from 'node:http';
import { generateData } from '../data.js';
import { loadIntoDatastore, loadProject } from '../project.js';
import { announceReady, requireEnv } from './child-support.js';

const kind = requireEnv('BENCH_DATASTORE');
if (kind !== 'mysql' && kind !== 'inmemory') throw new Error(`BENCH_DATASTORE must be mysql or inmemory, got '${kind}'`);

const project = await loadProject();
const datastore = await project.createDatastore(kind, requireEnv('BENCH_DATABASE_URL'));
if (kind === 'inmemory') await loadIntoDatastore(datastore, generateData(Number(requireEnv('BENCH_SCALE'))));
// The node handler `persist serve` listens with: the lean path for plain POST /graphql, Yoga for the rest.
const { handler } = await project.createServer(datastore, {
  ...(process.env['BENCH_LIMITS'] === 'off' ? { limits: false } : {}),
  ...(process.env['BENCH_AUTH'] === 'on' ? { auth: true } : {}),
});

const server = http.createServer(handler);
announceReady(server, () => datastore.close());
