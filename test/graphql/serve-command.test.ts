/** `persist serve` in-process: config, model, sample data, HTTP, shutdown, and its error exits. */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { authenticatorFor, DEVELOPMENT_NOTICE, introspectionSetting, run } from '../../src/cli/commands/serve.js';
import { CONFIG_FILE, parseConfig } from '../../src/config/persist-config.js';
import type { CommandIO } from '../../src/cli/io.js';
import { CliError } from '../../src/cli/cli-error.js';
import { modelPath } from '../support/models.js';

const SAMPLE = new URL('../../model/sample-data.json', import.meta.url);

function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'persist-serve-'));
  mkdirSync(join(dir, 'model'));
  writeFileSync(join(dir, 'codegen.yml'), 'model: model/model.bal\ndatastore: inmemory\nmodule: store\n');
  copyFileSync(modelPath('rainier'), join(dir, 'model', 'model.bal'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function capture(cwd: string): CommandIO & { out: string[]; err: string[]; next(): Promise<string> } {
  const out: string[] = [];
  const err: string[] = [];
  let wake: ((line: string) => void) | undefined;
  return {
    cwd,
    out,
    err,
    stdout: (line) => (out.push(line), wake?.(line)),
    stderr: (line) => err.push(line),
    next: () => new Promise((done) => (wake = done)),
  };
}

/** Starts `persist serve args` in `io.cwd`: its URL, and its exit once SIGINT is emitted. */
async function start(io: ReturnType<typeof capture>, args: string[]): Promise<{ url: string; exit: Promise<number> }> {
  const started = io.next();
  const exit = run(['--port', '0', ...args], io);
  return { url: /(http:\S+)/.exec(await started)![1]!, exit };
}

/** The JSON answer of `url` to `query`. */
async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

describe('persist serve', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('serves the model with the sample data beside it, until SIGINT', async () => {
    const dir = project();
    dirs.push(dir);
    copyFileSync(SAMPLE, join(dir, 'model', 'sample-data.json'));
    const io = capture(dir);
    const started = io.next();
    const exit = run(['--port', '0'], io);
    const line = await started;
    expect(line).toMatch(
      /^Persist serves model\/model\.bal \(inmemory, \d+ sample rows from model\/sample-data\.json\) at http:\/\/127\.0\.0\.1:\d+\/graphql$/,
    );
    // No auth settings: the server says it is for development.
    expect(io.out[1]).toBe(DEVELOPMENT_NOTICE);
    const url = /(http:\S+)/.exec(line)![1]!;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ departments { deptName employees { gender workspace { location { city } } } } buildings { buildingCode } orderItems { orderId } }',
      }),
    });
    const { data } = (await res.json()) as {
      data: { departments: { employees: { gender: string }[] }[]; buildings: unknown[]; orderItems: unknown[] };
    };
    const employees = data.departments.flatMap((d) => d.employees);
    expect(data.departments.length).toBeGreaterThanOrEqual(5);
    expect(employees.length).toBeGreaterThanOrEqual(40);
    expect(new Set(employees.map((e) => e.gender))).toEqual(new Set(['MALE', 'FEMALE']));
    for (const d of data.departments) expect(new Set(d.employees.map((e) => e.gender)).size, 'both genders in every department').toBe(2);
    expect(data.buildings.length).toBeGreaterThanOrEqual(5);
    expect(data.orderItems.length).toBeGreaterThanOrEqual(15);
    expect((await fetch(url.replace('/graphql', '/health'))).status).toBe(200);
    process.emit('SIGINT');
    expect(await exit).toBe(0);
  });

  it('serves an empty store when there is no sample data, and loads --seed FILE', async () => {
    const dir = project({ 'rows.json': JSON.stringify({ Department: [{ deptNo: 'D9', deptName: 'Nine' }] }) });
    dirs.push(dir);
    const { url, exit } = await start(capture(dir), ['--seed', 'rows.json']);
    expect(await post(url, '{ departments { deptNo } employees { empNo } }')).toEqual({
      data: { departments: [{ deptNo: 'D9' }], employees: [] },
    });
    process.emit('SIGINT');
    expect(await exit).toBe(0);
  });

  describe('a models: list', () => {
    const NOTES = 'import ballerina/persist as _;\n\ntype Note record {|\n    readonly int id;\n    string text;\n|};\n';
    const MODELS = 'persist:\n  datastore: inmemory\n  models:\n    - model: model/model.bal\n    - model: persist/notes/model.bal\n';

    function twoModels(notes: string): string {
      const dir = project({ 'codegen.yml': MODELS });
      dirs.push(dir);
      mkdirSync(join(dir, 'persist', 'notes'), { recursive: true });
      writeFileSync(join(dir, 'persist', 'notes', 'model.bal'), notes);
      return dir;
    }

    it('serves every model as one API, with the sample data beside each', async () => {
      const dir = twoModels(NOTES);
      copyFileSync(SAMPLE, join(dir, 'model', 'sample-data.json'));
      writeFileSync(join(dir, 'persist', 'notes', 'sample-data.json'), JSON.stringify({ Note: [{ id: 1, text: 'one' }] }));
      const io = capture(dir);
      const { url, exit } = await start(io, []);
      expect(io.out[0]).toMatch(
        /^Persist serves model\/model\.bal, persist\/notes\/model\.bal \(inmemory, \d+ sample rows from model\/sample-data\.json, persist\/notes\/sample-data\.json\) at /,
      );
      expect(await post(url, '{ notes { id text } departments(limit: 1) { deptNo } }')).toEqual({
        data: { notes: [{ id: 1, text: 'one' }], departments: [{ deptNo: expect.any(String) as unknown }] },
      });
      process.emit('SIGINT');
      expect(await exit).toBe(0);
    });

    it('serves one model of the list with --model NAME, and refuses a name that is none of them', async () => {
      const dir = twoModels(NOTES);
      const io = capture(dir);
      const { url, exit } = await start(io, ['--model', 'notes']);
      expect(io.out[0]).toMatch(/^Persist serves persist\/notes\/model\.bal \(inmemory\) at /);
      const answer = (await post(url, '{ departments { deptNo } }')) as { errors: { message: string }[] };
      expect(answer.errors[0]!.message).toBe('Cannot query field "departments" on type "Query".');
      process.emit('SIGINT');
      expect(await exit).toBe(0);
      await expect(run(['--port', '0', '--model', 'note'], capture(dir))).rejects.toThrow(
        new CliError("persist serve: --model 'note' is none of the models of codegen.yml (model, notes)."),
      );
    });

    it('refuses models that name the same entity, naming both, and serves nothing', async () => {
      const dir = twoModels(NOTES.replace('type Note', 'type department'));
      const io = capture(dir);
      await expect(run(['--port', '0'], io)).rejects.toThrow(
        new CliError(
          "persist serve: the models of codegen.yml name the same thing, so they cannot be served as one API: the entity 'department' of " +
            "persist/notes/model.bal and the entity 'Department' of model/model.bal. Rename one of them, or pick one model with --model NAME (model, notes).",
        ),
      );
      expect(io.out).toEqual([]);
    });
  });

  it('exits 1 with diagnostics on a bad model', async () => {
    const dir = project();
    dirs.push(dir);
    writeFileSync(join(dir, 'model', 'model.bal'), 'type Employee record {| string name; |};\n');
    const io = capture(dir);
    expect(await run([], io)).toBe(1);
    expect(io.err.join('\n')).toContain('PERSIST_501');
  });

  it('listens on PORT and HOST from the environment, the flags winning over them', async () => {
    const dir = project();
    dirs.push(dir);
    const saved = { PORT: process.env['PORT'], HOST: process.env['HOST'] };
    try {
      process.env['PORT'] = '0';
      process.env['HOST'] = 'localhost';
      const io = capture(dir);
      const started = io.next();
      const exit = run([], io);
      expect(await started).toMatch(/ at http:\/\/localhost:\d+\/graphql$/);
      process.emit('SIGINT', 'SIGINT');
      expect(await exit).toBe(0);
      // --host wins over HOST, and a bad PORT says where it came from.
      const flagged = capture(dir);
      const flaggedStart = flagged.next();
      const flaggedExit = run(['--host', '127.0.0.1'], flagged);
      expect(await flaggedStart).toMatch(/ at http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      process.emit('SIGINT', 'SIGINT');
      expect(await flaggedExit).toBe(0);
      process.env['PORT'] = 'eighty';
      await expect(run([], capture(dir))).rejects.toThrow(
        /--port \(here the PORT variable\) must be a number from 0 to 65535, got 'eighty'/,
      );
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('refuses a bad port, a missing seed file and bad sample rows with one clear line', async () => {
    const dir = project({ 'bad.json': JSON.stringify({ Employee: [{ empNo: 'E1' }] }) });
    dirs.push(dir);
    await expect(run(['--port', 'abc'], capture(dir))).rejects.toThrow(/--port must be a number/);
    await expect(run(['--port', '0', '--seed', 'nope.json'], capture(dir))).rejects.toThrow(/nope\.json not found/);
    const bad = run(['--port', '0', '--seed', 'bad.json'], capture(dir));
    await expect(bad).rejects.toBeInstanceOf(CliError);
    await expect(bad).rejects.toThrow(/bad\.json was not loaded: .*Employee/);
  });

  it('with auth settings in production: no development notice, and no introspection unless asked for', async () => {
    const dir = project();
    dirs.push(dir);
    writeFileSync(join(dir, 'codegen.yml'), 'persist:\n  model: model/model.bal\n  auth: { adminSecret: s }\n');
    const before = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    try {
      const io = capture(dir);
      const { url, exit } = await start(io, []);
      // As the admin (auth settings without an anonymous role refuse a request without credentials).
      const answer = (await post(url, '{ __schema { queryType { name } } }', { 'x-persist-admin-secret': 's' })) as {
        errors: { extensions: { code: string } }[];
      };
      expect(answer.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(io.out).not.toContain(DEVELOPMENT_NOTICE);
      process.emit('SIGINT');
      expect(await exit).toBe(0);
    } finally {
      process.env['NODE_ENV'] = before;
    }
    const config = (text: string): ReturnType<typeof parseConfig> => parseConfig(text, CONFIG_FILE);
    const withAuth = config('persist:\n  auth: { adminSecret: s }\n');
    expect(introspectionSetting(withAuth, { NODE_ENV: 'production' })).toBe(false);
    expect(introspectionSetting(withAuth, { NODE_ENV: 'development' })).toBeUndefined();
    expect(introspectionSetting(config('persist:\n  auth: { adminSecret: s }\n  introspection: true\n'), { NODE_ENV: 'production' })).toBe(
      true,
    );
    expect(introspectionSetting(config(''), { NODE_ENV: 'production' })).toBeUndefined();
  });

  it('serves each token its role: its schema and its rows; no token the anonymous role, a bad one 401', async () => {
    const dir = project();
    dirs.push(dir);
    copyFileSync(SAMPLE, join(dir, 'model', 'sample-data.json'));
    const secret = 'serve-test-secret-0123456789-abcdefghijklmnop';
    writeFileSync(
      join(dir, 'codegen.yml'),
      [
        'persist:',
        '  model: model/model.bal',
        `  auth: { jwt: { secret: ${secret} }, anonymousRole: anonymous, adminSecret: open-sesame }`,
        '  permissions:',
        '    Employee:',
        '      employee: { select: { columns: [empNo, lastName], where: { empNo: { eq: { claim: sub } } } } }',
        '    Department:',
        '      anonymous: { select: { columns: [deptNo] } }',
        '',
      ].join('\n'),
    );
    const io = capture(dir);
    const { url, exit } = await start(io, []);
    const token = await new SignJWT({ roles: ['employee'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('E0002')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(secret));
    const ask = async (query: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });
      return { status: res.status, json: await res.json() };
    };
    const bearer = { authorization: `Bearer ${token}` };
    expect(await ask('{ employees { empNo lastName } }', bearer)).toMatchObject({
      status: 200,
      json: { data: { employees: [{ empNo: 'E0002' }] } },
    });
    expect(JSON.stringify((await ask('{ employees { birthDate } }', bearer)).json)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(await ask('{ departments { deptNo } }')).toMatchObject({ status: 200 });
    expect(JSON.stringify((await ask('{ employees { empNo } }')).json)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect((await ask('{ departments { deptNo } }', { authorization: `Bearer ${token}x` })).status).toBe(401);
    const admin = (await ask('{ employees { empNo } }', { 'x-persist-admin-secret': 'open-sesame' })).json as {
      data: { employees: unknown[] };
    };
    expect(admin.data.employees).toHaveLength(48);
    process.emit('SIGINT');
    expect(await exit).toBe(0);
  });

  it('refuses permissions that do not fit the model before it opens the datastore', async () => {
    const dir = project();
    dirs.push(dir);
    // A MySQL datastore that is never reached: the permissions are checked first.
    writeFileSync(
      join(dir, 'codegen.yml'),
      'persist:\n  model: model/model.bal\n  datastore: mysql\n  permissions:\n    Employee:\n      manager: { selct: {} }\n',
    );
    const refused = run(['--port', '0'], capture(dir));
    await expect(refused).rejects.toBeInstanceOf(CliError);
    await expect(refused).rejects.toThrow(
      "codegen.yml: persist.permissions.Employee.manager.selct: unknown operation 'selct' (operations: select, insert, update, delete); did you mean 'select'?",
    );
  });

  it('refuses --seed for a datastore that keeps its own data', async () => {
    const dir = project({ 'rows.json': '{}' });
    dirs.push(dir);
    writeFileSync(join(dir, 'codegen.yml'), 'model: model/model.bal\ndatastore: mysql\nmodule: store\n');
    await expect(run(['--port', '0', '--seed', 'rows.json'], capture(dir))).rejects.toThrow(
      "persist serve: --seed loads sample data into the in-memory datastore only; the configured datastore is 'mysql'.",
    );
  });
});

describe('the authenticator persist serve starts with', () => {
  it('is admin for every request without auth settings, and reads a JWKS file from the project', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'persist-auth-'));
    try {
      expect(await authenticatorFor(parseConfig('', CONFIG_FILE), new Set(), dir).authenticate({})).toEqual({ kind: 'admin' });
      writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [] }));
      const withKeys = parseConfig('persist:\n  auth:\n    jwt: { jwks: jwks.json }\n    anonymousRole: guest\n', CONFIG_FILE);
      expect(await authenticatorFor(withKeys, new Set(['guest']), dir).authenticate({})).toEqual({
        kind: 'role',
        role: 'guest',
        claims: {},
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops the start with exit 2 for a key file it cannot use or an anonymous role without permissions', () => {
    const config = parseConfig('persist:\n  auth:\n    jwt: { jwks: keys/missing.json }\n', CONFIG_FILE);
    expect(() => authenticatorFor(config, new Set(), tmpdir())).toThrow(
      new CliError('persist serve: codegen.yml: persist.auth.jwt.jwks: the key file keys/missing.json does not exist.'),
    );
    const anonymous = parseConfig('persist:\n  auth:\n    anonymousRole: guest\n', CONFIG_FILE);
    try {
      authenticatorFor(anonymous, new Set(['user']), tmpdir());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).exitCode).toBe(2);
      expect((e as CliError).message).toMatch(
        /^persist serve: codegen\.yml: persist\.auth\.anonymousRole: Role 'guest' has no permissions: no rule under persist\.permissions names it \(roles there: /,
      );
    }
  });
});
