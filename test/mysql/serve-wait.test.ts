/**
 * `persist serve` over MySQL waits for a database that is not up yet: one line per attempt on
 * stderr, then it serves as soon as the database answers; after START_WAIT it gives up with one
 * clear line and exit code 1. On a private MariaDB started late (private-mariadb.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error.js';
import { run, START_WAIT } from '../../src/cli/commands/serve.js';
import type { CommandIO } from '../../src/cli/io.js';
import { tableDefinitions } from '../../src/codegen/sql/script-sql.js';
import { pushSchema } from '../../src/datastore/mysql/schema-push.js';
import { loadModel, modelPath } from '../support/models.js';
import { PrivateMariadb, unavailableReason } from './private-mariadb.js';

const DB_PORT = Number(process.env.PERSIST_TEST_PRIVATE_PORT ?? 3411) + 1;
const reason = unavailableReason();
const describeWait = reason === undefined || process.env.CI === 'true' ? describe : describe.skip;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'persist-serve-wait-'));
  mkdirSync(join(dir, 'model'));
  writeFileSync(join(dir, 'codegen.yml'), 'model: model/model.bal\ndatastore: mysql\nmodule: store\n');
  copyFileSync(modelPath('rainier'), join(dir, 'model', 'model.bal'));
  return dir;
}

function capture(cwd: string): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, out, err, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
}

describeWait('persist serve waits for the database at start', () => {
  const dirs: string[] = [];
  let db: PrivateMariadb | undefined;
  const saved = { ...START_WAIT };
  const savedUrl = process.env['DATABASE_URL'];
  afterAll(async () => {
    Object.assign(START_WAIT, saved);
    if (savedUrl === undefined) delete process.env['DATABASE_URL'];
    else process.env['DATABASE_URL'] = savedUrl;
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await db?.stop();
  });

  it('gives up after the wait with one clear line and exit code 1', async () => {
    Object.assign(START_WAIT, { totalMs: 1500, everyMs: 400 });
    const dir = project();
    dirs.push(dir);
    const io = capture(dir);
    const t0 = Date.now();
    const error = await run(['--port', '0', '--database-url', `mysql://root@127.0.0.1:${DB_PORT}/persist_wait`], io).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(
      new RegExp(
        `^persist serve: gave up after \\d+ attempts in 2 s: Cannot reach the MySQL database 'persist_wait' at 127\\.0\\.0\\.1:${DB_PORT}: the MySQL server refused the connection`,
      ),
    );
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(io.err.length).toBeGreaterThanOrEqual(2);
    for (const line of io.err)
      expect(line).toMatch(/^persist serve: waiting for the datastore \(attempt \d+\): Cannot reach the MySQL database/);
    expect(io.out).toEqual([]);
  }, 20_000);

  it('serves once a database that was down at start comes up', async () => {
    Object.assign(START_WAIT, { totalMs: 30_000, everyMs: 300 });
    const dir = project();
    dirs.push(dir);
    const io = capture(dir);
    let started!: (line: string) => void;
    const serving = new Promise<string>((resolve) => (started = resolve));
    io.stdout = (line) => (io.out.push(line), started(line));
    const exit = run(['--port', '0', '--database-url', `mysql://root@127.0.0.1:${DB_PORT}/persist_wait`], io);
    await new Promise((r) => setTimeout(r, 800));
    expect(io.out).toEqual([]);
    // The database is prepared on another port (serve would stop at once on missing tables, not
    // wait), then comes up on the one serve keeps trying.
    db = await PrivateMariadb.start(DB_PORT + 1);
    expect((await pushSchema(`${db.url}/persist_wait`, tableDefinitions(loadModel('rainier')))).kind).toBe('created');
    await db.kill();
    expect(io.out).toEqual([]);
    await db.resume(DB_PORT);
    const line = await serving;
    expect(io.err.length).toBeGreaterThanOrEqual(1);
    const url = /(http:\S+)/.exec(line)![1]!;
    expect((await fetch(url.replace('/graphql', '/health'))).status).toBe(200);
    process.emit('SIGINT');
    expect(await exit).toBe(0);
  }, 60_000);
});
