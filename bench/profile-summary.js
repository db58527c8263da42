// @ts-check
/**
 * Where the time goes in a `node --cpu-prof` profile: self time by package (graphql, yoga's
 * whatwg-node, mysql2, the project's own modules, garbage collection, …) and the top functions.
 * Used by `npm run bench -- --in-process --profile`, and on its own:
 *   node bench/profile-summary.js <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {{ functionName: string; url: string; lineNumber: number; columnNumber: number }} CallFrame
 * @typedef {{ id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }} CpuProfile
 */

/** Native bindings under node:net's Socket._write: time spent in the write system calls. */
const SOCKET_WRITES = new Set(['writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'writev']);

/**
 * The bucket a frame's self time is counted in.
 * @param {CallFrame} frame
 */
export function categoryOf(frame) {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'VM / native (program)';
    if (functionName === '(root)') return 'root';
    if (SOCKET_WRITES.has(functionName)) return 'socket writes (syscalls)';
    return 'builtins (JSON, RegExp, …)';
  }
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return `persist ${url.slice(dist + '/dist/'.length).split('/')[0]}`;
  if (url.includes('/bench/')) return 'bench harness';
  return url;
}

/** @param {string} url */
function shortUrl(url) {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\/.*\/bench\//, 'bench/');
}

/**
 * Self time per category and per function.
 * @param {CpuProfile} profile
 */
export function analyzeProfile(profile) {
  /** @type {Map<number, ProfileNode>} */
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = /** @type {number} */ (profile.samples[i]);
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  /** @type {Map<string, number>} */
  const categories = new Map();
  /** @type {Map<string, { name: string; where: string; category: string; us: number }>} */
  const functions = new Map();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const category = categoryOf(node.callFrame);
    categories.set(category, (categories.get(category) ?? 0) + us);
    const where = node.callFrame.url ? `${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}` : '';
    const key = `${node.callFrame.functionName}@${where}`;
    const entry = functions.get(key) ?? { name: node.callFrame.functionName || '(anonymous)', where, category, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const idleUs = categories.get('idle') ?? 0;
  return {
    totalMs: totalUs / 1000,
    busyMs: (totalUs - idleUs) / 1000,
    categories: [...categories].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
    functions: [...functions.values()].map((f) => ({ ...f, ms: f.us / 1000 })).sort((a, b) => b.ms - a.ms),
  };
}

/**
 * A readable summary; percentages are of busy (non-idle) time.
 * @param {string} file @param {number} [top]
 */
export function summarizeProfile(file, top = 25) {
  const a = analyzeProfile(JSON.parse(readFileSync(file, 'utf8')));
  const pct = (/** @type {number} */ ms) => `${((100 * ms) / a.busyMs).toFixed(1).padStart(5)}%`;
  const lines = [`profile ${file}`, `sampled ${a.totalMs.toFixed(0)} ms, busy ${a.busyMs.toFixed(0)} ms`, '', 'self time by package:'];
  for (const c of a.categories) if (c.name !== 'idle') lines.push(`  ${pct(c.ms)}  ${c.ms.toFixed(0).padStart(7)} ms  ${c.name}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const f of a.functions.slice(0, top)) {
    if (f.category === 'idle') continue;
    lines.push(`  ${pct(f.ms)}  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}  ${f.where || `[${f.category}]`}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/profile-summary.js <file.cpuprofile> [top]');
    process.exitCode = 2;
  } else {
    console.log(summarizeProfile(file, top ? Number(top) : 25));
  }
}
