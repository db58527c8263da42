/**
 * The Sheets API emulator as a process of its own (the benchmark starts it):
 * `vite-node test/support/sheets-emulator/main.ts`. It prints one JSON line, `{endpoint,
 * tokenEndpoint, keyFile}` (a service-account key file it accepts), and serves until killed. The
 * controls are HTTP endpoints (see sheets-emulator.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SheetsEmulator } from './sheets-emulator.js';

const emulator = await new SheetsEmulator().start();
const keyFile = join(mkdtempSync(join(tmpdir(), 'persist-sheets-emulator-')), 'service-account.json');
writeFileSync(keyFile, JSON.stringify(emulator.serviceAccountKey()));
console.log(JSON.stringify({ endpoint: emulator.endpoint, tokenEndpoint: emulator.tokenEndpoint, keyFile }));
