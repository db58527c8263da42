/**
 * The CLI in-process: `main(argv, io)` over a temporary project directory, with the output
 * captured. Exit codes: 0 done, 1 model errors, 2 usage / configuration / I/O.
 */
import { mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS, main } from '../../src/cli/main.js';
import { generateFiles } from '../../src/codegen/index.js';
import { compileModel } from '../../src/model/index.js';
import { parse as parseYaml } from 'yaml';
import { parseConfig, validateConfig } from '../../src/config/persist-config.js';
import { modelText } from '../support/models.js';

let dir: string;
let out: string[];
let err: string[];

async function run(...argv: string[]): Promise<number> {
  out = [];
  err = [];
  return main(argv, { cwd: dir, stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
}

/** One line on stderr, no stack trace. */
function expectOneLineError(): void {
  expect(err).toHaveLength(1);
  expect(err[0]).not.toContain('\n');
  expect(err[0]).not.toMatch(/\n\s+at /);
}

const rainier = modelText('rainier');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'persist-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('persist (no command, help, unknown)', () => {
  it('--help lists the commands and exits 0', async () => {
    expect(await run('--help')).toBe(0);
    expect(out.join('\n')).toMatch(/Usage: persist <command>/);
    expect(out.join('\n')).toMatch(/\binit\b/);
    expect(out.join('\n')).toMatch(/\bgenerate\b/);
  });

  it('--version prints the version of package.json and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run('--version')).toBe(0);
    expect(out).toEqual([`persist ${pkg.version}`]);
    expect(await run('-v')).toBe(0);
    expect(out).toEqual([`persist ${pkg.version}`]);
  });

  it('<command> --help prints the usage of every command and exits 0, changing nothing', async () => {
    for (const name of Object.keys(COMMANDS)) {
      expect(await run(name, '--help'), name).toBe(0);
      expect(out.join('\n')).toMatch(new RegExp(`^Usage: persist ${name} \\[flags\\]\n\n\\w`));
      expect(err).toEqual([]);
    }
    expect(await run('serve', '-h')).toBe(0);
    expect(out.join('\n')).toMatch(/--port \(or PORT, default 4000\)/);
    // init --help wrote nothing.
    expect(existsSync(join(dir, 'codegen.yml'))).toBe(false);
  });

  it('no command prints the usage on stderr and exits 2', async () => {
    expect(await run()).toBe(2);
    expect(err.join('\n')).toMatch(/Usage: persist/);
  });

  it('an unknown command is one line, exit 2', async () => {
    expect(await run('frobnicate')).toBe(2);
    expectOneLineError();
    expect(err[0]).toContain("unknown command 'frobnicate'");
  });

  it('an unknown top-level flag is one line, exit 2', async () => {
    expect(await run('--verbose')).toBe(2);
    expectOneLineError();
    expect(err[0]).toContain("unknown flag '--verbose'");
  });
});

