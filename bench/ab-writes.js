// @ts-check
/**
 * Interleaved A/B of the write operations in one process (issue 17, M1–M3): two builds of the
 * project (A: `dist/`, B: another build's directory, e.g. a copy of main's `dist/` made before a
 * change), each with its own datastore over the same MySQL database, driven alternately through
 * the node request listener (the lean path) without sockets. Per round and build: CPU per request
 * of this process (concurrency 16; MariaDB's own CPU is not counted), bytes allocated per request
 * (concurrency 1, new space large enough that no GC runs in the window). Rows written are deleted
 * between rounds.
 * BENCH_DATABASE_URL=… node --max-semi-space-size=64 bench/ab-writes.js <B dist dir> [M1,M2,M3] [rounds] [requests]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';
import { generateData } from './data.js';
import { NodeRequest, NodeResponse } from './node-request.js';
import { undoWrites, verifyRowCounts } from './database.js';
import { MODEL_PATH } from './project.js';
import { bodySource } from './queries.js';

process.env.NODE_ENV ??= 'production';
const [otherDist, names = 'M1,M2', roundsText = '8', requestsText = '200'] = process.argv.slice(2);
if (otherDist === undefined) throw new Error('usage: node bench/ab-writes.js <B dist dir> [M1,M2,M3] [rounds] [requests]');
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/persist_bench';

/** A server of the build in `dist` over its own MySQL datastore, as bench/project.js builds it. @param {string} dist */
async function serverOf(dist) {
  const load = (/** @type {string} */ path) => import(pathToFileURL(resolve(dist, path)).href);
  const { compileModel } = await load('model/index.js');
  const { createDatastore } = await load('datastore/create-datastore.js');
  const { createServer } = await load('server/index.js');
  // As bench/project.js: the model with the index of Employee.lastName (only the DDL differs).
  const text = readFileSync(MODEL_PATH, 'utf8')
    .replace('import ballerina/time;\n', 'import ballerina/time;\nimport ballerinax/persist.sql;\n')
    .replace('    string lastName;\n', '    @sql:Index\n    string lastName;\n');
  const { model } = compileModel(text);
  const datastore = await createDatastore(model, { datastore: 'mysql', databaseUrl });
  const server = await createServer({ model, datastore, logging: false });
  return { handler: server.handler, datastore };
}

await verifyRowCounts(databaseUrl, generateData(1));
const conn = await mysql.createConnection(databaseUrl);
const data = generateData(1);
const a = await serverOf('dist');
const b = await serverOf(otherDist);
/** @param {any} handler @param {string} body */
const post = async (handler, body) => {
  const res = new NodeResponse();
  handler(new NodeRequest(body), res);
  return String(await res.done);
};

let gcs = 0;
new PerformanceObserver((list) => (gcs += list.getEntries().length)).observe({ entryTypes: ['gc'] });
const rounds = Number(roundsText);
const requests = Number(requestsText);
/** @param {any} handler @param {() => string} next */
async function cpuPerRequest(handler, next) {
  let left = requests;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (left-- > 0) {
        const text = await post(handler, next());
        if (text.includes('"errors"')) throw new Error(text.slice(0, 500));
      }
    }),
  );
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000 / requests;
}
/** @param {any} handler @param {() => string} next */
async function bytesPerRequest(handler, next) {
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((r) => setTimeout(r, 5));
    const bodies = Array.from({ length: 5 }, next);
    const g = gcs;
    const before = process.memoryUsage().heapUsed;
    for (const body of bodies) await post(handler, body);
    const after = process.memoryUsage().heapUsed;
    await new Promise((r) => setTimeout(r, 1));
    if (gcs === g && after > before) return (after - before) / bodies.length;
  }
  return NaN;
}
const median = (/** @type {number[]} */ xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
try {
  for (const q of names.split(',')) {
    const op = /** @type {import('./queries.js').OperationName} */ (q);
    const sources = { A: bodySource(op, 'ab-a'), B: bodySource(op, 'ab-b') };
    // Warm-up, and the same answer from both builds for the same request.
    const check = bodySource(op, 'ab-check');
    await undoWrites(conn, data);
    const first = await post(a.handler, check());
    await undoWrites(conn, data);
    const checkAgain = bodySource(op, 'ab-check');
    if ((await post(b.handler, checkAgain())) !== first) throw new Error(`${q}: A and B answer differently`);
    for (let i = 0; i < 50; i++) await post(a.handler, sources.A());
    for (let i = 0; i < 50; i++) await post(b.handler, sources.B());
    /** @type {Record<string, { cpu: number[]; bytes: number[] }>} */
    const out = { A: { cpu: [], bytes: [] }, B: { cpu: [], bytes: [] } };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? /** @type {const} */ (['A', 'B']) : /** @type {const} */ (['B', 'A']);
      for (const s of order) {
        const h = s === 'A' ? a.handler : b.handler;
        out[s].cpu.push(await cpuPerRequest(h, sources[s]));
        out[s].bytes.push(await bytesPerRequest(h, sources[s]));
      }
      await undoWrites(conn, data);
    }
    const [ca, cb] = [median(out.A.cpu), median(out.B.cpu)];
    const [ba, bb] = [median(out.A.bytes), median(out.B.bytes)];
    console.log(
      `${q}: CPU/req A ${ca.toFixed(3)} ms  B ${cb.toFixed(3)} ms  A/B ${(ca / cb).toFixed(2)}   alloc/req A ${(ba / 1024).toFixed(0)} KB  B ${(bb / 1024).toFixed(0)} KB`,
    );
    console.log(`   A cpu ${out.A.cpu.map((x) => x.toFixed(2)).join(' ')} | B cpu ${out.B.cpu.map((x) => x.toFixed(2)).join(' ')}`);
  }
} finally {
  await undoWrites(conn, data);
  await conn.end();
  await a.datastore.close();
  await b.datastore.close();
}
