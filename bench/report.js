// @ts-check
/** The benchmark's outputs: a table on stdout with ratios to raw, and the results as JSON. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';

/** @typedef {import('./measure.js').Measurement} Measurement */

/**
 * @typedef {Measurement & { reqPerSecVsRaw: number | null; cpuVsRaw: number | null; p50VsRaw: number | null }} RatedMeasurement
 */

/**
 * A query's name in the outputs: `Q2` on the rainier data, `Q2 x10` at ten times the data.
 * @param {string} query @param {number} scale
 */
export const queryLabel = (query, scale) => (scale > 1 ? `${query} x${scale}` : query);

/**
 * Adds each measurement's ratios to raw's figures for the same query at the same data scale (null
 * without a raw run).
 * @param {Measurement[]} measurements
 * @returns {RatedMeasurement[]}
 */
export function withRatios(measurements) {
  return measurements.map((m) => {
    const raw = measurements.find((r) => r.query === m.query && r.scale === m.scale && r.server === 'raw');
    return {
      ...m,
      reqPerSecVsRaw: raw && raw.reqPerSec > 0 ? m.reqPerSec / raw.reqPerSec : null,
      cpuVsRaw: raw && raw.cpuMsPerRequest && m.cpuMsPerRequest !== null ? m.cpuMsPerRequest / raw.cpuMsPerRequest : null,
      p50VsRaw: raw && raw.p50Ms && m.p50Ms !== null ? m.p50Ms / raw.p50Ms : null,
    };
  });
}

/** Below this many completed requests a row's per-request figures are marked as rough. */
export const FEW_REQUESTS = 20;

/** @param {number | null} n @param {number} digits */
export const fmt = (n, digits) => (n === null ? '-' : n.toFixed(digits));
/** @param {number | null} n */
export const ratio = (n) => (n === null ? '-' : `${n.toFixed(2)}x`);

/**
 * Rows of cells as aligned text: the first `leftColumns` columns left-aligned, the rest right-aligned.
 * @param {string[]} header @param {string[][]} body @param {number} leftColumns
 * @returns {string[]}
 */
export function alignedLines(header, body, leftColumns) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  /** @param {string[]} cells */
  const line = (cells) => cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

/**
 * The results as an aligned text table.
 * @param {RatedMeasurement[]} rows
 */
export function formatTable(rows) {
  const header = ['query', 'server', 'req/s', 'vs raw', 'p50 ms', 'p99 ms', 'SQL/req', 'DB Q/req', 'CPU ms/req', 'CPU vs raw', 'RSS MiB'];
  const body = rows.map((m) => [
    queryLabel(m.query, m.scale),
    m.server,
    `${fmt(m.reqPerSec, 0)}${m.requests < FEW_REQUESTS ? '*' : ''}`,
    ratio(m.reqPerSecVsRaw),
    fmt(m.p50Ms, 1),
    fmt(m.p99Ms, 1),
    fmt(m.sqlPerRequest, 1),
    fmt(m.dbQuestionsPerRequest, 1),
    fmt(m.cpuMsPerRequest, 3),
    ratio(m.cpuVsRaw),
    fmt(m.rssMaxMiB, 0),
  ]);
  const lines = alignedLines(header, body, 2);
  if (rows.some((m) => m.requests < FEW_REQUESTS)) {
    lines.push(`* fewer than ${FEW_REQUESTS} requests completed in the window: latency and CPU per request are rough; raise --duration`);
  }
  return lines.join('\n');
}

/**
 * What the figures were measured on.
 * @param {string} mariadbVersion
 */
export function machineInfo(mariadbVersion) {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    mariadb: mariadbVersion,
  };
}

/**
 * Writes the results as JSON, creating the directory if needed.
 * @param {string} file @param {unknown} results
 */
export function writeResults(file, results) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
