/**
 * The command line over Google Sheets (the emulator): `persist init --datastore googlesheets`,
 * `persist generate` (no script.sql), `persist push` (creates the sheets and headers, never
 * changes data, says what differs) and `persist serve` answering as it does over in-memory.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { run as serve } from '../../src/cli/commands/serve.js';
import type { CommandIO } from '../../src/cli/io.js';
import { parseConfig } from '../../src/config/persist-config.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { parseSampleData } from '../../src/server/sample-data.js';
import { loadModel, modelPath } from '../support/models.js';
import { useSheetsEmulator } from './sheets-test-env.js';

const env = useSheetsEmulator();
const rainier = loadModel('rainier');
const SAMPLE = new URL('../../model/sample-data.json', import.meta.url);
const dirs: string[] = [];

afterEach(() => {
  vi.unstubAllEnvs();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function capture(cwd: string): CommandIO & { out: string[]; err: string[]; next(): Promise<string> } {
  const out: string[] = [];
  const err: string[] = [];
  let wake: ((line: string) => void) | undefined;
  return { cwd, out, err, stdout: (l) => (out.push(l), wake?.(l)), stderr: (l) => err.push(l), next: () => new Promise((d) => (wake = d)) };
}

/** A project with the example model and a codegen.yml over the spreadsheet `id` of the emulator. */
function project(id: string, datastore = 'googlesheets'): string {
  const dir = mkdtempSync(join(tmpdir(), 'persist-sheets-cli-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'model'));
  copyFileSync(modelPath('rainier'), join(dir, 'model', 'model.bal'));
  copyFileSync(env.keyFile, join(dir, 'key.json'));
  writeFileSync(
    join(dir, 'codegen.yml'),
    `persist:\n  model: model/model.bal\n  datastore: ${datastore}\n  googlesheets:\n    spreadsheetId: \${SHEET_ID}\n    credentials: key.json\n    endpoint: ${env.emulator.endpoint}\n    tokenEndpoint: ${env.emulator.tokenEndpoint}\n`,
  );
  vi.stubEnv('SHEET_ID', id);
  return dir;
}

async function cli(dir: string, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const io = capture(dir);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('persist init and generate for googlesheets', () => {
  it('writes a googlesheets block that generate reads; generate writes no script.sql', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'persist-sheets-init-'));
    dirs.push(dir);
    const init = await cli(dir, 'init', '--datastore', 'googlesheets');
    expect(init.code).toBe(0);
    expect(init.out.at(-1)).toBe(
      "then: set GOOGLE_SHEETS_SPREADSHEET_ID, save the service account's key as service-account.json, then run 'persist push' to create the sheets.",
    );
    const text = readFileSync(join(dir, 'codegen.yml'), 'utf8');
    const config = parseConfig(text, 'codegen.yml', { GOOGLE_SHEETS_SPREADSHEET_ID: 'abc' });
    expect({ datastore: config.datastore, settings: config.datastoreSettings }).toEqual({
      datastore: 'googlesheets',
      settings: { spreadsheetId: 'abc', credentials: 'service-account.json' },
    });
    vi.stubEnv('GOOGLE_SHEETS_SPREADSHEET_ID', 'abc');
    const generated = await cli(dir, 'generate');
    expect(generated.code).toBe(0);
    expect(existsSync(join(dir, 'src', 'generated', 'store', 'schema.graphql'))).toBe(true);
    expect(existsSync(join(dir, 'src', 'generated', 'store', 'script.sql'))).toBe(false);
  });
});

describe('persist push for googlesheets', () => {
  it('creates the sheets and header rows, then finds them up to date', async () => {
    const id = env.emulator.createSpreadsheet();
    const dir = project(id);
    const first = await cli(dir, 'push');
    expect(first).toEqual({
      code: 0,
      out: [`Created 6 sheet(s) in the spreadsheet '${id}': Employee, Workspace, Building, Department, OrderItem, _persist.`],
      err: [],
    });
    expect(env.emulator.sheetValues(id, 'Employee')).toEqual([
      ['empNo', 'firstName', 'lastName', 'birthDate', 'gender', 'hireDate', 'departmentDeptNo', 'workspaceWorkspaceId'],
    ]);
    expect(env.emulator.sheetValues(id, 'Sheet1')).toEqual([]);
    const again = await cli(dir, 'push');
    expect(again.out).toEqual([`The spreadsheet '${id}' is already up to date with model/model.bal (5 sheet(s)); nothing to do.`]);
  });

  it('a sheet whose header differs is reported and nothing is changed; a missing one is not created then', async () => {
    const id = await env.pushed(rainier);
    env.emulator.setCell(id, 'Department', 0, 1, 'title');
    env.emulator.setCell(id, 'Department', 1, 0, 'D1');
    const before = env.emulator.sheetValues(id, 'Department');
    const res = await cli(project(id), 'push');
    expect(res.code).toBe(1);
    expect(res.err).toEqual([
      `persist push: the spreadsheet '${id}' already has sheets that differ from model/model.bal; nothing was changed:`,
      "  - sheet 'Department': cell B1 holds 'title'; expected 'deptName'",
      'Push into a new, empty spreadsheet, or migrate this one by hand: persist push never drops or alters existing data.',
    ]);
    expect(env.emulator.sheetValues(id, 'Department')).toEqual(before);
  });

  it('bad settings are one clear line, exit 2', async () => {
    const dir = project('x');
    writeFileSync(
      join(dir, 'codegen.yml'),
      'persist:\n  datastore: googlesheets\n  googlesheets:\n    spreadsheetId: x\n    credentials: missing.json\n',
    );
    const res = await cli(dir, 'push');
    expect(res.code).toBe(2);
    expect(res.err).toHaveLength(1);
    expect(res.err[0]).toMatch(/^persist push: persist\.googlesheets: cannot read the service-account key file 'missing\.json': ENOENT/);
  });
});

describe('persist serve over googlesheets', () => {
  const QUERY =
    '{ departments { deptName employees(orderBy: [{empNo: DESC}]) { empNo gender workspace { location { city } } } } buildings(where: {city: {eq: "Seattle"}}) { buildingCode } orderItems { orderId quantity } }';
  const BAD = 'mutation { createDepartments(data: [{deptNo: "D-404", deptName: "x"}, {deptNo: "D-404", deptName: "y"}]) { deptNo } }';

  async function answers(dir: string, args: string[]): Promise<unknown[]> {
    const io = capture(dir);
    const started = io.next();
    const exit = serve(['--port', '0', ...args], io);
    const url = /(http:\S+)/.exec(await started)![1]!;
    const post = async (query: string): Promise<unknown> =>
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json();
    const out = [await post(QUERY), await post(BAD), await post(QUERY)];
    process.emit('SIGINT');
    expect(await exit).toBe(0);
    return out;
  }

  it('answers the example model as in-memory does, errors included', async () => {
    const id = await env.pushed(rainier);
    const sample = parseSampleData(rainier, JSON.parse(readFileSync(SAMPLE, 'utf8')), 'sample-data.json');
    const ds = await env.openExisting(rainier, id);
    await seedDatastore(ds, rainier, sample);
    await ds.close();
    const sheets = await answers(project(id), []);
    const memory = project(id, 'inmemory');
    const inMemory = await answers(memory, ['--seed', SAMPLE.pathname]);
    expect(sheets).toEqual(inMemory);
    expect(JSON.stringify(sheets[1])).toContain('ALREADY_EXISTS');
    // Two servers started and stopped, a spreadsheet seeded: seconds on a loaded machine.
  }, 30_000);
});
