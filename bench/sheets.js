// @ts-check
/**
 * The googlesheets datastore in the in-process mode: the Sheets API emulator
 * (test/support/sheets-emulator, run by vite-node as a process of its own), a spreadsheet pushed
 * and loaded with the benchmark data through the datastore, the API calls one request costs (the
 * emulator records them), and an emulated round trip for the req/s measurement.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadIntoDatastore } from './project.js';

const VITE_NODE = fileURLToPath(new URL('../node_modules/.bin/vite-node', import.meta.url));
const EMULATOR = fileURLToPath(new URL('../test/support/sheets-emulator/main.ts', import.meta.url));

/**
 * @typedef {object} SheetsBench
 * @property {(project: import('./project.js').Project, data: import('./data.js').BenchData) => Promise<import('./project.js').Datastore>} open a pushed spreadsheet holding `data`, as a datastore
 * @property {(run: () => Promise<void>) => Promise<string>} callsOf the API calls `run` makes, as "1 batchGet + 1 batchUpdate"
 * @property {(ms: number) => Promise<void>} setLatency the emulated round trip of each API call
 * @property {() => void} stop
 */

/** @returns {Promise<SheetsBench>} */
export async function startSheetsEmulator() {
  const child = spawn(VITE_NODE, [EMULATOR], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) });
  const first = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the Sheets API emulator exited with code ${code}`)));
  });
  /** @type {{ endpoint: string; tokenEndpoint: string; keyFile: string }} */
  const started = JSON.parse(String(first));
  /** @param {string} path @param {unknown} [body] */
  const control = async (path, body = {}) =>
    (await fetch(`${started.endpoint}/emulator/${path}`, { method: 'POST', body: JSON.stringify(body) })).json();
  return {
    async open(project, data) {
      const { spreadsheetId } = await control('spreadsheets');
      const settings = {
        spreadsheetId,
        credentials: started.keyFile,
        endpoint: started.endpoint,
        tokenEndpoint: started.tokenEndpoint,
      };
      await project.pushSchema('googlesheets', settings);
      const datastore = await project.createDatastore('googlesheets', '', settings);
      await loadIntoDatastore(datastore, data);
      return datastore;
    },
    async callsOf(run) {
      await control('reset');
      await run();
      /** @type {{ requests: { kind: string }[] }} */
      const { requests } = await control('requests');
      const n = (/** @type {string} */ kind) => requests.filter((r) => r.kind === kind).length;
      return `${n('batchGet')} batchGet + ${n('batchUpdate') + n('valuesBatchUpdate')} batchUpdate`;
    },
    async setLatency(latencyMs) {
      await control('latency', { latencyMs });
    },
    stop() {
      child.kill();
    },
  };
}
