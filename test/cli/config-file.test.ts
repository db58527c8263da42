/**
 * One codegen.yml for Persist and GraphQL Code Generator (SPEC §6), and another file named by
 * `--config FILE` or `PERSIST_CONFIG`: what `persist init` writes or adopts, and what the other
 * commands read.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-capture.js';
import { parseConfig } from '../../src/config/persist-config.js';

let dir: string;
let out: string[];
let err: string[];

async function run(...argv: string[]): Promise<number> {
  const captured = await runCli(dir, argv);
  ({ out, err } = captured);
  return captured.code;
}

const read = (file: string): string => readFileSync(join(dir, file), 'utf8');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'persist-config-file-'));
});
afterEach(() => {
  delete process.env['PERSIST_CONFIG'];
  rmSync(dir, { recursive: true, force: true });
});

describe('the starter codegen.yml', () => {
  it("holds GraphQL Code Generator's keys over the generated schema, with every custom scalar typed", async () => {
    expect(await run('init', '--module', 'shop')).toBe(0);
    const raw = parseYaml(read('codegen.yml')) as Record<string, unknown>;
    expect(raw['schema']).toBe('src/generated/shop/schema.graphql');
    expect(raw['documents']).toEqual(['src/**/*.{ts,tsx,graphql}', '!src/generated/**', '!src/gql/**']);
    const target = (raw['generates'] as Record<string, { preset: string; config: { scalars: Record<string, string> } }>)['src/gql/']!;
    expect(target.preset).toBe('client');
    expect(target.config.scalars).toEqual({
      Date: 'string',
      TimeOfDay: 'string',
      Utc: 'string',
      Civil: 'string',
      Decimal: 'string',
      Bytes: 'string',
    });
    expect(read('codegen.yml')).toContain('npx graphql-codegen');
    expect(parseConfig(read('codegen.yml'), 'codegen.yml')).toMatchObject({ module: 'shop', datastore: 'inmemory' });
    expect(await run('generate')).toBe(0);
    expect(existsSync(join(dir, 'src/generated/shop/schema.graphql'))).toBe(true);
  });
});

describe('an existing GraphQL Code Generator project adopts Persist', () => {
  const theirs = '# our frontend\nschema: http://localhost:4000/graphql\ngenerates:\n  src/types.ts:\n    plugins: [typescript]\n';

  it('init appends the persist: block and keeps every byte of the file', async () => {
    writeFileSync(join(dir, 'codegen.yml'), theirs);
    expect(await run('init', '--datastore', 'mysql')).toBe(0);
    const text = read('codegen.yml');
    expect(text.startsWith(theirs)).toBe(true);
    expect(parseConfig(text, 'codegen.yml')).toMatchObject({ datastore: 'mysql', module: 'store' });
    expect((parseYaml(text) as Record<string, unknown>)['generates']).toEqual({ 'src/types.ts': { plugins: ['typescript'] } });
    expect(out.join('\n')).toContain('point its schema: at src/generated/store/schema.graphql');
    expect(await run('generate')).toBe(0);
  });

  it('init refuses a codegen.yml that already has Persist settings, and one that is not YAML', async () => {
    writeFileSync(join(dir, 'codegen.yml'), `${theirs}persist:\n  module: x\n`);
    expect(await run('init')).toBe(2);
    expect(err).toEqual(['persist init: codegen.yml already exists; nothing was written (remove it to start over).']);
    writeFileSync(join(dir, 'codegen.yml'), 'schema: [\n');
    expect(await run('init')).toBe(2);
    expect(err[0]).toMatch(/^persist init: codegen\.yml already exists and is not valid YAML/);
    expect(read('codegen.yml')).toBe('schema: [\n');
    expect(existsSync(join(dir, 'model'))).toBe(false);
  });

  it('beside a codegen.ts, init writes nothing and says how to keep the files apart', async () => {
    writeFileSync(join(dir, 'codegen.ts'), 'export default {};\n');
    expect(await run('init')).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('codegen.ts configures GraphQL Code Generator');
    expect(err[0]).toContain('persist init --config persist.yml');
    expect(existsSync(join(dir, 'codegen.yml'))).toBe(false);
    expect(existsSync(join(dir, 'model'))).toBe(false);
    // The way out it names works.
    expect(await run('init', '--config', 'persist.yml')).toBe(0);
    expect(read('persist.yml')).toContain('persist:\n');
    expect(read('persist.yml')).not.toContain('generates:');
    expect(out).toContain('give every persist command --config persist.yml (or set PERSIST_CONFIG=persist.yml).');
    expect(await run('generate', '--config', 'persist.yml')).toBe(0);
    expect(await run('generate')).toBe(2);
    expect(err[0]).toContain('codegen.yml not found');
  });
});

describe('--config FILE and PERSIST_CONFIG', () => {
  beforeEach(() => {
    mkdirSync(join(dir, 'model'));
    mkdirSync(join(dir, 'conf'));
    writeFileSync(
      join(dir, 'model', 'm.bal'),
      'import ballerina/persist as _;\n\ntype A record {|\n    readonly int id;\n    string name;\n|};\n',
    );
    writeFileSync(join(dir, 'conf', 'persist.yml'), 'persist:\n  model: model/m.bal\n  module: other\n');
  });

  it('every command reads the file named by --config (either spelling), paths relative to the project', async () => {
    expect(await run('generate', '--config', 'conf/persist.yml')).toBe(0);
    expect(existsSync(join(dir, 'src/generated/other/schema.graphql'))).toBe(true);
    rmSync(join(dir, 'src'), { recursive: true });
    expect(await run('generate', '--config=conf/persist.yml')).toBe(0);
    expect(existsSync(join(dir, 'src/generated/other/types.ts'))).toBe(true);
  });

  it('PERSIST_CONFIG names the file when --config is not given; --config wins over it', async () => {
    process.env['PERSIST_CONFIG'] = 'conf/persist.yml';
    expect(await run('generate')).toBe(0);
    expect(existsSync(join(dir, 'src/generated/other'))).toBe(true);
    process.env['PERSIST_CONFIG'] = 'conf/missing.yml';
    expect(await run('generate')).toBe(2);
    expect(err).toEqual([`the configuration file conf/missing.yml (named by PERSIST_CONFIG) was not found in ${dir}.`]);
    expect(await run('generate', '--config', 'conf/persist.yml')).toBe(0);
  });

  it('a missing file or a --config without a file is one line, exit 2, nothing written', async () => {
    expect(await run('generate', '--config', 'nope.yml')).toBe(2);
    expect(err).toEqual([`the configuration file nope.yml (named by --config) was not found in ${dir}.`]);
    expect(await run('generate', '--config')).toBe(2);
    expect(err).toEqual(['persist generate: --config needs a file, like --config persist.yml.']);
    expect(await run('generate', '--config=')).toBe(2);
    expect(existsSync(join(dir, 'src'))).toBe(false);
  });

  it('a problem in the named file names that file', async () => {
    writeFileSync(join(dir, 'conf', 'persist.yml'), 'persist:\n  modle: x\n');
    expect(await run('generate', '--config', 'conf/persist.yml')).toBe(2);
    expect(err[0]).toMatch(/^conf\/persist\.yml: unknown key 'modle' in persist/);
  });
});
