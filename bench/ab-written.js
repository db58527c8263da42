// @ts-check
/**
 * Interleaved A/B in one process (issue 17, written answers): two servers over one datastore, A
 * with answers written from rows (graphql/json-answer/), B without (the writer declined at
 * compile time), driven alternately through the node request listener (the lean path) without
 * sockets. Per round and server: CPU per request (concurrency 16), and bytes allocated per request
 * (concurrency 1, new space large enough that no GC runs in the window: heapUsed delta).
 * node --max-semi-space-size=64 bench/ab-written.js [inmemory|mysql] [Q1,Q2,Q3] [rounds] [requests]
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { NodeRequest, NodeResponse } from './node-request.js';
import { generateData } from './data.js';
import { verifyRowCounts } from './database.js';
import { loadIntoDatastore, loadProject, withoutWrittenAnswers } from './project.js';
import { Q1, Q2, Q3 } from './queries.js';

process.env.NODE_ENV ??= 'production';
const [kind = 'inmemory', names = 'Q1,Q2,Q3', roundsText = '8', requestsText = '200'] = process.argv.slice(2);
const QUERIES = /** @type {Record<string, string>} */ ({ Q1, Q2, Q3 });
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/persist_bench';

const project = await loadProject();
const data = generateData(1);
if (kind === 'mysql') await verifyRowCounts(databaseUrl, data);
const datastore = await project.createDatastore(/** @type {'mysql' | 'inmemory'} */ (kind), databaseUrl);
if (kind === 'inmemory') await loadIntoDatastore(datastore, data);
const queries = names.split(',');
/** @param {any} handler @param {string} body */
const post = async (handler, body) => {
  const res = new NodeResponse();
  handler(new NodeRequest(body), res);
  return res.done;
};
const a = (await project.createServer(datastore)).handler;
for (const q of queries) await post(a, JSON.stringify({ query: QUERIES[q] }));
const b = await withoutWrittenAnswers(async () => {
  const { handler } = await project.createServer(datastore);
  for (const q of queries) await post(handler, JSON.stringify({ query: QUERIES[q] }));
  return handler;
});
for (const q of queries) {
  const body = JSON.stringify({ query: QUERIES[q] });
  const [ta, tb] = [String(await post(a, body)), String(await post(b, body))];
  if (ta !== tb) throw new Error(`${q}: A and B answer differently`);
}

let gcs = 0;
new PerformanceObserver((list) => (gcs += list.getEntries().length)).observe({ entryTypes: ['gc'] });
const rounds = Number(roundsText);
const requests = Number(requestsText);
/** @param {any} handler @param {string} body */
async function cpuPerRequest(handler, body) {
  let left = requests;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (left-- > 0) await post(handler, body);
    }),
  );
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000 / requests;
}
/** @param {any} handler @param {string} body */
async function bytesPerRequest(handler, body) {
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((r) => setTimeout(r, 5));
    const g = gcs;
    const before = process.memoryUsage().heapUsed;
    const n = 5;
    for (let i = 0; i < n; i++) await post(handler, body);
    const after = process.memoryUsage().heapUsed;
    await new Promise((r) => setTimeout(r, 1));
    if (gcs === g && after > before) return (after - before) / n;
  }
  return NaN;
}
const median = (/** @type {number[]} */ xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const q of queries) {
  const body = JSON.stringify({ query: QUERIES[q] });
  /** @type {Record<string, { cpu: number[]; bytes: number[] }>} */
  const out = { A: { cpu: [], bytes: [] }, B: { cpu: [], bytes: [] } };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? /** @type {const} */ (['A', 'B']) : /** @type {const} */ (['B', 'A']);
    for (const s of order) {
      const h = s === 'A' ? a : b;
      out[s].cpu.push(await cpuPerRequest(h, body));
      out[s].bytes.push(await bytesPerRequest(h, body));
    }
  }
  const [ca, cb] = [median(out.A.cpu), median(out.B.cpu)];
  const [ba, bb] = [median(out.A.bytes), median(out.B.bytes)];
  console.log(
    `${kind} ${q}: CPU/req A(written) ${ca.toFixed(3)} ms  B ${cb.toFixed(3)} ms  A/B ${(ca / cb).toFixed(2)}   alloc/req A ${(ba / 1024).toFixed(0)} KB  B ${(bb / 1024).toFixed(0)} KB`,
  );
}
await datastore.close();