describe('persist init', () => {
  it('writes a starter model and codegen.yml that generate accepts', async () => {
    expect(await run('init', '--datastore', 'mysql', '--module', 'shop')).toBe(0);
    const config = readFileSync(join(dir, 'codegen.yml'), 'utf8');
    expect(config).toContain('datastore: mysql');
    expect(config).toContain('module: shop');
    const model = readFileSync(join(dir, 'model', 'model.bal'), 'utf8');
    expect(compileModel(model).diagnostics).toEqual([]);
    expect(await run('generate')).toBe(0);
  });

  it('writes the auth and permissions blocks commented out, and readable once uncommented', async () => {
    expect(await run('init')).toBe(0);
    const config = readFileSync(join(dir, 'codegen.yml'), 'utf8');
    // As written: no auth, so a development server.
    expect(parseConfig(config, 'codegen.yml').auth).toBeUndefined();
    const lines = config.split('\n');
    const start = lines.indexOf('  # auth:');
    expect(start).toBeGreaterThan(0);
    const uncommented = lines.map((l, i) => (i >= start ? l.replace(/^ {2}# (?=auth:|permissions:| {2})/, '  ') : l)).join('\n');
    const raw = parseYaml(uncommented) as { persist: Record<string, unknown> };
    expect(Object.keys(raw.persist['permissions'] as object)).toEqual(['Post', 'Author']);
    delete raw.persist['permissions'];
    const env = { PERSIST_JWT_SECRET: 'x'.repeat(32), PERSIST_ADMIN_SECRET: 'admin' };
    expect(validateConfig(raw, 'codegen.yml', env).auth).toEqual({
      jwt: { secret: 'x'.repeat(32), issuer: 'https://id.example.com/', audience: 'my-app', clockToleranceSeconds: 30 },
      anonymousRole: 'anonymous',
      adminSecret: 'admin',
    });
  });

  it('defaults to inmemory and store', async () => {
    expect(await run('init')).toBe(0);
    const config = readFileSync(join(dir, 'codegen.yml'), 'utf8');
    expect(config).toContain('datastore: inmemory');
    expect(config).toContain('module: store');
  });

  it('refuses to overwrite codegen.yml or the model, and writes nothing', async () => {
    writeFileSync(join(dir, 'codegen.yml'), 'model: mine.bal\n');
    expect(await run('init')).toBe(2);
    expectOneLineError();
    expect(err[0]).toContain('codegen.yml already exists');
    expect(readFileSync(join(dir, 'codegen.yml'), 'utf8')).toBe('model: mine.bal\n');
    expect(existsSync(join(dir, 'model', 'model.bal'))).toBe(false);

    rmSync(join(dir, 'codegen.yml'));
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'model', 'model.bal'), '// mine\n');
    expect(await run('init')).toBe(2);
    expect(err[0]).toContain('model/model.bal already exists');
    expect(readFileSync(join(dir, 'model', 'model.bal'), 'utf8')).toBe('// mine\n');
    expect(existsSync(join(dir, 'codegen.yml'))).toBe(false);
  });

  it('rejects a bad datastore, module name or flag with one line, exit 2', async () => {
    expect(await run('init', '--datastore', 'oracle')).toBe(2);
    expectOneLineError();
    expect(await run('init', '--module', '../evil')).toBe(2);
    expectOneLineError();
    expect(await run('init', '--force')).toBe(2);
    expectOneLineError();
    expect(err[0]).toContain("'--force'");
    expect(existsSync(join(dir, 'codegen.yml'))).toBe(false);
  });
});

describe('persist generate', () => {
  function project(model: string, config = 'model: model/model.bal\ndatastore: inmemory\nmodule: store\n'): void {
    mkdirSync(join(dir, 'model'), { recursive: true });
    writeFileSync(join(dir, 'model', 'model.bal'), model);
    writeFileSync(join(dir, 'codegen.yml'), config);
  }

  it('exits 0 on the example model and writes the generated files', async () => {
    project(rainier);
    expect(await run('generate')).toBe(0);
    expect(out.at(-1)).toContain('model/model.bal is valid (5 entities, 1 enum, 3 relations)');
    const files = generateFiles(compileModel(rainier).model!, { module: 'store' });
    for (const file of files) expect(readFileSync(join(dir, 'src', 'generated', 'store', file.path), 'utf8')).toBe(file.contents);
    expect(err).toEqual([]);
  });

  it('exits 1 on a broken model and prints every error with a caret', async () => {
    project(rainier.replace('string firstName;', 'strng firstName;').replace('readonly string deptNo;', 'string deptNo;'));
    expect(await run('generate')).toBe(1);
    const text = err.join('\n');
    expect(text).toContain("model/model.bal:7:5: error PERSIST_310: unknown type 'strng'; did you mean 'string'?");
    expect(text).toContain("error PERSIST_501: 'Department' entity must have at least one identity readonly field");
    expect(text).toMatch(/\n {4}strng firstName;\n {4}\^{5}/);
    expect(err.at(-1)).toBe('2 errors in model/model.bal.');
    expect(existsSync(join(dir, 'src', 'generated'))).toBe(false);
  });

  it('warns about an entity left out for an //Unsupported[…] field, and generates the rest', async () => {
    project(rainier.replace('string lastName;', "string lastName;\n    //Unsupported[SET('A')] badges;"));
    expect(await run('generate')).toBe(0);
    expect(err).toEqual([
      "warning: the entity 'Employee' in model/model.bal contains unsupported data types (an //Unsupported[…] field); it is left out of the API, the client and script.sql.\n",
    ]);
    const sql = readFileSync(join(dir, 'src', 'generated', 'store', 'script.sql'), 'utf8');
    expect(sql).not.toContain('CREATE TABLE `Employee`');
    expect(sql).toContain('CREATE TABLE `Department`');
  });

  it('writes nothing for a model whose every entity is left out for an //Unsupported[…] field, as bal persist', async () => {
    project('import ballerina/persist as _;\n\ntype Survey record {|\n    readonly int id;\n    //Unsupported[json] data;\n|};\n');
    expect(await run('generate')).toBe(0);
    expect(out.at(-1)).toBe('model/model.bal is valid, but every entity is left out for an //Unsupported[…] field: nothing written.');
    expect(existsSync(join(dir, 'src', 'generated'))).toBe(false);
    expect(await run('push', '--database-url', 'mysql://root@127.0.0.1:1/none')).toBe(2);
    expect(err.at(-1)).toContain('there is nothing to serve or push');
  });

  it("prints bal persist's warnings (PERSIST_601) and still generates", async () => {
    project(
      rainier
        .replace('type Building record', '@sql:Name {value: "Building"}\ntype Building record')
        .replace('import ballerina/persist as _;', 'import ballerina/persist as _;\nimport ballerinax/persist.sql;'),
    );
    expect(await run('generate')).toBe(0);
    expect(err.join('\n')).toContain(
      'model/model.bal:27:6: warning PERSIST_601: redundant use of the `Name` annotation. mapping value is same as model definition.',
    );
    expect(out.at(-1)).toMatch(/^model\/model\.bal is valid \(5 entities/);
  });

  it('generates each model of a models: list as its own module, and nothing when one has errors', async () => {
    const tiny = 'import ballerina/persist as _;\n\ntype Note record {|\n    readonly int id;\n    string text;\n|};\n';
    mkdirSync(join(dir, 'persist', 'notes'), { recursive: true });
    writeFileSync(join(dir, 'persist', 'notes', 'model.bal'), tiny);
    project(rainier, 'persist:\n  models:\n    - model: model/model.bal\n    - model: persist/notes/model.bal\n');
    expect(await run('generate')).toBe(0);
    expect(out.filter((l) => l.includes('is valid'))).toEqual([
      'model/model.bal is valid (5 entities, 1 enum, 3 relations); 6 files written to src/generated/model.',
      'persist/notes/model.bal is valid (1 entity, 0 enums, 0 relations); 6 files written to src/generated/notes.',
    ]);
    expect(readFileSync(join(dir, 'src', 'generated', 'notes', 'script.sql'), 'utf8')).toContain('CREATE TABLE `Note`');
    expect(readFileSync(join(dir, 'src', 'generated', 'model', 'script.sql'), 'utf8')).toContain('CREATE TABLE `Employee`');

    rmSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'persist', 'notes', 'model.bal'), tiny.replace('string text', 'strng text'));
    expect(await run('generate')).toBe(1);
    expect(err.join('\n')).toContain("persist/notes/model.bal:5:5: error PERSIST_310: unknown type 'strng'");
    expect(existsSync(join(dir, 'src', 'generated'))).toBe(false);
  });

  it('a missing model file is exit 2 with one line', async () => {
    writeFileSync(join(dir, 'codegen.yml'), 'model: model/nothing.bal\n');
    expect(await run('generate')).toBe(2);
    expectOneLineError();
    expect(err[0]).toContain('model file model/nothing.bal not found');
  });

  it('a missing, invalid or wrong codegen.yml is exit 2 with one line', async () => {
    expect(await run('generate')).toBe(2);
    expectOneLineError();
    expect(err[0]).toContain('codegen.yml not found');

    writeFileSync(join(dir, 'codegen.yml'), 'model: [unclosed\n');
    expect(await run('generate')).toBe(2);
    expectOneLineError();
    expect(err[0]).toContain('not valid YAML');

    project(rainier, 'model: model/model.bal\ndatastore: oracle\n');
    expect(await run('generate')).toBe(2);
    expectOneLineError();
    expect(err[0]).toContain("datastore 'oracle' is not supported");

    project(rainier, 'model: model/model.bal\nmodul: x\n');
    expect(await run('generate')).toBe(2);
    expect(err[0]).toContain("unknown key 'modul'");
  });

  it('checks the permissions against the model: a wrong one is exit 2 with one line, nothing written', async () => {
    project(rainier, 'persist:\n  permissions:\n    Employe:\n      manager: { select: {} }\n');
    expect(await run('generate')).toBe(2);
    expectOneLineError();
    expect(err[0]).toBe(
      "codegen.yml: persist.permissions.Employe: unknown entity 'Employe' (entities: Employee, Workspace, Building, Department, OrderItem); did you mean 'Employee'?",
    );
    expect(existsSync(join(dir, 'src', 'generated'))).toBe(false);
    project(rainier, 'persist:\n  permissions:\n    Employee:\n      manager: { select: {} }\n');
    expect(await run('generate')).toBe(0);
  });

  it('uses the defaults for keys codegen.yml leaves out', async () => {
    project(rainier, 'model: model/model.bal\n');
    expect(await run('generate')).toBe(0);
    expect(out.at(-1)).toContain(join('src', 'generated', 'store'));
  });

  it('rejects flags it does not know', async () => {
    project(rainier);
    expect(await run('generate', '--watch')).toBe(2);
    expectOneLineError();
  });
});
